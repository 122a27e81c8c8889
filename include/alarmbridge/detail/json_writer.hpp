// alarmbridge/detail/json_writer.hpp - JSON out, two ways, through one interface.
//
// Each model type describes its fields once, as `write(Writer&, const T&)`; the same description
// then streams compact JSON text (json_writer: the hot path, no DOM) or builds a nlohmann::json
// (json_builder: the adapters users call). Strings are escaped per RFC 8259, and invalid UTF-8 is
// replaced by U+FFFD: the writer never emits invalid JSON, whatever it is given.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace alarmbridge::detail {

/// Appends s to out as a JSON string literal, escaping '"', '\\' and control characters, and
/// replacing each invalid UTF-8 sequence with U+FFFD.
/// 1 for the ASCII bytes that go out as they are (printable, not '"' or '\\').
struct plain_ascii_table {
    bool plain[256] = {};
    constexpr plain_ascii_table() {
        for (int c = 0x20; c < 0x80; ++c) plain[c] = c != '"' && c != '\\';
    }
};
inline constexpr plain_ascii_table plain_ascii{};

/// Whether any of the 8 bytes in w is not plain: below 0x20, '"', '\\' or 0x80 and up (SWAR: a
/// byte b < n sets its high bit in (b - n) & ~b; exact for "any", which is all that is asked).
constexpr bool any_special(std::uint64_t w) noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t highs = 0x8080808080808080ULL;
    const std::uint64_t quote = w ^ (ones * '"');
    const std::uint64_t backslash = w ^ (ones * '\\');
    const std::uint64_t hits = ((w - ones * 0x20) & ~w) | ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash) | w;
    return (hits & highs) != 0;
}

/// Whether every byte of s goes out as it is in a JSON string.
inline bool is_plain_ascii(std::string_view s) noexcept {
    for (char c : s)
        if (!plain_ascii.plain[static_cast<unsigned char>(c)]) return false;
    return true;
}

