// A subcommand of `alarmbridge`: its name, its one-line summary for `alarmbridge --help`, and the
// function that runs it. The table of them is in alarmbridge_main.cpp, one line each; a command
// prints its own usage for --help and says what was wrong with its command line in one line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace alarmbridge::tools {

constexpr int exit_ok = 0;
constexpr int exit_failed = 1;  ///< a record, message or line failed
constexpr int exit_usage = 2;   ///< the command line was wrong, or the input could not be read

struct subcommand {
    const char* name;     ///< "format"
    const char* summary;  ///< "print the Slack payload of every record"
    int (*run)(const std::vector<std::string>& args);  ///< args: what follows the name
};

/// "alarmbridge COMMAND: PROBLEM (see alarmbridge COMMAND --help)" on standard error, one line;
/// exit_usage.
int usage_error(std::string_view command, const std::string& problem);

/// "alarmbridge: PROBLEM" on standard error, one line (an input that cannot be read); exit_usage.
int input_error(const std::string& problem);

/// The usage text on standard output (--help); exit_ok.
int print_usage(const std::string& usage);

// The subcommands (one line each; each in its own <name>_command.cpp).
int run_parse(const std::vector<std::string>& args);
int run_format(const std::vector<std::string>& args);
int run_send(const std::vector<std::string>& args);
int run_validate(const std::vector<std::string>& args);
int run_verify(const std::vector<std::string>& args);  // verify_command.hpp

}  // namespace alarmbridge::tools
