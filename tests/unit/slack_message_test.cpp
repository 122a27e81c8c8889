#include <alarmbridge/event.hpp>
#include <alarmbridge/format/alarm_message.hpp>
#include <alarmbridge/slack/message.hpp>
#include <alarmbridge/slack/mrkdwn.hpp>

#include <gtest/gtest.h>

#include "slack_live_markup.hpp"
#include "slack_same_violations.hpp"
#include "test_support.hpp"

namespace ab = alarmbridge;
namespace slack = alarmbridge::slack;
using nlohmann::json;

namespace {
json builder_json() { return json::parse(ab::test::read_data("slack/block-kit-builder.json")); }

slack::message builder_message() {
    auto m = slack::read_message(builder_json());
    EXPECT_TRUE(m) << m.error().describe();
    return m ? *m : slack::message{};
}
}  // namespace

TEST(SlackMessage, ReadsEveryBlockAndElementType) {
    const auto m = builder_message();
    ASSERT_EQ(m.blocks.size(), 10u);
    const char* types[] = {"header", "section", "divider", "context", "actions", "image", "markdown", "rich_text", "video", "section"};
    for (std::size_t i = 0; i < m.blocks.size(); ++i) EXPECT_EQ(slack::block_type(m.blocks[i]), types[i]) << i;
    const auto& section = std::get<slack::section>(m.blocks[1]);
    ASSERT_EQ(section.fields.size(), 3u);
    EXPECT_EQ(section.fields[2].verbatim, true);
    const auto& overflow = std::get<slack::overflow>(*section.accessory);
    EXPECT_EQ(overflow.options[0].url, "https://wiki.example.com/runbooks/cpu");
    const auto& acts = std::get<slack::actions>(m.blocks[4]);
    ASSERT_EQ(acts.elements.size(), 5u);
    const auto& ack = std::get<slack::button>(acts.elements[1]);
    ASSERT_TRUE(ack.confirm);
    EXPECT_EQ(ack.confirm->style, "danger");
    EXPECT_EQ(std::get<slack::static_select>(acts.elements[2]).option_groups[1].options[0].description->value, "until tomorrow");
    EXPECT_EQ(std::get<slack::datepicker>(acts.elements[3]).initial_date, "2026-11-22");
    EXPECT_TRUE(std::holds_alternative<slack::unknown_element>(acts.elements[4]));
    EXPECT_TRUE(std::holds_alternative<slack::unknown_block>(m.blocks[8]));
    EXPECT_EQ(std::get<slack::section>(m.blocks[9]).extra["future_key"]["nested"][2], 3);
    ASSERT_EQ(m.attachments.size(), 1u);
    EXPECT_EQ(m.attachments[0].color, "#D00000");
    EXPECT_EQ(m.attachments[0].fields[0].is_short, true);
    EXPECT_EQ(m.username, "CloudWatch");
}

// Parse, then write back, both ways: the same content (key order aside), nothing lost.
TEST(SlackMessage, RoundTripsExactlyInContent) {
    const json original = builder_json();
    const auto m = builder_message();
    EXPECT_EQ(json::parse(slack::serialize(m)), original);  // the streaming writer
    json via_builder;
    to_json(via_builder, m);
    EXPECT_EQ(via_builder, original);  // the nlohmann adapter
    const auto again = slack::parse_message(slack::serialize(m));
    ASSERT_TRUE(again);
    EXPECT_EQ(slack::serialize(*again), slack::serialize(m));
}

TEST(SlackMessage, NlohmannAdaptersBothWays) {
    const json video = builder_json()["blocks"][8];
    const auto b = video.get<slack::block>();
    EXPECT_TRUE(std::holds_alternative<slack::unknown_block>(b));
    EXPECT_EQ(json(b), video);
    const json button = builder_json()["blocks"][4]["elements"][1];
    EXPECT_EQ(json(button.get<slack::element>()), button);
    EXPECT_THROW(json::parse(R"({"type":"header"})").get<slack::block>(), ab::exception);
}

