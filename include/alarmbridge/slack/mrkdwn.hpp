// alarmbridge/slack/mrkdwn.hpp - safe mrkdwn: escaping, and the few live sequences we emit on purpose.
//
// Slack parses three control characters in text: '&', '<' and '>'. Everything that came from
// outside (alarm names, descriptions, reasons, dimension values) goes through escape(), which
// turns exactly those three into "&amp;", "&lt;" and "&gt;" and touches nothing else, so
// "<!channel>", "<@U123>" or "<https://evil|AWS console>" in alarm data become inert, readable text.
// Live sequences (links, mentions, dates) are made only by the builders below, from values we
// control, and every text part inside them is escaped too.
#pragma once

#include <alarmbridge/detail/byte_scan.hpp>

#include <charconv>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace alarmbridge::slack::mrkdwn {

/// '&' -> "&amp;", '<' -> "&lt;", '>' -> "&gt;"; every other byte unchanged.

/// escape(text), appended to out (no temporary string: the formatter writes straight into its
/// buffers with this).
inline void append_escaped(std::string& out, std::string_view text) {
    const char* p = text.data();
    std::size_t left = text.size();
    for (;;) {
        const std::size_t run = alarmbridge::detail::markup_free_run(p, left);
        out.append(p, run);
        if (run == left) return;
        const char c = p[run];
        out += c == '&' ? "&amp;" : c == '<' ? "&lt;" : "&gt;";
        p += run + 1;
        left -= run + 1;
    }
}

inline std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 16);
    append_escaped(out, text);
    return out;
}

/// The inverse of escape(): "&amp;", "&lt;", "&gt;" back to '&', '<', '>'; nothing else.
inline std::string unescape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '&') {
            const auto rest = text.substr(i);
            if (rest.substr(0, 5) == "&amp;") { out += '&'; i += 4; continue; }
            if (rest.substr(0, 4) == "&lt;") { out += '<'; i += 3; continue; }
            if (rest.substr(0, 4) == "&gt;") { out += '>'; i += 3; continue; }
        }
        out += text[i];
    }
    return out;
}

namespace detail {

inline bool is_http_url(std::string_view url) {
    auto starts = [url](std::string_view scheme) {
        if (url.size() <= scheme.size()) return false;
        for (std::size_t i = 0; i < scheme.size(); ++i) {
            char c = url[i];
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            if (c != scheme[i]) return false;
        }
        return true;
    };
    return starts("https://") || starts("http://");
}

/// Slack IDs: an expected first letter, then upper-case letters and digits.
inline bool is_id(std::string_view id, std::string_view first_letters) {
    if (id.size() < 2 || id.size() > 64 || first_letters.find(id[0]) == std::string_view::npos) return false;
    for (char c : id)
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
    return true;
}

}  // namespace detail

/// A link "<url|label>". The label is escaped; in the URL, '<', '>' and '|' (which would end or
/// split the link) are percent-encoded and '&' is written "&amp;" as Slack's own text does. Only
/// http and https URLs make a live link: for anything else the escaped label (or URL) is returned
/// as plain text.
/// append_link() writes it at the end of out; link() returns it.
inline void append_link(std::string& out, std::string_view url, std::string_view label = {}) {
    if (!detail::is_http_url(url)) return append_escaped(out, label.empty() ? url : label);
    out += '<';
    for (char c : url) {
        switch (c) {
            case '<': out += "%3C"; break;
            case '>': out += "%3E"; break;
            case '|': out += "%7C"; break;
            case '&': out += "&amp;"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20 || c == ' ') {
                    static constexpr char hex[] = "0123456789ABCDEF";
                    out += '%';
                    out += hex[(static_cast<unsigned char>(c) >> 4) & 0xF];
                    out += hex[static_cast<unsigned char>(c) & 0xF];
                } else {
                    out += c;
                }
        }
    }
    if (!label.empty()) {
        out += '|';
        append_escaped(out, label);
    }
    out += '>';
}

inline std::string link(std::string_view url, std::string_view label = {}) {
    std::string out;
    append_link(out, url, label);
    return out;
}

/// "<@U123ABC>" for a user or bot ID from configuration (U… or W…); nullopt for anything else.
inline std::optional<std::string> mention_user(std::string_view id) {
    if (!detail::is_id(id, "UW")) return std::nullopt;
    return "<@" + std::string(id) + ">";
}

/// "<!subteam^S123ABC>" for a user-group ID from configuration (S…); nullopt for anything else.
inline std::optional<std::string> mention_group(std::string_view id) {
    if (!detail::is_id(id, "S")) return std::nullopt;
    return "<!subteam^" + std::string(id) + ">";
}

/// "<#C123ABC>" for a channel ID from configuration (C… or G…); nullopt for anything else.
inline std::optional<std::string> mention_channel(std::string_view id) {
    if (!detail::is_id(id, "CG")) return std::nullopt;
    return "<#" + std::string(id) + ">";
}

/// The broadcast mentions, for configuration that asks for them by name.
enum class broadcast { here, channel, everyone };
inline std::string mention(broadcast b) {
    switch (b) {
        case broadcast::here: return "<!here>";
        case broadcast::channel: return "<!channel>";
        case broadcast::everyone: return "<!everyone>";
    }
    return "<!here>";
}

/// A date shown in each reader's time zone: "<!date^1700000000^{date_short_pretty} {time}|fallback>".
/// The tokens are Slack's ({date_num}, {date}, {date_short}, {date_long}, {date_pretty},
/// {date_short_pretty}, {date_long_pretty}, {time}, {time_secs}, {ago}) with any text between;
/// the fallback (shown where the client cannot format) is escaped. nullopt when the token string
/// contains '^', '|', '<' or '>', which would break the sequence.
/// append_date() writes it at the end of out, or returns false and writes nothing where date()
/// gives nullopt.
inline bool append_date(std::string& out, std::int64_t epoch_seconds, std::string_view tokens, std::string_view fallback) {
    if (tokens.empty() || tokens.find_first_of("^|<>") != std::string_view::npos) return false;
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, epoch_seconds).ptr;
    out += "<!date^";
    out.append(digits, static_cast<std::size_t>(end - digits));
    out += '^';
    out += tokens;
    out += '|';
    append_escaped(out, fallback);
    out += '>';
    return true;
}

inline std::optional<std::string> date(std::int64_t epoch_seconds, std::string_view tokens, std::string_view fallback) {
    std::string out;
    if (!append_date(out, epoch_seconds, tokens, fallback)) return std::nullopt;
    return out;
}

}  // namespace alarmbridge::slack::mrkdwn
