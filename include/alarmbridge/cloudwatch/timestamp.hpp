// alarmbridge/cloudwatch/timestamp.hpp - timestamps as CloudWatch writes them, kept raw and parsed.
//
// CloudWatch writes "2026-11-20T03:46:29.897+0000" in alarm payloads, EventBridge writes
// "2019-10-02T17:04:40Z", and AWS's own documentation samples carry a spaced variant
// "2023-08-04T12: 56: 46.138+0000". All three (and "+00:00" or any other offset) parse here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace alarmbridge::cloudwatch {

/// A timestamp exactly as received, plus its parsed value when it could be parsed. String is
/// std::string, or std::string_view in a viewing model (see alarmbridge/storage.hpp).
template <class String>
struct basic_timestamp {
    String raw;                           ///< verbatim, never re-formatted
    std::optional<std::int64_t> epoch_ms; ///< milliseconds since 1970-01-01T00:00:00Z, UTC

    bool empty() const noexcept { return raw.empty(); }
};
using timestamp = basic_timestamp<std::string>;

namespace detail {

constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
    // Howard Hinnant's algorithm, proleptic Gregorian calendar.
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct civil {
    std::int64_t year;
    unsigned month, day, hour, minute, second, millisecond;
};

constexpr civil civil_from_epoch_ms(std::int64_t ms) noexcept {
    std::int64_t days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
    std::int64_t rem = ms - days * 86400000;
    const std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
    return civil{y,
                 m,
                 d,
                 static_cast<unsigned>(rem / 3600000),
                 static_cast<unsigned>(rem / 60000 % 60),
                 static_cast<unsigned>(rem / 1000 % 60),
                 static_cast<unsigned>(rem % 1000)};
}

class cursor {
public:
    explicit constexpr cursor(std::string_view s) noexcept : s_(s) {}
    constexpr bool done() const noexcept { return i_ >= s_.size(); }
    constexpr char peek() const noexcept { return done() ? '\0' : s_[i_]; }
    constexpr bool eat(char c) noexcept {
        if (peek() != c) return false;
        ++i_;
        return true;
    }
    constexpr void skip_spaces() noexcept {
        while (peek() == ' ') ++i_;
    }
    /// Exactly n decimal digits.
    constexpr bool digits(unsigned n, unsigned& out) noexcept {
        out = 0;
        for (unsigned k = 0; k < n; ++k) {
            const char c = peek();
            if (c < '0' || c > '9') return false;
            out = out * 10 + static_cast<unsigned>(c - '0');
            ++i_;
        }
        return true;
    }

private:
    std::string_view s_;
    std::size_t i_ = 0;
};

}  // namespace detail

/// Parses "YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HHMM|±HH:MM)". Spaces after the colons of the time
/// part (AWS documentation samples) and a space instead of 'T' are tolerated. The fraction may
/// have any number of digits; it is truncated to milliseconds. Returns nullopt otherwise.
constexpr std::optional<std::int64_t> parse_epoch_ms(std::string_view text) noexcept {
    detail::cursor c(text);
    unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!c.digits(4, year) || !c.eat('-') || !c.digits(2, month) || !c.eat('-') || !c.digits(2, day))
        return std::nullopt;
    if (!c.eat('T') && !c.eat('t') && !c.eat(' ')) return std::nullopt;
    if (!c.digits(2, hour) || !c.eat(':')) return std::nullopt;
    c.skip_spaces();
    if (!c.digits(2, minute) || !c.eat(':')) return std::nullopt;
    c.skip_spaces();
    if (!c.digits(2, second)) return std::nullopt;
    unsigned ms = 0;
    if (c.eat('.')) {
        unsigned scale = 100, digit = 0, count = 0;
        while (c.digits(1, digit)) {
            ms += digit * scale;
            scale /= 10;
            ++count;
        }
        if (count == 0) return std::nullopt;
    }
    std::int64_t offset_minutes = 0;
    if (c.eat('Z') || c.eat('z')) {
    } else if (c.peek() == '+' || c.peek() == '-') {
        const bool negative = c.peek() == '-';
        c.eat(c.peek());
        unsigned oh = 0, om = 0;
        if (!c.digits(2, oh)) return std::nullopt;
        c.eat(':');
        if (!c.digits(2, om) || oh > 23 || om > 59) return std::nullopt;
        offset_minutes = static_cast<std::int64_t>(oh * 60 + om) * (negative ? -1 : 1);
    } else {
        return std::nullopt;
    }
    if (!c.done()) return std::nullopt;
    constexpr unsigned month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1 || day > month_days[month - 1] || hour > 23 ||
        minute > 59 || second > 60)
        return std::nullopt;
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (month == 2 && day == 29 && !leap) return std::nullopt;
    const std::int64_t days = detail::days_from_civil(year, month, day);
    const std::int64_t secs = days * 86400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    return secs * 1000 + ms;
}

/// A timestamp from text as received: raw kept, parsed value filled when the text parses.
inline timestamp make_timestamp(std::string raw) {
    timestamp t;
    t.epoch_ms = parse_epoch_ms(raw);
    t.raw = std::move(raw);
    return t;
}

/// UTC ISO-8601 with milliseconds, "2026-11-20T03:46:29.897Z", into a caller's 24 bytes (no
/// allocation).
inline void format_iso8601(std::int64_t epoch_ms, char (&buf)[24]) {
    const detail::civil c = detail::civil_from_epoch_ms(epoch_ms);
    auto put = [&buf](std::size_t at, unsigned value, unsigned width) {
        for (unsigned k = 0; k < width; ++k) {
            buf[at + width - 1 - k] = static_cast<char>('0' + value % 10);
            value /= 10;
        }
    };
    const auto year = static_cast<unsigned>(c.year < 0 ? 0 : (c.year > 9999 ? 9999 : c.year));
    put(0, year, 4);
    buf[4] = '-';
    put(5, c.month, 2);
    buf[7] = '-';
    put(8, c.day, 2);
    buf[10] = 'T';
    put(11, c.hour, 2);
    buf[13] = ':';
    put(14, c.minute, 2);
    buf[16] = ':';
    put(17, c.second, 2);
    buf[19] = '.';
    put(20, c.millisecond, 3);
    buf[23] = 'Z';
}

/// UTC ISO-8601 with milliseconds: "2026-11-20T03:46:29.897Z".
inline std::string format_iso8601(std::int64_t epoch_ms) {
    char buf[24];
    format_iso8601(epoch_ms, buf);
    return std::string(buf, sizeof buf);
}

/// The parsed time as UTC ISO-8601, or nullopt when the raw text did not parse.
template <class String>
std::optional<std::string> iso8601(const basic_timestamp<String>& t) {
    if (!t.epoch_ms) return std::nullopt;
    return format_iso8601(*t.epoch_ms);
}

}  // namespace alarmbridge::cloudwatch
