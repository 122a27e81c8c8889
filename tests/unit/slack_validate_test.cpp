#include <alarmbridge/slack/validate.hpp>

#include <gtest/gtest.h>

#include "test_support.hpp"

#include <functional>

namespace slack = alarmbridge::slack;
using nlohmann::json;

namespace {

json plain(const std::string& text) { return {{"type", "plain_text"}, {"text", text}}; }
json mrkdwn(const std::string& text) { return {{"type", "mrkdwn"}, {"text", text}}; }
json option(const std::string& text, const std::string& value) { return {{"text", plain(text)}, {"value", value}}; }

/// n characters, with a multi-byte one in the middle: limits count code points, not bytes.
std::string chars(std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += (i == n / 2) ? "\xEA\xB2\xBD" : "x";
    return s;
}

json valid_message() {
    return {{"text", "CPU high"},
            {"blocks",
             {{{"type", "header"}, {"text", plain("ALARM")}},
              {{"type", "section"}, {"text", mrkdwn("*web-cpu-high*")}, {"fields", {mrkdwn("a"), mrkdwn("b")}}},
              {{"type", "actions"},
               {"elements",
                {{{"type", "button"}, {"text", plain("View alarm")}, {"url", "https://example.com"}, {"action_id", "a1"}},
                 {{"type", "overflow"}, {"options", {option("x", "1")}}, {"action_id", "a2"}}}}},
              {{"type", "context"}, {"elements", {mrkdwn("reason")}}},
              {{"type", "divider"}}}}};
}

std::string errors_of(const std::vector<slack::violation>& v) {
    std::string out;
    for (const auto& x : v) out += x.describe() + "\n";
    return out;
}

}  // namespace

TEST(Validate, AValidMessageHasNoViolations) {
    const auto v = slack::validate(valid_message());
    EXPECT_TRUE(v.empty()) << errors_of(v);
}

TEST(Validate, CountsCodePointsNotBytes) {
    EXPECT_EQ(slack::count_characters(""), 0u);
    EXPECT_EQ(slack::count_characters("abc"), 3u);
    EXPECT_EQ(slack::count_characters("\xEA\xB2\xBD\xEB\xB3\xB4"), 2u);   // 경보
    EXPECT_EQ(slack::count_characters("\xF0\x9F\x94\xA5!"), 2u);          // 🔥!
    EXPECT_EQ(chars(75).size(), 77u);
    EXPECT_EQ(slack::count_characters(chars(75)), 75u);
}