TEST(SlackMessage, BuildersReadWell) {
    slack::message m;
    m.text = "web-cpu-high is in ALARM";
    m.blocks.push_back(slack::header(slack::text::plain(":red_circle: web-cpu-high", true)));
    slack::section s;
    s.text = slack::text::mrkdwn("*CPUUtilization* > 80");
    s.fields = {slack::text::mrkdwn("*Region*\nap-northeast-2")};
    s.accessory = slack::button(slack::text::plain("View alarm"), "view").with_url("https://example.com/a");
    m.blocks.push_back(std::move(s));
    slack::actions a;
    a.elements.push_back(slack::button(slack::text::plain("Runbook"), "runbook").with_url("https://wiki").with_style("primary"));
    m.blocks.push_back(std::move(a));
    EXPECT_TRUE(slack::validate(m).empty());
    EXPECT_EQ(slack::serialize(m),
              R"({"text":"web-cpu-high is in ALARM","blocks":[{"type":"header","text":{"type":"plain_text","text":":red_circle: web-cpu-high","emoji":true}},)"
              R"({"type":"section","text":{"type":"mrkdwn","text":"*CPUUtilization* > 80"},"fields":[{"type":"mrkdwn","text":"*Region*\nap-northeast-2"}],)"
              R"("accessory":{"type":"button","text":{"type":"plain_text","text":"View alarm"},"action_id":"view","url":"https://example.com/a"}},)"
              R"({"type":"actions","elements":[{"type":"button","text":{"type":"plain_text","text":"Runbook"},"action_id":"runbook","url":"https://wiki","style":"primary"}]}]})");
}

TEST(SlackMessage, TheWriterNeverEmitsInvalidJson) {
    slack::message m;
    m.text = std::string("quote \" backslash \\ nul ") + '\0' + " tab \t bell \x07 bad \xC3\x28 over \xC0\xAF sur \xED\xA0\x80 ok \xEA\xB2\xBD\xF0\x9F\x94\xA5";
    const std::string out = slack::serialize(m);
    const auto j = json::parse(out);  // throws if invalid
    EXPECT_EQ(j["text"].get<std::string>(),
              std::string("quote \" backslash \\ nul ") + '\0' +
                  " tab \t bell \x07 bad \xEF\xBF\xBD( over \xEF\xBF\xBD\xEF\xBF\xBD sur \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD ok \xEA\xB2\xBD\xF0\x9F\x94\xA5");
    EXPECT_NE(out.find("\\u0000"), std::string::npos);
    EXPECT_NE(out.find("\\u0007"), std::string::npos);
}

TEST(SlackMessage, TheWriterSeesEverySpecialByteAtEveryPositionOfAWord) {
    // The writer skips plain text sixteen bytes at a time (eight without SSE2), byte by byte
    // under sixteen, and ends with a block that overlaps the one before; each special byte must
    // be caught wherever it sits, at every length around those edges.
    for (std::size_t length : {1u, 7u, 8u, 15u, 16u, 17u, 19u, 31u, 32u, 33u, 47u}) {
    for (int b = 0; b < 256; ++b) {
        for (std::size_t at = 0; at < length; ++at) {
            std::string text(length, 'a');
            text[at] = static_cast<char>(b);
            std::string out;
            alarmbridge::detail::append_json_string(out, text);
            const auto j = json::parse(out);  // throws if invalid
            std::string expected = text;
            if (b >= 0x80) expected.replace(at, 1, "\xEF\xBF\xBD");  // a lone byte of 0x80 and up is not UTF-8
            ASSERT_EQ(j.get<std::string>(), expected) << "byte " << b << " at " << at;
            const bool must_escape = b < 0x20 || b == '"' || b == '\\';
            ASSERT_EQ(out.size(), text.size() + 2 + (must_escape ? (b == '"' || b == '\\' || b == '\n' || b == '\r' ||
                                                                  b == '\t' || b == '\b' || b == '\f' ? 1 : 5)
                                                             : b >= 0x80 ? 2 : 0))
                << "byte " << b << " at " << at << " of " << length;
        }
    }
    }
}

// Keys and values at every length around the eight-byte word the writer scans by, with each kind
// of special byte, in objects and arrays (where the commas differ): exactly what nlohmann writes.
// The writer grows the string ahead of what it writes; once the outermost value is complete the
// string holds exactly what was there before plus the JSON, however much the escapes expanded.
TEST(JsonWriter, GrowsAsItWritesAndLeavesExactlyTheJson) {
    const std::string controls(5000, '\x01');  // six bytes out for each byte in
    std::string bad_utf8(3000, '\xFF');        // three bytes out for each byte in
    for (std::size_t reserved : {0u, 16u, 4096u}) {
        std::string out = "prefix:";
        out.reserve(reserved);
        {
            alarmbridge::detail::json_writer w(out);
            w.begin_object();
            w.key(controls);
            w.value(std::string_view(bad_utf8));
            w.key("n");
            w.value(std::int64_t{-9223372036854775807 - 1});
            w.key("list");
            w.begin_array();
            w.value(true);
            w.null();
            w.raw(json{{"k", "v"}});
            w.end_array();
            w.end_object();
            ASSERT_EQ(out.compare(0, 7, "prefix:"), 0);
            const auto j = json::parse(out.substr(7));  // throws on any byte too many
            EXPECT_EQ(j.size(), 3u);
            EXPECT_EQ(j.at(controls).get<std::string>().size(), 3000u * 3);
            EXPECT_EQ(j.at("n").dump(), "-9223372036854775808");
            EXPECT_EQ(j.at("list").dump(), "[true,null,{\"k\":\"v\"}]");
        }
        // prefix:{"<controls>":"<U+FFFDs>","n":-9223372036854775808,"list":[true,null,{"k":"v"}]}
        EXPECT_EQ(out.size(), 7 + 1 + (1 + 5000 * 6 + 2) + (1 + 3000 * 3 + 1) + 5 + 20 + 8 + 21 + 1) << reserved;
    }
    std::string scalar;
    alarmbridge::detail::json_writer w(scalar);
    w.value(std::int64_t{42});
    EXPECT_EQ(scalar, "42");  // a top-level scalar is complete at once
}

TEST(JsonWriter, EveryLengthAroundTheWordSizeWithEachKindOfSpecialByte) {
    for (std::size_t n : {0, 1, 7, 8, 59, 60, 61, 62, 100}) {
        for (const char* special : {"", "\"", "\\", "\n", "\xE2\x86\x92", "\x80"}) {
            std::string text(n, 'k');
            text += special;
            std::string out;
            alarmbridge::detail::json_writer w(out);
            w.begin_object();
            w.key(text);
            w.value(std::string_view(text));
            w.key(text + "2");
            w.begin_array();
            w.value(std::string_view(text));
            w.value(std::string_view(text));
            w.end_array();
            w.end_object();
            const auto j = json::parse(out);  // throws if invalid
            json expected = json::object();
            const std::string clean = json(text).dump(-1, ' ', false, json::error_handler_t::replace);
            const std::string as_text = json::parse(clean).get<std::string>();
            expected[as_text] = as_text;
            expected[as_text + "2"] = json::array({as_text, as_text});
            ASSERT_EQ(j, expected) << "length " << n << " + '" << special << "'";
        }
    }
}

TEST(SlackMessage, ErrorsNameTheField) {
    auto j = builder_json();
    j["blocks"][4]["elements"][1]["confirm"].erase("deny");
    auto m = slack::read_message(j);
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().code, ab::errc::missing_field);
    EXPECT_EQ(m.error().where, "/blocks/4/elements/1/confirm/deny");
    j = builder_json();
    j["blocks"][1]["fields"][0]["type"] = "html";
    m = slack::read_message(j);
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().code, ab::errc::bad_value);
    EXPECT_EQ(m.error().where, "/blocks/1/fields/0/type");
    EXPECT_EQ(slack::parse_message("{").error().code, ab::errc::json_syntax);
    EXPECT_EQ(slack::parse_message("[]").error().code, ab::errc::wrong_type);
}

