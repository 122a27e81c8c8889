#include <alarmbridge/format/alarm_message.hpp>

#include <gtest/gtest.h>

#include "slack_live_markup.hpp"
#include "test_support.hpp"

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <random>
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

namespace {
/// payloads(bytes) against the owned path it must agree with: parse_event, then payloads(event).
void expect_same_as_owned_path(const std::string& bytes, const fmt::options& o, const std::string& what) {
    SCOPED_TRACE(what);
    const auto fast = fmt::payloads(bytes, o);
    const auto e = ab::parse_event(bytes);
    if (!e) {
        ASSERT_FALSE(fast) << "accepted what parse_event refuses";
        EXPECT_EQ(fast.error().code, e.error().code);
        EXPECT_EQ(fast.error().where, e.error().where);
        return;
    }
    ASSERT_TRUE(fast) << fast.error().describe();
    const auto owned = fmt::payloads(*e, o);
    ASSERT_EQ(fast->size(), owned.size());
    for (std::size_t i = 0; i < owned.size(); ++i) {
        ASSERT_EQ(static_cast<bool>((*fast)[i]), static_cast<bool>(owned[i])) << "record " << i;
        if (!owned[i]) {
            EXPECT_EQ((*fast)[i].error().code, owned[i].error().code) << "record " << i;
            EXPECT_EQ((*fast)[i].error().where, owned[i].error().where) << "record " << i;
        } else {
            EXPECT_EQ(*(*fast)[i], *owned[i]) << "record " << i;
        }
    }
}

json random_value(std::mt19937& rng) {
    switch (rng() % 8) {
        case 0: return nullptr;
        case 1: return 42;
        case 2: return -0.5;
        case 3: return "<!channel> & \xEA\xB2\xBD";
        case 4: return json::array({"a", 1});
        case 5: return json::object({{"x", "y"}});
        case 6: return true;
        default: return "";
    }
}

/// One random change somewhere in the event: a value replaced, a key removed or added, at any
/// depth of the envelope or of the alarm inside its Message.
void mutate(json& j, std::mt19937& rng, int depth = 0) {
    if (j.is_string() && depth > 0 && rng() % 3 == 0) {
        // An embedded alarm: change it inside, then write it back.
        auto inner = json::parse(j.get<std::string>(), nullptr, false);
        if (inner.is_object()) {
            mutate(inner, rng, depth + 1);
            j = inner.dump();
            return;
        }
    }
    if ((!j.is_object() && !j.is_array()) || j.empty() || rng() % 5 == 0) {
        j = random_value(rng);
        return;
    }
    auto it = j.begin();
    std::advance(it, static_cast<long>(rng() % j.size()));
    if (j.is_object()) {
        const int action = static_cast<int>(rng() % 4);
        if (action == 0) {
            j.erase(it.key());
        } else if (action == 1) {
            j["Extra" + std::to_string(rng() % 3)] = random_value(rng);
        } else {
            mutate(*it, rng, depth + 1);
        }
    } else {
        mutate(*it, rng, depth + 1);
    }
}
}  // namespace

