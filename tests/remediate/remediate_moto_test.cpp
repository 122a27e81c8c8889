// Remediation against moto's server (SSM and DynamoDB) on 127.0.0.1: the request SSM receives,
// the outcome polled, the DynamoDB claims, two processes racing on one alarm, and the seed case
// end to end with the Slack-like server. One moto server for the whole binary.
#include "command.hpp"
#include "moto_process.hpp"
#include "remediate_test_support.hpp"

#include <alarmbridge/aws/client.hpp>
#include <alarmbridge/aws/dynamodb.hpp>
#include <alarmbridge/format/alarm_message.hpp>
#include <alarmbridge/remediate/remediator.hpp>
#include <alarmbridge/slack/webhook.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <memory>

namespace ab = alarmbridge;
using ab::remediate::decision_kind;
using ab::test::seed_event;

namespace {

constexpr const char* table = "alarmbridge-remediation";

std::unique_ptr<ab::test::moto_process> moto;

ab::aws::client_options moto_aws(const std::string& region = "us-east-1") {
    auto o = ab::test::local_aws(moto->server.base_url(), region, moto->text("access_key_id"), moto->text("secret_access_key"));
    o.region = region;
    return o;
}

/// One call at moto with its IAM user's keys (moto checks every signature); the answer's JSON.
nlohmann::json call(const ab::aws::service& svc, const std::string& region, const char* operation, const nlohmann::json& body) {
    auto client = ab::aws::json_client::create(svc, moto_aws(region));
    if (!client) throw std::runtime_error(client.error().describe());
    auto answer = client->call(operation, body.dump());
    if (!answer) throw std::runtime_error(std::string(operation) + ": " + answer.error().describe());
    return nlohmann::json::parse(answer->view());
}

/// moto's server (tests/support/moto_server.py), with the project's SSM document in the seed
/// alarm's region and a table for the guardrails (key pk, TTL on expires_at) in the function's.
class moto_environment : public ::testing::Environment {
public:
    void SetUp() override {
        moto = std::make_unique<ab::test::moto_process>();
        std::ifstream in(ALARMBRIDGE_SSM_DOCUMENT, std::ios::binary);
        const std::string content(std::istreambuf_iterator<char>(in), {});
        call(ab::aws::ssm_service, "ap-northeast-2", "CreateDocument",
             {{"Content", content}, {"Name", "alarmbridge-RestartService"}, {"DocumentType", "Command"}, {"DocumentFormat", "JSON"}});
        call(ab::aws::dynamodb_service, "us-east-1", "CreateTable",
             {{"TableName", table},
              {"KeySchema", {{{"AttributeName", "pk"}, {"KeyType", "HASH"}}}},
              {"AttributeDefinitions", {{{"AttributeName", "pk"}, {"AttributeType", "S"}}}},
              {"BillingMode", "PAY_PER_REQUEST"}});
        call(ab::aws::dynamodb_service, "us-east-1", "UpdateTimeToLive",
             {{"TableName", table}, {"TimeToLiveSpecification", {{"Enabled", true}, {"AttributeName", "expires_at"}}}});
    }
    void TearDown() override { moto.reset(); }
};
const auto* const registered = ::testing::AddGlobalTestEnvironment(new moto_environment);

/// The seed alarm renamed, so that each test finds its own commands among moto's.
std::string seed_named(const std::string& name) {
    return seed_event([&](nlohmann::json& a) {
        a["AlarmName"] = name;
        a["AlarmArn"] = "arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:" + name;
    });
}

/// The commands moto holds in ap-northeast-2 whose Comment names the alarm.
std::vector<nlohmann::json> commands_for(const std::string& alarm) {
    std::vector<nlohmann::json> out;
    const auto listed = call(ab::aws::ssm_service, "ap-northeast-2", "ListCommands", nlohmann::json::object());
    for (const auto& c : listed.at("Commands"))
        if (c.value("Comment", "").find(alarm) != std::string::npos) out.push_back(c);
    return out;
}

std::string policy_with_table() {
    auto p = nlohmann::json::parse(ab::test::remediate_data("policy-enforce.json"));
    p["state_table"] = table;
    return p.dump();
}

/// The issue's policy, SSM at moto, in-process memory, the test's clock.
struct at_moto {
    ab::remediate::remediator_options options;
    ab::remediate::remediator remediator;
    at_moto() : options(make_options()), remediator(*ab::remediate::parse_policy(ab::test::remediate_data("policy-enforce.json")), options) {}
    std::vector<ab::remediate::decision> run(const ab::event& e) {
        return remediator.run(e, options.time->now() + std::chrono::seconds(60));
    }
    static ab::remediate::remediator_options make_options() {
        ab::remediate::remediator_options o;
        o.aws = moto_aws();
        o.time = std::make_shared<ab::test::test_time>();
        return o;
    }
};

}  // namespace

