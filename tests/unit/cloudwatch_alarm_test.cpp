#include <alarmbridge/cloudwatch/alarm.hpp>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace ab = alarmbridge;
namespace cw = alarmbridge::cloudwatch;
using nlohmann::json;

namespace {

/// The Message of the first record of a Lambda SNS event in tests/data/events.
std::string message_of(const std::string& file, std::size_t record = 0) {
    const auto event = json::parse(ab::test::read_data("events/" + file));
    const auto& m = event["Records"][record]["Sns"]["Message"];
    return m.is_string() ? m.get<std::string>() : m.dump();
}

cw::alarm parse_ok(const std::string& text) {
    auto r = cw::parse_alarm(text);
    EXPECT_TRUE(r) << r.error().describe();
    return r ? *r : cw::alarm{};
}

ab::error parse_error(const std::string& text) {
    auto r = cw::parse_alarm(text);
    EXPECT_FALSE(r) << "expected an error for " << text;
    return r ? ab::error{} : r.error();
}

json sns_alarm_json() { return json::parse(message_of("alarmbridge-sns-metric-seoul.json")); }

}  // namespace

TEST(ParseAlarm, MetricAlarmFromSns) {
    const auto a = parse_ok(message_of("alarmbridge-sns-metric-seoul.json"));
    EXPECT_EQ(a.kind, cw::alarm_kind::metric);
    EXPECT_EQ(a.origin, cw::alarm_origin::sns);
    EXPECT_EQ(a.name, "web-cpu-high");
    ASSERT_TRUE(a.description);
    EXPECT_NE(a.description->find("Runbook: https://wiki.example.com/runbooks/cpu"), std::string::npos);
    EXPECT_EQ(a.account_id, "123456789012");
    EXPECT_EQ(a.arn, "arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:web-cpu-high");
    EXPECT_EQ(a.region, "ap-northeast-2");
    EXPECT_EQ(a.region_name, "Asia Pacific (Seoul)");
    EXPECT_EQ(a.partition, "aws");
    EXPECT_EQ(a.state.value, cw::alarm_state::alarm);
    EXPECT_EQ(a.state.timestamp.raw, "2026-11-20T03:46:29.897+0000");
    EXPECT_EQ(cw::iso8601(a.state.timestamp), "2026-11-20T03:46:29.897Z");
    ASSERT_TRUE(a.previous_state);
    EXPECT_EQ(a.previous_state->value, cw::alarm_state::ok);
    EXPECT_EQ(cw::iso8601(a.configuration_updated), "2026-11-01T09:00:00.000Z");
    EXPECT_EQ(a.alarm_actions, std::vector<std::string>{"arn:aws:sns:ap-northeast-2:123456789012:alarms"});
    EXPECT_TRUE(a.insufficient_data_actions.empty());
    ASSERT_TRUE(a.trigger);
    const auto& t = *a.trigger;
    EXPECT_EQ(t.namespace_, "AWS/EC2");
    EXPECT_EQ(t.metric_name, "CPUUtilization");
    EXPECT_EQ(t.statistic, "AVERAGE");
    EXPECT_EQ(t.statistic_type, "Statistic");
    EXPECT_FALSE(t.unit);  // null is absent
    ASSERT_EQ(t.dimensions.size(), 1u);
    EXPECT_EQ(t.dimensions[0].name, "InstanceId");
    EXPECT_EQ(t.dimensions[0].value, "i-0abc1234def567890");
    EXPECT_EQ(t.period, 60);
    EXPECT_EQ(t.evaluation_periods, 3);
    EXPECT_EQ(t.datapoints_to_alarm, 3);
    EXPECT_EQ(t.comparison_operator, "GreaterThanThreshold");
    EXPECT_EQ(t.threshold, 80.0);
    EXPECT_EQ(t.treat_missing_data, "missing");
    EXPECT_FALSE(t.evaluate_low_sample_count_percentile);  // "" is absent
    EXPECT_TRUE(a.extra.empty());
}