TEST(SlackMessage, FallbackTextIsReadablePlainText) {
    slack::message m;
    m.blocks.push_back(slack::header(slack::text::plain("ALARM: web-cpu-high")));
    slack::section s;
    s.text = slack::text::mrkdwn("*CPU* is _high_ on " + slack::mrkdwn::link("https://example.com/i", "i-0abc") +
                                 " &amp; rising " + *slack::mrkdwn::date(1700000000, "{date}", "2023-11-14"));
    s.fields = {slack::text::mrkdwn("*Region*\nap-northeast-2")};
    m.blocks.push_back(std::move(s));
    slack::actions a;
    a.elements.push_back(slack::button(slack::text::plain("View alarm"), "v").with_url("https://console"));
    m.blocks.push_back(std::move(a));
    EXPECT_EQ(slack::fallback_text(m.blocks),
              "ALARM: web-cpu-high\nCPU is high on i-0abc &amp; rising 2023-11-14\nRegion\nap-northeast-2\nView alarm: https://console");
}

// The fallback is read as mrkdwn: escaped text stays escaped, plain text is escaped, and tokens
// that were live come out as their words, never as tokens.
TEST(SlackMessage, FallbackTextIsInert) {
    const std::string hostile = "<!channel> <https://evil.example|AWS console> & <@U024BE7LH>";
    slack::message m;
    slack::section s;
    s.text = slack::text::mrkdwn(slack::mrkdwn::escape(hostile));  // the issue's reproduction
    m.blocks.push_back(s);
    m.blocks.push_back(slack::header(slack::text::plain(hostile)));
    slack::section live;
    live.text = slack::text::mrkdwn("<!here> <@U024BE7LH> <#C0123ABC|ops> <!subteam^SAZ94GDB8> <https://a.example/x?a=1&amp;b=2>");
    m.blocks.push_back(live);
    slack::actions a;
    a.elements.push_back(slack::button(slack::text::plain("Go <!everyone>"), "go").with_url("https://a.example/?q=<!here>&x"));
    m.blocks.push_back(std::move(a));
    const std::string text = slack::fallback_text(m.blocks);
    EXPECT_EQ(text.find_first_of("<>"), std::string::npos) << text;
    EXPECT_EQ(text,
              "&lt;!channel&gt; &lt;https://evil.example|AWS console&gt; &amp; &lt;@U024BE7LH&gt;\n"
              "&lt;!channel&gt; &lt;https://evil.example|AWS console&gt; &amp; &lt;@U024BE7LH&gt;\n"
              "@here @U024BE7LH #ops @SAZ94GDB8 https://a.example/x?a=1&amp;b=2\n"
              "Go &lt;!everyone&gt;: https://a.example/?q=&lt;!here&gt;&amp;x");
    std::vector<slack::block> doc_example{slack::section{}};
    std::get<slack::section>(doc_example[0]).text = slack::text::mrkdwn("<!here> <https://a.example/x|the graph>");
    EXPECT_EQ(slack::fallback_text(doc_example), "@here the graph");  // docs/slack.md's example
    m.text.reset();
    const auto fitted = slack::fit(m);
    json out;
    to_json(out, fitted.messages[0]);
    EXPECT_TRUE(ab::test::live_in_text(out["text"].get<std::string>()).tokens.empty()) << out["text"];
}

