// The mrkdwn reader of the renderers (render_mrkdwn.hpp).
#include "slack/render_mrkdwn.hpp"

#include <alarmbridge/slack/mrkdwn.hpp>

#include <algorithm>
#include <charconv>
#include <ctime>
#include <utility>

namespace alarmbridge::slack::render_detail {

namespace {

struct shortcode {
    std::string_view name, emoji;
};

// Slack's names; the formatter's defaults (format::options: red_circle, large_green_circle,
// white_circle) first.
constexpr shortcode emoji_table[] = {
    {"red_circle", "\U0001F534"},
    {"large_green_circle", "\U0001F7E2"},
    {"white_circle", "\u26AA"},
    {"large_yellow_circle", "\U0001F7E1"},
    {"large_orange_circle", "\U0001F7E0"},
    {"large_blue_circle", "\U0001F535"},
    {"large_purple_circle", "\U0001F7E3"},
    {"black_circle", "\u26AB"},
    {"red_square", "\U0001F7E5"},
    {"large_green_square", "\U0001F7E9"},
    {"large_yellow_square", "\U0001F7E8"},
    {"rotating_light", "\U0001F6A8"},
    {"white_check_mark", "\u2705"},
    {"x", "\u274C"},
    {"exclamation", "\u2757"},
    {"question", "\u2753"},
    {"fire", "\U0001F525"},
    {"zap", "\u26A1"},
    {"bell", "\U0001F514"},
    {"no_bell", "\U0001F515"},
    {"construction", "\U0001F6A7"},
    {"sos", "\U0001F198"},
    {"ok", "\U0001F197"},
    {"hourglass", "\u231B"},
    {"hourglass_flowing_sand", "\u23F3"},
    {"chart_with_upwards_trend", "\U0001F4C8"},
    {"chart_with_downwards_trend", "\U0001F4C9"},
    {"bar_chart", "\U0001F4CA"},
    {"mag", "\U0001F50D"},
    {"eyes", "\U0001F440"},
    {"memo", "\U0001F4DD"},
    {"book", "\U0001F4D6"},
    {"link", "\U0001F517"},
    {"wrench", "\U0001F527"},
    {"rocket", "\U0001F680"},
    {"tada", "\U0001F389"},
    {"+1", "\U0001F44D"},
    {"thumbsup", "\U0001F44D"},
    {"-1", "\U0001F44E"},
    {"thumbsdown", "\U0001F44E"},
    {"pager", "\U0001F4DF"},
    {"sleeping", "\U0001F634"},
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_word(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           static_cast<unsigned char>(c) >= 0x80;
}
bool is_shortcode_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '+' || c == '-';
}

/// Builds the spans of one line: text is appended to the last span while the style stays.
class spans_builder {
public:
    explicit spans_builder(std::vector<span>& out) : out_(out) {}
    void text(std::string_view s, unsigned styles) {
        if (s.empty()) return;
        if (out_.empty() || out_.back().styles != styles || !out_.back().url.empty()) out_.push_back({{}, styles, {}});
        out_.back().text += s;
    }
    void link(std::string text, unsigned styles, std::string url) {
        out_.push_back({std::move(text), styles | style::link, std::move(url)});
    }

private:
    std::vector<span>& out_;
};

/// The entity at s[i] ("&amp;", "&lt;", "&gt;"), decoded, and its length; 0 when there is none.
std::size_t entity_at(std::string_view s, std::size_t i, char& decoded) {
    const auto rest = s.substr(i);
    if (rest.substr(0, 5) == "&amp;") { decoded = '&'; return 5; }
    if (rest.substr(0, 4) == "&lt;") { decoded = '<'; return 4; }
    if (rest.substr(0, 4) == "&gt;") { decoded = '>'; return 4; }
    return 0;
}

/// The emoji of a ":shortcode:" at s[i], and the shortcode's length; 0 when there is none.
std::size_t shortcode_at(std::string_view s, std::size_t i, std::string_view& found) {
    std::size_t j = i + 1;
    while (j < s.size() && j - i <= 64 && is_shortcode_char(s[j])) ++j;
    if (j >= s.size() || s[j] != ':' || j == i + 1) return 0;
    found = emoji(s.substr(i + 1, j - i - 1));
    return found.empty() ? 0 : j - i + 1;
}

/// Plain text: entities decoded, emoji (when asked).
void plain_into(spans_builder& b, std::string_view s, unsigned styles, bool with_emoji) {
    std::size_t start = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char decoded = 0;
        std::string_view found;
        std::size_t n = 0;
        if (s[i] == '&') n = entity_at(s, i, decoded);
        else if (s[i] == ':' && with_emoji) n = shortcode_at(s, i, found);
        if (n == 0) continue;
        b.text(s.substr(start, i - start), styles);
        b.text(decoded ? std::string_view(&decoded, 1) : found, styles);
        i += n - 1;
        start = i + 1;
    }
    b.text(s.substr(start), styles);
}

/// A "<...>" token's inside: a date, a mention or a link.
void token_into(spans_builder& b, std::string_view inside, unsigned styles) {
    const auto bar = inside.find('|');
    const std::string_view target = inside.substr(0, bar);
    const std::string_view label = bar == std::string_view::npos ? std::string_view() : inside.substr(bar + 1);
    // A mention shows its label, or its ID, after its sign: "@oncall", "#C123".
    auto shown = [&](std::string_view sign, std::string_view id) {
        std::string name = mrkdwn::unescape(label.empty() ? id : label);
        return name.rfind(sign, 0) == 0 ? name : std::string(sign) + name;
    };
    if (target.rfind("!date^", 0) == 0) {
        if (!label.empty()) return plain_into(b, label, styles, false);
        std::int64_t epoch = 0;
        const auto digits = target.substr(6, target.find('^', 6) - 6);
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), epoch);
        if (ec != std::errc() || end != digits.data() + digits.size()) return b.text(target, styles);
        return b.text(utc_time(epoch), styles);
    }
    if (target == "!here" || target == "!channel" || target == "!everyone")
        return b.text("@" + std::string(target.substr(1)), styles | style::mention);
    if (target.rfind("!subteam^", 0) == 0) return b.text(shown("@", target.substr(9)), styles | style::mention);
    if (!target.empty() && target[0] == '!') return b.text(shown("", target.substr(1)), styles);
    if (!target.empty() && target[0] == '@') return b.text(shown("@", target.substr(1)), styles | style::mention);
    if (!target.empty() && target[0] == '#') return b.text(shown("#", target.substr(1)), styles | style::mention);
    std::string url = mrkdwn::unescape(target);
    std::string shown_text = label.empty() ? url : mrkdwn::unescape(label);
    b.link(std::move(shown_text), styles, std::move(url));
}

