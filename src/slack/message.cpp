#include <alarmbridge/slack/message.hpp>
#include <alarmbridge/slack/mrkdwn.hpp>

#include "detail/json_pointer.hpp"
#include "slack/json_depth.hpp"

#include <algorithm>
#include <initializer_list>
#include <type_traits>

namespace alarmbridge::slack {

namespace {

using json = nlohmann::json;

[[noreturn]] void fail(errc code, const std::string& path, std::string message) {
    throw alarmbridge::exception(error{code, std::move(message), path});
}

std::string at(const std::string& path, std::string_view key) { return alarmbridge::detail::pointer_child(path, key); }
std::string at(const std::string& path, std::size_t i) { return alarmbridge::detail::pointer_child(path, i); }
const char* kind_name(const json& j) { return alarmbridge::detail::json_type_name(j); }

/// Reads an object's members one by one and keeps the ones nobody asked for.
class fields {
public:
    fields(const json& j, std::string path) : j_(j), path_(std::move(path)) {
        if (!j.is_object()) fail(errc::wrong_type, path_, std::string("expected an object, got ") + kind_name(j));
    }
    const std::string& path() const { return path_; }

    const json* get(const char* key) {
        known_.push_back(key);
        const auto it = j_.find(key);
        return it == j_.end() || it->is_null() ? nullptr : &*it;
    }
    std::string string(const char* key) {
        const json* v = get(key);
        if (!v) fail(errc::missing_field, at(path_, key), "required");
        return as_string(*v, at(path_, key));
    }
    std::optional<std::string> opt_string(const char* key) {
        const json* v = get(key);
        if (!v) return std::nullopt;
        return as_string(*v, at(path_, key));
    }
    std::optional<bool> opt_bool(const char* key) {
        const json* v = get(key);
        if (!v) return std::nullopt;
        if (!v->is_boolean()) fail(errc::wrong_type, at(path_, key), std::string("expected a boolean, got ") + kind_name(*v));
        return v->get<bool>();
    }
    const json& array(const char* key, bool required) {
        static const json empty = json::array();
        const json* v = get(key);
        if (!v) {
            if (required) fail(errc::missing_field, at(path_, key), "required");
            return empty;
        }
        if (!v->is_array()) fail(errc::wrong_type, at(path_, key), std::string("expected an array, got ") + kind_name(*v));
        return *v;
    }
    json json_or_null(const char* key) {
        const json* v = get(key);
        return v ? *v : json();
    }
    /// The members not read, verbatim (null when there are none).
    json rest() const {
        json out;
        for (const auto& [k, v] : j_.items()) {
            bool is_known = false;
            for (const char* known : known_) is_known = is_known || k == known;
            if (!is_known) out[k] = v;
        }
        return out;
    }

