// slack::render_html (render.hpp): messages as a page that looks like a Slack channel.
//
// Every text and attribute value goes through escape() below; the only markup is this file's.
// Links are live only for http(s) URLs; images are never loaded (their alt text stands for them);
// the page's Content-Security-Policy forbids every fetch and script besides.
#include <alarmbridge/slack/mrkdwn.hpp>
#include <alarmbridge/slack/render.hpp>

#include "slack/render_model.hpp"
#include "slack/render_mrkdwn.hpp"
#include "slack/render_width.hpp"

#include <cstdio>
#include <string>
#include <variant>
#include <vector>

namespace alarmbridge::slack {

namespace {

using namespace render_detail;

const char* const page_head = R"(<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>alarmbridge preview</title>
<style>
body { margin: 0; background: #fff; color: #1d1c1d; -webkit-font-smoothing: antialiased;
  font: 15px/1.46668 Slack-Lato, Lato, "Noto Sans", "Helvetica Neue", Helvetica, Arial, "Noto Sans CJK KR",
        "Apple SD Gothic Neo", "Malgun Gothic", sans-serif, "Noto Color Emoji", "Apple Color Emoji", "Segoe UI Emoji"; }
.channel { max-width: 800px; padding: 8px 0; }
.message { display: flex; padding: 8px 20px; }
.avatar { flex: none; width: 36px; height: 36px; margin-right: 8px; border-radius: 4px; background: #4a154b;
  color: #fff; font-weight: 900; font-size: 20px; display: flex; align-items: center; justify-content: center; }
.content { flex: 1; min-width: 0; }
.sender { line-height: 22px; }
.name { font-weight: 900; }
.app { margin-left: 4px; padding: 1px 3px; border-radius: 2px; background: rgba(29,28,29,.13);
  color: rgba(29,28,29,.7); font-size: 10px; font-weight: 700; vertical-align: 1px; }
.time { margin-left: 6px; color: #616061; font-size: 12px; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
.header { margin: 8px 0 4px; font-size: 18px; font-weight: 900; line-height: 1.33; }
.section { display: flex; gap: 12px; margin: 4px 0; }
.section-main { flex: 1; min-width: 0; }
.fields { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 16px; margin-top: 8px; }
.context { margin: 4px 0; color: #616061; font-size: 12px; }
.context > span + span { margin-left: 8px; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0 4px; }
.button { display: inline-flex; align-items: center; height: 28px; padding: 0 12px; border: 1px solid rgba(29,28,29,.3);
  border-radius: 4px; background: #fff; color: #1d1c1d; font-size: 13px; font-weight: 700; white-space: nowrap;
  text-decoration: none; }
.button.primary { background: #007a5a; border-color: #007a5a; color: #fff; }
.button.danger { background: #e01e5a; border-color: #e01e5a; color: #fff; }
.attachment { display: flex; margin: 4px 0; }
.bar { flex: none; width: 4px; border-radius: 8px; }
.attachment-body { flex: 1; min-width: 0; padding-left: 12px; }
.pretext { margin: 4px 0; }
.title { font-weight: 700; }
.footer { margin-top: 4px; color: #616061; font-size: 12px; }
a { color: #1264a3; text-decoration: none; }
.mention { padding: 0 2px; border-radius: 3px; background: rgba(29,155,209,.1); color: #1264a3; }
code, pre { font-family: Monaco, Menlo, Consolas, "Courier New", monospace; font-size: 12px; }
code { padding: 2px 3px 1px; border: 1px solid rgba(29,28,29,.13); border-radius: 3px; background: rgba(29,28,29,.04);
  color: #e01e5a; }
pre { margin: 4px 0; padding: 8px; border: 1px solid rgba(29,28,29,.13); border-radius: 4px;
  background: rgba(29,28,29,.04); white-space: pre-wrap; overflow-wrap: anywhere; }
blockquote { margin: 0; padding-left: 12px; border-left: 4px solid #ddd; }
.divider { margin: 8px 0; border: 0; border-top: 1px solid rgba(29,28,29,.13); }
.image { display: inline-block; margin: 4px 0; padding: 24px; border: 1px solid rgba(29,28,29,.13); border-radius: 8px;
  background: #f8f8f8; color: #616061; }
.unsupported { color: #616061; font-style: italic; }
</style>
</head>
<body>
<div class="channel">
)";

const char* const page_tail = "</div>\n</body>\n</html>\n";

/// Text as HTML: '&', '<', '>', '"' and '\'' as references, controls, bidi overrides and invalid
/// UTF-8 as U+FFFD. Safe in element content and in a quoted attribute value alike.
void escape(std::string& out, std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto cp = decode_utf8(text, i);
        switch (cp.value) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            case '\n': out += '\n'; break;
            case '\t': out += ' '; break;
            default:
                if (cp.value == replacement_character || is_unsafe(cp.value)) append_utf8(out, replacement_character);
                else out.append(text, i, cp.length);
        }
        i += cp.length;
    }
}

std::string escaped(std::string_view text) {
    std::string out;
    escape(out, text);
    return out;
}

/// An http(s) link around already escaped inner HTML; anything else stays text.
void link(std::string& out, std::string_view url, const std::string& inner, const char* css_class = nullptr) {
    if (!mrkdwn::detail::is_http_url(url)) {
        out += inner;
        return;
    }
    out += "<a";
    if (css_class) {
        out += " class=\"";
        out += css_class;
        out += '"';
    }
    out += " href=\"";
    escape(out, url);
    out += "\" rel=\"noopener noreferrer\" target=\"_blank\">";
    out += inner;
    out += "</a>";
}

void span_html(std::string& out, const span& s) {
    std::string inner = escaped(s.text);
    auto wrap = [&](unsigned bit, const char* open, const char* close) {
        if (s.styles & bit) inner = open + inner + close;
    };
    wrap(style::code, "<code>", "</code>");
    wrap(style::strike, "<s>", "</s>");
    wrap(style::italic, "<i>", "</i>");
    wrap(style::bold, "<b>", "</b>");
    wrap(style::mention, "<span class=\"mention\">", "</span>");
    if (s.styles & style::link) link(out, s.url, inner);
    else out += inner;
}

/// Lines as HTML: text lines joined by newlines (the container is pre-wrap), runs of quote
/// lines in a blockquote, runs of code lines in a pre.
void lines_html(std::string& out, const std::vector<line>& ls) {
    for (std::size_t i = 0; i < ls.size();) {
        const auto kind = ls[i].type;
        std::size_t j = i;
        while (j < ls.size() && ls[j].type == kind) ++j;
        if (kind == line::kind::quote) out += "<blockquote>";
        if (kind == line::kind::code) out += "<pre>";
        for (std::size_t k = i; k < j; ++k) {
            if (k > i) out += '\n';
            for (const auto& s : ls[k].spans) {
                if (kind == line::kind::code) escape(out, s.text);
                else span_html(out, s);
            }
        }
        if (kind == line::kind::quote) out += "</blockquote>";
        if (kind == line::kind::code) out += "</pre>";
        // A newline between a text run and what follows it; the block elements end lines themselves.
        if (j < ls.size() && kind == line::kind::text && ls[j].type == line::kind::text) out += '\n';
        i = j;
    }
}

void text_div(std::string& out, const char* css_class, const std::vector<line>& ls) {
    out += "<div class=\"";
    out += css_class;
    out += "\">";
    lines_html(out, ls);
    out += "</div>\n";
}

void control_html(std::string& out, const control& c) {
    switch (c.type) {
        case control::kind::button: {
            std::string classes = "button";
            if (c.style == "primary" || c.style == "danger") classes += " " + c.style;
            if (c.url.empty() || !mrkdwn::detail::is_http_url(c.url)) {
                out += "<span class=\"" + classes + "\">" + escaped(c.label) + "</span>";
            } else {
                link(out, c.url, escaped(c.label), classes.c_str());
            }
            break;
        }
        case control::kind::menu: out += "<span class=\"button\">" + escaped(c.label) + "</span>"; break;
        case control::kind::image: out += "<span class=\"image\">" + escaped(c.label) + "</span>"; break;
        case control::kind::unknown: out += "<span class=\"unsupported\">" + escaped(c.label) + "</span>"; break;
    }
}

void block_html(std::string& out, const block& b) {
    struct visitor {
        std::string& out;
        void operator()(const header& h) const { text_div(out, "header text", render_detail::text_lines(h.text)); }
        void operator()(const section& s) const {
            out += "<div class=\"section\"><div class=\"section-main\">";
            if (s.text) text_div(out, "text", render_detail::text_lines(*s.text));
            if (!s.fields.empty()) {
                out += "<div class=\"fields\">";
                for (const auto& f : s.fields) text_div(out, "text", render_detail::text_lines(f));
                out += "</div>";
            }
            out += "</div>";
            if (s.accessory) {
                out += "<div class=\"accessory\">";
                control_html(out, element_control(*s.accessory));
                out += "</div>";
            }
            out += "</div>\n";
        }
        void operator()(const divider&) const { out += "<hr class=\"divider\">\n"; }
        void operator()(const context& c) const {
            out += "<div class=\"context text\">";
            for (const auto& e : c.elements) {
                out += "<span>";
                if (const auto* t = std::get_if<slack::text>(&e)) lines_html(out, render_detail::text_lines(*t));
                else escape(out, std::get<image_element>(e).alt_text);
                out += "</span>";
            }
            out += "</div>\n";
        }
        void operator()(const actions& a) const {
            out += "<div class=\"actions\">";
            for (const auto& e : a.elements) control_html(out, element_control(e));
            out += "</div>\n";
        }
        void operator()(const image_block& i) const {
            out += "<div>";
            if (i.title) text_div(out, "title text", render_detail::text_lines(*i.title));
            control_html(out, image_control(image_element{i.image_url, i.alt_text, {}}));
            out += "</div>\n";
        }
        void operator()(const markdown& m) const { text_div(out, "text", parse_plain(m.text)); }
        void operator()(const rich_text& r) const { text_div(out, "text", rich_text_lines(r.elements)); }
        void operator()(const unknown_block& u) const {
            out += "<div class=\"unsupported\">" + escaped(unknown_block_label(u.json)) + "</div>\n";
        }
    };
    std::visit(visitor{out}, b);
}

void attachment_html(std::string& out, const attachment& a) {
    if (a.pretext) text_div(out, "pretext text", parse_mrkdwn(*a.pretext));
    const rgb c = attachment_color(a.color);
    char color[8];
    std::snprintf(color, sizeof color, "#%02X%02X%02X", c.r, c.g, c.b);
    out += "<div class=\"attachment\"><div class=\"bar\" style=\"background:";
    out += color;
    out += "\"></div><div class=\"attachment-body\">\n";
    if (a.title) {
        out += "<div class=\"title text\">";
        std::string inner;
        lines_html(inner, parse_plain(*a.title));
        if (a.title_link) link(out, *a.title_link, inner);
        else out += inner;
        out += "</div>\n";
    }
    if (a.text) text_div(out, "text", parse_mrkdwn(*a.text));
    if (!a.fields.empty()) {
        out += "<div class=\"fields\">";
        for (const auto& f : a.fields) {
            out += f.is_short.value_or(false) ? "<div class=\"text\">" : "<div class=\"text\" style=\"grid-column:1/3\">";
            out += "<b>" + escaped(f.title) + "</b>\n";
            lines_html(out, parse_mrkdwn(f.value));
            out += "</div>";
        }
        out += "</div>\n";
    }
    for (const auto& b : a.blocks) block_html(out, b);
    if (a.footer) text_div(out, "footer text", parse_mrkdwn(*a.footer));
    out += "</div></div>\n";
}

void message_html(std::string& out, const message& m) {
    std::string avatar = "A";
    if (m.icon_emoji && m.icon_emoji->size() > 2) {
        const auto found = emoji(std::string_view(*m.icon_emoji).substr(1, m.icon_emoji->size() - 2));
        if (!found.empty()) avatar = std::string(found);
    }
    out += "<div class=\"message\"><div class=\"avatar\">" + escaped(avatar) + "</div><div class=\"content\">\n";
    out += "<div class=\"sender\"><span class=\"name\">" + escaped(m.username.value_or("alarmbridge")) +
           "</span><span class=\"app\">APP</span><span class=\"time\">preview</span></div>\n";
    if (m.blocks.empty() && m.text)
        text_div(out, "text", m.mrkdwn.value_or(true) ? parse_mrkdwn(*m.text) : parse_plain(*m.text));
    for (const auto& b : m.blocks) block_html(out, b);
    for (const auto& a : m.attachments) attachment_html(out, a);
    out += "</div></div>\n";
}

}  // namespace

std::string render_html(const std::vector<message>& messages) {
    std::string out = page_head;
    for (const auto& m : messages) message_html(out, m);
    out += page_tail;
    return out;
}

}  // namespace alarmbridge::slack
