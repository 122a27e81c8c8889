// The UTF-8 reading both renderers share: one code point at a time, and which code points a
// rendering never writes as they are (render.hpp says why).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace alarmbridge::slack::render_detail {

/// The code point at s[i] and its length in bytes; an invalid or truncated sequence (overlong,
/// surrogate, past U+10FFFF) is U+FFFD of length 1, so reading resumes at the next byte.
struct code_point {
    char32_t value;
    std::size_t length;
};
code_point decode_utf8(std::string_view s, std::size_t i);

/// C0 and C1 controls, DEL, and the bidirectional embeddings, overrides and isolates (which
/// reorder what follows them on screen): shown as U+FFFD, never written.
bool is_unsafe(char32_t c);

/// c as UTF-8, appended to out.
void append_utf8(std::string& out, char32_t c);

inline constexpr char32_t replacement_character = 0xFFFD;

}  // namespace alarmbridge::slack::render_detail
