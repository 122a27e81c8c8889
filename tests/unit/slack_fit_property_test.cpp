// Properties of slack::fit on random messages built from hostile strings (seeded, bounded):
// the result passes validate, and nothing is live in it that was not live in the input; and
// validate() of a typed message says what validate() of its JSON says, before and after fit.
#include <alarmbridge/slack/message.hpp>
#include <alarmbridge/slack/mrkdwn.hpp>

#include <gtest/gtest.h>

#include "seeded_choices.hpp"
#include "slack_live_markup.hpp"
#include "slack_same_violations.hpp"

namespace ab = alarmbridge;
namespace slack = alarmbridge::slack;
using nlohmann::json;

namespace {

class generator : public ab::test::seeded_choices {
public:
    using seeded_choices::seeded_choices;

    /// Hostile pieces: live tokens, escaped tokens, entities, markers, bare markup, URLs,
    /// multi-byte text; sometimes long runs so that limits are passed and cuts land everywhere.
    std::string text(std::size_t max_pieces = 12) {
        static const std::vector<std::string> pieces = {
            "<!channel>", "<!here>", "<!everyone>", "<@U024BE7LH>", "<#C0123ABC|ops>", "<!subteam^SAZ94GDB8>",
            "<!date^1700000000^{date}|2023-11-14>", "<https://evil.example|AWS console>", "<https://a.example/x?a=1&amp;b=2>",
            "&lt;!channel&gt;", "&lt;https://evil.example|AWS console&gt;", "&amp;", "&", "<", ">", "|", "*bold*", "_it_",
            "~s~", " ", "\n", "\xEA\xB2\xBD\xEB\xB3\xB4", "\xF0\x9F\x94\xA5", "https://evil.example/login?next=aws", "&#39;",
            "&lt", "<@", "plain words"};
        std::string out;
        const std::size_t n = below(max_pieces + 1);
        for (std::size_t i = 0; i < n; ++i) out += pieces[below(pieces.size())];
        if (one_in(12)) out += std::string(1000 + below(4000), "ax&<"[below(4)]);
        if (one_in(30)) {
            std::string piece = pieces[below(pieces.size())];
            for (std::size_t k = 0; k < 400; ++k) out += piece;
        }
        return out;
    }
    std::string nonempty_text() {
        std::string t = text();
        return t.empty() ? "t" : t;
    }
    std::string url() {
        std::string u = one_in(2) ? "https://a.example/x?a=1&b=<!here>|" : "https://evil.example/";
        if (one_in(4)) u += std::string(2990 + below(30), 'u');
        return u;
    }
    json text_object(bool plain_only = false) {
        const bool mrkdwn = !plain_only && one_in(2);
        return {{"type", mrkdwn ? "mrkdwn" : "plain_text"}, {"text", nonempty_text()}};
    }
    json option(bool with_url) {
        json o = {{"text", text_object(true)}, {"value", nonempty_text()}};
        if (one_in(3)) o["description"] = text_object(true);
        if (with_url && one_in(2)) o["url"] = url();
        return o;
    }
    json element() {
        json e;
        switch (below(4)) {
            case 0:
                e = {{"type", "button"}, {"text", text_object(true)}, {"action_id", "a" + std::to_string(ids_++)}};
                if (one_in(2)) e["url"] = url();
                if (one_in(3)) e["value"] = nonempty_text();
                if (one_in(4)) e["confirm"] = {{"title", text_object(true)}, {"text", text_object()},
                                               {"confirm", text_object(true)}, {"deny", text_object(true)}};
                return e;
            case 1: {
                e = {{"type", "overflow"}, {"options", json::array()}, {"action_id", "a" + std::to_string(ids_++)}};
                for (std::size_t i = 1 + below(8); i > 0; --i) e["options"].push_back(option(true));
                return e;
            }
            case 2: {
                e = {{"type", "static_select"}, {"options", json::array()}, {"action_id", "a" + std::to_string(ids_++)}};
                if (one_in(2)) e["placeholder"] = text_object(true);
                for (std::size_t i = 1 + below(one_in(5) ? 130 : 5); i > 0; --i) e["options"].push_back(option(false));
                return e;
            }
            default:
                e = {{"type", "datepicker"}, {"action_id", "a" + std::to_string(ids_++)}};
                if (one_in(2)) e["placeholder"] = text_object(true);
                return e;
        }
    }
    json block() {
        json b;
        switch (below(8)) {
            case 0: {
                b = {{"type", "section"}, {"text", text_object()}};
                if (one_in(2)) {
                    b["fields"] = json::array();
                    for (std::size_t i = 1 + below(14); i > 0; --i) b["fields"].push_back(text_object());
                }
                if (one_in(3)) b["accessory"] = element();
                return b;
            }
            case 1: return {{"type", "header"}, {"text", text_object(true)}};
            case 2: return {{"type", "divider"}};
            case 3: {
                b = {{"type", "context"}, {"elements", json::array()}};
                for (std::size_t i = 1 + below(12); i > 0; --i) {
                    if (one_in(4)) b["elements"].push_back({{"type", "image"}, {"image_url", url()}, {"alt_text", nonempty_text()}});
                    else b["elements"].push_back(text_object());
                }
                return b;
            }
            case 4: {
                b = {{"type", "actions"}, {"elements", json::array()}};
                for (std::size_t i = 1 + below(one_in(4) ? 30 : 4); i > 0; --i) b["elements"].push_back(element());
                return b;
            }
            case 5: return {{"type", "image"}, {"image_url", url()}, {"alt_text", nonempty_text()}};
            case 6: return {{"type", "markdown"}, {"text", text() + (one_in(3) ? std::string(7000, 'm') : "")}};
            default: {
                b = {{"type", "section"}, {"text", text_object()}, {"block_id", "b" + std::to_string(ids_++)}};
                if (one_in(3)) b["block_id"] = std::to_string(ids_++) + std::string(260, 'i');  // unique once cut
                return b;
            }
        }
    }
    json message() {
        json m = json::object();
        if (!one_in(3)) m["text"] = text();
        m["blocks"] = json::array();
        for (std::size_t i = below(one_in(4) ? 60 : 8); i > 0; --i) m["blocks"].push_back(block());
        if (one_in(3)) {
            m["attachments"] = json::array();
            const bool many = one_in(10);  // past the attachment count, with few blocks each
            for (std::size_t i = 1 + below(many ? 110 : 3); i > 0; --i) {
                json a = {{"color", "danger"}, {"fallback", text()}, {"blocks", json::array()}};
                for (std::size_t k = below(many ? 2 : one_in(6) ? 55 : 3); k > 0; --k) a["blocks"].push_back(block());
                m["attachments"].push_back(std::move(a));
            }
        }
        if (one_in(5)) m["icon_url"] = url();
        return m;
    }

private:
    std::size_t ids_ = 0;
};

}  // namespace