// payloads(bytes) reads Lambda SNS alarm events through views and everything else through the
// owned model; whatever it is given, the answer must be the owned path's, byte for byte and error
// for error. Every corpus event, then 400 random changes of each (deterministic seed, bounded).
TEST(FormatPayload, TheViewPathAgreesWithTheOwnedPath) {
    fmt::options o;
    o.mention_groups = {"S0614TZR7"};
    std::mt19937 rng(2026);
    std::size_t tried = 0;
    for (const auto& path : ab::test::data_files("events")) {
        const std::string bytes = ab::test::read_file(path);
        const std::string name = path.filename().string();
        expect_same_as_owned_path(bytes, o, name);
        const auto original = json::parse(bytes);
        for (int i = 0; i < 400; ++i) {
            json changed = original;
            for (int n = 1 + static_cast<int>(rng() % 3); n > 0; --n) mutate(changed, rng);
            expect_same_as_owned_path(changed.dump(), o, name + " change " + std::to_string(i));
            if (::testing::Test::HasFailure()) return;
            ++tried;
        }
    }
    // Every key of every embedded alarm taken away, alone and two at a time (what is derived
    // from what: region from the ARN, the display name or the topic; kind from the trigger).
    for (const auto& path : ab::test::data_files("events")) {
        const auto original = json::parse(ab::test::read_file(path));
        if (!original.contains("Records")) continue;
        for (std::size_t r = 0; r < original["Records"].size(); ++r) {
            const json& message = original["Records"][r]["Sns"]["Message"];
            const auto alarm = message.is_string() ? json::parse(message.get<std::string>(), nullptr, false) : json();
            if (!alarm.is_object()) continue;
            std::vector<std::string> keys;
            for (const auto& item : alarm.items()) keys.push_back(item.key());
            for (std::size_t a = 0; a < keys.size(); ++a) {
                for (std::size_t b = a; b < keys.size(); ++b) {
                    json changed = original;
                    json inner = alarm;
                    inner.erase(keys[a]);
                    inner.erase(keys[b]);
                    changed["Records"][r]["Sns"]["Message"] = inner.dump();
                    expect_same_as_owned_path(changed.dump(), o,
                                              path.filename().string() + " without " + keys[a] + ", " + keys[b]);
                    if (::testing::Test::HasFailure()) return;
                    ++tried;
                }
            }
        }
    }
    // The same for alarms on their own (EventBridge, Lambda action, bare alarm JSON): every key
    // down to the state and configuration taken away, alone and two at a time.
    for (const auto& path : ab::test::data_files("events")) {
        const auto original = json::parse(ab::test::read_file(path));
        if (!original.is_object() || original.contains("Records")) continue;
        std::vector<json::json_pointer> pointers;
        const json flat = original.flatten();
        for (const auto& item : flat.items()) {
            json::json_pointer p(item.key());
            while (!p.empty()) {
                if (p.to_string().size() < 60 && std::count(pointers.begin(), pointers.end(), p) == 0) pointers.push_back(p);
                p = p.parent_pointer();
            }
        }
        for (std::size_t a = 0; a < pointers.size(); ++a) {
            for (std::size_t b = a; b < pointers.size(); ++b) {
                json changed = original;
                for (const auto& p : {pointers[a], pointers[b]}) {
                    if (!changed.contains(p)) continue;
                    json& parent = changed[p.parent_pointer()];
                    if (parent.is_object()) parent.erase(p.back());
                }
                expect_same_as_owned_path(changed.dump(), o, path.filename().string() + " without " +
                                                                 pointers[a].to_string() + ", " + pointers[b].to_string());
                if (::testing::Test::HasFailure()) return;
                ++tried;
            }
        }
    }
    // And shapes the view path hands over on purpose: a composite whose children are in its
    // reason data, a Message that is an object, text, a subscription confirmation, too large.
    auto event = json::parse(ab::test::read_data("events/alarmbridge-sns-composite.json"));
    auto alarm = json::parse(event["Records"][0]["Sns"]["Message"].get<std::string>());
    alarm.erase("TriggeringChildren");
    alarm["NewStateReasonData"] = R"({"triggeringAlarms":[{"arn":"arn:aws:cloudwatch:us-east-1:1:alarm:child","state":{"value":"ALARM"}}]})";
    event["Records"][0]["Sns"]["Message"] = alarm.dump();
    expect_same_as_owned_path(event.dump(), o, "composite children from reason data");
    event["Records"][0]["Sns"]["Message"] = alarm;
    expect_same_as_owned_path(event.dump(), o, "Message as an object");
    event["Records"][0]["Sns"]["Message"] = "plain <!here> text";
    expect_same_as_owned_path(event.dump(), o, "text");
    event["Records"][0]["Sns"]["Type"] = "SubscriptionConfirmation";
    expect_same_as_owned_path(event.dump(), o, "subscription confirmation");
    ab::parse_options small;
    small.max_message_bytes = 10;
    event["Records"][0]["Sns"]["Type"] = "Notification";
    event["Records"][0]["Sns"]["Message"] = alarm.dump();
    const auto refused = fmt::payloads(event.dump(), o, small);
    ASSERT_TRUE(refused);
    ASSERT_FALSE((*refused)[0]);
    EXPECT_EQ((*refused)[0].error().code, ab::errc::too_large);
    EXPECT_GE(tried, 400u * 20u);
}

