// Internal: typed reads from simdjson On-Demand values that record the JSON pointer of what
// failed. Not installed; the only place besides the parsers that includes <simdjson.h>.
//
// Paths are linked lists of stack nodes (no allocation on the success path); the pointer text
// is rendered only when an error is made. Every reader visits the whole value it is given:
// On-Demand validates only what is visited, and the parsers rely on that to reject malformed
// input anywhere in a record.
#pragma once

#include <alarmbridge/result.hpp>

#include "detail/json_pointer.hpp"

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace alarmbridge::detail {

namespace od = simdjson::ondemand;

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
    bool wrong_type(const path& at, std::string_view expected, od::json_type got);
    /// After a getter said INCORRECT_TYPE: missing_field for null (when null_is_missing), else wrong_type.
    bool unexpected(od::value& v, const path& at, std::string_view expected, bool null_is_missing);
    /// After a getter of a nullable field failed with e: was it null (true, was_null set), or an error?
    bool nullable_slow(od::value& v, const path& at, simdjson::error_code e, std::string_view expected, bool& was_null);
    bool optional_int_slow(od::value& v, const path& at, std::optional<std::int64_t>& out);
    /// Takes over an error made elsewhere (an embedded document's reader).
    bool adopt(error e);

    bool failed() const noexcept { return failed_; }
    const error& err() const noexcept { return error_; }
    error take() { return std::move(error_); }

    // The hot readers are inline: they run for every field of every event, and a call across
    // translation units per field cost ~10% of a parse. Their error paths stay out of line.
    bool type_of(od::value& v, const path& at, od::json_type& out) {
        if (auto e = v.type().get(out)) return fail(e, at);
        return true;
    }
    bool is_null(od::value& v, const path& at, bool& out);

    /// A required string as a view into the parser's buffer: valid until the document is gone.
    bool required_view(od::value& v, const path& at, std::string_view& out) {
        const auto e = v.get_string().get(out);
        if (e == simdjson::INCORRECT_TYPE) return unexpected(v, at, "a string", true);
        if (e) return fail(e, at);
        return true;
    }
    bool required_string(od::value& v, const path& at, std::string& out) {
        std::string_view s;
        if (!required_view(v, at, s)) return false;
        out.assign(s.data(), s.size());
        return true;
    }
    bool optional_string(od::value& v, const path& at, std::optional<std::string>& out) {
        std::string_view s;
        const auto e = v.get_string().get(s);
        if (e) {
            bool was_null = false;
            if (!nullable_slow(v, at, e, "a string", was_null)) return false;
            out.reset();
            return true;
        }
        if (out) out->assign(s.data(), s.size());
        else out.emplace(s.data(), s.size());
        return true;
    }
    bool optional_int(od::value& v, const path& at, std::optional<std::int64_t>& out) {
        std::int64_t i = 0;
        if (v.get_int64().get(i)) return optional_int_slow(v, at, out);
        out = i;
        return true;
    }
    bool optional_double(od::value& v, const path& at, std::optional<double>& out) {
        return nullable(v, at, out, [](od::value& x) { return x.get_double(); }, "a number");
    }
    bool optional_bool(od::value& v, const path& at, std::optional<bool>& out) {
        return nullable(v, at, out, [](od::value& x) { return x.get_bool(); }, "a boolean");
    }
    bool string_array(od::value& v, const path& at, std::vector<std::string>& out);

    bool object(od::value& v, const path& at, od::object& out) {
        const auto e = v.get_object().get(out);
        if (e == simdjson::INCORRECT_TYPE) return unexpected(v, at, "an object", false);
        if (e) return fail(e, at);
        return true;
    }
    bool array(od::value& v, const path& at, od::array& out) {
        const auto e = v.get_array().get(out);
        if (e == simdjson::INCORRECT_TYPE) return unexpected(v, at, "an array", false);
        if (e) return fail(e, at);
        return true;
    }

    /// Any value, materialized (for keys we keep but do not model). Fails with too_deep past
    /// 1000 levels of absolute nesting.
    bool any(od::value& v, const path& at, nlohmann::json& out);

    /// Calls f(key, value, child_path) -> bool for each field, in document order.
    template <class F>
    bool fields(od::object& obj, const path& at, F&& f) {
        for (auto field : obj) {
            std::string_view key;
            if (auto e = field.unescaped_key().get(key)) return fail(e, at);
            od::value value;
            if (auto e = field.value().get(value)) return fail(e, at.child(key));
            const path child = at.child(key);
            if (!f(key, value, child)) return false;
        }
        return true;
    }
    template <class F>
    bool fields(od::value& v, const path& at, F&& f) {
        od::object obj;
        return object(v, at, obj) && fields(obj, at, std::forward<F>(f));
    }

    /// Calls f(index, element, child_path) -> bool for each element.
    template <class F>
    bool elements(od::value& v, const path& at, F&& f) {
        od::array arr;
        if (!array(v, at, arr)) return false;
        std::size_t i = 0;
        for (auto element : arr) {
            od::value value;
            if (auto e = element.get(value)) return fail(e, at.child(i));
            const path child = at.child(i);
            if (!f(i, value, child)) return false;
            ++i;
        }
        return true;
    }

private:
    template <class T, class Getter>
    bool nullable(od::value& v, const path& at, std::optional<T>& out, Getter get, std::string_view expected) {
        T value{};
        const auto e = get(v).get(value);
        if (!e) {
            out = value;
            return true;
        }
        bool was_null = false;
        if (!nullable_slow(v, at, e, expected, was_null)) return false;
        out.reset();
        return true;
    }

    error error_;
    bool failed_ = false;
};

/// The JSON type's name for messages: "string", "number", ...
std::string_view type_name(od::json_type t) noexcept;

/// A readable message for a simdjson error.
std::string describe(simdjson::error_code code);

/// Our code for a simdjson error: syntax family (UTF8_ERROR included) -> json_syntax,
/// DEPTH_ERROR -> too_deep, CAPACITY -> too_large, INCORRECT_TYPE -> wrong_type, else bad_value.
errc map_error(simdjson::error_code code) noexcept;

/// A buffer that keeps simdjson's required padding behind the bytes it holds.
class padded_buffer {
public:
    simdjson::padded_string_view assign(std::string_view bytes);

private:
    std::string storage_;
};

/// Makes `text` (already owned by the caller) parseable in place: grows its capacity so that
/// simdjson's padding fits behind the bytes, without changing its contents.
simdjson::padded_string_view pad_in_place(std::string& text);

/// Full validation of a document (simdjson DOM, which checks every byte). Used on error paths
/// to tell "not JSON at all" from "JSON of the wrong shape". Empty optional when valid.
std::optional<error> validate_json(simdjson::padded_string_view json);

/// After the root value was consumed: an error when anything but whitespace follows it.
bool check_trailing(od::document& doc, reader& r, const path& root);

/// Per-thread parsers: On-Demand ones for the outer document and one embedded document (an SNS
/// Message), reused across calls so that steady-state parsing allocates nothing in simdjson.
struct parsers {
    od::parser outer;
    od::parser inner;
    padded_buffer input;
};
parsers& thread_parsers();

}  // namespace alarmbridge::detail
