// Internal: the one-line summary of what an alarm watches ("CPUUtilization (AWS/EC2) Average > 80
// for 3 of 3 datapoints of 1 min"), for any alarm type with cloudwatch::alarm's member names.
#pragma once

#include <alarmbridge/format/alarm_message.hpp>

#include "format/text_pieces.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace alarmbridge::detail {

/// "1 min", "5 min", "1 h", "1 d", "90 s": the largest unit that divides the period.
void append_period(std::string& out, std::int64_t seconds, const format::locale& w);

/// ">" for "GreaterThanThreshold", "≥", "<", "≤"; any other operator as it is.
std::string_view operator_text(std::string_view op);

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

/// The first metric query that names a metric (MetricStat), or null.
template <class Trigger>
auto metric_query_with_stat(const Trigger& t) -> decltype(&t.metrics.front()) {
    for (const auto& q : t.metrics)
        if (q.stat) return &q;
    return nullptr;
}

/// The locale's datapoints sentence with {m}, {n} and {period} filled in; nothing without
/// EvaluationPeriods.
template <class Trigger>
void append_datapoints(std::string& out, const Trigger& t, std::optional<std::int64_t> period,
                       const format::locale& w) {
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

/// format::trigger_summary, appended to out: a composite's rule, an anomaly band, a metric-math
/// expression or a metric with its statistic, threshold and datapoints.
template <class Alarm>
void append_trigger_summary(std::string& out, const Alarm& a, const format::locale& w) {
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

}  // namespace alarmbridge::detail
