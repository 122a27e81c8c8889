// lambda::alarm_handler against the Slack-like server on 127.0.0.1: every record delivered in
// order, a failing record failing alone, a retried event sending nothing twice, the URL resolved
// again when Slack says the hook is gone, and no secret in anything it prints.
#include <alarmbridge/event.hpp>
#include <alarmbridge/format/alarm_message.hpp>
#include <alarmbridge/lambda/alarm_handler.hpp>
#include <alarmbridge/remediate/outcome_message.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "received.hpp"
#include "server_process.hpp"

namespace ab = alarmbridge;
using alarmbridge::test::received;
using ab::lambda::record_outcome;

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string event_file(const std::string& name) {
    return read_file(std::string(ALARMBRIDGE_TEST_DATA) + "/events/" + name);
}

/// A variable set that a test can change between calls (a rotated secret).
struct changing_environment {
    std::shared_ptr<std::map<std::string, std::string, std::less<>>> vars =
        std::make_shared<std::map<std::string, std::string, std::less<>>>();
    ab::aws::environment get() const {
        auto v = vars;
        return [v](std::string_view name) -> std::optional<std::string> {
            const auto it = v->find(name);
            if (it == v->end()) return std::nullopt;
            return it->second;
        };
    }
};

ab::lambda::alarm_handler_settings settings_for(const ab::aws::environment& env) {
    auto s = ab::lambda::settings_from_environment(env);
    EXPECT_TRUE(s) << s.error().describe();
    s->delivery.retry.base_delay = std::chrono::milliseconds(1);
    s->delivery.retry.max_delay = std::chrono::milliseconds(5);
    return std::move(*s);
}

const auto in_a_minute = [] { return ab::http::clock::now() + std::chrono::minutes(1); };

/// Every text a failing handler prints, for the canary checks.
std::string everything_printed(const ab::lambda::summary& s) {
    std::string all = s.to_json() + "\n" + s.failure_message();
    for (std::size_t i = 0; i < s.records.size(); ++i) all += "\n" + s.log_line(i);
    return all;
}

class alarm_handler_test : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server = std::make_unique<ab::test::server_process>(std::vector<std::string>{}); }
    static void TearDownTestSuite() { server.reset(); }
    static std::unique_ptr<ab::test::server_process> server;

    std::string url(const std::string& prefix, const std::string& scenario) const {
        return server->base_url() + "/" + prefix + "/" + scenario;
    }
};
std::unique_ptr<ab::test::server_process> alarm_handler_test::server;

}  // namespace

TEST_F(alarm_handler_test, EveryRecordIsDeliveredInOrderAsTheFormatterWritesIt) {
    const auto event = event_file("alarmbridge-sns-mixed-records.json");
    changing_environment env;
    (*env.vars)["SLACK_WEBHOOK_URL"] = url("every-record", "ok");
    (*env.vars)["ALARMBRIDGE_STYLE"] = "compact";
    ab::lambda::alarm_handler handler(settings_for(env.get()));
    ASSERT_FALSE(handler.init());
    EXPECT_EQ(handler.webhook_source(), "env:SLACK_WEBHOOK_URL");

    const auto s = handler.handle(event, in_a_minute());
    ASSERT_TRUE(s.ok()) << s.failure_message();
    ASSERT_EQ(s.records.size(), 4u);
    EXPECT_EQ(s.delivered, 4u);
    EXPECT_EQ(s.failed, 0u);

    ab::format::options compact;
    compact.style = ab::format::style::compact;
    const auto expected = ab::format::payloads(event, compact);
    ASSERT_TRUE(expected);
    const auto got = received(*server, "/every-record/ok");
    ASSERT_EQ(got.size(), 4u);
    for (std::size_t i = 0; i < 4; ++i) {
        ASSERT_TRUE((*expected)[i]);
        EXPECT_EQ(got[i]["body"].get<std::string>(), *(*expected)[i]) << "record " << i;
        EXPECT_EQ(s.records[i].record, i);
        EXPECT_EQ(s.records[i].what, record_outcome::status::delivered);
        EXPECT_EQ(s.records[i].message_id, "6a1c2f0e-0000-5000-8000-00000000000" + std::to_string(i));
        EXPECT_EQ(s.records[i].attempts, 1);
        EXPECT_EQ(s.records[i].http_status, 200);
    }
    EXPECT_EQ(s.records[0].alarm_name, "gov-disk-full");
    EXPECT_EQ(s.records[0].state, "ALARM");
    EXPECT_TRUE(s.records[1].alarm_name.empty());  // a text message

    const auto summary = nlohmann::json::parse(s.to_json());
    EXPECT_EQ(summary["delivered"], 4);
    EXPECT_EQ(summary["failed"], 0);
    EXPECT_EQ(summary["duplicates"], 0);
    ASSERT_EQ(summary["records"].size(), 4u);
    for (std::size_t i = 0; i < 4; ++i)
        EXPECT_EQ(summary["records"][i], nlohmann::json::parse(s.log_line(i))) << "record " << i;
    EXPECT_EQ(summary["records"][0]["status"], "delivered");
    EXPECT_EQ(summary["records"][0]["alarm_name"], "gov-disk-full");
}