/// Where each marker of a line can close, and where the next '>' and '`' are: looked up, never
/// searched again, so that a line of a million unclosed "*a" or "<" reads in linear time.
class line_index {
public:
    explicit line_index(std::string_view s) : s_(s) {
        for (std::size_t j = 1; j < s.size(); ++j) {
            const char m = s[j];
            if ((m != '*' && m != '_' && m != '~') || is_space(s[j - 1])) continue;
            if (j + 1 == s.size() || !is_word(s[j + 1])) closers_[slot(m)].push_back(j);
        }
    }

    /// The closing marker of *bold*, _italic_ or ~strike~ opening at i; npos when none. The
    /// opening marker follows the line's start, a space or punctuation and comes before text;
    /// the closing one follows text and comes before the end, a space or punctuation.
    std::size_t closing_marker(std::size_t i) const {
        const char m = s_[i];
        if (i > 0 && (is_word(s_[i - 1]) || s_[i - 1] == m)) return std::string_view::npos;
        if (i + 1 >= s_.size() || is_space(s_[i + 1]) || s_[i + 1] == m) return std::string_view::npos;
        const auto& at = closers_[slot(m)];
        const auto it = std::lower_bound(at.begin(), at.end(), i + 2);
        return it == at.end() ? std::string_view::npos : *it;
    }

    /// The first c at or after from; npos when none (remembered, so asking again is constant time).
    std::size_t next(char c, std::size_t from) {
        std::size_t& known = c == '>' ? next_gt_ : next_tick_;
        if (known != std::string_view::npos && (known == unknown || known < from)) known = s_.find(c, from);
        return known;
    }

private:
    static constexpr std::size_t unknown = std::string_view::npos - 1;
    static std::size_t slot(char m) { return m == '*' ? 0 : m == '_' ? 1 : 2; }
    std::string_view s_;
    std::vector<std::size_t> closers_[3];
    std::size_t next_gt_{unknown}, next_tick_{unknown};
};

