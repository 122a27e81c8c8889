// Internal: what error messages are made of - RFC 6901 JSON pointers as strings, JSON type names,
// quoted values. Shared by the parsers, the Slack validator and the Slack model readers.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace alarmbridge::detail {

/// Appends "/key" to a pointer, with '~' written "~0" and '/' written "~1".
inline void append_pointer_key(std::string& pointer, std::string_view key) {
    pointer += '/';
    for (char c : key) {
        if (c == '~') pointer += "~0";
        else if (c == '/') pointer += "~1";
        else pointer += c;
    }
}

inline std::string pointer_child(const std::string& pointer, std::string_view key) {
    std::string out = pointer;
    append_pointer_key(out, key);
    return out;
}

inline std::string pointer_child(const std::string& pointer, std::size_t index) {
    return pointer + "/" + std::to_string(index);
}

/// "object", "array", "string", "boolean", "null" or "number".
inline const char* json_type_name(const nlohmann::json& j) {
    switch (j.type()) {
        case nlohmann::json::value_t::object: return "object";
        case nlohmann::json::value_t::array: return "array";
        case nlohmann::json::value_t::string: return "string";
        case nlohmann::json::value_t::boolean: return "boolean";
        case nlohmann::json::value_t::null: return "null";
        default: return "number";
    }
}

/// A value quoted for a message: at most 64 bytes, never cut inside a UTF-8 sequence.
inline std::string quoted(std::string_view value) {
    constexpr std::size_t limit = 64;
    std::string out = "\"";
    if (value.size() <= limit) {
        out += value;
    } else {
        std::size_t cut = limit;
        while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;  // continuation byte
        out += value.substr(0, cut);
        out += "...";
    }
    out += '"';
    return out;
}

}  // namespace alarmbridge::detail
