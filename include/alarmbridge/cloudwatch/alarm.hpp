// alarmbridge/cloudwatch/alarm.hpp - one model for every shape a CloudWatch alarm arrives in.
//
// Shapes: the alarm JSON inside an SNS Message (PascalCase, "Trigger"), the EventBridge event
// "CloudWatch Alarm State Change" ("detail", camelCase) and the payload of an alarm's Lambda
// action ("alarmData"). Kinds: metric, metric math, anomaly detection, composite.
//
// Parsing lives in the compiled library (simdjson); this header is the model and its
// nlohmann/json adapters. to_json writes the normalized snake_case form that `alarmbridge parse`
// prints; from_json reads that form back. Keys we do not model are kept in `extra` members and
// survive the round trip.
#pragma once

#include <alarmbridge/cloudwatch/timestamp.hpp>
#include <alarmbridge/export.hpp>
#include <alarmbridge/parse_options.hpp>
#include <alarmbridge/result.hpp>
#include <alarmbridge/storage.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace alarmbridge::cloudwatch {

enum class alarm_kind { metric, metric_math, anomaly_detection, composite };
enum class alarm_state { ok, alarm, insufficient_data };
/// Where the alarm came from.
enum class alarm_origin { sns, eventbridge, lambda_action };

constexpr std::string_view to_string(alarm_kind k) noexcept {
    switch (k) {
        case alarm_kind::metric: return "metric";
        case alarm_kind::metric_math: return "metric_math";
        case alarm_kind::anomaly_detection: return "anomaly_detection";
        case alarm_kind::composite: return "composite";
    }
    return "metric";
}

/// CloudWatch's spelling: "OK", "ALARM", "INSUFFICIENT_DATA".
constexpr std::string_view to_string(alarm_state s) noexcept {
    switch (s) {
        case alarm_state::ok: return "OK";
        case alarm_state::alarm: return "ALARM";
        case alarm_state::insufficient_data: return "INSUFFICIENT_DATA";
    }
    return "OK";
}

constexpr std::string_view to_string(alarm_origin o) noexcept {
    switch (o) {
        case alarm_origin::sns: return "sns";
        case alarm_origin::eventbridge: return "eventbridge";
        case alarm_origin::lambda_action: return "lambda_action";
    }
    return "sns";
}

constexpr std::optional<alarm_state> alarm_state_from_string(std::string_view s) noexcept {
    if (s == "OK") return alarm_state::ok;
    if (s == "ALARM") return alarm_state::alarm;
    if (s == "INSUFFICIENT_DATA") return alarm_state::insufficient_data;
    return std::nullopt;
}

constexpr std::optional<alarm_kind> alarm_kind_from_string(std::string_view s) noexcept {
    if (s == "metric") return alarm_kind::metric;
    if (s == "metric_math") return alarm_kind::metric_math;
    if (s == "anomaly_detection") return alarm_kind::anomaly_detection;
    if (s == "composite") return alarm_kind::composite;
    return std::nullopt;
}

constexpr std::optional<alarm_origin> alarm_origin_from_string(std::string_view s) noexcept {
    if (s == "sns") return alarm_origin::sns;
    if (s == "eventbridge") return alarm_origin::eventbridge;
    if (s == "lambda_action") return alarm_origin::lambda_action;
    return std::nullopt;
}

/// True for the comparison operators of anomaly-detection alarms.
constexpr bool is_band_operator(std::string_view op) noexcept {
    return op == "LessThanLowerOrGreaterThanUpperThreshold" || op == "LessThanLowerThreshold" ||
           op == "GreaterThanUpperThreshold";
}

// The model, generic over how it holds text (alarmbridge/storage.hpp): basic_alarm<owning> is
// cloudwatch::alarm, what parse_alarm and parse_event return; basic_alarm<viewing> is what
// format::payloads(bytes) reads each record into. One reader fills both.

template <class S>
struct basic_dimension {
    typename S::string name;
    typename S::string value;
};

/// A metric: namespace, name, dimensions (in the order received).
template <class S>
struct basic_metric {
    typename S::string namespace_;
    typename S::string name;
    std::vector<basic_dimension<S>> dimensions;
};

/// MetricStat of a metric data query.
template <class S>
struct basic_metric_stat {
    basic_metric<S> metric;
    std::optional<std::int64_t> period;
    typename S::string stat;
    std::optional<typename S::string> unit;
    typename S::extra extra;  // null, or an object of the keys not modeled
};

