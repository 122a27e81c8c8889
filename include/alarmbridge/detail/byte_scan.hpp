// alarmbridge/detail/byte_scan.hpp - how far text runs before a byte that needs attention.
//
// The JSON writer and the mrkdwn escaper copy text in runs and stop only at the bytes they must
// rewrite. Finding the end of a run is most of their work, so it is done sixteen bytes at a time
// with SSE2 (part of every x86-64 CPU), and eight at a time in portable SWAR elsewhere. Either
// way the answer is exact: the index of the first such byte, or the length.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__) || defined(_M_X64)
#include <emmintrin.h>
#define ALARMBRIDGE_SSE2 1
#endif

namespace alarmbridge::detail {

/// 1 for the ASCII bytes that go out as they are in a JSON string (printable, not '"' or '\\').
struct plain_ascii_table {
    bool plain[256] = {};
    constexpr plain_ascii_table() {
        for (int c = 0x20; c < 0x80; ++c) plain[c] = c != '"' && c != '\\';
    }
};
inline constexpr plain_ascii_table plain_ascii{};

/// Whether any of the 8 bytes in w is not plain: below 0x20, '"', '\\' or 0x80 and up (SWAR: a
/// byte b < n sets its high bit in (b - n) & ~b; exact for "any", which is all that is asked).
constexpr bool any_special(std::uint64_t w) noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t highs = 0x8080808080808080ULL;
    const std::uint64_t quote = w ^ (ones * '"');
    const std::uint64_t backslash = w ^ (ones * '\\');
    const std::uint64_t hits = ((w - ones * 0x20) & ~w) | ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash) | w;
    return (hits & highs) != 0;
}

/// Whether any of the 8 bytes in w is '&', '<' or '>'.
constexpr bool any_markup(std::uint64_t w) noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t highs = 0x8080808080808080ULL;
    const std::uint64_t amp = w ^ (ones * '&');
    const std::uint64_t lt = w ^ (ones * '<');
    const std::uint64_t gt = w ^ (ones * '>');
    return ((((amp - ones) & ~amp) | ((lt - ones) & ~lt) | ((gt - ones) & ~gt)) & highs) != 0;
}

inline bool is_markup(unsigned char c) noexcept { return c == '&' || c == '<' || c == '>'; }
inline bool is_json_special(unsigned char c) noexcept { return !plain_ascii.plain[c]; }

#if ALARMBRIDGE_SSE2
namespace sse2 {
inline unsigned first_bit(unsigned mask) noexcept {
#if defined(__GNUC__)
    return static_cast<unsigned>(__builtin_ctz(mask));
#else
    unsigned i = 0;
    while (!(mask & 1u)) mask >>= 1, ++i;
    return i;
#endif
}
/// Bit i set when byte i of v is not plain in a JSON string. Signed: 0x80 and up are below 0x20.
inline unsigned special_mask(__m128i v) noexcept {
    const __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
                                      _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
    return static_cast<unsigned>(_mm_movemask_epi8(hits));
}
inline unsigned markup_mask(__m128i v) noexcept {
    const __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('&')), _mm_cmpeq_epi8(v, _mm_set1_epi8('<'))),
                                      _mm_cmpeq_epi8(v, _mm_set1_epi8('>')));
    return static_cast<unsigned>(_mm_movemask_epi8(hits));
}
/// The first index in [0, n) whose byte Mask (or, for text under 16 bytes, Hit) marks, or n.
/// Reads only [p, p + n): the last block overlaps the one before it instead of reading past the
/// end (or copying the tail to the stack, which stalls on store forwarding).
template <unsigned (*Mask)(__m128i), bool (*Hit)(unsigned char)>
inline std::size_t find(const char* p, std::size_t n) noexcept {
    if (n < 16) {
        if (n >= 8) {
            // Two eight-byte loads that overlap in the middle, side by side in one register.
            std::uint64_t head, tail;
            std::memcpy(&head, p, 8);
            std::memcpy(&tail, p + n - 8, 8);
            const unsigned m = Mask(_mm_set_epi64x(static_cast<long long>(tail), static_cast<long long>(head)));
            if (m & 0xFFu) return first_bit(m & 0xFFu);
            return m ? n - 8 + first_bit(m >> 8) : n;
        }
        std::size_t i = 0;
        while (i < n && !Hit(static_cast<unsigned char>(p[i]))) ++i;
        return i;
    }
    std::size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        const unsigned m = Mask(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)));
        if (m) return i + first_bit(m);
    }
    if (i == n) return n;
    // Bytes before i in this block were found clean already, so a mark is at i or later.
    const unsigned m = Mask(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + n - 16)));
    return m ? n - 16 + first_bit(m) : n;
}
}  // namespace sse2
#endif

/// Portable versions, eight bytes at a time (SWAR); used where SSE2 is not, and tested everywhere.
namespace portable {
/// The first index in [0, n) whose byte Hit marks, or n; words Word finds clean are skipped whole.
template <bool (*Word)(std::uint64_t), bool (*Hit)(unsigned char)>
inline std::size_t find(const char* p, std::size_t n) noexcept {
    std::size_t i = 0;
    for (std::uint64_t w; i + 8 <= n; i += 8) {
        std::memcpy(&w, p + i, 8);
        if (Word(w)) break;
    }
    while (i < n && !Hit(static_cast<unsigned char>(p[i]))) ++i;
    return i;
}
inline std::size_t plain_json_run(const char* p, std::size_t n) noexcept {
    return find<any_special, is_json_special>(p, n);
}
inline std::size_t markup_free_run(const char* p, std::size_t n) noexcept { return find<any_markup, is_markup>(p, n); }
}  // namespace portable

/// The length of the run at p (of n bytes) that a JSON string takes as it is: up to the first
/// byte below 0x20, '"', '\\' or 0x80 and up.
inline std::size_t plain_json_run(const char* p, std::size_t n) noexcept {
#if ALARMBRIDGE_SSE2
    return sse2::find<sse2::special_mask, is_json_special>(p, n);
#else
    return portable::plain_json_run(p, n);
#endif
}

/// The length of the run at p (of n bytes) with no '&', '<' or '>'.
inline std::size_t markup_free_run(const char* p, std::size_t n) noexcept {
#if ALARMBRIDGE_SSE2
    return sse2::find<sse2::markup_mask, is_markup>(p, n);
#else
    return portable::markup_free_run(p, n);
#endif
}

}  // namespace alarmbridge::detail
