#include <alarmbridge/cloudwatch/region.hpp>
#include <alarmbridge/format/alarm_message.hpp>

#include <array>
#include <cstdio>

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

std::string replace_all(std::string s, std::string_view what, std::string_view with) {
    for (std::size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + with.size()))
        s.replace(at, what.size(), with);
    return s;
}

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

std::string period_text(std::int64_t seconds, const locale& w) {
    if (seconds > 0 && seconds % 86400 == 0) return std::to_string(seconds / 86400) + " " + std::string(w.days);
    if (seconds > 0 && seconds % 3600 == 0) return std::to_string(seconds / 3600) + " " + std::string(w.hours);
    if (seconds > 0 && seconds % 60 == 0) return std::to_string(seconds / 60) + " " + std::string(w.minutes);
    return std::to_string(seconds) + " " + std::string(w.seconds);
}

/// CloudWatch's SNS payload writes statistics in capitals ("AVERAGE"); the console says "Average".
std::string statistic_text(const cloudwatch::trigger& t) {
    if (t.extended_statistic) return *t.extended_statistic;
    const std::string s = t.statistic.value_or("");
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

std::string datapoints_text(const cloudwatch::trigger& t, std::optional<std::int64_t> period, const locale& w) {
    if (!t.evaluation_periods) return {};
    const auto n = *t.evaluation_periods;
    const auto m = t.datapoints_to_alarm.value_or(n);
    std::string out(w.datapoints);
    out = replace_all(out, "{m}", std::to_string(m));
    out = replace_all(out, "{n}", std::to_string(n));
    out = replace_all(out, "{period}", period ? period_text(*period, w) : std::string("?"));
    return out;
}

const cloudwatch::metric_query* metric_query_with_stat(const cloudwatch::trigger& t) {
    for (const auto& q : t.metrics)
        if (q.stat) return &q;
    return nullptr;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
    std::string out;
    for (const auto& p : parts) {
        if (p.empty()) continue;
        if (!out.empty()) out += sep;
        out += p;
    }
    return out;
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

/// Mentions for an ALARM, built only from well-formed configured IDs; empty otherwise.
std::string mentions(const alarm& a, const options& o) {
    if (a.state.value != alarm_state::alarm) return {};
    std::vector<std::string> parts;
    for (const auto& id : o.mention_groups)
        if (auto m = md::mention_group(id)) parts.push_back(*m);
    for (const auto& id : o.mention_users)
        if (auto m = md::mention_user(id)) parts.push_back(*m);
    if (o.mention_broadcast) parts.push_back(md::mention(*o.mention_broadcast));
    return join(parts, " ");
}

/// "2026-11-20 03:46 UTC" (the fallback of a date token).
std::string utc_minutes(std::int64_t epoch_ms) {
    const std::string iso = cloudwatch::format_iso8601(epoch_ms);  // 2026-11-20T03:46:29.897Z
    return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
}

std::string time_text(const cloudwatch::timestamp& t) {
    if (t.epoch_ms) {
        const auto seconds = *t.epoch_ms >= 0 ? *t.epoch_ms / 1000 : -((-*t.epoch_ms + 999) / 1000);
        if (auto d = md::date(seconds, "{date_short_pretty} {time}", utc_minutes(*t.epoch_ms))) return *d;
    }
    return t.raw.empty() ? std::string("-") : md::escape(t.raw);
}

/// The first http(s) URL in text (a runbook link in an alarm description), if any.
std::optional<std::string> first_url(std::string_view text) {
    for (std::string_view scheme : {"https://", "http://"}) {
        const auto at = text.find(scheme);
        if (at == std::string_view::npos) continue;
        std::size_t end = at;
        while (end < text.size() && text[end] != ' ' && text[end] != '\n' && text[end] != '\t' && text[end] != ')' &&
               text[end] != '"' && text[end] != '<' && text[end] != '>')
            ++end;
        auto url = text.substr(at, end - at);
        while (!url.empty() && (url.back() == '.' || url.back() == ',' || url.back() == ';')) url.remove_suffix(1);
        if (url.size() > scheme.size()) return std::string(url);
    }
    return std::nullopt;
}

/// JSURL string encoding, as the CloudWatch console's metric graph links use it.
std::string jsurl(std::string_view utf8) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out = "'";
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
    return out;
}

/// The console's graph of the alarm's metric; nullopt unless the alarm watches one metric.
std::optional<std::string> metric_url(const alarm& a, const std::string& alarm_url) {
    if (alarm_url.empty() || a.kind != cloudwatch::alarm_kind::metric || !a.trigger || a.trigger->metric_name.empty())
        return std::nullopt;
    const auto& t = *a.trigger;
    std::string graph = "~(metrics~(~(" + jsurl(t.namespace_) + "~" + jsurl(t.metric_name);
    for (const auto& d : t.dimensions) graph += "~" + jsurl(d.name) + "~" + jsurl(d.value);
    graph += "))~region~" + jsurl(*a.region);
    const std::string stat = statistic_text(t);
    if (!stat.empty()) graph += "~stat~" + jsurl(stat);
    if (t.period) graph += "~period~" + std::to_string(*t.period);
    graph += ")";
    const auto hash = alarm_url.find('#');
    return alarm_url.substr(0, hash) + "#metricsV2:graph=" + graph;
}

std::string child_name(const std::string& arn) {
    const auto at = arn.find(":alarm:");
    return at == std::string::npos ? arn : arn.substr(at + 7);
}

std::string region_text(const alarm& a) {
    if (a.region) {
        if (const auto* r = cloudwatch::find_region(*a.region)) return std::string(r->name) + " (" + *a.region + ")";
        return *a.region;
    }
    return a.region_name.value_or("-");
}

std::vector<cloudwatch::dimension> dimensions_of(const alarm& a) {
    if (!a.trigger) return {};
    if (!a.trigger->dimensions.empty()) return a.trigger->dimensions;
    if (const auto* q = metric_query_with_stat(*a.trigger)) return q->stat->metric.dimensions;
    return {};
}

/// Datapoints from reason data ({"recentDatapoints": [91.2, 88.0]}), when it has them.
std::string recent_datapoints(const alarm& a, const locale& w) {
    if (!a.state.reason_data) return {};
    const auto data = nlohmann::json::parse(*a.state.reason_data, nullptr, false);
    if (!data.is_object()) return {};
    const auto it = data.find("recentDatapoints");
    if (it == data.end() || !it->is_array() || it->empty()) return {};
    std::vector<std::string> values;
    for (const auto& v : *it)
        if (v.is_number()) values.push_back(number(v.get<double>()));
    if (values.empty()) return {};
    return std::string(w.recent_datapoints) + ": " + join(values, ", ");
}

slack::text field(std::string_view label, const std::string& value_mrkdwn) {
    return slack::text::mrkdwn("*" + std::string(label) + "*\n" + value_mrkdwn);
}

void apply_overrides(slack::message& m, const options& o) {
    m.channel = o.channel;
    m.username = o.username;
    m.icon_emoji = o.icon_emoji;
    m.icon_url = o.icon_url;
}

slack::message fitted(slack::message&& m) { return std::move(slack::fit(std::move(m)).messages.front()); }

}  // namespace

