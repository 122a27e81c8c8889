// alarmbridge/slack/render.hpp - see a message before Slack does: for a terminal, or as a web page.
//
//   auto m = alarmbridge::format::alarm_message(alarm);
//   std::cout << slack::render_text(m, 80, slack::text_color::ansi);   // isatty(1)? the caller decides
//   std::ofstream("alarm.html") << slack::render_html(m);              // one page, nothing fetched
//
// Both read the typed model as Slack's desktop client lays it out: top-level blocks, then each
// attachment beside its color bar; headers bold; mrkdwn rendered (*bold*, _italic_, ~strike~,
// `code`, ``` blocks, > quotes, <url|label> links, <!date^...|fallback> as the fallback,
// mentions as "@U123", "@here", "#C123", the entities &amp; &lt; &gt; decoded, common emoji
// shortcodes as emoji); section fields in two columns; context grey; buttons "[ View alarm ]".
// Nothing from the message is live in the output: render_text writes no control character of the
// message (C0, C1, DEL, bidi overrides and invalid UTF-8 become U+FFFD, so no escape sequence of
// an alarm reaches the terminal), and render_html escapes every text and attribute, links only
// http(s) URLs, loads nothing (no image, font or script: images are shown by their alt text) and
// forbids the rest by its Content-Security-Policy. docs/preview.md shows the results. (Compiled.)
#pragma once

#include <alarmbridge/export.hpp>
#include <alarmbridge/slack/message.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace alarmbridge::slack {

/// plain: no escape sequence at all (a pipe, a file); ansi: SGR colors and bold/italic/underline
/// (24-bit color for the attachment bar). Whether standard output is a terminal is the caller's
/// question (the `preview` command asks isatty), not the library's.
enum class text_color { plain, ansi };

/// The narrowest layout render_text makes; a smaller width is taken as this.
inline constexpr std::size_t min_render_width = 20;

/// The message for a terminal of `width` columns (at least min_render_width): no line is wider,
/// counted by display_width() (escape sequences take no column). Every line ends in '\n'.
ALARMBRIDGE_API std::string render_text(const message& m, std::size_t width, text_color color = text_color::plain);

/// One self-contained HTML page (UTF-8, inline CSS) showing the messages one after another as
/// in a Slack channel.
ALARMBRIDGE_API std::string render_html(const std::vector<message>& messages);
inline std::string render_html(const message& m) { return render_html(std::vector<message>{m}); }

/// Columns a terminal gives UTF-8 text: 2 for East Asian Wide and Fullwidth characters (Unicode
/// 15.0's EastAsianWidth.txt, W and F: Hangul, CJK, kana, fullwidth forms, emoji), 0 for
/// combining marks, joiners and variation selectors, 1 for the rest (ambiguous-width characters
/// too, as terminals outside CJK legacy modes show them; invalid UTF-8 counts 1 a byte).
/// The same answer in every locale and thread: no setlocale, no wcwidth.
ALARMBRIDGE_API std::size_t display_width(std::string_view utf8);

/// The columns of one code point, as display_width() counts them (controls count 1: the
/// renderers show them as U+FFFD).
ALARMBRIDGE_API int code_point_width(char32_t c);

}  // namespace alarmbridge::slack
