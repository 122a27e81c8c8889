// Slack's text as both renderers read it (render_text.cpp, render_html.cpp): lines of styled spans.
//
// mrkdwn: ``` code blocks ```, lines starting with ">" (or "&gt;", as escaped text has it) as
// quotes, *bold*, _italic_ and ~strike~ between word edges on one line, `code`, <url|label>
// links, <!date^...|fallback> dates (the fallback), <@U123|name>, <#C123>, <!here> and
// <!subteam^S123> mentions, the entities &amp; &lt; &gt;, and :shortcode: emoji from a small
// table. plain_text: entities and (when its emoji flag is not false) emoji only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace alarmbridge::slack::render_detail {

enum style : unsigned {
    bold = 1u << 0,
    italic = 1u << 1,
    strike = 1u << 2,
    code = 1u << 3,
    link = 1u << 4,     ///< span.url is the target
    mention = 1u << 5,  ///< @user, #channel, @here, @group
};

/// Text with one style; text is what is shown (decoded, emoji replaced), UTF-8 as it came.
struct span {
    std::string text;
    unsigned styles{0};
    std::string url;  ///< links: the target, entities decoded
};

struct line {
    enum class kind { text, quote, code };
    kind type{kind::text};
    std::vector<span> spans;
};

std::vector<line> parse_mrkdwn(std::string_view text);
std::vector<line> parse_plain(std::string_view text, bool emoji = true);

/// The emoji for a shortcode without its colons ("red_circle" -> U+1F534), or "" when the
/// table has none. The table holds common alarm and status emoji that are one East Asian Wide
/// code point each, so that a terminal gives them the two columns display_width() counts.
std::string_view emoji(std::string_view shortcode);

/// A date token without fallback, as UTC: "2026-11-20 03:46 UTC".
std::string utc_time(std::int64_t epoch_seconds);

}  // namespace alarmbridge::slack::render_detail
