// The Slack payloads of one event, as format and send make them: the one call into the library
// (verified first with --verify).
#pragma once

#include "format_options.hpp"
#include "verify_command.hpp"

#include <alarmbridge/format/alarm_message.hpp>
#include <alarmbridge/parse_options.hpp>
#include <alarmbridge/result.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace alarmbridge::tools {

/// One payload per record, in record order (compact JSON, keys in the order Slack gets them), or
/// the record's error; an error as a whole where the event cannot be read.
result<std::vector<result<std::string>>> event_payloads(std::string_view event_json, const format::options& opts,
                                                         const parse_options& parsing, const verify_request& verify);

}  // namespace alarmbridge::tools