TEST(SlackMessage, TruncateCutsOnCodePointsWithAnEllipsis) {
    EXPECT_EQ(slack::truncate("abcdef", 6), "abcdef");
    EXPECT_EQ(slack::truncate("abcdef", 4), "abc\xE2\x80\xA6");
    EXPECT_EQ(slack::truncate("\xEA\xB2\xBD\xEB\xB3\xB4\xEA\xB2\xBD", 2), "\xEA\xB2\xBD\xE2\x80\xA6");  // 경보경 -> 경…
    EXPECT_EQ(slack::count_characters(slack::truncate(std::string(5000, 'x'), 3000)), 3000u);
    EXPECT_EQ(slack::truncate("abc", 0), "");
}

namespace {
/// True when every '<' of text opens a token closed by a later '>' and every '&' starts an
/// entity: nothing was cut in half.
bool nothing_split(const std::string& text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '<') {
            const auto close = text.find('>', i);
            if (close == std::string::npos) return false;
            i = close;
        } else if (text[i] == '&') {
            const auto semi = text.find(';', i);
            if (semi == std::string::npos || semi - i > 9) return false;
            i = semi;
        }
    }
    return true;
}
}  // namespace

// Every cut position through links, mentions, dates and entities (ASCII and Korean around them):
// the kept part is a prefix of the text, whole tokens and entities only, within the limit.
TEST(SlackMessage, TruncationNeverSplitsALinkOrAnEntityAtAnyCut) {
    const std::string text = "a &amp; <https://x.example/a?b=1&amp;c=2|label &lt;x&gt;> \xEA\xB2\xBD&lt;!channel&gt;" +
                             *slack::mrkdwn::date(1700000000, "{date}", "2023 & later") + "<!here>&#39;z<@U024BE7LH>";
    ASSERT_TRUE(nothing_split(text));
    const std::size_t n = slack::count_characters(text);
    for (std::size_t max = 0; max <= n + 1; ++max) {
        const std::string cut = slack::truncate(text, max);
        SCOPED_TRACE("max " + std::to_string(max) + ": " + cut);
        EXPECT_LE(slack::count_characters(cut), max);
        if (max >= n) {
            EXPECT_EQ(cut, text);
            continue;
        }
        if (max == 0) continue;
        const std::string ellipsis = "\xE2\x80\xA6";
        ASSERT_GE(cut.size(), ellipsis.size());
        ASSERT_EQ(cut.substr(cut.size() - ellipsis.size()), ellipsis);
        const std::string kept = cut.substr(0, cut.size() - ellipsis.size());
        EXPECT_EQ(text.compare(0, kept.size(), kept), 0);
        EXPECT_TRUE(nothing_split(kept));
        for (const auto& token : ab::test::live_in_text(kept).tokens)
            EXPECT_TRUE(ab::test::live_in_text(text).tokens.count(token)) << token;
    }
    // docs/slack.md's examples.
    EXPECT_EQ(slack::truncate("see <https://x.example/a|the graph> now", 10), "see \xE2\x80\xA6");
    EXPECT_EQ(slack::truncate("a &amp; b", 4), "a \xE2\x80\xA6");
    // Many '<' and no '>' (the scan stays linear) and a text that is one long link.
    EXPECT_EQ(slack::count_characters(slack::truncate(std::string(100000, '<'), 3000)), 3000u);
    EXPECT_EQ(slack::truncate(slack::mrkdwn::link("https://x.example/" + std::string(4000, 'p'), "l"), 3000), "\xE2\x80\xA6");
}