void inline_into(spans_builder& b, std::string_view s, unsigned styles) {
    line_index index(s);
    std::size_t start = 0;
    auto flush = [&](std::size_t to) { plain_into(b, s.substr(start, to - start), styles, !(styles & style::code)); };
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '<') {
            const auto close = index.next('>', i + 1);
            if (close == std::string_view::npos) continue;
            flush(i);
            token_into(b, s.substr(i + 1, close - i - 1), styles);
            i = close;
            start = i + 1;
        } else if (c == '`' && !(styles & style::code)) {
            const auto close = index.next('`', i + 1);
            if (close == std::string_view::npos || close == i + 1) continue;
            flush(i);
            plain_into(b, s.substr(i + 1, close - i - 1), styles | style::code, false);
            i = close;
            start = i + 1;
        } else if (c == '*' || c == '_' || c == '~') {
            const unsigned bit = c == '*' ? style::bold : c == '_' ? style::italic : style::strike;
            if (styles & (bit | style::code)) continue;
            const auto close = index.closing_marker(i);
            if (close == std::string_view::npos) continue;
            flush(i);
            inline_into(b, s.substr(i + 1, close - i - 1), styles | bit);
            i = close;
            start = i + 1;
        }
    }
    flush(s.size());
}

}  // namespace

std::string_view emoji(std::string_view name) {
    for (const auto& e : emoji_table)
        if (e.name == name) return e.emoji;
    return {};
}

std::string utc_time(std::int64_t epoch_seconds) {
    const std::time_t t = static_cast<std::time_t>(epoch_seconds);
    std::tm tm{};
    if (!gmtime_r(&t, &tm)) return std::to_string(epoch_seconds);
    char buf[64];
    const auto n = std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
    return n ? std::string(buf, n) : std::to_string(epoch_seconds);
}

std::vector<line> parse_plain(std::string_view text, bool with_emoji) {
    std::vector<line> lines;
    std::size_t start = 0;
    for (;;) {
        const auto nl = text.find('\n', start);
        lines.emplace_back();
        spans_builder b(lines.back().spans);
        plain_into(b, text.substr(start, nl == std::string_view::npos ? nl : nl - start), 0, with_emoji);
        if (nl == std::string_view::npos) break;
        start = nl + 1;
    }
    return lines;
}

std::vector<line> parse_mrkdwn(std::string_view text) {
    std::vector<line> lines;
    auto text_lines = [&](std::string_view part) {
        std::size_t start = 0;
        for (;;) {
            const auto nl = part.find('\n', start);
            std::string_view l = part.substr(start, nl == std::string_view::npos ? nl : nl - start);
            line out;
            if (l.rfind("&gt;", 0) == 0 || l.rfind(">", 0) == 0) {
                out.type = line::kind::quote;
                l.remove_prefix(l[0] == '>' ? 1 : 4);
                if (!l.empty() && l[0] == ' ') l.remove_prefix(1);
            }
            spans_builder b(out.spans);
            inline_into(b, l, 0);
            lines.push_back(std::move(out));
            if (nl == std::string_view::npos) break;
            start = nl + 1;
        }
    };
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const auto open = text.find("```", pos);
        const auto close = open == std::string_view::npos ? open : text.find("```", open + 3);
        if (close == std::string_view::npos) {
            text_lines(text.substr(pos));
            break;
        }
        // Text before the block (its trailing newline ends it), the block's lines, then on.
        std::string_view before = text.substr(pos, open - pos);
        if (!before.empty() && before.back() == '\n') before.remove_suffix(1);
        if (!before.empty()) text_lines(before);
        std::string_view inside = text.substr(open + 3, close - open - 3);
        if (!inside.empty() && inside.front() == '\n') inside.remove_prefix(1);
        if (!inside.empty() && inside.back() == '\n') inside.remove_suffix(1);
        for (auto& l : parse_plain(inside, false)) {
            l.type = line::kind::code;
            for (auto& s : l.spans) s.styles |= style::code;
            lines.push_back(std::move(l));
        }
        pos = close + 3;
        if (pos < text.size() && text[pos] == '\n') ++pos;
        if (pos >= text.size()) break;
    }
    return lines;
}

}  // namespace alarmbridge::slack::render_detail
