// The one-line summary of what an alarm watches (the template is in trigger_summary.hpp).
#include "format/trigger_summary.hpp"

namespace alarmbridge::detail {

void append_period(std::string& out, std::int64_t seconds, const format::locale& w) {
    std::int64_t n = seconds;
    std::string_view unit = w.seconds;
    if (seconds > 0 && seconds % 86400 == 0) n = seconds / 86400, unit = w.days;
    else if (seconds > 0 && seconds % 3600 == 0) n = seconds / 3600, unit = w.hours;
    else if (seconds > 0 && seconds % 60 == 0) n = seconds / 60, unit = w.minutes;
    append_int(out, n);
    out += ' ';
    out += unit;
}

std::string_view operator_text(std::string_view op) {
    if (op == "GreaterThanThreshold") return ">";
    if (op == "GreaterThanOrEqualToThreshold") return "\xE2\x89\xA5";  // ≥
    if (op == "LessThanThreshold") return "<";
    if (op == "LessThanOrEqualToThreshold") return "\xE2\x89\xA4";  // ≤
    return op;
}

}  // namespace alarmbridge::detail

namespace alarmbridge::format {

std::string trigger_summary(const cloudwatch::alarm& a, const locale& w) {
    std::string out;
    detail::append_trigger_summary(out, a, w);
    return out;
}

}  // namespace alarmbridge::format
