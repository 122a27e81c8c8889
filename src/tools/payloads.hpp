// The Slack payloads of one event, as format and send make them: the --locale and --style
// options, and the one call into the library (verified first with --verify). Everything the
// command line needs from alarmbridge::format goes through here.
#pragma once

#include "options.hpp"
#include "verify_command.hpp"

#include <alarmbridge/format/alarm_message.hpp>
#include <alarmbridge/parse_options.hpp>
#include <alarmbridge/result.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace alarmbridge::tools {

/// --locale en|ko and --style rich|compact|blueprint, read into opts.
void add_format_options(std::vector<option>& options, format::options& opts);

/// One payload per record, in record order (compact JSON, keys in the order Slack gets them), or
/// the record's error; an error as a whole where the event cannot be read.
result<std::vector<result<std::string>>> event_payloads(std::string_view event_json, const format::options& opts,
                                                         const parse_options& parsing, const verify_request& verify);

}  // namespace alarmbridge::tools