TEST(SlackMessage, FitMakesAnInvalidMessageValidAndSaysWhat) {
    slack::message m;  // no fallback text, a long section, 23 fields, 60 blocks in all
    slack::section big;
    big.text = slack::text::mrkdwn(std::string(3105, 'r'));
    for (int i = 0; i < 23; ++i) big.fields.push_back(slack::text::mrkdwn("field " + std::to_string(i)));
    m.blocks.push_back(big);
    slack::header h(slack::text::plain(std::string(200, 'h')));
    m.blocks.push_back(h);
    for (int i = 0; i < 58; ++i) m.blocks.push_back(slack::divider{});
    ASSERT_TRUE(slack::has_errors(slack::validate(m)));

    const auto fitted = slack::fit(m);
    ASSERT_EQ(fitted.messages.size(), 2u);  // 1 + 2 more sections + 1 header + 58 dividers = 62 blocks
    EXPECT_EQ(fitted.messages[0].blocks.size(), 50u);
    EXPECT_EQ(fitted.messages[1].blocks.size(), 12u);
    for (const auto& part : fitted.messages) {
        const auto v = slack::validate(part);
        EXPECT_FALSE(slack::has_errors(v)) << v.front().describe();
    }
    const auto& first = std::get<slack::section>(fitted.messages[0].blocks[0]);
    EXPECT_EQ(slack::count_characters(first.text->value), 3000u);
    EXPECT_EQ(first.fields.size(), 10u);
    EXPECT_EQ(std::get<slack::section>(fitted.messages[0].blocks[2]).fields.size(), 3u);
    std::string changes;
    for (const auto& c : fitted.changes) changes += c + "\n";
    for (const char* expected : {"/blocks/0/text/text: truncated from 3105 to 3000 characters",
                                 "/blocks/0/fields: 23 fields, the ones past 10 moved into following sections",
                                 "/blocks/1/text/text: truncated from 200 to 150 characters",
                                 "/text: set from the blocks", "/blocks: 62 blocks, split into 2 messages of at most 50"})
        EXPECT_NE(changes.find(expected), std::string::npos) << expected << "\n" << changes;
    EXPECT_TRUE(fitted.messages[0].text);
    EXPECT_EQ(fitted.messages[1].text, fitted.messages[0].text);
}

TEST(SlackMessage, FitReachesIntoAttachments) {
    slack::message m;
    m.text = "t";
    slack::attachment bar;
    bar.color = "danger";
    slack::section s;
    s.text = slack::text::mrkdwn(std::string(4000, 'a'));
    bar.blocks.push_back(std::move(s));
    m.attachments.push_back(std::move(bar));
    const auto fitted = slack::fit(m);
    EXPECT_FALSE(slack::has_errors(slack::validate(fitted.messages[0])));
    ASSERT_EQ(fitted.changes.size(), 1u);
    EXPECT_EQ(fitted.changes[0], "/attachments/0/blocks/0/text/text: truncated from 4000 to 3000 characters");
}

TEST(SlackMessage, FitLeavesAValidMessageAlone) {
    const auto m = builder_message();
    const auto fitted = slack::fit(m);
    ASSERT_EQ(fitted.messages.size(), 1u);
    EXPECT_TRUE(fitted.changes.empty());
    EXPECT_EQ(slack::serialize(fitted.messages[0]), slack::serialize(m));
}

