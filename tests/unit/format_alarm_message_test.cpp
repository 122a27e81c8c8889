#include <alarmbridge/format/alarm_message.hpp>

#include <gtest/gtest.h>

#include "test_support.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace ab = alarmbridge;
namespace fmt = alarmbridge::format;
namespace cw = alarmbridge::cloudwatch;
namespace slack = alarmbridge::slack;
using nlohmann::json;

namespace {

/// What `alarmbridge format` prints for an event: one payload (or error element) per record.
json format_all(const std::string& bytes, const fmt::options& o) {
    json out = json::array();
    const auto e = ab::parse_event(bytes);
    if (!e) return json::array({{{"error", {{"code", std::string(ab::to_string(e.error().code))}}}}});
    for (const auto& m : fmt::format_event(*e, o)) {
        if (!m) {
            out.push_back({{"error", {{"code", std::string(ab::to_string(m.error().code))}, {"where", m.error().where}}}});
            continue;
        }
        json j;
        to_json(j, *m);
        out.push_back(std::move(j));
    }
    return out;
}

/// A readable diff: the first lines that differ, with their numbers.
std::string line_diff(const std::string& expected, const std::string& actual) {
    std::istringstream a(expected), b(actual);
    std::string la, lb, out;
    int line = 0, shown = 0;
    while (shown < 8) {
        const bool ha = static_cast<bool>(std::getline(a, la));
        const bool hb = static_cast<bool>(std::getline(b, lb));
        if (!ha && !hb) break;
        ++line;
        if (ha && hb && la == lb) continue;
        out += "line " + std::to_string(line) + ":\n  expected: " + (ha ? la : "<end>") + "\n  actual:   " + (hb ? lb : "<end>") + "\n";
        ++shown;
    }
    return out;
}

cw::alarm alarm_from(const std::string& file, std::size_t record = 0) {
    auto e = ab::parse_event(ab::test::read_data("events/" + file));
    EXPECT_TRUE(e && e->records.size() > record && e->records[record]);
    return std::get<cw::alarm>(e->records[record]->body);
}

std::string all_text(const slack::message& m) { return slack::serialize(m); }

}  // namespace

// Every corpus event x {en, ko} x {rich, compact, blueprint} against tests/data/golden. Set
// ALARMBRIDGE_UPDATE_GOLDEN=1 to write the files anew (then review the diff before committing).
TEST(FormatGolden, EveryEventEveryLocaleEveryStyle) {
    const bool update = std::getenv("ALARMBRIDGE_UPDATE_GOLDEN") != nullptr;
    std::size_t compared = 0;
    for (const auto& path : ab::test::data_files("events")) {
        for (const char* locale : {"en", "ko"}) {
            for (const auto& [style_name, style] : {std::pair<const char*, fmt::style>{"rich", fmt::style::rich},
                                                    {"compact", fmt::style::compact}, {"blueprint", fmt::style::blueprint}}) {
                fmt::options o;
                o.locale = locale;
                o.style = style;
                const json actual = format_all(ab::test::read_file(path), o);
                const std::string name = path.stem().string() + "." + locale + "." + style_name + ".expected.json";
                const auto golden = ab::test::data_path("golden/" + name);
                SCOPED_TRACE(name);
                // Every payload is valid for Slack, whatever the alarm held.
                for (const auto& payload : actual) {
                    if (payload.contains("error")) continue;
                    const auto v = slack::validate(payload);
                    EXPECT_FALSE(slack::has_errors(v)) << v.front().describe();
                }
                const std::string text = actual.dump(2, ' ', false) + "\n";
                if (update) {
                    std::ofstream(golden, std::ios::binary) << text;
                    continue;
                }
                ASSERT_TRUE(std::filesystem::exists(golden)) << "missing golden file; run with ALARMBRIDGE_UPDATE_GOLDEN=1";
                const std::string expected = ab::test::read_file(golden);
                EXPECT_EQ(json::parse(expected), actual) << line_diff(expected, text);
                ++compared;
            }
        }
    }
    if (!update) {
        EXPECT_GE(compared, 6u * 21u);
    }
}

