// alarmbridge/slack/message.hpp - a Slack message: what a webhook or chat.postMessage receives.
//
//   slack::message m;
//   m.text = "web-cpu-high is in ALARM";            // the notification fallback
//   m.blocks.push_back(slack::header(slack::text::plain(":red_circle: web-cpu-high")));
//   std::string body = slack::serialize(m);          // compact JSON, streamed, UTF-8 safe
//   auto problems = slack::validate(m);              // every violation of Slack's limits
//   auto fitted = slack::fit(m);                     // or: make it valid, and say what changed
#pragma once

#include <alarmbridge/export.hpp>
#include <alarmbridge/parse_options.hpp>
#include <alarmbridge/result.hpp>
#include <alarmbridge/slack/blocks.hpp>
#include <alarmbridge/slack/validate.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace alarmbridge::slack {

/// A legacy attachment field (title, value, short).
struct attachment_field {
    std::string title;
    std::string value;
    std::optional<bool> is_short;  ///< "short"
    nlohmann::json extra;
};

/// A legacy attachment: today mostly the colored bar beside blocks.
struct attachment {
    std::optional<std::string> color;  ///< "good", "warning", "danger" or "#RRGGBB"
    std::optional<std::string> fallback;
    std::optional<std::string> text;
    std::optional<std::string> pretext;
    std::optional<std::string> title;
    std::optional<std::string> title_link;
    std::vector<block> blocks;
    std::vector<attachment_field> fields;
    std::optional<std::string> footer;
    std::optional<std::string> footer_icon;
    nlohmann::json ts;  ///< a number or a string; null when absent
    nlohmann::json extra;
};

struct message {
    std::optional<std::string> text;  ///< the fallback shown in notifications
    std::vector<block> blocks;
    std::vector<attachment> attachments;
    std::optional<std::string> thread_ts;
    std::optional<bool> reply_broadcast;
    std::optional<bool> mrkdwn;
    std::optional<bool> unfurl_links;
    std::optional<bool> unfurl_media;
    nlohmann::json metadata;  ///< {"event_type", "event_payload"}; null when absent
    /// Legacy-webhook overrides. App webhooks ignore them (Slack documents that), so they are
    /// kept for users of legacy incoming webhooks only.
    std::optional<std::string> channel;
    std::optional<std::string> username;
    std::optional<std::string> icon_emoji;
    std::optional<std::string> icon_url;
    nlohmann::json extra;
};

template <class W>
void write(W& w, const attachment_field& f) {
    w.begin_object();
    w.key("title"); w.value(std::string_view(f.title));
    w.key("value"); w.value(std::string_view(f.value));
    if (f.is_short) { w.key("short"); w.value(*f.is_short); }
    detail::write_extra(w, f.extra);
    w.end_object();
}

template <class W>
void write(W& w, const attachment& a) {
    w.begin_object();
    detail::write_opt(w, "color", a.color);
    detail::write_opt(w, "fallback", a.fallback);
    detail::write_opt(w, "pretext", a.pretext);
    detail::write_opt(w, "title", a.title);
    detail::write_opt(w, "title_link", a.title_link);
    detail::write_opt(w, "text", a.text);
    detail::write_list(w, "blocks", a.blocks);
    detail::write_list(w, "fields", a.fields);
    detail::write_opt(w, "footer", a.footer);
    detail::write_opt(w, "footer_icon", a.footer_icon);
    if (!a.ts.is_null()) { w.key("ts"); w.raw(a.ts); }
    detail::write_extra(w, a.extra);
    w.end_object();
}

template <class W>
void write(W& w, const message& m) {
    w.begin_object();
    detail::write_opt(w, "text", m.text);
    detail::write_list(w, "blocks", m.blocks);
    detail::write_list(w, "attachments", m.attachments);
    detail::write_opt(w, "thread_ts", m.thread_ts);
    for (const auto& [key, flag] : {std::pair<const char*, const std::optional<bool>&>{"reply_broadcast", m.reply_broadcast},
                                    {"mrkdwn", m.mrkdwn}, {"unfurl_links", m.unfurl_links}, {"unfurl_media", m.unfurl_media}}) {
        if (flag) { w.key(key); w.value(*flag); }
    }
    if (!m.metadata.is_null()) { w.key("metadata"); w.raw(m.metadata); }
    detail::write_opt(w, "channel", m.channel);
    detail::write_opt(w, "username", m.username);
    detail::write_opt(w, "icon_emoji", m.icon_emoji);
    detail::write_opt(w, "icon_url", m.icon_url);
    detail::write_extra(w, m.extra);
    w.end_object();
}

