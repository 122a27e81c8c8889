#include <alarmbridge/event.hpp>
#include <alarmbridge/format/alarm_message.hpp>

#include "cloudwatch/alarm_parser.hpp"
#include "detail/json_reader.hpp"
#include "sns/message_parser.hpp"

namespace alarmbridge {

namespace {

using detail::is_key;
using detail::path;
using detail::reader;
using cw_origin = cloudwatch::alarm_origin;

/// The Message's bytes with simdjson's padding behind them: an owned Message is padded in place;
/// a view's is copied into a per-thread buffer.
template <class Message>
simdjson::padded_string_view padded_message(Message& m) {
    if constexpr (detail::is_view<Message>) {
        return detail::thread_parsers().message.assign(m.message);
    } else {
        return detail::pad_in_place(m.message);
    }
}

/// The content of an SNS Message: an alarm in any of its shapes, or text. Fails (with the
/// pointer continuing into the Message) only for a Message that is an alarm in valid JSON but
/// with a bad field; anything that is not valid JSON, or not an alarm, is text.
/// as_text() takes the Message as text; new_alarm() gives the alarm to read it into.
template <class Message, class AsText, class NewAlarm>
bool read_message_body(reader& r, Message& m, const path& message_path, std::size_t max_message_bytes,
                       AsText&& as_text, NewAlarm&& new_alarm) {
    if (m.message.size() > max_message_bytes) {
        return r.fail(errc::too_large, message_path,
                      "Message is " + std::to_string(m.message.size()) + " bytes, limit " +
                          std::to_string(max_message_bytes));
    }
    if (m.type != sns::message_type::notification) return as_text();
    // A JSON object starts with '{' after optional whitespace; anything else is text at once.
    const auto first = m.message.find_first_not_of(" \t\r\n");
    if (first == decltype(m.message)::npos || m.message[first] != '{') return as_text();

    // Anything that is not valid JSON, or not an alarm, is text.
    auto root = detail::thread_parsers().inner.parse(padded_message(m));
    detail::dom::object obj;
    if (!root || root->get_object().get(obj)) return as_text();
    const auto keys = detail::scan_root_keys(obj);
    if (!keys.is_sns_alarm() && !keys.is_alarm_event()) return as_text();
    auto& a = new_alarm();
    reader inner;
    if (!detail::read_alarm_document(inner, obj, message_path, keys, a)) return r.adopt(inner.take());
    if (!detail::finish_alarm<std::decay_t<decltype(a)>>(a, detail::arn_region(m.topic_arn)))
        return r.fail(errc::bad_value, message_path, "needs the owned model");  // views only
    return true;
}

bool read_message_body(reader& r, sns::message& m, const path& message_path, const parse_options& options,
                       std::variant<cloudwatch::alarm, text_message>& body) {
    return read_message_body(
        r, m, message_path, options.max_message_bytes,
        [&]() {
            body = text_message{m.message};
            return true;
        },
        [&]() -> cloudwatch::alarm& { return body.emplace<cloudwatch::alarm>(); });  // in place: no move
}

/// Records[i] of a Lambda SNS event, into an owned sns::lambda_record or a view of one.
/// new_message() gives the SNS message to read the Sns object into (a fresh one each time);
/// read_body(message, message_path) reads what it carries.
template <class Lambda, class NewMessage, class ReadBody>
bool read_lambda_fields(reader& r, const detail::json_value& v, const path& at, Lambda& lambda,
                        NewMessage&& new_message, ReadBody&& read_body) {
    bool has_sns = false;
    const bool ok = r.fields(v, at, [&](std::string_view key, const detail::json_value& value, const path& vp) {
        if (is_key(key, "EventSource")) return r.required_string(value, vp, lambda.event_source);
        if (is_key(key, "EventVersion")) return r.required_string(value, vp, lambda.event_version);
        if (is_key(key, "EventSubscriptionArn")) return r.required_string(value, vp, lambda.event_subscription_arn);
        if (is_key(key, "Sns")) {
            has_sns = true;
            detail::dom::object obj;
            if (!r.object(value, vp, obj)) return false;
            auto& message = new_message();
            if (!detail::read_sns_message(r, obj, vp, message)) return false;
            return read_body(message, vp.child("Message"));
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

bool read_lambda_record(reader& r, const detail::json_value& v, const path& at, const parse_options& options,
                        record& rec) {
    sns::lambda_record lambda;
    const bool ok = read_lambda_fields(
        r, v, at, lambda, [&]() -> sns::message& { return rec.sns.emplace(); },
        [&](sns::message& m, const path& message_path) {
            return read_message_body(r, m, message_path, options, rec.body);
        });
    if (!ok) return false;
    rec.lambda = std::move(lambda);
    return true;
}

}  // namespace

result<event> parse_event(std::string_view bytes, const parse_options& options) {
    // The whole input is parsed, and so validated, first: anything that is not JSON fails as a
    // whole, before a field is read.
    detail::outer_document document(bytes, options);
    auto& root_value = document.root();
    if (!root_value) return root_value.error();
    detail::dom::object obj;
    if (root_value->get_object().get(obj)) {
        return error{errc::unrecognized_event,
                     "expected a JSON object (an SNS, EventBridge or CloudWatch alarm event), got " +
                         std::string(detail::type_name(detail::type_of(*root_value))),
                     ""};
    }
    const auto keys = detail::scan_root_keys(obj);
    const path root;
    event out;
    reader whole;  // errors of the input as a whole

    // Records are parsed where they will stay, in the result vector: a record is large (an
    // alarm and an SNS envelope), and moving it in afterwards cost ~15% of a parse.
    auto single = [&](auto&& read) {
        reader r;
        out.records.emplace_back(std::in_place);
        if (!read(r, *out.records.back())) out.records.back() = r.take();
    };

    if (keys.records) {
        out.kind = event_kind::sns_lambda_event;
        bool has_records = false;
        const bool ok = whole.fields(obj, root, [&](std::string_view key, const detail::json_value& value, const path& vp) {
            if (!is_key(key, "Records")) return whole.any(value, vp, out.extra[std::string(key)]);
            has_records = true;
            detail::dom::array arr;
            if (!whole.array(value, vp, arr) || !detail::within_max_records(whole, arr, vp, options)) return false;
            out.records.reserve(arr.size());
            std::size_t i = 0;
            for (const detail::json_value element : arr) {
                const path at = vp.child(i++);
                reader r;
                out.records.emplace_back(std::in_place);
                if (!read_lambda_record(r, element, at, options, *out.records.back())) out.records.back() = r.take();
            }
            return true;
        });
        if (ok && !has_records) whole.fail(errc::missing_field, root.child("Records"), "Records is missing");
    } else if (keys.is_alarm_event() || keys.is_sns_alarm()) {
        out.kind = keys.alarm_data ? event_kind::alarm_lambda_action
                   : keys.is_alarm_event() ? event_kind::eventbridge
                                           : event_kind::bare_alarm;
        single([&](reader& r, record& rec) {
            auto& a = rec.body.emplace<cloudwatch::alarm>();
            if (!detail::read_alarm_document(r, obj, root, keys, a)) return false;
            detail::finish_alarm(a);
            // The payload says what it is: alarmData (Lambda action) or detail (EventBridge).
            if (a.origin == cw_origin::lambda_action) out.kind = event_kind::alarm_lambda_action;
            else if (a.origin == cw_origin::eventbridge) out.kind = event_kind::eventbridge;
            return true;
        });
    } else if (keys.is_sns_envelope()) {
        out.kind = event_kind::sns_http_body;
        single([&](reader& r, record& rec) {
            if (!detail::read_sns_message(r, obj, root, rec.sns.emplace())) return false;
            const path message_path = root.child("Message");
            return read_message_body(r, *rec.sns, message_path, options, rec.body);
        });
    } else {
        whole.fail(errc::unrecognized_event, root,
                   "not an event we know: expected Records (Lambda SNS event), Type and MessageId (SNS "
                   "HTTP body), detail (EventBridge), alarmData (alarm Lambda action) or AlarmName (alarm)");
    }
    if (whole.failed()) return whole.take();
    return out;
}

}  // namespace alarmbridge

namespace alarmbridge::detail {

namespace {
std::string payload_of(const view::alarm& a, const format::options& o) {
    std::string payload;
    payload.reserve(4096);  // a rich alarm message is 1-3 KB
    append_alarm_payload(payload, a, o);
    return payload;
}
}  // namespace

std::optional<std::vector<result<std::string>>> view_payloads(std::string_view bytes, const format::options& o,
                                                              const parse_options& limits) {
    outer_document document(bytes, limits);
    auto& root_value = document.root();
    dom::object root_object;
    if (!root_value || root_value->get_object().get(root_object)) return std::nullopt;
    const auto keys = scan_root_keys(root_object);
    if (!keys.records) {
        // An alarm on its own: EventBridge, an alarm Lambda action, or the alarm JSON itself.
        if (!keys.is_alarm_event() && !keys.is_sns_alarm()) return std::nullopt;
        reader r;
        view::alarm a;
        if (!read_alarm_document(r, root_object, path{}, keys, a) || !finish_alarm(a, std::string_view{}))
            return std::nullopt;
        std::vector<result<std::string>> out;
        out.emplace_back(payload_of(a, o));
        return out;
    }
    // Keys beside Records are kept by parse_event, and never formatted. Records twice: the owned
    // path says what that means.
    dom::array records;
    bool has_records = false;
    for (const auto field : root_object) {
        if (!is_key(field.key, "Records")) continue;
        if (has_records || field.value.get_array().get(records)) return std::nullopt;
        has_records = true;
    }
    if (!has_records || records.size() > limits.max_records) return std::nullopt;

    std::vector<result<std::string>> out;
    out.reserve(records.size());
    const path root;
    const path records_path = root.child("Records");
    std::size_t i = 0;
    for (const json_value element : records) {
        const path at = records_path.child(i++);
        reader r;
        view::lambda_record lambda;
        view::message message;
        view::alarm a;
        enum class body { none, alarm, text } kind = body::none;
        const bool ok = read_lambda_fields(
            r, element, at, lambda,
            [&]() -> view::message& {
                message = view::message{};
                return message;
            },
            [&](view::message& m, const path& message_path) {
                kind = body::none;
                return read_message_body(
                    r, m, message_path, limits.max_message_bytes,
                    [&]() {
                        kind = body::text;
                        return true;
                    },
                    [&]() -> view::alarm& {
                        kind = body::alarm;
                        a = view::alarm{};
                        return a;
                    });
            });
        if (!ok || kind == body::none) return std::nullopt;
        if (kind == body::text) {
            std::optional<std::string> subject;
            if (message.subject) subject.emplace(*message.subject);
            out.emplace_back(format::text_payload(message.message, subject, o));
            continue;
        }
        out.emplace_back(payload_of(a, o));
    }
    return out;
}

}  // namespace alarmbridge::detail
