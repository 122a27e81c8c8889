// `alarmbridge remediate` as a user runs it, against the scripted SSM stand-in: the report on
// standard output, exit 0 / 1 / 2 as the issue says.
#include "command.hpp"
#include "remediate_test_support.hpp"
#include "server_process.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>

namespace {

class remediate_cli : public ::testing::Test {
protected:
    alarmbridge::test::server_process ssm{ALARMBRIDGE_SSM_STAND_IN, {}};
    alarmbridge::test::temp_dir dir;

    alarmbridge::test::run_result remediate(const std::string& scenario, const std::string& options, const std::string& event) {
        const auto input = dir.write("event.json", event);
        return alarmbridge::test::run_command(
            "AWS_ENDPOINT_URL=" + ssm.base_url() + "/" + scenario +
            ".cli AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=AKIAREMEDIATETEST000 AWS_SECRET_ACCESS_KEY=remediate-test-secret " +
            ALARMBRIDGE_CLI + " remediate " + options + " " + input.string() + " 2>/dev/null");
    }
    std::string policy(const std::string& name) {
        return dir.write(name, alarmbridge::test::remediate_data(name)).string();
    }
    /// What the stand-in received for scenario (as remediate() named it): [{"target", ...}].
    nlohmann::json received(const std::string& scenario) {
        alarmbridge::http::curl_transport t;
        auto answer = t.send({"GET", ssm.base_url() + "/_requests/" + scenario + ".cli", {}, "", std::chrono::milliseconds(10000)});
        if (!answer || answer->status != 200) throw std::runtime_error("cannot read the stand-in's requests");
        return nlohmann::json::parse(answer->body);
    }
};

}  // namespace

TEST_F(remediate_cli, a_sent_restart_prints_the_report_and_exits_0) {
    const auto r = remediate("success", "--deadline 60 --policy " + policy("policy-enforce.json"), alarmbridge::test::seed_event());
    EXPECT_EQ(r.status, 0) << r.out;
    const auto report = nlohmann::ordered_json::parse(r.out);  // the keys in the order printed
    ASSERT_EQ(report.size(), 1u);
    EXPECT_EQ(report[0]["decision"], "sent");
    EXPECT_EQ(report[0]["status"], "Success");
    EXPECT_EQ(report[0]["parameters"].dump(), R"({"ServiceName":["httpd"]})");
    std::vector<std::string> keys;
    for (const auto& item : report[0].items()) keys.push_back(item.key());
    EXPECT_EQ(keys, (std::vector<std::string>{"record", "rule", "decision", "reason", "instance", "document", "parameters",
                                              "command_id", "status"}));
}

TEST_F(remediate_cli, a_group_report_has_its_keys_in_order_and_a_failed_instance_exits_1) {
    // SSM says Success on its first ListCommands (one real poll_interval), but an instance was Undeliverable.
    const auto r = remediate("group-success-undeliverable", "--deadline 60 --policy " + policy("policy-auto-scaling-group.json"),
                             alarmbridge::test::group_event("web-asg"));
    EXPECT_EQ(r.status, 1) << r.out;
    const auto report = nlohmann::ordered_json::parse(r.out);
    ASSERT_EQ(report.size(), 1u);
    std::vector<std::string> keys;
    for (const auto& item : report[0].items()) keys.push_back(item.key());
    EXPECT_EQ(keys, (std::vector<std::string>{"record", "rule", "decision", "reason", "auto_scaling_group", "targets", "max_concurrency",
                                              "max_errors", "document", "parameters", "command_id", "status", "target_count",
                                              "completed_count", "error_count", "instances"}));
    EXPECT_EQ(report[0]["instances"].size(), 2u);
    EXPECT_EQ(report[0]["status"], "Success");  // SSM's word; the exit status says what happened
}

