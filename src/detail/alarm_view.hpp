// Internal: the alarm and SNS envelope models again, as views.
//
// `format::payloads(bytes)` formats each record the moment it is read, so nothing it reads has to
// outlive the parser's buffers. These types have the members of cloudwatch::alarm and
// sns::message that the readers fill and the formatter reads, with the same names, as string
// views into the parsed document (or into static tables) instead of owned strings. The readers
// and the formatter are templates over the two; one set of reading rules, one layout.
//
// What a view does not keep, it still validates: keys that are not modeled go to `ignored`
// (the document was validated whole already), arrays of strings are checked element by element.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <alarmbridge/cloudwatch/alarm.hpp>
#include <alarmbridge/result.hpp>
#include <alarmbridge/sns/message.hpp>

namespace alarmbridge::detail::view {

/// Stands where the owned models keep what they do not model (`extra`, action lists): accepts
/// anything, keeps nothing.
struct ignored {
    ignored& operator[](std::string_view) noexcept { return *this; }
    template <class T>
    ignored& operator=(const T&) noexcept { return *this; }
};

/// Stands for a list of strings the formatter never reads (action ARNs): checked, not kept.
struct ignored_strings {};

struct timestamp {
    std::string_view raw;
    std::optional<std::int64_t> epoch_ms;
    bool empty() const noexcept { return raw.empty(); }
};

struct dimension {
    std::string_view name;
    std::string_view value;
};

struct metric {
    std::string_view namespace_;
    std::string_view name;
    std::vector<dimension> dimensions;
};

struct metric_stat {
    view::metric metric;
    std::optional<std::int64_t> period;
    std::string_view stat;
    std::optional<std::string_view> unit;
    ignored extra;
};

struct metric_query {
    std::string_view id;
    std::optional<std::string_view> expression;
    std::optional<std::string_view> label;
    std::optional<metric_stat> stat;
    std::optional<bool> return_data;
    std::optional<std::int64_t> period;
    std::optional<std::string_view> account_id;
    ignored extra;
};

struct trigger {
    std::string_view namespace_;
    std::string_view metric_name;
    std::optional<std::string_view> statistic_type;
    std::optional<std::string_view> statistic;
    std::optional<std::string_view> extended_statistic;
    std::optional<std::string_view> unit;
    std::vector<dimension> dimensions;
    std::optional<std::int64_t> period;
    std::optional<std::int64_t> evaluation_periods;
    std::optional<std::int64_t> datapoints_to_alarm;
    std::optional<std::string_view> comparison_operator;
    std::optional<double> threshold;
    std::optional<std::string_view> threshold_metric_id;
    std::optional<std::string_view> treat_missing_data;
    std::optional<std::string_view> treat_missing_data_raw;
    std::optional<std::string_view> evaluate_low_sample_count_percentile;
    std::vector<metric_query> metrics;
    ignored extra;
};

struct state {
    cloudwatch::alarm_state value{cloudwatch::alarm_state::insufficient_data};
    std::optional<std::string_view> reason;
    std::optional<std::string_view> reason_data;
    view::timestamp timestamp;
    std::optional<std::string_view> actions_suppressed_by;
    std::optional<std::string_view> actions_suppressed_reason;
    ignored extra;
};

struct triggering_child {
    std::string_view arn;
    std::optional<cloudwatch::alarm_state> state;
    view::timestamp timestamp;
    ignored extra;
};

struct alarm {
    cloudwatch::alarm_kind kind{cloudwatch::alarm_kind::metric};
    cloudwatch::alarm_origin origin{cloudwatch::alarm_origin::sns};
    std::string_view name;
    std::optional<std::string_view> description;
    std::string_view account_id;
    std::optional<std::string_view> arn;
    std::optional<std::string_view> region;
    std::optional<std::string_view> region_name;
    std::string_view partition{"aws"};
    view::state state;
    std::optional<view::state> previous_state;
    view::timestamp configuration_updated;
    ignored_strings ok_actions;
    ignored_strings alarm_actions;
    ignored_strings insufficient_data_actions;
    std::optional<view::trigger> trigger;
    std::optional<std::string_view> alarm_rule;
    std::vector<triggering_child> triggering_children;
    std::optional<std::string_view> actions_suppressor;
    std::optional<std::int64_t> actions_suppressor_wait_period;
    std::optional<std::int64_t> actions_suppressor_extension_period;
    std::optional<std::string_view> event_id;
    view::timestamp event_time;
    std::vector<std::string_view> resources;  // read: the alarm's ARN may be found among them
    ignored extra;
    ignored envelope_extra;
};

struct message_attribute {
    std::string_view type;
    std::string_view value;
};

struct message_attributes {
    template <class K>
    message_attribute& operator[](const K&) noexcept { return last; }
    message_attribute last;
};

struct message {
    sns::message_type type{sns::message_type::notification};
    std::string_view message_id;
    std::string_view topic_arn;
    std::string_view timestamp;
    std::optional<std::string_view> subject;
    std::string_view message;
    std::optional<std::string_view> token;
    std::optional<std::string_view> signature_version;
    std::optional<std::string_view> signature;
    std::optional<std::string_view> signing_cert_url;
    std::optional<std::string_view> subscribe_url;
    std::optional<std::string_view> unsubscribe_url;
    view::message_attributes message_attributes;
    sns::key_spelling spelling{sns::key_spelling::url_upper};
    ignored extra;
};

struct lambda_record {
    std::string_view event_source;
    std::string_view event_version;
    std::string_view event_subscription_arn;
    ignored extra;
};

}  // namespace alarmbridge::detail::view

namespace alarmbridge::format {
struct options;
}

namespace alarmbridge::detail {

/// The numbers of reason data's "recentDatapoints" array (the last such key, as nlohmann/json
/// reads duplicates), in order, into out (cleared first); nothing when the reason data is not an
/// object with that array. simdjson reads it; what simdjson refuses, nlohmann/json reads.
void recent_datapoints(std::string_view reason_data, std::vector<double>& out);

/// cloudwatch::append_console_url for a view.
bool append_console_url(std::string& out, const view::alarm& a);

/// format::append_alarm_payload for a view: the same formatter.
void append_alarm_payload(std::string& out, const view::alarm& a, const format::options& o);

/// format::payloads(bytes) for what it handles on views: a Lambda SNS event whose every record
/// reads cleanly (an alarm in any shape, or text), or an alarm on its own (EventBridge, an alarm
/// Lambda action, the alarm JSON). Anything else — an error anywhere, a Message that is an
/// object, a composite whose children are in its reason data — is nullopt, and the caller takes
/// the owned path, which says exactly what parse_event says. Each record is formatted as soon as
/// it is read.
std::optional<std::vector<result<std::string>>> view_payloads(std::string_view bytes, const format::options& o,
                                                              const parse_options& limits);

/// Whether T is one of the view types (decides, in the templated readers, what "keep" means).
template <class T>
inline constexpr bool is_view = std::is_same_v<T, view::alarm> || std::is_same_v<T, view::message>;

}  // namespace alarmbridge::detail
