// Internal: the one reader of events. parse_event reads into owning records and keeps them;
// format::payloads(bytes) reads into viewing records and formats each as soon as it is read.
// Both take every shape, every error and every limit from here, so they cannot disagree.
#pragma once

#include <alarmbridge/event.hpp>

#include "cloudwatch/alarm_parser.hpp"
#include "detail/json_reader.hpp"
#include "sns/message_parser.hpp"

#include <string>
#include <string_view>
#include <type_traits>

namespace alarmbridge::detail {

/// The Message's bytes with simdjson's padding behind them: an owned Message is padded in place;
/// a viewed one is copied into a per-thread buffer.
inline simdjson::padded_string_view padded_message(sns::message& m) { return pad_in_place(m.message); }
inline simdjson::padded_string_view padded_message(sns::basic_message<viewing>& m) {
    return thread_parsers().message.assign(m.message);
}

/// The content of an SNS Message, into body: an alarm in any of its shapes, or text. Fails (with
/// the pointer continuing into the Message) only for a Message that is an alarm in valid JSON
/// but with a bad field, or one longer than max_message_bytes; anything that is not valid JSON,
/// or not an alarm, is text.
template <class S>
bool read_message_body(reader& r, sns::basic_message<S>& m, const path& message_path, const parse_options& options,
                       std::variant<cloudwatch::basic_alarm<S>, basic_text_message<S>>& body) {
    if (m.message.size() > options.max_message_bytes) {
        return r.fail(errc::too_large, message_path,
                      "Message is " + std::to_string(m.message.size()) + " bytes, limit " +
                          std::to_string(options.max_message_bytes));
    }
    auto as_text = [&] {
        body.template emplace<basic_text_message<S>>().text = m.message;
        return true;
    };
    if (m.type != sns::message_type::notification) return as_text();
    // A JSON object starts with '{' after optional whitespace; anything else is text at once.
    const auto first = m.message.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos || m.message[first] != '{') return as_text();

    auto root = thread_parsers().inner.parse(padded_message(m));
    dom::object obj;
    if (!root || root->get_object().get(obj)) return as_text();
    const auto keys = scan_root_keys(obj);
    if (!keys.is_sns_alarm() && !keys.is_alarm_event()) return as_text();
    auto& a = body.template emplace<cloudwatch::basic_alarm<S>>();  // in place: no move
    reader inner;
    if (!read_alarm_document(inner, obj, message_path, keys, a)) return r.adopt(inner.take());
    finish_alarm(a, arn_region(m.topic_arn));
    return true;
}

/// Records[i] of a Lambda SNS event.
template <class S>
bool read_lambda_record(reader& r, const json_value& v, const path& at, const parse_options& options,
                        basic_record<S>& rec) {
    auto& lambda = rec.lambda.emplace();
    bool has_sns = false;
    const bool ok = r.fields(v, at, [&](std::string_view key, const json_value& value, const path& vp) {
        if (is_key(key, "EventSource")) return r.required_string(value, vp, lambda.event_source);
        if (is_key(key, "EventVersion")) return r.required_string(value, vp, lambda.event_version);
        if (is_key(key, "EventSubscriptionArn")) return r.required_string(value, vp, lambda.event_subscription_arn);
        if (is_key(key, "Sns")) {
            has_sns = true;
            dom::object obj;
            if (!r.object(value, vp, obj)) return false;
            auto& message = rec.sns.emplace();
            if (!read_sns_message(r, obj, vp, message)) return false;
            return read_message_body(r, message, vp.child("Message"), options, rec.body);
        }
        return r.keep(lambda.extra, key, value, vp);
    });
    if (!ok) return false;
    if (!lambda.event_source.empty() && lambda.event_source != "aws:sns")
        return r.fail(errc::bad_value, at.child("EventSource"),
                      detail::quoted(lambda.event_source) + " is not an SNS record (expected aws:sns)");
    if (!has_sns) return r.fail(errc::missing_field, at.child("Sns"), "an SNS record needs Sns");
    return true;
}