/// The message as compact JSON, streamed (no DOM), invalid UTF-8 replaced by U+FFFD.
inline std::string serialize(const message& m) {
    std::string out;
    out.reserve(4096);  // a rich alarm message is 1-3 KB
    alarmbridge::detail::json_writer w(out);
    write(w, m);
    return out;
}

inline void to_json(nlohmann::json& j, const message& m) {
    alarmbridge::detail::json_builder b;
    write(b, m);
    j = b.take();
}

/// Reads a message payload. Errors name the field: "/blocks/2/elements/0/text". The limits of
/// parse_options apply, as to every parser of untrusted bytes: input longer than
/// options.max_input_bytes (6 MiB; a message at every one of Slack's limits at once is about
/// 3.5 MB) is refused with errc::too_large before a byte is parsed, and nesting past
/// alarmbridge::max_json_depth (1000 levels) with errc::too_deep before anything recursive
/// touches the document. (Compiled.)
ALARMBRIDGE_API result<message> parse_message(std::string_view json, const parse_options& options = {});
/// Reads a parsed payload; refuses nesting past max_json_depth (errc::too_deep) before reading.
ALARMBRIDGE_API result<message> read_message(const nlohmann::json& j);

inline void from_json(const nlohmann::json& j, message& m) { m = read_message(j).value(); }

/// Every violation of Slack's limits (see validate.hpp), read from the message itself: exactly
/// what validate(nlohmann::json(m)) reports, in the same order, without building the JSON (the
/// same rules read both). (Compiled.)
ALARMBRIDGE_API std::vector<violation> validate(const message& m);

/// Readable, inert text for the blocks: headers, section texts and fields, context texts, markdown
/// and button labels (with their URLs), one per line, for the top-level `text` when a caller has
/// none. Slack reads that `text` as mrkdwn, so the result holds nothing live: every `<...>` token
/// is reduced to its text (a link to its label, or its URL; a date to its fallback; a mention to
/// "@here", "@U123", "#C123"), *bold*, _italic_ and ~strike~ markers at word edges are dropped,
/// entities stay as they are (never unescaped), and any other '&', '<' or '>' - plain_text
/// included - is escaped. The result never contains '<' or '>'.
ALARMBRIDGE_API std::string fallback_text(const std::vector<block>& blocks);

/// What fit() changed, one line each: "/blocks/3/text/text: truncated from 3105 to 3000 characters".
struct fit_result {
    std::vector<message> messages;  ///< the first, then continuation messages past 50 blocks
    std::vector<std::string> changes;
};

/// Makes a message valid instead of rejecting it: every limit validate() checks as an error is
/// met, so no error is left (errors that are not limits - a wrong type, a missing required
/// field, an empty text or ID, a duplicate ID, a message with nothing to show - are the caller's
/// to fix). Texts, IDs, labels and values are truncated
/// (see truncate()); section fields past 10 move into following sections; elements, options and
/// attachments past their counts are cut; markdown blocks share their 12 000 characters; a
/// button, image or icon whose URL is longer than 3000 characters is removed (an option's too
/// long url is removed from the option), and a block left empty by that goes too; a missing
/// fallback text is set from fallback_text(); a message whose blocks were all removed, with no
/// text or attachments, gets a text that says so (fit never leaves Slack's no_text); past 50
/// blocks the message is split into
/// continuation messages (same text, thread and overrides). Nothing live is added: the fallback
/// text is inert and truncation never splits a link or an entity.
ALARMBRIDGE_API fit_result fit(message m);

/// Truncates UTF-8 text to at most max code points, ending in "…" when it had to cut. The cut is
/// on a code point boundary and never inside a `<...>` token (a link, mention or date) or an
/// entity ("&amp;"): one that would be split is left out whole.
ALARMBRIDGE_API std::string truncate(std::string_view text, std::size_t max);

}  // namespace alarmbridge::slack
