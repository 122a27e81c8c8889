// slack::validate: the one set of rules for Slack's limits, read from a payload view
// (slack/payload_view.hpp), so a nlohmann document and a typed message are checked alike.
#include <alarmbridge/slack/message.hpp>
#include <alarmbridge/slack/validate.hpp>

#include "detail/json_pointer.hpp"
#include "slack/json_depth.hpp"
#include "slack/payload_view.hpp"

#include <set>
#include <string_view>

namespace alarmbridge::slack {

namespace {

using detail::node;
using detail::node_kind;

std::string type_name(node n) { return n.type_name(); }

std::string child(const std::string& path, std::string_view key) { return alarmbridge::detail::pointer_child(path, key); }
std::string child(const std::string& path, std::size_t index) { return alarmbridge::detail::pointer_child(path, index); }

class checker {
public:
    std::vector<violation> found;

    void message(node m) {
        if (!m.is_object()) return add("", "a message must be a JSON object, got " + type_name(m));
        if (!has_content(member(m, "text")) && !has_content(member(m, "blocks")) && !has_content(member(m, "attachments"))) {
            found.push_back(violation{"", "a message needs text, blocks or attachments", severity::error, std::nullopt,
                                      std::nullopt, errc::no_text});
        }
        node blocks = member(m, "blocks");
        const bool has_blocks = blocks && blocks.size() > 0;
        if (node text = member(m, "text")) {
            if (expect(text, node_kind::string, "/text")) {
                length("/text", text.string(), limits::message_text);
                if (has_blocks && text.string().empty()) missing_fallback();
            }
        } else if (has_blocks) {
            missing_fallback();
        }
        if (blocks) block_list(blocks, "/blocks");
        if (node attachments = member(m, "attachments")) {
            if (expect(attachments, node_kind::array, "/attachments")) {
                count("/attachments", attachments.size(), 0, limits::attachments_per_message, "attachments");
                for (std::size_t i = 0; i < attachments.size(); ++i)
                    attachment(attachments[i], child("/attachments", i));
            }
        }
        for (const char* key : {"thread_ts", "channel", "username", "icon_emoji", "icon_url"}) {
            if (node v = member(m, key)) expect(v, node_kind::string, child("", key));
        }
        for (const char* key : {"mrkdwn", "unfurl_links", "unfurl_media", "reply_broadcast"}) {
            if (node v = member(m, key)) expect(v, node_kind::boolean, child("", key));
        }
        if (node url = member(m, "icon_url"); url && url.is_string())
            length("/icon_url", url.string(), limits::url);
        if (markdown_total_ > limits::markdown_total) {
            add(first_markdown_, std::to_string(markdown_total_) + " characters in markdown blocks, limit " +
                                     std::to_string(limits::markdown_total) + " for the whole message",
                severity::error, limits::markdown_total, markdown_total_);
        }
    }

private:
    std::set<std::string_view> block_ids_;
    std::size_t markdown_total_ = 0;
    std::string first_markdown_;

    void add(std::string path, std::string msg, severity level = severity::error,
             std::optional<std::size_t> limit = std::nullopt, std::optional<std::size_t> actual = std::nullopt) {
        found.push_back(violation{std::move(path), std::move(msg), level, limit, actual, std::nullopt});
    }

    void missing_fallback() {
        add("/text", "missing: the fallback text is what notifications and screen readers show", severity::warning);
    }

    /// A member; JSON null counts as absent.
    static node member(node obj, const char* key) { return obj.member(key); }

    /// Slack's no_text: text, blocks and attachments are each absent, null, "" or [].
    static bool has_content(node v) {
        return v && !(v.is_string() && v.string().empty()) && !(v.is_array() && v.size() == 0);
    }

    bool expect(node j, node_kind type, const std::string& path) {
        if (j.kind() == type) return true;
        const char* wanted = type == node_kind::object    ? "an object"
                             : type == node_kind::array   ? "an array"
                             : type == node_kind::boolean ? "a boolean"
                                                          : "a string";
        add(path, std::string("expected ") + wanted + ", got " + type_name(j));
        return false;
    }

    void length(const std::string& path, std::string_view text, std::size_t max, std::size_t min = 0) {
        const std::size_t n = count_characters(text);
        if (n > max) {
            add(path, std::to_string(n) + " characters, limit " + std::to_string(max), severity::error, max, n);
        } else if (n < min) {
            add(path, n == 0 ? std::string("empty, at least ") + std::to_string(min) + " character required"
                             : std::to_string(n) + " characters, minimum " + std::to_string(min),
                severity::error, min, n);
        }
    }

