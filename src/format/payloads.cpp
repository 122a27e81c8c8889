// The formatter's entry points: an alarm or a plain-text SNS message as a slack::message (the
// layout, layout.hpp) or as its payload bytes (that message written by slack::write), and every
// record of an event, in record order.
#include <alarmbridge/format/alarm_message.hpp>

#include "event_reader.hpp"
#include "format/layout.hpp"

namespace alarmbridge::format {

using cloudwatch::alarm;

void append_alarm_payload(std::string& out, const alarm& a, const options& o) {
    detail::append_alarm_bytes(out, a, o);
}

std::string alarm_payload(const alarm& a, const options& o) {
    std::string out;
    out.reserve(4096);  // a rich alarm message is 1-3 KB
    append_alarm_payload(out, a, o);
    return out;
}

slack::message alarm_message(const alarm& a, const options& o) {
    slack::message m;
    detail::alarm_layout(m, a, o);
    return m;
}

namespace {
std::optional<std::string_view> view_of(const std::optional<std::string>& s) {
    return s ? std::optional<std::string_view>(*s) : std::nullopt;
}
}  // namespace

slack::message text_message(std::string_view text, const std::optional<std::string>& subject, const options& o) {
    slack::message m;
    detail::text_layout(m, text, view_of(subject), o);
    return m;
}

std::string text_payload(std::string_view text, const std::optional<std::string>& subject, const options& o) {
    slack::message& m = detail::reused_message();
    detail::text_layout(m, text, view_of(subject), o);
    std::string out;
    detail::json_writer w(out);
    slack::write(w, m);
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
            out.emplace_back(for_text(std::get<alarmbridge::text_message>(rec->body).text, subject));
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
            std::string payload;
            payload.reserve(4096);  // a rich alarm message is 1-3 KB
            slack::message& m = detail::reused_message();
            if (const auto* a = std::get_if<cloudwatch::alarm_view>(&rec->body)) {
                detail::alarm_layout(m, *a, o);
            } else {
                std::optional<std::string_view> subject;
                if (rec->sns && rec->sns->subject) subject = *rec->sns->subject;
                detail::text_layout(m, std::get<basic_text_message<viewing>>(rec->body).text, subject, o);
            }
            detail::json_writer w(payload);
            slack::write(w, m);
            out.emplace_back(std::move(payload));
        });
    if (!kind) return kind.error();
    return out;
}

}  // namespace alarmbridge::format