/// One entry of Trigger.Metrics (SNS) or configuration.metrics (EventBridge).
template <class S>
struct basic_metric_query {
    typename S::string id;
    std::optional<typename S::string> expression;
    std::optional<typename S::string> label;
    std::optional<basic_metric_stat<S>> stat;
    std::optional<bool> return_data;
    std::optional<std::int64_t> period;
    std::optional<typename S::string> account_id;
    typename S::extra extra;  // null, or an object of the keys not modeled
};

/// What the alarm watches and when it fires. Absent for composite alarms.
template <class S>
struct basic_trigger {
    using string = typename S::string;
    string namespace_;                     ///< empty for metric math / anomaly alarms
    string metric_name;                    ///< empty for metric math / anomaly alarms
    std::optional<string> statistic_type;  ///< "Statistic" or "ExtendedStatistic"
    std::optional<string> statistic;       ///< as written: "AVERAGE" (SNS), "Average" (API)
    std::optional<string> extended_statistic;  ///< "p99"
    std::optional<string> unit;
    std::vector<basic_dimension<S>> dimensions;
    std::optional<std::int64_t> period;    ///< seconds
    std::optional<std::int64_t> evaluation_periods;
    std::optional<std::int64_t> datapoints_to_alarm;
    std::optional<string> comparison_operator;
    std::optional<double> threshold;
    std::optional<string> threshold_metric_id;
    /// "missing", "breaching", "notBreaching", "ignore"; CloudWatch's "- TreatMissingData: x"
    /// decoration is removed, the raw text is kept in treat_missing_data_raw.
    std::optional<string> treat_missing_data;
    std::optional<string> treat_missing_data_raw;
    std::optional<string> evaluate_low_sample_count_percentile;
    std::vector<basic_metric_query<S>> metrics;
    typename S::extra extra;  // null, or an object of the keys not modeled
};

/// The state an alarm is in (or was in), with why and since when.
template <class S>
struct basic_state {
    alarm_state value{alarm_state::insufficient_data};
    std::optional<typename S::string> reason;
    std::optional<typename S::string> reason_data;  ///< JSON text, verbatim
    /// The numbers of the reason data's "recentDatapoints" (its last such key), in order: read
    /// from reason_data once, by the reader. Empty when it has none.
    std::vector<double> recent_datapoints;
    basic_timestamp<typename S::string> timestamp;  ///< empty when the payload does not say
    std::optional<typename S::string> actions_suppressed_by;
    std::optional<typename S::string> actions_suppressed_reason;
    typename S::extra extra;  // null, or an object of the keys not modeled
};

/// A child alarm that made a composite alarm change state.
template <class S>
struct basic_triggering_child {
    typename S::string arn;
    std::optional<alarm_state> state;
    basic_timestamp<typename S::string> timestamp;
    typename S::extra extra;  // null, or an object of the keys not modeled
};

template <class S>
struct basic_alarm {
    using string = typename S::string;

    alarm_kind kind{alarm_kind::metric};
    alarm_origin origin{alarm_origin::sns};

    string name;
    std::optional<string> description;
    string account_id;                   ///< may be empty when the payload does not say
    std::optional<string> arn;
    std::optional<string> region;        ///< code, "ap-northeast-2"; absent if unknown
    std::optional<string> region_name;   ///< display name as received (SNS "Region")
    string partition{"aws"};             ///< "aws", "aws-cn", "aws-us-gov"

    basic_state<S> state;
    std::optional<basic_state<S>> previous_state;
    basic_timestamp<string> configuration_updated;  ///< AlarmConfigurationUpdatedTimestamp

    typename S::string_list ok_actions;
    typename S::string_list alarm_actions;
    typename S::string_list insufficient_data_actions;

    std::optional<basic_trigger<S>> trigger;   ///< absent for composite alarms

    // composite alarms
    std::optional<string> alarm_rule;
    /// From TriggeringChildren (SNS), else from the state's reason data ("triggeringAlarms").
    std::vector<basic_triggering_child<S>> triggering_children;
    std::optional<string> actions_suppressor;
    std::optional<std::int64_t> actions_suppressor_wait_period;
    std::optional<std::int64_t> actions_suppressor_extension_period;

    // the EventBridge / Lambda-action envelope
    std::optional<string> event_id;
    basic_timestamp<string> event_time;
    std::vector<string> resources;

    typename S::extra extra;           ///< null, or the keys of the alarm object not modeled
    typename S::extra envelope_extra;  ///< null, or the keys of the event envelope not modeled
};

using dimension = basic_dimension<owning>;
using metric = basic_metric<owning>;
using metric_stat = basic_metric_stat<owning>;
using metric_query = basic_metric_query<owning>;
using trigger = basic_trigger<owning>;
using state = basic_state<owning>;
using triggering_child = basic_triggering_child<owning>;
using alarm = basic_alarm<owning>;
/// An alarm as views into the parsed document (valid until the thread parses again).
using alarm_view = basic_alarm<viewing>;

