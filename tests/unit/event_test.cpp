#include <alarmbridge/event.hpp>

#include <gtest/gtest.h>

#include "test_support.hpp"

#include <functional>
#include <random>
#include <thread>

namespace ab = alarmbridge;
namespace cw = alarmbridge::cloudwatch;
using nlohmann::json;

namespace {

ab::event parse_ok(const std::string& bytes) {
    auto e = ab::parse_event(bytes);
    EXPECT_TRUE(e) << e.error().describe();
    return e ? std::move(*e) : ab::event{};
}

const cw::alarm& alarm_of(const ab::event& e, std::size_t i) {
    static const cw::alarm none;
    if (i >= e.records.size() || !e.records[i]) {
        ADD_FAILURE() << "record " << i << " is missing or failed";
        return none;
    }
    const auto* a = std::get_if<cw::alarm>(&e.records[i]->body);
    if (!a) ADD_FAILURE() << "record " << i << " is not an alarm";
    return a ? *a : none;
}

std::string text_of(const ab::event& e, std::size_t i) {
    if (i >= e.records.size() || !e.records[i]) return "<failed>";
    const auto* t = std::get_if<ab::text_message>(&e.records[i]->body);
    return t ? t->text : "<not text>";
}

/// One expected record of a corpus file: an alarm (kind, name, state, region) or a text.
struct expected_record {
    const char* kind;  // alarm kind, or "text"
    const char* name_or_text;
    const char* state;
    const char* region;  // "" when the payload does not allow one
};

struct corpus_case {
    const char* file;
    ab::event_kind kind;
    std::vector<expected_record> records;
};

}  // namespace

