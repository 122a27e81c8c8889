// Remediation against moto's server (SSM and DynamoDB) on 127.0.0.1: the request SSM receives,
// the outcome polled, the DynamoDB claims, two processes racing on one alarm, and the seed case
// end to end with the Slack-like server; a group's alarm against an Auto Scaling group moto
// made (its instances tagged aws:autoscaling:groupName), and one for a group with no instance.
// One moto server for the whole binary.
#include "command.hpp"
#include "moto_process.hpp"
#include "remediate_test_support.hpp"

#include <alarmbridge/aws/client.hpp>
#include <alarmbridge/aws/dynamodb.hpp>
#include <alarmbridge/format/alarm_message.hpp>
#include <alarmbridge/remediate/remediator.hpp>
#include <alarmbridge/slack/webhook.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <set>

namespace ab = alarmbridge;
using ab::remediate::decision_kind;
using ab::test::seed_event;

namespace {

constexpr const char* table = "alarmbridge-remediation";
constexpr const char* group = "moto-web-asg";
// The group's alarms and instances live in another region than the seed's: moto 5.2.5 adds every
// EC2 instance of the region to a command sent by InstanceIds alone (no Targets match all).
constexpr const char* group_region = "eu-west-1";

std::unique_ptr<ab::test::moto_process> moto;
std::set<std::string> group_instances;  // the instances moto launched for the group

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
        for (const char* region : {"ap-northeast-2", group_region})
            call(ab::aws::ssm_service, region, "CreateDocument",
                 {{"Content", content}, {"Name", "alarmbridge-RestartService"}, {"DocumentType", "Command"}, {"DocumentFormat", "JSON"}});
        call(ab::aws::dynamodb_service, "us-east-1", "CreateTable",
             {{"TableName", table},
              {"KeySchema", {{{"AttributeName", "pk"}, {"KeyType", "HASH"}}}},
              {"AttributeDefinitions", {{{"AttributeName", "pk"}, {"AttributeType", "S"}}}},
              {"BillingMode", "PAY_PER_REQUEST"}});
        call(ab::aws::dynamodb_service, "us-east-1", "UpdateTimeToLive",
             {{"TableName", table}, {"TimeToLiveSpecification", {{"Enabled", true}, {"AttributeName", "expires_at"}}}});
        // Auto Scaling speaks the query protocol: the venv's boto3 makes the group.
        const auto script = std::filesystem::path(ALARMBRIDGE_MOTO_SERVER).parent_path() / "moto_auto_scaling_group.py";
        const auto made = ab::test::run_command("AWS_ACCESS_KEY_ID=" + moto->text("access_key_id") + " AWS_SECRET_ACCESS_KEY=" +
                                                moto->text("secret_access_key") + " " + ALARMBRIDGE_PYTHON + " " + script.string() +
                                                " " + moto->server.base_url() + " " + group_region + " " + group + " 2");
        const auto ids = nlohmann::json::parse(made.out, nullptr, false);
        if (made.status != 0 || !ids.is_array() || ids.size() != 2) throw std::runtime_error("cannot make the Auto Scaling group: " + made.out);
        for (const auto& id : ids) group_instances.insert(id.get<std::string>());
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

/// The seed alarm renamed, in group_region, as the agent's aggregation by Auto Scaling group makes it.
std::string group_alarm_named(const std::string& name, const std::string& group_name) {
    return ab::test::group_event(group_name, [&](nlohmann::json& a) {
        a["AlarmName"] = name;
        a["AlarmArn"] = std::string("arn:aws:cloudwatch:") + group_region + ":123456789012:alarm:" + name;
    });
}

/// The commands moto holds in the region whose Comment names the alarm.
std::vector<nlohmann::json> commands_for(const std::string& alarm, const std::string& region = "ap-northeast-2") {
    std::vector<nlohmann::json> out;
    const auto listed = call(ab::aws::ssm_service, region, "ListCommands", nlohmann::json::object());
    for (const auto& c : listed.at("Commands"))
        if (c.value("Comment", "").find(alarm) != std::string::npos) out.push_back(c);
    return out;
}

std::string policy_with_table() {
    auto p = nlohmann::json::parse(ab::test::remediate_data("policy-enforce.json"));
    p["state_table"] = table;
    return p.dump();
}

/// The issue's policy (or another of tests/data/remediate), SSM at moto, in-process memory, the test's clock.
struct at_moto {
    ab::remediate::remediator_options options;
    ab::remediate::remediator remediator;
    explicit at_moto(const std::string& policy = "policy-enforce.json")
        : options(make_options()), remediator(*ab::remediate::parse_policy(ab::test::remediate_data(policy)), options) {}
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
    EXPECT_NE(text.find(":white_check_mark: Remediation of `jisoo-test-cw-e2e`"), std::string::npos) << text;
    EXPECT_NE(text.find("(`ServiceName=httpd`) on `i-03e6aec1a93443558`: *`Success`*"), std::string::npos) << text;
    EXPECT_EQ(commands_for("jisoo-test-cw-e2e").size(), 1u);
}

TEST(remediate_moto, a_group_alarm_runs_on_the_instances_moto_tagged_for_the_group) {
    at_moto r("policy-auto-scaling-group.json");
    const auto d = r.run(ab::test::parsed(group_alarm_named("moto-group", group)));
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].kind, decision_kind::sent) << d[0].reason;
    // The request as SSM holds it: by tag, rolling one at a time, stopping at the first error.
    const auto commands = commands_for("moto-group", group_region);
    ASSERT_EQ(commands.size(), 1u);
    const auto& c = commands[0];
    EXPECT_EQ(c["CommandId"], *d[0].command_id);
    EXPECT_EQ(c["Targets"], nlohmann::json::parse(R"([{"Key":"tag:aws:autoscaling:groupName","Values":["moto-web-asg"]}])"));
    EXPECT_EQ(c["MaxConcurrency"], "1");
    EXPECT_EQ(c["MaxErrors"], "0");
    EXPECT_EQ(c["Comment"], "alarmbridge restart-in-group: moto-group");
    EXPECT_EQ(c["DocumentName"], "alarmbridge-RestartService");
    EXPECT_EQ(c["Parameters"], nlohmann::json::parse(R"({"ServiceName":["httpd"]})"));
    EXPECT_EQ(c["TimeoutSeconds"], 600);
    // moto resolved the tag to the group's instances through its EC2 model.
    std::set<std::string> resolved;
    for (const auto& id : c["InstanceIds"]) resolved.insert(id.get<std::string>());
    EXPECT_EQ(resolved, group_instances);
    // The outcome as far as moto models it: ListCommands' status and counts.
    EXPECT_EQ(d[0].status, "Success");
    ASSERT_TRUE(d[0].counts.has_value());
    EXPECT_EQ(d[0].counts->target, 2);
    EXPECT_EQ(d[0].counts->completed, 2);
    EXPECT_EQ(d[0].counts->error, 0);
    EXPECT_FALSE(d[0].failed) << d[0].reason;
    EXPECT_NE(d[0].reason.find("sent; the command ended Success on 2 of 2 instances"), std::string::npos) << d[0].reason;
    if (d[0].instances.empty()) {
        // moto 5.2.5 has no ListCommandInvocations (it answers 500): the report says so.
        EXPECT_NE(d[0].reason.find("ListCommandInvocations failed"), std::string::npos) << d[0].reason;
    } else {
        std::set<std::string> listed;
        for (const auto& i : d[0].instances) listed.insert(i.instance);
        EXPECT_EQ(listed, group_instances);
    }
}

TEST(remediate_moto, a_group_alarm_for_a_group_without_instances_reaches_none_and_is_a_failure) {
    at_moto r("policy-auto-scaling-group.json");
    const auto d = r.run(ab::test::parsed(group_alarm_named("moto-empty-group", "moto-no-such-asg")));
    EXPECT_EQ(d[0].kind, decision_kind::sent) << d[0].reason;
    EXPECT_EQ(d[0].status, "Success");  // moto ends a command with no target as Success
    ASSERT_TRUE(d[0].counts.has_value());
    EXPECT_EQ(d[0].counts->target, 0);
    EXPECT_TRUE(d[0].failed);
    EXPECT_NE(d[0].reason.find("the command reached no instance"), std::string::npos) << d[0].reason;
    const auto commands = commands_for("moto-empty-group", group_region);
    ASSERT_EQ(commands.size(), 1u);
    EXPECT_TRUE(commands[0]["InstanceIds"].empty());
}