TEST_F(alarm_handler_test, ARetriedEventSendsNothingTwiceAndTheMemoryIsBounded) {
    const auto event = event_file("alarmbridge-sns-mixed-records.json");
    changing_environment env;
    (*env.vars)["SLACK_WEBHOOK_URL"] = url("retried", "ok");
    (*env.vars)["ALARMBRIDGE_REMEMBERED_MESSAGES"] = "3";
    ab::lambda::alarm_handler handler(settings_for(env.get()));

    const auto first = handler.handle(event, in_a_minute());
    ASSERT_EQ(first.delivered, 4u);
    // Only the three newest are remembered: record 0 is sent again, the others are not.
    const auto again = handler.handle(event, in_a_minute());
    EXPECT_TRUE(again.ok());
    EXPECT_EQ(again.delivered, 1u);
    EXPECT_EQ(again.duplicates, 3u);
    EXPECT_EQ(again.records[0].what, record_outcome::status::delivered);
    for (std::size_t i = 1; i < 4; ++i) {
        EXPECT_EQ(again.records[i].what, record_outcome::status::duplicate) << i;
        EXPECT_EQ(nlohmann::json::parse(again.log_line(i))["status"], "duplicate");
    }
    EXPECT_EQ(received(*server, "/retried/ok").size(), 5u);

    // The same message twice in one event is sent once.
    auto doc = nlohmann::json::parse(event);
    doc["Records"][1]["Sns"]["MessageId"] = "same-message";
    doc["Records"][3]["Sns"]["MessageId"] = "same-message";
    (*env.vars)["SLACK_WEBHOOK_URL"] = url("same-twice", "ok");
    ab::lambda::alarm_handler fresh(settings_for(env.get()));
    const auto once = fresh.handle(doc.dump(), in_a_minute());
    EXPECT_TRUE(once.ok());
    EXPECT_EQ(once.delivered, 3u);
    EXPECT_EQ(once.records[3].what, record_outcome::status::duplicate);
    EXPECT_EQ(received(*server, "/same-twice/ok").size(), 3u);
}

TEST_F(alarm_handler_test, ARecordThatCannotBeReadFailsAloneAndIsRetriedWithNothingSentTwice) {
    auto doc = nlohmann::json::parse(event_file("alarmbridge-sns-mixed-records.json"));
    doc["Records"][2]["Sns"].erase("Message");
    const auto event = doc.dump();
    changing_environment env;
    (*env.vars)["SLACK_WEBHOOK_URL"] = url("one-bad", "ok");
    ab::lambda::alarm_handler handler(settings_for(env.get()));

    for (int round = 0; round < 2; ++round) {
        const auto s = handler.handle(event, in_a_minute());
        EXPECT_FALSE(s.ok());
        EXPECT_EQ(s.failed, 1u);
        EXPECT_EQ(s.records[2].what, record_outcome::status::failed);
        ASSERT_TRUE(s.records[2].failure);
        EXPECT_EQ(s.records[2].failure->code, ab::errc::missing_field);
        EXPECT_EQ(s.records[2].failure->where, "/Records/2/Sns/Message");
        EXPECT_EQ(s.records[2].attempts, 0);
        EXPECT_EQ(s.failure_message(), "1 of 4 records failed: record 2: missing_field: " +
                                           s.records[2].failure->message + " at /Records/2/Sns/Message");
        if (round == 0) EXPECT_EQ(s.delivered, 3u);
        else EXPECT_EQ(s.duplicates, 3u);
    }
    EXPECT_EQ(received(*server, "/one-bad/ok").size(), 3u);
}

