// Reading a Slack message payload (nlohmann JSON) into slack::message: parse_message,
// read_message and the readers of blocks, elements, text objects and attachments. Errors name
// the field ("/blocks/2/elements/0/text") and are values.
#include <alarmbridge/slack/message.hpp>

#include "detail/json_pointer.hpp"
#include "slack/json_depth.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

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
}  // namespace alarmbridge::slack
