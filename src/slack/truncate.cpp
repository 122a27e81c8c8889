// truncate(): UTF-8 text cut to a number of code points, never inside a `<...>` token or an
// entity, ending in "…" when it had to cut.
#include <alarmbridge/slack/message.hpp>

#include "slack/entity.hpp"

#include <algorithm>
#include <string>
#include <string_view>

namespace alarmbridge::slack {

using detail::entity_length;

std::string truncate(std::string_view s, std::size_t max) {
    if (count_characters(s) <= max) return std::string(s);
    if (max == 0) return {};
    // Keep max - 1 code points and end with U+2026 (one code point).
    std::size_t kept = 0, cut = 0;
    for (; cut < s.size(); ++cut) {
        if ((static_cast<unsigned char>(s[cut]) & 0xC0) != 0x80) {
            if (kept == max - 1) break;
            ++kept;
        }
    }
    // Back off to the start of a token or entity the cut would split. One forward pass: each
    // token is skipped whole, so the scan is linear.
    bool closed = true;  // false once no '>' is left: no '<' after that starts a token
    for (std::size_t i = 0; i < cut;) {
        std::size_t end = i + 1;  // one past the unit that starts at i
        if (s[i] == '<' && closed) {
            const auto close = s.find('>', i);
            if (close != std::string_view::npos) end = close + 1;
            else closed = false;
        } else if (s[i] == '&') {
            end = i + std::max<std::size_t>(1, entity_length(s.substr(i)));
        }
        if (end > cut) {
            cut = i;
            break;
        }
        i = end;
    }
    std::string out(s.substr(0, cut));
    out += "\xE2\x80\xA6";
    return out;
}

}  // namespace alarmbridge::slack