TEST_F(alarm_handler_test, ARefusedMessageNamesSlacksReasonAndNeverTheUrl) {
    const std::string canary = "T0CANARY/B0CANARY/canarysecret0123456789";
    changing_environment env;
    (*env.vars)["SLACK_WEBHOOK_URL"] = url(canary, "channel_is_archived");
    ab::lambda::alarm_handler handler(settings_for(env.get()));
    const auto s = handler.handle(event_file("alarmbridge-sns-metric-seoul.json"), in_a_minute());
    ASSERT_FALSE(s.ok());
    ASSERT_EQ(s.records.size(), 1u);
    EXPECT_EQ(s.records[0].slack_error, "channel_is_archived");
    EXPECT_EQ(s.records[0].http_status, 410);
    EXPECT_EQ(s.failure_message(), "1 of 1 record failed: record 0: slack_rejected: channel_is_archived");
    const auto printed = everything_printed(s);
    EXPECT_EQ(printed.find("canary"), std::string::npos) << printed;
    EXPECT_EQ(printed.find("127.0.0.1"), std::string::npos) << printed;
}

TEST_F(alarm_handler_test, AHookThatIsGoneIsResolvedAgainOnceAndTheMessagePostedToTheNewOne) {
    changing_environment env;
    (*env.vars)["SLACK_WEBHOOK_URL"] = url("rotated-old", "no_service");
    ab::lambda::alarm_handler handler(settings_for(env.get()));
    ASSERT_FALSE(handler.init());
    (*env.vars)["SLACK_WEBHOOK_URL"] = url("rotated-new", "ok");  // the secret rotated after init

    const auto s = handler.handle(event_file("alarmbridge-sns-metric-seoul.json"), in_a_minute());
    EXPECT_TRUE(s.ok()) << s.failure_message();
    EXPECT_EQ(s.records[0].attempts, 2);
    EXPECT_EQ(received(*server, "/rotated-old/no_service").size(), 1u);
    EXPECT_EQ(received(*server, "/rotated-new/ok").size(), 1u);

    // Once per handler: a hook that is gone again after the new lookup is a failure, not a loop.
    (*env.vars)["SLACK_WEBHOOK_URL"] = url("gone-a", "invalid_token");
    ab::lambda::alarm_handler once(settings_for(env.get()));
    ASSERT_FALSE(once.init());
    (*env.vars)["SLACK_WEBHOOK_URL"] = url("gone-b", "invalid_token");
    const auto twice = once.handle(event_file("alarmbridge-sns-metric-seoul.json"), in_a_minute());
    EXPECT_FALSE(twice.ok());
    EXPECT_EQ(twice.records[0].slack_error, "invalid_token");
    EXPECT_EQ(twice.records[0].attempts, 2);
    (*env.vars)["SLACK_WEBHOOK_URL"] = url("gone-c", "ok");
    const auto third = once.handle(event_file("alarmbridge-sns-metric-seoul.json"), in_a_minute());
    EXPECT_FALSE(third.ok());
    EXPECT_EQ(third.records[0].attempts, 1);
    EXPECT_TRUE(received(*server, "/gone-c/ok").empty());
}

TEST_F(alarm_handler_test, TheBlueprintsChannelOverrideIsInEveryPayload) {
    changing_environment env;
    (*env.vars)["SLACK_WEBHOOK_URL"] = url("channel", "ok");
    (*env.vars)["slackChannel"] = "#ops-alarms";
    ab::lambda::alarm_handler handler(settings_for(env.get()));
    ASSERT_TRUE(handler.handle(event_file("alarmbridge-sns-metric-seoul.json"), in_a_minute()).ok());
    const auto got = received(*server, "/channel/ok");
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(nlohmann::json::parse(got[0]["body"].get<std::string>())["channel"], "#ops-alarms");
}

