// The non-text parts of a message as the renderers show them (render_model.hpp).
#include "slack/render_model.hpp"

#include <alarmbridge/slack/mrkdwn.hpp>

#include <variant>

namespace alarmbridge::slack::render_detail {

namespace {

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string plain(const text& t) {
    std::string out;
    for (const auto& l : parse_plain(t.value, t.emoji.value_or(true))) {
        if (!out.empty()) out += ' ';
        for (const auto& s : l.spans) out += s.text;
    }
    return out;
}

std::string json_string(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

/// One rich_text leaf (text, link, emoji, user, channel, usergroup, broadcast, date) into spans.
void rich_leaf(const nlohmann::json& e, std::vector<line>& lines) {
    if (lines.empty()) lines.emplace_back();
    const std::string type = json_string(e, "type");
    unsigned styles = 0;
    if (const auto st = e.find("style"); st != e.end() && st->is_object()) {
        if (st->value("bold", false)) styles |= style::bold;
        if (st->value("italic", false)) styles |= style::italic;
        if (st->value("strike", false)) styles |= style::strike;
        if (st->value("code", false)) styles |= style::code;
    }
    auto add = [&](std::string text, unsigned more = 0, std::string url = {}) {
        // A text may hold newlines: each starts a line.
        std::size_t start = 0;
        for (;;) {
            const auto nl = text.find('\n', start);
            std::string part = text.substr(start, nl == std::string::npos ? nl : nl - start);
            if (!part.empty()) lines.back().spans.push_back({std::move(part), styles | more, url});
            if (nl == std::string::npos) break;
            lines.emplace_back();
            lines.back().type = lines[lines.size() - 2].type;
            start = nl + 1;
        }
    };
    if (type == "text") return add(json_string(e, "text"));
    if (type == "link") {
        const std::string url = json_string(e, "url");
        const std::string label = json_string(e, "text");
        return add(label.empty() ? url : label, style::link, url);
    }
    if (type == "emoji") {
        const std::string name = json_string(e, "name");
        const auto found = emoji(name);
        return add(found.empty() ? ":" + name + ":" : std::string(found));
    }
    if (type == "user") return add("@" + json_string(e, "user_id"), style::mention);
    if (type == "usergroup") return add("@" + json_string(e, "usergroup_id"), style::mention);
    if (type == "channel") return add("#" + json_string(e, "channel_id"), style::mention);
    if (type == "broadcast") return add("@" + json_string(e, "range"), style::mention);
    if (type == "date") return add(json_string(e, "fallback"));
}

void rich_container(const nlohmann::json& c, std::vector<line>& lines, std::size_t depth) {
    if (!c.is_object() || depth > 8) return;
    const std::string type = json_string(c, "type");
    const auto elements = c.find("elements");
    if (elements == c.end() || !elements->is_array()) return rich_leaf(c, lines);
    line::kind kind = type == "rich_text_quote"          ? line::kind::quote
                      : type == "rich_text_preformatted" ? line::kind::code
                                                         : line::kind::text;
    if (type == "rich_text_list") {
        const bool ordered = json_string(c, "style") == "ordered";
        std::size_t n = 0;
        for (const auto& item : *elements) {
            lines.push_back({});
            lines.back().spans.push_back({ordered ? std::to_string(++n) + ". " : std::string("- "), 0, {}});
            rich_container(item, lines, depth + 1);
        }
        return;
    }
    if (type != "rich_text_section" || lines.empty() || !lines.back().spans.empty()) lines.push_back({});
    lines.back().type = kind;
    const std::size_t first = lines.size() - 1;
    for (const auto& e : *elements) rich_container(e, lines, depth + 1);
    if (kind == line::kind::code)
        for (std::size_t i = first; i < lines.size(); ++i)
            for (auto& s : lines[i].spans) s.styles |= style::code;
}

}  // namespace

rgb attachment_color(const std::optional<std::string>& color) {
    constexpr rgb grey{0xDD, 0xDD, 0xDD};
    if (!color) return grey;
    if (*color == "good") return {0x2E, 0xB6, 0x7D};
    if (*color == "warning") return {0xEC, 0xB2, 0x2E};
    if (*color == "danger") return {0xE0, 0x1E, 0x5A};
    std::string_view hex(*color);
    if (!hex.empty() && hex[0] == '#') hex.remove_prefix(1);
    if (hex.size() != 6) return grey;
    int v[6];
    for (std::size_t i = 0; i < 6; ++i)
        if ((v[i] = hex_digit(hex[i])) < 0) return grey;
    return {static_cast<unsigned char>(v[0] * 16 + v[1]), static_cast<unsigned char>(v[2] * 16 + v[3]),
            static_cast<unsigned char>(v[4] * 16 + v[5])};
}

control image_control(const image_element& i) { return {control::kind::image, i.alt_text, i.image_url, {}}; }

control element_control(const element& e) {
    struct visitor {
        control operator()(const button& b) const {
            return {control::kind::button, plain(b.label), b.url.value_or(""), b.style.value_or("")};
        }
        control operator()(const image_element& i) const { return image_control(i); }
        control operator()(const overflow&) const { return {control::kind::menu, "...", {}, {}}; }
        control operator()(const static_select& s) const {
            const std::string shown = s.initial_option ? plain(s.initial_option->label)
                                      : s.placeholder  ? plain(*s.placeholder)
                                                       : std::string("Select");
            return {control::kind::menu, shown + " v", {}, {}};
        }
        control operator()(const datepicker& d) const {
            const std::string shown = d.initial_date ? *d.initial_date
                                      : d.placeholder ? plain(*d.placeholder)
                                                      : std::string("Select a date");
            return {control::kind::menu, shown, {}, {}};
        }
        control operator()(const unknown_element& u) const {
            return {control::kind::unknown, "[" + json_string(u.json, "type") + "]", {}, {}};
        }
    };
    return std::visit(visitor{}, e);
}

std::vector<line> rich_text_lines(const nlohmann::json& elements) {
    std::vector<line> lines;
    if (elements.is_array())
        for (const auto& e : elements) rich_container(e, lines, 0);
    return lines;
}

std::string unknown_block_label(const nlohmann::json& block) {
    return "[unsupported block: " + json_string(block, "type") + "]";
}

std::vector<line> text_lines(const text& t) {
    return t.type == text::kind::mrkdwn ? parse_mrkdwn(t.value) : parse_plain(t.value, t.emoji.value_or(true));
}

}  // namespace alarmbridge::slack::render_detail
