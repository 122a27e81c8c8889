// The input of parse, format, send and validate: see event_input.hpp.
#include "event_input.hpp"

#include "read_input.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace alarmbridge::tools {

const char* const input_options_usage =
    "  --max-input-bytes N  refuse (too_large) an input, or with --lines a line, of more than\n"
    "                   N bytes (default 6291456, Lambda's payload limit)\n"
    "  --max-total-bytes N  with --lines: end (too_large) after N bytes of input (default\n"
    "                   1073741824; memory stays that of the longest line whatever N is)\n";
const char* const records_option_usage =
    "  --max-records N  refuse (too_large) a Lambda SNS event of more than N records (default 1000)\n";

void add_input_options(std::vector<option>& options, input_settings& settings, bool records) {
    static constexpr unsigned long long most = 1ull << 32;  // 4 GiB
    auto limit = [](const char* name, std::size_t& target) {
        return option{name, true, [name, &target](const std::string& v) -> std::optional<std::string> {
                          const auto n = whole_number(v, most);
                          if (!n) return std::string(name) + " takes a whole number from 1 to " + std::to_string(most);
                          target = static_cast<std::size_t>(*n);
                          return std::nullopt;
                      }};
    };
    options.push_back({"--lines", false, [&settings](const std::string&) -> std::optional<std::string> {
                           settings.lines = true;
                           return std::nullopt;
                       }});
    options.push_back(limit("--max-input-bytes", settings.parsing.max_input_bytes));
    options.push_back(limit("--max-total-bytes", settings.max_total_bytes));
    if (records) options.push_back(limit("--max-records", settings.parsing.max_records));
}

namespace {

bool blank(std::string_view s) {
    for (const char c : s)
        if (c != ' ' && c != '\t' && c != '\r') return false;
    return true;
}

/// --lines: every line of fd, a piece at a time.
std::optional<std::string> read_lines(int fd, const std::string& name, const input_settings& settings,
                                      const std::function<void(const input_document&)>& each) {
    const std::size_t max_line = settings.parsing.max_input_bytes;
    std::string piece(64 * 1024, '\0');
    std::string line;        // the line so far
    bool too_long = false;   // the line passed max_line: the rest of it is skipped
    std::size_t number = 0;  // of the last line handed on
    std::size_t total = 0;

    auto take = [&](const char* p, std::size_t n) {
        if (too_long) return;
        if (line.size() + n > max_line) {
            too_long = true;
            line.clear();
            line.shrink_to_fit();
            return;
        }
        line.append(p, n);
    };
    auto line_done = [&] {
        ++number;
        if (too_long) {
            each({number, {}, error{errc::too_large,
                                    "line " + std::to_string(number) + " is more than " + std::to_string(max_line) +
                                        " bytes (--max-input-bytes raises the limit)",
                                    ""}});
        } else {
            std::string_view text(line);
            if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
            if (!blank(text)) each({number, text, std::nullopt});
        }
        line.clear();
        too_long = false;
    };

    for (;;) {
        const ssize_t got = ::read(fd, &piece[0], piece.size());
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return "cannot read " + input_name(name) + ": " + std::strerror(errno);
        if (got == 0) break;
        std::size_t n = static_cast<std::size_t>(got);
        const bool over = total + n > settings.max_total_bytes;
        if (over) n = settings.max_total_bytes - total;  // the lines within the limit still count
        total += n;
        const char* p = piece.data();
        const char* const end = p + n;
        while (p != end) {
            const auto* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
            if (nl == nullptr) {
                take(p, static_cast<std::size_t>(end - p));
                break;
            }
            take(p, static_cast<std::size_t>(nl - p));
            line_done();
            p = nl + 1;
        }
        if (over) {
            each({number + 1, {}, error{errc::too_large,
                                        "the input is more than " + std::to_string(settings.max_total_bytes) +
                                            " bytes (--max-total-bytes raises the limit)",
                                        ""}});
            return std::nullopt;
        }
    }
    if (!line.empty() || too_long) line_done();  // the last line, without a line break
    return std::nullopt;
}

}  // namespace

std::optional<std::string> read_documents(const std::string& name, const input_settings& settings,
                                          const std::function<void(const input_document&)>& each) {
    std::string problem;
    if (!settings.lines) {
        std::string input;
        if (!read_input(name, settings.parsing.max_input_bytes, input, problem)) return problem;
        each({0, input, std::nullopt});
        return std::nullopt;
    }
    int fd = -1;
    if (!open_input(name, fd, problem)) return problem;
    const input_closer close_on_return{fd};
    return read_lines(fd, name, settings, each);
}

}  // namespace alarmbridge::tools