/// Reads an event of any shape we know, record by record. next(n) gives the result to read the
/// next record into, holding a default record (n: how many records the event has); done(slot) is called once it is read, with the
/// record or its own error, while the document it may view is still alive. Keys of a Lambda SNS
/// event besides Records go to extra. Fails as a whole (and calls done for no record) when the
/// input is not JSON, too large, too deep, holds too many records, or is not an event shape.
template <class S, class Next, class Done>
result<event_kind> read_event(std::string_view bytes, const parse_options& options, typename S::extra& extra,
                              Next&& next, Done&& done) {
    // The whole input is parsed, and so validated, first: anything that is not JSON fails as a
    // whole, before a field is read.
    outer_document document(bytes, options);
    auto& root_value = document.root();
    if (!root_value) return root_value.error();
    dom::object obj;
    if (root_value->get_object().get(obj)) {
        return error{errc::unrecognized_event,
                     "expected a JSON object (an SNS, EventBridge or CloudWatch alarm event), got " +
                         std::string(type_name(type_of(*root_value))),
                     ""};
    }
    const auto keys = scan_root_keys(obj);
    const path root;
    reader whole;  // errors of the input as a whole
    std::size_t count = 1;
    auto one = [&](auto&& read) {
        result<basic_record<S>>& slot = next(count);
        reader r;
        if (!read(r, *slot)) slot = r.take();
        done(slot);
    };

    event_kind kind = event_kind::bare_alarm;
    if (keys.records) {
        kind = event_kind::sns_lambda_event;
        bool has_records = false;
        dom::array records;
        const bool ok = whole.fields(obj, root, [&](std::string_view key, const json_value& value, const path& vp) {
            if (!is_key(key, "Records")) return whole.keep(extra, key, value, vp);
            has_records = true;
            return whole.array(value, vp, records) && within_max_records(whole, records, vp, options);
        });
        if (ok && !has_records) whole.fail(errc::missing_field, root.child("Records"), "Records is missing");
        if (whole.failed()) return whole.take();
        // Records is read after the keys beside it; when the key is repeated, the last one counts
        // (as nlohmann/json reads duplicate keys).
        count = records.size();
        const path records_path = root.child("Records");
        std::size_t i = 0;
        for (const json_value element : records) {
            const path at = records_path.child(i++);
            one([&](reader& r, basic_record<S>& rec) { return read_lambda_record(r, element, at, options, rec); });
        }
        return kind;
    }
    if (keys.is_alarm_event() || keys.is_sns_alarm()) {
        kind = keys.alarm_data ? event_kind::alarm_lambda_action
               : keys.is_alarm_event() ? event_kind::eventbridge
                                       : event_kind::bare_alarm;
        one([&](reader& r, basic_record<S>& rec) {
            auto& a = rec.body.template emplace<cloudwatch::basic_alarm<S>>();
            if (!read_alarm_document(r, obj, root, keys, a)) return false;
            finish_alarm(a, std::string_view{});
            // The payload says what it is: alarmData (Lambda action) or detail (EventBridge).
            if (a.origin == cloudwatch::alarm_origin::lambda_action) kind = event_kind::alarm_lambda_action;
            else if (a.origin == cloudwatch::alarm_origin::eventbridge) kind = event_kind::eventbridge;
            return true;
        });
        return kind;
    }
    if (keys.is_sns_envelope()) {
        one([&](reader& r, basic_record<S>& rec) {
            auto& message = rec.sns.emplace();
            if (!read_sns_message(r, obj, root, message)) return false;
            return read_message_body(r, message, root.child("Message"), options, rec.body);
        });
        return event_kind::sns_http_body;
    }
    return error{errc::unrecognized_event,
                 "not an event we know: expected Records (Lambda SNS event), Type and MessageId (SNS "
                 "HTTP body), detail (EventBridge), alarmData (alarm Lambda action) or AlarmName (alarm)",
                 ""};
}

}  // namespace alarmbridge::detail
