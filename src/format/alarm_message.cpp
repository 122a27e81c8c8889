#include <alarmbridge/cloudwatch/region.hpp>
#include <alarmbridge/format/alarm_message.hpp>

#include <alarmbridge/detail/json_writer.hpp>

#include "event_reader.hpp"
#include "format/runbook_url.hpp"

#include <array>
#include <charconv>
#include <cstring>

namespace alarmbridge::format {

namespace md = slack::mrkdwn;
using text_message_body = alarmbridge::text_message;
using cloudwatch::alarm;
using cloudwatch::alarm_state;

namespace {

// clang-format off
constexpr locale english{
    "en",
    "State change", "Alarm name", "Time", "Account", "Region", "Dimensions", "Reason",
    "View alarm", "View metric", "Runbook",
    "Rule", "Triggered by",
    "ALARM", "OK", "INSUFFICIENT_DATA",
    "for {m} of {n} datapoints of {period}",
    "outside the band", "above the band", "below the band",
    "s", "min", "h", "d",
    "Recent datapoints",
    "Notification",
};
constexpr locale korean{
    "ko",
    "상태 변경 전/후", "경보 이름", "경보 시간", "계정", "리전", "측정기준", "원인",
    "경보 보기", "지표 보기", "런북",
    "규칙", "트리거한 경보",
    "경보", "정상", "데이터 부족",
    "({period} 간격 데이터 포인트 {n}개 중 {m}개)",
    "예상 범위 밖", "예상 범위 위", "예상 범위 아래",
    "초", "분", "시간", "일",
    "최근 데이터 포인트",
    "알림",
};
// clang-format on
constexpr std::array<const locale*, 2> locales{&english, &korean};

template <class Alarm>
void append_trigger_summary(std::string& out, const Alarm& a, const locale& w);

// ---- text pieces, appended to a buffer (no temporaries on the hot path) ------------------------

void append_int(std::string& out, std::int64_t v) {
    char buf[24];
    const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
    out.append(buf, static_cast<std::size_t>(end - buf));
}

/// Up to ten significant digits, as printf's "%.10g" writes them: 75, 0.5, 1e+20.
void append_number(std::string& out, double v) {
    char buf[32];
    const auto end = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 10).ptr;
    out.append(buf, static_cast<std::size_t>(end - buf));
}

/// Pieces joined by a separator, skipping empty ones, appended to a buffer that may already
/// hold text before the first piece.
class joiner {
public:
    joiner(std::string& out, std::string_view sep) : out_(out), start_(out.size()), sep_(sep) {}
    void add(std::string_view piece) {
        if (piece.empty()) return;
        if (out_.size() > start_) out_ += sep_;
        out_ += piece;
    }
    /// A piece written by append(out); nothing (not even the separator) when it writes nothing.
    template <class F>
    void add_with(F&& append) {
        const auto mark = out_.size();
        if (mark > start_) out_ += sep_;
        const auto before = out_.size();
        append(out_);
        if (out_.size() == before) out_.resize(mark);
    }

private:
    std::string& out_;
    std::size_t start_;
    std::string_view sep_;
};

void append_period(std::string& out, std::int64_t seconds, const locale& w) {
    std::int64_t n = seconds;
    std::string_view unit = w.seconds;
    if (seconds > 0 && seconds % 86400 == 0) n = seconds / 86400, unit = w.days;
    else if (seconds > 0 && seconds % 3600 == 0) n = seconds / 3600, unit = w.hours;
    else if (seconds > 0 && seconds % 60 == 0) n = seconds / 60, unit = w.minutes;
    append_int(out, n);
    out += ' ';
    out += unit;
}

/// CloudWatch's SNS payload writes statistics in capitals ("AVERAGE"); the console says "Average".
template <class Trigger>
std::string_view statistic_text(const Trigger& t) {
    if (t.extended_statistic) return *t.extended_statistic;
    if (!t.statistic) return {};
    const std::string_view s = *t.statistic;
    if (s == "AVERAGE") return "Average";
    if (s == "SUM") return "Sum";
    if (s == "MINIMUM") return "Minimum";
    if (s == "MAXIMUM") return "Maximum";
    if (s == "SAMPLE_COUNT" || s == "SAMPLECOUNT") return "SampleCount";
    return s;
}

std::string_view operator_text(std::string_view op) {
    if (op == "GreaterThanThreshold") return ">";
    if (op == "GreaterThanOrEqualToThreshold") return "\xE2\x89\xA5";  // ≥
    if (op == "LessThanThreshold") return "<";
    if (op == "LessThanOrEqualToThreshold") return "\xE2\x89\xA4";  // ≤
    return op;
}

/// The locale's datapoints sentence with {m}, {n} and {period} filled in; nothing without
/// EvaluationPeriods.
template <class Trigger>
void append_datapoints(std::string& out, const Trigger& t, std::optional<std::int64_t> period,
                       const locale& w) {
    if (!t.evaluation_periods) return;
    const auto n = *t.evaluation_periods;
    const auto m = t.datapoints_to_alarm.value_or(n);
    std::string_view rest = w.datapoints;
    for (auto open = rest.find('{'); open != std::string_view::npos; open = rest.find('{')) {
        out += rest.substr(0, open);
        rest.remove_prefix(open);
        if (rest.substr(0, 3) == "{m}") append_int(out, m), rest.remove_prefix(3);
        else if (rest.substr(0, 3) == "{n}") append_int(out, n), rest.remove_prefix(3);
        else if (rest.substr(0, 8) == "{period}") {
            if (period) append_period(out, *period, w);
            else out += '?';
            rest.remove_prefix(8);
        } else {
            out += '{';
            rest.remove_prefix(1);
        }
    }
    out += rest;
}

template <class Trigger>
auto metric_query_with_stat(const Trigger& t) -> decltype(&t.metrics.front()) {
    for (const auto& q : t.metrics)
        if (q.stat) return &q;
    return nullptr;
}

const locale& words_for(const options& o) {
    const locale* l = find_locale(o.locale);
    return l ? *l : english;
}

std::string_view state_word(alarm_state s, const locale& w) {
    switch (s) {
        case alarm_state::alarm: return w.state_alarm;
        case alarm_state::ok: return w.state_ok;
        case alarm_state::insufficient_data: return w.state_insufficient;
    }
    return w.state_alarm;
}

const std::string& emoji_for(alarm_state s, const options& o) {
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

/// Mentions for an ALARM, built only from well-formed configured IDs; nothing otherwise.
template <class Alarm>
void append_mentions(std::string& out, const Alarm& a, const options& o) {
    if (a.state.value != alarm_state::alarm) return;
    joiner parts(out, " ");
    for (const auto& id : o.mention_groups)
        if (auto m = md::mention_group(id)) parts.add(*m);
    for (const auto& id : o.mention_users)
        if (auto m = md::mention_user(id)) parts.add(*m);
    if (o.mention_broadcast) parts.add(md::mention(*o.mention_broadcast));
}

/// A Slack date token with "2026-11-20 03:46 UTC" as its fallback, or the raw time escaped.
template <class Timestamp>
void append_time(std::string& out, const Timestamp& t) {
    if (t.epoch_ms) {
        const auto ms = *t.epoch_ms;
        const auto seconds = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
        char iso[24];  // 2026-11-20T03:46:29.897Z
        cloudwatch::format_iso8601(ms, iso);
        char fallback[20];  // 2026-11-20 03:46 UTC
        std::memcpy(fallback, iso, 10);
        fallback[10] = ' ';
        std::memcpy(fallback + 11, iso + 11, 5);
        std::memcpy(fallback + 16, " UTC", 4);
        if (md::append_date(out, seconds, "{date_short_pretty} {time}", std::string_view(fallback, sizeof fallback))) return;
    }
    if (t.raw.empty()) out += '-';
    else md::append_escaped(out, t.raw);
}

/// True when Slack takes the URL in a button (3000 characters at most).
bool fits_button(std::string_view url) {
    return url.size() <= slack::limits::url || slack::count_characters(url) <= slack::limits::url;
}

template <class Alarm>
void append_console(std::string& out, const Alarm& a) { cloudwatch::append_console_url(out, a); }

/// The console link of the alarm, or, when that is too long for Slack (a long name, percent-
/// encoded), the region's alarm list; empty when neither fits.
template <class Alarm>
void console_link(std::string& out, const Alarm& a) {
    const auto mark = out.size();
    append_console(out, a);
    if (fits_button(std::string_view(out).substr(mark))) return;
    const auto hash = out.find('#', mark);
    out.resize(hash == std::string::npos ? mark : hash);
    if (out.size() > mark) out += "#alarmsV2:";
    if (!fits_button(std::string_view(out).substr(mark))) out.resize(mark);
}

/// The configured runbook link (see runbook_url.hpp); nothing unless options ask for one.
template <class Alarm>
bool append_runbook(std::string& out, const Alarm& a, const options& o) {
    if (!o.runbook_url && o.runbook_hosts.empty()) return false;
    detail::runbook_inputs in;
    in.name = a.name;
    if (a.description) in.description = *a.description;
    if (a.region) in.region = *a.region;
    in.account_id = a.account_id;
    return detail::append_runbook_url(out, in, o);
}

/// JSURL string encoding, as the CloudWatch console's metric graph links use it.
void append_jsurl(std::string& out, std::string_view utf8) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '\'';
    for (std::size_t i = 0; i < utf8.size();) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.') {
            out += static_cast<char>(c);
            ++i;
            continue;
        }
        if (c == '$') {
            out += '!';
            ++i;
            continue;
        }
        // Decode one code point (invalid bytes as themselves), write UTF-16 units.
        std::uint32_t cp = c;
        std::size_t len = 1;
        if (c >= 0xF0) { cp = c & 0x07; len = 4; }
        else if (c >= 0xE0) { cp = c & 0x0F; len = 3; }
        else if (c >= 0xC0) { cp = c & 0x1F; len = 2; }
        if (i + len > utf8.size()) len = 1, cp = c;
        for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
        i += len;
        auto unit = [&out](std::uint32_t u) {
            if (u < 0x100) {
                out += '*';
                out += hex[(u >> 4) & 0xF];
                out += hex[u & 0xF];
            } else {
                out += "**";
                for (int shift = 12; shift >= 0; shift -= 4) out += hex[(u >> shift) & 0xF];
            }
        };
        if (cp >= 0x10000) {
            cp -= 0x10000;
            unit(0xD800 + (cp >> 10));
            unit(0xDC00 + (cp & 0x3FF));
        } else {
            unit(cp);
        }
    }
}

