// The `alarmbridge` command's input: a file, or standard input for "-", read with a bound.
// Every command opens and reads its input through these, so all say the same about a file they
// cannot read.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <string>

namespace alarmbridge::tools {

/// Opens FILE ('-': standard input) for reading, fd set; a missing or unreadable file, or a
/// directory, is a problem that names the file and says why (strerror). An input_closer
/// closes fd.
inline bool open_input(const std::string& name, int& fd, std::string& problem) {
    fd = STDIN_FILENO;
    if (name != "-") {
        // Non-blocking to open: a FIFO nobody writes to opens at once and reads as empty
        // instead of hanging; reads then block as usual.
        fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
        if (fd < 0) {
            problem = "cannot open " + name + ": " + std::strerror(errno);
            return false;
        }
        const int flags = ::fcntl(fd, F_GETFL);
        if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    }
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        problem = "cannot read " + name + ": it is a directory";
        if (fd != STDIN_FILENO) ::close(fd);
        return false;
    }
    return true;
}

/// Closes what open_input opened (never standard input), when the scope ends.
struct input_closer {
    int fd;
    ~input_closer() {
        if (fd != STDIN_FILENO) ::close(fd);
    }
};

/// The name of an input in a message.
inline std::string input_name(const std::string& name) { return name == "-" ? std::string("standard input") : name; }

/// Reads FILE ('-': standard input) whole, but never more than max_bytes + 1 bytes: a larger
/// input is handed on one byte over the limit, for the parser to refuse as too_large (so that
/// `parse /dev/zero` ends at once). A directory, a missing or unreadable file is a problem that
/// names the file and says why.
inline bool read_input(const std::string& name, std::size_t max_bytes, std::string& out, std::string& problem) {
    out.clear();
    int fd = STDIN_FILENO;
    if (!open_input(name, fd, problem)) return false;
    const input_closer close_on_return{fd};
    const std::size_t limit = max_bytes == std::numeric_limits<std::size_t>::max() ? max_bytes : max_bytes + 1;
    constexpr std::size_t chunk = 64 * 1024;
    while (out.size() < limit) {
        const std::size_t want = std::min(chunk, limit - out.size());
        const std::size_t had = out.size();
        out.resize(had + want);
        const ssize_t n = ::read(fd, &out[had], want);
        if (n < 0 && errno == EINTR) {
            out.resize(had);
            continue;
        }
        if (n < 0) {
            out.resize(had);
            problem = "cannot read " + input_name(name) + ": " + std::strerror(errno);
            return false;
        }
        out.resize(had + static_cast<std::size_t>(n));
        if (n == 0) break;
    }
    return true;
}

}  // namespace alarmbridge::tools
