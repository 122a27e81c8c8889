// What may reach an SSM document parameter: plain names on an allowlist, and instance ids.
#include "remediate/allowlist.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

namespace alarmbridge::remediate::detail {
namespace {

bool plain(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-' || c == '@' || c == ':';
}

std::string character_name(unsigned char c) {
    switch (c) {
        case '\n': return "a newline";
        case '\r': return "a carriage return";
        case '\t': return "a tab";
        case ' ': return "a space";
        default: break;
    }
    if (c < 0x20 || c == 0x7f) return "a control character";
    return std::string("'") + static_cast<char>(c) + "'";
}

/// Why value is not a plain name of at most max bytes, or nothing.
std::optional<std::string> name_problem(std::string_view value, std::size_t max) {
    if (value.empty()) return std::string("is empty");
    if (value.size() > max) return "is longer than " + std::to_string(max) + " bytes";
    if (value.front() == '-') return std::string("starts with '-' (a command would read it as an option)");
    for (char ch : value) {
        const auto c = static_cast<unsigned char>(ch);
        if (c >= 0x80) return std::string("holds a character outside ASCII (a look-alike of a letter?)");
        if (!plain(ch)) return "holds " + character_name(c) + " (allowed: letters, digits, . _ - @ :)";
    }
    return std::nullopt;
}

/// The systemd unit types other than a service: a name ending in one of these is refused (the
/// document restarts services only; `systemctl restart reboot.target` reboots).
constexpr std::array<std::string_view, 10> other_unit_suffixes{".target", ".socket", ".mount", ".automount", ".swap",
                                                               ".timer",  ".path",   ".slice", ".scope",     ".device"};

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

std::optional<std::string> value_problem(std::string_view value) {
    if (auto problem = name_problem(value, max_value_bytes)) return problem;
    if (value == "." || value == "..") return std::string("is a path step (. or ..), not a name");
    for (std::string_view suffix : other_unit_suffixes)
        if (ends_with(value, suffix))
            return "ends in " + std::string(suffix) + ", a systemd unit that is not a service (only services are restarted)";
    return std::nullopt;
}

std::optional<std::string> group_name_problem(std::string_view value) { return name_problem(value, max_group_name_bytes); }

std::optional<std::string> rollout_problem(const std::string& value, bool zero_allowed) {
    static const pattern with_zero = *pattern::compile("^([1-9][0-9]*|0|[1-9][0-9]%|[0-9]%|100%)$");
    static const pattern without_zero = *pattern::compile("^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$");
    if (value.size() <= 7 && (zero_allowed ? with_zero : without_zero).matches(value)) return std::nullopt;
    return std::string("expected a number (") + (zero_allowed ? "0" : "1") + " to 9999999) or a percentage (" +
           (zero_allowed ? "0%" : "1%") + " to 100%) as a string, SSM's format";
}

std::optional<std::string> refusal(const parameter_source& source, std::string_view value) {
    if (auto problem = value_problem(value)) return "the value " + shown(value) + " of dimension " + source.from_dimension + " " + *problem;
    const bool listed = std::find(source.allowed.begin(), source.allowed.end(), value) != source.allowed.end();
    if (listed || source.allowed_pattern.matches(value)) return std::nullopt;
    return "the value " + shown(value) + " of dimension " + source.from_dimension + " is not on the rule's allowlist";
}

bool is_instance_id(std::string_view value) noexcept {
    if (value.size() < 2 + 8 || value.size() > 2 + 17 || value.substr(0, 2) != "i-") return false;
    return std::all_of(value.begin() + 2, value.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string shown(std::string_view value) {
    constexpr std::size_t limit = 48;
    std::string cut(value.substr(0, std::min(value.size(), limit)));
    while (!cut.empty() && cut.size() < value.size() && (static_cast<unsigned char>(value[cut.size()]) & 0xC0) == 0x80)
        cut.pop_back();  // not inside a UTF-8 sequence
    std::string out = nlohmann::json(cut).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
    if (cut.size() < value.size()) out.insert(out.size() - 1, "...");
    return out;
}

}  // namespace alarmbridge::remediate::detail
