#include "cloudwatch/alarm_parser.hpp"
#include "cloudwatch/reason_data.hpp"

#include <alarmbridge/cloudwatch/region.hpp>

#include <algorithm>

namespace alarmbridge::detail {

using cloudwatch::alarm;
using cloudwatch::alarm_state;

namespace {

/// Either spelling of a key: SNS writes PascalCase, EventBridge camelCase.
template <std::size_t A, std::size_t B>
bool key_is(std::string_view key, const char (&a)[A], const char (&b)[B]) noexcept {
    return is_key(key, a) || is_key(key, b);
}

template <class Extra>
bool keep(reader& r, Extra& extra, std::string_view key, const json_value& v, const path& p) {
    return r.keep(extra, key, v, p);
}

/// The string type of a model: std::string (owning) or std::string_view (viewing).
template <class Model>
using string_of = typename Model::string;

bool read_state_value(reader& r, const json_value& v, const path& p, alarm_state& out) {
    std::string_view text;
    if (!r.required_view(v, p, text)) return false;
    const auto parsed = cloudwatch::alarm_state_from_string(text);
    if (!parsed)
        return r.fail(errc::bad_value, p,
                      "unknown alarm state " + detail::quoted(text) + " (expected OK, ALARM or INSUFFICIENT_DATA)");
    out = *parsed;
    return true;
}

bool read_optional_state_value(reader& r, const json_value& v, const path& p, std::optional<alarm_state>& out) {
    bool n = false;
    if (!r.is_null(v, p, n)) return false;
    if (n) {
        out.reset();
        return true;
    }
    alarm_state s{};
    if (!read_state_value(r, v, p, s)) return false;
    out = s;
    return true;
}

template <class Timestamp>
bool read_timestamp(reader& r, const json_value& v, const path& p, Timestamp& out) {
    std::optional<decltype(out.raw)> raw;
    if (!r.optional_string(v, p, raw)) return false;
    out = Timestamp{};
    if (raw) {
        out.epoch_ms = cloudwatch::parse_epoch_ms(*raw);
        out.raw = std::move(*raw);
    }
    return true;
}

/// Dimensions as SNS writes them ([{"name","value"}], either case) or as EventBridge does ({name: value}).
template <class Dimension>
bool read_dimensions(reader& r, const json_value& v, const path& p, std::vector<Dimension>& out) {
    out.clear();
    json_type t{};
    if (!r.type_of(v, p, t)) return false;
    if (t == json_type::null) {
        bool n = false;
        return r.is_null(v, p, n);
    }
    if (t == json_type::object) {
        return r.fields(v, p, [&](std::string_view key, const json_value& value, const path& vp) {
            out.emplace_back();
            out.back().name = key;
            return r.required_string(value, vp, out.back().value);
        });
    }
    return r.elements(v, p, [&](std::size_t, const json_value& element, const path& ep) {
        Dimension d;
        bool has_name = false, has_value = false;
        const bool ok = r.fields(element, ep, [&](std::string_view key, const json_value& value, const path& vp) {
            if (key_is(key, "name", "Name")) return has_name = true, r.required_string(value, vp, d.name);
            if (key_is(key, "value", "Value")) return has_value = true, r.required_string(value, vp, d.value);
            return r.fail(errc::bad_value, vp, "unexpected key in a dimension (expected name and value)");
        });
        if (!ok) return false;
        if (!has_name) return r.fail(errc::missing_field, ep.child("name"), "a dimension needs a name");
        if (!has_value) return r.fail(errc::missing_field, ep.child("value"), "a dimension needs a value");
        out.push_back(std::move(d));
        return true;
    });
}

template <class Metric, class Extra>
bool read_metric(reader& r, const json_value& v, const path& p, Metric& out, Extra& extra) {
    return r.fields(v, p, [&](std::string_view key, const json_value& value, const path& vp) {
        if (key_is(key, "Namespace", "namespace")) return r.required_string(value, vp, out.namespace_);
        if (key_is(key, "MetricName", "name")) return r.required_string(value, vp, out.name);
        if (key_is(key, "Dimensions", "dimensions")) return read_dimensions(r, value, vp, out.dimensions);
        return keep(r, extra["Metric"], key, value, vp);
    });
}

template <class MetricStat>
bool read_metric_stat(reader& r, const json_value& v, const path& p, MetricStat& out) {
    return r.fields(v, p, [&](std::string_view key, const json_value& value, const path& vp) {
        if (key_is(key, "Metric", "metric")) return read_metric(r, value, vp, out.metric, out.extra);
        if (key_is(key, "Period", "period")) return r.optional_int(value, vp, out.period);
        if (key_is(key, "Stat", "stat")) return r.required_string(value, vp, out.stat);
        if (key_is(key, "Unit", "unit")) return r.optional_string(value, vp, out.unit);
        return keep(r, out.extra, key, value, vp);
    });
}

template <class MetricQuery>
bool read_metric_query(reader& r, const json_value& v, const path& p, MetricQuery& out) {
    return r.fields(v, p, [&](std::string_view key, const json_value& value, const path& vp) {
        if (key_is(key, "Id", "id")) return r.required_string(value, vp, out.id);
        if (key_is(key, "Expression", "expression")) return r.optional_string(value, vp, out.expression);
        if (key_is(key, "Label", "label")) return r.optional_string(value, vp, out.label);
        if (key_is(key, "ReturnData", "returnData")) return r.optional_bool(value, vp, out.return_data);
        if (key_is(key, "Period", "period")) return r.optional_int(value, vp, out.period);
        if (key_is(key, "AccountId", "accountId")) return r.optional_string(value, vp, out.account_id);
        if (key_is(key, "MetricStat", "metricStat")) {
            bool n = false;
            if (!r.is_null(value, vp, n)) return false;
            if (n) return true;
            return read_metric_stat(r, value, vp, out.stat.emplace());
        }
        return keep(r, out.extra, key, value, vp);
    });
}

template <class MetricQuery>
bool read_metric_queries(reader& r, const json_value& v, const path& p, std::vector<MetricQuery>& out) {
    out.clear();
    bool n = false;
    if (!r.is_null(v, p, n)) return false;
    if (n) return true;
    return r.elements(v, p, [&](std::size_t, const json_value& element, const path& ep) {
        out.emplace_back();
        return read_metric_query(r, element, ep, out.back());
    });
}

/// "- TreatMissingData:                    missing" -> "missing" (CloudWatch decorates the value).
template <class String>
std::optional<String> clean_treat_missing_data(std::string_view raw) {
    std::string_view s = raw;
    const auto colon = s.find(':');
    if (s.substr(0, 1) == "-" && colon != std::string_view::npos) s = s.substr(colon + 1);
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    if (s.empty()) return std::nullopt;
    return String(s);
}

template <class Trigger>
bool read_trigger(reader& r, const json_value& v, const path& p, Trigger& t) {
    using string = std::decay_t<decltype(t.metric_name)>;
    return r.fields(v, p, [&](std::string_view key, const json_value& value, const path& vp) {
        if (is_key(key, "MetricName")) return r.required_string(value, vp, t.metric_name);
        if (is_key(key, "Namespace")) return r.required_string(value, vp, t.namespace_);
        if (is_key(key, "StatisticType")) return r.optional_string(value, vp, t.statistic_type);
        if (is_key(key, "Statistic")) return r.optional_string(value, vp, t.statistic);
        if (is_key(key, "ExtendedStatistic")) return r.optional_string(value, vp, t.extended_statistic);
        if (is_key(key, "Unit")) return r.optional_string(value, vp, t.unit);
        if (is_key(key, "Dimensions")) return read_dimensions(r, value, vp, t.dimensions);
        if (is_key(key, "Period")) return r.optional_int(value, vp, t.period);
        if (is_key(key, "EvaluationPeriods")) return r.optional_int(value, vp, t.evaluation_periods);
        if (is_key(key, "DatapointsToAlarm")) return r.optional_int(value, vp, t.datapoints_to_alarm);
        if (is_key(key, "ComparisonOperator")) return r.optional_string(value, vp, t.comparison_operator);
        if (is_key(key, "Threshold")) return r.optional_double(value, vp, t.threshold);
        if (is_key(key, "ThresholdMetricId")) return r.optional_string(value, vp, t.threshold_metric_id);
        if (is_key(key, "TreatMissingData")) {
            if (!r.optional_string(value, vp, t.treat_missing_data_raw)) return false;
            if (t.treat_missing_data_raw && t.treat_missing_data_raw->empty()) t.treat_missing_data_raw.reset();
            t.treat_missing_data = t.treat_missing_data_raw ? clean_treat_missing_data<string>(*t.treat_missing_data_raw)
                                                            : std::nullopt;
            return true;
        }
        if (is_key(key, "EvaluateLowSampleCountPercentile")) {
            if (!r.optional_string(value, vp, t.evaluate_low_sample_count_percentile)) return false;
            auto& e = t.evaluate_low_sample_count_percentile;
            if (e && e->empty()) e.reset();
            return true;
        }
        if (is_key(key, "Metrics")) return read_metric_queries(r, value, vp, t.metrics);
        return keep(r, t.extra, key, value, vp);
    });
}

template <class Child>
bool read_triggering_children(reader& r, const json_value& v, const path& p, std::vector<Child>& out) {
    out.clear();
    bool n = false;
    if (!r.is_null(v, p, n)) return false;
    if (n) return true;
    return r.elements(v, p, [&](std::size_t, const json_value& element, const path& ep) {
        Child child;
        const bool ok = r.fields(element, ep, [&](std::string_view key, const json_value& value, const path& vp) {
            if (key_is(key, "Arn", "arn")) return r.required_string(value, vp, child.arn);
            if (key_is(key, "State", "state")) {
                return r.fields(value, vp, [&](std::string_view k, const json_value& sv, const path& sp) {
                    if (key_is(k, "Value", "value")) return read_optional_state_value(r, sv, sp, child.state);
                    if (key_is(k, "Timestamp", "timestamp")) return read_timestamp(r, sv, sp, child.timestamp);
                    return keep(r, child.extra["State"], k, sv, sp);
                });
            }
            return keep(r, child.extra, key, value, vp);
        });
        if (!ok) return false;
        out.push_back(std::move(child));
        return true;
    });
}

/// A state object of the EventBridge / Lambda-action shapes.
template <class State>
bool read_event_state(reader& r, const json_value& v, const path& p, State& s) {
    bool has_value = false;
    const bool ok = r.fields(v, p, [&](std::string_view key, const json_value& value, const path& vp) {
        if (is_key(key, "value")) return has_value = true, read_state_value(r, value, vp, s.value);
        if (is_key(key, "reason")) return r.optional_string(value, vp, s.reason);
        if (is_key(key, "reasonData")) return r.optional_string(value, vp, s.reason_data);
        if (is_key(key, "timestamp")) return read_timestamp(r, value, vp, s.timestamp);
        if (is_key(key, "actionsSuppressedBy")) return r.optional_string(value, vp, s.actions_suppressed_by);
        if (is_key(key, "actionsSuppressedReason")) return r.optional_string(value, vp, s.actions_suppressed_reason);
        return keep(r, s.extra, key, value, vp);
    });
    if (!ok) return false;
    if (!has_value) return r.fail(errc::missing_field, p.child("value"), "a state needs a value");
    return true;
}

template <class Alarm>
auto& trigger_of(Alarm& a) {
    if (!a.trigger) a.trigger.emplace();
    return *a.trigger;
}

template <class Alarm>
bool read_configuration(reader& r, const json_value& v, const path& p, Alarm& a) {
    return r.fields(v, p, [&](std::string_view key, const json_value& value, const path& vp) {
        if (is_key(key, "description")) return r.optional_string(value, vp, a.description);
        if (is_key(key, "metrics")) return read_metric_queries(r, value, vp, trigger_of(a).metrics);
        if (is_key(key, "alarmRule")) return r.optional_string(value, vp, a.alarm_rule);
        if (is_key(key, "actionsSuppressor")) return r.optional_string(value, vp, a.actions_suppressor);
        if (is_key(key, "actionsSuppressorWaitPeriod")) return r.optional_int(value, vp, a.actions_suppressor_wait_period);
        if (is_key(key, "actionsSuppressorExtensionPeriod"))
            return r.optional_int(value, vp, a.actions_suppressor_extension_period);
        // Threshold settings, when a payload carries them in camelCase.
        if (is_key(key, "thresholdMetricId")) return r.optional_string(value, vp, trigger_of(a).threshold_metric_id);
        if (is_key(key, "comparisonOperator")) return r.optional_string(value, vp, trigger_of(a).comparison_operator);
        if (is_key(key, "threshold")) return r.optional_double(value, vp, trigger_of(a).threshold);
        if (is_key(key, "evaluationPeriods")) return r.optional_int(value, vp, trigger_of(a).evaluation_periods);
        if (is_key(key, "datapointsToAlarm")) return r.optional_int(value, vp, trigger_of(a).datapoints_to_alarm);
        if (is_key(key, "treatMissingData")) {
            auto& t = trigger_of(a);
            if (!r.optional_string(value, vp, t.treat_missing_data_raw)) return false;
            t.treat_missing_data = t.treat_missing_data_raw
                                       ? clean_treat_missing_data<string_of<Alarm>>(*t.treat_missing_data_raw)
                                       : std::nullopt;
            return true;
        }
        return keep(r, a.extra["configuration"], key, value, vp);
    });
}

/// detail (EventBridge) or alarmData (Lambda action).
template <class Alarm>
bool read_alarm_data(reader& r, const json_value& v, const path& p, Alarm& a) {
    bool has_name = false, has_state = false;
    const bool ok = r.fields(v, p, [&](std::string_view key, const json_value& value, const path& vp) {
        if (is_key(key, "alarmName")) return has_name = true, r.required_string(value, vp, a.name);
        if (is_key(key, "state")) return has_state = true, read_event_state(r, value, vp, a.state);
        if (is_key(key, "previousState")) {
            bool n = false;
            if (!r.is_null(value, vp, n)) return false;
            return n || read_event_state(r, value, vp, a.previous_state.emplace());
        }
        if (is_key(key, "configuration")) return read_configuration(r, value, vp, a);
        return keep(r, a.extra, key, value, vp);
    });
    if (!ok) return false;
    if (!has_name) return r.fail(errc::missing_field, p.child("alarmName"), "an alarm needs a name");
    if (!has_state) return r.fail(errc::missing_field, p.child("state"), "an alarm needs its state");
    return true;
}

struct arn_parts {
    std::string_view partition, service, region, account, resource;
};

std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

std::optional<arn_parts> split_arn(std::string_view arn) {
    std::string_view part[5];
    for (auto& field : part) {
        const auto colon = arn.find(':');
        if (colon == std::string_view::npos) return std::nullopt;
        field = trim(arn.substr(0, colon));
        arn.remove_prefix(colon + 1);
    }
    if (part[0] != "arn") return std::nullopt;
    return arn_parts{part[1], part[2], part[3], part[4], arn};
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

root_keys scan_root_keys(const dom::object& root) {
    root_keys out;
    for (const auto field : root) {
        // A decisive key ends the scan: AWS writes Records, Type and AlarmName first.
        const std::string_view key = field.key;
        bool decisive = true;
        if (is_key(key, "Records")) out.records = true;
        else if (is_key(key, "Type")) out.type = true;
        else if (is_key(key, "AlarmName")) out.alarm_name = true;
        else if (is_key(key, "NewStateValue")) out.new_state_value = true;
        else if (is_key(key, "detail")) out.detail = true;
        else if (is_key(key, "detail-type")) out.detail_type = true;
        else if (is_key(key, "alarmData")) out.alarm_data = true;
        else decisive = false;
        if (decisive) break;
    }
    return out;
}

namespace {

template <class Alarm>
bool read_sns_alarm(reader& r, const dom::object& obj, const path& at, Alarm& a) {
    a.origin = cloudwatch::alarm_origin::sns;
    bool has_name = false, has_state = false;
    std::optional<alarm_state> old_state;
    const bool ok = r.fields(obj, at, [&](std::string_view key, const json_value& value, const path& vp) {
        if (is_key(key, "AlarmName")) return has_name = true, r.required_string(value, vp, a.name);
        if (is_key(key, "AlarmDescription")) return r.optional_string(value, vp, a.description);
        if (is_key(key, "AWSAccountId")) {
            std::optional<string_of<Alarm>> account;
            if (!r.optional_string(value, vp, account)) return false;
            a.account_id = account ? std::move(*account) : string_of<Alarm>{};
            return true;
        }
        if (is_key(key, "AlarmArn")) return r.optional_string(value, vp, a.arn);
        if (is_key(key, "Region")) return r.optional_string(value, vp, a.region_name);
        if (is_key(key, "NewStateValue")) return has_state = true, read_state_value(r, value, vp, a.state.value);
        if (is_key(key, "NewStateReason")) return r.optional_string(value, vp, a.state.reason);
        if (is_key(key, "NewStateReasonData")) return r.optional_string(value, vp, a.state.reason_data);
        if (is_key(key, "StateChangeTime")) return read_timestamp(r, value, vp, a.state.timestamp);
        if (is_key(key, "OldStateValue")) return read_optional_state_value(r, value, vp, old_state);
        if (is_key(key, "AlarmConfigurationUpdatedTimestamp")) return read_timestamp(r, value, vp, a.configuration_updated);
        if (is_key(key, "OKActions")) return r.string_array(value, vp, a.ok_actions);
        if (is_key(key, "AlarmActions")) return r.string_array(value, vp, a.alarm_actions);
        if (is_key(key, "InsufficientDataActions")) return r.string_array(value, vp, a.insufficient_data_actions);
        if (is_key(key, "Trigger")) {
            bool n = false;
            if (!r.is_null(value, vp, n)) return false;
            return n || read_trigger(r, value, vp, trigger_of(a));
        }
        if (is_key(key, "AlarmRule")) return r.optional_string(value, vp, a.alarm_rule);
        if (is_key(key, "TriggeringChildren")) return read_triggering_children(r, value, vp, a.triggering_children);
        if (is_key(key, "ActionsSuppressedBy")) return r.optional_string(value, vp, a.state.actions_suppressed_by);
        if (is_key(key, "ActionsSuppressedReason")) return r.optional_string(value, vp, a.state.actions_suppressed_reason);
        if (is_key(key, "ActionsSuppressor")) return r.optional_string(value, vp, a.actions_suppressor);
        if (is_key(key, "ActionsSuppressorWaitPeriod")) return r.optional_int(value, vp, a.actions_suppressor_wait_period);
        if (is_key(key, "ActionsSuppressorExtensionPeriod"))
            return r.optional_int(value, vp, a.actions_suppressor_extension_period);
        return keep(r, a.extra, key, value, vp);
    });
    if (!ok) return false;
    if (!has_name) return r.fail(errc::missing_field, at.child("AlarmName"), "an alarm needs a name");
    if (!has_state) return r.fail(errc::missing_field, at.child("NewStateValue"), "an alarm needs its new state");
    if (old_state) {
        a.previous_state.emplace();
        a.previous_state->value = *old_state;
    }
    return true;
}

template <class Alarm>
bool read_alarm_event(reader& r, const dom::object& obj, const path& at, Alarm& a) {
    bool has_data = false;
    std::optional<string_of<Alarm>> detail_type, source, envelope_region;
    const bool ok = r.fields(obj, at, [&](std::string_view key, const json_value& value, const path& vp) {
        if (is_key(key, "detail") || is_key(key, "alarmData")) {
            a.origin = is_key(key, "detail") ? cloudwatch::alarm_origin::eventbridge : cloudwatch::alarm_origin::lambda_action;
            return has_data = true, read_alarm_data(r, value, vp, a);
        }
        if (is_key(key, "detail-type")) return r.optional_string(value, vp, detail_type);
        if (is_key(key, "source")) return r.optional_string(value, vp, source);
        if (is_key(key, "id")) return r.optional_string(value, vp, a.event_id);
        if (is_key(key, "time")) return read_timestamp(r, value, vp, a.event_time);
        if (is_key(key, "region")) return r.optional_string(value, vp, envelope_region);
        if (is_key(key, "account") || is_key(key, "accountId")) {
            std::optional<string_of<Alarm>> account;
            if (!r.optional_string(value, vp, account)) return false;
            if (account) a.account_id = string_of<Alarm>(trim(*account));
            return true;
        }
        if (is_key(key, "alarmArn")) return r.optional_string(value, vp, a.arn);
        if (is_key(key, "resources")) return r.string_array(value, vp, a.resources);
        return keep(r, a.envelope_extra, key, value, vp);
    });
    if (!ok) return false;
    if (!has_data) return r.fail(errc::missing_field, at.child("detail"), "an alarm event needs detail or alarmData");
    if (detail_type && *detail_type != "CloudWatch Alarm State Change")
        return r.fail(errc::bad_value, at.child("detail-type"),
                      detail::quoted(*detail_type) + " is not a CloudWatch Alarm State Change event");
    if (source) a.envelope_extra["source"] = *source;
    if (detail_type) a.envelope_extra["detail-type"] = *detail_type;
    if (!a.arn) {
        for (const auto& res : a.resources) {
            const auto parts = split_arn(res);
            if (parts && parts->service == "cloudwatch" && starts_with(parts->resource, "alarm:")) {
                a.arn = res;
                break;
            }
        }
    }
    if (envelope_region) a.region = *envelope_region;
    return true;
}

}  // namespace

template <class S>
bool read_alarm_document(reader& r, const dom::object& obj, const path& root, const root_keys& keys,
                         cloudwatch::basic_alarm<S>& out) {
    return keys.is_alarm_event() ? read_alarm_event(r, obj, root, out) : read_sns_alarm(r, obj, root, out);
}

template <class S>
void finish_alarm(cloudwatch::basic_alarm<S>& a, std::string_view fallback_region) {
    using Alarm = cloudwatch::basic_alarm<S>;
    using string = string_of<Alarm>;
    // Region and partition: the ARN when it names a region, then the envelope's region code,
    // then the display name, then the caller's fallback (the SNS topic's region).
    std::optional<arn_parts> arn;
    if (a.arn) arn = split_arn(*a.arn);
    if (arn && cloudwatch::looks_like_region_code(arn->region)) a.region = string(arn->region);
    if (a.region && !cloudwatch::looks_like_region_code(*a.region)) a.region.reset();
    if (!a.region && a.region_name) {
        if (const auto* info = cloudwatch::find_region_by_name(*a.region_name)) a.region = string(info->code);
    }
    if (!a.region && cloudwatch::looks_like_region_code(fallback_region)) a.region = string(fallback_region);
    if (arn && starts_with(arn->partition, "aws")) a.partition = string(arn->partition);
    else if (a.region) a.partition = string(cloudwatch::partition_of_region(*a.region));
    if (a.account_id.empty() && arn) a.account_id = string(arn->account);

    // The reason data, read once: its recent datapoints, and a composite's children when the
    // payload has no TriggeringChildren.
    // (The previous state's first: a viewing composite's children view the reason parser.)
    const bool composite = a.alarm_rule.has_value();
    if (a.previous_state) read_reason_data<S>(*a.previous_state, nullptr);
    read_reason_data(a.state, composite && a.triggering_children.empty() ? &a.triggering_children : nullptr);
    if (composite) {
        a.kind = cloudwatch::alarm_kind::composite;
        return;
    }
    if (!a.trigger) a.trigger.emplace();
    auto& t = *a.trigger;
    const bool has_expression = std::any_of(t.metrics.begin(), t.metrics.end(),
                                            [](const auto& q) { return q.expression.has_value(); });
    const bool band = (t.threshold_metric_id && !t.threshold_metric_id->empty()) ||
                      (t.comparison_operator && cloudwatch::is_band_operator(*t.comparison_operator)) ||
                      std::any_of(t.metrics.begin(), t.metrics.end(), [](const auto& q) {
                          return q.expression && q.expression->find("ANOMALY_DETECTION_BAND") != std::string_view::npos;
                      });
    if (band) a.kind = cloudwatch::alarm_kind::anomaly_detection;
    else if (has_expression) a.kind = cloudwatch::alarm_kind::metric_math;
    else a.kind = cloudwatch::alarm_kind::metric;

    // An EventBridge metric alarm states its one metric as a query; lift it into the trigger.
    if (a.kind == cloudwatch::alarm_kind::metric && t.metrics.size() == 1 && t.metrics[0].stat &&
        t.metric_name.empty()) {
        const auto& s = *t.metrics[0].stat;
        t.namespace_ = s.metric.namespace_;
        t.metric_name = s.metric.name;
        t.dimensions = s.metric.dimensions;
        if (!t.period) t.period = s.period;
        if (!t.statistic) t.statistic = s.stat;
        if (!t.unit) t.unit = s.unit;
    }
}

// One reader, both models: owning (parse_event, parse_alarm) and viewing (format::payloads).
template bool read_alarm_document<owning>(reader&, const dom::object&, const path&, const root_keys&, alarm&);
template bool read_alarm_document<viewing>(reader&, const dom::object&, const path&, const root_keys&,
                                           cloudwatch::alarm_view&);
template void finish_alarm<owning>(alarm&, std::string_view);
template void finish_alarm<viewing>(cloudwatch::alarm_view&, std::string_view);


}  // namespace alarmbridge::detail

namespace alarmbridge::cloudwatch {

result<alarm> parse_alarm(std::string_view json, const parse_options& options) {
    namespace d = alarmbridge::detail;
    d::outer_document document(json, options);
    auto& root_value = document.root();
    if (!root_value) return root_value.error();
    d::dom::object obj;
    if (root_value->get_object().get(obj)) return error{errc::unrecognized_event, "expected a JSON object", ""};
    const auto keys = d::scan_root_keys(obj);
    if (!keys.is_alarm_event() && !keys.is_sns_alarm())
        return error{errc::unrecognized_event, "not a CloudWatch alarm (no AlarmName, detail or alarmData)", ""};
    d::reader r;
    alarm a;
    if (!d::read_alarm_document(r, obj, d::path{}, keys, a)) return r.take();
    d::finish_alarm(a, {});
    return a;
}

}  // namespace alarmbridge::cloudwatch