TEST(remediate_moto, ssm_receives_the_document_instance_parameters_and_comment_and_the_outcome_is_polled) {
    at_moto r;
    const auto d = r.run(ab::test::parsed(seed_named("moto-shape")));
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].kind, decision_kind::sent) << d[0].reason;
    EXPECT_EQ(d[0].status, "Success");
    const auto commands = commands_for("moto-shape");
    ASSERT_EQ(commands.size(), 1u);
    const auto& c = commands[0];
    EXPECT_EQ(c["CommandId"], *d[0].command_id);
    EXPECT_EQ(c["DocumentName"], "alarmbridge-RestartService");
    EXPECT_EQ(c["InstanceIds"], nlohmann::json::array({"i-03e6aec1a93443558"}));
    EXPECT_EQ(c["Parameters"], nlohmann::json::parse(R"({"ServiceName":["httpd"]})"));
    EXPECT_EQ(c["Comment"], "alarmbridge restart-on-procstat: moto-shape");
    EXPECT_EQ(c["TimeoutSeconds"], 600);
}

TEST(remediate_moto, dynamodb_claims_are_conditional_and_expire) {
    auto store = ab::remediate::make_dynamodb_state_store(table, moto_aws());
    ASSERT_TRUE(store) << store.error().describe();
    auto& s = **store;
    EXPECT_TRUE(*s.claim("moto-claim", 1000, 1600));
    EXPECT_FALSE(*s.claim("moto-claim", 1200, 1800));  // held
    EXPECT_TRUE(*s.claim("moto-claim", 1600, 2200));   // expired at 1600
    EXPECT_TRUE(*s.release("moto-claim"));
    EXPECT_TRUE(*s.claim("moto-claim", 1700, 2300));
    // The item carries the TTL attribute.
    const auto item = call(ab::aws::dynamodb_service, "us-east-1", "GetItem",
                           {{"TableName", table}, {"Key", {{"pk", {{"S", "moto-claim"}}}}}});
    EXPECT_EQ(item["Item"]["expires_at"]["N"], "2300");
}

TEST(remediate_moto, a_missing_table_is_a_failure_and_nothing_is_sent) {
    auto p = nlohmann::json::parse(policy_with_table());
    p["state_table"] = "no-such-table";
    auto policy = ab::remediate::parse_policy(p.dump());
    ASSERT_TRUE(policy);
    ab::remediate::remediator_options o;
    o.aws = moto_aws();
    ab::remediate::remediator r(std::move(*policy), o);
    const auto d = r.run(ab::test::parsed(seed_named("moto-no-table")), ab::slack::deadline_after(std::chrono::seconds(30)));
    EXPECT_EQ(d[0].kind, decision_kind::skipped);
    EXPECT_TRUE(d[0].failed);
    EXPECT_NE(d[0].reason.find("no-such-table"), std::string::npos) << d[0].reason;
    EXPECT_TRUE(commands_for("moto-no-table").empty());
}

