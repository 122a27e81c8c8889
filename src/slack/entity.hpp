// Internal: mrkdwn entities ("&amp;", "&#39;") as text holds them. The fallback text keeps them
// whole and truncate() never cuts one.
#pragma once

#include <cstddef>
#include <string_view>

namespace alarmbridge::slack::detail {

/// The length of the entity ("&amp;", "&#39;") text starts with; 0 when it starts with none.
inline std::size_t entity_length(std::string_view text) {
    if (text.empty() || text[0] != '&') return 0;
    for (std::size_t i = 1; i < text.size() && i <= 10; ++i) {
        const char c = text[i];
        if (c == ';') return i > 1 ? i + 1 : 0;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '#')) return 0;
    }
    return 0;
}


}  // namespace alarmbridge::slack::detail