inline void append_json_string(std::string& out, std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    // Most strings (keys, names, codes) are plain ASCII: find the first byte that is not, eight
    // bytes at a time, and copy everything before it at once.
    std::size_t i = 0;
    while (i + 8 <= s.size()) {
        std::uint64_t w;
        std::memcpy(&w, s.data() + i, 8);
        if (any_special(w)) break;
        i += 8;
    }
    while (i < s.size() && plain_ascii.plain[static_cast<unsigned char>(s[i])]) ++i;
    const std::size_t at = out.size();
    if (i == s.size()) {
        out.resize(at + s.size() + 2);
        char* d = &out[at];
        d[0] = '"';
        if (!s.empty()) std::memcpy(d + 1, s.data(), s.size());
        d[s.size() + 1] = '"';
        return;
    }
    out.reserve(at + s.size() + 8);
    out += '"';
    std::size_t run = 0;  // [run, i) is a run of bytes that go out as they are
    auto flush = [&]() {
        if (i > run) out.append(s.data() + run, i - run);
    };
    while (i < s.size()) {
        // Eight plain bytes at a time, then byte by byte from the first that is not.
        while (i + 8 <= s.size()) {
            std::uint64_t w;
            std::memcpy(&w, s.data() + i, 8);
            if (any_special(w)) break;
            i += 8;
        }
        if (i >= s.size()) break;
        const auto c = static_cast<unsigned char>(s[i]);
        if (plain_ascii.plain[c]) {
            ++i;
            continue;
        }
        if (c < 0x80) {
            flush();
            switch (c) {
                case '"': out += "\\\""; break;
                case '\\': out += "\\\\"; break;
                case '\n': out += "\\n"; break;
                case '\r': out += "\\r"; break;
                case '\t': out += "\\t"; break;
                case '\b': out += "\\b"; break;
                case '\f': out += "\\f"; break;
                default:
                    out += "\\u00";
                    out += hex[c >> 4];
                    out += hex[c & 0xF];
            }
            run = ++i;
            continue;
        }
        // Multi-byte UTF-8: validate length, continuation bytes, overlongs, surrogates, range.
        std::size_t len = 0;
        std::uint32_t cp = 0;
        if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
        bool valid = len != 0 && i + len <= s.size();
        for (std::size_t k = 1; valid && k < len; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            valid = (cc & 0xC0) == 0x80;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (valid) {
            valid = !(len == 2 && cp < 0x80) && !(len == 3 && cp < 0x800) && !(len == 4 && cp < 0x10000) &&
                    !(cp >= 0xD800 && cp <= 0xDFFF) && cp <= 0x10FFFF;
        }
        if (valid) {
            i += len;  // stays in the run
        } else {
            flush();
            out += "\xEF\xBF\xBD";  // U+FFFD, for one bad byte; resynchronize on the next
            run = ++i;
        }
    }
    flush();
    out += '"';
}

/// Streams compact JSON into a string.
class json_writer {
public:
    explicit json_writer(std::string& out) : out_(out) {}

    void begin_object() { separate(); out_ += '{'; first_.push_back(1); }
    void end_object() { out_ += '}'; first_.pop_back(); }
    void begin_array() { separate(); out_ += '['; first_.push_back(1); }
    void end_array() { out_ += ']'; first_.pop_back(); }
    void key(std::string_view k) {
        const bool comma = take_comma();
        after_key_ = true;
        if (short_plain(comma, k, true)) return;
        if (comma) out_ += ',';
        append_json_string(out_, k);
        out_ += ':';
    }
    void value(std::string_view s) {
        const bool comma = take_comma();
        if (short_plain(comma, s, false)) return;
        if (comma) out_ += ',';
        append_json_string(out_, s);
    }
    void value(const char* s) { value(std::string_view(s)); }
    void value(bool b) { separate(); out_ += b ? "true" : "false"; }
    void value(std::int64_t n) { separate(); out_ += std::to_string(n); }
    void null() { separate(); out_ += "null"; }
    /// A value we keep verbatim (unknown blocks, extras).
    void raw(const nlohmann::json& j) { separate(); out_ += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

private:
    void separate() {
        if (take_comma()) out_ += ',';
    }
    /// Keys and most values are short and plain: [,]"text"[:] in one append (libstdc++'s
    /// appends are out-of-line calls). False, with nothing written, for anything else.
    bool short_plain(bool comma, std::string_view s, bool colon) {
        if (s.size() > 60 || !is_plain_ascii(s)) return false;
        char buf[64];
        std::size_t n = 0;
        if (comma) buf[n++] = ',';
        buf[n++] = '"';
        std::memcpy(buf + n, s.data(), s.size());
        n += s.size();
        buf[n++] = '"';
        if (colon) buf[n++] = ':';
        out_.append(buf, n);
        return true;
    }
    /// Whether a comma goes before the next member; marks the container as no longer empty.
    bool take_comma() {
        if (after_key_) {
            after_key_ = false;
            return false;
        }
        if (first_.empty()) return false;
        const bool comma = !first_.back();
        first_.back() = 0;
        return comma;
    }
    std::string& out_;
    std::string first_;  // one flag per open container: 1 until its first member is written
    bool after_key_ = false;
};

/// Builds a nlohmann::json through the same interface.
class json_builder {
public:
    void begin_object() { open(nlohmann::json::object()); }
    void end_object() { stack_.pop_back(); }
    void begin_array() { open(nlohmann::json::array()); }
    void end_array() { stack_.pop_back(); }
    void key(std::string_view k) { key_ = std::string(k); }
    void value(std::string_view s) { put(nlohmann::json(std::string(s))); }
    void value(const char* s) { put(nlohmann::json(std::string(s))); }
    void value(bool b) { put(nlohmann::json(b)); }
    void value(std::int64_t n) { put(nlohmann::json(n)); }
    void null() { put(nlohmann::json(nullptr)); }
    void raw(const nlohmann::json& j) { put(j); }

    nlohmann::json take() { return std::move(root_); }

private:
    nlohmann::json& put(nlohmann::json v) {
        if (stack_.empty()) {
            root_ = std::move(v);
            return root_;
        }
        nlohmann::json& top = *stack_.back();
        if (top.is_array()) {
            top.push_back(std::move(v));
            return top.back();
        }
        return top[key_] = std::move(v);
    }
    void open(nlohmann::json v) { stack_.push_back(&put(std::move(v))); }

    nlohmann::json root_;
    std::vector<nlohmann::json*> stack_;
    std::string key_;
};

}  // namespace alarmbridge::detail