TEST(ParseAlarm, MetricMathFromSns) {
    const auto a = parse_ok(message_of("go-cloudwatch-alarm-sns-payload-multiple-metrics.json"));
    EXPECT_EQ(a.kind, cw::alarm_kind::metric_math);
    ASSERT_TRUE(a.trigger);
    EXPECT_TRUE(a.trigger->metric_name.empty());
    ASSERT_EQ(a.trigger->metrics.size(), 2u);
    const auto& e1 = a.trigger->metrics[0];
    EXPECT_EQ(e1.id, "e1");
    EXPECT_EQ(e1.expression, "m1*1");
    EXPECT_EQ(e1.label, "Expression1");
    EXPECT_EQ(e1.return_data, true);
    const auto& m1 = a.trigger->metrics[1];
    EXPECT_EQ(m1.id, "m1");
    ASSERT_TRUE(m1.stat);
    EXPECT_EQ(m1.stat->metric.namespace_, "AWS/EC2");
    EXPECT_EQ(m1.stat->metric.name, "NetworkOut");
    EXPECT_EQ(m1.stat->stat, "Average");
    EXPECT_EQ(m1.stat->period, 60);
    ASSERT_EQ(m1.stat->metric.dimensions.size(), 1u);
    EXPECT_EQ(m1.stat->metric.dimensions[0].value, "TestInstance");
    EXPECT_EQ(a.trigger->treat_missing_data, "missing");
    EXPECT_EQ(a.trigger->treat_missing_data_raw, "- TreatMissingData:                    missing");
    // The ARN says REGION and the display name says EXAMPLE: no region, no link; partition from the ARN.
    EXPECT_FALSE(a.region);
    EXPECT_EQ(a.partition, "aws");
    EXPECT_FALSE(cw::console_url(a));
}

TEST(ParseAlarm, AnomalyDetectionFromSns) {
    const auto a = parse_ok(message_of("alarmbridge-sns-anomaly-detection.json"));
    EXPECT_EQ(a.kind, cw::alarm_kind::anomaly_detection);
    EXPECT_FALSE(a.description);
    ASSERT_TRUE(a.trigger);
    EXPECT_EQ(a.trigger->threshold_metric_id, "ad1");
    EXPECT_FALSE(a.trigger->threshold);
    EXPECT_EQ(a.trigger->comparison_operator, "LessThanLowerOrGreaterThanUpperThreshold");
    EXPECT_EQ(a.trigger->treat_missing_data, "notBreaching");
    ASSERT_EQ(a.trigger->metrics.size(), 2u);
    EXPECT_EQ(a.trigger->metrics[1].expression, "ANOMALY_DETECTION_BAND(m1, 2)");
    EXPECT_EQ(a.trigger->metrics[0].stat->stat, "p99");
}

TEST(ParseAlarm, CompositeFromSns) {
    const auto a = parse_ok(message_of("alarmbridge-sns-composite.json"));
    EXPECT_EQ(a.kind, cw::alarm_kind::composite);
    EXPECT_FALSE(a.trigger);
    EXPECT_EQ(a.alarm_rule, "ALARM(\"checkout-5xx\") OR ALARM(\"checkout-latency\")");
    ASSERT_EQ(a.triggering_children.size(), 1u);
    EXPECT_EQ(a.triggering_children[0].arn, "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:checkout-5xx");
    EXPECT_EQ(a.triggering_children[0].state, cw::alarm_state::alarm);
    EXPECT_EQ(cw::iso8601(a.triggering_children[0].timestamp), "2026-11-20T03:46:29.897Z");
    EXPECT_EQ(a.region, "eu-west-1");
}