// Every length limit at its boundary: n accepted, n+1 rejected at the right path.
TEST(Validate, EveryLengthLimitAtItsBoundary) {
    struct case_t {
        const char* name;
        std::size_t limit;
        std::function<void(json&, const std::string&)> put;
        const char* path;
    };
    const std::vector<case_t> cases = {
        {"message text", 40000, [](json& m, const std::string& s) { m["text"] = s; }, "/text"},
        {"section text", 3000, [](json& m, const std::string& s) { m["blocks"][1]["text"]["text"] = s; }, "/blocks/1/text/text"},
        {"section field", 2000, [](json& m, const std::string& s) { m["blocks"][1]["fields"][1]["text"] = s; }, "/blocks/1/fields/1/text"},
        {"header", 150, [](json& m, const std::string& s) { m["blocks"][0]["text"]["text"] = s; }, "/blocks/0/text/text"},
        {"block_id", 255, [](json& m, const std::string& s) { m["blocks"][4]["block_id"] = s; }, "/blocks/4/block_id"},
        {"action_id", 255, [](json& m, const std::string& s) { m["blocks"][2]["elements"][0]["action_id"] = s; },
         "/blocks/2/elements/0/action_id"},
        {"button text", 75, [](json& m, const std::string& s) { m["blocks"][2]["elements"][0]["text"]["text"] = s; },
         "/blocks/2/elements/0/text/text"},
        {"button url", 3000, [](json& m, const std::string& s) { m["blocks"][2]["elements"][0]["url"] = s; },
         "/blocks/2/elements/0/url"},
        {"button value", 2000, [](json& m, const std::string& s) { m["blocks"][2]["elements"][0]["value"] = s; },
         "/blocks/2/elements/0/value"},
        {"option text", 75, [](json& m, const std::string& s) { m["blocks"][2]["elements"][1]["options"][0]["text"]["text"] = s; },
         "/blocks/2/elements/1/options/0/text/text"},
        {"option value", 150, [](json& m, const std::string& s) { m["blocks"][2]["elements"][1]["options"][0]["value"] = s; },
         "/blocks/2/elements/1/options/0/value"},
        {"image url", 3000,
         [](json& m, const std::string& s) { m["blocks"].push_back({{"type", "image"}, {"image_url", s}, {"alt_text", "a"}}); },
         "/blocks/5/image_url"},
        {"image alt text", 2000,
         [](json& m, const std::string& s) { m["blocks"].push_back({{"type", "image"}, {"image_url", "https://i"}, {"alt_text", s}}); },
         "/blocks/5/alt_text"},
        {"confirm title", 100,
         [](json& m, const std::string& s) {
             m["blocks"][2]["elements"][0]["confirm"] = {{"title", plain(s)}, {"text", plain("t")}, {"confirm", plain("y")}, {"deny", plain("n")}};
         },
         "/blocks/2/elements/0/confirm/title/text"},
        {"confirm text", 300,
         [](json& m, const std::string& s) {
             m["blocks"][2]["elements"][0]["confirm"] = {{"title", plain("t")}, {"text", mrkdwn(s)}, {"confirm", plain("y")}, {"deny", plain("n")}};
         },
         "/blocks/2/elements/0/confirm/text/text"},
        {"confirm button", 30,
         [](json& m, const std::string& s) {
             m["blocks"][2]["elements"][0]["confirm"] = {{"title", plain("t")}, {"text", plain("t")}, {"confirm", plain(s)}, {"deny", plain("n")}};
         },
         "/blocks/2/elements/0/confirm/confirm/text"},
        {"confirm deny", 30,
         [](json& m, const std::string& s) {
             m["blocks"][2]["elements"][0]["confirm"] = {{"title", plain("t")}, {"text", plain("t")}, {"confirm", plain("y")}, {"deny", plain(s)}};
         },
         "/blocks/2/elements/0/confirm/deny/text"},
        {"accessibility label", 75, [](json& m, const std::string& s) { m["blocks"][2]["elements"][0]["accessibility_label"] = s; },
         "/blocks/2/elements/0/accessibility_label"},
        {"option description", 75,
         [](json& m, const std::string& s) { m["blocks"][2]["elements"][1]["options"][0]["description"] = plain(s); },
         "/blocks/2/elements/1/options/0/description/text"},
        {"placeholder", 150,
         [](json& m, const std::string& s) {
             m["blocks"].push_back({{"type", "actions"}, {"elements", {{{"type", "datepicker"}, {"placeholder", plain(s)}}}}});
         },
         "/blocks/5/elements/0/placeholder/text"},
        {"image title", 2000,
         [](json& m, const std::string& s) {
             m["blocks"].push_back({{"type", "image"}, {"image_url", "https://i"}, {"alt_text", "a"}, {"title", plain(s)}});
         },
         "/blocks/5/title/text"},
        {"option group label", 75,
         [](json& m, const std::string& s) {
             m["blocks"].push_back({{"type", "actions"},
                                    {"elements", {{{"type", "static_select"},
                                                   {"option_groups", {{{"label", plain(s)}, {"options", {option("o", "1")}}}}}}}}});
         },
         "/blocks/5/elements/0/option_groups/0/label/text"},
        {"markdown total", 12000,
         [](json& m, const std::string& s) {
             const auto half = s.size() / 2;  // two blocks: the limit is cumulative
             m["blocks"].push_back({{"type", "markdown"}, {"text", s.substr(0, half)}});
             m["blocks"].push_back({{"type", "markdown"}, {"text", s.substr(half)}});
         },
         "/blocks/5/text"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        json ok = valid_message();
        c.put(ok, c.name == std::string("markdown total") ? std::string(c.limit, 'x') : chars(c.limit));
        EXPECT_TRUE(slack::validate(ok).empty()) << errors_of(slack::validate(ok));
        json bad = valid_message();
        c.put(bad, c.name == std::string("markdown total") ? std::string(c.limit + 1, 'x') : chars(c.limit + 1));
        const auto v = slack::validate(bad);
        ASSERT_EQ(v.size(), 1u) << errors_of(v);
        EXPECT_EQ(v[0].path, c.path);
        EXPECT_EQ(v[0].limit, c.limit);
        EXPECT_EQ(v[0].actual, c.limit + 1);
        EXPECT_EQ(v[0].level, slack::severity::error);
    }
}

// Every count limit at its boundary.
TEST(Validate, EveryCountLimitAtItsBoundary) {
    struct case_t {
        const char* name;
        std::size_t limit;
        std::function<void(json&, std::size_t)> put;
        const char* path;
    };
    const std::vector<case_t> cases = {
        {"blocks", 50, [](json& m, std::size_t n) { m["blocks"] = json::array(); for (std::size_t i = 0; i < n; ++i) m["blocks"].push_back({{"type", "divider"}}); }, "/blocks"},
        {"attachments", 100, [](json& m, std::size_t n) { m["attachments"] = json::array(); for (std::size_t i = 0; i < n; ++i) m["attachments"].push_back({{"color", "good"}}); }, "/attachments"},
        {"section fields", 10, [](json& m, std::size_t n) { m["blocks"][1]["fields"] = json::array(); for (std::size_t i = 0; i < n; ++i) m["blocks"][1]["fields"].push_back(mrkdwn("f")); }, "/blocks/1/fields"},
        {"context elements", 10, [](json& m, std::size_t n) { m["blocks"][3]["elements"] = json::array(); for (std::size_t i = 0; i < n; ++i) m["blocks"][3]["elements"].push_back(plain("c")); }, "/blocks/3/elements"},
        {"actions elements", 25,
         [](json& m, std::size_t n) {
             m["blocks"][2]["elements"] = json::array();
             for (std::size_t i = 0; i < n; ++i)
                 m["blocks"][2]["elements"].push_back({{"type", "button"}, {"text", plain("b")}, {"action_id", "b" + std::to_string(i)}});
         },
         "/blocks/2/elements"},
        {"overflow options", 5, [](json& m, std::size_t n) { auto& o = m["blocks"][2]["elements"][1]["options"]; o = json::array(); for (std::size_t i = 0; i < n; ++i) o.push_back(option("o", std::to_string(i))); }, "/blocks/2/elements/1/options"},
        {"static_select options", 100,
         [](json& m, std::size_t n) {
             json select = {{"type", "static_select"}, {"action_id", "s"}, {"options", json::array()}};
             for (std::size_t i = 0; i < n; ++i) select["options"].push_back(option("o", std::to_string(i)));
             m["blocks"][2]["elements"][1] = select;
         },
         "/blocks/2/elements/1/options"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        json ok = valid_message();
        c.put(ok, c.limit);
        EXPECT_TRUE(slack::validate(ok).empty()) << errors_of(slack::validate(ok));
        json bad = valid_message();
        c.put(bad, c.limit + 1);
        const auto v = slack::validate(bad);
        ASSERT_EQ(v.size(), 1u) << errors_of(v);
        EXPECT_EQ(v[0].path, c.path);
        EXPECT_EQ(v[0].limit, c.limit);
        EXPECT_EQ(v[0].actual, c.limit + 1);
    }
    json empty_overflow = valid_message();
    empty_overflow["blocks"][2]["elements"][1]["options"] = json::array();
    const auto v = slack::validate(empty_overflow);
    ASSERT_EQ(v.size(), 1u) << errors_of(v);
    EXPECT_EQ(v[0].describe(), "/blocks/2/elements/1/options: 0 options, minimum 1");
}

TEST(Validate, ReportsEveryViolationInOnePass) {
    json m = valid_message();
    m.erase("text");                                               // warning
    m["blocks"][0]["text"] = mrkdwn("header in mrkdwn");           // must be plain_text
    m["blocks"][1]["fields"][1]["text"] = std::string(2105, 'f');  // too long
    m["blocks"][1]["block_id"] = "dup";
    m["blocks"][4]["block_id"] = "dup";                            // duplicate
    m["blocks"][2]["elements"][0]["style"] = "loud";               // bad style
    m["blocks"][2]["elements"][1]["action_id"] = "a1";             // duplicate in the block
    m["blocks"].push_back({{"type", "section"}});                 // neither text nor fields
    m["blocks"].push_back({{"type", "video"}, {"title", plain("v")}});  // unknown: warning
    m["attachments"] = {{{"color", "red"}}};                       // bad color
    const auto v = slack::validate(m);
    const std::string all = errors_of(v);
    for (const char* expected : {"/text: missing", "/blocks/0/text/type: must be plain_text here",
                                 "/blocks/1/fields/1/text: 2105 characters, limit 2000",
                                 "/blocks/4/block_id: duplicate block_id \"dup\"", "/blocks/2/elements/0/style:",
                                 "/blocks/2/elements/1/action_id: duplicate action_id \"a1\"",
                                 "/blocks/5: a section needs text or fields",
                                 "/blocks/6/type: block type \"video\" is not validated by this library (warning)",
                                 "/attachments/0/color: color must be good, warning, danger or #RRGGBB"}) {
        EXPECT_NE(all.find(expected), std::string::npos) << expected << "\n" << all;
    }
    EXPECT_EQ(v.size(), 9u) << all;
    EXPECT_TRUE(slack::has_errors(v));
}

TEST(Validate, WarningsAloneLeaveAMessageValid) {
    json m = valid_message();
    m.erase("text");
    const auto v = slack::validate(m);
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0].level, slack::severity::warning);
    EXPECT_FALSE(slack::has_errors(v));
    EXPECT_TRUE(slack::validate(json{{"text", "just text"}}).empty());
}