TEST(ParseEvent, EveryCorpusEvent) {
    const std::vector<corpus_case> cases = {
        {"assertible-sns-cloudwatch-event.json", ab::event_kind::sns_lambda_event,
         {{"metric", "awsrds-app-High-DB-Connections", "ALARM", "us-west-2"}}},
        {"assertible-sns-event.json", ab::event_kind::sns_lambda_event, {{"metric", "Sample Alert", "ALARM", "eu-west-1"}}},
        {"go-cloudwatch-alarm-sns-payload-multiple-metrics.json", ab::event_kind::sns_lambda_event,
         {{"metric_math", "EXAMPLE", "ALARM", ""}}},
        {"go-cloudwatch-alarm-sns-payload-single-metric.json", ab::event_kind::sns_lambda_event,
         {{"metric", "EXAMPLE", "ALARM", ""}}},
        {"go-sns-event.json", ab::event_kind::sns_lambda_event, {{"text", "Hello from SNS!", "", ""}}},
        {"notify-slack-event-cloudwatch_alarm.json", ab::event_kind::bare_alarm, {{"metric", "Example", "ALARM", "eu-west-1"}}},
        {"notify-slack-message-cloudwatch_alarm.json", ab::event_kind::sns_lambda_event,
         {{"metric", "DBMigrationRequired", "OK", "us-east-1"}}},
        {"notify-slack-message-text_message.json", ab::event_kind::sns_lambda_event,
         {{"text", "This\nis\na typical multi-line\nmessage from SNS!\n\nHave a ~good~ amazing day! :)", "", ""}}},
        {"rust-example-cloudwatch-alarm-composite-with-suppressor-alarm.json", ab::event_kind::alarm_lambda_action,
         {{"composite", "ServiceAggregatedAlarm", "ALARM", "us-east-1"}}},
        {"rust-example-cloudwatch-alarm-composite.json", ab::event_kind::alarm_lambda_action,
         {{"composite", "CompositeDemo.Main", "ALARM", "us-east-1"}}},
        {"rust-example-cloudwatch-alarm-metric.json", ab::event_kind::alarm_lambda_action,
         {{"metric", "lambda-demo-metric-alarm", "ALARM", "us-east-1"}}},
        {"rust-example-cloudwatch-alarm-sns-payload-multiple-metrics.json", ab::event_kind::sns_lambda_event,
         {{"metric_math", "EXAMPLE", "ALARM", ""}, {"metric_math", "EXAMPLE", "ALARM", ""}}},
        {"rust-example-cloudwatch-alarm-sns-payload-single-metric.json", ab::event_kind::sns_lambda_event,
         {{"metric", "EXAMPLE", "ALARM", ""}}},
        {"rust-example-sns-event-obj.json", ab::event_kind::sns_lambda_event,
         {{"text", "{\"foo\":\"Hello world!\",\"bar\":123}", "", ""}}},
        {"rust-example-sns-event-pascal-case.json", ab::event_kind::sns_lambda_event, {{"text", "Hello\r\nworld!", "", ""}}},
        {"rust-example-sns-event.json", ab::event_kind::sns_lambda_event, {{"text", "Hello\r\nworld!", "", ""}}},
        {"alarmbridge-sns-metric-3kb.json", ab::event_kind::sns_lambda_event,
         {{"metric", "asg-web-cpu-high", "ALARM", "ap-northeast-2"}}},
        {"alarmbridge-sns-metric-seoul.json", ab::event_kind::sns_lambda_event,
         {{"metric", "web-cpu-high", "ALARM", "ap-northeast-2"}}},
        {"alarmbridge-sns-anomaly-detection.json", ab::event_kind::sns_lambda_event,
         {{"anomaly_detection", "api-latency-anomaly", "ALARM", "us-west-2"}}},
        {"alarmbridge-sns-composite.json", ab::event_kind::sns_lambda_event,
         {{"composite", "checkout-degraded", "ALARM", "eu-west-1"}}},
        {"alarmbridge-eventbridge-metric-math.json", ab::event_kind::eventbridge,
         {{"metric_math", "orders-error-rate", "ALARM", "ap-northeast-2"}}},
        {"alarmbridge-sns-mixed-records.json", ab::event_kind::sns_lambda_event,
         {{"metric", "gov-disk-full", "ALARM", "us-gov-west-1"},
          {"text", "Deployment finished: <!channel> v1.2.3 is live", "", ""},
          {"metric", "cn-queue-depth", "ALARM", "cn-northwest-1"},
          {"metric", "web-cpu-high", "ALARM", "ap-northeast-2"}}},
    };
    std::size_t files = 0;
    for (const auto& path : ab::test::data_files("events")) files += path.extension() == ".json";
    EXPECT_EQ(files, cases.size()) << "every file in tests/data/events has a row here";

    for (const auto& c : cases) {
        SCOPED_TRACE(c.file);
        const auto e = parse_ok(ab::test::read_data(std::string("events/") + c.file));
        EXPECT_EQ(e.kind, c.kind);
        ASSERT_EQ(e.records.size(), c.records.size());
        for (std::size_t i = 0; i < c.records.size(); ++i) {
            const auto& want = c.records[i];
            ASSERT_TRUE(e.records[i]) << e.records[i].error().describe();
            if (std::string_view(want.kind) == "text") {
                EXPECT_EQ(text_of(e, i), want.name_or_text);
                continue;
            }
            const auto& a = alarm_of(e, i);
            EXPECT_EQ(cw::to_string(a.kind), want.kind);
            EXPECT_EQ(a.name, want.name_or_text);
            EXPECT_EQ(cw::to_string(a.state.value), want.state);
            EXPECT_EQ(a.region.value_or(""), want.region);
            EXPECT_TRUE(a.state.timestamp.empty() || a.state.timestamp.epoch_ms) << a.state.timestamp.raw;
        }
    }
}

