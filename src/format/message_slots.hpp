// Internal: filling a slack::message in place. The formatter builds its payloads in one message
// per thread, reused between calls: filling the items a previous message left, rather than new
// ones, keeps their strings' capacity, so a warm formatter allocates (almost) nothing.
#pragma once

#include <alarmbridge/slack/message.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace alarmbridge::detail {

/// Fills a list from its front with next(), reusing the items there; the items past the last one
/// filled are removed when it goes out of scope. A reference next() returns is good until the
/// next call (the list may grow): fill one item before taking the next.
template <class Item>
class refill {
public:
    explicit refill(std::vector<Item>& list) noexcept : list_(list) {}
    refill(const refill&) = delete;
    refill& operator=(const refill&) = delete;
    ~refill() { list_.erase(list_.begin() + static_cast<std::ptrdiff_t>(used_), list_.end()); }

    /// The next item, as a T (an alternative of Item when Item is a variant): the one there when
    /// it is a T, else a new T.
    template <class T = Item>
    T& next() {
        if constexpr (std::is_same_v<T, Item>) {
            if (used_ == list_.size()) list_.emplace_back();
            return list_[used_++];
        } else {
            if (used_ == list_.size()) list_.emplace_back(std::in_place_type<T>);
            Item& item = list_[used_++];
            if (auto* same = std::get_if<T>(&item)) return *same;
            return item.template emplace<T>();
        }
    }

private:
    std::vector<Item>& list_;
    std::size_t used_ = 0;
};

/// The string of an optional, engaged and empty (its capacity kept).
inline std::string& cleared(std::optional<std::string>& s) {
    if (!s) s.emplace();
    s->clear();
    return *s;
}

/// s in place of what to held, cut to max characters as slack::fit cuts a text (code points,
/// ending in "…").
inline void assign_fitted(std::string& to, std::string_view s, std::size_t max) {
    if (s.size() <= max || slack::count_characters(s) <= max) to.assign(s.data(), s.size());
    else to = slack::truncate(s, max);
}

/// A text object of the given kind holding s fitted to max; emoji: true or absent.
inline slack::text& set_text(slack::text& t, slack::text::kind kind, std::string_view s, std::size_t max,
                             bool emoji = false) {
    t.type = kind;
    assign_fitted(t.value, s, max);
    if (emoji) t.emoji = true;
    else t.emoji.reset();
    return t;
}

}  // namespace alarmbridge::detail