TEST_F(alarm_handler_test, AnEventThatCannotBeReadOrAMissingUrlSendsNothingAndSaysWhy) {
    changing_environment env;
    (*env.vars)["SLACK_WEBHOOK_URL"] = url("unreadable", "ok");
    ab::lambda::alarm_handler handler(settings_for(env.get()));
    const auto s = handler.handle("{\"Records\": [", in_a_minute());
    EXPECT_FALSE(s.ok());
    EXPECT_EQ(s.failed, 1u);
    ASSERT_TRUE(s.event_failure);
    EXPECT_EQ(s.event_failure->code, ab::errc::json_syntax);
    EXPECT_EQ(nlohmann::json::parse(s.to_json())["error"]["code"], "json_syntax");
    EXPECT_EQ(s.failure_message().rfind("no record was sent: json_syntax: ", 0), 0u) << s.failure_message();
    EXPECT_TRUE(received(*server, "/unreadable/ok").empty());

    changing_environment none;
    ab::lambda::alarm_handler unconfigured(settings_for(none.get()));
    const auto e = unconfigured.init();
    ASSERT_TRUE(e);
    EXPECT_EQ(e->code, ab::errc::no_webhook_url);
    const auto t = unconfigured.handle(event_file("alarmbridge-sns-metric-seoul.json"), in_a_minute());
    ASSERT_TRUE(t.event_failure);
    EXPECT_EQ(t.event_failure->code, ab::errc::no_webhook_url);
    EXPECT_EQ(unconfigured.webhook_source(), "");
}

TEST_F(alarm_handler_test, ADeadlineAlreadyPastSendsNothing) {
    changing_environment env;
    (*env.vars)["SLACK_WEBHOOK_URL"] = url("late", "ok");
    ab::lambda::alarm_handler handler(settings_for(env.get()));
    // The reserve (500 ms) is taken off the deadline: 100 ms from now is already too late.
    const auto s = handler.handle(event_file("alarmbridge-sns-metric-seoul.json"),
                                  ab::http::clock::now() + std::chrono::milliseconds(100));
    EXPECT_FALSE(s.ok());
    ASSERT_TRUE(s.records[0].failure);
    EXPECT_EQ(s.records[0].failure->code, ab::errc::deadline_exceeded);
    EXPECT_EQ(s.records[0].attempts, 0);
    EXPECT_TRUE(received(*server, "/late/ok").empty());
}

/// The handler's environment for remediation: Slack at webhook, the policy file of
/// tests/data/remediate, SSM at endpoint (the stand-in), test credentials.
void remediation_environment(changing_environment& env, const std::string& webhook, const std::string& policy_file,
                             const std::string& endpoint) {
    (*env.vars)["SLACK_WEBHOOK_URL"] = webhook;
    (*env.vars)["ALARMBRIDGE_REMEDIATION_POLICY"] = read_file(std::string(ALARMBRIDGE_TEST_DATA) + "/remediate/" + policy_file);
    (*env.vars)["AWS_ENDPOINT_URL"] = endpoint;
    (*env.vars)["AWS_ACCESS_KEY_ID"] = "AKIAHANDLERTEST00000";
    (*env.vars)["AWS_SECRET_ACCESS_KEY"] = "handler-test-secret";
    (*env.vars)["AWS_REGION"] = "us-east-1";
    (*env.vars)["AWS_EC2_METADATA_DISABLED"] = "true";
}