TEST(ParseEvent, LambdaRecordFieldsAndEnvelopeAreKept) {
    const auto e = parse_ok(ab::test::read_data("events/go-sns-event.json"));
    ASSERT_EQ(e.records.size(), 1u);
    const auto& rec = *e.records[0];
    ASSERT_TRUE(rec.lambda);
    EXPECT_EQ(rec.lambda->event_source, "aws:sns");
    EXPECT_EQ(rec.lambda->event_version, "1.0");
    EXPECT_EQ(rec.lambda->event_subscription_arn, "arn:aws:sns:EXAMPLE");
    ASSERT_TRUE(rec.sns);
    EXPECT_EQ(rec.sns->subject, "TestInvoke");
    EXPECT_EQ(rec.sns->spelling, ab::sns::key_spelling::url_camel);
    EXPECT_EQ(rec.sns->message_attributes.at("TestBinary").type, "Binary");
    EXPECT_EQ(rec.sns->message_attributes.at("Test").value, "TestString");
}

TEST(ParseEvent, BothKeySpellingsReadTheSame) {
    const auto upper = parse_ok(ab::test::read_data("events/rust-example-sns-event.json"));
    const auto camel = parse_ok(ab::test::read_data("events/rust-example-sns-event-pascal-case.json"));
    const auto& u = *upper.records[0]->sns;
    const auto& c = *camel.records[0]->sns;
    EXPECT_EQ(u.spelling, ab::sns::key_spelling::url_upper);
    EXPECT_EQ(c.spelling, ab::sns::key_spelling::url_camel);
    EXPECT_EQ(u.signing_cert_url, c.signing_cert_url);
    EXPECT_EQ(u.unsubscribe_url, c.unsubscribe_url);
    ASSERT_TRUE(u.signing_cert_url);
}

TEST(ParseEvent, MessageAsAnObject) {
    const auto e = parse_ok(ab::test::read_data("events/alarmbridge-sns-mixed-records.json"));
    ASSERT_EQ(e.records.size(), 4u);
    EXPECT_TRUE(e.records[3]->sns->message_was_object);
    EXPECT_EQ(alarm_of(e, 3).trigger->metric_name, "CPUUtilization");
    EXPECT_FALSE(e.records[0]->sns->message_was_object);
}

TEST(ParseEvent, NullDescriptionIsAbsent) {
    const auto e = parse_ok(ab::test::read_data("events/assertible-sns-event.json"));
    EXPECT_FALSE(alarm_of(e, 0).description);
    EXPECT_FALSE(alarm_of(e, 0).trigger->unit);
}

TEST(ParseEvent, SnsHttpBodyCarryingAnAlarm) {
    const auto lambda = json::parse(ab::test::read_data("events/alarmbridge-sns-metric-seoul.json"));
    json body = lambda["Records"][0]["Sns"];
    for (const char* key : {"SigningCertUrl", "UnsubscribeUrl"}) {
        std::string upper = key;
        upper.replace(upper.size() - 3, 3, "URL");
        body[upper] = body[key];
        body.erase(key);
    }
    const auto e = parse_ok(body.dump());
    EXPECT_EQ(e.kind, ab::event_kind::sns_http_body);
    ASSERT_EQ(e.records.size(), 1u);
    EXPECT_FALSE(e.records[0]->lambda);
    EXPECT_EQ(alarm_of(e, 0).name, "web-cpu-high");
    EXPECT_EQ(e.records[0]->sns->spelling, ab::sns::key_spelling::url_upper);
}

TEST(ParseEvent, EventBridgeEventForwardedThroughSns) {
    json lambda = json::parse(ab::test::read_data("events/alarmbridge-sns-metric-seoul.json"));
    lambda["Records"][0]["Sns"]["Message"] = ab::test::read_data("events/alarmbridge-eventbridge-metric-math.json");
    const auto e = parse_ok(lambda.dump());
    const auto& a = alarm_of(e, 0);
    EXPECT_EQ(a.origin, cw::alarm_origin::eventbridge);
    EXPECT_EQ(a.kind, cw::alarm_kind::metric_math);
}