// Every limit validate checks, broken at once: fit leaves no error, and says what it did.
namespace {
/// The Block Kit Builder message with every limit validate checks broken at once.
json every_limit_broken() {
    const std::string long_url = "https://x.example/" + std::string(3100, 'u');
    auto j = builder_json();
    j["icon_url"] = long_url;
    j["blocks"][0]["block_id"] = std::string(300, 'b');
    auto& acts = j["blocks"][4]["elements"];
    acts[0]["url"] = long_url;                                      // a button too long to link
    acts[1]["confirm"]["title"]["text"] = std::string(200, 't');
    acts[1]["accessibility_label"] = std::string(100, 'l');
    acts[1]["action_id"] = std::string(300, 'i');
    acts[2]["placeholder"]["text"] = std::string(200, 'p');
    acts[2]["option_groups"][0]["label"]["text"] = std::string(100, 'g');
    for (int i = 0; i < 120; ++i)
        acts[2]["option_groups"][0]["options"].push_back({{"text", {{"type", "plain_text"}, {"text", std::string(80, 'o')}}},
                                                          {"value", std::string(200, 'v') + std::to_string(i)}});
    for (int i = 0; i < 30; ++i)
        acts.push_back({{"type", "button"}, {"text", {{"type", "plain_text"}, {"text", "b"}}}, {"action_id", "b" + std::to_string(i)}});
    auto& overflow = j["blocks"][1]["accessory"]["options"];
    overflow[0]["url"] = long_url;
    for (int i = 0; i < 5; ++i) overflow.push_back(overflow[1]);
    j["blocks"][5]["image_url"] = long_url;  // the image block goes
    j["blocks"][6]["text"] = std::string(13000, 'm');
    j["blocks"].push_back({{"type", "actions"}, {"elements", json::array({acts[0]})}});  // nothing left: goes
    j["blocks"].push_back({{"type", "context"}, {"elements", json::array()}});
    for (int i = 0; i < 12; ++i) j["blocks"].back()["elements"].push_back({{"type", "mrkdwn"}, {"text", std::string(3100, 'c')}});
    const auto attachment = j["attachments"][0];
    for (int i = 0; i < 105; ++i) j["attachments"].push_back(attachment);
    return j;
}
}  // namespace

TEST(SlackMessage, FitCoversEveryLimitValidateChecks) {
    const auto j = every_limit_broken();
    ASSERT_TRUE(slack::has_errors(slack::validate(j)));

    const auto m = slack::read_message(j);
    ASSERT_TRUE(m) << m.error().describe();
    const auto fitted = slack::fit(*m);
    ASSERT_EQ(fitted.messages.size(), 1u);
    json out;
    to_json(out, fitted.messages[0]);
    for (const auto& v : slack::validate(out)) EXPECT_NE(v.level, slack::severity::error) << v.describe();
    for (const auto& url : ab::test::live_in(out).urls) EXPECT_LE(slack::count_characters(url), slack::limits::url) << url;
    EXPECT_FALSE(out.contains("icon_url"));
    EXPECT_EQ(out["attachments"].size(), 100u);
    EXPECT_EQ(out["blocks"].size(), j["blocks"].size() - 2);  // the image block and the emptied actions block
    std::string changes;
    for (const auto& c : fitted.changes) changes += c + "\n";
    for (const char* expected : {"/icon_url: 3118 characters, limit 3000: the icon_url removed",
                                 "/blocks/4/elements/0/url: 3118 characters, limit 3000: the button removed",
                                 "/blocks/5/image_url: 3118 characters, limit 3000: the image block removed",
                                 "/blocks/1/accessory/options/0/url: 3118 characters, limit 3000: the url removed",
                                 "/blocks/1/accessory/options: 7 options, cut to 5",
                                 "/blocks/4/elements: 34 elements, cut to 25", "/attachments: 106 attachments, cut to 100",
                                 "/blocks/10: no element left, the block is removed",
                                 "/blocks/11/elements: 12 elements, cut to 10",
                                 "/blocks/6/text: truncated from 13000 to 12000 characters"})
        EXPECT_NE(changes.find(expected), std::string::npos) << expected << "\n" << changes;
}