TEST_F(remediate_cli, dry_run_forces_a_dry_run_and_exits_0) {
    const auto r = remediate("success", "--dry-run --policy " + policy("policy-enforce.json"), alarmbridge::test::seed_event());
    EXPECT_EQ(r.status, 0) << r.out;
    const auto report = nlohmann::json::parse(r.out);
    EXPECT_EQ(report[0]["decision"], "dry_run");
    EXPECT_FALSE(report[0].contains("command_id"));
    EXPECT_FALSE(report[0].contains("status"));
    EXPECT_TRUE(received("success").empty());  // the enforce policy, forced dry: not one request reached SSM
    // The same run without --dry-run reaches the stand-in: the check above can see a request.
    EXPECT_EQ(remediate("success", "--deadline 60 --policy " + policy("policy-enforce.json"), alarmbridge::test::seed_event()).status, 0);
    EXPECT_FALSE(received("success").empty());
}

TEST_F(remediate_cli, skipped_records_exit_0) {
    const auto r = remediate("success", "--policy " + policy("policy-enforce.json"),
                             alarmbridge::test::seed_event([](nlohmann::json& a) { a["NewStateValue"] = "OK"; }));
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(nlohmann::json::parse(r.out)[0]["decision"], "skipped");
}

TEST_F(remediate_cli, a_failed_command_exits_1) {
    const auto r = remediate("failed", "--deadline 60 --policy " + policy("policy-enforce.json"), alarmbridge::test::seed_event());
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_EQ(nlohmann::json::parse(r.out)[0]["status"], "Failed");
}

TEST_F(remediate_cli, usage_errors_and_an_unreadable_policy_exit_2) {
    const std::string event = alarmbridge::test::seed_event();
    EXPECT_EQ(remediate("success", "", event).status, 2);                           // no --policy
    EXPECT_EQ(remediate("success", "--policy", event).status, 2);                   // no value
    EXPECT_EQ(remediate("success", "--policy /nonexistent/policy.json", event).status, 2);
    EXPECT_EQ(remediate("success", "--deadline 0 --policy " + policy("policy-enforce.json"), event).status, 2);
    EXPECT_EQ(remediate("success", "--policy " + dir.write("bad.json", R"({"rules": [], "mood": 1})").string(), event).status, 2);
    EXPECT_EQ(remediate("success", "--unknown --policy " + policy("policy-enforce.json"), event).status, 2);
}

TEST_F(remediate_cli, an_event_that_cannot_be_read_exits_1_with_an_empty_report) {
    const auto r = remediate("success", "--policy " + policy("policy-enforce.json"), "{not json");
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(nlohmann::json::parse(r.out), nlohmann::json::array());
}

TEST_F(remediate_cli, an_unreadable_record_inside_a_readable_event_exits_1_after_the_others_were_handled) {
    auto event = nlohmann::json::parse(alarmbridge::test::seed_event([](nlohmann::json& a) { a["NewStateValue"] = "OK"; }));
    auto broken = event["Records"][0];
    broken["Sns"].erase("Message");
    event["Records"].push_back(broken);
    const auto r = remediate("success", "--policy " + policy("policy-enforce.json"), event.dump());
    EXPECT_EQ(r.status, 1) << r.out;
    const auto report = nlohmann::json::parse(r.out);
    ASSERT_EQ(report.size(), 2u);
    EXPECT_EQ(report[0]["decision"], "skipped");  // not a transition: handled, and alone it exits 0
    EXPECT_EQ(report[1]["decision"], "skipped");
    EXPECT_NE(report[1]["reason"].get<std::string>().find("could not be read"), std::string::npos);
}

TEST_F(remediate_cli, help_names_the_options_and_exits_0) {
    const auto r = alarmbridge::test::run_command(std::string(ALARMBRIDGE_CLI) + " remediate --help");
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("--policy FILE"), std::string::npos);
    EXPECT_NE(r.out.find("--dry-run"), std::string::npos);
    const auto list = alarmbridge::test::run_command(std::string(ALARMBRIDGE_CLI) + " --help");
    EXPECT_NE(list.out.find("remediate"), std::string::npos);
}
