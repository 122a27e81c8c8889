// fit(): a message made to meet every limit validate() checks, with one line per change.
#include <alarmbridge/slack/message.hpp>

#include "detail/json_pointer.hpp"

#include <algorithm>
#include <iterator>
#include <string>
#include <type_traits>
#include <variant>

namespace alarmbridge::slack {

namespace {

std::string at(const std::string& path, std::string_view key) { return alarmbridge::detail::pointer_child(path, key); }
std::string at(const std::string& path, std::size_t i) { return alarmbridge::detail::pointer_child(path, i); }

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
    const bool had_blocks = !m.blocks.empty();
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
    // Slack refuses a message with nothing to show (no_text): fit never makes one.
    if (had_blocks && m.blocks.empty() && m.attachments.empty() && (!m.text || m.text->empty())) {
        m.text = "The message's content was removed: it broke Slack's limits.";
        f.changes.push_back("/text: set, fit removed everything the message showed");
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
