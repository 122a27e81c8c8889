// Internal: the links a message carries - the alarm in the CloudWatch console, the graph of its
// metric, the configured runbook - each within Slack's 3000-character limit for a button URL.
#pragma once

#include <alarmbridge/format/alarm_message.hpp>

#include "format/runbook_url.hpp"
#include "format/text_pieces.hpp"
#include "format/trigger_summary.hpp"

#include <string>
#include <string_view>

namespace alarmbridge::detail {

/// True when Slack takes the URL in a button (3000 characters at most).
bool fits_button(std::string_view url);

/// JSURL string encoding, as the CloudWatch console's metric graph links use it.
void append_jsurl(std::string& out, std::string_view utf8);

/// The console link of the alarm, or, when that is too long for Slack (a long name, percent-
/// encoded), the region's alarm list; empty when neither fits.
template <class Alarm>
void append_console_link(std::string& out, const Alarm& a) {
    const auto mark = out.size();
    cloudwatch::append_console_url(out, a);
    if (fits_button(std::string_view(out).substr(mark))) return;
    const auto hash = out.find('#', mark);
    out.resize(hash == std::string::npos ? mark : hash);
    if (out.size() > mark) out += "#alarmsV2:";
    if (!fits_button(std::string_view(out).substr(mark))) out.resize(mark);
}

/// The configured runbook link (see runbook_url.hpp); nothing unless options ask for one.
template <class Alarm>
bool append_runbook(std::string& out, const Alarm& a, const format::options& o) {
    if (!o.runbook_url && o.runbook_hosts.empty()) return false;
    runbook_inputs in;
    in.name = a.name;
    if (a.description) in.description = *a.description;
    if (a.region) in.region = *a.region;
    in.account_id = a.account_id;
    return append_runbook_url(out, in, o);
}

/// The console's graph of the alarm's metric, next to alarm_url (its console link); nothing
/// unless the alarm watches one metric, or when the link would not fit a button.
template <class Alarm>
void append_metric_link(std::string& out, const Alarm& a, std::string_view alarm_url) {
    if (alarm_url.empty() || a.kind != cloudwatch::alarm_kind::metric || !a.trigger || a.trigger->metric_name.empty())
        return;
    const auto mark = out.size();
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
    if (!fits_button(std::string_view(out).substr(mark))) out.resize(mark);
}

}  // namespace alarmbridge::detail