/// Parses one alarm payload: the JSON of an SNS Message, an EventBridge "CloudWatch Alarm State
/// Change" event, or an alarm Lambda-action payload. Never throws; the limits of parse_options
/// apply (max_input_bytes, depth). (Compiled library.)
ALARMBRIDGE_API result<alarm> parse_alarm(std::string_view json, const parse_options& options = {});

/// The console page of the alarm, partition aware; nullopt when the region is unknown.
/// (Compiled library: the name is percent-encoded with libcurl.)
ALARMBRIDGE_API std::optional<std::string> console_url(const alarm& a);

/// console_url(a), appended to out (no temporaries: the formatter's hot path). False, with
/// nothing appended, when console_url would be nullopt.
ALARMBRIDGE_API bool append_console_url(std::string& out, const alarm& a);
ALARMBRIDGE_API bool append_console_url(std::string& out, const alarm_view& a);

// ---- nlohmann/json adapters: the normalized snake_case form -------------------------------

namespace detail {

template <class Json, class T>
void put_optional(Json& j, const char* key, const std::optional<T>& v) {
    if (v) j[key] = *v;
    else j[key] = nullptr;
}

template <class T>
void get_optional(const nlohmann::json& j, const char* key, std::optional<T>& out) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) out.reset();
    else out = it->template get<T>();
}

/// The parsed time as UTC ISO-8601; null when absent or unparseable (the raw text is written beside it).
inline std::optional<std::string> timestamp_json(const timestamp& t) {
    if (t.empty()) return std::nullopt;
    return iso8601(t);
}

template <class Json>
void put_extra(Json& j, const nlohmann::json& extra, const char* key = "extra") {
    if (!extra.empty()) j[key] = Json(extra);  // converts between nlohmann::json and ordered_json
}

inline nlohmann::json get_extra(const nlohmann::json& j, const char* key = "extra") {
    const auto it = j.find(key);
    return it == j.end() ? nlohmann::json() : *it;
}

inline timestamp get_timestamp(const nlohmann::json& j, const char* raw_key, const char* iso_key) {
    const auto it = j.find(raw_key);
    if (it != j.end() && it->is_string()) return make_timestamp(it->get<std::string>());
    const auto iso = j.find(iso_key);
    if (iso != j.end() && iso->is_string()) return make_timestamp(iso->get<std::string>());
    return {};
}

}  // namespace detail

template <class Json>
void to_json(Json& j, const dimension& d) { j = {{"name", d.name}, {"value", d.value}}; }
inline void from_json(const nlohmann::json& j, dimension& d) {
    j.at("name").get_to(d.name);
    j.at("value").get_to(d.value);
}

template <class Json>
void to_json(Json& j, const metric_stat& s) {
    j = Json::object();
    j["namespace"] = s.metric.namespace_;
    j["metric_name"] = s.metric.name;
    j["dimensions"] = s.metric.dimensions;
    detail::put_optional(j, "period", s.period);
    j["stat"] = s.stat;
    detail::put_optional(j, "unit", s.unit);
    detail::put_extra(j, s.extra);
}
inline void from_json(const nlohmann::json& j, metric_stat& s) {
    j.at("namespace").get_to(s.metric.namespace_);
    j.at("metric_name").get_to(s.metric.name);
    j.at("dimensions").get_to(s.metric.dimensions);
    detail::get_optional(j, "period", s.period);
    j.at("stat").get_to(s.stat);
    detail::get_optional(j, "unit", s.unit);
    s.extra = detail::get_extra(j);
}

template <class Json>
void to_json(Json& j, const metric_query& q) {
    j = Json::object();
    j["id"] = q.id;
    detail::put_optional(j, "expression", q.expression);
    detail::put_optional(j, "label", q.label);
    detail::put_optional(j, "metric_stat", q.stat);
    detail::put_optional(j, "return_data", q.return_data);
    detail::put_optional(j, "period", q.period);
    detail::put_optional(j, "account_id", q.account_id);
    detail::put_extra(j, q.extra);
}
inline void from_json(const nlohmann::json& j, metric_query& q) {
    j.at("id").get_to(q.id);
    detail::get_optional(j, "expression", q.expression);
    detail::get_optional(j, "label", q.label);
    detail::get_optional(j, "metric_stat", q.stat);
    detail::get_optional(j, "return_data", q.return_data);
    detail::get_optional(j, "period", q.period);
    detail::get_optional(j, "account_id", q.account_id);
    q.extra = detail::get_extra(j);
}