    static std::string as_string(const json& v, const std::string& path) {
        if (!v.is_string()) fail(errc::wrong_type, path, std::string("expected a string, got ") + kind_name(v));
        return v.get<std::string>();
    }

private:
    const json& j_;
    std::string path_;
    std::vector<const char*> known_;
};

template <class T, class F>
std::vector<T> read_list(const json& arr, const std::string& path, F read) {
    std::vector<T> out;
    out.reserve(arr.size());
    for (std::size_t i = 0; i < arr.size(); ++i) out.push_back(read(arr[i], at(path, i)));
    return out;
}

std::optional<text> opt_text(fields& f, const char* key) {
    const json* v = f.get(key);
    if (!v) return std::nullopt;
    return read_text(*v, at(f.path(), key));
}

text req_text(fields& f, const char* key) {
    const json* v = f.get(key);
    if (!v) fail(errc::missing_field, at(f.path(), key), "required");
    return read_text(*v, at(f.path(), key));
}

confirm read_confirm(const json& j, const std::string& path) {
    fields f(j, path);
    confirm c;
    c.title = req_text(f, "title");
    c.body = req_text(f, "text");
    c.confirm_label = req_text(f, "confirm");
    c.deny_label = req_text(f, "deny");
    c.style = f.opt_string("style");
    c.extra = f.rest();
    return c;
}

std::optional<confirm> opt_confirm(fields& f) {
    const json* v = f.get("confirm");
    if (!v) return std::nullopt;
    return read_confirm(*v, at(f.path(), "confirm"));
}

option read_option(const json& j, const std::string& path) {
    fields f(j, path);
    option o;
    o.label = req_text(f, "text");
    o.value = f.string("value");
    o.description = opt_text(f, "description");
    o.url = f.opt_string("url");
    o.extra = f.rest();
    return o;
}

option_group read_option_group(const json& j, const std::string& path) {
    fields f(j, path);
    option_group g;
    g.label = req_text(f, "label");
    g.options = read_list<option>(f.array("options", true), at(path, "options"), read_option);
    g.extra = f.rest();
    return g;
}

image_element read_image_element(fields& f) {
    image_element i;
    f.get("type");
    i.image_url = f.string("image_url");
    i.alt_text = f.string("alt_text");
    i.extra = f.rest();
    return i;
}

context_element read_context_element(const json& j, const std::string& path) {
    fields f(j, path);
    const auto type = f.string("type");
    if (type == "image") return read_image_element(f);
    return read_text(j, path);
}

attachment_field read_attachment_field(const json& j, const std::string& path) {
    fields f(j, path);
    attachment_field a;
    a.title = f.opt_string("title").value_or("");
    a.value = f.opt_string("value").value_or("");
    a.is_short = f.opt_bool("short");
    a.extra = f.rest();
    return a;
}

attachment read_attachment(const json& j, const std::string& path) {
    fields f(j, path);
    attachment a;
    a.color = f.opt_string("color");
    a.fallback = f.opt_string("fallback");
    a.text = f.opt_string("text");
    a.pretext = f.opt_string("pretext");
    a.title = f.opt_string("title");
    a.title_link = f.opt_string("title_link");
    a.blocks = read_list<block>(f.array("blocks", false), at(path, "blocks"), read_block);
    a.fields = read_list<attachment_field>(f.array("fields", false), at(path, "fields"), read_attachment_field);
    a.footer = f.opt_string("footer");
    a.footer_icon = f.opt_string("footer_icon");
    a.ts = f.json_or_null("ts");
    a.extra = f.rest();
    return a;
}

}  // namespace

text read_text(const json& j, const std::string& path) {
    fields f(j, path);
    text t;
    const auto type = f.string("type");
    if (type == "plain_text") t.type = text::kind::plain_text;
    else if (type == "mrkdwn") t.type = text::kind::mrkdwn;
    else fail(errc::bad_value, at(path, "type"), "a text object is plain_text or mrkdwn");
    t.value = f.string("text");
    t.emoji = f.opt_bool("emoji");
    t.verbatim = f.opt_bool("verbatim");
    t.extra = f.rest();
    return t;
}

element read_element(const json& j, const std::string& path) {
    fields f(j, path);
    const auto type = f.string("type");
    if (type == "button") {
        button b;
        b.label = req_text(f, "text");
        b.action_id = f.opt_string("action_id");
        b.url = f.opt_string("url");
        b.value = f.opt_string("value");
        b.style = f.opt_string("style");
        b.confirm = opt_confirm(f);
        b.accessibility_label = f.opt_string("accessibility_label");
        b.extra = f.rest();
        return b;
    }
    if (type == "image") return read_image_element(f);
    if (type == "overflow") {
        overflow o;
        o.options = read_list<option>(f.array("options", true), at(path, "options"), read_option);
        o.action_id = f.opt_string("action_id");
        o.confirm = opt_confirm(f);
        o.extra = f.rest();
        return o;
    }
    if (type == "static_select") {
        static_select s;
        s.placeholder = opt_text(f, "placeholder");
        s.options = read_list<option>(f.array("options", false), at(path, "options"), read_option);
        s.option_groups = read_list<option_group>(f.array("option_groups", false), at(path, "option_groups"), read_option_group);
        if (const json* initial = f.get("initial_option")) s.initial_option = read_option(*initial, at(path, "initial_option"));
        s.action_id = f.opt_string("action_id");
        s.confirm = opt_confirm(f);
        s.extra = f.rest();
        return s;
    }
    if (type == "datepicker") {
        datepicker d;
        d.placeholder = opt_text(f, "placeholder");
        d.initial_date = f.opt_string("initial_date");
        d.action_id = f.opt_string("action_id");
        d.confirm = opt_confirm(f);
        d.extra = f.rest();
        return d;
    }
    return unknown_element(std::in_place, j);
}

block read_block(const json& j, const std::string& path) {
    fields f(j, path);
    const auto type = f.string("type");
    auto finish = [&f](auto b) {
        b.block_id = f.opt_string("block_id");
        b.extra = f.rest();
        return b;
    };
    if (type == "section") {
        section s;
        s.text = opt_text(f, "text");
        s.fields = read_list<text>(f.array("fields", false), at(path, "fields"), read_text);
        if (const json* acc = f.get("accessory")) s.accessory = read_element(*acc, at(path, "accessory"));
        return finish(std::move(s));
    }
    if (type == "header") {
        header h;
        h.text = req_text(f, "text");
        return finish(std::move(h));
    }
    if (type == "divider") return finish(divider{});
    if (type == "context") {
        context c;
        c.elements = read_list<context_element>(f.array("elements", true), at(path, "elements"), read_context_element);
        return finish(std::move(c));
    }
    if (type == "actions") {
        actions a;
        a.elements = read_list<element>(f.array("elements", true), at(path, "elements"), read_element);
        return finish(std::move(a));
    }
    if (type == "image") {
        image_block i;
        i.image_url = f.string("image_url");
        i.alt_text = f.string("alt_text");
        i.title = opt_text(f, "title");
        return finish(std::move(i));
    }
    if (type == "markdown") {
        markdown m;
        m.text = f.string("text");
        return finish(std::move(m));
    }
    if (type == "rich_text") {
        rich_text r;
        r.elements = f.array("elements", true);
        return finish(std::move(r));
    }
    return unknown_block(std::in_place, j);
}

std::string_view block_type(const block& b) {
    struct visitor {
        std::string_view operator()(const section&) const { return "section"; }
        std::string_view operator()(const header&) const { return "header"; }
        std::string_view operator()(const divider&) const { return "divider"; }
        std::string_view operator()(const context&) const { return "context"; }
        std::string_view operator()(const actions&) const { return "actions"; }
        std::string_view operator()(const image_block&) const { return "image"; }
        std::string_view operator()(const markdown&) const { return "markdown"; }
        std::string_view operator()(const rich_text&) const { return "rich_text"; }
        std::string_view operator()(const unknown_block& u) const {
            const auto it = u.json.find("type");
            return it != u.json.end() && it->is_string() ? std::string_view(it->get_ref<const std::string&>()) : "";
        }
    };
    return std::visit(visitor{}, b);
}

namespace {

error too_deep() {
    return error{errc::too_deep, "nested more than " + std::to_string(max_json_depth) + " levels deep", ""};
}

/// read_message for a document known to nest at most max_json_depth levels.
result<message> read_shallow(const json& j) {
    try {
        fields f(j, "");
        message m;
        m.text = f.opt_string("text");
        m.blocks = read_list<block>(f.array("blocks", false), "/blocks", read_block);
        m.attachments = read_list<attachment>(f.array("attachments", false), "/attachments", read_attachment);
        m.thread_ts = f.opt_string("thread_ts");
        m.reply_broadcast = f.opt_bool("reply_broadcast");
        m.mrkdwn = f.opt_bool("mrkdwn");
        m.unfurl_links = f.opt_bool("unfurl_links");
        m.unfurl_media = f.opt_bool("unfurl_media");
        m.metadata = f.json_or_null("metadata");
        m.channel = f.opt_string("channel");
        m.username = f.opt_string("username");
        m.icon_emoji = f.opt_string("icon_emoji");
        m.icon_url = f.opt_string("icon_url");
        m.extra = f.rest();
        return m;
    } catch (const alarmbridge::exception& e) {
        return e.error();
    }
}

}  // namespace

result<message> read_message(const json& j) {
    // Reading copies subtrees (metadata, rich_text, unknown blocks), and copies recurse.
    if (detail::document_deeper_than(j, max_json_depth)) return too_deep();
    return read_shallow(j);
}

result<message> parse_message(std::string_view text, const parse_options& options) {
    if (text.size() > options.max_input_bytes)
        return error{errc::too_large,
                     "the message is " + std::to_string(text.size()) + " bytes, limit " +
                         std::to_string(options.max_input_bytes),
                     ""};
    // Measured on the bytes, before a node is built: a deep document costs no memory to refuse.
    if (detail::text_deeper_than(text, max_json_depth)) return too_deep();
    auto j = json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded()) return error{errc::json_syntax, "the message is not valid JSON", ""};
    return read_shallow(j);
}