// The recent datapoints are the model's (the reader fills them from the reason data, see
// cloudwatch_alarm_test): written in order, up to ten significant digits; none, no line.
TEST(FormatMessage, RecentDatapointsFromTheModel) {
    auto a = alarm_from("alarmbridge-sns-metric-3kb.json");
    auto datapoints_of = [&](std::vector<double> values) {
        a.state.recent_datapoints = std::move(values);
        const std::string body = fmt::alarm_payload(a);
        const auto at = body.find("Recent datapoints: ");
        if (at == std::string::npos) return std::string("-");
        return body.substr(at + 19, body.find('"', at) - at - 19);
    };
    EXPECT_EQ(datapoints_of({91.2, 88, 100, -0.5}), "91.2, 88, 100, -0.5");
    EXPECT_EQ(datapoints_of({}), "-");
    EXPECT_EQ(datapoints_of({1.2345678901234568e29}), "1.23456789e+29");
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
                                 "#metricsV2:graph=~(metrics~(~('AWS*2fEC2~'CPUUtilization~'AutoScalingGroupName~'web-prod))~region~'ap-northeast-2~stat~'Average~period~60)"})
        EXPECT_NE(s.find(expected), std::string::npos) << expected << "\n" << s;
    ASSERT_TRUE(m.text);
    EXPECT_EQ(m.text->rfind(":red_circle: ALARM: asg-web-cpu-high - CPUUtilization", 0), 0u);
}

namespace {
/// Every URL of the payload (url fields and links in mrkdwn), through the one live-markup helper.
std::set<std::string> urls_of(const slack::message& m) {
    json j;
    to_json(j, m);
    return ab::test::live_in(j).urls;
}
const std::string console_3kb = "https://ap-northeast-2.console.aws.amazon.com/cloudwatch/home?region=ap-northeast-2#alarmsV2:alarm/asg-web-cpu-high";
const std::string metric_3kb = "https://ap-northeast-2.console.aws.amazon.com/cloudwatch/home?region=ap-northeast-2#metricsV2:graph=~(metrics~(~('AWS*2fEC2~'CPUUtilization~'AutoScalingGroupName~'web-prod))~region~'ap-northeast-2~stat~'Average~period~60)";
}  // namespace

// The description's link ("Runbook: https://wiki.example.com/runbooks/web-cpu") is free text: by
// default it is never made a button. Every URL in the payload is inspected, not searched for.
TEST(FormatRunbook, NeverFromFreeTextByDefault) {
    auto a = alarm_from("alarmbridge-sns-metric-3kb.json");
    EXPECT_EQ(urls_of(fmt::alarm_message(a)), (std::set<std::string>{console_3kb, metric_3kb}));
    a.description = "see https://evil.example/login?next=aws";  // the issue's reproduction
    EXPECT_EQ(urls_of(fmt::alarm_message(a)), (std::set<std::string>{console_3kb, metric_3kb}));
}