// The issue's reproduction: 300 000 levels of '[' in metadata crashed parse_message with a stack
// overflow. Refused as too_deep by every entry point, before anything recursive runs.
TEST(SlackMessage, NestingPastTheLimitIsRefusedByEveryEntryPoint) {
    const std::size_t levels = 300000;
    const std::string deep = "{\"text\":\"x\",\"metadata\":" + std::string(levels, '[') + std::string(levels, ']') + "}";
    auto m = slack::parse_message(deep);
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().code, ab::errc::too_deep);
    // At the limit: the root object and 999 arrays read; one more is refused.
    auto nested = [](std::size_t arrays) {
        return "{\"text\":\"x\",\"metadata\":" + std::string(arrays, '[') + std::string(arrays, ']') + "}";
    };
    EXPECT_TRUE(slack::parse_message(nested(ab::max_json_depth - 1)));
    EXPECT_EQ(slack::parse_message(nested(ab::max_json_depth)).error().code, ab::errc::too_deep);
    // Brackets in strings are text.
    EXPECT_TRUE(slack::parse_message("{\"text\":\"" + std::string(5000, '[') + "\\\"[\"}"));

    // A document built by the caller, as deep as the issue's: read_message and validate refuse it.
    json doc = {{"text", "x"}, {"metadata", json::array()}};
    json* at = &doc["metadata"];
    for (std::size_t i = 0; i < levels; ++i) at = &at->emplace_back(json::array());
    m = slack::read_message(doc);
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().code, ab::errc::too_deep);
    const auto v = slack::validate(doc);
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0].code, ab::errc::too_deep);
    EXPECT_EQ(v[0].level, slack::severity::error);
}

TEST(SlackMessage, InputPastTheSizeLimitIsRefused) {
    const std::string body = "{\"text\":\"" + std::string(200, 'x') + "\"}";
    EXPECT_TRUE(slack::parse_message(body));
    ab::parse_options limit;
    limit.max_input_bytes = body.size() - 1;
    EXPECT_EQ(slack::parse_message(body, limit).error().code, ab::errc::too_large);
    limit.max_input_bytes = body.size();
    EXPECT_TRUE(slack::parse_message(body, limit));
    const std::string huge(ab::parse_options{}.max_input_bytes + 1, ' ');
    EXPECT_EQ(slack::parse_message(huge).error().code, ab::errc::too_large);
}

// ---- validate(message): the JSON validator's rules, read from the typed message ---------------

// Every kind of violation the typed model can hold: the same list as validate() of its JSON.
TEST(SlackMessage, ValidatingTheTypedMessageIsValidatingItsJson) {
    auto broken = slack::read_message(every_limit_broken());
    ASSERT_TRUE(broken) << broken.error().describe();
    EXPECT_TRUE(ab::test::same_violations_as_its_json(*broken));
    EXPECT_GT(slack::validate(*broken).size(), 20u);

    // What is not a limit: wrong text types, empty and duplicate IDs, styles, colors, dates,
    // option URLs outside overflow menus, a select with both lists, unknown types, empty lists.
    const json plain = {{"type", "plain_text"}, {"text", "p"}};
    const json option = {{"text", plain}, {"value", ""}, {"url", "https://o.example"}};
    json j = builder_json();
    j.erase("text");
    j["blocks"][0]["text"]["type"] = "mrkdwn";
    j["blocks"][0]["text"]["text"] = "";
    j["blocks"][0]["block_id"] = "dup";
    j["blocks"][2]["block_id"] = "dup";
    j["blocks"][3]["block_id"] = "";
    j["blocks"][4]["elements"][0]["style"] = "loud";
    j["blocks"][4]["elements"][0]["action_id"] = "same";
    j["blocks"][4]["elements"][1]["action_id"] = "same";
    j["blocks"][4]["elements"][1]["accessibility_label"] = "";
    j["blocks"].push_back({{"type", "section"}});
    j["blocks"].push_back({{"type", "section"}, {"fields", json::array()}});
    j["blocks"].push_back({{"type", "context"}, {"elements", json::array()}});
    j["blocks"].push_back({{"type", "actions"},
                           {"elements", {{{"type", "static_select"}, {"options", {option}},
                                          {"option_groups", {{{"label", plain}, {"options", json::array()}}}}},
                                         {{"type", "datepicker"}, {"initial_date", "2026-02-31x"}},
                                         {{"type", "overflow"}, {"options", json::array()}},
                                         {{"type", "workflow_button"}, {"text", plain}}}}});
    j["blocks"].push_back({{"type", "image"}, {"image_url", ""}, {"alt_text", ""}, {"slack_file", {{"id", "F1"}}}});
    j["blocks"].push_back({{"type", "markdown"}, {"text", ""}});
    j["attachments"] = {{{"color", "red"}, {"ts", true}}, {{"color", "#00ff7F"}, {"ts", "1"}}};
    const auto odd = slack::read_message(j);
    ASSERT_TRUE(odd) << odd.error().describe();
    EXPECT_TRUE(ab::test::same_violations_as_its_json(*odd));
    EXPECT_GT(slack::validate(*odd).size(), 15u);

    // Members kept as JSON: an extra member that repeats a typed key wins, as in the JSON.
    slack::message extra;
    extra.text = "t";
    slack::section s;
    s.text = slack::text::mrkdwn("ok");
    s.text->extra = {{"type", "html"}, {"emoji", "yes"}};
    s.extra = {{"fields", "none"}, {"accessory", nullptr}};
    extra.blocks.push_back(std::move(s));
    extra.extra = {{"blocks", nullptr}, {"unfurl_links", 1}};
    EXPECT_TRUE(ab::test::same_violations_as_its_json(extra));
    EXPECT_FALSE(slack::validate(extra).empty());

    // Nothing to show, and nothing at all.
    EXPECT_TRUE(ab::test::same_violations_as_its_json(slack::message{}));
    EXPECT_EQ(slack::validate(slack::message{}).at(0).code, ab::errc::no_text);
    slack::message empty_text;
    empty_text.text = "";
    EXPECT_EQ(slack::validate(empty_text).at(0).code, ab::errc::no_text);
    EXPECT_FALSE(slack::has_errors(slack::validate(builder_message())));  // a video block: a warning
    EXPECT_TRUE(ab::test::same_violations_as_its_json(builder_message()));
}