TEST(ParseEvent, SubscriptionConfirmationIsText) {
    const auto e = parse_ok(ab::test::read_data("sns-signed/subscription-confirmation.json"));
    EXPECT_EQ(e.kind, ab::event_kind::sns_http_body);
    EXPECT_EQ(text_of(e, 0).rfind("You have chosen to subscribe", 0), 0u);
    EXPECT_EQ(e.records[0]->sns->type, ab::sns::message_type::subscription_confirmation);
}

TEST(ParseEvent, TheRegionFallsBackToTheTopic) {
    json lambda = json::parse(ab::test::read_data("events/alarmbridge-sns-metric-seoul.json"));
    json alarm = json::parse(lambda["Records"][0]["Sns"]["Message"].get<std::string>());
    alarm.erase("AlarmArn");
    alarm["Region"] = "Somewhere New";
    lambda["Records"][0]["Sns"]["Message"] = alarm.dump();
    const auto e = parse_ok(lambda.dump());
    EXPECT_EQ(alarm_of(e, 0).region, "ap-northeast-2");  // from TopicArn
}

TEST(ParseEvent, ABadRecordFailsAloneAndNamesItsField) {
    json lambda = json::parse(ab::test::read_data("events/alarmbridge-sns-mixed-records.json"));
    json alarm = json::parse(lambda["Records"][2]["Sns"]["Message"].get<std::string>());
    alarm["Trigger"]["Threshold"] = "80";
    lambda["Records"][2]["Sns"]["Message"] = alarm.dump();
    lambda["Records"][1]["Sns"].erase("Message");
    const auto e = parse_ok(lambda.dump());
    ASSERT_EQ(e.records.size(), 4u);
    EXPECT_TRUE(e.records[0]);
    ASSERT_FALSE(e.records[1]);
    EXPECT_EQ(e.records[1].error().code, ab::errc::missing_field);
    EXPECT_EQ(e.records[1].error().where, "/Records/1/Sns/Message");
    ASSERT_FALSE(e.records[2]);
    EXPECT_EQ(e.records[2].error().code, ab::errc::wrong_type);
    EXPECT_EQ(e.records[2].error().where, "/Records/2/Sns/Message/Trigger/Threshold");
    EXPECT_TRUE(e.records[3]);
}

TEST(ParseEvent, EmptyRecordsIsAnEmptyEvent) {
    const auto e = parse_ok("{\"Records\": []}");
    EXPECT_EQ(e.kind, ab::event_kind::sns_lambda_event);
    EXPECT_TRUE(e.records.empty());
}

