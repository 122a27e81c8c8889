// The command line of one subcommand: its options as a table, read the same way for every
// subcommand. `--name value` and `--name=value` are the same; `--` ends the options; `-` is an
// operand (standard input); -h and --help ask for the subcommand's usage.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace alarmbridge::tools {

/// One option. apply gets the value (empty for a flag) and returns what is wrong with it, or
/// nothing.
struct option {
    std::string name;  ///< "--locale"
    bool takes_value = false;
    std::function<std::optional<std::string>(const std::string& value)> apply;
};

/// What a command line held besides its options.
struct arguments {
    std::vector<std::string> operands;
    bool help = false;
};

/// Reads args (what follows the subcommand's name) against options, applying each as it comes.
/// Returns what is wrong (one line: an unknown option, a missing or wrong value, more operands
/// than max_operands), or nothing.
std::optional<std::string> read_arguments(const std::vector<std::string>& args, const std::vector<option>& options,
                                          std::size_t max_operands, arguments& out);

/// The line of every command's --help that says how options take values.
extern const char* const option_value_note;

/// A whole number from 1 to most, or nothing.
std::optional<unsigned long long> whole_number(const std::string& text, unsigned long long most);

/// Seconds, more than 0 and at most most, or nothing.
std::optional<double> seconds(const std::string& text, double most);

}  // namespace alarmbridge::tools