/// The console's graph of the alarm's metric; nothing unless the alarm watches one metric.
template <class Alarm>
void append_metric_url(std::string& out, const Alarm& a, std::string_view alarm_url) {
    if (alarm_url.empty() || a.kind != cloudwatch::alarm_kind::metric || !a.trigger || a.trigger->metric_name.empty())
        return;
    const auto& t = *a.trigger;
    out += alarm_url.substr(0, alarm_url.find('#'));
    out += "#metricsV2:graph=~(metrics~(~(";
    append_jsurl(out, t.namespace_);
    out += '~';
    append_jsurl(out, t.metric_name);
    for (const auto& d : t.dimensions) {
        out += '~';
        append_jsurl(out, d.name);
        out += '~';
        append_jsurl(out, d.value);
    }
    out += "))~region~";
    append_jsurl(out, *a.region);
    const std::string_view stat = statistic_text(t);
    if (!stat.empty()) {
        out += "~stat~";
        append_jsurl(out, stat);
    }
    if (t.period) {
        out += "~period~";
        append_int(out, *t.period);
    }
    out += ')';
}

std::string_view child_name(std::string_view arn) {
    const auto at = arn.find(":alarm:");
    return at == std::string_view::npos ? arn : arn.substr(at + 7);
}

/// "Asia Pacific (Seoul) (ap-northeast-2)", escaped: a code or display name as received is AWS's text.
template <class Alarm>
void append_region(std::string& out, const Alarm& a) {
    if (a.region) {
        if (const auto* r = cloudwatch::find_region(*a.region)) {
            md::append_escaped(out, r->name);
            out += " (";
            md::append_escaped(out, *a.region);
            out += ')';
        } else {
            md::append_escaped(out, *a.region);
        }
    } else if (a.region_name) {
        md::append_escaped(out, *a.region_name);
    } else {
        out += '-';
    }
}