// Every broken input gives its code and pointer: no crash, no exception, nothing hangs.
TEST(ParseEvent, BrokenInputs) {
    const std::string good = ab::test::read_data("events/alarmbridge-sns-metric-seoul.json");
    const json good_json = json::parse(good);
    auto with = [&good_json](const std::function<void(json&)>& mutate) {
        json j = good_json;
        mutate(j);
        return j.dump();
    };
    auto with_alarm = [&](const std::function<void(json&)>& mutate) {
        return with([&](json& j) {
            json alarm = json::parse(j["Records"][0]["Sns"]["Message"].get<std::string>());
            mutate(alarm);
            j["Records"][0]["Sns"]["Message"] = alarm.dump();
        });
    };
    std::string deep(100000, '[');
    deep += std::string(100000, ']');
    std::string deep_inside = "{\"Records\":[{\"EventSource\":\"aws:sns\",\"Sns\":{\"Type\":\"Notification\",\"Message\":\"x\",\"Deep\":" +
                              deep + "}}]}";
    std::string bad_utf8 = good;
    bad_utf8.replace(bad_utf8.find("web-cpu-high"), 3, "\xC3\x28\xA0");
    const std::string big_message = with([](json& j) { j["Records"][0]["Sns"]["Message"] = std::string(2 * 1024 * 1024, 'a'); });

    struct case_t {
        const char* name;
        std::string input;
        ab::errc code;
        const char* where;
        bool whole;  // the whole input fails (else: record 0 fails)
    };
    const std::vector<case_t> cases = {
        {"empty", "", ab::errc::json_syntax, "", true},
        {"whitespace", "  \n ", ab::errc::json_syntax, "", true},
        {"truncated", good.substr(0, good.size() / 2), ab::errc::json_syntax, "", true},
        {"trailing garbage", good + " x", ab::errc::json_syntax, "", true},
        {"two documents", good + good, ab::errc::json_syntax, "", true},
        {"not an object", "[1, 2, 3]", ab::errc::unrecognized_event, "", true},
        {"a string", "\"Records\"", ab::errc::unrecognized_event, "", true},
        {"unknown object", "{\"hello\": \"world\"}", ab::errc::unrecognized_event, "", true},
        {"Records not an array", "{\"Records\": {}}", ab::errc::wrong_type, "/Records", true},
        {"Records null", "{\"Records\": null}", ab::errc::wrong_type, "/Records", true},
        {"record not an object", "{\"Records\": [42]}", ab::errc::wrong_type, "/Records/0", false},
        {"Sns missing", with([](json& j) { j["Records"][0].erase("Sns"); }), ab::errc::missing_field, "/Records/0/Sns", false},
        {"not SNS", with([](json& j) { j["Records"][0]["EventSource"] = "aws:sqs"; }), ab::errc::bad_value,
         "/Records/0/EventSource", false},
        {"Message missing", with([](json& j) { j["Records"][0]["Sns"].erase("Message"); }), ab::errc::missing_field,
         "/Records/0/Sns/Message", false},
        {"Message a number", with([](json& j) { j["Records"][0]["Sns"]["Message"] = 3; }), ab::errc::wrong_type,
         "/Records/0/Sns/Message", false},
        {"Message an array", with([](json& j) { j["Records"][0]["Sns"]["Message"] = json::array(); }),
         ab::errc::wrong_type, "/Records/0/Sns/Message", false},
        {"Threshold a string", with_alarm([](json& a) { a["Trigger"]["Threshold"] = "80.0"; }), ab::errc::wrong_type,
         "/Records/0/Sns/Message/Trigger/Threshold", false},
        {"state unknown", with_alarm([](json& a) { a["NewStateValue"] = "PANIC"; }), ab::errc::bad_value,
         "/Records/0/Sns/Message/NewStateValue", false},
        {"Dimensions wrong", with_alarm([](json& a) { a["Trigger"]["Dimensions"] = "InstanceId=i-1"; }),
         ab::errc::wrong_type, "/Records/0/Sns/Message/Trigger/Dimensions", false},
        {"100000 nested arrays", deep, ab::errc::too_deep, "", true},
        {"100000 nested arrays inside a record", deep_inside, ab::errc::too_deep, "", true},
        {"invalid UTF-8", bad_utf8, ab::errc::json_syntax, "", true},
        {"a 2 MB Message", big_message, ab::errc::too_large, "/Records/0/Sns/Message", false},
        {"over the input limit", std::string(7 * 1024 * 1024, ' '), ab::errc::too_large, "", true},
        {"broken JSON in a later unknown field",
         good.substr(0, good.rfind('}')) + ", \"x\": [1, tru]}", ab::errc::json_syntax, "", true},
        {"EventBridge other detail-type",
         "{\"detail-type\":\"EC2 Instance State-change Notification\",\"detail\":{\"alarmName\":\"a\",\"state\":{\"value\":\"OK\"}}}",
         ab::errc::bad_value, "/detail-type", false},
        {"EventBridge without state", "{\"detail-type\":\"CloudWatch Alarm State Change\",\"detail\":{\"alarmName\":\"a\"}}",
         ab::errc::missing_field, "/detail/state", false},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        const auto e = ab::parse_event(c.input);
        if (c.whole) {
            ASSERT_FALSE(e) << "expected the whole input to fail";
            EXPECT_EQ(ab::to_string(e.error().code), ab::to_string(c.code)) << e.error().describe();
            EXPECT_EQ(e.error().where, c.where);
            EXPECT_FALSE(e.error().message.empty());
        } else {
            ASSERT_TRUE(e) << e.error().describe();
            ASSERT_EQ(e->records.size(), 1u);
            ASSERT_FALSE(e->records[0]) << "expected record 0 to fail";
            EXPECT_EQ(ab::to_string(e->records[0].error().code), ab::to_string(c.code)) << e->records[0].error().describe();
            EXPECT_EQ(e->records[0].error().where, c.where);
        }
    }
}

