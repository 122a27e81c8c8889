// The layout's pieces that do not depend on the alarm type, and the layout of a plain-text
// SNS message (the alarm's layout is the template in layout.hpp).
#include "format/layout.hpp"

#include <alarmbridge/cloudwatch/region.hpp>

#include <cstring>

namespace alarmbridge::detail {

namespace md = slack::mrkdwn;
using cloudwatch::alarm_state;

const std::string& emoji_for(alarm_state s, const format::options& o) {
    switch (s) {
        case alarm_state::alarm: return o.emoji_alarm;
        case alarm_state::ok: return o.emoji_ok;
        case alarm_state::insufficient_data: return o.emoji_insufficient;
    }
    return o.emoji_alarm;
}

std::string_view color_for(alarm_state s) {
    switch (s) {
        case alarm_state::alarm: return "danger";
        case alarm_state::ok: return "good";
        case alarm_state::insufficient_data: return "#A0A0A0";
    }
    return "#A0A0A0";
}

void append_mentions(std::string& out, alarm_state s, const format::options& o) {
    if (s != alarm_state::alarm) return;
    joiner parts(out, " ");
    for (const auto& id : o.mention_groups)
        if (auto m = md::mention_group(id)) parts.add(*m);
    for (const auto& id : o.mention_users)
        if (auto m = md::mention_user(id)) parts.add(*m);
    if (o.mention_broadcast) parts.add(md::mention(*o.mention_broadcast));
}

bool append_date(std::string& out, std::optional<std::int64_t> epoch_ms) {
    if (!epoch_ms) return false;
    const auto ms = *epoch_ms;
    const auto seconds = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
    char iso[24];  // 2026-11-20T03:46:29.897Z
    cloudwatch::format_iso8601(ms, iso);
    char fallback[20];  // 2026-11-20 03:46 UTC
    std::memcpy(fallback, iso, 10);
    fallback[10] = ' ';
    std::memcpy(fallback + 11, iso + 11, 5);
    std::memcpy(fallback + 16, " UTC", 4);
    return md::append_date(out, seconds, "{date_short_pretty} {time}", std::string_view(fallback, sizeof fallback));
}

void append_region(std::string& out, const std::optional<std::string_view>& code,
                   const std::optional<std::string_view>& display_name) {
    if (code) {
        if (const auto* r = cloudwatch::find_region(*code)) {
            md::append_escaped(out, r->name);
            out += " (";
            md::append_escaped(out, *code);
            out += ')';
        } else {
            md::append_escaped(out, *code);
        }
    } else if (display_name) {
        md::append_escaped(out, *display_name);
    } else {
        out += '-';
    }
}

std::string_view child_name(std::string_view arn) {
    const auto at = arn.find(":alarm:");
    return at == std::string_view::npos ? arn : arn.substr(at + 7);
}

void set_overrides(slack::message& m, const format::options& o) {
    m.channel = o.channel;
    m.username = o.username;
    m.icon_emoji = o.icon_emoji;
    if (o.icon_url && fits_button(*o.icon_url)) m.icon_url = o.icon_url;
    else m.icon_url.reset();
}

void set_mrkdwn_section(slack::section& s, std::string_view text) {
    set_text(s.text ? *s.text : s.text.emplace(), slack::text::kind::mrkdwn, text, slack::limits::section_text);
    s.fields.clear();
}

void set_header(slack::header& h, std::string_view text, bool emoji) {
    set_text(h.text, slack::text::kind::plain_text, text, slack::limits::header_text, emoji);
}

void set_link_button(slack::button& b, std::string_view label, std::string_view action_id, std::string_view url,
                     bool primary) {
    set_text(b.label, slack::text::kind::plain_text, label, slack::limits::button_text);
    cleared(b.action_id) = action_id;
    cleared(b.url) = url;
    if (primary) cleared(b.style) = "primary";
    else b.style.reset();
}

void append_recent_datapoints(std::string& out, const std::vector<double>& values, const format::locale& w) {
    if (values.empty()) return;
    md::append_escaped(out, w.recent_datapoints);
    out += ": ";
    joiner list(out, ", ");
    for (const double v : values) list.add_with([&](std::string& o) { append_number(o, v); });
}

slack::message& reused_message() {
    thread_local slack::message m;
    return m;
}

layout_buffers& reused_buffers() {
    thread_local layout_buffers b;
    return b;
}

void text_layout(slack::message& m, std::string_view text, std::optional<std::string_view> subject,
                 const format::options& o) {
    layout_buffers& b = reused_buffers();
    b.clear();
    const format::locale& words = words_for(o);
    md::append_escaped(b.headline, subject && !subject->empty() ? *subject : words.notification);
    b.piece = b.headline;
    b.piece += ": ";
    md::append_escaped(b.piece, text);
    assign_fitted(cleared(m.text), b.piece, slack::limits::message_text);
    set_overrides(m, o);
    refill<slack::attachment> attachments(m.attachments);
    refill<slack::block> blocks(m.blocks);
    if (o.style == format::style::blueprint) return;
    set_header(blocks.next<slack::header>(), b.headline, false);
    b.piece.clear();
    if (text.empty()) b.piece = "-";
    else md::append_escaped(b.piece, text);
    set_mrkdwn_section(blocks.next<slack::section>(), b.piece);
}

}  // namespace alarmbridge::detail