TEST(ParseAlarm, EventBridgeMetricMath) {
    const auto a = parse_ok(ab::test::read_data("events/alarmbridge-eventbridge-metric-math.json"));
    EXPECT_EQ(a.kind, cw::alarm_kind::metric_math);
    EXPECT_EQ(a.origin, cw::alarm_origin::eventbridge);
    EXPECT_EQ(a.name, "orders-error-rate");
    EXPECT_EQ(a.description, "5xx share of requests above 5%");
    EXPECT_EQ(a.arn, "arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:orders-error-rate");  // from resources
    EXPECT_EQ(a.account_id, "123456789012");
    EXPECT_EQ(a.event_id, "2dde0eb1-528b-d2d5-9ca6-6d590caf2329");
    EXPECT_EQ(cw::iso8601(a.event_time), "2026-11-20T03:46:29.000Z");
    ASSERT_TRUE(a.state.reason_data);
    EXPECT_NE(a.state.reason_data->find("\"recentDatapoints\":[7.5]"), std::string::npos);
    ASSERT_TRUE(a.previous_state);
    EXPECT_EQ(a.previous_state->value, cw::alarm_state::ok);
    ASSERT_TRUE(a.trigger);
    ASSERT_EQ(a.trigger->metrics.size(), 3u);
    EXPECT_EQ(a.trigger->metrics[1].stat->metric.dimensions[0].name, "ApiName");  // dimensions as a map
    EXPECT_EQ(a.trigger->metrics[1].stat->metric.dimensions[0].value, "orders");
    // alarmTags is not modeled: kept.
    EXPECT_EQ(a.extra["alarmTags"]["team"], "orders");
    EXPECT_EQ(a.envelope_extra["version"], "0");
}

TEST(ParseAlarm, LambdaActionMetricAlarmLiftsItsOneMetric) {
    const auto a = parse_ok(ab::test::read_data("events/rust-example-cloudwatch-alarm-metric.json"));
    EXPECT_EQ(a.kind, cw::alarm_kind::metric);
    EXPECT_EQ(a.origin, cw::alarm_origin::lambda_action);
    EXPECT_EQ(a.account_id, "444455556666");
    EXPECT_EQ(a.region, "us-east-1");
    ASSERT_TRUE(a.trigger);
    EXPECT_EQ(a.trigger->namespace_, "AWS/Logs");
    EXPECT_EQ(a.trigger->metric_name, "CallCount");
    EXPECT_EQ(a.trigger->statistic, "Average");
    EXPECT_EQ(a.trigger->unit, "Percent");
    EXPECT_EQ(a.trigger->period, 60);
    // The spaced timestamps of AWS's documentation sample.
    EXPECT_EQ(cw::iso8601(a.state.timestamp), "2023-08-04T12:36:15.490Z");
    EXPECT_EQ(cw::iso8601(a.previous_state->timestamp), "2023-08-04T12:31:29.595Z");
}

TEST(ParseAlarm, LambdaActionCompositeReadsChildrenFromReasonData) {
    const auto a = parse_ok(ab::test::read_data("events/rust-example-cloudwatch-alarm-composite.json"));
    EXPECT_EQ(a.kind, cw::alarm_kind::composite);
    EXPECT_EQ(a.name, "CompositeDemo.Main");
    EXPECT_EQ(a.actions_suppressor, "CompositeDemo.ActionsSuppressor");
    EXPECT_EQ(a.actions_suppressor_wait_period, 120);
    EXPECT_EQ(a.actions_suppressor_extension_period, 180);
    ASSERT_EQ(a.triggering_children.size(), 1u);
    EXPECT_EQ(a.triggering_children[0].arn, "arn:aws:cloudwatch:us-east-1:111122223333:alarm:CompositeDemo.FirstChild");
    EXPECT_EQ(a.previous_state->actions_suppressed_by, "WaitPeriod");
    EXPECT_EQ(a.account_id, "111122223333");  // " 111122223333" in the sample's ARN, trimmed
}