TEST(remediate_moto, two_processes_racing_on_one_alarm_send_one_command) {
    ab::test::temp_dir dir;
    const auto policy = dir.write("policy.json", policy_with_table());
    const auto event = dir.write("event.json", seed_named("moto-race"));
    const std::string env = "AWS_ENDPOINT_URL=" + moto->server.base_url() + " AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=" +
                            moto->text("access_key_id") + " AWS_SECRET_ACCESS_KEY=" + moto->text("secret_access_key") + " ";
    const std::string one = env + ALARMBRIDGE_CLI + " remediate --deadline 30 --policy " + policy.string() + " " + event.string();
    const auto a = dir.path() / "a.json";
    const auto b = dir.path() / "b.json";
    const auto both = ab::test::run_command("(" + one + " > " + a.string() + " & " + one + " > " + b.string() + " & wait) 2>&1");
    std::vector<nlohmann::json> reports;
    for (const auto& file : {a, b}) {
        std::ifstream in(file);
        reports.push_back(nlohmann::json::parse(in, nullptr, false));
        ASSERT_TRUE(reports.back().is_array()) << both.out;
    }
    int sent = 0;
    int repeated = 0;
    for (const auto& report : reports) {
        ASSERT_EQ(report.size(), 1u);
        sent += report[0]["decision"] == "sent" ? 1 : 0;
        repeated += report[0].value("reason", "").find("already acted on") != std::string::npos ? 1 : 0;
    }
    EXPECT_EQ(sent, 1);
    EXPECT_EQ(repeated, 1);
    EXPECT_EQ(commands_for("moto-race").size(), 1u);
}

TEST(remediate_moto, the_seed_case_end_to_end_alarm_message_then_the_outcome_threaded_under_it) {
    ab::test::server_process slack(std::vector<std::string>{});
    const auto event = ab::test::parsed(seed_named("jisoo-test-cw-e2e"));
    const auto& alarm = std::get<ab::cloudwatch::alarm>(event.records[0]->body);

    ab::slack::web_api_client bot("xoxb-ok-remediate", {}, slack.base_url() + "/api/");
    bot.set_default_channel("C0REMEDIATE");
    const auto posted = bot.post(ab::format::alarm_message(alarm), std::chrono::seconds(30));
    ASSERT_TRUE(posted.delivered) << (posted.error ? posted.error->describe() : "");
    ASSERT_FALSE(posted.ts.empty());

    at_moto r;
    const auto decisions = r.run(event);
    ASSERT_EQ(decisions.size(), 1u);
    ASSERT_TRUE(decisions[0].notify);
    auto outcome = ab::remediate::outcome_message(decisions[0]);
    outcome.thread_ts = posted.ts;
    ASSERT_TRUE(bot.post(outcome, std::chrono::seconds(30)).delivered);

    ab::http::curl_transport t;
    auto got = t.send({"GET", slack.base_url() + "/_requests?path=/api/chat.postMessage", {}, "", std::chrono::milliseconds(10000)});
    ASSERT_TRUE(got);
    const auto requests = nlohmann::json::parse(got->body);
    ASSERT_EQ(requests.size(), 2u);
    const auto first = nlohmann::json::parse(requests[0]["body"].get<std::string>());
    const auto second = nlohmann::json::parse(requests[1]["body"].get<std::string>());
    EXPECT_NE(first.dump().find("jisoo-test-cw-e2e"), std::string::npos);
    EXPECT_FALSE(first.contains("thread_ts"));
    EXPECT_EQ(second["thread_ts"], posted.ts);
    const std::string text = second["text"].get<std::string>();
    EXPECT_NE(text.find(":white_check_mark: Remediation of *jisoo-test-cw-e2e*"), std::string::npos) << text;
    EXPECT_NE(text.find("(ServiceName=httpd) on `i-03e6aec1a93443558`: *Success*"), std::string::npos) << text;
    EXPECT_EQ(commands_for("jisoo-test-cw-e2e").size(), 1u);
}
