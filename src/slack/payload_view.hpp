// Internal: a read-only view of a message payload, the one thing slack::validate's rules read.
// A view is either a nlohmann document, read where it is, or a typed slack::message written
// into a flat index by the same write() that serializes it (message.hpp): the index holds views
// of the message's own strings and points at its JSON members (extra, metadata, unknown blocks)
// where they are, so checking a typed message copies no text and builds no JSON, and it sees
// exactly what nlohmann::json(message) would hold.
#pragma once

#include <alarmbridge/parse_options.hpp>
#include <alarmbridge/slack/message.hpp>

#include "slack/json_depth.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace alarmbridge::slack::detail {

enum class node_kind : unsigned char { null, boolean, number, string, array, object };

class written_message;

/// One value of a payload, or nothing (a member that is absent or null). Cheap to copy.
class node {
public:
    node() = default;
    explicit node(const nlohmann::json& j) : json_(&j) {}
    inline node(const written_message& doc, std::uint32_t index);

    /// False for a member that is absent or JSON null: the rules treat both as absent.
    explicit operator bool() const { return (json_ || doc_) && kind() != node_kind::null; }

    inline node_kind kind() const;
    bool is(node_kind k) const { return kind() == k; }
    bool is_string() const { return is(node_kind::string); }
    bool is_array() const { return is(node_kind::array); }
    bool is_object() const { return is(node_kind::object); }
    bool is_number() const { return is(node_kind::number); }

    /// "object", "array", "string", "boolean", "null" or "number", for messages.
    const char* type_name() const {
        switch (kind()) {
            case node_kind::object: return "object";
            case node_kind::array: return "array";
            case node_kind::string: return "string";
            case node_kind::boolean: return "boolean";
            case node_kind::null: return "null";
            default: return "number";
        }
    }

    /// An object's member; nothing when this is not an object or the member is absent or null.
    inline node member(const char* key) const;
    /// Elements of an array (0 for anything else).
    inline std::size_t size() const;
    /// The i-th element of an array, i < size().
    inline node operator[](std::size_t i) const;
    /// A string's value (empty for anything else).
    inline std::string_view string() const;

private:
    const nlohmann::json* json_ = nullptr;
    const written_message* doc_ = nullptr;
    std::uint32_t index_ = 0;
};

/// A typed message as the flat index of the values write() emits, in the writer interface of
/// alarmbridge/detail/json_writer.hpp (begin_object, key, value, raw, ...).
class written_message {
public:
    explicit written_message(const message& m) { write(*this, m); }

    node root() const { return entries_.empty() ? node() : node(*this, 0); }
    /// True when a JSON member of the message (extra, metadata, ...) nests the whole payload past
    /// alarmbridge::max_json_depth, as validate(const nlohmann::json&) would measure it.
    bool too_deep() const { return too_deep_; }

    // The writer interface.
    void begin_object() { open(node_kind::object); }
    void end_object() { close(); }
    void begin_array() { open(node_kind::array); }
    void end_array() { close(); }
    void key(std::string_view k) { key_ = k; }
    void value(std::string_view s) { add(node_kind::string).text = s; }
    void value(const char* s) { value(std::string_view(s)); }
    void value(bool b) { add(node_kind::boolean).boolean = b; }
    void value(std::int64_t) { add(node_kind::number); }
    void null() { add(node_kind::null); }
    void number(std::string_view) { add(node_kind::number); }
    void raw(const nlohmann::json& j) {
        // Its containers start one level below the open ones (the root counting as one).
        const std::size_t level = open_.size();
        too_deep_ = too_deep_ || level >= max_json_depth || document_deeper_than(j, max_json_depth - level);
        add(node_kind::null).raw = &j;
    }

private:
    friend class node;

    struct entry {
        node_kind kind = node_kind::null;
        bool boolean = false;
        std::string_view key;                 ///< its key in the object holding it
        std::string_view text;                ///< a string's value
        const nlohmann::json* raw = nullptr;  ///< a JSON value of the message, read where it is
        std::uint32_t first = 0;              ///< a container's children: children_[first, first + count)
        std::uint32_t count = 0;
    };

    std::vector<entry> entries_;
    std::vector<std::uint32_t> children_;  ///< each container's children, together once it is closed
    std::vector<std::uint32_t> open_;      ///< the containers being written
    std::vector<std::uint32_t> pending_;   ///< the children of the open containers so far
    std::vector<std::size_t> pending_from_;
    std::string_view key_;
    bool too_deep_ = false;

    entry& add(node_kind kind) {
        const auto index = static_cast<std::uint32_t>(entries_.size());
        if (!open_.empty()) pending_.push_back(index);
        entries_.push_back(entry{kind, false, key_, {}, nullptr, 0, 0});
        key_ = {};
        return entries_.back();
    }
    void open(node_kind kind) {
        add(kind);
        open_.push_back(static_cast<std::uint32_t>(entries_.size() - 1));
        pending_from_.push_back(pending_.size());
    }
    void close() {
        entry& e = entries_[open_.back()];
        const std::size_t from = pending_from_.back();
        e.first = static_cast<std::uint32_t>(children_.size());
        e.count = static_cast<std::uint32_t>(pending_.size() - from);
        children_.insert(children_.end(), pending_.begin() + static_cast<std::ptrdiff_t>(from), pending_.end());
        pending_.resize(from);
        open_.pop_back();
        pending_from_.pop_back();
    }
};

inline node::node(const written_message& doc, std::uint32_t index) {
    const auto& e = doc.entries_[index];
    if (e.raw) json_ = e.raw;
    else doc_ = &doc, index_ = index;
}

inline node_kind node::kind() const {
    if (json_) {
        switch (json_->type()) {
            case nlohmann::json::value_t::object: return node_kind::object;
            case nlohmann::json::value_t::array: return node_kind::array;
            case nlohmann::json::value_t::string: return node_kind::string;
            case nlohmann::json::value_t::boolean: return node_kind::boolean;
            case nlohmann::json::value_t::null: return node_kind::null;
            default: return node_kind::number;  // the numbers, and a discarded value as json_type_name names it
        }
    }
    return doc_ ? doc_->entries_[index_].kind : node_kind::null;
}

inline node node::member(const char* key) const {
    node found;
    if (json_) {
        if (!json_->is_object()) return found;
        const auto it = json_->find(key);
        if (it != json_->end()) found = node(*it);
    } else if (doc_) {
        const auto& e = doc_->entries_[index_];
        if (e.kind != node_kind::object) return found;
        // The last one wins, as in nlohmann::json(message), when an extra member repeats a key.
        for (std::uint32_t i = 0; i < e.count; ++i) {
            const std::uint32_t child = doc_->children_[e.first + i];
            if (doc_->entries_[child].key == std::string_view(key)) found = node(*doc_, child);
        }
    }
    return found ? found : node();
}

inline std::size_t node::size() const {
    if (json_) return json_->is_array() ? json_->size() : 0;
    if (!doc_) return 0;
    const auto& e = doc_->entries_[index_];
    return e.kind == node_kind::array ? e.count : 0;
}

inline node node::operator[](std::size_t i) const {
    if (json_) return node((*json_)[i]);
    const auto& e = doc_->entries_[index_];
    return node(*doc_, doc_->children_[e.first + i]);
}

inline std::string_view node::string() const {
    if (json_) return json_->is_string() ? std::string_view(json_->get_ref<const std::string&>()) : std::string_view();
    if (!doc_) return {};
    const auto& e = doc_->entries_[index_];
    return e.kind == node_kind::string ? e.text : std::string_view();
}

}  // namespace alarmbridge::slack::detail