// Nesting inside a key we keep but do not model: kept up to the limit, refused past it (the parser
// refuses documents nested past 1000 levels before a field is read).
// Malformed JSON says where it goes wrong (line and column from 1, byte offset from 0) and what
// was expected, without quoting the input.
TEST(ParseEvent, MalformedJsonSaysWhere) {
    auto message_of = [](const std::string& bytes) {
        const auto e = ab::parse_event(bytes);
        EXPECT_FALSE(e);
        if (e) return std::string();
        EXPECT_EQ(e.error().code, ab::errc::json_syntax);
        EXPECT_EQ(e.error().where, "");
        return e.error().message;
    };
    const std::string secretish = "{\n  \"Records\": [\n    {\"x\": tru3-SECRET}\n  ]\n}";
    const auto m = message_of(secretish);
    EXPECT_NE(m.find("invalid JSON at line 3, column 14 (byte 30): "), std::string::npos) << m;
    EXPECT_NE(m.find("invalid literal"), std::string::npos) << m;
    EXPECT_EQ(m.find("SECRET"), std::string::npos) << m;
    EXPECT_EQ(m.find("tru3"), std::string::npos) << m;
    EXPECT_NE(message_of("").find("line 1, column 1 (byte 0)"), std::string::npos);
    EXPECT_NE(message_of("{\"a\":1} x").find("line 1, column 9 (byte 8)"), std::string::npos);
    EXPECT_NE(message_of("{\"a\":\"\xff\"}").find("line 1, column 7 (byte 6)"), std::string::npos);
}

TEST(ParseEvent, DeepValuesAreKeptUpToTheLimitAndRefusedPastIt) {
    auto event_with_depth = [](std::size_t depth) {
        return "{\"Records\":[{\"EventSource\":\"aws:sns\",\"Sns\":{\"Type\":\"Notification\",\"Message\":\"x\","
               "\"Deep\":" + std::string(depth, '[') + std::string(depth, ']') + "}}]}";
    };
    const auto kept = ab::parse_event(event_with_depth(900));
    ASSERT_TRUE(kept) << kept.error().describe();
    ASSERT_TRUE(kept->records[0]) << kept->records[0].error().describe();
    const json* level = &kept->records[0]->sns->extra["Deep"];
    std::size_t depth = 0;
    while (level->is_array() && !level->empty()) {
        level = &(*level)[0];
        ++depth;
    }
    EXPECT_EQ(depth, 899u);  // the innermost array is empty
    for (std::size_t too_deep : {1010u, 1023u, 1030u}) {
        const auto refused = ab::parse_event(event_with_depth(too_deep));
        ASSERT_FALSE(refused) << too_deep;
        EXPECT_EQ(refused.error().code, ab::errc::too_deep) << too_deep << ": " << refused.error().describe();
    }
}