template <class Json>
void to_json(Json& j, const trigger& t) {
    j = Json::object();
    j["namespace"] = t.namespace_;
    j["metric_name"] = t.metric_name;
    detail::put_optional(j, "statistic_type", t.statistic_type);
    detail::put_optional(j, "statistic", t.statistic);
    detail::put_optional(j, "extended_statistic", t.extended_statistic);
    detail::put_optional(j, "unit", t.unit);
    j["dimensions"] = t.dimensions;
    detail::put_optional(j, "period", t.period);
    detail::put_optional(j, "evaluation_periods", t.evaluation_periods);
    detail::put_optional(j, "datapoints_to_alarm", t.datapoints_to_alarm);
    detail::put_optional(j, "comparison_operator", t.comparison_operator);
    detail::put_optional(j, "threshold", t.threshold);
    detail::put_optional(j, "threshold_metric_id", t.threshold_metric_id);
    detail::put_optional(j, "treat_missing_data", t.treat_missing_data);
    detail::put_optional(j, "treat_missing_data_raw", t.treat_missing_data_raw);
    detail::put_optional(j, "evaluate_low_sample_count_percentile", t.evaluate_low_sample_count_percentile);
    j["metrics"] = t.metrics;
    detail::put_extra(j, t.extra);
}
inline void from_json(const nlohmann::json& j, trigger& t) {
    j.at("namespace").get_to(t.namespace_);
    j.at("metric_name").get_to(t.metric_name);
    detail::get_optional(j, "statistic_type", t.statistic_type);
    detail::get_optional(j, "statistic", t.statistic);
    detail::get_optional(j, "extended_statistic", t.extended_statistic);
    detail::get_optional(j, "unit", t.unit);
    j.at("dimensions").get_to(t.dimensions);
    detail::get_optional(j, "period", t.period);
    detail::get_optional(j, "evaluation_periods", t.evaluation_periods);
    detail::get_optional(j, "datapoints_to_alarm", t.datapoints_to_alarm);
    detail::get_optional(j, "comparison_operator", t.comparison_operator);
    detail::get_optional(j, "threshold", t.threshold);
    detail::get_optional(j, "threshold_metric_id", t.threshold_metric_id);
    detail::get_optional(j, "treat_missing_data", t.treat_missing_data);
    detail::get_optional(j, "treat_missing_data_raw", t.treat_missing_data_raw);
    detail::get_optional(j, "evaluate_low_sample_count_percentile", t.evaluate_low_sample_count_percentile);
    j.at("metrics").get_to(t.metrics);
    t.extra = detail::get_extra(j);
}

template <class Json>
void to_json(Json& j, const state& s) {
    j = Json::object();
    j["value"] = to_string(s.value);
    detail::put_optional(j, "reason", s.reason);
    detail::put_optional(j, "reason_data", s.reason_data);
    if (!s.recent_datapoints.empty()) j["recent_datapoints"] = s.recent_datapoints;
    detail::put_optional(j, "timestamp", detail::timestamp_json(s.timestamp));
    if (!s.timestamp.empty()) j["timestamp_raw"] = s.timestamp.raw;
    if (s.actions_suppressed_by) j["actions_suppressed_by"] = *s.actions_suppressed_by;
    if (s.actions_suppressed_reason) j["actions_suppressed_reason"] = *s.actions_suppressed_reason;
    detail::put_extra(j, s.extra);
}
inline void from_json(const nlohmann::json& j, state& s) {
    const auto value = alarm_state_from_string(j.at("value").get<std::string>());
    if (!value) throw nlohmann::json::other_error::create(501, "unknown alarm state value", &j);
    s.value = *value;
    detail::get_optional(j, "reason", s.reason);
    detail::get_optional(j, "reason_data", s.reason_data);
    s.recent_datapoints = j.value("recent_datapoints", std::vector<double>{});
    s.timestamp = detail::get_timestamp(j, "timestamp_raw", "timestamp");
    detail::get_optional(j, "actions_suppressed_by", s.actions_suppressed_by);
    detail::get_optional(j, "actions_suppressed_reason", s.actions_suppressed_reason);
    s.extra = detail::get_extra(j);
}