// ---- fallback text ---------------------------------------------------------------------------

namespace {

/// The length of the entity ("&amp;", "&#39;") text starts with; 0 when it starts with none.
std::size_t entity_length(std::string_view text) {
    if (text.empty() || text[0] != '&') return 0;
    for (std::size_t i = 1; i < text.size() && i <= 10; ++i) {
        const char c = text[i];
        if (c == ';') return i > 1 ? i + 1 : 0;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '#')) return 0;
    }
    return 0;
}

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

// ---- fit -------------------------------------------------------------------------------------

std::string truncate(std::string_view s, std::size_t max) {
    if (count_characters(s) <= max) return std::string(s);
    if (max == 0) return {};
    // Keep max - 1 code points and end with U+2026 (one code point).
    std::size_t kept = 0, cut = 0;
    for (; cut < s.size(); ++cut) {
        if ((static_cast<unsigned char>(s[cut]) & 0xC0) != 0x80) {
            if (kept == max - 1) break;
            ++kept;
        }
    }
    // Back off to the start of a token or entity the cut would split. One forward pass: each
    // token is skipped whole, so the scan is linear.
    bool closed = true;  // false once no '>' is left: no '<' after that starts a token
    for (std::size_t i = 0; i < cut;) {
        std::size_t end = i + 1;  // one past the unit that starts at i
        if (s[i] == '<' && closed) {
            const auto close = s.find('>', i);
            if (close != std::string_view::npos) end = close + 1;
            else closed = false;
        } else if (s[i] == '&') {
            end = i + std::max<std::size_t>(1, entity_length(s.substr(i)));
        }
        if (end > cut) {
            cut = i;
            break;
        }
        i = end;
    }
    std::string out(s.substr(0, cut));
    out += "\xE2\x80\xA6";
    return out;
}