template <class Alarm>
auto dimensions_of(const Alarm& a) -> decltype(&a.trigger->dimensions) {
    if (!a.trigger) return nullptr;
    if (!a.trigger->dimensions.empty()) return &a.trigger->dimensions;
    if (const auto* q = metric_query_with_stat(*a.trigger)) return &q->stat->metric.dimensions;
    return nullptr;
}

/// "Recent datapoints: 91.2, 88" from reason data ({"recentDatapoints": [91.2, 88.0]}), when it
/// has them, escaped (the numbers are written here, the words come from the locale table).
template <class Alarm>
void append_recent_datapoints(std::string& out, const Alarm& a, const locale& w) {
    const auto& values = a.state.recent_datapoints;
    if (values.empty()) return;
    md::append_escaped(out, w.recent_datapoints);
    out += ": ";
    joiner list(out, ", ");
    for (const double v : values) list.add_with([&](std::string& o) { append_number(o, v); });
}

// ---- the payload, written through a JSON writer ------------------------------------------------

/// A text value cut to Slack's limit as slack::fit would cut it (code points, ending in "…").
template <class W>
void fitted_value(W& w, std::string_view s, std::size_t max) {
    if (s.size() <= max || slack::count_characters(s) <= max) return w.value(s);
    const std::string cut = slack::truncate(s, max);
    w.value(std::string_view(cut));
}

