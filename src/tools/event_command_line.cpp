// The command line that parse, format and send share: see event_command_line.hpp.
#include "event_command_line.hpp"

#include "output.hpp"
#include "subcommand.hpp"

namespace alarmbridge::tools {

std::optional<int> read_event_command_line(const char* command, const std::string& usage, const std::vector<std::string>& args,
                                           std::vector<option> own, event_command_line& line) {
    add_input_options(own, line.input, true);
    add_verify_options(own, line.verify);
    own.push_back(compact_option(line.compact));
    arguments parsed;
    if (auto problem = read_arguments(args, own, 1, parsed)) return usage_error(command, *problem);
    if (parsed.help) return print_usage(usage);
    if (auto problem = verify_request_problem(line.verify)) return usage_error(command, *problem);
    if (!parsed.operands.empty()) line.file = parsed.operands[0];
    return std::nullopt;
}

}  // namespace alarmbridge::tools
