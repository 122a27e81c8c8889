// The links of a message (the templates are in links.hpp; runbook links in runbook_url.cpp).
#include "format/links.hpp"

#include <alarmbridge/slack/validate.hpp>

#include <cstdint>

namespace alarmbridge::detail {

bool fits_button(std::string_view url) {
    return url.size() <= slack::limits::url || slack::count_characters(url) <= slack::limits::url;
}

void append_jsurl(std::string& out, std::string_view utf8) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '\'';
    for (std::size_t i = 0; i < utf8.size();) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.') {
            out += static_cast<char>(c);
            ++i;
            continue;
        }
        if (c == '$') {
            out += '!';
            ++i;
            continue;
        }
        // Decode one code point (invalid bytes as themselves), write UTF-16 units.
        std::uint32_t cp = c;
        std::size_t len = 1;
        if (c >= 0xF0) { cp = c & 0x07; len = 4; }
        else if (c >= 0xE0) { cp = c & 0x0F; len = 3; }
        else if (c >= 0xC0) { cp = c & 0x1F; len = 2; }
        if (i + len > utf8.size()) len = 1, cp = c;
        for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[k + i]) & 0x3F);
        i += len;
        auto unit = [&out](std::uint32_t u) {
            if (u < 0x100) {
                out += '*';
                out += hex[(u >> 4) & 0xF];
                out += hex[u & 0xF];
            } else {
                out += "**";
                for (int shift = 12; shift >= 0; shift -= 4) out += hex[(u >> shift) & 0xF];
            }
        };
        if (cp >= 0x10000) {
            cp -= 0x10000;
            unit(0xD800 + (cp >> 10));
            unit(0xDC00 + (cp & 0x3FF));
        } else {
            unit(cp);
        }
    }
}

}  // namespace alarmbridge::detail
