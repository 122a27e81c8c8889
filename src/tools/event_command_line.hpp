// The command line that parse, format and send share: the input and its limits (--lines,
// --max-...), --verify and its settings, --compact, and one FILE; each command adds its own
// options to these.
#pragma once

#include "event_input.hpp"
#include "options.hpp"
#include "verify_command.hpp"

#include <optional>
#include <string>
#include <vector>

namespace alarmbridge::tools {

struct event_command_line {
    input_settings input;
    verify_request verify;
    bool compact = false;
    std::string file = "-";  ///< FILE, or "-" for standard input
};

/// Reads args (what follows the command's name) with the shared options and the command's own
/// (own, applied as they come). Returns the exit status when the command is done already (--help
/// printed: 0; a usage error said in one line: 2), or nothing to go on.
std::optional<int> read_event_command_line(const char* command, const std::string& usage, const std::vector<std::string>& args,
                                           std::vector<option> own, event_command_line& line);

}  // namespace alarmbridge::tools