TEST_F(alarm_handler_test, WithARemediationPolicyTheOutcomeFollowsTheAlarmAndARetryActsOnce) {
    // SSM is the scripted stand-in answering SendCommand, then Success.
    ab::test::server_process ssm(ALARMBRIDGE_SSM_STAND_IN, {});
    changing_environment env;
    remediation_environment(env, url("remediation", "ok"), "policy-enforce.json", ssm.base_url() + "/success.handler");
    ab::lambda::alarm_handler handler(settings_for(env.get()));
    const auto event = read_file(std::string(ALARMBRIDGE_TEST_DATA) + "/remediate/seed-procstat-httpd.json");

    const auto s = handler.handle(event, in_a_minute());
    ASSERT_TRUE(s.ok()) << s.failure_message();
    EXPECT_EQ(s.remediation_failed, 0u);
    ASSERT_TRUE(s.records[0].remediation);
    EXPECT_EQ(s.records[0].remediation->kind, ab::remediate::decision_kind::sent);
    EXPECT_EQ(s.records[0].remediation->status, "Success");
    EXPECT_EQ(s.records[0].remediation_told, true);
    const auto line = nlohmann::json::parse(s.log_line(0));
    EXPECT_EQ(line["remediation"]["decision"], "sent");
    EXPECT_EQ(line["remediation"]["instance"], "i-03e6aec1a93443558");
    EXPECT_EQ(line["remediation"]["parameters"]["ServiceName"], nlohmann::json::array({"httpd"}));
    EXPECT_EQ(line["remediation"]["told"], true);
    // The alarm, then what remediation did, as remediate::outcome_message writes it.
    auto got = received(*server, "/remediation/ok");
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[1]["body"].get<std::string>(),
              ab::slack::serialize(ab::remediate::outcome_message(*s.records[0].remediation)));

    // SNS delivering it again: the alarm is a duplicate, remediation does not run for it at all
    // (no decision) and no second command is sent.
    const auto again = handler.handle(event, in_a_minute());
    EXPECT_TRUE(again.ok());
    EXPECT_EQ(again.duplicates, 1u);
    EXPECT_FALSE(again.records[0].remediation);
    EXPECT_FALSE(again.records[0].remediation_told);
    EXPECT_FALSE(nlohmann::json::parse(again.log_line(0)).contains("remediation"));
    EXPECT_EQ(received(*server, "/remediation/ok").size(), 2u);
    ab::http::curl_transport t;
    const auto ssm_requests = t.send({"GET", ssm.base_url() + "/_requests/success.handler", {}, "", std::chrono::seconds(10)});
    ASSERT_TRUE(ssm_requests);
    int sends = 0;
    for (const auto& r : nlohmann::json::parse(ssm_requests->body)) sends += r["target"] == "AmazonSSM.SendCommand";
    EXPECT_EQ(sends, 1);
}

// Review of issue 18, finding 4: a dry run (the default mode) posted another "Dry run" for every
// SNS redelivery. Now a repeated delivery runs no remediation, and the dry run's own guardrails
// make a second state change within the cooldown "would be skipped: cooldown".
TEST_F(alarm_handler_test, ADryRunIsPostedOncePerStateChangeAndSaysWhatTheCooldownWouldSkip) {
    ab::test::server_process ssm(ALARMBRIDGE_SSM_STAND_IN, {});
    changing_environment env;
    remediation_environment(env, url("remediation-dry", "ok"), "policy-dry-run.json", ssm.base_url() + "/success.handler-dry");
    ab::lambda::alarm_handler handler(settings_for(env.get()));
    const auto event = read_file(std::string(ALARMBRIDGE_TEST_DATA) + "/remediate/seed-procstat-httpd.json");

    const auto first = handler.handle(event, in_a_minute());
    ASSERT_TRUE(first.ok()) << first.failure_message();
    ASSERT_TRUE(first.records[0].remediation);
    EXPECT_EQ(first.records[0].remediation->kind, ab::remediate::decision_kind::dry_run);
    for (int i = 0; i < 3; ++i) {  // SNS redelivering the same message
        const auto again = handler.handle(event, in_a_minute());
        EXPECT_EQ(again.duplicates, 1u);
        EXPECT_FALSE(again.records[0].remediation);
    }
    EXPECT_EQ(received(*server, "/remediation-dry/ok").size(), 2u);  // the alarm and one "Dry run"

    // The next state change (another message, another time) comes within the cooldown.
    auto next = nlohmann::json::parse(event);
    auto& sns = next["Records"][0]["Sns"];
    sns["MessageId"] = "a-later-state-change";
    auto alarm = nlohmann::json::parse(sns["Message"].get<std::string>());
    alarm["StateChangeTime"] = "2022-06-28T02:05:35.603+0000";
    sns["Message"] = alarm.dump();
    const auto later = handler.handle(next.dump(), in_a_minute());
    ASSERT_TRUE(later.records[0].remediation);
    EXPECT_EQ(later.records[0].remediation->kind, ab::remediate::decision_kind::skipped);
    EXPECT_NE(later.records[0].remediation->reason.find("would be skipped: cooldown"), std::string::npos)
        << later.records[0].remediation->reason;
    EXPECT_FALSE(later.records[0].remediation->failed);
    EXPECT_EQ(received(*server, "/remediation-dry/ok").size(), 4u);  // its alarm and the "would be skipped"
    ab::http::curl_transport t;
    const auto ssm_requests = t.send({"GET", ssm.base_url() + "/_requests/success.handler-dry", {}, "", std::chrono::seconds(10)});
    ASSERT_TRUE(ssm_requests);
    EXPECT_TRUE(nlohmann::json::parse(ssm_requests->body).empty());  // a dry run sends nothing
}

