// What a command prints on standard output: see output.hpp.
#include "output.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <iostream>

namespace alarmbridge::tools {

namespace {
/// Whether the 8 bytes at p are all printable ASCII (0x20 to 0x7E). SWAR: a byte below 0x20 sets
/// its high bit in w - 0x20, a byte of 0x7F and up in w + 1 or in w; a borrow or carry between
/// bytes only starts at a byte that is flagged itself, so the answer is exact.
bool all_printable_ascii(const char* p) noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101ull;
    constexpr std::uint64_t highs = 0x8080808080808080ull;
    std::uint64_t w = 0;
    std::memcpy(&w, p, sizeof w);
    return (((w - 0x20 * ones) | (w + ones) | w) & highs) == 0;
}
}  // namespace

void append_printable(std::string& out, std::string_view text) {
    static const char hex[] = "0123456789abcdef";
    auto escape = [&](const char* prefix, unsigned char c) {
        out += prefix;
        out += hex[c >> 4];
        out += hex[c & 15];
    };
    std::size_t i = 0;
    while (i < text.size()) {
        // A run of printable ASCII (and newlines and tabs) is copied at once; it is found eight
        // bytes at a time where no byte of them needs a look.
        std::size_t run = i;
        while (run < text.size()) {
            while (run + 8 <= text.size() && all_printable_ascii(text.data() + run)) run += 8;
            if (run == text.size()) break;
            const auto c = static_cast<unsigned char>(text[run]);
            if ((c >= 0x20 && c < 0x7F) || c == '\n' || c == '\t') ++run;
            else break;
        }
        out.append(text.data() + i, run - i);
        i = run;
        if (i == text.size()) break;
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            escape("\\u00", c);  // a C0 control or DEL
            ++i;
            continue;
        }
        const std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        bool well_formed = len > 1 && c < 0xF5 && i + len <= text.size();
        for (std::size_t k = 1; well_formed && k < len; ++k)
            well_formed = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
        if (!well_formed) {
            escape("\\x", c);
            ++i;
            continue;
        }
        const auto second = static_cast<unsigned char>(text[i + 1]);
        if (c == 0xC2 && second < 0xA0) escape("\\u00", second);  // U+0080..U+009F: the C1 controls
        else out.append(text.data() + i, len);
        i += len;
    }
}

void output::element_done() {
    constexpr std::size_t piece = 64 * 1024;
    if (flush_each_ || pending_.size() >= piece) flush();
}

void output::flush() {
    if (pending_.empty()) return;
    safe_.clear();
    append_printable(safe_, pending_);
    pending_.clear();
    if (failed_) return;
    const char* p = safe_.data();
    std::size_t left = safe_.size();
    while (left != 0) {
        const ssize_t n = ::write(STDOUT_FILENO, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int e = n < 0 ? errno : 0;
            std::cerr << "alarmbridge: cannot write the output: " << (e != 0 ? std::strerror(e) : "write error") << '\n';
            failed_ = true;
            return;
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

option compact_option(bool& compact) {
    return {"--compact", false, [&compact](const std::string&) -> std::optional<std::string> {
                compact = true;
                return std::nullopt;
            }};
}

bool output::finish() {
    if (!compact_ && !text_) pending_ += count_ == 0 ? "[]\n" : "\n]\n";
    flush();
    return !failed_;
}

}  // namespace alarmbridge::tools