const locale* find_locale(std::string_view code) {
    for (const auto* l : locales)
        if (l->code == code) return l;
    return nullptr;
}

std::string trigger_summary(const alarm& a, const locale& w) {
    if (a.kind == cloudwatch::alarm_kind::composite)
        return std::string(w.rule) + ": " + a.alarm_rule.value_or("");
    if (!a.trigger) return {};
    const auto& t = *a.trigger;
    const std::string op = t.comparison_operator ? std::string(operator_text(*t.comparison_operator)) : std::string();
    const std::string threshold = t.threshold ? number(*t.threshold) : std::string();

    if (a.kind == cloudwatch::alarm_kind::anomaly_detection) {
        const cloudwatch::metric_query* band = nullptr;
        for (const auto& q : t.metrics)
            if (q.expression && (!t.threshold_metric_id || q.id == *t.threshold_metric_id)) band = &q;
        const auto* metric = metric_query_with_stat(t);
        std::string what = metric ? metric->stat->metric.name + " (" + metric->stat->metric.namespace_ + ") " + metric->stat->stat
                                  : t.metric_name;
        const std::string_view op_name = t.comparison_operator.value_or("");
        const std::string_view band_word = op_name == "GreaterThanUpperThreshold" ? w.above_band
                                           : op_name == "LessThanLowerThreshold"  ? w.below_band
                                                                                  : w.outside_band;
        std::optional<std::int64_t> period = t.period;
        if (metric && metric->stat->period) period = metric->stat->period;
        return join({what, std::string(band_word), band && band->expression ? *band->expression : std::string(),
                     datapoints_text(t, period, w)},
                    " ");
    }
    if (a.kind == cloudwatch::alarm_kind::metric_math) {
        const cloudwatch::metric_query* result = nullptr;
        for (const auto& q : t.metrics)
            if (q.expression && q.return_data.value_or(true)) result = &q;
        std::string what;
        if (result) {
            what = result->label && !result->label->empty() ? *result->label + " = " + *result->expression : *result->expression;
        }
        const auto* metric = metric_query_with_stat(t);
        std::optional<std::int64_t> period = t.period;
        if (!period && metric) period = metric->stat->period;
        return join({what, op, threshold, datapoints_text(t, period, w)}, " ");
    }
    std::string what = t.metric_name;
    if (!t.namespace_.empty()) what += " (" + t.namespace_ + ")";
    return join({what, statistic_text(t), op, threshold, datapoints_text(t, t.period, w)}, " ");
}

