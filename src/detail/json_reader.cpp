#include "detail/json_reader.hpp"
#include "detail/json_pointer.hpp"

#include <alarmbridge/detail/json_writer.hpp>

#include <algorithm>
#include <charconv>
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

bool within_max_records(reader& r, const dom::array& records, const path& at, const parse_options& options) {
    const std::size_t n = records.size();  // O(1); saturates at 2^24 - 1, far past any limit
    if (n <= options.max_records) return true;
    return r.fail(errc::too_large, at,
                  (n >= 0xFFFFFF ? "more than " + std::to_string(n) : std::to_string(n)) + " records, limit " +
                      std::to_string(options.max_records));
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


bool reader::string_array(const json_value& v, const path& at, skipped&) {
    if (v.is_null()) return true;
    return elements(v, at, [&](std::size_t, const json_value& element, const path& p) {
        std::string_view s;
        return required_view(element, p, s);
    });
}

bool reader::compact_text(const json_value& v, const path&, std::string& out, std::string&) {
    out = simdjson::minify(v);
    return true;
}

bool reader::compact_text(const json_value& v, const path&, std::string_view& out, std::string& scratch) {
    scratch = simdjson::minify(v);
    out = scratch;
    return true;
}

bool reader::any(const json_value& v, const path& at, nlohmann::json& out) {
    // The parser refused nesting past max_depth, so this recursion is bounded. A value kept in a
    // nlohmann tree costs 16 to 100 bytes however short its JSON (`{}`): the budget keeps that
    // within a few bytes per input byte.
    auto& budget = thread_parsers().kept_values_left;
    if (budget == 0)
        return fail(errc::too_large, at,
                    "more values kept without a model than the input's size allows (" +
                        std::string(kept_values_rule) + ")");
    --budget;
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

void padded_buffer::trim() noexcept {
    if (storage_.capacity() > keep_buffer_bytes) std::string().swap(storage_);
}

simdjson::padded_string_view pad_in_place(std::string& text) {
    text.reserve(text.size() + simdjson::SIMDJSON_PADDING);
    return simdjson::padded_string_view(text.data(), text.size(), text.capacity());
}

namespace {

/// Writes a document back as simdjson reads it: an integer beyond 64 bits becomes the double
/// nlohmann reads it as, everything else stays as it was (keys in their order). nlohmann's SAX
/// parser is iterative and this handler keeps only a depth count, so nothing recursive, and no
/// tree, ever sees the document: nesting past max_depth stops it at once.
class rewrite_handler {
public:
    explicit rewrite_handler(std::string& out) : writer_(out) {}

    bool too_deep() const noexcept { return too_deep_; }

    bool null() {
        writer_.null();
        return true;
    }
    bool boolean(bool b) {
        writer_.value(b);
        return true;
    }
    bool number_integer(std::int64_t n) {
        writer_.value(n);
        return true;
    }
    bool number_unsigned(std::uint64_t n) {
        char buf[24];
        writer_.number(std::string_view(buf, static_cast<std::size_t>(std::to_chars(buf, buf + sizeof buf, n).ptr - buf)));
        return true;
    }
    bool number_float(double d, const std::string& text) {
        // Beyond a double's range (1e400) it is null, as nlohmann writes it. Otherwise a fraction
        // or an exponent is kept as written; only an integer too wide for 64 bits (which nlohmann
        // hands over as a double) is written as that double.
        if (!std::isfinite(d)) {
            writer_.null();
            return true;
        }
        if (text.find_first_of(".eE") != std::string::npos) {
            writer_.number(text);
            return true;
        }
        char buf[32];
        writer_.number(std::string_view(buf, static_cast<std::size_t>(std::to_chars(buf, buf + sizeof buf, d).ptr - buf)));
        return true;
    }
    bool string(std::string& s) {
        writer_.value(s);
        return true;
    }
    bool binary(nlohmann::json::binary_t&) { return false; }  // not produced by the JSON reader
    bool start_object(std::size_t) { return open() && (writer_.begin_object(), true); }
    bool key(std::string& k) {
        writer_.key(k);
        return true;
    }
    bool end_object() {
        --depth_;
        writer_.end_object();
        return true;
    }
    bool start_array(std::size_t) { return open() && (writer_.begin_array(), true); }
    bool end_array() {
        --depth_;
        writer_.end_array();
        return true;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

private:
    bool open() {
        if (++depth_ > max_depth) {
            too_deep_ = true;
            return false;
        }
        return true;
    }

    json_writer writer_;
    std::size_t depth_ = 0;
    bool too_deep_ = false;
};

}  // namespace

namespace {

/// Stands in for a document's values while nlohmann/json's SAX parser looks for where a document
/// simdjson refused goes wrong: keeps only a depth count (no tree) and the parser's error.
class locate_handler {
public:
    bool null() { return true; }
    bool boolean(bool) { return true; }
    bool number_integer(std::int64_t) { return true; }
    bool number_unsigned(std::uint64_t) { return true; }
    bool number_float(double, const std::string&) { return true; }
    bool string(std::string&) { return true; }
    bool binary(nlohmann::json::binary_t&) { return true; }
    bool key(std::string&) { return true; }
    bool start_object(std::size_t) { return ++depth_ <= max_depth; }
    bool end_object() { return --depth_, true; }
    bool start_array(std::size_t) { return ++depth_ <= max_depth; }
    bool end_array() { return --depth_, true; }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
        position_ = position;
        what_ = e.what();
        return false;
    }

    std::size_t position() const noexcept { return position_; }
    const std::string& what() const noexcept { return what_; }

private:
    std::size_t depth_ = 0;
    std::size_t position_ = 0;
    std::string what_;
};

/// nlohmann/json's explanation without its prefix and without the input it quotes ("last read"):
/// "syntax error while parsing value - invalid literal; expected end of input".
std::string explanation(const std::string& what) {
    std::string_view s = what;
    if (const auto colon = s.find(": "); colon != std::string_view::npos) s.remove_prefix(colon + 2);
    std::string out(s.substr(0, s.find("; last read: ")));
    if (const auto expected = s.rfind("; expected "); expected != std::string_view::npos && expected > out.size())
        out += s.substr(expected);
    return out;
}

}  // namespace

std::string syntax_error_message(std::string_view json, simdjson::error_code code) {
    locate_handler handler;
    nlohmann::json::sax_parse(json.begin(), json.end(), &handler, nlohmann::json::input_format_t::json, true);
    if (handler.what().empty()) return describe(code);  // nlohmann/json found nothing wrong: say what simdjson said
    // nlohmann counts the characters it read, the one it stopped at included.
    const std::size_t offset = std::min(handler.position() == 0 ? 0 : handler.position() - 1, json.size());
    const std::string_view before = json.substr(0, offset);
    const std::size_t line = 1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
    const auto newline = before.rfind('\n');
    const std::size_t column = offset - (newline == std::string_view::npos ? 0 : newline + 1) + 1;
    return "invalid JSON at line " + std::to_string(line) + ", column " + std::to_string(column) + " (byte " +
           std::to_string(offset) + "): " + explanation(handler.what());
}

document_parser::document_parser() : parser_(simdjson::SIMDJSON_MAXSIZE_BYTES) {
    // Depth is fixed when the parser allocates; it keeps it as it grows for larger documents.
    // Should this first allocation fail, parse() allocates again and reports it.
    if (parser_.allocate(4096, max_depth) != simdjson::SUCCESS) return;
}

void document_parser::trim() noexcept {
    if (parser_.capacity() > keep_buffer_bytes) {
        // A new parser: allocate() would shrink the parser's own buffers but not its document's.
        parser_ = dom::parser(simdjson::SIMDJSON_MAXSIZE_BYTES);
        if (parser_.allocate(4096, max_depth) != simdjson::SUCCESS) return;  // parse() allocates again
    }
    if (rewritten_.capacity() > keep_buffer_bytes) std::string().swap(rewritten_);
}

result<json_value> document_parser::parse(simdjson::padded_string_view json) {
    json_value root;
    auto e = parser_.parse(json).get(root);
    if (e == simdjson::NUMBER_ERROR) {
        // simdjson refuses integers beyond 64 bits, which JSON allows. nlohmann reads them (as
        // doubles): such a rare document is written back by nlohmann's SAX parser, depth checked
        // as it goes, and parsed again. A number nlohmann refuses too is a syntax error.
        rewritten_.clear();
        rewrite_handler handler(rewritten_);
        const bool ok = nlohmann::json::sax_parse(json.data(), json.data() + json.length(), &handler,
                                                  nlohmann::json::input_format_t::json, true);
        if (handler.too_deep()) return error{errc::too_deep, describe(simdjson::DEPTH_ERROR), ""};
        if (!ok) return error{errc::json_syntax, syntax_error_message(json, e), ""};
        e = parser_.parse(pad_in_place(rewritten_)).get(root);
    }
    if (e) {
        const errc code = map_error(e);
        return error{code, code == errc::json_syntax ? syntax_error_message(json, e) : describe(e), ""};
    }
    // simdjson 3.0 accepts a root scalar followed by a NUL byte ("123\0"), and so does nlohmann.
    // A raw NUL is never valid JSON; no event is a scalar, so the check costs real traffic nothing.
    const auto t = root.type();
    if (t != dom::element_type::OBJECT && t != dom::element_type::ARRAY &&
        std::memchr(json.data(), 0, json.length()) != nullptr)
        return error{errc::json_syntax, "unexpected content after the JSON value", ""};
    return root;
}

namespace {
result<json_value> parse_outer(std::string_view bytes, const parse_options& options) {
    if (bytes.size() > options.max_input_bytes) {
        return error{errc::too_large,
                     "input is " + std::to_string(bytes.size()) + " bytes, limit " +
                         std::to_string(options.max_input_bytes),
                     ""};
    }
    auto& p = thread_parsers();
    return p.outer.parse(p.input.assign(bytes));
}
}  // namespace

outer_document::outer_document(std::string_view bytes, const parse_options& options)
    : root_(parse_outer(bytes, options)) {
    thread_parsers().kept_values_left = kept_values_budget(bytes.size());
}

outer_document::~outer_document() {
    auto& p = thread_parsers();
    p.kept_values_left = kept_values_budget(0);
    p.trim();
}

void parsers::trim() noexcept {
    outer.trim();
    inner.trim();
    reason.trim();
    input.trim();
    message.trim();
    reason_data.trim();
    if (message_object.capacity() > keep_buffer_bytes) std::string().swap(message_object);
}

parsers& thread_parsers() {
    thread_local parsers p;
    return p;
}

}  // namespace alarmbridge::detail