namespace {

/// A JSON pointer built on the stack and rendered only when a change is reported. Each step
/// points at its parent: never keep one built from a temporary beyond the full expression.
struct lazy_path {
    const lazy_path* parent = nullptr;
    std::string_view key;
    std::size_t index = 0;
    bool is_index = false;

    lazy_path operator/(std::string_view k) const { return lazy_path{this, k, 0, false}; }
    lazy_path operator/(std::size_t i) const { return lazy_path{this, {}, i, true}; }
    std::string str() const {
        std::string out = parent ? parent->str() : std::string();
        if (!parent && key.empty() && !is_index) return out;
        return is_index ? at(out, index) : at(out, key);
    }
};

class fitter {
public:
    std::vector<std::string> changes;

    void text_value(std::string& value, std::size_t max, const lazy_path& path) {
        if (value.size() <= max) return;  // never more code points than bytes
        const auto n = count_characters(value);
        if (n <= max) return;
        value = truncate(value, max);
        changes.push_back(path.str() + ": truncated from " + std::to_string(n) + " to " + std::to_string(max) + " characters");
    }
    void text_value(std::optional<std::string>& value, std::size_t max, const lazy_path& path) {
        if (value) text_value(*value, max, path);
    }
    void text_obj(text& t, std::size_t max, const lazy_path& path) { text_value(t.value, max, path / "text"); }
    void text_obj(std::optional<text>& t, std::size_t max, const lazy_path& path) {
        if (t) text_obj(*t, max, path);
    }

