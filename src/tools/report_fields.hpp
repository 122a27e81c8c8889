// The members every JSON report of parse, format and send shares: where an element came from
// (line with --lines, record) and an error, written the same way by each.
#pragma once

#include <alarmbridge/detail/json_writer.hpp>
#include <alarmbridge/result.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>

namespace alarmbridge::tools {

/// "line": n when the input is read by lines (line != 0).
inline void write_line(detail::json_writer& w, std::size_t line) {
    if (line == 0) return;
    w.key("line");
    w.value(static_cast<std::int64_t>(line));
}

/// "record": i, or null for what is not one record (an input that failed as a whole).
inline void write_record(detail::json_writer& w, std::optional<std::size_t> record) {
    w.key("record");
    if (record) w.value(static_cast<std::int64_t>(*record));
    else w.null();
}

/// "error": {"code", "where", "message"}: the message whole (it says where in the input).
inline void write_error(detail::json_writer& w, const error& e) {
    w.key("error");
    w.begin_object();
    w.key("code");
    w.value(to_string(e.code));
    w.key("where");
    w.value(e.where);
    w.key("message");
    w.value(e.message);
    w.end_object();
}

}  // namespace alarmbridge::tools