TEST(Validate, ShapesAndTypes) {
    EXPECT_EQ(slack::validate(json::array()).at(0).describe(), "/: a message must be a JSON object, got array");
    EXPECT_EQ(slack::validate(json{{"blocks", "no"}}).at(0).describe(), "/blocks: expected an array, got string");
    EXPECT_EQ(slack::validate(json{{"text", "t"}, {"blocks", {{{"type", 3}}}}}).at(0).path, "/blocks/0/type");
    EXPECT_EQ(slack::validate(json{{"text", "t"}, {"attachments", {{{"color", "#00FF7f"}}}}}).size(), 0u);
    EXPECT_EQ(slack::validate(json{{"text", "t"}, {"unfurl_links", "yes"}}).at(0).path, "/unfurl_links");
    const json select_both = {{"text", "t"},
                              {"blocks", {{{"type", "actions"}, {"elements", {{{"type", "static_select"}, {"options", {option("a", "1")}}, {"option_groups", json::array({{{"label", plain("g")}, {"options", {option("b", "2")}}}})}}}}}}}};
    EXPECT_NE(errors_of(slack::validate(select_both)).find("exactly one of options and option_groups"), std::string::npos);
    const json date = {{"text", "t"}, {"blocks", {{{"type", "actions"}, {"elements", {{{"type", "datepicker"}, {"initial_date", "2026-13-01"}}}}}}}};
    EXPECT_EQ(slack::validate(date).at(0).path, "/blocks/0/elements/0/initial_date");
}