/// A text object: {"type": "mrkdwn" | "plain_text", "text": ..., "emoji": true}.
template <class W>
void text_object(W& w, bool mrkdwn, std::string_view s, std::size_t max, bool emoji = false) {
    w.begin_object();
    w.key("type");
    w.value(mrkdwn ? "mrkdwn" : "plain_text");
    w.key("text");
    fitted_value(w, s, max);
    if (emoji) {
        w.key("emoji");
        w.value(true);
    }
    w.end_object();
}

template <class W>
void mrkdwn_section(W& w, std::string_view s) {
    w.begin_object();
    w.key("type");
    w.value("section");
    w.key("text");
    text_object(w, true, s, slack::limits::section_text);
    w.end_object();
}

template <class W>
void header_block(W& w, std::string_view s, bool emoji) {
    w.begin_object();
    w.key("type");
    w.value("header");
    w.key("text");
    text_object(w, false, s, slack::limits::header_text, emoji);
    w.end_object();
}

template <class W>
void link_button(W& w, std::string_view label, std::string_view action_id, std::string_view url, bool primary = false) {
    w.begin_object();
    w.key("type");
    w.value("button");
    w.key("text");
    text_object(w, false, label, slack::limits::button_text);
    w.key("action_id");
    w.value(action_id);
    w.key("url");
    w.value(url);
    if (primary) {
        w.key("style");
        w.value("primary");
    }
    w.end_object();
}

template <class W>
void overrides(W& w, const options& o) {
    for (const auto& [key, value] : {std::pair<const char*, const std::optional<std::string>&>{"channel", o.channel},
                                     {"username", o.username}, {"icon_emoji", o.icon_emoji}, {"icon_url", o.icon_url}}) {
        if (value && (std::string_view(key) != "icon_url" || fits_button(*value))) {
            w.key(key);
            w.value(std::string_view(*value));
        }
    }
}

/// Per-thread buffers the texts are composed in, kept between calls so that a warm formatter
/// allocates nothing for them.
struct buffers {
    std::string name, summary, ping, headline, text, console, piece, runbook;
    void clear() {
        for (auto* s : {&name, &summary, &ping, &headline, &text, &console, &piece, &runbook}) s->clear();
    }
};

