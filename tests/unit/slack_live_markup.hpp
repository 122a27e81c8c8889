// What in a Slack payload is live: the `<...>` tokens Slack parses in mrkdwn text (links,
// <!channel>, <!here>, <!everyone>, <@U..>, <#C..>, <!subteam^..>, <!date^..>) and every URL
// field. The safety tests compare what is live in a result with what was live in its input (or
// configured), so that "nothing injected" is checked by looking, not by searching for a string.
#pragma once

#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace alarmbridge::test {

struct live_markup {
    std::set<std::string> tokens;  ///< "<!channel>", "<https://x|label>", ... as written
    std::set<std::string> urls;    ///< the values of url, image_url, icon_url, title_link, ...

    /// What of this is not in `allowed`, one line each (empty: nothing).
    std::vector<std::string> beyond(const live_markup& allowed) const {
        std::vector<std::string> out;
        for (const auto& t : tokens)
            if (!allowed.tokens.count(t)) out.push_back("token " + t);
        for (const auto& u : urls)
            if (!allowed.urls.count(u)) out.push_back("url " + u);
        return out;
    }
};

/// The `<...>` tokens of one mrkdwn string: each '<' up to the next '>'.
inline void add_tokens(std::set<std::string>& out, std::string_view text) {
    for (auto open = text.find('<'); open != std::string_view::npos; open = text.find('<', open + 1)) {
        const auto close = text.find('>', open);
        if (close == std::string_view::npos) return;
        out.insert(std::string(text.substr(open, close - open + 1)));
    }
}

namespace detail {

inline bool is_url_key(std::string_view key) {
    for (const char* k : {"url", "image_url", "icon_url", "title_link", "footer_icon", "author_link", "author_icon",
                          "thumb_url", "video_url", "thumbnail_url", "title_url"})
        if (key == k) return true;
    return false;
}

/// Walks the payload (test data only: bounded depth). `mrkdwn` is true where Slack parses the
/// strings as mrkdwn: the message's text, mrkdwn text objects, markdown blocks, attachment texts.
inline void collect(const nlohmann::json& j, live_markup& out, bool top) {
    if (j.is_array()) {
        for (const auto& v : j) collect(v, out, false);
        return;
    }
    if (!j.is_object()) return;
    const auto type = j.find("type");
    const bool is_mrkdwn_object = type != j.end() && type->is_string() && (*type == "mrkdwn" || *type == "markdown");
    const bool is_attachment = !top && (j.contains("color") || j.contains("fallback") || j.contains("pretext"));
    for (const auto& [key, value] : j.items()) {
        if (value.is_string()) {
            const auto& s = value.get_ref<const std::string&>();
            if (is_url_key(key)) out.urls.insert(s);
            const bool mrkdwn = (key == "text" && (top || is_mrkdwn_object || is_attachment)) ||
                                (is_attachment && (key == "pretext" || key == "fallback")) ||
                                (key == "value" && type == j.end() && j.contains("title"));  // an attachment field
            if (mrkdwn) add_tokens(out.tokens, s);
        } else {
            collect(value, out, false);
        }
    }
}

}  // namespace detail

/// Everything live in a payload (a message as JSON).
inline live_markup live_in(const nlohmann::json& payload) {
    live_markup out;
    detail::collect(payload, out, true);
    return out;
}

/// Tokens live in one mrkdwn text (for inputs given as text).
inline live_markup live_in_text(std::string_view mrkdwn) {
    live_markup out;
    add_tokens(out.tokens, mrkdwn);
    return out;
}

}  // namespace alarmbridge::test