    /// False (and the change said) when the URL is too long for Slack: the caller removes its owner.
    bool url_fits(const std::string& url, const lazy_path& path, std::string_view what) {
        if (url.size() <= limits::url) return true;
        const auto n = count_characters(url);
        if (n <= limits::url) return true;
        changes.push_back(path.str() + ": " + std::to_string(n) + " characters, limit " + std::to_string(limits::url) + ": " +
                          std::string(what) + " removed");
        return false;
    }

    template <class T>
    void cut(std::vector<T>& items, std::size_t max, const lazy_path& path, const char* what) {
        if (items.size() <= max) return;
        changes.push_back(path.str() + ": " + std::to_string(items.size()) + " " + what + ", cut to " + std::to_string(max));
        items.erase(items.begin() + static_cast<std::ptrdiff_t>(max), items.end());
    }

    /// Keeps the items keep() says to, in order; paths name them as the caller gave them.
    template <class T, class F>
    static void keep_if(std::vector<T>& items, F&& keep) {
        std::size_t kept = 0;
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (!keep(items[i], i)) continue;
            if (kept != i) items[kept] = std::move(items[i]);
            ++kept;
        }
        items.erase(items.begin() + static_cast<std::ptrdiff_t>(kept), items.end());
    }

    void confirm_fit(std::optional<confirm>& c, const lazy_path& path) {
        if (!c) return;
        const lazy_path here = path / "confirm";
        text_obj(c->title, limits::confirm_title, here / "title");
        text_obj(c->body, limits::confirm_text, here / "text");
        text_obj(c->confirm_label, limits::confirm_button, here / "confirm");
        text_obj(c->deny_label, limits::confirm_button, here / "deny");
    }

    void option_fit(option& o, const lazy_path& path) {
        text_obj(o.label, limits::option_text, path / "text");
        text_value(o.value, limits::option_value, path / "value");
        text_obj(o.description, limits::option_description, path / "description");
        if (o.url && !url_fits(*o.url, path / "url", "the url")) o.url.reset();
    }

    void options_fit(std::vector<option>& options, std::size_t max, const lazy_path& path) {
        cut(options, max, path, "options");
        for (std::size_t i = 0; i < options.size(); ++i) option_fit(options[i], path / i);
    }

    /// Fits an element; false when it has to go (its URL is too long for Slack).
    bool element_fit(element& e, const lazy_path& path) {
        if (auto* b = std::get_if<button>(&e)) {
            if (b->url && !url_fits(*b->url, path / "url", "the button")) return false;
            text_obj(b->label, limits::button_text, path / "text");
            text_value(b->action_id, limits::id, path / "action_id");
            text_value(b->value, limits::button_value, path / "value");
            text_value(b->accessibility_label, limits::accessibility_label, path / "accessibility_label");
            confirm_fit(b->confirm, path);
        } else if (auto* i = std::get_if<image_element>(&e)) {
            return image_fit(i->image_url, i->alt_text, path, "the image");
        } else if (auto* o = std::get_if<overflow>(&e)) {
            options_fit(o->options, limits::overflow_options_max, path / "options");
            text_value(o->action_id, limits::id, path / "action_id");
            confirm_fit(o->confirm, path);
        } else if (auto* s = std::get_if<static_select>(&e)) {
            text_obj(s->placeholder, limits::placeholder, path / "placeholder");
            options_fit(s->options, limits::select_options, path / "options");
            cut(s->option_groups, limits::select_options, path / "option_groups", "option groups");
            const lazy_path groups = path / "option_groups";  // named: a step points at its parent
            for (std::size_t g = 0; g < s->option_groups.size(); ++g) {
                const lazy_path group = groups / g;
                text_obj(s->option_groups[g].label, limits::option_group_label, group / "label");
                options_fit(s->option_groups[g].options, limits::select_options, group / "options");
            }
            if (s->initial_option) option_fit(*s->initial_option, path / "initial_option");
            text_value(s->action_id, limits::id, path / "action_id");
            confirm_fit(s->confirm, path);
        } else if (auto* d = std::get_if<datepicker>(&e)) {
            text_obj(d->placeholder, limits::placeholder, path / "placeholder");
            text_value(d->action_id, limits::id, path / "action_id");
            confirm_fit(d->confirm, path);
        }
        return true;
    }

