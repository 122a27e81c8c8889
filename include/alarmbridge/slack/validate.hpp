// alarmbridge/slack/validate.hpp - every way a Slack message payload breaks Slack's limits, in one pass.
//
//   for (const auto& v : alarmbridge::slack::validate(payload)) std::cerr << v.describe() << '\n';
//   // /blocks/3/fields/2/text: 2105 characters, limit 2000
//   // /text: missing: without it, notifications show "This content can't be displayed" (warning)
//   // /: a message needs text, blocks or attachments           ({} or an SNS event: errc::no_text)
//
// Characters are counted as Unicode code points (what Slack's limits count; see docs/slack.md).
// The payload is taken as JSON so that anything can be checked: messages built here, by hand, by
// another tool; block and element types this library does not know are reported as warnings and
// otherwise left alone.
#pragma once

#include <alarmbridge/export.hpp>
#include <alarmbridge/result.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace alarmbridge::slack {

enum class severity { error, warning };

struct violation {
    std::string path;     ///< JSON pointer of the offending value, "/blocks/3/fields/2/text"
    std::string message;  ///< "2105 characters, limit 2000"
    severity level{severity::error};
    std::optional<std::size_t> limit;   ///< the limit, when the violation is a count or a length
    std::optional<std::size_t> actual;  ///< the value that broke it
    /// Set only for a refusal of the message as a whole, at "": errc::too_deep for nesting past
    /// alarmbridge::max_json_depth (1000 levels, the root counting as one; then nothing else is
    /// checked), errc::no_text for a message with nothing to show (text, blocks and attachments
    /// all absent, null, "" or [], which Slack refuses with its error no_text).
    std::optional<errc> code;

    /// "PATH: message", with " (warning)" for warnings.
    std::string describe() const {
        std::string out = (path.empty() ? std::string("/") : path) + ": " + message;
        if (level == severity::warning) out += " (warning)";
        return out;
    }
};

/// Unicode code points in UTF-8 text (bytes that do not continue a sequence).
constexpr std::size_t count_characters(std::string_view utf8) noexcept {
    std::size_t n = 0;
    for (char c : utf8) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

/// Slack's limits, in one table (docs/slack.md cites them).
namespace limits {
inline constexpr std::size_t blocks_per_message = 50;
inline constexpr std::size_t attachments_per_message = 100;
inline constexpr std::size_t message_text = 40000;
inline constexpr std::size_t section_text = 3000;
inline constexpr std::size_t section_fields = 10;
inline constexpr std::size_t section_field_text = 2000;
inline constexpr std::size_t header_text = 150;
inline constexpr std::size_t context_elements = 10;
inline constexpr std::size_t actions_elements = 25;
inline constexpr std::size_t id = 255;  // block_id, action_id
inline constexpr std::size_t button_text = 75;
inline constexpr std::size_t url = 3000;
inline constexpr std::size_t button_value = 2000;
inline constexpr std::size_t accessibility_label = 75;
inline constexpr std::size_t image_alt_text = 2000;
inline constexpr std::size_t image_title = 2000;
inline constexpr std::size_t option_text = 75;
inline constexpr std::size_t option_value = 150;
inline constexpr std::size_t option_description = 75;
inline constexpr std::size_t option_group_label = 75;
inline constexpr std::size_t overflow_options_min = 1;
inline constexpr std::size_t overflow_options_max = 5;
inline constexpr std::size_t select_options = 100;
inline constexpr std::size_t placeholder = 150;
inline constexpr std::size_t confirm_title = 100;
inline constexpr std::size_t confirm_text = 300;
inline constexpr std::size_t confirm_button = 30;
inline constexpr std::size_t markdown_total = 12000;
}  // namespace limits

/// Every violation of the payload, errors and warnings, in document order. Never throws. A
/// payload nested deeper than 1000 levels is not checked: the one violation is an error at ""
/// with code errc::too_deep (the depth is measured without recursion). A payload with nothing to
/// show starts with an error at "" with code errc::no_text. validate(const message&)
/// (message.hpp) applies the same rules to a typed message.
ALARMBRIDGE_API std::vector<violation> validate(const nlohmann::json& message);

/// True when any violation is an error (warnings alone leave a message valid).
inline bool has_errors(const std::vector<violation>& violations) {
    for (const auto& v : violations)
        if (v.level == severity::error) return true;
    return false;
}

}  // namespace alarmbridge::slack
