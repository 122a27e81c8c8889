// Internal: the layout - which blocks, fields and buttons a message has - decided once, as a
// slack::message. format::alarm_message returns it; the payloads are that message written by
// slack::write. Templated over the alarm type: any type with cloudwatch::alarm's member names.
#pragma once

#include <alarmbridge/detail/json_writer.hpp>
#include <alarmbridge/format/alarm_message.hpp>
#include <alarmbridge/slack/message.hpp>
#include <alarmbridge/slack/mrkdwn.hpp>

#include "format/links.hpp"
#include "format/locale.hpp"
#include "format/message_slots.hpp"
#include "format/text_pieces.hpp"
#include "format/trigger_summary.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace alarmbridge::detail {

/// The configured emoji for the state.
const std::string& emoji_for(cloudwatch::alarm_state s, const format::options& o);

/// The attachment's bar: "danger", "good" or gray.
std::string_view color_for(cloudwatch::alarm_state s);

/// Mentions for an ALARM, built only from well-formed configured IDs; nothing otherwise.
void append_mentions(std::string& out, cloudwatch::alarm_state s, const format::options& o);

/// A Slack date token with "2026-11-20 03:46 UTC" as its fallback; false (nothing written)
/// without a time in milliseconds, or where Slack's date token cannot show it.
bool append_date(std::string& out, std::optional<std::int64_t> epoch_ms);

/// "Asia Pacific (Seoul) (ap-northeast-2)", escaped: a code or display name as received is AWS's
/// text.
void append_region(std::string& out, const std::optional<std::string_view>& code,
                   const std::optional<std::string_view>& display_name);

/// The child alarm's name in an ARN (after ":alarm:"), or the ARN.
std::string_view child_name(std::string_view arn);

/// "Recent datapoints: 91.2, 88" (the reader's state.recent_datapoints, from reason data's
/// "recentDatapoints"), escaped; nothing when there are none.
void append_recent_datapoints(std::string& out, const std::vector<double>& values, const format::locale& w);

/// The legacy-webhook overrides of options (an icon_url too long for Slack left out).
void set_overrides(slack::message& m, const format::options& o);

/// The message for a plain-text SNS message: its text, escaped, under its subject (or
/// "Notification").
void text_layout(slack::message& m, std::string_view text, std::optional<std::string_view> subject,
                 const format::options& o);

/// The message this thread builds payloads in, reused between calls (see message_slots.hpp).
slack::message& reused_message();

/// A mrkdwn section: {"type": "section", "text": {"type": "mrkdwn", "text": s}}.
void set_mrkdwn_section(slack::section& s, std::string_view text);

/// A header of plain text; emoji: true or absent.
void set_header(slack::header& h, std::string_view text, bool emoji);

/// A link button; primary: style "primary", else no style.
void set_link_button(slack::button& b, std::string_view label, std::string_view action_id, std::string_view url,
                     bool primary);

/// Per-thread buffers the texts are composed in, kept between calls so that a warm formatter
/// allocates nothing for them.
struct layout_buffers {
    std::string name, summary, ping, headline, console, piece, metric, runbook;
    void clear() {
        for (auto* s : {&name, &summary, &ping, &headline, &console, &piece, &metric, &runbook}) s->clear();
    }
};
layout_buffers& reused_buffers();

/// The dimensions of the alarm's metric: the trigger's, or its first metric query's; null when none.
template <class Alarm>
auto dimensions_of(const Alarm& a) -> decltype(&a.trigger->dimensions) {
    if (!a.trigger) return nullptr;
    if (!a.trigger->dimensions.empty()) return &a.trigger->dimensions;
    if (const auto* q = metric_query_with_stat(*a.trigger)) return &q->stat->metric.dimensions;
    return nullptr;
}

