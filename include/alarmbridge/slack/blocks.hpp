// alarmbridge/slack/blocks.hpp - the Block Kit model: text and composition objects, elements, blocks.
//
//   using namespace alarmbridge::slack;
//   section s;
//   s.text = text::mrkdwn("*web-cpu-high* is in ALARM");
//   s.fields = {text::mrkdwn("*Region*\nap-northeast-2"), text::mrkdwn("*Account*\n123456789012")};
//   s.accessory = button{text::plain("View alarm"), "view_alarm"}.with_url(console_url);
//
// Every type reads from and writes to JSON losslessly: keys this library does not model are kept
// in `extra`, and blocks or elements of a type it does not know are kept whole (`unknown_block`,
// `unknown_element`). One field description per type (`write`) drives both the streaming writer
// (slack::serialize) and the nlohmann/json adapters. Readers throw alarmbridge::exception with the
// JSON pointer of what is wrong; slack::parse_message turns that into a result.
#pragma once

#include <alarmbridge/detail/json_writer.hpp>
#include <alarmbridge/export.hpp>
#include <alarmbridge/result.hpp>

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <utility>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace alarmbridge::slack {

// ---- objects ---------------------------------------------------------------------------------

/// A text object: plain_text or mrkdwn.
struct text {
    enum class kind { plain_text, mrkdwn };
    kind type{kind::plain_text};
    std::string value;
    std::optional<bool> emoji;     ///< plain_text only
    std::optional<bool> verbatim;  ///< mrkdwn only
    nlohmann::json extra;

    static text plain(std::string s, std::optional<bool> emoji = std::nullopt) {
        return text{kind::plain_text, std::move(s), emoji, std::nullopt, {}};
    }
    static text mrkdwn(std::string s) { return text{kind::mrkdwn, std::move(s), std::nullopt, std::nullopt, {}}; }
};

struct confirm {
    text title;
    text body;  ///< "text"
    text confirm_label{text::plain("Yes")};
    text deny_label{text::plain("Cancel")};
    std::optional<std::string> style;  ///< "primary" or "danger"
    nlohmann::json extra;
};

struct option {
    text label;  ///< "text"
    std::string value;
    std::optional<text> description;
    std::optional<std::string> url;  ///< overflow menus only
    nlohmann::json extra;
};

struct option_group {
    text label;
    std::vector<option> options;
    nlohmann::json extra;
};

// ---- elements --------------------------------------------------------------------------------

struct button {
    text label;  ///< "text", plain_text
    std::optional<std::string> action_id;
    std::optional<std::string> url;
    std::optional<std::string> value;
    std::optional<std::string> style;  ///< "primary" or "danger"
    std::optional<slack::confirm> confirm;
    std::optional<std::string> accessibility_label;
    nlohmann::json extra;

    button() = default;
    button(text l, std::optional<std::string> id = std::nullopt) : label(std::move(l)), action_id(std::move(id)) {}
    button& with_url(std::string u) & { url = std::move(u); return *this; }
    button&& with_url(std::string u) && { url = std::move(u); return std::move(*this); }
    button&& with_style(std::string s) && { style = std::move(s); return std::move(*this); }
};

struct image_element {
    std::string image_url;
    std::string alt_text;
    nlohmann::json extra;
};

struct overflow {
    std::vector<option> options;
    std::optional<std::string> action_id;
    std::optional<slack::confirm> confirm;
    nlohmann::json extra;
};

struct static_select {
    std::optional<text> placeholder;
    std::vector<option> options;
    std::vector<option_group> option_groups;
    std::optional<option> initial_option;
    std::optional<std::string> action_id;
    std::optional<slack::confirm> confirm;
    nlohmann::json extra;
};

struct datepicker {
    std::optional<text> placeholder;
    std::optional<std::string> initial_date;  ///< YYYY-MM-DD
    std::optional<std::string> action_id;
    std::optional<slack::confirm> confirm;
    nlohmann::json extra;
};

/// An element of a type this library does not model, kept verbatim.
struct unknown_element {
    nlohmann::json json;
    // Not an aggregate and no one-argument constructor: anything convertible to JSON would
    // otherwise be a candidate when a std::variant of elements is built from another type.
    explicit unknown_element() = default;
    unknown_element(std::in_place_t, nlohmann::json j) : json(std::move(j)) {}
};

using element = std::variant<button, image_element, overflow, static_select, datepicker, unknown_element>;
/// What a context block holds: text objects and images.
using context_element = std::variant<text, image_element>;

// ---- blocks ----------------------------------------------------------------------------------

struct section {
    std::optional<slack::text> text;
    std::vector<slack::text> fields;
    std::optional<element> accessory;
    std::optional<std::string> block_id;
    nlohmann::json extra;
};

struct header {
    slack::text text{slack::text::plain("")};
    std::optional<std::string> block_id;
    nlohmann::json extra;

    header() = default;
    explicit header(slack::text t, std::optional<std::string> id = std::nullopt)
        : text(std::move(t)), block_id(std::move(id)) {}
};

struct divider {
    std::optional<std::string> block_id;
    nlohmann::json extra;
};

struct context {
    std::vector<context_element> elements;
    std::optional<std::string> block_id;
    nlohmann::json extra;
};

struct actions {
    std::vector<element> elements;
    std::optional<std::string> block_id;
    nlohmann::json extra;
};

struct image_block {
    std::string image_url;
    std::string alt_text;
    std::optional<slack::text> title;
    std::optional<std::string> block_id;
    nlohmann::json extra;
};

/// The markdown block: standard Markdown, 12 000 characters across all of a message's.
struct markdown {
    std::string text;
    std::optional<std::string> block_id;
    nlohmann::json extra;

    markdown() = default;
    explicit markdown(std::string t) : text(std::move(t)) {}
};

/// rich_text: its element tree is kept verbatim (it round-trips exactly).
struct rich_text {
    nlohmann::json elements;
    std::optional<std::string> block_id;
    nlohmann::json extra;
    // Not an aggregate: its first member is a nlohmann::json (see unknown_element).
    rich_text() : elements(nlohmann::json::array()) {}
    explicit rich_text(nlohmann::json tree) : elements(std::move(tree)) {}
};

/// A block of a type this library does not model, kept verbatim.
struct unknown_block {
    nlohmann::json json;
    // Not an aggregate and no one-argument constructor (see unknown_element).
    explicit unknown_block() = default;
    unknown_block(std::in_place_t, nlohmann::json j) : json(std::move(j)) {}
};

using block = std::variant<section, header, divider, context, actions, image_block, markdown, rich_text, unknown_block>;

/// "section", "header", ...; for an unknown block, its own "type" (or "").
ALARMBRIDGE_API std::string_view block_type(const block& b);

// ---- writing: one description per type --------------------------------------------------------

namespace detail {

template <class W>
void write_extra(W& w, const nlohmann::json& extra) {
    if (!extra.is_object()) return;
    for (const auto& [k, v] : extra.items()) {
        w.key(k);
        w.raw(v);
    }
}

template <class W>
void write_opt(W& w, const char* key, const std::optional<std::string>& v) {
    if (v) {
        w.key(key);
        w.value(std::string_view(*v));
    }
}

template <class W, class T>
void write_opt_obj(W& w, const char* key, const std::optional<T>& v) {
    if (v) {
        w.key(key);
        write(w, *v);
    }
}

template <class W, class T>
void write_list(W& w, const char* key, const std::vector<T>& items, bool always = false) {
    if (items.empty() && !always) return;
    w.key(key);
    w.begin_array();
    for (const auto& item : items) write(w, item);
    w.end_array();
}

}  // namespace detail

template <class W>
void write(W& w, const text& t) {
    w.begin_object();
    w.key("type");
    w.value(t.type == text::kind::mrkdwn ? "mrkdwn" : "plain_text");
    w.key("text");
    w.value(std::string_view(t.value));
    if (t.emoji) { w.key("emoji"); w.value(*t.emoji); }
    if (t.verbatim) { w.key("verbatim"); w.value(*t.verbatim); }
    detail::write_extra(w, t.extra);
    w.end_object();
}

template <class W>
void write(W& w, const confirm& c) {
    w.begin_object();
    w.key("title"); write(w, c.title);
    w.key("text"); write(w, c.body);
    w.key("confirm"); write(w, c.confirm_label);
    w.key("deny"); write(w, c.deny_label);
    detail::write_opt(w, "style", c.style);
    detail::write_extra(w, c.extra);
    w.end_object();
}

template <class W>
void write(W& w, const option& o) {
    w.begin_object();
    w.key("text"); write(w, o.label);
    w.key("value"); w.value(std::string_view(o.value));
    detail::write_opt_obj(w, "description", o.description);
    detail::write_opt(w, "url", o.url);
    detail::write_extra(w, o.extra);
    w.end_object();
}

template <class W>
void write(W& w, const option_group& g) {
    w.begin_object();
    w.key("label"); write(w, g.label);
    detail::write_list(w, "options", g.options, true);
    detail::write_extra(w, g.extra);
    w.end_object();
}

template <class W>
void write(W& w, const button& b) {
    w.begin_object();
    w.key("type"); w.value("button");
    w.key("text"); write(w, b.label);
    detail::write_opt(w, "action_id", b.action_id);
    detail::write_opt(w, "url", b.url);
    detail::write_opt(w, "value", b.value);
    detail::write_opt(w, "style", b.style);
    detail::write_opt_obj(w, "confirm", b.confirm);
    detail::write_opt(w, "accessibility_label", b.accessibility_label);
    detail::write_extra(w, b.extra);
    w.end_object();
}

template <class W>
void write(W& w, const image_element& i) {
    w.begin_object();
    w.key("type"); w.value("image");
    w.key("image_url"); w.value(std::string_view(i.image_url));
    w.key("alt_text"); w.value(std::string_view(i.alt_text));
    detail::write_extra(w, i.extra);
    w.end_object();
}

template <class W>
void write(W& w, const overflow& o) {
    w.begin_object();
    w.key("type"); w.value("overflow");
    detail::write_list(w, "options", o.options, true);
    detail::write_opt(w, "action_id", o.action_id);
    detail::write_opt_obj(w, "confirm", o.confirm);
    detail::write_extra(w, o.extra);
    w.end_object();
}

template <class W>
void write(W& w, const static_select& s) {
    w.begin_object();
    w.key("type"); w.value("static_select");
    detail::write_opt_obj(w, "placeholder", s.placeholder);
    detail::write_list(w, "options", s.options);
    detail::write_list(w, "option_groups", s.option_groups);
    detail::write_opt_obj(w, "initial_option", s.initial_option);
    detail::write_opt(w, "action_id", s.action_id);
    detail::write_opt_obj(w, "confirm", s.confirm);
    detail::write_extra(w, s.extra);
    w.end_object();
}

template <class W>
void write(W& w, const datepicker& d) {
    w.begin_object();
    w.key("type"); w.value("datepicker");
    detail::write_opt_obj(w, "placeholder", d.placeholder);
    detail::write_opt(w, "initial_date", d.initial_date);
    detail::write_opt(w, "action_id", d.action_id);
    detail::write_opt_obj(w, "confirm", d.confirm);
    detail::write_extra(w, d.extra);
    w.end_object();
}

template <class W>
void write(W& w, const unknown_element& u) { w.raw(u.json); }

template <class W>
void write(W& w, const element& e) { std::visit([&w](const auto& x) { write(w, x); }, e); }

template <class W>
void write(W& w, const context_element& e) { std::visit([&w](const auto& x) { write(w, x); }, e); }

template <class W>
void write(W& w, const section& s) {
    w.begin_object();
    w.key("type"); w.value("section");
    detail::write_opt_obj(w, "text", s.text);
    detail::write_list(w, "fields", s.fields);
    detail::write_opt_obj(w, "accessory", s.accessory);
    detail::write_opt(w, "block_id", s.block_id);
    detail::write_extra(w, s.extra);
    w.end_object();
}

template <class W>
void write(W& w, const header& h) {
    w.begin_object();
    w.key("type"); w.value("header");
    w.key("text"); write(w, h.text);
    detail::write_opt(w, "block_id", h.block_id);
    detail::write_extra(w, h.extra);
    w.end_object();
}

template <class W>
void write(W& w, const divider& d) {
    w.begin_object();
    w.key("type"); w.value("divider");
    detail::write_opt(w, "block_id", d.block_id);
    detail::write_extra(w, d.extra);
    w.end_object();
}

template <class W>
void write(W& w, const context& c) {
    w.begin_object();
    w.key("type"); w.value("context");
    detail::write_list(w, "elements", c.elements, true);
    detail::write_opt(w, "block_id", c.block_id);
    detail::write_extra(w, c.extra);
    w.end_object();
}

template <class W>
void write(W& w, const actions& a) {
    w.begin_object();
    w.key("type"); w.value("actions");
    detail::write_list(w, "elements", a.elements, true);
    detail::write_opt(w, "block_id", a.block_id);
    detail::write_extra(w, a.extra);
    w.end_object();
}

template <class W>
void write(W& w, const image_block& i) {
    w.begin_object();
    w.key("type"); w.value("image");
    w.key("image_url"); w.value(std::string_view(i.image_url));
    w.key("alt_text"); w.value(std::string_view(i.alt_text));
    detail::write_opt_obj(w, "title", i.title);
    detail::write_opt(w, "block_id", i.block_id);
    detail::write_extra(w, i.extra);
    w.end_object();
}

template <class W>
void write(W& w, const markdown& m) {
    w.begin_object();
    w.key("type"); w.value("markdown");
    w.key("text"); w.value(std::string_view(m.text));
    detail::write_opt(w, "block_id", m.block_id);
    detail::write_extra(w, m.extra);
    w.end_object();
}

template <class W>
void write(W& w, const rich_text& r) {
    w.begin_object();
    w.key("type"); w.value("rich_text");
    w.key("elements"); w.raw(r.elements);
    detail::write_opt(w, "block_id", r.block_id);
    detail::write_extra(w, r.extra);
    w.end_object();
}

template <class W>
void write(W& w, const unknown_block& u) { w.raw(u.json); }

template <class W>
void write(W& w, const block& b) { std::visit([&w](const auto& x) { write(w, x); }, b); }

// ---- reading (nlohmann/json in; throws alarmbridge::exception naming the path) ------------------

/// Readers of each type from JSON at a JSON pointer (for error messages). (Compiled library.)
ALARMBRIDGE_API text read_text(const nlohmann::json& j, const std::string& path);
ALARMBRIDGE_API element read_element(const nlohmann::json& j, const std::string& path);
ALARMBRIDGE_API block read_block(const nlohmann::json& j, const std::string& path);

// ---- nlohmann/json adapters ------------------------------------------------------------------

#define ALARMBRIDGE_SLACK_JSON_ADAPTERS(T)                       \
    inline void to_json(nlohmann::json& j, const T& value) {     \
        alarmbridge::detail::json_builder b;                      \
        write(b, value);                                          \
        j = b.take();                                             \
    }
ALARMBRIDGE_SLACK_JSON_ADAPTERS(text)
ALARMBRIDGE_SLACK_JSON_ADAPTERS(confirm)
ALARMBRIDGE_SLACK_JSON_ADAPTERS(option)
ALARMBRIDGE_SLACK_JSON_ADAPTERS(option_group)
ALARMBRIDGE_SLACK_JSON_ADAPTERS(button)
ALARMBRIDGE_SLACK_JSON_ADAPTERS(section)
ALARMBRIDGE_SLACK_JSON_ADAPTERS(header)
ALARMBRIDGE_SLACK_JSON_ADAPTERS(context)
ALARMBRIDGE_SLACK_JSON_ADAPTERS(actions)
#undef ALARMBRIDGE_SLACK_JSON_ADAPTERS

inline void to_json(nlohmann::json& j, const block& value) {
    alarmbridge::detail::json_builder b;
    write(b, value);
    j = b.take();
}
inline void to_json(nlohmann::json& j, const element& value) {
    alarmbridge::detail::json_builder b;
    write(b, value);
    j = b.take();
}

inline void from_json(const nlohmann::json& j, text& t) { t = read_text(j, ""); }
inline void from_json(const nlohmann::json& j, block& b) { b = read_block(j, ""); }
inline void from_json(const nlohmann::json& j, element& e) { e = read_element(j, ""); }

}  // namespace alarmbridge::slack