    bool image_fit(const std::string& url, std::string& alt_text, const lazy_path& path, std::string_view what) {
        if (!url_fits(url, path / "image_url", what)) return false;
        text_value(alt_text, limits::image_alt_text, path / "alt_text");
        return true;
    }

    /// Fits one block; false when it has to go (an image too long to link, nothing left in it).
    bool block_fit(block& b, const lazy_path& here) {
        if (auto* s = std::get_if<section>(&b)) {
            text_obj(s->text, limits::section_text, here / "text");
            for (std::size_t k = 0; k < s->fields.size(); ++k)
                text_obj(s->fields[k], limits::section_field_text, here / "fields" / k);
            if (s->accessory && !element_fit(*s->accessory, here / "accessory")) s->accessory.reset();
        } else if (auto* h = std::get_if<header>(&b)) {
            text_obj(h->text, limits::header_text, here / "text");
        } else if (auto* c = std::get_if<context>(&b)) {
            const bool had = !c->elements.empty();
            keep_if(c->elements, [&](context_element& e, std::size_t k) {
                if (auto* t = std::get_if<text>(&e)) text_obj(*t, limits::section_text, here / "elements" / k);
                auto* i = std::get_if<image_element>(&e);
                return !i || image_fit(i->image_url, i->alt_text, here / "elements" / k, "the image");
            });
            cut(c->elements, limits::context_elements, here / "elements", "elements");
            if (had && c->elements.empty()) return removed_empty(here);
        } else if (auto* a = std::get_if<actions>(&b)) {
            const bool had = !a->elements.empty();
            keep_if(a->elements, [&](element& e, std::size_t k) { return element_fit(e, here / "elements" / k); });
            cut(a->elements, limits::actions_elements, here / "elements", "elements");
            if (had && a->elements.empty()) return removed_empty(here);
        } else if (auto* i = std::get_if<image_block>(&b)) {
            if (!image_fit(i->image_url, i->alt_text, here, "the image block")) return false;
            text_obj(i->title, limits::image_title, here / "title");
        } else if (auto* m = std::get_if<markdown>(&b)) {
            // The markdown blocks of a message share one budget.
            const std::size_t left = limits::markdown_total - std::min(markdown_used_, limits::markdown_total);
            if (left == 0 && !m->text.empty()) {
                changes.push_back(here.str() + ": removed, the message's markdown blocks already hold " +
                                  std::to_string(limits::markdown_total) + " characters");
                return false;
            }
            text_value(m->text, left, here / "text");
            markdown_used_ += count_characters(m->text);
        }
        std::visit([&](auto& x) {
            if constexpr (!std::is_same_v<std::decay_t<decltype(x)>, unknown_block>) text_value(x.block_id, limits::id, here / "block_id");
        }, b);
        return true;
    }

