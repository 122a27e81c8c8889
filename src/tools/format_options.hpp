// The formatting options every command that formats takes (format, send, preview, config):
// --locale en|ko and --style rich|compact|blueprint, as entries of the command's option table.
#pragma once

#include "options.hpp"

#include <alarmbridge/format/alarm_message.hpp>

#include <vector>

namespace alarmbridge::tools {

/// --locale and --style, read into opts.
void add_format_options(std::vector<option>& options, format::options& opts);

}  // namespace alarmbridge::tools
