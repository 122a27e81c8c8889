// What every subcommand says the same way: see subcommand.hpp.
#include "subcommand.hpp"

#include "output.hpp"

#include <iostream>

namespace alarmbridge::tools {

int usage_error(std::string_view command, const std::string& problem) {
    std::string line = "alarmbridge";
    if (!command.empty()) line.append(" ").append(command);
    line += ": ";
    append_printable(line, problem);
    line += " (see alarmbridge ";
    if (!command.empty()) line.append(command).append(" ");
    line += "--help)\n";
    std::cerr << line;
    return exit_usage;
}

int input_error(const std::string& problem) {
    std::string line = "alarmbridge: ";
    append_printable(line, problem);
    std::cerr << line << '\n';
    return exit_usage;
}

int print_usage(const std::string& usage) {
    std::cout << usage;
    std::cout.flush();
    return std::cout ? exit_ok : exit_failed;
}

}  // namespace alarmbridge::tools
