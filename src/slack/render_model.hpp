// What both renderers (render_text.cpp, render_html.cpp) show of the parts of a message that are
// not text: an attachment's bar color, an interactive element as a control, a rich_text tree and
// an unknown block as lines.
#pragma once

#include <alarmbridge/slack/blocks.hpp>

#include "slack/render_mrkdwn.hpp"

#include <optional>
#include <string>
#include <vector>

namespace alarmbridge::slack::render_detail {

struct rgb {
    unsigned char r, g, b;
};

/// Slack's bar colors: "good" #2EB67D, "warning" #ECB22E, "danger" #E01E5A, "#RRGGBB" (or
/// "RRGGBB") as given; anything else, or none, Slack's grey #DDDDDD.
rgb attachment_color(const std::optional<std::string>& color);

/// An element as a control: a button "View alarm" (style primary or danger, its URL), a select
/// or date picker showing its choice or placeholder, an overflow menu, an image by its alt text.
struct control {
    enum class kind { button, menu, image, unknown };
    kind type{kind::unknown};
    std::string label;  ///< shown text (entities decoded, emoji replaced)
    std::string url;    ///< a button's link, an image's source ("" when none)
    std::string style;  ///< "primary", "danger" or ""
};
control element_control(const element& e);
control image_control(const image_element& i);

/// A rich_text block's elements (sections, lists, quotes, preformatted) as lines of spans.
std::vector<line> rich_text_lines(const nlohmann::json& elements);

/// What stands for a block of a type the library does not know: "[unsupported block: TYPE]".
std::string unknown_block_label(const nlohmann::json& block);

/// A text object's lines: mrkdwn parsed, plain_text decoded (emoji unless its flag is false).
std::vector<line> text_lines(const text& t);

}  // namespace alarmbridge::slack::render_detail