// alarm_payload writes the JSON straight from the alarm; alarm_message is the model of the same
// payload. Byte for byte the same for every corpus event, locale and style, through every entry
// point (the golden test above checks the content).
TEST(FormatPayload, SameBytesAsTheModelSerialized) {
    std::size_t compared = 0;
    for (const auto& path : ab::test::data_files("events")) {
        const std::string bytes = ab::test::read_file(path);
        const auto e = ab::parse_event(bytes);
        for (const char* locale : {"en", "ko"}) {
            for (const auto style : {fmt::style::rich, fmt::style::compact, fmt::style::blueprint}) {
                fmt::options o;
                o.locale = locale;
                o.style = style;
                o.mention_users = {"U012AB3CD"};
                o.channel = "#alerts";
                SCOPED_TRACE(path.filename().string() + " " + locale + " " + std::to_string(static_cast<int>(style)));
                const auto bodies = fmt::payloads(bytes, o);
                if (!e) {
                    ASSERT_FALSE(bodies);
                    EXPECT_EQ(bodies.error().code, e.error().code);
                    continue;
                }
                ASSERT_TRUE(bodies);
                const auto messages = fmt::format_event(*e, o);
                ASSERT_EQ(bodies->size(), messages.size());
                for (std::size_t i = 0; i < messages.size(); ++i) {
                    ASSERT_EQ(static_cast<bool>((*bodies)[i]), static_cast<bool>(messages[i]));
                    if (!messages[i]) {
                        EXPECT_EQ((*bodies)[i].error().where, messages[i].error().where);
                        continue;
                    }
                    EXPECT_EQ(*(*bodies)[i], slack::serialize(*messages[i]));
                    ++compared;
                }
            }
        }
    }
    EXPECT_GE(compared, 6u * 21u);
}

// Texts are cut to Slack's limits as they are written: fit() finds nothing left to do, and the
// cut ends in "…" on a code point boundary (Korean text: three bytes a character).
TEST(FormatPayload, FittedAsItIsWritten) {
    auto a = alarm_from("alarmbridge-sns-composite.json");
    std::string korean;
    for (int i = 0; i < 2000; ++i) korean += "\xEA\xB2\xBD";  // 경
    a.name = korean.substr(0, 3 * 255);
    a.description = korean + "<!channel>";
    a.state.reason = korean + " & " + korean;
    a.triggering_children.resize(3);
    for (auto& c : a.triggering_children) c.arn = "arn:aws:cloudwatch:us-east-1:1:alarm:" + korean;
    for (const auto style : {fmt::style::rich, fmt::style::compact, fmt::style::blueprint}) {
        fmt::options o;
        o.style = style;
        const std::string body = fmt::alarm_payload(a, o);
        const auto m = slack::parse_message(body);
        ASSERT_TRUE(m) << m.error().describe();
        const auto fitted = slack::fit(*m);
        EXPECT_TRUE(fitted.changes.empty()) << fitted.changes.front();
        const auto v = slack::validate(*m);
        EXPECT_FALSE(slack::has_errors(v)) << v.front().describe();
        if (style != fmt::style::blueprint) {  // the blueprint's text alone is far from its 40,000 limit
            EXPECT_NE(body.find("\xEA\xB2\xBD\xE2\x80\xA6"), std::string::npos);  // 경…
        }
        EXPECT_EQ(body.find("<!channel>"), std::string::npos);
    }
    const std::string text = fmt::text_payload(korean + korean, std::string(200, 's'));
    const auto m = slack::parse_message(text);
    ASSERT_TRUE(m);
    EXPECT_TRUE(slack::fit(*m).changes.empty());
}

TEST(FormatPayload, AppendsToAReusedBuffer) {
    const auto a = alarm_from("alarmbridge-sns-metric-3kb.json");
    const auto b = alarm_from("alarmbridge-sns-composite.json");
    std::string buffer;
    fmt::append_alarm_payload(buffer, a);
    const auto first = buffer.size();
    fmt::append_alarm_payload(buffer, b);
    EXPECT_EQ(buffer.substr(0, first), fmt::alarm_payload(a));
    EXPECT_EQ(buffer.substr(first), fmt::alarm_payload(b));
    buffer.clear();
    fmt::append_alarm_payload(buffer, b);  // nothing of the first alarm is left in the writer's buffers
    EXPECT_EQ(buffer, fmt::alarm_payload(b));
}

TEST(FormatPayload, RecordErrorsStayInPlaceAndBadInputFailsAsAWhole) {
    auto event = json::parse(ab::test::read_data("events/alarmbridge-sns-metric-3kb.json"));
    event["Records"].push_back({{"EventSource", "aws:sns"}, {"Sns", {{"Type", "Notification"}}}});  // no Message
    event["Records"].push_back(event["Records"][0]);
    const auto bodies = fmt::payloads(event.dump());
    ASSERT_TRUE(bodies);
    ASSERT_EQ(bodies->size(), 3u);
    EXPECT_TRUE((*bodies)[0]);
    ASSERT_FALSE((*bodies)[1]);
    EXPECT_EQ((*bodies)[1].error().code, ab::errc::missing_field);
    EXPECT_EQ((*bodies)[1].error().where, "/Records/1/Sns/Message");
    ASSERT_TRUE((*bodies)[2]);
    EXPECT_EQ(*(*bodies)[2], *(*bodies)[0]);
    const auto broken = fmt::payloads("{\"Records\": [");
    ASSERT_FALSE(broken);
    EXPECT_EQ(broken.error().code, ab::errc::json_syntax);
}

