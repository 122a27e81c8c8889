#include "detail/json_reader.hpp"
#include "detail/json_pointer.hpp"

#include <cmath>
#include <limits>

namespace alarmbridge::detail {

namespace {
// simdjson's On-Demand iterator *assumes* that nesting stays below the parser's max_depth (1024)
// instead of checking it; descending deeper would write past its depth array. Every descent
// into a value we do not model is therefore bounded by the absolute depth, with room to spare.
constexpr std::int32_t max_value_depth = 1000;
static_assert(max_value_depth + 16 < static_cast<std::int32_t>(simdjson::DEFAULT_MAX_DEPTH));

void render_into(std::string& out, const path* p) {
    if (p == nullptr) return;
    if (p->parent == nullptr && !p->is_index && p->key.empty()) return;  // the root
    render_into(out, p->parent);
    if (p->is_index) out += "/" + std::to_string(p->index);
    else append_pointer_key(out, p->key);
}
}  // namespace

std::string render(const path* p) {
    std::string out;
    render_into(out, p);
    return out;
}

std::string_view type_name(od::json_type t) noexcept {
    switch (t) {
        case od::json_type::array: return "array";
        case od::json_type::object: return "object";
        case od::json_type::number: return "number";
        case od::json_type::string: return "string";
        case od::json_type::boolean: return "boolean";
        case od::json_type::null: return "null";
    }
    return "unknown";
}

errc map_error(simdjson::error_code code) noexcept {
    switch (code) {
        case simdjson::DEPTH_ERROR: return errc::too_deep;
        case simdjson::CAPACITY: return errc::too_large;
        case simdjson::INCORRECT_TYPE: return errc::wrong_type;
        case simdjson::NUMBER_OUT_OF_RANGE: return errc::bad_value;
        case simdjson::NO_SUCH_FIELD: return errc::missing_field;
        default: return errc::json_syntax;
    }
}

bool reader::fail(errc code, const path& at, std::string message) {
    if (!failed_) {
        failed_ = true;
        error_ = error{code, std::move(message), render(&at)};
    }
    return false;
}

std::string describe(simdjson::error_code code) {
    if (code == simdjson::UTF8_ERROR) return "the input is not valid UTF-8 (RFC 8259 requires UTF-8)";
    return simdjson::error_message(code);
}

bool reader::fail(simdjson::error_code code, const path& at) {
    return fail(map_error(code), at, describe(code));
}

bool reader::adopt(error e) {
    if (!failed_) {
        failed_ = true;
        error_ = std::move(e);
    }
    return false;
}

bool reader::wrong_type(const path& at, std::string_view expected, od::json_type got) {
    std::string msg = "expected ";
    msg += expected;
    msg += ", got ";
    msg += type_name(got);
    return fail(errc::wrong_type, at, std::move(msg));
}

bool reader::is_null(od::value& v, const path& at, bool& out) {
    od::json_type t{};
    if (!type_of(v, at, t)) return false;
    out = t == od::json_type::null;
    if (out) {
        // Consume (and so validate) the literal: "nul" or "nullx" must not pass.
        bool really = false;
        if (auto e = v.is_null().get(really)) return fail(e, at);
        if (!really) return fail(errc::json_syntax, at, "invalid literal");
    }
    return true;
}

// Each reader tries the expected type first (simdjson checks the type itself) and looks at the
// actual type only when that fails: one type check per value on the success path, not two.

bool reader::unexpected(od::value& v, const path& at, std::string_view expected, bool null_is_missing) {
    od::json_type t{};
    if (!type_of(v, at, t)) return false;
    if (t == od::json_type::null && null_is_missing) {
        bool n = false;
        return is_null(v, at, n) && fail(errc::missing_field, at, "required, got null");
    }
    return wrong_type(at, expected, t);
}

bool reader::optional_int_slow(od::value& v, const path& at, std::optional<std::int64_t>& out) {
    od::json_type t{};
    if (!type_of(v, at, t)) return false;
    if (t == od::json_type::null) {
        bool n = false;
        out.reset();
        return is_null(v, at, n);
    }
    if (t != od::json_type::number) return wrong_type(at, "an integer", t);
    // 60.0 is an integer written as a float; 60.5 is not.
    double d = 0;
    if (auto e = v.get_double().get(d)) return fail(e, at);
    if (std::trunc(d) != d || d < -9.2e18 || d > 9.2e18)
        return fail(errc::bad_value, at, "expected an integer, got " + std::to_string(d));
    out = static_cast<std::int64_t>(d);
    return true;
}

bool reader::nullable_slow(od::value& v, const path& at, simdjson::error_code e, std::string_view expected,
                           bool& was_null) {
    if (e != simdjson::INCORRECT_TYPE) return fail(e, at);
    if (!is_null(v, at, was_null)) return false;
    if (!was_null) return unexpected(v, at, expected, false);
    return true;
}

bool reader::string_array(od::value& v, const path& at, std::vector<std::string>& out) {
    out.clear();
    bool n = false;
    if (!is_null(v, at, n)) return false;
    if (n) return true;
    return elements(v, at, [&](std::size_t, od::value& element, const path& p) {
        out.emplace_back();
        return required_string(element, p, out.back());
    });
}

bool reader::any(od::value& v, const path& at, nlohmann::json& out) {
    od::json_type t{};
    if (!type_of(v, at, t)) return false;
    if ((t == od::json_type::object || t == od::json_type::array) && v.current_depth() >= max_value_depth)
        return fail(errc::too_deep, at, "nested more than " + std::to_string(max_value_depth) + " levels deep");
    switch (t) {
        case od::json_type::object: {
            out = nlohmann::json::object();
            return fields(v, at, [&](std::string_view key, od::value& value, const path& p) {
                return any(value, p, out[std::string(key)]);
            });
        }
        case od::json_type::array: {
            out = nlohmann::json::array();
            return elements(v, at, [&](std::size_t, od::value& value, const path& p) {
                out.push_back(nullptr);
                return any(value, p, out.back());
            });
        }
        case od::json_type::string: {
            std::string_view s;
            if (auto e = v.get_string().get(s)) return fail(e, at);
            out = std::string(s);
            return true;
        }
        case od::json_type::boolean: {
            bool b = false;
            if (auto e = v.get_bool().get(b)) return fail(e, at);
            out = b;
            return true;
        }
        case od::json_type::null: {
            bool n = false;
            out = nullptr;
            return is_null(v, at, n);
        }
        case od::json_type::number: {
            od::number num;
            if (auto e = v.get_number().get(num)) {
                // Integers beyond 64 bits: simdjson refuses them, JSON allows them. Keep them as
                // doubles when the token is a valid JSON number, reject it otherwise.
                const std::string_view token = v.raw_json_token();
                auto parsed = nlohmann::json::parse(token.begin(), token.end(), nullptr, false);
                if (parsed.is_discarded() || !parsed.is_number()) return fail(e, at);
                out = parsed.get<double>();
                return true;
            }
            switch (num.get_number_type()) {
                case od::number_type::signed_integer: out = num.get_int64(); break;
                case od::number_type::unsigned_integer: out = num.get_uint64(); break;
                default: out = num.get_double(); break;
            }
            return true;
        }
    }
    return fail(errc::json_syntax, at, "unknown JSON value");
}

simdjson::padded_string_view padded_buffer::assign(std::string_view bytes) {
    storage_.reserve(bytes.size() + simdjson::SIMDJSON_PADDING);
    storage_.assign(bytes.data(), bytes.size());
    return simdjson::padded_string_view(storage_.data(), storage_.size(), storage_.capacity());
}

simdjson::padded_string_view pad_in_place(std::string& text) {
    text.reserve(text.size() + simdjson::SIMDJSON_PADDING);
    return simdjson::padded_string_view(text.data(), text.size(), text.capacity());
}

std::optional<error> validate_json(simdjson::padded_string_view json) {
    thread_local simdjson::dom::parser dom;
    simdjson::dom::element root;
    if (auto e = dom.parse(json.data(), json.length(), false).get(root)) {
        return error{map_error(e), describe(e), ""};
    }
    return std::nullopt;
}

bool check_trailing(od::document& doc, reader& r, const path& root) {
    const char* location = nullptr;
    const auto e = doc.current_location().get(location);
    if (e == simdjson::OUT_OF_BOUNDS) return true;  // nothing after the root value
    if (e) return r.fail(e, root);
    return r.fail(errc::json_syntax, root, "unexpected content after the JSON value");
}

parsers& thread_parsers() {
    thread_local parsers p;
    return p;
}

}  // namespace alarmbridge::detail