// The formatter's messages, every event and style: typed and JSON validation agree, and none of
// them is refused (the formatter always sets text).
TEST(SlackMessage, TheFormattersMessagesValidateAlikeAndWithoutErrors) {
    std::size_t messages = 0;
    for (const auto& file : ab::test::data_files("events")) {
        const auto e = ab::parse_event(ab::test::read_file(file));
        if (!e) continue;
        for (const auto st : {ab::format::style::rich, ab::format::style::compact, ab::format::style::blueprint}) {
            ab::format::options o;
            o.style = st;
            for (const auto& m : ab::format::format_event(*e, o)) {
                if (!m) continue;
                SCOPED_TRACE(file.filename().string());
                EXPECT_TRUE(ab::test::same_violations_as_its_json(*m));
                EXPECT_FALSE(slack::has_errors(slack::validate(*m)));
                ++messages;
            }
        }
    }
    EXPECT_GT(messages, 30u);
}

// A typed message's JSON members count toward the nesting limit as they do in its JSON.
TEST(SlackMessage, TypedValidationMeasuresNestingAsTheJsonDoes) {
    auto nested = [](std::size_t arrays) {
        slack::message m;
        m.text = "x";
        m.metadata = json::array();
        json* at = &m.metadata;
        for (std::size_t i = 1; i < arrays; ++i) at = &at->emplace_back(json::array());
        return m;
    };
    // The root object and 999 arrays are at the limit; one more is past it.
    EXPECT_TRUE(slack::validate(nested(ab::max_json_depth - 1)).empty());
    EXPECT_TRUE(ab::test::same_violations_as_its_json(nested(ab::max_json_depth - 1)));
    const auto past = slack::validate(nested(ab::max_json_depth));
    ASSERT_EQ(past.size(), 1u);
    EXPECT_EQ(past[0].code, ab::errc::too_deep);
    EXPECT_TRUE(ab::test::same_violations_as_its_json(nested(ab::max_json_depth)));
    // As deep as the issue's reproduction: refused without recursion.
    const auto deep = slack::validate(nested(300000));
    ASSERT_EQ(deep.size(), 1u);
    EXPECT_EQ(deep[0].code, ab::errc::too_deep);
}

// fit never leaves a message with nothing to show: when its removals empty it, a text says so.
TEST(SlackMessage, FitNeverLeavesNothingToShow) {
    slack::message m;
    m.blocks.push_back(slack::image_block{});
    auto& image = std::get<slack::image_block>(m.blocks.back());
    image.image_url = "https://x.example/" + std::string(3100, 'u');
    image.alt_text = "graph";
    ASSERT_TRUE(slack::has_errors(slack::validate(m)));
    const auto fitted = slack::fit(m);
    ASSERT_EQ(fitted.messages.size(), 1u);
    const auto& out = fitted.messages[0];
    EXPECT_TRUE(out.blocks.empty());
    ASSERT_TRUE(out.text);
    EXPECT_FALSE(out.text->empty());
    EXPECT_TRUE(ab::test::live_in_text(*out.text).tokens.empty()) << *out.text;
    EXPECT_TRUE(slack::validate(out).empty()) << slack::validate(out).front().describe();
    EXPECT_EQ(fitted.changes.back(), "/text: set, fit removed everything the message showed");
    // A message that had nothing to show is the caller's to fix: fit adds nothing to it.
    const auto nothing = slack::fit(slack::message{});
    EXPECT_FALSE(nothing.messages.at(0).text);
    EXPECT_TRUE(nothing.changes.empty());
}