/// The one formatter: every payload (alarm_payload's bytes, alarm_message's model) is written here.
/// Texts are fitted as they are written, so the result needs no slack::fit pass.
template <class W, class Alarm>
void write_alarm(W& w, const Alarm& a, const options& o) {
    thread_local buffers b;
    b.clear();
    const locale& words = words_for(o);
    const std::string_view state = state_word(a.state.value, words);
    const std::string& emoji = emoji_for(a.state.value, o);
    md::append_escaped(b.name, a.name);
    append_trigger_summary(b.piece, a, words);
    md::append_escaped(b.summary, b.piece);
    append_mentions(b.ping, a, o);

    w.begin_object();
    if (o.style == style::blueprint) {
        // The blueprint's exact sentence, escaped: "%s state is now %s: %s".
        b.text = b.ping;
        if (!b.text.empty()) b.text += ' ';
        md::append_escaped(b.text, a.name);
        b.text += " state is now ";
        b.text += cloudwatch::to_string(a.state.value);
        b.text += ": ";
        if (a.state.reason) md::append_escaped(b.text, *a.state.reason);
        w.key("text");
        fitted_value(w, b.text, slack::limits::message_text);
        overrides(w, o);
        w.end_object();
        return;
    }

    b.headline += emoji;
    b.headline += ' ';
    b.headline += state;
    b.headline += ": ";
    b.headline += b.name;
    {
        joiner text(b.text, " ");
        text.add(b.ping);
        text.add(b.headline);
        if (!b.summary.empty()) text.add_with([&](std::string& out) { out += "- ", out += b.summary; });
    }
    console_link(b.console, a);
    w.key("text");
    fitted_value(w, b.text, slack::limits::message_text);

    if (o.style == style::compact) {
        if (!b.ping.empty()) {
            w.key("blocks");
            w.begin_array();
            mrkdwn_section(w, b.ping);
            w.end_array();
        }
    } else {
        w.key("blocks");
        w.begin_array();
        // Escaped in plain_text too: Slack does not parse mentions there, but no control sequence
        // from alarm data appears anywhere in the payload (Slack decodes the three entities).
        header_block(w, b.headline, true);
        if (!b.ping.empty()) mrkdwn_section(w, b.ping);
        w.end_array();
    }

    w.key("attachments");
    w.begin_array();
    w.begin_object();
    w.key("color");
    w.value(color_for(a.state.value));
    w.key("fallback");
    w.value(std::string_view(b.text));
    w.key("blocks");
    w.begin_array();
    std::string& piece = b.piece;

    if (o.style == style::compact) {
        piece.clear();
        piece += '*';
        piece += b.headline;
        piece += '*';
        if (!b.summary.empty()) piece += '\n', piece += b.summary;
        if (a.state.reason) piece += '\n', md::append_escaped(piece, *a.state.reason);
        if (!b.console.empty()) piece += '\n', md::append_link(piece, b.console, words.view_alarm);
        mrkdwn_section(w, piece);
    } else {
        // The overview: summary and description, then the fields.
        w.begin_object();
        w.key("type");
        w.value("section");
        piece = b.summary;
        if (a.description && !a.description->empty()) {
            if (!piece.empty()) piece += '\n';
            piece += '_';
            md::append_escaped(piece, *a.description);
            piece += '_';
        }
        if (!piece.empty()) {
            w.key("text");
            text_object(w, true, piece, slack::limits::section_text);
        }
        w.key("fields");
        w.begin_array();
        auto field = [&](std::string_view label, auto&& append_value) {
            piece.clear();
            piece += '*';
            piece += label;
            piece += "*\n";
            append_value(piece);
            text_object(w, true, piece, slack::limits::section_field_text);
        };
        field(words.state_change, [&](std::string& out) {
            out += a.previous_state ? state_word(a.previous_state->value, words) : std::string_view("?");
            out += " \xE2\x86\x92 ";  // →
            out += state;
        });
        field(words.alarm_name, [&](std::string& out) { out += b.name; });
        field(words.time, [&](std::string& out) { append_time(out, a.state.timestamp); });
        field(words.account, [&](std::string& out) { md::append_escaped(out, a.account_id.empty() ? std::string_view("-") : a.account_id); });
        field(words.region, [&](std::string& out) { append_region(out, a); });
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
        w.end_array();
        w.end_object();

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
            lines.add_with([&](std::string& out) { append_recent_datapoints(out, a, words); });
        }
        if (!piece.empty()) {
            w.begin_object();
            w.key("type");
            w.value("context");
            w.key("elements");
            w.begin_array();
            text_object(w, true, piece, slack::limits::section_text);
            w.end_array();
            w.end_object();
        }

        // Buttons: the alarm, its metric, the configured runbook. Each URL fits Slack's limit
        // (console_link and append_runbook see to theirs; a metric graph too long is left out).
        piece.clear();
        append_metric_url(piece, a, b.console);
        if (!fits_button(piece)) piece.clear();
        std::string& runbook = b.runbook;
        append_runbook(runbook, a, o);
        if (!b.console.empty() || !piece.empty() || !runbook.empty()) {
            w.begin_object();
            w.key("type");
            w.value("actions");
            w.key("elements");
            w.begin_array();
            if (!b.console.empty()) link_button(w, words.view_alarm, "view_alarm", b.console, true);
            if (!piece.empty()) link_button(w, words.view_metric, "view_metric", piece);
            if (!runbook.empty()) link_button(w, words.runbook, "runbook", runbook);
            w.end_array();
            w.end_object();
        }
    }
    w.end_array();  // attachment blocks
    w.end_object();
    w.end_array();  // attachments
    overrides(w, o);
    w.end_object();
}

