// How deep JSON nests, found without recursion: in JSON text (before it is parsed) and in a
// nlohmann/json document (before anything recursive - a copy, dump(), a reader - touches it).
// The Slack entry points refuse documents nested past alarmbridge::max_json_depth with errc::too_deep.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

namespace alarmbridge::slack::detail {

/// True when the JSON text nests deeper than max (the root container counts as one level).
/// One pass over the bytes, constant memory; brackets inside strings do not count. Text that is
/// not JSON gives an answer the parser will overrule with json_syntax.
inline bool text_deeper_than(std::string_view json, std::size_t max) noexcept {
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max) return true;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return false;
}

/// True when the document nests deeper than max (the root container counts as one level).
/// An explicit stack of the containers still to visit: no recursion, memory bounded by the
/// document's own size.
inline bool document_deeper_than(const nlohmann::json& root, std::size_t max) {
    if (!root.is_structured()) return false;
    std::vector<std::pair<const nlohmann::json*, std::size_t>> pending{{&root, 1}};
    while (!pending.empty()) {
        const auto [node, depth] = pending.back();
        pending.pop_back();
        if (depth > max) return true;
        for (const auto& child : *node)
            if (child.is_structured()) pending.emplace_back(&child, depth + 1);
    }
    return false;
}

}  // namespace alarmbridge::slack::detail
