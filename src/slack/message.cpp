#include <alarmbridge/slack/message.hpp>
#include <alarmbridge/slack/mrkdwn.hpp>

#include "detail/json_pointer.hpp"

#include <initializer_list>

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

result<message> read_message(const json& j) {
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

result<message> parse_message(std::string_view text) {
    auto j = json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded()) return error{errc::json_syntax, "the message is not valid JSON", ""};
    return read_message(j);
}

// ---- fallback text ---------------------------------------------------------------------------

namespace {

/// mrkdwn to readable plain text: links to their label (or URL), mentions kept as written,
/// entities unescaped, *bold* _italic_ ~strike~ markers dropped.
std::string plain_of(const text& t) {
    if (t.type == text::kind::plain_text) return t.value;
    std::string out;
    const std::string& s = t.value;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '<') {
            const auto close = s.find('>', i);
            if (close != std::string::npos) {
                const std::string inner = s.substr(i + 1, close - i - 1);
                const auto bar = inner.find('|');
                if (inner.rfind("!date^", 0) == 0) out += bar == std::string::npos ? inner : inner.substr(bar + 1);
                else if (bar != std::string::npos) out += inner.substr(bar + 1);
                else out += inner;
                i = close;
                continue;
            }
        }
        if ((s[i] == '*' || s[i] == '_' || s[i] == '~') &&
            (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\n' || i + 1 == s.size() || s[i + 1] == ' ' || s[i + 1] == '\n'))
            continue;  // a formatting marker at a word edge
        out += s[i];
    }
    return mrkdwn::unescape(out);
}

void add_line(std::string& out, const std::string& line) {
    if (line.empty()) return;
    if (!out.empty()) out += '\n';
    out += line;
}

}  // namespace

std::string fallback_text(const std::vector<block>& blocks) {
    std::string out;
    for (const auto& b : blocks) {
        if (const auto* h = std::get_if<header>(&b)) add_line(out, plain_of(h->text));
        else if (const auto* s = std::get_if<section>(&b)) {
            if (s->text) add_line(out, plain_of(*s->text));
            for (const auto& f : s->fields) add_line(out, plain_of(f));
        } else if (const auto* c = std::get_if<context>(&b)) {
            for (const auto& e : c->elements)
                if (const auto* t = std::get_if<text>(&e)) add_line(out, plain_of(*t));
        } else if (const auto* m = std::get_if<markdown>(&b)) {
            add_line(out, m->text);
        } else if (const auto* a = std::get_if<actions>(&b)) {
            std::string labels;
            for (const auto& e : a->elements) {
                if (const auto* btn = std::get_if<button>(&e)) {
                    if (!labels.empty()) labels += " | ";
                    labels += plain_of(btn->label);
                    if (btn->url) labels += ": " + *btn->url;
                }
            }
            add_line(out, labels);
        }
    }
    return out;
}

// ---- fit -------------------------------------------------------------------------------------

std::string truncate(std::string_view s, std::size_t max) {
    if (count_characters(s) <= max) return std::string(s);
    if (max == 0) return {};
    // Keep max - 1 code points and end with U+2026 (one code point).
    std::size_t kept = 0, i = 0;
    for (; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (kept == max - 1) break;
            ++kept;
        }
    }
    return std::string(s.substr(0, i)) + "\xE2\x80\xA6";
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
    void text_obj(text& t, std::size_t max, const lazy_path& path) { text_value(t.value, max, path / "text"); }

    void element_fit(element& e, const lazy_path& path) {
        if (auto* b = std::get_if<button>(&e)) {
            text_obj(b->label, limits::button_text, path / "text");
            if (b->value) text_value(*b->value, limits::button_value, path / "value");
        }
    }

    /// Fits the blocks in place; sections with more than 10 fields are split into several.
    void blocks_fit(std::vector<block>& blocks, const lazy_path& path) {
        std::size_t added = 0;  // blocks inserted so far: paths name the blocks as the caller gave them
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            const lazy_path here = path / (i - added);
            if (auto* s = std::get_if<section>(&blocks[i])) {
                if (s->text) text_obj(*s->text, limits::section_text, here / "text");
                for (std::size_t k = 0; k < s->fields.size(); ++k)
                    text_obj(s->fields[k], limits::section_field_text, here / "fields" / k);
                if (s->accessory) element_fit(*s->accessory, here / "accessory");
                if (s->fields.size() > limits::section_fields) {
                    std::vector<text> rest(std::make_move_iterator(s->fields.begin() + limits::section_fields),
                                           std::make_move_iterator(s->fields.end()));
                    s->fields.resize(limits::section_fields);
                    changes.push_back((here / "fields").str() + ": " + std::to_string(rest.size() + limits::section_fields) +
                                      " fields, the ones past " + std::to_string(limits::section_fields) +
                                      " moved into following sections");
                    std::vector<block> more;
                    for (std::size_t k = 0; k < rest.size(); k += limits::section_fields) {
                        section next;
                        next.fields.assign(std::make_move_iterator(rest.begin() + static_cast<std::ptrdiff_t>(k)),
                                           std::make_move_iterator(rest.begin() + static_cast<std::ptrdiff_t>(
                                                                                      std::min(rest.size(), k + limits::section_fields))));
                        more.push_back(std::move(next));
                    }
                    blocks.insert(blocks.begin() + static_cast<std::ptrdiff_t>(i) + 1, std::make_move_iterator(more.begin()),
                                  std::make_move_iterator(more.end()));
                    i += more.size();
                    added += more.size();
                }
            } else if (auto* h = std::get_if<header>(&blocks[i])) {
                text_obj(h->text, limits::header_text, here / "text");
            } else if (auto* c = std::get_if<context>(&blocks[i])) {
                for (std::size_t k = 0; k < c->elements.size(); ++k)
                    if (auto* t = std::get_if<text>(&c->elements[k])) text_obj(*t, limits::section_text, here / "elements" / k);
                if (c->elements.size() > limits::context_elements) {
                    changes.push_back((here / "elements").str() + ": " + std::to_string(c->elements.size()) +
                                      " elements, cut to " + std::to_string(limits::context_elements));
                    c->elements.resize(limits::context_elements);
                }
            } else if (auto* a = std::get_if<actions>(&blocks[i])) {
                for (std::size_t k = 0; k < a->elements.size(); ++k) element_fit(a->elements[k], here / "elements" / k);
            }
        }
    }
};

}  // namespace

fit_result fit(message m) {
    fitter f;
    const lazy_path root;
    f.blocks_fit(m.blocks, root / "blocks");
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
    if (m.text) f.text_value(*m.text, limits::message_text, root / "text");
    if ((!m.text || m.text->empty()) && !m.blocks.empty()) {
        m.text = truncate(fallback_text(m.blocks), limits::message_text);
        f.changes.push_back("/text: set from the blocks (a message with blocks needs a fallback text)");
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