/// A plain-text SNS message: its text, escaped, under its subject (or "Notification").
template <class W>
void write_text(W& w, std::string_view text, const std::optional<std::string>& subject, const options& o) {
    thread_local buffers b;
    b.clear();
    const locale& words = words_for(o);
    md::append_escaped(b.headline, subject && !subject->empty() ? std::string_view(*subject) : words.notification);
    b.text = b.headline;
    b.text += ": ";
    md::append_escaped(b.text, text);
    w.begin_object();
    w.key("text");
    fitted_value(w, b.text, slack::limits::message_text);
    if (o.style != style::blueprint) {
        w.key("blocks");
        w.begin_array();
        header_block(w, b.headline, false);
        if (text.empty()) b.piece = "-";
        else md::append_escaped(b.piece, text);
        mrkdwn_section(w, b.piece);
        w.end_array();
    }
    overrides(w, o);
    w.end_object();
}

}  // namespace

const locale* find_locale(std::string_view code) {
    for (const auto* l : locales)
        if (l->code == code) return l;
    return nullptr;
}

namespace {
template <class Alarm>
void append_trigger_summary(std::string& out, const Alarm& a, const locale& w) {
    if (a.kind == cloudwatch::alarm_kind::composite) {
        out += w.rule;
        out += ": ";
        if (a.alarm_rule) out += *a.alarm_rule;
        return;
    }
    if (!a.trigger) return;
    const auto& t = *a.trigger;
    const std::string_view op = t.comparison_operator ? operator_text(*t.comparison_operator) : std::string_view();
    const auto threshold = [&t](std::string& o) {
        if (t.threshold) append_number(o, *t.threshold);
    };
    joiner parts(out, " ");

    if (a.kind == cloudwatch::alarm_kind::anomaly_detection) {
        decltype(metric_query_with_stat(t)) band = nullptr;
        for (const auto& q : t.metrics)
            if (q.expression && (!t.threshold_metric_id || q.id == *t.threshold_metric_id)) band = &q;
        const auto* metric = metric_query_with_stat(t);
        parts.add_with([&](std::string& o) {
            if (!metric) return void(o += t.metric_name);
            o += metric->stat->metric.name;
            o += " (";
            o += metric->stat->metric.namespace_;
            o += ") ";
            o += metric->stat->stat;
        });
        const std::string_view op_name = t.comparison_operator ? std::string_view(*t.comparison_operator) : std::string_view();
        parts.add(op_name == "GreaterThanUpperThreshold" ? w.above_band
                  : op_name == "LessThanLowerThreshold"  ? w.below_band
                                                         : w.outside_band);
        if (band && band->expression) parts.add(*band->expression);
        std::optional<std::int64_t> period = t.period;
        if (metric && metric->stat->period) period = metric->stat->period;
        parts.add_with([&](std::string& o) { append_datapoints(o, t, period, w); });
        return;
    }
    if (a.kind == cloudwatch::alarm_kind::metric_math) {
        decltype(metric_query_with_stat(t)) result = nullptr;
        for (const auto& q : t.metrics)
            if (q.expression && q.return_data.value_or(true)) result = &q;
        if (result) {
            parts.add_with([&](std::string& o) {
                if (result->label && !result->label->empty()) o += *result->label, o += " = ";
                o += *result->expression;
            });
        }
        const auto* metric = metric_query_with_stat(t);
        std::optional<std::int64_t> period = t.period;
        if (!period && metric) period = metric->stat->period;
        parts.add(op);
        parts.add_with(threshold);
        parts.add_with([&](std::string& o) { append_datapoints(o, t, period, w); });
        return;
    }
    parts.add_with([&](std::string& o) {
        o += t.metric_name;
        if (!t.namespace_.empty()) o += " (", o += t.namespace_, o += ')';
    });
    parts.add(statistic_text(t));
    parts.add(op);
    parts.add_with(threshold);
    parts.add_with([&](std::string& o) { append_datapoints(o, t, t.period, w); });
}
}  // namespace