    void count(const std::string& path, std::size_t n, std::size_t min, std::size_t max, const char* what) {
        if (n > max) {
            add(path, std::to_string(n) + " " + what + ", limit " + std::to_string(max), severity::error, max, n);
        } else if (n < min) {
            add(path, std::to_string(n) + " " + what + ", minimum " + std::to_string(min), severity::error, min, n);
        }
    }

    /// A string member: required or not, within [min, max] characters.
    void string_member(node obj, const char* key, const std::string& path, std::size_t max, bool required,
                       std::size_t min = 0) {
        node v = member(obj, key);
        const std::string at = child(path, key);
        if (!v) {
            if (required) add(at, "missing: required");
            return;
        }
        if (expect(v, node_kind::string, at)) length(at, v.string(), max, min);
    }

    /// A text object {"type": "plain_text"|"mrkdwn", "text": ...} of 1..max characters.
    void text_object(node obj, const char* key, const std::string& path, std::size_t max, bool plain_only,
                     bool required) {
        node t = member(obj, key);
        const std::string at = child(path, key);
        if (!t) {
            if (required) add(at, "missing: required");
            return;
        }
        text_object_value(t, at, max, plain_only);
    }

    void text_object_value(node t, const std::string& at, std::size_t max, bool plain_only) {
        if (!expect(t, node_kind::object, at)) return;
        node type = member(t, "type");
        if (!type || !type.is_string()) {
            add(child(at, "type"), "missing: a text object needs type plain_text or mrkdwn");
        } else if (type.string() != "plain_text" && type.string() != "mrkdwn") {
            add(child(at, "type"), alarmbridge::detail::quoted(type.string()) + " is not a text type (plain_text or mrkdwn)");
        } else if (plain_only && type.string() == "mrkdwn") {
            add(child(at, "type"), "must be plain_text here");
        }
        string_member(t, "text", at, max, true, 1);
        if (node emoji = member(t, "emoji")) expect(emoji, node_kind::boolean, child(at, "emoji"));
        if (node verbatim = member(t, "verbatim")) expect(verbatim, node_kind::boolean, child(at, "verbatim"));
    }

    void style(node obj, const std::string& path) {
        node s = member(obj, "style");
        if (s && (!s.is_string() || (s.string() != "primary" && s.string() != "danger")))
            add(child(path, "style"), "style must be primary or danger");
    }

    void action_id(node obj, const std::string& path, std::set<std::string_view>& seen) {
        node id = member(obj, "action_id");
        if (!id) return;
        const std::string at = child(path, "action_id");
        if (!expect(id, node_kind::string, at)) return;
        length(at, id.string(), limits::id, 1);
        if (!seen.insert(id.string()).second)
            add(at, "duplicate action_id " + alarmbridge::detail::quoted(id.string()) + " in this block");
    }

    void confirm(node obj, const std::string& path) {
        node c = member(obj, "confirm");
        if (!c) return;
        const std::string at = child(path, "confirm");
        if (!expect(c, node_kind::object, at)) return;
        text_object(c, "title", at, limits::confirm_title, true, true);
        text_object(c, "text", at, limits::confirm_text, false, true);
        text_object(c, "confirm", at, limits::confirm_button, true, true);
        text_object(c, "deny", at, limits::confirm_button, true, true);
        style(c, at);
    }

    void option(node o, const std::string& path, bool allow_url) {
        if (!expect(o, node_kind::object, path)) return;
        text_object(o, "text", path, limits::option_text, false, true);
        string_member(o, "value", path, limits::option_value, true, 1);
        text_object(o, "description", path, limits::option_description, true, false);
        if (member(o, "url")) {
            if (!allow_url) add(child(path, "url"), "url is allowed only in overflow menu options");
            else string_member(o, "url", path, limits::url, false);
        }
    }

    void option_list(node obj, const char* key, const std::string& path, std::size_t min, std::size_t max,
                     bool allow_url) {
        node options = member(obj, key);
        const std::string at = child(path, key);
        if (!options) {
            if (min > 0) add(at, "missing: required");
            return;
        }
        if (!expect(options, node_kind::array, at)) return;
        count(at, options.size(), min, max, "options");
        for (std::size_t i = 0; i < options.size(); ++i) option(options[i], child(at, i), allow_url);
    }

    void image_fields(node obj, const std::string& path) {
        if (!member(obj, "slack_file")) string_member(obj, "image_url", path, limits::url, true, 1);
        string_member(obj, "alt_text", path, limits::image_alt_text, true, 1);
    }

