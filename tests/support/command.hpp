// Runs a command line as a user would, through the shell, and keeps its exit status and output.
#pragma once

#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace alarmbridge::test {

struct run_result {
    int status;       ///< the exit status; -1 when killed by a signal (a crash) or not started
    std::string out;  ///< standard output (and whatever the command line redirects into it)
};

/// Runs `command` with /bin/sh, returning its exit status and standard output.
inline run_result run_command(const std::string& command) {
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return {-1, {}};
    std::string out;
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
    const int raw = ::pclose(pipe);
    return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, out};
}

}  // namespace alarmbridge::test