// The reason data is read once, by the reader: its recent datapoints go into the model, numbers
// only, in order, from the last "recentDatapoints" key (as nlohmann/json reads duplicates);
// nothing from what is not a JSON object; documents simdjson refuses (integers beyond 64 bits,
// nesting past its limit) still read.
TEST(ParseAlarm, RecentDatapointsAreReadFromTheReasonDataOnce) {
    auto datapoints_of = [](const std::string& reason_data) {
        auto j = sns_alarm_json();
        j["NewStateReasonData"] = reason_data;
        return parse_ok(j.dump()).state.recent_datapoints;
    };
    using v = std::vector<double>;
    EXPECT_EQ(datapoints_of(R"({"recentDatapoints":[91.2,"x",88,true,null,1e2,-0.5]})"), (v{91.2, 88, 100, -0.5}));
    EXPECT_EQ(datapoints_of(R"({"recentDatapoints":[1],"recentDatapoints":[2,3]})"), (v{2, 3}));
    EXPECT_EQ(datapoints_of(R"({"recentDatapoints":[1,2)"), v{});
    EXPECT_EQ(datapoints_of(R"({"recentDatapoints":"1, 2"})"), v{});
    EXPECT_EQ(datapoints_of(R"({"recentDatapoints":[]})"), v{});
    EXPECT_EQ(datapoints_of(R"([{"recentDatapoints":[1]}])"), v{});
    EXPECT_EQ(datapoints_of(R"({"recentDatapoints":[123456789012345678901234567890]})"), (v{1.2345678901234568e29}));
    const std::string deep = std::string(1100, '[') + std::string(1100, ']');
    EXPECT_EQ(datapoints_of("{\"x\":" + deep + ",\"recentDatapoints\":[5]}"), v{5});
    // The normalized form carries them, and reads them back.
    const auto a = parse_ok(ab::test::read_data("events/alarmbridge-eventbridge-metric-math.json"));
    EXPECT_EQ(a.state.recent_datapoints, v{7.5});
    EXPECT_EQ(json(a)["state"]["recent_datapoints"].size(), a.state.recent_datapoints.size());
    EXPECT_EQ(json(a).get<cw::alarm>().state.recent_datapoints, a.state.recent_datapoints);
}

TEST(ParseAlarm, ErrorsNameTheField) {
    auto j = sns_alarm_json();
    j["Trigger"]["Threshold"] = "80";
    auto e = parse_error(j.dump());
    EXPECT_EQ(e.code, ab::errc::wrong_type);
    EXPECT_EQ(e.where, "/Trigger/Threshold");
    EXPECT_EQ(e.message, "expected a number, got string");

    j = sns_alarm_json();
    j.erase("AlarmName");
    e = parse_error(j.dump());
    EXPECT_EQ(e.code, ab::errc::missing_field);
    EXPECT_EQ(e.where, "/AlarmName");

    j = sns_alarm_json();
    j["AlarmName"] = nullptr;
    e = parse_error(j.dump());
    EXPECT_EQ(e.code, ab::errc::missing_field);
    EXPECT_EQ(e.where, "/AlarmName");

    j = sns_alarm_json();
    j["NewStateValue"] = "ON_FIRE";
    e = parse_error(j.dump());
    EXPECT_EQ(e.code, ab::errc::bad_value);
    EXPECT_EQ(e.where, "/NewStateValue");

    j = sns_alarm_json();
    j["Trigger"]["Period"] = 60.5;
    e = parse_error(j.dump());
    EXPECT_EQ(e.code, ab::errc::bad_value);
    EXPECT_EQ(e.where, "/Trigger/Period");

    j = sns_alarm_json();
    j["Trigger"]["Dimensions"][0].erase("value");
    e = parse_error(j.dump());
    EXPECT_EQ(e.code, ab::errc::missing_field);
    EXPECT_EQ(e.where, "/Trigger/Dimensions/0/value");

    j = sns_alarm_json();
    j["AlarmActions"] = json::array({"arn:ok", 7});
    e = parse_error(j.dump());
    EXPECT_EQ(e.code, ab::errc::wrong_type);
    EXPECT_EQ(e.where, "/AlarmActions/1");

    j = sns_alarm_json();
    j["Trigger"]["Metrics"] = json::array({json::object({{"Id", 5}})});
    e = parse_error(j.dump());
    EXPECT_EQ(e.where, "/Trigger/Metrics/0/Id");

    // Keys with '/' and '~' are escaped in the pointer (RFC 6901).
    auto eb = json::parse(ab::test::read_data("events/alarmbridge-eventbridge-metric-math.json"));
    eb["detail"]["configuration"]["metrics"][1]["metricStat"]["metric"]["dimensions"]["a/b~c"] = 5;
    e = parse_error(eb.dump());
    EXPECT_EQ(e.code, ab::errc::wrong_type);
    EXPECT_EQ(e.where, "/detail/configuration/metrics/1/metricStat/metric/dimensions/a~1b~0c");

    eb = json::parse(ab::test::read_data("events/alarmbridge-eventbridge-metric-math.json"));
    eb["detail"]["configuration"]["metrics"][1]["metricStat"]["period"] = "60";
    e = parse_error(eb.dump());
    EXPECT_EQ(e.code, ab::errc::wrong_type);
    EXPECT_EQ(e.where, "/detail/configuration/metrics/1/metricStat/period");

    eb = json::parse(ab::test::read_data("events/alarmbridge-eventbridge-metric-math.json"));
    eb["detail-type"] = "CloudWatch Alarm Configuration Change";
    e = parse_error(eb.dump());
    EXPECT_EQ(e.code, ab::errc::bad_value);
    EXPECT_EQ(e.where, "/detail-type");
}

