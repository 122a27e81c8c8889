// Internal: pieces of text appended to a buffer (numbers, separated lists), so the formatter
// composes its texts without temporaries.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace alarmbridge::detail {

inline void append_int(std::string& out, std::int64_t v) {
    char buf[24];
    const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
    out.append(buf, static_cast<std::size_t>(end - buf));
}

/// Up to ten significant digits, as printf's "%.10g" writes them: 75, 0.5, 1e+20.
inline void append_number(std::string& out, double v) {
    char buf[32];
    const auto end = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 10).ptr;
    out.append(buf, static_cast<std::size_t>(end - buf));
}

/// Pieces joined by a separator, skipping empty ones, appended to a buffer that may already
/// hold text before the first piece.
class joiner {
public:
    joiner(std::string& out, std::string_view sep) : out_(out), start_(out.size()), sep_(sep) {}
    void add(std::string_view piece) {
        if (piece.empty()) return;
        if (out_.size() > start_) out_ += sep_;
        out_ += piece;
    }
    /// A piece written by append(out); nothing (not even the separator) when it writes nothing.
    template <class F>
    void add_with(F&& append) {
        const auto mark = out_.size();
        if (mark > start_) out_ += sep_;
        const auto before = out_.size();
        append(out_);
        if (out_.size() == before) out_.resize(mark);
    }

private:
    std::string& out_;
    std::size_t start_;
    std::string_view sep_;
};

}  // namespace alarmbridge::detail