    /// Fits the blocks in place: blocks that have to go are removed, and sections with more than
    /// 10 fields are split into several. Paths name the blocks as the caller gave them.
    void blocks_fit(std::vector<block>& blocks, const lazy_path& path) {
        std::vector<block> out;
        out.reserve(blocks.size());
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            const lazy_path here = path / i;
            if (!block_fit(blocks[i], here)) continue;  // block_fit said why
            out.push_back(std::move(blocks[i]));
            auto* s = std::get_if<section>(&out.back());
            if (!s || s->fields.size() <= limits::section_fields) continue;
            std::vector<text> rest(std::make_move_iterator(s->fields.begin() + limits::section_fields),
                                   std::make_move_iterator(s->fields.end()));
            s->fields.resize(limits::section_fields);
            changes.push_back((here / "fields").str() + ": " + std::to_string(rest.size() + limits::section_fields) +
                              " fields, the ones past " + std::to_string(limits::section_fields) +
                              " moved into following sections");
            for (std::size_t k = 0; k < rest.size(); k += limits::section_fields) {
                section next;
                next.fields.assign(std::make_move_iterator(rest.begin() + static_cast<std::ptrdiff_t>(k)),
                                   std::make_move_iterator(rest.begin() + static_cast<std::ptrdiff_t>(
                                                                              std::min(rest.size(), k + limits::section_fields))));
                out.push_back(std::move(next));
            }
        }
        blocks = std::move(out);
    }

private:
    std::size_t markdown_used_ = 0;

    bool removed_empty(const lazy_path& block) {
        changes.push_back(block.str() + ": no element left, the block is removed");
        return false;
    }
};

}  // namespace

fit_result fit(message m) {
    fitter f;
    const lazy_path root;
    f.blocks_fit(m.blocks, root / "blocks");
    f.cut(m.attachments, limits::attachments_per_message, root / "attachments", "attachments");
    for (std::size_t a = 0; a < m.attachments.size(); ++a) {
        auto& blocks = m.attachments[a].blocks;
        // Named steps: a lazy_path points at its parent, which must outlive it.
        const lazy_path attachments = root / "attachments";
        const lazy_path attachment = attachments / a;
        const lazy_path path = attachment / "blocks";
        f.blocks_fit(blocks, path);
        if (blocks.size() > limits::blocks_per_message) {
            f.changes.push_back(path.str() + ": " + std::to_string(blocks.size()) + " blocks in an attachment, cut to " +
                                std::to_string(limits::blocks_per_message));
            blocks.resize(limits::blocks_per_message, block{divider{}});
        }
    }
    if (m.icon_url && !f.url_fits(*m.icon_url, root / "icon_url", "the icon_url")) m.icon_url.reset();
    if (m.text) f.text_value(*m.text, limits::message_text, root / "text");
    if ((!m.text || m.text->empty()) && !m.blocks.empty()) {
        std::string fallback = truncate(fallback_text(m.blocks), limits::message_text);
        if (!fallback.empty()) {  // blocks with no text (dividers, images) leave it as it was
            m.text = std::move(fallback);
            f.changes.push_back("/text: set from the blocks (a message with blocks needs a fallback text)");
        }
    }
    fit_result out;
    if (m.blocks.size() <= limits::blocks_per_message) {
        out.messages.push_back(std::move(m));
    } else {
        const std::size_t total = m.blocks.size();
        std::vector<block> all = std::move(m.blocks);
        m.blocks.clear();
        for (std::size_t i = 0; i < total; i += limits::blocks_per_message) {
            message part = m;
            part.blocks.assign(std::make_move_iterator(all.begin() + static_cast<std::ptrdiff_t>(i)),
                               std::make_move_iterator(all.begin() + static_cast<std::ptrdiff_t>(std::min(total, i + limits::blocks_per_message))));
            if (i > 0) part.attachments.clear();  // attachments stay with the first message
            out.messages.push_back(std::move(part));
        }
        f.changes.push_back("/blocks: " + std::to_string(total) + " blocks, split into " +
                            std::to_string(out.messages.size()) + " messages of at most " +
                            std::to_string(limits::blocks_per_message));
    }
    out.changes = std::move(f.changes);
    return out;
}

}  // namespace alarmbridge::slack