TEST(ParseAlarm, NotAnAlarm) {
    EXPECT_EQ(parse_error("{\"foo\": 1}").code, ab::errc::unrecognized_event);
    EXPECT_EQ(parse_error("[1, 2]").code, ab::errc::unrecognized_event);
    EXPECT_EQ(parse_error("{\"AlarmName\": ").code, ab::errc::json_syntax);
    EXPECT_EQ(parse_error("{\"AlarmName\":\"a\",\"NewStateValue\":\"OK\"} {}").code, ab::errc::json_syntax);
    // Broken JSON inside a value we would only keep (not model) is still broken JSON.
    EXPECT_EQ(parse_error("{\"AlarmName\":\"a\",\"NewStateValue\":\"OK\",\"X\":[1,tru]}").code, ab::errc::json_syntax);
}

TEST(ParseAlarm, UnknownKeysSurviveTheRoundTrip) {
    auto j = sns_alarm_json();
    j["FutureField"] = json::object({{"nested", json::array({1, 2.5, "three", nullptr, true})}});
    j["Trigger"]["FutureTriggerField"] = "kept";
    j["Trigger"]["Metrics"] = json::array({json::object({{"Id", "m1"}, {"Mystery", 42}})});
    const auto a = parse_ok(j.dump());
    EXPECT_EQ(a.extra["FutureField"], j["FutureField"]);
    EXPECT_EQ(a.trigger->extra["FutureTriggerField"], "kept");
    EXPECT_EQ(a.trigger->metrics[0].extra["Mystery"], 42);

    const json normalized = a;
    const auto back = normalized.get<cw::alarm>();
    EXPECT_EQ(json(back), normalized);
    EXPECT_EQ(back.extra["FutureField"], j["FutureField"]);
}

