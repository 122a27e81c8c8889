#include "detail/json_reader.hpp"
#include "detail/json_pointer.hpp"

#include <cmath>
#include <cstring>

namespace alarmbridge::detail {

namespace {
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

std::string_view type_name(json_type t) noexcept {
    switch (t) {
        case json_type::array: return "array";
        case json_type::object: return "object";
        case json_type::number: return "number";
        case json_type::string: return "string";
        case json_type::boolean: return "boolean";
        case json_type::null: return "null";
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
    if (code == simdjson::DEPTH_ERROR)
        return "nested more than " + std::to_string(max_depth) + " levels deep";
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

bool reader::wrong_type(const path& at, std::string_view expected, json_type got) {
    std::string msg = "expected ";
    msg += expected;
    msg += ", got ";
    msg += type_name(got);
    return fail(errc::wrong_type, at, std::move(msg));
}

bool reader::unexpected(const json_value& v, const path& at, std::string_view expected, bool null_is_missing) {
    const json_type t = detail::type_of(v);
    if (t == json_type::null && null_is_missing) return fail(errc::missing_field, at, "required, got null");
    return wrong_type(at, expected, t);
}

bool reader::optional_int_slow(const json_value& v, const path& at, std::optional<std::int64_t>& out) {
    const json_type t = detail::type_of(v);
    if (t == json_type::null) {
        out.reset();
        return true;
    }
    if (t != json_type::number) return wrong_type(at, "an integer", t);
    // 60.0 is an integer written as a float; 60.5 is not.
    double d = 0;
    if (auto e = v.get_double().get(d)) return fail(e, at);
    if (std::trunc(d) != d || d < -9.2e18 || d > 9.2e18)
        return fail(errc::bad_value, at, "expected an integer, got " + std::to_string(d));
    out = static_cast<std::int64_t>(d);
    return true;
}


bool reader::string_array(const json_value& v, const path& at, view::ignored_strings&) {
    if (v.is_null()) return true;
    return elements(v, at, [&](std::size_t, const json_value& element, const path& p) {
        std::string_view s;
        return required_view(element, p, s);
    });
}


bool reader::any(const json_value& v, const path& at, nlohmann::json& out) {
    // The parser refused nesting past max_depth, so this recursion is bounded.
    switch (v.type()) {
        case dom::element_type::OBJECT: {
            out = nlohmann::json::object();
            return fields(v, at, [&](std::string_view key, const json_value& value, const path& p) {
                return any(value, p, out[std::string(key)]);
            });
        }
        case dom::element_type::ARRAY: {
            out = nlohmann::json::array();
            return elements(v, at, [&](std::size_t, const json_value& value, const path& p) {
                out.push_back(nullptr);
                return any(value, p, out.back());
            });
        }
        case dom::element_type::STRING: out = std::string(v.get_string().value_unsafe()); return true;
        case dom::element_type::BOOL: out = v.get_bool().value_unsafe(); return true;
        case dom::element_type::NULL_VALUE: out = nullptr; return true;
        case dom::element_type::INT64: out = v.get_int64().value_unsafe(); return true;
        case dom::element_type::UINT64: out = v.get_uint64().value_unsafe(); return true;
        case dom::element_type::DOUBLE: out = v.get_double().value_unsafe(); return true;
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

document_parser::document_parser() : parser_(simdjson::SIMDJSON_MAXSIZE_BYTES) {
    // Depth is fixed when the parser allocates; it keeps it as it grows for larger documents.
    // Should this first allocation fail, parse() allocates again and reports it.
    if (parser_.allocate(4096, max_depth) != simdjson::SUCCESS) return;
}

result<json_value> document_parser::parse(simdjson::padded_string_view json) {
    json_value root;
    auto e = parser_.parse(json).get(root);
    if (e == simdjson::NUMBER_ERROR) {
        // simdjson refuses integers beyond 64 bits, which JSON allows. nlohmann reads them (as
        // doubles); such a rare document is read that way, written back, and parsed again. Key
        // order is kept; a number nlohmann refuses too is a syntax error.
        const auto j = nlohmann::ordered_json::parse(json.data(), json.data() + json.length(), nullptr, false);
        if (j.is_discarded()) return error{errc::json_syntax, describe(e), ""};
        rewritten_ = j.dump();
        e = parser_.parse(pad_in_place(rewritten_)).get(root);
    }
    if (e) return error{map_error(e), describe(e), ""};
    // simdjson 3.0 accepts a root scalar followed by a NUL byte ("123\0"), and so does nlohmann.
    // A raw NUL is never valid JSON; no event is a scalar, so the check costs real traffic nothing.
    const auto t = root.type();
    if (t != dom::element_type::OBJECT && t != dom::element_type::ARRAY &&
        std::memchr(json.data(), 0, json.length()) != nullptr)
        return error{errc::json_syntax, "unexpected content after the JSON value", ""};
    return root;
}

void recent_datapoints(std::string_view reason_data, std::vector<double>& out) {
    out.clear();
    thread_local document_parser parser;
    thread_local std::string copy;
    copy.assign(reason_data.data(), reason_data.size());
    auto root = parser.parse(pad_in_place(copy));
    if (!root) {
        // Not JSON to simdjson (nested past its depth limit, say): read it as before.
        const auto data = nlohmann::json::parse(reason_data, nullptr, false);
        const auto it = data.is_object() ? data.find("recentDatapoints") : data.end();
        if (it == data.end() || !it->is_array()) return;
        for (const auto& v : *it)
            if (v.is_number()) out.push_back(v.get<double>());
        return;
    }
    dom::object obj;
    if (root->get_object().get(obj)) return;
    dom::array values;
    bool found = false;
    for (const auto field : obj) {
        if (!is_key(field.key, "recentDatapoints")) continue;
        found = field.value.get_array().get(values) == simdjson::SUCCESS;  // the last one counts
    }
    if (!found) return;
    for (const json_value v : values) {
        double d = 0;
        if (v.get_double().get(d) == simdjson::SUCCESS) out.push_back(d);  // numbers only
    }
}

parsers& thread_parsers() {
    thread_local parsers p;
    return p;
}

}  // namespace alarmbridge::detail