slack::message alarm_message(const alarm& a, const options& o) {
    const locale& w = words_for(o);
    const std::string state = std::string(state_word(a.state.value, w));
    const std::string& emoji = emoji_for(a.state.value, o);
    const std::string name = md::escape(a.name);
    const std::string summary = md::escape(trigger_summary(a, w));
    const std::string ping = mentions(a, o);

    slack::message m;
    apply_overrides(m, o);
    const std::string headline = emoji + " " + state + ": " + name;

    if (o.style == style::blueprint) {
        // The blueprint's exact sentence, escaped: "%s state is now %s: %s".
        const std::string sentence = md::escape(a.name + " state is now " + std::string(cloudwatch::to_string(a.state.value)) +
                                                ": " + a.state.reason.value_or(""));
        m.text = ping.empty() ? sentence : ping + " " + sentence;
        return fitted(std::move(m));
    }

    m.text = join({ping, headline, summary.empty() ? std::string() : "- " + summary}, " ");
    const std::string previous = a.previous_state ? std::string(state_word(a.previous_state->value, w)) : "?";
    const std::string console = cloudwatch::console_url(a).value_or("");

    slack::attachment bar;
    bar.color = std::string(color_for(a.state.value));
    bar.fallback = m.text;

    if (o.style == style::compact) {
        slack::section s;
        std::string body = "*" + headline + "*";
        if (!summary.empty()) body += "\n" + summary;
        if (a.state.reason) body += "\n" + md::escape(*a.state.reason);
        if (!console.empty()) body += "\n" + md::link(console, std::string(w.view_alarm));
        s.text = slack::text::mrkdwn(body);
        bar.blocks.push_back(std::move(s));
        if (!ping.empty()) {
            slack::section p;
            p.text = slack::text::mrkdwn(ping);
            m.blocks.push_back(std::move(p));
        }
        m.attachments.push_back(std::move(bar));
        return fitted(std::move(m));
    }

    // rich
    // Escaped in plain_text too: Slack does not parse mentions there, but no control sequence from
    // alarm data appears anywhere in the payload (Slack decodes the three entities).
    m.blocks.push_back(slack::header(slack::text::plain(emoji + " " + state + ": " + name, true)));
    if (!ping.empty()) {
        slack::section p;
        p.text = slack::text::mrkdwn(ping);
        m.blocks.push_back(std::move(p));
    }

    slack::section overview;
    std::string overview_text = summary;
    if (a.description && !a.description->empty())
        overview_text += (overview_text.empty() ? "" : "\n") + std::string("_") + md::escape(*a.description) + "_";
    if (!overview_text.empty()) overview.text = slack::text::mrkdwn(overview_text);
    overview.fields.push_back(field(w.state_change, previous + " \xE2\x86\x92 " + state));  // →
    overview.fields.push_back(field(w.alarm_name, name));
    overview.fields.push_back(field(w.time, time_text(a.state.timestamp)));
    overview.fields.push_back(field(w.account, md::escape(a.account_id.empty() ? std::string("-") : a.account_id)));
    overview.fields.push_back(field(w.region, md::escape(region_text(a))));
    const auto dims = dimensions_of(a);
    if (!dims.empty()) {
        std::vector<std::string> lines;
        for (const auto& d : dims) lines.push_back(md::escape(d.name) + " = " + md::escape(d.value));
        overview.fields.push_back(field(w.dimensions, join(lines, "\n")));
    }
    if (!a.triggering_children.empty()) {
        std::vector<std::string> lines;
        for (const auto& c : a.triggering_children)
            lines.push_back(md::escape(child_name(c.arn)) +
                            (c.state ? " (" + std::string(state_word(*c.state, w)) + ")" : std::string()));
        overview.fields.push_back(field(w.triggered_by, join(lines, "\n")));
    }
    bar.blocks.push_back(std::move(overview));

    std::vector<std::string> reason_lines;
    if (a.state.reason) reason_lines.push_back("*" + std::string(w.reason)+ "*: " + md::escape(*a.state.reason));
    const std::string datapoints = recent_datapoints(a, w);
    if (!datapoints.empty()) reason_lines.push_back(md::escape(datapoints));
    if (!reason_lines.empty()) {
        slack::context c;
        c.elements.emplace_back(slack::text::mrkdwn(join(reason_lines, "\n")));
        bar.blocks.push_back(std::move(c));
    }

    slack::actions buttons;
    if (!console.empty())
        buttons.elements.push_back(slack::button(slack::text::plain(std::string(w.view_alarm)), "view_alarm")
                                       .with_url(console)
                                       .with_style("primary"));
    if (const auto metric = metric_url(a, console))
        buttons.elements.push_back(slack::button(slack::text::plain(std::string(w.view_metric)), "view_metric").with_url(*metric));
    if (a.description) {
        if (const auto runbook = first_url(*a.description))
            buttons.elements.push_back(slack::button(slack::text::plain(std::string(w.runbook)), "runbook").with_url(*runbook));
    }
    if (!buttons.elements.empty()) bar.blocks.push_back(std::move(buttons));
    m.attachments.push_back(std::move(bar));
    return fitted(std::move(m));
}