    /// An element of a section accessory, an actions block or a context block.
    void element(node e, const std::string& path, std::set<std::string_view>& action_ids, bool in_context) {
        if (!expect(e, node_kind::object, path)) return;
        node type = member(e, "type");
        if (!type || !type.is_string()) return add(child(path, "type"), "missing: an element needs a type");
        const std::string_view t = type.string();
        if (in_context) {
            if (t == "image") image_fields(e, path);
            else if (t == "plain_text" || t == "mrkdwn") text_object_value(e, path, limits::section_text, false);
            else add(child(path, "type"), "a context block holds only image elements and text objects, got " + alarmbridge::detail::quoted(t));
            return;
        }
        action_id(e, path, action_ids);
        if (t == "button") {
            text_object(e, "text", path, limits::button_text, true, true);
            string_member(e, "url", path, limits::url, false);
            string_member(e, "value", path, limits::button_value, false);
            string_member(e, "accessibility_label", path, limits::accessibility_label, false, 1);
            style(e, path);
            confirm(e, path);
        } else if (t == "image") {
            image_fields(e, path);
        } else if (t == "overflow") {
            option_list(e, "options", path, limits::overflow_options_min, limits::overflow_options_max, true);
            confirm(e, path);
        } else if (t == "static_select") {
            text_object(e, "placeholder", path, limits::placeholder, true, false);
            const bool has_options = static_cast<bool>(member(e, "options"));
            const bool has_groups = static_cast<bool>(member(e, "option_groups"));
            if (has_options == has_groups)
                add(path, "a static_select needs exactly one of options and option_groups");
            if (has_options) option_list(e, "options", path, 0, limits::select_options, false);
            if (node groups = member(e, "option_groups")) {
                const std::string at = child(path, "option_groups");
                if (expect(groups, node_kind::array, at)) {
                    count(at, groups.size(), 1, limits::select_options, "option groups");
                    for (std::size_t i = 0; i < groups.size(); ++i) {
                        node g = groups[i];
                        const std::string gp = child(at, i);
                        if (!expect(g, node_kind::object, gp)) continue;
                        text_object(g, "label", gp, limits::option_group_label, true, true);
                        option_list(g, "options", gp, 1, limits::select_options, false);
                    }
                }
            }
            if (node initial = member(e, "initial_option")) option(initial, child(path, "initial_option"), false);
            confirm(e, path);
        } else if (t == "datepicker") {
            text_object(e, "placeholder", path, limits::placeholder, true, false);
            if (node d = member(e, "initial_date")) {
                const std::string at = child(path, "initial_date");
                if (expect(d, node_kind::string, at) && !is_date(d.string()))
                    add(at, "initial_date must be YYYY-MM-DD");
            }
            confirm(e, path);
        } else {
            add(child(path, "type"), "element type " + alarmbridge::detail::quoted(t) + " is not validated by this library",
                severity::warning);
        }
    }

    static bool is_date(std::string_view s) {
        if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
        for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
            if (s[i] < '0' || s[i] > '9') return false;
        const int month = (s[5] - '0') * 10 + (s[6] - '0');
        const int day = (s[8] - '0') * 10 + (s[9] - '0');
        return month >= 1 && month <= 12 && day >= 1 && day <= 31;
    }

    void element_list(node block, const std::string& path, std::size_t max, bool in_context) {
        node elements = member(block, "elements");
        const std::string at = child(path, "elements");
        if (!elements) return add(at, "missing: required");
        if (!expect(elements, node_kind::array, at)) return;
        count(at, elements.size(), 1, max, "elements");
        std::set<std::string_view> action_ids;
        for (std::size_t i = 0; i < elements.size(); ++i) element(elements[i], child(at, i), action_ids, in_context);
    }

