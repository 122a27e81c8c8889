// Internal: the words of the built-in locales (format::locale, find_locale), as the formatter
// picks them.
#pragma once

#include <alarmbridge/format/alarm_message.hpp>

#include <string_view>

namespace alarmbridge::detail {

/// The locale options name, or English when the code is unknown.
const format::locale& words_for(const format::options& o);

/// "ALARM", "OK", "INSUFFICIENT_DATA" in the locale's words.
std::string_view state_word(cloudwatch::alarm_state s, const format::locale& w);

}  // namespace alarmbridge::detail
