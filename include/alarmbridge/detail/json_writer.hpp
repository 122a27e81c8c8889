// alarmbridge/detail/json_writer.hpp - JSON out, two ways, through one interface.
//
// Each model type describes its fields once, as `write(Writer&, const T&)`; the same description
// then streams compact JSON text (json_writer: the hot path, no DOM) or builds a nlohmann::json
// (json_builder: the adapters users call). Strings are escaped per RFC 8259, and invalid UTF-8 is
// replaced by U+FFFD: the writer never emits invalid JSON, whatever it is given.
//
// Layout is an option of the writer: compact (the default; what Slack is sent) or pretty (two
// spaces per level, one member per line, `"key": value`, as nlohmann's dump(2) lays it out).
// Either way members come out in the order they are written.
#pragma once

#include <alarmbridge/detail/byte_scan.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace alarmbridge::detail {

/// How a json_writer lays out what it writes.
enum class json_layout {
    compact,  ///< no whitespace at all: {"a":[1,2]}
    pretty,   ///< two spaces per level, a member per line; an empty container stays {} or []
};

/// Streams JSON into a string, compact unless asked for pretty.
///
/// The writer writes straight into the string's bytes: it grows `out` ahead of what it writes
/// and keeps its own count of the bytes written (libstdc++'s appends are out-of-line calls, one
/// per piece, and were most of the cost of writing a payload). `out` holds exactly the JSON
/// written once the outermost value is complete, and whenever the writer is gone.
class json_writer {
public:
    explicit json_writer(std::string& out) : out_(out), len_(out.size()), start_(len_) {}
    /// depth (pretty only): the nesting the first value starts at, as when it is an element of
    /// an array the caller frames itself; its members are indented one level deeper.
    json_writer(std::string& out, json_layout layout, std::size_t depth = 0)
        : out_(out), len_(out.size()), start_(len_), indent_(layout == json_layout::pretty ? 2 : 0),
          base_pad_(indent_ * depth) {}
    ~json_writer() { finish(); }
    json_writer(const json_writer&) = delete;
    json_writer& operator=(const json_writer&) = delete;

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }
    void key(std::string_view k) {
        char* d = lead(k.size() + 5);
        after_key_ = true;
        string(d, k, true);
    }
    void value(std::string_view s) {
        string(lead(s.size() + 2), s, false);
        done_if_top();
    }
    void value(const char* s) { value(std::string_view(s)); }
    void value(bool b) { literal(b ? std::string_view("true") : std::string_view("false")); }
    void value(std::int64_t n) {
        char* d = lead(21);
        d = std::to_chars(d, d + 21, n).ptr;
        advance(d);
        done_if_top();
    }
    void null() { literal("null"); }
    /// A number already written as JSON writes it (the caller vouches for its syntax).
    void number(std::string_view json_number) { literal(json_number); }
    /// A value we keep verbatim (unknown blocks, extras).
    void raw(const nlohmann::json& j) { embed(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)); }

    /// A whole value given as compact JSON text that a compact json_writer (or nlohmann's
    /// dump(-1)) wrote: copied as it is when compact, re-indented when pretty.
    ///
    /// The re-indenter trusts its input: it only follows strings (and the escapes in them) and
    /// brackets, and puts line breaks after '{', '[' and ',' and a space after ':' outside
    /// strings. That is right for our own writers' output, which has no whitespace and is valid
    /// JSON; it is not a JSON validator, and must not be given text from elsewhere.
    void embed(std::string_view compact_json) {
        if (indent_ == 0) {
            literal(compact_json);
            return;
        }
        char* d = lead(compact_json.size());
        advance(d);
        reindent(compact_json);
        done_if_top();
    }