TEST(FormatSummary, EveryKindInEnglishAndKorean) {
    const auto& en = *fmt::find_locale("en");
    const auto& ko = *fmt::find_locale("ko");
    const auto metric = alarm_from("alarmbridge-sns-metric-seoul.json");
    EXPECT_EQ(fmt::trigger_summary(metric, en), "CPUUtilization (AWS/EC2) Average > 80 for 3 of 3 datapoints of 1 min");
    EXPECT_EQ(fmt::trigger_summary(metric, ko),
              "CPUUtilization (AWS/EC2) Average > 80 (1 \xEB\xB6\x84 \xEA\xB0\x84\xEA\xB2\xA9 \xEB\x8D\xB0\xEC\x9D\xB4\xED\x84\xB0 "
              "\xED\x8F\xAC\xEC\x9D\xB8\xED\x8A\xB8 3\xEA\xB0\x9C \xEC\xA4\x91 3\xEA\xB0\x9C)");
    const auto math = alarm_from("alarmbridge-eventbridge-metric-math.json");
    EXPECT_EQ(fmt::trigger_summary(math, en), "Error rate (%) = 100 * errors / requests");
    const auto math_sns = alarm_from("go-cloudwatch-alarm-sns-payload-multiple-metrics.json");
    EXPECT_EQ(fmt::trigger_summary(math_sns, en), "Expression1 = m1*1 > 0 for 1 of 1 datapoints of 1 min");
    const auto anomaly = alarm_from("alarmbridge-sns-anomaly-detection.json");
    EXPECT_EQ(fmt::trigger_summary(anomaly, en),
              "TargetResponseTime (AWS/ApplicationELB) p99 outside the band ANOMALY_DETECTION_BAND(m1, 2) for 2 of 3 datapoints of 5 min");
    const auto composite = alarm_from("alarmbridge-sns-composite.json");
    EXPECT_EQ(fmt::trigger_summary(composite, en), "Rule: ALARM(\"checkout-5xx\") OR ALARM(\"checkout-latency\")");
    EXPECT_EQ(fmt::find_locale("fr"), nullptr);
}

TEST(FormatMessage, RichHasEverythingAndStaysValid) {
    const auto a = alarm_from("alarmbridge-sns-metric-3kb.json");
    const auto m = fmt::alarm_message(a);
    EXPECT_TRUE(slack::validate(m).empty()) << slack::validate(m).front().describe();
    const std::string s = all_text(m);
    for (const char* expected : {"\"color\":\"danger\"", ":red_circle: ALARM: asg-web-cpu-high", "*State change*\\nOK \xE2\x86\x92 ALARM",
                                 "<!date^1795146389^{date_short_pretty} {time}|2026-11-20 03:46 UTC>",
                                 "Asia Pacific (Seoul) (ap-northeast-2)", "AutoScalingGroupName = web-prod",
                                 "\"action_id\":\"view_alarm\"", "\"action_id\":\"view_metric\"",
                                 "#metricsV2:graph=~(metrics~(~('AWS*2fEC2~'CPUUtilization~'AutoScalingGroupName~'web-prod))~region~'ap-northeast-2~stat~'Average~period~60)",
                                 "\"action_id\":\"runbook\",\"url\":\"https://wiki.example.com/runbooks/web-cpu\""})
        EXPECT_NE(s.find(expected), std::string::npos) << expected << "\n" << s;
    ASSERT_TRUE(m.text);
    EXPECT_EQ(m.text->rfind(":red_circle: ALARM: asg-web-cpu-high - CPUUtilization", 0), 0u);
}

TEST(FormatMessage, BlueprintIsTheBlueprintsSentenceEscaped) {
    auto a = alarm_from("alarmbridge-sns-metric-seoul.json");
    a.state.reason = "a <!channel> & b";
    fmt::options o;
    o.style = fmt::style::blueprint;
    const auto m = fmt::alarm_message(a, o);
    EXPECT_TRUE(m.blocks.empty());
    EXPECT_TRUE(m.attachments.empty());
    EXPECT_EQ(m.text, "web-cpu-high state is now ALARM: a &lt;!channel&gt; &amp; b");
}