// Slack refuses a message with nothing to show (chat.postMessage: "no_text"): text, blocks and
// attachments all absent, null or empty. An SNS event is such a message.
TEST(Validate, AMessageWithNothingToShowIsRefusedAsSlackDoes) {
    const json sns_event = json::parse(alarmbridge::test::read_data("events/go-sns-event.json"));
    for (const json& m : {json::object(), sns_event, json{{"text", ""}}, json{{"blocks", json::array()}},
                          json{{"text", nullptr}, {"attachments", json::array()}, {"username", "bot"}}}) {
        SCOPED_TRACE(m.dump().substr(0, 200));
        const auto v = slack::validate(m);
        ASSERT_FALSE(v.empty());
        EXPECT_EQ(v[0].path, "");
        EXPECT_EQ(v[0].code, alarmbridge::errc::no_text);
        EXPECT_EQ(v[0].level, slack::severity::error);
        EXPECT_EQ(v[0].describe(), "/: a message needs text, blocks or attachments");
        EXPECT_EQ(alarmbridge::to_string(*v[0].code), "no_text");
        EXPECT_TRUE(slack::has_errors(v));
    }
    EXPECT_EQ(slack::validate(json::object()).size(), 1u);
    EXPECT_EQ(errors_of(slack::validate(sns_event)), "/: a message needs text, blocks or attachments\n");  // docs/slack.md
    // Any one of the three is enough (a divider alone still warns about the missing fallback).
    EXPECT_TRUE(slack::validate(json{{"text", "t"}}).empty());
    EXPECT_TRUE(slack::validate(json{{"attachments", {{{"color", "good"}, {"text", "t"}}}}}).empty());
    const auto divider = slack::validate(json{{"blocks", {{{"type", "divider"}}}}});
    ASSERT_EQ(divider.size(), 1u);
    EXPECT_EQ(divider[0].level, slack::severity::warning);
    // One of them with the wrong type is that type error, not also no_text.
    const auto wrong = slack::validate(json{{"blocks", "no"}});
    ASSERT_EQ(wrong.size(), 1u) << errors_of(wrong);
    EXPECT_EQ(wrong[0].path, "/blocks");
    EXPECT_FALSE(wrong[0].code);
    // Not a message at all is said once, as before.
    ASSERT_EQ(slack::validate(json::array()).size(), 1u);
    EXPECT_FALSE(slack::validate(json::array())[0].code);
}