private:
    /// Where the next byte goes, with at least n bytes of room behind it.
    char* room(std::size_t n) {
        if (out_.size() - len_ < n) grow(n);
        return &out_[0] + len_;
    }
    void grow(std::size_t n) {
        // By what this writer has written so far (doubling it), at least 1 KiB and n: resize
        // zero-fills every byte it adds, so growing into all of a large capacity at once - a
        // report's pending output that a writer per element appends to - filled tens of KiB
        // never written, for every value (half of `alarmbridge format`'s instructions).
        const std::size_t written = len_ - start_;
        out_.resize(len_ + std::max(n + 256, std::max<std::size_t>(written, 1024)));
    }
    void advance(const char* d) { len_ = static_cast<std::size_t>(d - out_.data()); }
    void finish() { out_.resize(len_); }
    void done_if_top() {
        if (first_.empty()) finish();
    }
    void open(char c) {
        char* d = lead(1);
        *d++ = c;
        advance(d);
        first_.push_back(1);
    }
    void close(char c) {
        if (indent_ != 0) return pretty_close(c);
        *room(1) = c;
        ++len_;
        first_.pop_back();
        done_if_top();
    }
    /// close() when pretty: a container that is not empty ends on its own line.
    void pretty_close(char c) {
        char* d;
        if (!first_.back()) {
            const std::size_t pad = base_pad_ + indent_ * (first_.size() - 1);
            d = room(pad + 2);
            *d++ = '\n';
            std::memset(d, ' ', pad);
            d += pad;
        } else {
            d = room(1);
        }
        *d++ = c;
        advance(d);
        first_.pop_back();
        done_if_top();
    }
    void literal(std::string_view text) {
        char* d = lead(text.size());
        std::memcpy(d, text.data(), text.size());
        advance(d + text.size());
        done_if_top();
    }

    /// "s"[:] at d (which lead() gave, with room for the quotes, the colon and its space and
    /// every byte as it is), with '"', '\\' and control characters escaped and each invalid
    /// UTF-8 byte replaced with U+FFFD. Plain runs are found a word at a time and copied at once;
    /// an escape (up to six bytes for one) asks for more room for itself and what is left.
    void string(char* d, std::string_view s, bool colon) {
        static constexpr char hex[] = "0123456789abcdef";
        *d++ = '"';
        const char* p = s.data();
        const char* const end = p + s.size();
        for (;;) {
            const std::size_t run = plain_json_run(p, static_cast<std::size_t>(end - p));
            if (run != 0) std::memcpy(d, p, run);  // p is null for an empty view
            d += run;
            p += run;
            if (p == end) break;
            const auto c = static_cast<unsigned char>(*p);
            if (c < 0x80) {
                advance(d);
                d = room(static_cast<std::size_t>(end - p) + 8);
                *d++ = '\\';
                switch (c) {
                    case '"': *d++ = '"'; break;
                    case '\\': *d++ = '\\'; break;
                    case '\n': *d++ = 'n'; break;
                    case '\r': *d++ = 'r'; break;
                    case '\t': *d++ = 't'; break;
                    case '\b': *d++ = 'b'; break;
                    case '\f': *d++ = 'f'; break;
                    default:
                        *d++ = 'u';
                        *d++ = '0';
                        *d++ = '0';
                        *d++ = hex[c >> 4];
                        *d++ = hex[c & 0xF];
                }
                ++p;
                continue;
            }
            // Multi-byte UTF-8: validate length, continuation bytes, overlongs, surrogates, range.
            std::size_t len = 0;
            std::uint32_t cp = 0;
            if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
            else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
            else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
            bool valid = len != 0 && len <= static_cast<std::size_t>(end - p);
            for (std::size_t k = 1; valid && k < len; ++k) {
                const auto cc = static_cast<unsigned char>(p[k]);
                valid = (cc & 0xC0) == 0x80;
                cp = (cp << 6) | (cc & 0x3F);
            }
            if (valid) {
                valid = !(len == 2 && cp < 0x80) && !(len == 3 && cp < 0x800) && !(len == 4 && cp < 0x10000) &&
                        !(cp >= 0xD800 && cp <= 0xDFFF) && cp <= 0x10FFFF;
            }
            if (valid) {
                std::memcpy(d, p, len);
                d += len;
                p += len;
            } else {
                // U+FFFD for one bad byte; resynchronize on the next.
                advance(d);
                d = room(static_cast<std::size_t>(end - p) + 8);
                std::memcpy(d, "\xEF\xBF\xBD", 3);
                d += 3;
                ++p;
            }
        }
        *d++ = '"';
        if (colon) {
            *d++ = ':';
            if (indent_ != 0) *d++ = ' ';
        }
        advance(d);
    }

    /// What goes before the next value or key, written, with room for n more bytes behind it:
    /// nothing after a key or at the top; otherwise a comma unless the value is its container's
    /// first, and when pretty a line break and the indentation of its depth. Marks the container
    /// as no longer empty.
    char* lead(std::size_t n) {
        if (after_key_) {
            after_key_ = false;
            return room(n);
        }
        if (first_.empty()) return room(n);
        if (indent_ != 0) return pretty_lead(n);
        char* d = room(n + 1);
        if (!first_.back()) *d++ = ',';
        first_.back() = 0;
        return d;
    }
    /// lead() when pretty, inside a container: [,] a line break and the indentation.
    char* pretty_lead(std::size_t n) {
        const bool comma = !first_.back();
        first_.back() = 0;
        const std::size_t pad = base_pad_ + indent_ * first_.size();
        char* d = room(n + pad + 2);
        if (comma) *d++ = ',';
        *d++ = '\n';
        std::memset(d, ' ', pad);
        return d + pad;
    }

    /// embed()'s pretty half: see there for what it trusts.
    void reindent(std::string_view json) {
        std::size_t depth = base_pad_ / indent_ + first_.size();
        const char* p = json.data();
        const char* const end = p + json.size();
        auto newline = [&](char* d) {
            const std::size_t pad = indent_ * depth;
            *d++ = '\n';
            std::memset(d, ' ', pad);
            return d + pad;
        };
        while (p != end) {
            // Room for this byte and a line break with the deepest indentation it can need.
            char* d = room(indent_ * (depth + 1) + 4);
            const char c = *p++;
            switch (c) {
                case '"': {  // a string, copied to its closing quote; escapes skipped whole
                    *d++ = '"';
                    advance(d);
                    const char* q = p;
                    while (q != end && *q != '"') q += *q == '\\' && q + 1 != end ? 2 : 1;
                    if (q != end) ++q;
                    d = room(static_cast<std::size_t>(q - p));
                    std::memcpy(d, p, static_cast<std::size_t>(q - p));
                    d += q - p;
                    p = q;
                    break;
                }
                case '{':
                case '[':
                    *d++ = c;
                    if (p != end && (*p == '}' || *p == ']')) {  // empty: stays {} or []
                        *d++ = *p++;
                        break;
                    }
                    ++depth;
                    d = newline(d);
                    break;
                case '}':
                case ']':
                    if (depth != 0) --depth;
                    d = newline(d);
                    *d++ = c;
                    break;
                case ',':
                    *d++ = ',';
                    d = newline(d);
                    break;
                case ':':
                    *d++ = ':';
                    *d++ = ' ';
                    break;
                default:
                    *d++ = c;
            }
            advance(d);
        }
    }

    std::string& out_;
    std::size_t len_;    // bytes of out_ written; the rest is room
    std::size_t start_;  // where this writer began writing
    std::string first_;  // one flag per open container: 1 until its first member is written
    bool after_key_ = false;
    std::size_t indent_ = 0;    // spaces per level: 0 is compact
    std::size_t base_pad_ = 0;  // pretty: the indentation of the outermost value's level
};

/// Appends s to out as a JSON string literal, escaping '"', '\\' and control characters, and
/// replacing each invalid UTF-8 sequence with U+FFFD.
inline void append_json_string(std::string& out, std::string_view s) {
    json_writer w(out);
    w.value(s);
}

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