std::string trigger_summary(const alarm& a, const locale& w) {
    std::string out;
    append_trigger_summary(out, a, w);
    return out;
}

void append_alarm_payload(std::string& out, const alarm& a, const options& o) {
    detail::json_writer w(out);
    write_alarm(w, a, o);
}

}  // namespace alarmbridge::format


namespace alarmbridge::format {

std::string alarm_payload(const alarm& a, const options& o) {
    std::string out;
    out.reserve(4096);  // a rich alarm message is 1-3 KB
    append_alarm_payload(out, a, o);
    return out;
}

slack::message alarm_message(const alarm& a, const options& o) {
    detail::json_builder b;
    write_alarm(b, a, o);
    return slack::read_message(b.take()).value();
}

slack::message text_message(std::string_view text, const std::optional<std::string>& subject, const options& o) {
    detail::json_builder b;
    write_text(b, text, subject, o);
    return slack::read_message(b.take()).value();
}

std::string text_payload(std::string_view text, const std::optional<std::string>& subject, const options& o) {
    std::string out;
    detail::json_writer w(out);
    write_text(w, text, subject, o);
    return out;
}

namespace {
/// Each record in order: its alarm or text through the given formatter, or its own error.
template <class T, class Alarm, class Text>
std::vector<result<T>> each_record(const event& e, Alarm&& for_alarm, Text&& for_text) {
    std::vector<result<T>> out;
    out.reserve(e.records.size());
    for (const auto& rec : e.records) {
        if (!rec) {
            out.emplace_back(rec.error());
        } else if (const auto* a = std::get_if<alarm>(&rec->body)) {
            out.emplace_back(for_alarm(*a));
        } else {
            const auto subject = rec->sns ? rec->sns->subject : std::nullopt;
            out.emplace_back(for_text(std::get<text_message_body>(rec->body).text, subject));
        }
    }
    return out;
}
}  // namespace

std::vector<result<slack::message>> format_event(const event& e, const options& o) {
    return each_record<slack::message>(
        e, [&o](const alarm& a) { return alarm_message(a, o); },
        [&o](const std::string& text, const std::optional<std::string>& subject) { return text_message(text, subject, o); });
}

std::vector<result<std::string>> payloads(const event& e, const options& o) {
    return each_record<std::string>(
        e, [&o](const alarm& a) { return alarm_payload(a, o); },
        [&o](const std::string& text, const std::optional<std::string>& subject) { return text_payload(text, subject, o); });
}

result<std::vector<result<std::string>>> payloads(std::string_view event_json, const options& o,
                                                  const parse_options& parsing) {
    // Each record is read into views of the parsed bytes and formatted at once, by the same
    // reader parse_event uses.
    std::vector<result<std::string>> out;
    result<basic_record<viewing>> slot{std::in_place};
    skipped extra;
    auto kind = detail::read_event<viewing>(
        event_json, parsing, extra,
        [&](std::size_t total) -> result<basic_record<viewing>>& {
            if (out.empty()) out.reserve(total);
            slot = basic_record<viewing>{};
            return slot;
        },
        [&](const result<basic_record<viewing>>& rec) {
            if (!rec) return void(out.emplace_back(rec.error()));
            if (const auto* a = std::get_if<cloudwatch::alarm_view>(&rec->body)) {
                std::string payload;
                payload.reserve(4096);  // a rich alarm message is 1-3 KB
                detail::json_writer w(payload);
                write_alarm(w, *a, o);
                return void(out.emplace_back(std::move(payload)));
            }
            std::optional<std::string> subject;
            if (rec->sns && rec->sns->subject) subject.emplace(*rec->sns->subject);
            out.emplace_back(text_payload(std::get<basic_text_message<viewing>>(rec->body).text, subject, o));
        });
    if (!kind) return kind.error();
    return out;
}

}  // namespace alarmbridge::format
