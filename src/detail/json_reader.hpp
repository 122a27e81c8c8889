// Internal: typed reads from simdjson DOM values that record the JSON pointer of what failed.
// Not installed; the only place besides the parsers that includes <simdjson.h>.
//
// Paths are linked lists of stack nodes (no allocation on the success path); the pointer text
// is rendered only when an error is made. A document is parsed whole by simdjson's DOM parser
// first, which validates every byte (syntax, UTF-8, nesting) before a field is read: the
// readers only check shapes and types. (DOM rather than On-Demand: simdjson's On-Demand front
// end is compiled into the caller for the baseline target, without the SIMD paths its runtime
// dispatch gives the DOM parser, and read these events at half the speed.)
#pragma once

#include <alarmbridge/parse_options.hpp>
#include <alarmbridge/result.hpp>

#include <alarmbridge/storage.hpp>

#include "detail/json_pointer.hpp"

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace alarmbridge::detail {

namespace dom = simdjson::dom;
/// A value of a parsed document: a view into its parser's tape, valid until that parser parses again.
using json_value = dom::element;

enum class json_type { array, object, number, string, boolean, null };

inline json_type type_of(const json_value& v) noexcept {
    switch (v.type()) {
        case dom::element_type::ARRAY: return json_type::array;
        case dom::element_type::OBJECT: return json_type::object;
        case dom::element_type::STRING: return json_type::string;
        case dom::element_type::BOOL: return json_type::boolean;
        case dom::element_type::NULL_VALUE: return json_type::null;
        default: return json_type::number;
    }
}

/// key == literal, with the literal's length known at compile time: a length check, then a
/// fixed-size comparison the compiler writes inline. (string_view's operator== was an out-of-line
/// call and a memcmp call for every key of a chain of them.)
template <std::size_t N>
inline bool is_key(std::string_view key, const char (&literal)[N]) noexcept {
    return key.size() == N - 1 && std::memcmp(key.data(), literal, N - 1) == 0;
}

/// One step of a JSON pointer. A node whose parent is an embedded document's field (an SNS
/// Message) continues that field's pointer.
struct path {
    const path* parent = nullptr;
    std::string_view key;
    std::size_t index = 0;
    bool is_index = false;

    path child(std::string_view k) const { return path{this, k, 0, false}; }
    path child(std::size_t i) const { return path{this, {}, i, true}; }
};

/// RFC 6901 rendering: "/Records/0/Sns/Message", with '~' as "~0" and '/' as "~1".
std::string render(const path* p);

/// Collects the first error of a parse. Readers return false after calling fail().
class reader {
public:
    bool fail(errc code, const path& at, std::string message);
    /// Maps a simdjson error to our code and records it.
    bool fail(simdjson::error_code code, const path& at);
    bool wrong_type(const path& at, std::string_view expected, json_type got);
    /// After a getter said INCORRECT_TYPE: missing_field for null (when null_is_missing), else wrong_type.
    bool unexpected(const json_value& v, const path& at, std::string_view expected, bool null_is_missing);
    bool optional_int_slow(const json_value& v, const path& at, std::optional<std::int64_t>& out);
    /// Takes over an error made elsewhere (an embedded document's reader).
    bool adopt(error e);

    bool failed() const noexcept { return failed_; }
    const error& err() const noexcept { return error_; }
    error take() { return std::move(error_); }

    // The hot readers are inline: they run for every field of every event. Their error paths
    // stay out of line.
    bool type_of(const json_value& v, const path&, json_type& out) {
        out = detail::type_of(v);
        return true;
    }
    bool is_null(const json_value& v, const path&, bool& out) {
        out = v.is_null();
        return true;
    }

    /// A required string as a view into the parser's buffer: valid until the document is gone.
    bool required_view(const json_value& v, const path& at, std::string_view& out) {
        if (v.get_string().get(out)) return unexpected(v, at, "a string", true);
        return true;
    }
    bool required_string(const json_value& v, const path& at, std::string& out) {
        std::string_view s;
        if (!required_view(v, at, s)) return false;
        out.assign(s.data(), s.size());
        return true;
    }
    bool optional_string(const json_value& v, const path& at, std::optional<std::string>& out) {
        std::string_view s;
        if (v.get_string().get(s)) {
            if (!v.is_null()) return unexpected(v, at, "a string", false);
            out.reset();
            return true;
        }
        if (out) out->assign(s.data(), s.size());
        else out.emplace(s.data(), s.size());
        return true;
    }
    bool optional_int(const json_value& v, const path& at, std::optional<std::int64_t>& out) {
        std::int64_t i = 0;
        if (v.type() != dom::element_type::INT64 || v.get_int64().get(i)) return optional_int_slow(v, at, out);
        out = i;
        return true;
    }
    bool optional_double(const json_value& v, const path& at, std::optional<double>& out) {
        return nullable(v, at, out, [](const json_value& x) { return x.get_double(); }, "a number");
    }
    bool optional_bool(const json_value& v, const path& at, std::optional<bool>& out) {
        return nullable(v, at, out, [](const json_value& x) { return x.get_bool(); }, "a boolean");
    }
    /// A list of strings (null: empty), into std::string or string_view elements.
    template <class String>
    bool string_array(const json_value& v, const path& at, std::vector<String>& out) {
        out.clear();
        if (v.is_null()) return true;
        return elements(v, at, [&](std::size_t, const json_value& element, const path& p) {
            out.emplace_back();
            return required_string(element, p, out.back());
        });
    }
    /// A list of strings a viewing model does not keep: checked, element by element.
    bool string_array(const json_value& v, const path& at, skipped&);

    // The same reads into viewing models: views into the parser's buffers.
    bool required_string(const json_value& v, const path& at, std::string_view& out) {
        return required_view(v, at, out);
    }
    bool optional_string(const json_value& v, const path& at, std::optional<std::string_view>& out) {
        return nullable(v, at, out, [](const json_value& x) { return x.get_string(); }, "a string");
    }

    /// A value under a key that is not modeled: into extra[key] (a viewing model keeps nothing;
    /// the document was validated whole already).
    template <class Extra>
    bool keep(Extra& extra, std::string_view key, const json_value& v, const path& at) {
        if constexpr (std::is_same_v<Extra, skipped>) return true;
        else return any(v, at, extra[std::string(key)]);
    }

    /// An object as its compact JSON text (keys in their order), into a string a model owns, or
    /// into `scratch` for a viewing model (which then views it).
    bool compact_text(const json_value& v, const path& at, std::string& out, std::string& scratch);
    bool compact_text(const json_value& v, const path& at, std::string_view& out, std::string& scratch);

    bool object(const json_value& v, const path& at, dom::object& out) {
        if (v.get_object().get(out)) return unexpected(v, at, "an object", false);
        return true;
    }
    bool array(const json_value& v, const path& at, dom::array& out) {
        if (v.get_array().get(out)) return unexpected(v, at, "an array", false);
        return true;
    }

    /// Any value, materialized (for keys we keep but do not model).
    bool any(const json_value& v, const path& at, nlohmann::json& out);

    /// Calls f(key, value, child_path) -> bool for each field, in document order.
    template <class F>
    bool fields(const dom::object& obj, const path& at, F&& f) {
        for (const auto field : obj) {
            const path child = at.child(field.key);
            if (!f(field.key, field.value, child)) return false;
        }
        return true;
    }
    template <class F>
    bool fields(const json_value& v, const path& at, F&& f) {
        dom::object obj;
        return object(v, at, obj) && fields(obj, at, std::forward<F>(f));
    }

    /// Calls f(index, element, child_path) -> bool for each element.
    template <class F>
    bool elements(const json_value& v, const path& at, F&& f) {
        dom::array arr;
        if (!array(v, at, arr)) return false;
        std::size_t i = 0;
        for (const json_value element : arr) {
            const path child = at.child(i);
            if (!f(i, element, child)) return false;
            ++i;
        }
        return true;
    }

private:
    /// A value of type T read by get, or null (out reset); anything else is wrong_type.
    template <class T, class Get>
    bool nullable(const json_value& v, const path& at, std::optional<T>& out, Get get, std::string_view expected) {
        T value{};
        if (get(v).get(value)) {
            if (!v.is_null()) return unexpected(v, at, expected, false);
            out.reset();
            return true;
        }
        out = value;
        return true;
    }

    error error_;
    bool failed_ = false;
};

/// Refuses (too_large at `at`) an array of records longer than options.max_records, before any
/// record is built.
bool within_max_records(reader& r, const dom::array& records, const path& at, const parse_options& options);

/// The JSON type's name for messages: "string", "number", ...
std::string_view type_name(json_type t) noexcept;

/// A readable message for a simdjson error.
std::string describe(simdjson::error_code code);

/// For a document simdjson refused as malformed: where it goes wrong and why, as a person can
/// act on it: "invalid JSON at line 3, column 7 (byte 42): syntax error while parsing object key
/// - invalid literal; expected string literal" (line and column from 1, the byte offset from 0;
/// the input itself is never quoted). Found by nlohmann/json's SAX parser (no tree, depth
/// checked), on this error path only.
std::string syntax_error_message(std::string_view json, simdjson::error_code code);

/// Our code for a simdjson error: syntax family (UTF8_ERROR included) -> json_syntax,
/// DEPTH_ERROR -> too_deep, CAPACITY -> too_large, INCORRECT_TYPE -> wrong_type, else bad_value.
errc map_error(simdjson::error_code code) noexcept;

/// Nesting past this many levels (counting the root) is refused as too_deep, before a field is read.
inline constexpr std::size_t max_depth = max_json_depth;

/// Per-thread buffers larger than this are released once the call that grew them is done: an
/// unusually large input does not pin its memory to the thread for good. (An SNS Message is at
/// most 256 KiB; typical events are a few KB.)
inline constexpr std::size_t keep_buffer_bytes = 1024u * 1024u;

/// A buffer that keeps simdjson's required padding behind the bytes it holds.
class padded_buffer {
public:
    simdjson::padded_string_view assign(std::string_view bytes);
    /// Gives the memory back when it holds more than keep_buffer_bytes.
    void trim() noexcept;

private:
    std::string storage_;
};

/// Makes `text` (already owned by the caller) parseable in place: grows its capacity so that
/// simdjson's padding fits behind the bytes, without changing its contents.
simdjson::padded_string_view pad_in_place(std::string& text);

/// A DOM parser that refuses nesting past max_depth.
class document_parser {
public:
    document_parser();
    /// Parses (and so validates) a whole document; the root, or an error without a pointer.
    result<json_value> parse(simdjson::padded_string_view json);
    /// Gives the memory back when it was grown past keep_buffer_bytes. Invalidates the last root.
    void trim() noexcept;

private:
    dom::parser parser_;
    std::string rewritten_;  // a document with integers beyond 64 bits, as parsed
};

/// How many values the readers may keep without a model (into nlohmann trees, the `extra`
/// members) for an input of n bytes: 1024, and one more per 16 bytes.
inline constexpr std::string_view kept_values_rule = "1024 values, and one more per 16 bytes of input";
constexpr std::size_t kept_values_budget(std::size_t input_bytes) noexcept { return 1024 + input_bytes / 16; }

/// Per-thread parsers: one for the outer document, one for an embedded document (an SNS
/// Message), one for an alarm's reason data, and the padded copies they parse, reused across
/// calls so that steady-state parsing allocates nothing in simdjson.
struct parsers {
    document_parser outer;
    document_parser inner;
    document_parser reason;
    padded_buffer input;
    padded_buffer message;
    padded_buffer reason_data;
    /// The compact text of an SNS Message that was an object, for a viewing model.
    std::string message_object;
    /// Set for each public call by outer_document (kept_values_budget of its input).
    std::size_t kept_values_left = kept_values_budget(0);
    void trim() noexcept;
};
parsers& thread_parsers();

/// The outer document of one public call, read from untrusted bytes with the limits checked
/// first (size, then syntax and depth as simdjson validates the whole document). The thread's
/// buffers are trimmed when it goes, so values read from it must be copied out before then.
class outer_document {
public:
    outer_document(std::string_view bytes, const parse_options& options);
    ~outer_document();
    outer_document(const outer_document&) = delete;
    outer_document& operator=(const outer_document&) = delete;

    /// The root, or the error that refused the input as a whole.
    result<json_value>& root() noexcept { return root_; }

private:
    result<json_value> root_;
};

}  // namespace alarmbridge::detail
