// alarmbridge/event.hpp - whatever AWS hands a function when an alarm changes state, read into
// one result per record.
//
//   auto event = alarmbridge::parse_event(bytes);       // result<alarmbridge::event>, never throws
//   if (!event) return fail(event.error());             // the whole input was unusable
//   for (const auto& rec : event->records) {            // one per record, none dropped
//       if (!rec) { log(rec.error().describe()); continue; }
//       if (auto* a = std::get_if<alarmbridge::cloudwatch::alarm>(&rec->body)) ...
//   }
#pragma once

#include <alarmbridge/cloudwatch/alarm.hpp>
#include <alarmbridge/export.hpp>
#include <alarmbridge/parse_options.hpp>
#include <alarmbridge/result.hpp>
#include <alarmbridge/sns/message.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace alarmbridge {

/// What parse_event recognized.
enum class event_kind {
    sns_lambda_event,     ///< {"Records": [{"EventSource": "aws:sns", "Sns": {...}}, ...]}
    sns_http_body,        ///< the body SNS POSTs to an HTTP(S) subscription
    eventbridge,          ///< "CloudWatch Alarm State Change" with "detail"
    alarm_lambda_action,  ///< an alarm's Lambda action payload with "alarmData"
    bare_alarm,           ///< the alarm JSON alone, as inside an SNS Message
};

constexpr std::string_view to_string(event_kind k) noexcept {
    switch (k) {
        case event_kind::sns_lambda_event: return "sns_lambda_event";
        case event_kind::sns_http_body: return "sns_http_body";
        case event_kind::eventbridge: return "eventbridge";
        case event_kind::alarm_lambda_action: return "alarm_lambda_action";
        case event_kind::bare_alarm: return "bare_alarm";
    }
    return "bare_alarm";
}

/// An SNS message that is not an alarm (SNS carries any text): delivered as text, not an error.
template <class S>
struct basic_text_message {
    typename S::string text;
};

/// One record of the event, generic over how it holds text (alarmbridge/storage.hpp).
template <class S>
struct basic_record {
    std::optional<sns::basic_message<S>> sns;          ///< the envelope, when the record came through SNS
    std::optional<sns::basic_lambda_record<S>> lambda; ///< the Lambda record fields, for a Lambda SNS event
    std::variant<cloudwatch::basic_alarm<S>, basic_text_message<S>> body;
};

using text_message = basic_text_message<owning>;
using record = basic_record<owning>;

struct event {
    event_kind kind{event_kind::bare_alarm};
    /// One entry per record, in order; a record that failed carries its own error.
    std::vector<result<record>> records;
    /// Top-level keys of a Lambda SNS event besides Records, kept verbatim.
    nlohmann::json extra;  // null, or an object of the keys not modeled
};

/// Recognizes what it was handed and returns one result per record. Fails as a whole only when
/// the input is not JSON, too large, too deep or holds too many records (parse_options), or is
/// not an event shape we know. Never throws.
/// Thread-safe: parser state is per thread. (Compiled library.)
ALARMBRIDGE_API result<event> parse_event(std::string_view bytes, const parse_options& options = {});

}  // namespace alarmbridge