template <class Json>
void to_json(Json& j, const triggering_child& c) {
    j = Json::object();
    j["arn"] = c.arn;
    if (c.state) j["state"] = to_string(*c.state);
    else j["state"] = nullptr;
    detail::put_optional(j, "timestamp", detail::timestamp_json(c.timestamp));
    if (!c.timestamp.empty()) j["timestamp_raw"] = c.timestamp.raw;
    detail::put_extra(j, c.extra);
}
inline void from_json(const nlohmann::json& j, triggering_child& c) {
    j.at("arn").get_to(c.arn);
    const auto it = j.find("state");
    c.state = it == j.end() || it->is_null() ? std::nullopt
                                              : alarm_state_from_string(it->get<std::string>());
    c.timestamp = detail::get_timestamp(j, "timestamp_raw", "timestamp");
    c.extra = detail::get_extra(j);
}

/// The normalized form. Derived values (console_url) are not part of the model; the
/// `alarmbridge parse` command adds them.
template <class Json>
void to_json(Json& j, const alarm& a) {
    j = Json::object();
    j["kind"] = to_string(a.kind);
    j["origin"] = to_string(a.origin);
    j["name"] = a.name;
    detail::put_optional(j, "description", a.description);
    detail::put_optional(j, "arn", a.arn);
    j["account_id"] = a.account_id;
    detail::put_optional(j, "region", a.region);
    detail::put_optional(j, "region_name", a.region_name);
    j["partition"] = a.partition;
    j["state"] = a.state;
    detail::put_optional(j, "previous_state", a.previous_state);
    detail::put_optional(j, "configuration_updated", detail::timestamp_json(a.configuration_updated));
    if (!a.configuration_updated.empty()) j["configuration_updated_raw"] = a.configuration_updated.raw;
    j["ok_actions"] = a.ok_actions;
    j["alarm_actions"] = a.alarm_actions;
    j["insufficient_data_actions"] = a.insufficient_data_actions;
    detail::put_optional(j, "trigger", a.trigger);
    detail::put_optional(j, "alarm_rule", a.alarm_rule);
    j["triggering_children"] = a.triggering_children;
    detail::put_optional(j, "actions_suppressor", a.actions_suppressor);
    detail::put_optional(j, "actions_suppressor_wait_period", a.actions_suppressor_wait_period);
    detail::put_optional(j, "actions_suppressor_extension_period", a.actions_suppressor_extension_period);
    if (a.event_id) j["event_id"] = *a.event_id;
    if (!a.event_time.empty()) {
        detail::put_optional(j, "event_time", detail::timestamp_json(a.event_time));
        j["event_time_raw"] = a.event_time.raw;
    }
    if (!a.resources.empty()) j["resources"] = a.resources;
    detail::put_extra(j, a.extra);
    detail::put_extra(j, a.envelope_extra, "envelope_extra");
}

inline void from_json(const nlohmann::json& j, alarm& a) {
    const auto kind = alarm_kind_from_string(j.at("kind").get<std::string>());
    if (!kind) throw nlohmann::json::other_error::create(501, "unknown alarm kind", &j);
    a.kind = *kind;
    const auto origin_it = j.find("origin");
    a.origin = origin_it == j.end() ? alarm_origin::sns
                                    : alarm_origin_from_string(origin_it->get<std::string>())
                                          .value_or(alarm_origin::sns);
    j.at("name").get_to(a.name);
    detail::get_optional(j, "description", a.description);
    detail::get_optional(j, "arn", a.arn);
    a.account_id = j.value("account_id", std::string{});
    detail::get_optional(j, "region", a.region);
    detail::get_optional(j, "region_name", a.region_name);
    a.partition = j.value("partition", std::string{"aws"});
    j.at("state").get_to(a.state);
    detail::get_optional(j, "previous_state", a.previous_state);
    a.configuration_updated = detail::get_timestamp(j, "configuration_updated_raw", "configuration_updated");
    a.ok_actions = j.value("ok_actions", std::vector<std::string>{});
    a.alarm_actions = j.value("alarm_actions", std::vector<std::string>{});
    a.insufficient_data_actions = j.value("insufficient_data_actions", std::vector<std::string>{});
    detail::get_optional(j, "trigger", a.trigger);
    detail::get_optional(j, "alarm_rule", a.alarm_rule);
    a.triggering_children = j.value("triggering_children", std::vector<triggering_child>{});
    detail::get_optional(j, "actions_suppressor", a.actions_suppressor);
    detail::get_optional(j, "actions_suppressor_wait_period", a.actions_suppressor_wait_period);
    detail::get_optional(j, "actions_suppressor_extension_period", a.actions_suppressor_extension_period);
    detail::get_optional(j, "event_id", a.event_id);
    a.event_time = detail::get_timestamp(j, "event_time_raw", "event_time");
    a.resources = j.value("resources", std::vector<std::string>{});
    a.extra = detail::get_extra(j);
    a.envelope_extra = detail::get_extra(j, "envelope_extra");
}

}  // namespace alarmbridge::cloudwatch