slack::message text_message(std::string_view text, const std::optional<std::string>& subject, const options& o) {
    const locale& w = words_for(o);
    slack::message m;
    apply_overrides(m, o);
    const std::string title = subject && !subject->empty() ? *subject : std::string(w.notification);
    m.text = md::escape(title) + ": " + md::escape(text);
    if (o.style != style::blueprint) {
        m.blocks.push_back(slack::header(slack::text::plain(md::escape(title))));
        slack::section s;
        s.text = slack::text::mrkdwn(text.empty() ? std::string("-") : md::escape(text));
        m.blocks.push_back(std::move(s));
    }
    return fitted(std::move(m));
}

std::vector<result<slack::message>> format_event(const event& e, const options& o) {
    std::vector<result<slack::message>> out;
    out.reserve(e.records.size());
    for (const auto& rec : e.records) {
        if (!rec) {
            out.emplace_back(rec.error());
        } else if (const auto* a = std::get_if<alarm>(&rec->body)) {
            out.emplace_back(alarm_message(*a, o));
        } else {
            const auto subject = rec->sns ? rec->sns->subject : std::nullopt;
            out.emplace_back(text_message(std::get<text_message_body>(rec->body).text, subject, o));
        }
    }
    return out;
}

}  // namespace alarmbridge::format