/// The one layout of an alarm's message, into m (whatever it held before). Texts are fitted as
/// they are set, so the result needs no slack::fit pass.
template <class Alarm>
void alarm_layout(slack::message& m, const Alarm& a, const format::options& o) {
    namespace md = slack::mrkdwn;
    using format::style;
    using kind = slack::text::kind;
    layout_buffers& b = reused_buffers();
    b.clear();
    const format::locale& words = words_for(o);
    const std::string_view state = state_word(a.state.value, words);
    md::append_escaped(b.name, a.name);
    append_trigger_summary(b.piece, a, words);
    md::append_escaped(b.summary, b.piece);
    append_mentions(b.ping, a.state.value, o);
    set_overrides(m, o);
    refill<slack::block> blocks(m.blocks);
    refill<slack::attachment> attachments(m.attachments);

    if (o.style == style::blueprint) {
        // The blueprint's exact sentence, escaped: "%s state is now %s: %s".
        std::string& text = b.piece;
        text = b.ping;
        if (!text.empty()) text += ' ';
        md::append_escaped(text, a.name);
        text += " state is now ";
        text += cloudwatch::to_string(a.state.value);
        text += ": ";
        if (a.state.reason) md::append_escaped(text, *a.state.reason);
        assign_fitted(cleared(m.text), text, slack::limits::message_text);
        return;
    }

    b.headline += emoji_for(a.state.value, o);
    b.headline += ' ';
    b.headline += state;
    b.headline += ": ";
    b.headline += b.name;
    slack::attachment& bar = attachments.next();
    std::string& text = cleared(bar.fallback);  // the whole text; the message's own is fitted
    {
        joiner parts(text, " ");
        parts.add(b.ping);
        parts.add(b.headline);
        if (!b.summary.empty()) parts.add_with([&](std::string& out) { out += "- ", out += b.summary; });
    }
    assign_fitted(cleared(m.text), text, slack::limits::message_text);
    cleared(bar.color) = color_for(a.state.value);
    append_console_link(b.console, a);

    if (o.style == style::compact) {
        if (!b.ping.empty()) set_mrkdwn_section(blocks.next<slack::section>(), b.ping);
    } else {
        // Escaped in plain_text too: Slack does not parse mentions there, but no control sequence
        // from alarm data appears anywhere in the payload (Slack decodes the three entities).
        set_header(blocks.next<slack::header>(), b.headline, true);
        if (!b.ping.empty()) set_mrkdwn_section(blocks.next<slack::section>(), b.ping);
    }

    refill<slack::block> bar_blocks(bar.blocks);
    std::string& piece = b.piece;
    if (o.style == style::compact) {
        piece.clear();
        piece += '*';
        piece += b.headline;
        piece += '*';
        if (!b.summary.empty()) piece += '\n', piece += b.summary;
        if (a.state.reason) piece += '\n', md::append_escaped(piece, *a.state.reason);
        if (!b.console.empty()) piece += '\n', md::append_link(piece, b.console, words.view_alarm);
        set_mrkdwn_section(bar_blocks.next<slack::section>(), piece);
        return;
    }

    // The overview: summary and description, then the fields.
    {
        slack::section& overview = bar_blocks.next<slack::section>();
        piece = b.summary;
        if (a.description && !a.description->empty()) {
            if (!piece.empty()) piece += '\n';
            piece += '_';
            md::append_escaped(piece, *a.description);
            piece += '_';
        }
        if (piece.empty()) overview.text.reset();
        else set_text(overview.text ? *overview.text : overview.text.emplace(), kind::mrkdwn, piece, slack::limits::section_text);
        refill<slack::text> fields(overview.fields);
        auto field = [&](std::string_view label, auto&& append_value) {
            piece.clear();
            piece += '*';
            piece += label;
            piece += "*\n";
            append_value(piece);
            set_text(fields.next(), kind::mrkdwn, piece, slack::limits::section_field_text);
        };
        field(words.state_change, [&](std::string& out) {
            out += a.previous_state ? state_word(a.previous_state->value, words) : std::string_view("?");
            out += " \xE2\x86\x92 ";  // →
            out += state;
        });
        field(words.alarm_name, [&](std::string& out) { out += b.name; });
        field(words.time, [&](std::string& out) {
            if (append_date(out, a.state.timestamp.epoch_ms)) return;
            if (a.state.timestamp.raw.empty()) out += '-';
            else md::append_escaped(out, a.state.timestamp.raw);
        });
        field(words.account, [&](std::string& out) {
            md::append_escaped(out, a.account_id.empty() ? std::string_view("-") : std::string_view(a.account_id));
        });
        field(words.region, [&](std::string& out) {
            append_region(out, a.region ? std::optional<std::string_view>(*a.region) : std::nullopt,
                          a.region_name ? std::optional<std::string_view>(*a.region_name) : std::nullopt);
        });
        if (const auto* dims = dimensions_of(a); dims && !dims->empty()) {
            field(words.dimensions, [&](std::string& out) {
                joiner lines(out, "\n");
                for (const auto& d : *dims) {
                    lines.add_with([&](std::string& line) {
                        md::append_escaped(line, d.name);
                        line += " = ";
                        md::append_escaped(line, d.value);
                    });
                }
            });
        }
        if (!a.triggering_children.empty()) {
            field(words.triggered_by, [&](std::string& out) {
                joiner lines(out, "\n");
                for (const auto& c : a.triggering_children) {
                    lines.add_with([&](std::string& line) {
                        md::append_escaped(line, child_name(c.arn));
                        if (c.state) {
                            line += " (";
                            line += state_word(*c.state, words);
                            line += ')';
                        }
                    });
                }
            });
        }
    }

    // The reason (and the datapoints, when reason data has them) in a context block.
    piece.clear();
    {
        joiner lines(piece, "\n");
        if (a.state.reason) {
            lines.add_with([&](std::string& out) {
                out += '*';
                out += words.reason;
                out += "*: ";
                md::append_escaped(out, *a.state.reason);
            });
        }
        lines.add_with([&](std::string& out) { append_recent_datapoints(out, a.state.recent_datapoints, words); });
    }
    if (!piece.empty()) {
        refill<slack::context_element> elements(bar_blocks.next<slack::context>().elements);
        set_text(elements.next<slack::text>(), kind::mrkdwn, piece, slack::limits::section_text);
    }

    // Buttons: the alarm, its metric, the configured runbook. Each URL fits Slack's limit
    // (append_console_link, append_metric_link and append_runbook see to theirs).
    append_metric_link(b.metric, a, b.console);
    append_runbook(b.runbook, a, o);
    if (!b.console.empty() || !b.metric.empty() || !b.runbook.empty()) {
        refill<slack::element> buttons(bar_blocks.next<slack::actions>().elements);
        if (!b.console.empty()) set_link_button(buttons.next<slack::button>(), words.view_alarm, "view_alarm", b.console, true);
        if (!b.metric.empty()) set_link_button(buttons.next<slack::button>(), words.view_metric, "view_metric", b.metric, false);
        if (!b.runbook.empty()) set_link_button(buttons.next<slack::button>(), words.runbook, "runbook", b.runbook, false);
    }
}

/// The payload of an alarm's message, appended to out: alarm_layout into this thread's message,
/// written by slack::write.
template <class Alarm>
void append_alarm_bytes(std::string& out, const Alarm& a, const format::options& o) {
    slack::message& m = reused_message();
    alarm_layout(m, a, o);
    json_writer w(out);
    slack::write(w, m);
}

}  // namespace alarmbridge::detail