TEST(ParseAlarm, EveryCorpusAlarmRoundTripsThroughTheNormalizedForm) {
    for (const char* file : {"alarmbridge-sns-metric-seoul.json", "alarmbridge-sns-anomaly-detection.json",
                             "alarmbridge-sns-composite.json", "assertible-sns-event.json",
                             "notify-slack-message-cloudwatch_alarm.json",
                             "rust-example-cloudwatch-alarm-sns-payload-single-metric.json"}) {
        const auto a = parse_ok(message_of(file));
        const json first = a;
        EXPECT_EQ(json(first.get<cw::alarm>()), first) << file;
    }
    for (const char* file : {"alarmbridge-eventbridge-metric-math.json", "rust-example-cloudwatch-alarm-metric.json",
                             "rust-example-cloudwatch-alarm-composite.json",
                             "rust-example-cloudwatch-alarm-composite-with-suppressor-alarm.json"}) {
        const auto a = parse_ok(ab::test::read_data(std::string("events/") + file));
        const json first = a;
        EXPECT_EQ(json(first.get<cw::alarm>()), first) << file;
    }
}

TEST(ParseAlarm, WritesOrderedJsonToo) {
    const auto a = parse_ok(ab::test::read_data("events/alarmbridge-eventbridge-metric-math.json"));
    const nlohmann::ordered_json ordered = a;
    EXPECT_EQ(ordered.begin().key(), "kind");  // the model's order, not alphabetical
    EXPECT_EQ(json::parse(ordered.dump()), json(a));
}

TEST(ConsoleUrl, IsPartitionAwareAndEncodesTheName) {
    cw::alarm a;
    a.name = "web cpu/high & <low>";
    a.region = "ap-northeast-2";
    EXPECT_EQ(cw::console_url(a),
              "https://ap-northeast-2.console.aws.amazon.com/cloudwatch/home?region=ap-northeast-2"
              "#alarmsV2:alarm/web%20cpu%2Fhigh%20%26%20%3Clow%3E");
    a.region = "us-gov-east-1";
    a.partition = "aws-us-gov";
    EXPECT_EQ(cw::console_url(a), "https://console.amazonaws-us-gov.com/cloudwatch/home?region=us-gov-east-1"
                                  "#alarmsV2:alarm/web%20cpu%2Fhigh%20%26%20%3Clow%3E");
    a.name = "\xEA\xB2\xBD\xEB\xB3\xB4";  // Korean "경보"
    a.region = "cn-north-1";
    a.partition = "aws-cn";
    EXPECT_EQ(cw::console_url(a), "https://console.amazonaws.cn/cloudwatch/home?region=cn-north-1"
                                  "#alarmsV2:alarm/%EA%B2%BD%EB%B3%B4");
    a.region.reset();
    EXPECT_FALSE(cw::console_url(a));
    // Appending: after what is there, nothing at all when there is no URL.
    std::string out = "see ";
    EXPECT_FALSE(cw::append_console_url(out, a));
    EXPECT_EQ(out, "see ");
    a.region = "eu-west-1";
    a.partition = "aws";
    a.name = "plain-Name_1.2~x";  // unreserved only: its own encoding
    EXPECT_TRUE(cw::append_console_url(out, a));
    EXPECT_EQ(out, "see https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1"
                   "#alarmsV2:alarm/plain-Name_1.2~x");
    EXPECT_EQ(cw::console_url(a), out.substr(4));
}

// The region becomes part of the console host: a caller-built alarm whose region is not a region
// code gets no link at all, rather than one to another host.
TEST(ConsoleUrl, OnlyARegionCodeMakesTheHost) {
    cw::alarm a;
    a.name = "cpu";
    for (const char* region : {"evil.example/#", "evil.example?", "eu-west-1.evil.example", "EU-WEST-1", "eu-west-1@x",
                               "", "eu west 1", "eu-west-1/"}) {
        a.region = region;
        EXPECT_FALSE(cw::console_url(a)) << region;
        std::string out = "x";
        EXPECT_FALSE(cw::append_console_url(out, a));
        EXPECT_EQ(out, "x");
    }
    a.region = "il-central-1";  // a region code newer than any table still works
    EXPECT_EQ(cw::console_url(a), "https://il-central-1.console.aws.amazon.com/cloudwatch/home?region=il-central-1"
                                  "#alarmsV2:alarm/cpu");
}