// A host allowlist: the first https link of the description on an allowed host is the button;
// links elsewhere, with user info, over http or not parseable are not.
TEST(FormatRunbook, FromTheDescriptionOnlyOnAnAllowedHost) {
    auto a = alarm_from("alarmbridge-sns-metric-3kb.json");
    fmt::options o;
    o.runbook_hosts = {"wiki.example.com", "*.runbooks.example.org"};
    const std::set<std::string> base{console_3kb, metric_3kb};
    auto with = [&](const std::string& url) {
        auto s = base;
        s.insert(url);
        return s;
    };
    EXPECT_EQ(urls_of(fmt::alarm_message(a, o)), with("https://wiki.example.com/runbooks/web-cpu"));
    for (const auto& [description, expected] : std::vector<std::pair<std::string, std::set<std::string>>>{
             {"https://evil.example/x then https://WIKI.example.com/r/1.", with("https://WIKI.example.com/r/1")},
             {"https://wiki.example.com@evil.example/x", base},
             {"https://wiki.example.com.evil.example/x", base},
             {"http://wiki.example.com/plain", base},
             {"https://eu.runbooks.example.org/a?b=c", with("https://eu.runbooks.example.org/a?b=c")},
             {"https://runbooks.example.org/apex", base},
             {"<https://wiki.example.com/x|AWS console>", with("https://wiki.example.com/x")},
             {"https://wiki.example.com/" + std::string(3100, 'p'), base},
             {"https://wiki.example.com/a b", with("https://wiki.example.com/a")},
             {"nothing here", base}}) {
        a.description = description;
        EXPECT_EQ(urls_of(fmt::alarm_message(a, o)), expected) << description;
    }
}

// A URL template: the alarm's name, region and account percent-encoded into it.
TEST(FormatRunbook, FromAUrlTemplate) {
    auto a = alarm_from("alarmbridge-sns-metric-3kb.json");
    a.name = "web cpu/<high>&x";
    fmt::options o;
    o.runbook_url = "https://wiki.example.com/runbooks/{alarm_name}?region={region}&account={account_id}&{other}";
    const auto urls = urls_of(fmt::alarm_message(a, o));
    EXPECT_TRUE(urls.count("https://wiki.example.com/runbooks/web%20cpu%2F%3Chigh%3E%26x?region=ap-northeast-2&account=123456789012&{other}"))
        << *urls.rbegin();
    o.runbook_hosts = {"wiki.example.com"};  // a description link on an allowed host wins
    EXPECT_TRUE(urls_of(fmt::alarm_message(a, o)).count("https://wiki.example.com/runbooks/web-cpu"));
    o.runbook_hosts.clear();
    for (const char* bad : {"javascript:alert(1)", "not a url", "https://user:pw@wiki.example.com/{alarm_name}"}) {
        o.runbook_url = bad;
        EXPECT_EQ(urls_of(fmt::alarm_message(a, o)).size(), 2u) << bad;  // console and metric only
    }
    o.runbook_url = "https://wiki.example.com/{alarm_name}";
    a.name = std::string(1200, '<');  // 3 600 characters encoded: left out
    for (const auto& url : urls_of(fmt::alarm_message(a, o))) EXPECT_EQ(url.find("wiki.example.com"), std::string::npos);
}

TEST(FormatMessage, AnIconUrlTooLongForSlackIsLeftOut) {
    const auto a = alarm_from("alarmbridge-sns-metric-3kb.json");
    fmt::options o;
    o.icon_url = "https://icons.example.com/" + std::string(2974, 'i');  // exactly 3000
    EXPECT_EQ(fmt::alarm_message(a, o).icon_url, o.icon_url);
    *o.icon_url += 'i';
    EXPECT_FALSE(fmt::alarm_message(a, o).icon_url);
    EXPECT_FALSE(slack::has_errors(slack::validate(fmt::alarm_message(a, o))));
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
                // Live: only the date the formatter writes and the console's links.
                const auto live = ab::test::live_in(json::parse(out));
                for (const auto& token : live.tokens)
                    EXPECT_TRUE(token.rfind("<!date^", 0) == 0 || token.rfind("<" + console_3kb.substr(0, 60), 0) == 0) << token;
                for (const auto& url : live.urls)
                    EXPECT_EQ(url.rfind("https://ap-northeast-2.console.aws.amazon.com/cloudwatch/", 0), 0u) << url;
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