// Alarm data that tries to ping, link or format: inert and readable in every style and locale.
TEST(FormatMessage, InjectionsStayInert) {
    const std::vector<std::string> attacks = {"<!channel>", "<!here>", "<!everyone>", "<@U024BE7LH>", "<!subteam^SAZ94GDB8>",
                                              "<https://evil.example|AWS console>", "a & b", "*bold* _it_",
                                              "\xEA\xB2\xBD\xEB\xB3\xB4 \xF0\x9F\x94\xA5"};
    for (const auto& attack : attacks) {
        auto a = alarm_from("alarmbridge-sns-metric-3kb.json");
        a.name = "name " + attack;
        a.description = "desc " + attack;
        a.state.reason = "reason " + attack;
        a.trigger->dimensions = {{"dim " + attack, "value " + attack}};
        for (const auto style : {fmt::style::rich, fmt::style::compact, fmt::style::blueprint}) {
            for (const char* locale : {"en", "ko"}) {
                fmt::options o;
                o.style = style;
                o.locale = locale;
                const std::string out = all_text(fmt::alarm_message(a, o));
                SCOPED_TRACE(attack + " " + locale);
                for (const char* live : {"<!channel>", "<!here>", "<!everyone>", "<@U024BE7LH>", "<!subteam^", "<https://evil"})
                    EXPECT_EQ(out.find(live), std::string::npos) << live << " is live in\n" << out;
                if (attack == "a & b") {
                    EXPECT_NE(out.find("a &amp; b"), std::string::npos);
                }
                if (attack.rfind("\xEA\xB2\xBD", 0) == 0) {
                    EXPECT_NE(out.find(attack), std::string::npos);  // readable
                }
            }
        }
    }
}

TEST(FormatMessage, MentionsOnAlarmOnlyAndOnlyFromWellFormedIds) {
    auto a = alarm_from("alarmbridge-sns-metric-seoul.json");
    fmt::options o;
    o.mention_groups = {"SAZ94GDB8", "not-an-id"};
    o.mention_users = {"U024BE7LH", "<!channel>"};
    o.mention_broadcast = slack::mrkdwn::broadcast::here;
    std::string s = all_text(fmt::alarm_message(a, o));
    EXPECT_NE(s.find("<!subteam^SAZ94GDB8> <@U024BE7LH> <!here>"), std::string::npos) << s;
    EXPECT_EQ(s.find("<!channel>"), std::string::npos);
    EXPECT_EQ(s.find("not-an-id"), std::string::npos);
    a.state.value = cw::alarm_state::ok;
    s = all_text(fmt::alarm_message(a, o));
    EXPECT_EQ(s.find("<!subteam^"), std::string::npos);
    EXPECT_EQ(s.find("<!here>"), std::string::npos);
    EXPECT_NE(s.find("\"color\":\"good\""), std::string::npos);
}

TEST(FormatMessage, OverridesAndEmoji) {
    auto a = alarm_from("alarmbridge-sns-composite.json");
    a.state.value = cw::alarm_state::insufficient_data;
    fmt::options o;
    o.channel = "#alerts";
    o.username = "CloudWatch";
    o.icon_emoji = ":cloud:";
    o.emoji_insufficient = ":grey_question:";
    const auto m = fmt::alarm_message(a, o);
    EXPECT_EQ(m.channel, "#alerts");
    EXPECT_EQ(m.username, "CloudWatch");
    EXPECT_EQ(m.icon_emoji, ":cloud:");
    EXPECT_NE(all_text(m).find(":grey_question: INSUFFICIENT_DATA: checkout-degraded"), std::string::npos);
    EXPECT_NE(all_text(m).find("checkout-5xx (ALARM)"), std::string::npos);  // triggering child
}

TEST(FormatMessage, LongTextsAreFittedNotRejected) {
    auto a = alarm_from("alarmbridge-sns-metric-3kb.json");
    a.name = std::string(300, 'n');
    a.description = std::string(5000, 'd');
    a.state.reason = std::string(5000, 'r');
    for (const auto style : {fmt::style::rich, fmt::style::compact, fmt::style::blueprint}) {
        fmt::options o;
        o.style = style;
        const auto m = fmt::alarm_message(a, o);
        const auto v = slack::validate(m);
        EXPECT_FALSE(slack::has_errors(v)) << v.front().describe();
        ASSERT_TRUE(m.text);
        EXPECT_FALSE(m.text->empty());
    }
}

TEST(FormatMessage, PlainTextSnsMessagesAreEscapedText) {
    const auto m = fmt::text_message("Deploy <!channel> done & dusted", std::string("Deploys"));
    EXPECT_EQ(m.text, "Deploys: Deploy &lt;!channel&gt; done &amp; dusted");
    EXPECT_TRUE(slack::validate(m).empty());
    EXPECT_EQ(all_text(m).find("<!channel>"), std::string::npos);
}