    void block(node b, const std::string& path) {
        if (!expect(b, node_kind::object, path)) return;
        if (node id = member(b, "block_id")) {
            const std::string at = child(path, "block_id");
            if (expect(id, node_kind::string, at)) {
                length(at, id.string(), limits::id, 1);
                if (!block_ids_.insert(id.string()).second)
                    add(at, "duplicate block_id " + alarmbridge::detail::quoted(id.string()) + " in this message");
            }
        }
        node type = member(b, "type");
        if (!type || !type.is_string()) return add(child(path, "type"), "missing: a block needs a type");
        const std::string_view t = type.string();
        if (t == "section") {
            text_object(b, "text", path, limits::section_text, false, false);
            node fields = member(b, "fields");
            if (!member(b, "text") && !fields) add(path, "a section needs text or fields");
            if (fields) {
                const std::string at = child(path, "fields");
                if (expect(fields, node_kind::array, at)) {
                    count(at, fields.size(), 1, limits::section_fields, "fields");
                    for (std::size_t i = 0; i < fields.size(); ++i)
                        text_object_value(fields[i], child(at, i), limits::section_field_text, false);
                }
            }
            if (node accessory = member(b, "accessory")) {
                std::set<std::string_view> action_ids;
                element(accessory, child(path, "accessory"), action_ids, false);
            }
        } else if (t == "header") {
            text_object(b, "text", path, limits::header_text, true, true);
        } else if (t == "divider") {
        } else if (t == "context") {
            element_list(b, path, limits::context_elements, true);
        } else if (t == "actions") {
            element_list(b, path, limits::actions_elements, false);
        } else if (t == "image") {
            image_fields(b, path);
            text_object(b, "title", path, limits::image_title, true, false);
        } else if (t == "markdown") {
            node text = member(b, "text");
            const std::string at = child(path, "text");
            if (!text) {
                add(at, "missing: required");
            } else if (expect(text, node_kind::string, at)) {
                if (first_markdown_.empty()) first_markdown_ = at;
                markdown_total_ += count_characters(text.string());
            }
        } else if (t == "rich_text") {
            node elements = member(b, "elements");
            if (!elements) add(child(path, "elements"), "missing: required");
            else expect(elements, node_kind::array, child(path, "elements"));
        } else {
            add(child(path, "type"), "block type " + alarmbridge::detail::quoted(t) + " is not validated by this library",
                severity::warning);
        }
    }

    void block_list(node blocks, const std::string& path) {
        if (!expect(blocks, node_kind::array, path)) return;
        count(path, blocks.size(), 0, limits::blocks_per_message, "blocks");
        for (std::size_t i = 0; i < blocks.size(); ++i) block(blocks[i], child(path, i));
    }

    void attachment(node a, const std::string& path) {
        if (!expect(a, node_kind::object, path)) return;
        if (node color = member(a, "color")) {
            const std::string at = child(path, "color");
            if (expect(color, node_kind::string, at) && !is_color(color.string()))
                add(at, "color must be good, warning, danger or #RRGGBB");
        }
        for (const char* key : {"fallback", "text", "pretext", "title", "title_link", "footer", "footer_icon"})
            if (node v = member(a, key)) expect(v, node_kind::string, child(path, key));
        if (node blocks = member(a, "blocks")) block_list(blocks, child(path, "blocks"));
        if (node fields = member(a, "fields")) {
            const std::string at = child(path, "fields");
            if (expect(fields, node_kind::array, at)) {
                for (std::size_t i = 0; i < fields.size(); ++i) {
                    node f = fields[i];
                    const std::string fp = child(at, i);
                    if (!expect(f, node_kind::object, fp)) continue;
                    for (const char* key : {"title", "value"})
                        if (node v = member(f, key)) expect(v, node_kind::string, child(fp, key));
                    if (node s = member(f, "short")) expect(s, node_kind::boolean, child(fp, "short"));
                }
            }
        }
        if (node ts = member(a, "ts"); ts && !ts.is_number() && !ts.is_string())
            add(child(path, "ts"), "expected a number or a string, got " + type_name(ts));
    }

    static bool is_color(std::string_view c) {
        if (c == "good" || c == "warning" || c == "danger") return true;
        if (c.size() != 7 || c[0] != '#') return false;
        for (std::size_t i = 1; i < 7; ++i) {
            const char h = c[i];
            if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F'))) return false;
        }
        return true;
    }
};

/// The one violation of a payload nested past max_json_depth: it is not checked.
std::vector<violation> too_deep() {
    return {violation{"", "nested more than " + std::to_string(max_json_depth) + " levels deep: not checked",
                      severity::error, max_json_depth, std::nullopt, errc::too_deep}};
}

}  // namespace

std::vector<violation> validate(const nlohmann::json& message) {
    if (detail::document_deeper_than(message, max_json_depth)) return too_deep();
    checker c;
    c.message(node(message));
    return std::move(c.found);
}

std::vector<violation> validate(const message& m) {
    const detail::written_message written(m);
    if (written.too_deep()) return too_deep();
    checker c;
    c.message(written.root());
    return std::move(c.found);
}

}  // namespace alarmbridge::slack