TEST(SlackFitProperty, RandomHostileMessagesComeOutValidWithNothingNewLive) {
    generator g(12);
    std::size_t messages = 0, changed = 0;
    for (int round = 0; round < 600; ++round) {
        const json input = g.message();
        const auto parsed = slack::read_message(input);
        ASSERT_TRUE(parsed) << parsed.error().describe();
        const auto live_before = ab::test::live_in(input);
        // A message with nothing to show is refused (no_text) before and after: fit adds no content.
        const bool nothing_to_show =
            input.value("text", std::string()).empty() && input["blocks"].empty() && !input.contains("attachments");
        EXPECT_TRUE(ab::test::same_violations_as_its_json(*parsed)) << "round " << round;
        const auto fitted = slack::fit(*parsed);
        changed += !fitted.changes.empty();
        for (const auto& part : fitted.messages) {
            json out;
            to_json(out, part);
            SCOPED_TRACE("round " + std::to_string(round));
            EXPECT_TRUE(ab::test::same_violations_as_its_json(part));
            for (const auto& v : slack::validate(out)) {
                if (nothing_to_show && v.code == ab::errc::no_text) continue;
                ASSERT_NE(v.level, slack::severity::error) << v.describe();
            }
            for (const auto& extra : ab::test::live_in(out).beyond(live_before)) ADD_FAILURE() << "newly live: " << extra;
            // The fallback fit writes is inert on its own.
            if (!input.contains("text") && part.text) {
                EXPECT_TRUE(ab::test::live_in_text(*part.text).tokens.empty()) << *part.text;
            }
            ++messages;
        }
        if (::testing::Test::HasFailure()) return;
    }
    EXPECT_GT(changed, 150u);  // the generator does break limits
    EXPECT_GE(messages, 600u);
}

// fit on its own output changes nothing more (the result is a fixed point).
TEST(SlackFitProperty, FittingTwiceChangesNothingMore) {
    generator g(99);
    for (int round = 0; round < 100; ++round) {
        const auto parsed = slack::read_message(g.message());
        ASSERT_TRUE(parsed);
        for (const auto& part : slack::fit(*parsed).messages) {
            const auto again = slack::fit(part);
            EXPECT_TRUE(again.changes.empty()) << "round " << round << ": " << again.changes.front();
        }
        if (::testing::Test::HasFailure()) return;
    }
}
