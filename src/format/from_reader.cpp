// What the formatter takes from the readers' internals (src/detail/alarm_view.hpp): the layout
// for the view of an alarm that format::payloads(bytes) reads, and reason data's recent
// datapoints, parsed at format time; and format::payloads(bytes), which formats from views first.
// Every reference to the view types is in this file.
//
// alarm_view.hpp comes first: append_console_link (links.hpp) finds the view's console URL by
// ordinary lookup, cloudwatch::alarm's by argument-dependent lookup.
#include "detail/alarm_view.hpp"
#include "format/layout.hpp"

#include <vector>

namespace alarmbridge::detail {

void append_alarm_payload(std::string& out, const view::alarm& a, const format::options& o) {
    append_alarm_bytes(out, a, o);
}

void append_recent_datapoints(std::string& out, std::string_view reason_data, const format::locale& w) {
    thread_local std::vector<double> values;
    recent_datapoints(reason_data, values);
    if (values.empty()) return;
    slack::mrkdwn::append_escaped(out, w.recent_datapoints);
    out += ": ";
    joiner list(out, ", ");
    for (const double v : values) list.add_with([&](std::string& o) { append_number(o, v); });
}

}  // namespace alarmbridge::detail

namespace alarmbridge::format {

result<std::vector<result<std::string>>> payloads(std::string_view event_json, const options& o,
                                                  const parse_options& parsing) {
    // Lambda SNS events of alarms, the traffic this is for, are formatted from views of the
    // parsed bytes as each record is read; anything else through the owned model.
    if (auto fast = detail::view_payloads(event_json, o, parsing))
        return std::move(*fast);
    auto e = parse_event(event_json, parsing);
    if (!e) return e.error();
    return payloads(*e, o);
}

}  // namespace alarmbridge::format
