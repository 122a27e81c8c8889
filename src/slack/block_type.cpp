// block_type(): the "type" Slack knows a block by, for the typed blocks and the kept unknown ones.
#include <alarmbridge/slack/blocks.hpp>

#include <string_view>
#include <variant>

namespace alarmbridge::slack {

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

}  // namespace alarmbridge::slack
