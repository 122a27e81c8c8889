// fallback_text(): readable, inert text for a message's blocks, for the top-level `text` a
// message with blocks should have (notifications and screen readers show it).
#include <alarmbridge/slack/message.hpp>

#include "slack/entity.hpp"

#include <string>
#include <string_view>
#include <variant>

namespace alarmbridge::slack {

namespace {

using detail::entity_length;

/// Text appended so that Slack shows it and parses nothing in it: '<' and '>' escaped, an '&'
/// escaped unless it starts an entity (which is kept as it is: never unescaped, never doubled).
void append_inert(std::string& out, std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else if (c == '&') {
            const std::size_t n = entity_length(text.substr(i));
            if (n == 0) out += "&amp;";
            else out.append(text.substr(i, n)), i += n - 1;
        } else out += c;
    }
}

/// A `<...>` token's inside as inert text: a link's label (or its URL), a date's fallback, a
/// mention as "@here", "@U123", "#C123" (or its label).
void append_token(std::string& out, std::string_view inner) {
    const auto bar = inner.find('|');
    const std::string_view target = inner.substr(0, bar);
    const std::string_view label = bar == std::string_view::npos ? std::string_view() : inner.substr(bar + 1);
    if (target.rfind("!date^", 0) == 0) return append_inert(out, label);
    if (target.rfind("!subteam^", 0) == 0) {
        if (label.empty()) out += '@', append_inert(out, target.substr(9));
        else append_inert(out, label);
        return;
    }
    if (!target.empty() && (target[0] == '!' || target[0] == '@' || target[0] == '#')) {
        out += target[0] == '#' ? '#' : '@';
        append_inert(out, label.empty() ? target.substr(1) : label);
        return;
    }
    append_inert(out, label.empty() ? target : label);
}

/// A text object as inert readable text: mrkdwn's tokens reduced to their text and its *bold*,
/// _italic_ and ~strike~ markers at word edges dropped; plain_text as it reads.
void append_plain(std::string& out, const text& t) {
    if (t.type == text::kind::plain_text) return append_inert(out, t.value);
    const std::string& s = t.value;
    bool closed = true;  // false once no '>' is left (keeps the scan linear)
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '<' && closed) {
            const auto close = s.find('>', i);
            if (close != std::string::npos) {
                append_token(out, std::string_view(s).substr(i + 1, close - i - 1));
                i = close;
                continue;
            }
            closed = false;
        }
        if ((c == '*' || c == '_' || c == '~') &&
            (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\n' || i + 1 == s.size() || s[i + 1] == ' ' || s[i + 1] == '\n'))
            continue;  // a formatting marker at a word edge
        if (c == '&') {
            const std::size_t n = entity_length(std::string_view(s).substr(i));
            if (n > 0) {
                out.append(s, i, n);
                i += n - 1;
                continue;
            }
        }
        append_inert(out, std::string_view(&s[i], 1));
    }
}

/// Lines joined by '\n', empty ones skipped.
class lines {
public:
    explicit lines(std::string& out) : out_(out) {}
    template <class F>
    void add_with(F&& append) {
        const auto mark = out_.size();
        if (mark > 0) out_ += '\n';
        const auto before = out_.size();
        append(out_);
        if (out_.size() == before) out_.resize(mark);
    }
    void add(const text& t) {
        add_with([&t](std::string& o) { append_plain(o, t); });
    }

private:
    std::string& out_;
};

}  // namespace

std::string fallback_text(const std::vector<block>& blocks) {
    std::string out;
    lines l(out);
    for (const auto& b : blocks) {
        if (const auto* h = std::get_if<header>(&b)) l.add(h->text);
        else if (const auto* s = std::get_if<section>(&b)) {
            if (s->text) l.add(*s->text);
            for (const auto& f : s->fields) l.add(f);
        } else if (const auto* c = std::get_if<context>(&b)) {
            for (const auto& e : c->elements)
                if (const auto* t = std::get_if<text>(&e)) l.add(*t);
        } else if (const auto* m = std::get_if<markdown>(&b)) {
            l.add(text::mrkdwn(m->text));
        } else if (const auto* a = std::get_if<actions>(&b)) {
            l.add_with([a](std::string& o) {
                const auto start = o.size();
                for (const auto& e : a->elements) {
                    const auto* btn = std::get_if<button>(&e);
                    if (!btn) continue;
                    if (o.size() > start) o += " | ";
                    append_plain(o, btn->label);
                    if (btn->url) o += ": ", append_inert(o, *btn->url);
                }
            });
        }
    }
    return out;
}

}  // namespace alarmbridge::slack