TEST(alarm_handler_settings, EachVariableIsReadAndABadValueNamesItsVariable) {
    auto s = ab::lambda::settings_from_environment(ab::aws::environment_of({
        {"ALARMBRIDGE_LOCALE", "ko"},
        {"ALARMBRIDGE_STYLE", "blueprint"},
        {"ALARMBRIDGE_MENTION_USERS", "U012ABCDEF, W0123456"},
        {"ALARMBRIDGE_MENTION_GROUPS", "S0123ABCD"},
        {"ALARMBRIDGE_MENTION_BROADCAST", "here"},
        {"ALARMBRIDGE_RUNBOOK_URL", "https://wiki.example.com/runbooks/{alarm_name}"},
        {"ALARMBRIDGE_RUNBOOK_HOSTS", "wiki.example.com,*.example.org"},
        {"ALARMBRIDGE_MAX_ATTEMPTS", "2"},
        {"ALARMBRIDGE_CA_FILE", "/etc/ca.pem"},
        {"ALARMBRIDGE_REMEMBERED_MESSAGES", "50"},
    }));
    ASSERT_TRUE(s) << s.error().describe();
    EXPECT_EQ(s->format.locale, "ko");
    EXPECT_EQ(s->format.style, ab::format::style::blueprint);
    EXPECT_EQ(s->format.mention_users, (std::vector<std::string>{"U012ABCDEF", "W0123456"}));
    EXPECT_EQ(s->format.mention_groups, (std::vector<std::string>{"S0123ABCD"}));
    EXPECT_EQ(s->format.mention_broadcast, ab::slack::mrkdwn::broadcast::here);
    EXPECT_EQ(s->format.runbook_url, "https://wiki.example.com/runbooks/{alarm_name}");
    EXPECT_EQ(s->format.runbook_hosts, (std::vector<std::string>{"wiki.example.com", "*.example.org"}));
    EXPECT_EQ(s->delivery.retry.max_attempts, 2);
    EXPECT_EQ(s->delivery.http.ca_file, "/etc/ca.pem");
    EXPECT_EQ(s->remembered_messages, 50u);

    const std::pair<const char*, const char*> bad[] = {
        {"ALARMBRIDGE_LOCALE", "fr"},
        {"ALARMBRIDGE_STYLE", "fancy"},
        {"ALARMBRIDGE_MENTION_USERS", "U012ABCDEF,<!channel>"},
        {"ALARMBRIDGE_MENTION_GROUPS", "U012ABCDEF"},
        {"ALARMBRIDGE_MENTION_BROADCAST", "all"},
        {"ALARMBRIDGE_RUNBOOK_URL", "javascript:alert(1)"},
        {"ALARMBRIDGE_RUNBOOK_URL", "http://wiki.example.com/{alarm_name}"},
        {"ALARMBRIDGE_MAX_ATTEMPTS", "0"},
        {"ALARMBRIDGE_MAX_ATTEMPTS", "21"},
        {"ALARMBRIDGE_MAX_ATTEMPTS", "3x"},
        {"ALARMBRIDGE_REMEMBERED_MESSAGES", "99999999999999999999"},
    };
    for (const auto& [name, value] : bad) {
        const auto r = ab::lambda::settings_from_environment(ab::aws::environment_of({{name, value}}));
        ASSERT_FALSE(r) << name << "=" << value;
        EXPECT_EQ(r.error().code, ab::errc::bad_value);
        EXPECT_EQ(r.error().message.rfind(std::string(name) + " is ", 0), 0u) << r.error().message;
    }
    const auto policy = ab::lambda::settings_from_environment(
        ab::aws::environment_of({{"ALARMBRIDGE_REMEDIATION_POLICY", R"({"mode": "enforce", "rules": [], "extra": 1})"}}));
    ASSERT_FALSE(policy);
    EXPECT_EQ(policy.error().message.rfind("ALARMBRIDGE_REMEDIATION_POLICY: ", 0), 0u) << policy.error().message;
    EXPECT_FALSE(ab::lambda::settings_from_environment(ab::aws::environment_of({}))->remediation);
    // An empty value is not set.
    EXPECT_TRUE(ab::lambda::settings_from_environment(ab::aws::environment_of({{"ALARMBRIDGE_STYLE", ""}})));
}
