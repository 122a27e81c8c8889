#include <alarmbridge/event.hpp>

#include "event_reader.hpp"

namespace alarmbridge {

result<event> parse_event(std::string_view bytes, const parse_options& options) {
    event out;
    // Records are read where they will stay, in the result vector: a record is large (an alarm
    // and an SNS envelope), and moving it in afterwards cost ~15% of a parse.
    auto kind = detail::read_event<owning>(
        bytes, options, out.extra,
        [&](std::size_t total) -> result<record>& {
            if (out.records.empty()) out.records.reserve(total);
            return out.records.emplace_back(std::in_place);
        },
        [](const result<record>&) {});
    if (!kind) return kind.error();
    out.kind = *kind;
    return out;
}

}  // namespace alarmbridge
