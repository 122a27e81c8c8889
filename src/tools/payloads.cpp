// The Slack payloads of one event: see payloads.hpp.
#include "payloads.hpp"

#include <alarmbridge/event.hpp>

namespace alarmbridge::tools {

result<std::vector<result<std::string>>> event_payloads(std::string_view event_json, const format::options& opts,
                                                         const parse_options& parsing, const verify_request& verify) {
    if (!verify.on) return format::payloads(event_json, opts, parsing);  // straight from the bytes
    const std::string input(event_json);
    auto event = parse_event(input, parsing);
    drop_unverified(event, input, verify.settings);
    if (!event) return event.error();
    return format::payloads(*event, opts);
}

}  // namespace alarmbridge::tools
