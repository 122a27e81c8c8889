// Runs a command of the alarmbridge CLI in-process (its source compiled into the test), the way
// `alarmbridge <command>` would run it: with input, that text is written to a file in a temporary
// folder whose path is the last argument.
#pragma once

#include "temp_dir.hpp"

#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace alarmbridge::test {

struct command_result {
    int status;
    std::string out, err;
};

/// run(args, out, err) -> exit status: the command's entry point.
template <class Run>
command_result run_in_process(std::vector<std::string> args, const std::optional<std::string>& input, Run&& run) {
    temp_dir dir;
    if (input) args.push_back(dir.write("input.json", *input).string());
    std::ostringstream out, err;
    const int status = run(args, out, err);
    return {status, out.str(), err.str()};
}

}  // namespace alarmbridge::test