// JSON allows integers beyond 64 bits; simdjson refuses them. They are kept (as doubles, as
// nlohmann keeps them) with the rest of the record, and a number that is not JSON is still refused.
TEST(ParseEvent, IntegersBeyond64BitsAreKept) {
    const std::string event =
        "{\"Records\":[{\"EventSource\":\"aws:sns\",\"Sns\":{\"Type\":\"Notification\",\"Message\":\"hi\","
        "\"Big\":123456789012345678901234567890,\"Neg\":-123456789012345678901234567890,\"Small\":7}}]}";
    const auto e = parse_ok(event);
    ASSERT_EQ(e.records.size(), 1u);
    ASSERT_TRUE(e.records[0]) << e.records[0].error().describe();
    const json& extra = e.records[0]->sns->extra;
    EXPECT_DOUBLE_EQ(extra.at("Big").get<double>(), 1.2345678901234568e29);
    EXPECT_DOUBLE_EQ(extra.at("Neg").get<double>(), -1.2345678901234568e29);
    EXPECT_EQ(extra.at("Small").get<int>(), 7);
    EXPECT_EQ(text_of(e, 0), "hi");
    for (const char* bad : {"01", "1.", "-", "1e", "0x10"}) {
        const auto refused = ab::parse_event(std::string("{\"Records\":[{\"x\":") + bad + "}]}");
        ASSERT_FALSE(refused) << bad;
        EXPECT_EQ(refused.error().code, ab::errc::json_syntax) << bad;
    }
}

TEST(ParseEvent, MessagesThatAreNotAlarmsAreText) {
    for (const char* message : {"", "   ", "{", "{\"AlarmName\": \"truncated", "{\"AlarmName\":\"a\"} trailing",
                                "[1,2]", "null", "{\"foo\": 1}", "<!channel> everyone look"}) {
        const json lambda = {{"Records", {{{"EventSource", "aws:sns"},
                                           {"Sns", {{"Type", "Notification"}, {"Message", message}}}}}}};
        const auto e = parse_ok(lambda.dump());
        ASSERT_EQ(e.records.size(), 1u) << message;
        EXPECT_EQ(text_of(e, 0), message);
    }
}

// Random mutations of every sample (deterministic seed, bounded count): parse_event never crashes
// or throws, and every failure carries a known code and a message. Under the sanitizer build this
// also checks memory safety on broken input.
TEST(ParseEvent, SurvivesRandomMutations) {
    std::vector<std::string> seeds;
    for (const auto& path : ab::test::data_files("events")) seeds.push_back(ab::test::read_file(path));
    std::mt19937 rng(20261122);
    const std::string pieces = std::string("{}[]\",:\\ntfu0123456789.eE-+ ") + "\x80\xff";
    std::size_t whole = 0, good = 0, bad = 0;
    for (int i = 0; i < 20000; ++i) {
        std::string s = seeds[rng() % seeds.size()];
        for (unsigned k = 0, edits = 1 + rng() % 4; k < edits && !s.empty(); ++k) {
            const std::size_t at = rng() % s.size();
            switch (rng() % 4) {
                case 0: s.erase(at, 1 + rng() % 8); break;
                case 1: s.insert(at, 1, pieces[rng() % pieces.size()]); break;
                case 2: s[at] = pieces[rng() % pieces.size()]; break;
                default: s.resize(at); break;
            }
        }
        const auto e = ab::parse_event(s);
        if (!e) {
            ++whole;
            ASSERT_NE(ab::to_string(e.error().code), "unknown") << s;
            ASSERT_FALSE(e.error().message.empty()) << s;
            continue;
        }
        for (const auto& r : e->records) {
            if (r) {
                ++good;
            } else {
                ++bad;
                ASSERT_NE(ab::to_string(r.error().code), "unknown") << s;
                ASSERT_FALSE(r.error().where.empty()) << "a record error names its field: " << s;
            }
        }
    }
    EXPECT_GT(whole, 0u);
    EXPECT_GT(good, 0u);
    EXPECT_GT(bad, 0u);
}

TEST(ParseEvent, ParsersArePerThread) {
    const std::string a = ab::test::read_data("events/alarmbridge-sns-mixed-records.json");
    const std::string b = ab::test::read_data("events/alarmbridge-eventbridge-metric-math.json");
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 200; ++i) {
                const auto e = ab::parse_event((t + i) % 2 ? a : b);
                if (!e || e->records.empty() || !e->records[0]) ++failures;
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(failures.load(), 0);
}
