// Reading a remediation policy: the issue's shape, the defaults, every error at its JSON pointer,
// unknown keys refused, the environment variable.
#include "remediate_test_support.hpp"

#include <alarmbridge/remediate/policy.hpp>

#include <gtest/gtest.h>

namespace rem = alarmbridge::remediate;
using alarmbridge::errc;

TEST(remediate_policy, the_issues_policy_reads_with_its_values_and_defaults) {
    auto p = rem::parse_policy(alarmbridge::test::remediate_data("policy-enforce.json"));
    ASSERT_TRUE(p) << p.error().describe();
    EXPECT_EQ(p->mode, rem::mode::enforce);
    ASSERT_EQ(p->rules.size(), 1u);
    const auto& r = p->rules[0];
    EXPECT_EQ(r.name, "restart-on-procstat");
    EXPECT_EQ(r.match.namespace_, "CWAgent");
    EXPECT_EQ(r.match.metric_name, "procstat_lookup_pid_count");
    EXPECT_EQ(r.action.document, "alarmbridge-RestartService");
    ASSERT_EQ(r.action.parameters.count("ServiceName"), 1u);
    EXPECT_EQ(r.action.parameters.at("ServiceName").from_dimension, "exe");
    EXPECT_EQ(r.action.parameters.at("ServiceName").allowed, (std::vector<std::string>{"httpd", "nginx"}));
    EXPECT_EQ(r.cooldown_seconds, 600);
    EXPECT_EQ(r.max_per_hour, 3);
    EXPECT_EQ(r.timeout_seconds, 600);
    EXPECT_EQ(r.on_states, std::vector<alarmbridge::cloudwatch::alarm_state>{alarmbridge::cloudwatch::alarm_state::alarm});
    EXPECT_TRUE(p->state_table.empty());

    auto dry = rem::parse_policy(alarmbridge::test::remediate_data("policy-dry-run.json"));
    ASSERT_TRUE(dry) << dry.error().describe();
    EXPECT_EQ(dry->mode, rem::mode::dry_run);  // mode absent: dry run
}

TEST(remediate_policy, a_custom_document_takes_its_parameters_from_an_explicit_mapping) {
    auto p = rem::parse_policy(R"({"mode": "enforce", "state_table": "t", "rules": [{"name": "r",
        "match": {"alarm_name": "^web-.*$", "dimensions": ["InstanceId", "unit"]},
        "action": {"run_document": {"document": "Team-Restart", "parameters": {
            "Unit": {"from_dimension": "unit", "allowed_pattern": "^[a-z]+\\.service$"}}}},
        "on_states": ["ALARM", "INSUFFICIENT_DATA"], "cooldown_seconds": 0, "max_per_hour": 1, "timeout_seconds": 30}]})");
    ASSERT_TRUE(p) << p.error().describe();
    const auto& r = p->rules[0];
    EXPECT_EQ(r.action.document, "Team-Restart");
    EXPECT_EQ(r.action.parameters.at("Unit").allowed_pattern.source(), "^[a-z]+\\.service$");
    EXPECT_TRUE(r.match.alarm_name.matches("web-1"));
    EXPECT_FALSE(r.match.alarm_name.matches("app-1"));
    EXPECT_EQ(r.on_states.size(), 2u);
    EXPECT_EQ(p->state_table, "t");
}

TEST(remediate_policy, every_error_names_its_json_pointer) {
    struct row {
        std::string policy;
        errc code;
        std::string where;
        std::string says;
    };
    const std::string rule_start = R"({"rules": [{"name": "r", "match": {}, "action": )";
    const std::string valid = rule_start + R"({"restart_service": {"service_from_dimension": "exe", "allowed": ["httpd"]}}, )";
    const std::vector<row> table{
        {"{", errc::json_syntax, "", "not valid JSON"},
        {"[]", errc::wrong_type, "", "expected an object"},
        {R"({})", errc::missing_field, "/rules", "required"},
        {R"({"rules": [], "modes": "enforce"})", errc::bad_value, "/modes", "unknown key"},
        {R"({"rules": [], "mode": "on"})", errc::bad_value, "/mode", "\"dry_run\" or \"enforce\""},
        {R"({"rules": [{"name": "r", "match": {}, "action": {}, "cooldown": 5}]})", errc::bad_value, "/rules/0/cooldown", "unknown key"},
        {R"({"rules": [{"match": {}, "action": {}}]})", errc::missing_field, "/rules/0/name", "required"},
        {R"({"rules": [{"name": "r", "match": {"namespac": "CWAgent"}, "action": {}}]})", errc::bad_value, "/rules/0/match/namespac", "unknown key"},
        {R"({"rules": [{"name": "r", "match": {"alarm_name": "web-.*"}, "action": {}}]})", errc::bad_value, "/rules/0/match/alarm_name", "anchored"},
        {R"({"rules": [{"name": "r", "match": {"alarm_name": "^web-(.*$"}, "action": {}}]})", errc::bad_value, "/rules/0/match/alarm_name", "not a regular expression"},
        // The pattern dialect (pattern.hpp): no backreference, bounded repetitions that stay small.
        {R"({"rules": [{"name": "r", "match": {"alarm_name": "^(a*)\\1$"}, "action": {}}]})", errc::bad_value, "/rules/0/match/alarm_name", "backreference"},
        {R"({"rules": [{"name": "r", "match": {"alarm_name": "^((a{1,100}){1,100}){1,100}$"}, "action": {}}]})", errc::bad_value,
         "/rules/0/match/alarm_name", "bounded repetitions"},
        {R"({"rules": [{"name": "r", "match": {"alarm_name": "^([a-z]{0,30}){1,33}$"}, "action": {}}]})", errc::bad_value,
         "/rules/0/match/alarm_name", "more than 256"},
        {R"({"rules": [{"name": "r", "match": {"alarm_name": "^a{1,1000}$"}, "action": {}}]})", errc::bad_value,
         "/rules/0/match/alarm_name", "more than 256"},
        {rule_start + R"({}}]})", errc::bad_value, "/rules/0/action", "exactly one"},
        // AWS's documents that run whatever their parameters say (review of issue 18, finding 9).
        {rule_start + R"({"run_document": {"document": "AWS-RunShellScript", "parameters": {"commands": {"from_dimension": "exe", "allowed": ["reboot"]}}}}}]})",
         errc::bad_value, "/rules/0/action/run_document/document", "runs whatever its parameters say"},
        {rule_start + R"({"run_document": {"document": "AWS-RunPowerShellScript"}}}]})", errc::bad_value, "/rules/0/action/run_document/document", "narrow document"},
        {rule_start + R"({"run_document": {"document": "aws-runremotescript"}}}]})", errc::bad_value, "/rules/0/action/run_document/document", "runs whatever"},
        {rule_start + R"({"run_document": {"document": "arn:aws:ssm:us-east-1::document/AWS-ApplyChefRecipes"}}}]})", errc::bad_value,
         "/rules/0/action/run_document/document", "runs whatever"},
        {rule_start + R"({"run_document": {"document": "AWS-RunAnsiblePlaybook"}}}]})", errc::bad_value, "/rules/0/action/run_document/document", "runs whatever"},
        {rule_start + R"({"restart_service": {"service_from_dimension": "exe", "allowed": ["httpd"], "document": "AWS-RunShellScript"}}}]})",
         errc::bad_value, "/rules/0/action/restart_service/document", "runs whatever"},
        // A key twice in one object: JSON keeps one silently; the policy is refused at the second.
        {R"({"mode": "dry_run", "rules": [], "mode": "enforce"})", errc::bad_value, "/mode", "appears twice"},
        {R"({"rules": [{"name": "a", "match": {}, "action": {}}, {"name": "b", "match": {"namespace": "x", "namespace": "y"}, "action": {}}]})",
         errc::bad_value, "/rules/1/match/namespace", "appears twice"},
        {rule_start + R"({"restart_service": {"service_from_dimension": "exe", "allowed": ["httpd"], "allowed": ["sshd"]}}}]})", errc::bad_value,
         "/rules/0/action/restart_service/allowed", "appears twice"},
        // Only services: another systemd unit type or a path step is refused in an allowlist.
        {rule_start + R"({"restart_service": {"service_from_dimension": "exe", "allowed": ["httpd", "reboot.target"]}}}]})", errc::bad_value,
         "/rules/0/action/restart_service/allowed/1", "ends in .target, a systemd unit that is not a service"},
        {rule_start + R"({"restart_service": {"service_from_dimension": "exe", "allowed": ["sshd.socket"]}}}]})", errc::bad_value,
         "/rules/0/action/restart_service/allowed/0", "ends in .socket"},
        {rule_start + R"({"restart_service": {"service_from_dimension": "exe", "allowed": [".."]}}}]})", errc::bad_value,
         "/rules/0/action/restart_service/allowed/0", "path step"},
        {rule_start + R"({"restart_service": {"service_from_dimension": "exe"}}}]})", errc::missing_field,
         "/rules/0/action/restart_service/allowed", "an allowlist is required"},
        {rule_start + R"({"restart_service": {"service_from_dimension": "exe", "allowed": ["httpd; reboot"]}}}]})", errc::bad_value,
         "/rules/0/action/restart_service/allowed/0", "holds ';'"},
        {rule_start + R"({"restart_service": {"service_from_dimension": "exe", "allowed_pattern": "[a-z]+"}}}]})", errc::bad_value,
         "/rules/0/action/restart_service/allowed_pattern", "anchored"},
        {rule_start + R"({"restart_service": {"service_from_dimension": "exe", "allowed": [1]}}}]})", errc::wrong_type,
         "/rules/0/action/restart_service/allowed/0", "expected a string, got number"},
        {rule_start + R"({"restart_service": {"allowed": ["httpd"]}}}]})", errc::missing_field,
         "/rules/0/action/restart_service/service_from_dimension", "required"},
        {rule_start + R"({"run_document": {"document": "D", "parameters": {"P": {"from_dimension": "x", "allowed": ["a"], "document": "E"}}}}}]})",
         errc::bad_value, "/rules/0/action/run_document/parameters/P/document", "unknown key"},
        {rule_start + R"({"run_document": {"document": "D", "parameters": {"P": {"from_dimension": "x", "shell": "sh"}}}}}]})",
         errc::bad_value, "/rules/0/action/run_document/parameters/P/shell", "unknown key"},
        {rule_start + R"({"run_document": {"parameters": {}}}}]})", errc::missing_field, "/rules/0/action/run_document/document", "required"},
        {valid + R"("on_states": ["FIRING"]}]})", errc::bad_value, "/rules/0/on_states/0", "ALARM"},
        {valid + R"("max_per_hour": 0}]})", errc::bad_value, "/rules/0/max_per_hour", "from 1 to 60"},
        {valid + R"("cooldown_seconds": -1}]})", errc::bad_value, "/rules/0/cooldown_seconds", "from 0"},
        {valid + R"("timeout_seconds": 1.5}]})", errc::wrong_type, "/rules/0/timeout_seconds", "whole number"},
        {valid + R"("max_per_hour": 18446744073709551615}]})", errc::bad_value, "/rules/0/max_per_hour", "at most 60"},
        // The opt-in to act on an Auto Scaling group: an object of SSM's rollout values.
        {valid + R"("auto_scaling_group": true}]})", errc::wrong_type, "/rules/0/auto_scaling_group", "expected an object"},
        {valid + R"("auto_scaling_group": {"max_concurrency": "1", "batch": 2}}]})", errc::bad_value,
         "/rules/0/auto_scaling_group/batch", "unknown key"},
        {valid + R"("auto_scaling_group": {"max_concurrency": 1}}]})", errc::wrong_type,
         "/rules/0/auto_scaling_group/max_concurrency", "expected a string, got number"},
        {valid + R"("auto_scaling_group": {"max_concurrency": "0"}}]})", errc::bad_value,
         "/rules/0/auto_scaling_group/max_concurrency", "a number (1 to 9999999) or a percentage (1% to 100%)"},
        {valid + R"("auto_scaling_group": {"max_concurrency": "101%"}}]})", errc::bad_value,
         "/rules/0/auto_scaling_group/max_concurrency", "SSM's format"},
        {valid + R"("auto_scaling_group": {"max_concurrency": "1; reboot"}}]})", errc::bad_value,
         "/rules/0/auto_scaling_group/max_concurrency", "SSM's format"},
        {valid + R"("auto_scaling_group": {"max_concurrency": ""}}]})", errc::bad_value,
         "/rules/0/auto_scaling_group/max_concurrency", "must not be empty"},
        {valid + R"("auto_scaling_group": {"max_errors": "-1"}}]})", errc::bad_value, "/rules/0/auto_scaling_group/max_errors",
         "a number (0 to 9999999) or a percentage (0% to 100%)"},
        {valid + R"("auto_scaling_group": {"max_errors": "10000000"}}]})", errc::bad_value,
         "/rules/0/auto_scaling_group/max_errors", "SSM's format"},
        {valid + R"("auto_scaling_group": {"max_errors": "05"}}]})", errc::bad_value, "/rules/0/auto_scaling_group/max_errors",
         "SSM's format"},
    };
    for (const auto& r : table) {
        auto p = rem::parse_policy(r.policy);
        ASSERT_FALSE(p) << r.policy;
        EXPECT_EQ(p.error().code, r.code) << r.policy << "\n" << p.error().describe();
        EXPECT_EQ(p.error().where, r.where) << r.policy << "\n" << p.error().describe();
        EXPECT_NE(p.error().message.find(r.says), std::string::npos) << p.error().describe();
    }
}

TEST(remediate_policy, acting_on_an_auto_scaling_group_is_an_opt_in_with_ssms_rollout_values) {
    auto p = rem::parse_policy(alarmbridge::test::remediate_data("policy-auto-scaling-group.json"));
    ASSERT_TRUE(p) << p.error().describe();
    ASSERT_TRUE(p->rules[0].auto_scaling_group.has_value());
    EXPECT_EQ(p->rules[0].auto_scaling_group->max_concurrency, "1");
    EXPECT_EQ(p->rules[0].auto_scaling_group->max_errors, "0");

    auto issue = rem::parse_policy(alarmbridge::test::remediate_data("policy-enforce.json"));
    ASSERT_TRUE(issue);
    EXPECT_FALSE(issue->rules[0].auto_scaling_group.has_value());  // absent: group alarms are skipped

    const std::string rule = R"({"rules": [{"name": "r", "match": {}, "action": {"restart_service": )"
                             R"({"service_from_dimension": "exe", "allowed": ["httpd"]}}, "auto_scaling_group": )";
    auto defaults = rem::parse_policy(rule + "{}}]}");
    ASSERT_TRUE(defaults) << defaults.error().describe();
    EXPECT_EQ(defaults->rules[0].auto_scaling_group->max_concurrency, "1");  // one instance at a time
    EXPECT_EQ(defaults->rules[0].auto_scaling_group->max_errors, "0");       // stop at the first error
    for (const auto& [concurrency, errors] : std::vector<std::pair<std::string, std::string>>{
             {"25%", "10%"}, {"100%", "0%"}, {"9999999", "100%"}, {"3", "1"}}) {
        auto ok = rem::parse_policy(rule + R"({"max_concurrency": ")" + concurrency + R"(", "max_errors": ")" + errors + R"("}}]})");
        ASSERT_TRUE(ok) << concurrency << " " << errors << ": " << ok.error().describe();
        EXPECT_EQ(ok->rules[0].auto_scaling_group->max_concurrency, concurrency);
        EXPECT_EQ(ok->rules[0].auto_scaling_group->max_errors, errors);
    }
}

TEST(remediate_policy, two_rules_with_one_name_are_an_error) {
    const std::string rule = R"({"name": "same", "match": {}, "action": {"restart_service": {"service_from_dimension": "exe", "allowed": ["httpd"]}}})";
    auto p = rem::parse_policy(R"({"rules": [)" + rule + "," + rule + "]}");
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().where, "/rules/1/name");
}

TEST(remediate_policy, a_policy_larger_than_its_limit_is_refused_before_parsing) {
    auto p = rem::parse_policy(std::string(300 * 1024, ' ') + "{}");
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().code, errc::too_large);
}

TEST(remediate_policy, the_environment_variable_holds_the_policy) {
    auto none = rem::policy_from_environment(alarmbridge::aws::environment_of({}));
    ASSERT_TRUE(none);
    EXPECT_FALSE(none->has_value());
    auto empty = rem::policy_from_environment(alarmbridge::aws::environment_of({{"ALARMBRIDGE_REMEDIATION_POLICY", ""}}));
    ASSERT_TRUE(empty);
    EXPECT_FALSE(empty->has_value());
    auto set = rem::policy_from_environment(alarmbridge::aws::environment_of(
        {{"ALARMBRIDGE_REMEDIATION_POLICY", alarmbridge::test::remediate_data("policy-enforce.json")}}));
    ASSERT_TRUE(set);
    ASSERT_TRUE(set->has_value());
    EXPECT_EQ((*set)->mode, rem::mode::enforce);
    auto broken = rem::policy_from_environment(alarmbridge::aws::environment_of({{"ALARMBRIDGE_REMEDIATION_POLICY", R"({"rules": 1})"}}));
    ASSERT_FALSE(broken);
    EXPECT_EQ(broken.error().where, "/rules");
    EXPECT_NE(broken.error().message.find("ALARMBRIDGE_REMEDIATION_POLICY"), std::string::npos);
}

// Review of issue 18, finding 5: a pattern with nested quantifiers backtracked for seconds under
// std::regex. POSIX ERE (glibc) matches without backtracking: these return at once (a hang here
// would be the test's timeout), with the right answer.
TEST(remediate_policy, a_nested_quantifier_pattern_matches_without_backtracking) {
    auto p = rem::parse_policy(R"({"rules": [{"name": "r", "match": {"alarm_name": "^([a-z]+)*$"}, "action":
        {"restart_service": {"service_from_dimension": "exe", "allowed_pattern": "^(([a-z]+)*)*$"}}}]})");
    ASSERT_TRUE(p) << p.error().describe();
    const auto& r = p->rules[0];
    const auto& allowed = r.action.parameters.at("ServiceName").allowed_pattern;
    for (std::size_t n : {28u, 63u, 1023u}) {
        const std::string hostile = std::string(n, 'a') + "1";
        EXPECT_FALSE(r.match.alarm_name.matches(hostile)) << n;
        EXPECT_FALSE(allowed.matches(hostile)) << n;
        EXPECT_TRUE(r.match.alarm_name.matches(std::string(n, 'a'))) << n;
    }
    EXPECT_FALSE(allowed.matches(std::string("httpd\0x", 7)));  // a NUL byte never matches
    EXPECT_TRUE(allowed.matches("httpd"));
}

TEST(remediate_policy, a_document_of_ones_own_and_a_key_in_two_objects_are_fine) {
    auto p = rem::parse_policy(R"({"rules": [{"name": "a", "match": {"namespace": "x"}, "action": {"run_document": {"document": "Team-RunScriptSafely"}}},
        {"name": "b", "match": {"namespace": "x"}, "action": {"run_document": {"document": "AWS-RestartEC2Instance"}}}]})");
    ASSERT_TRUE(p) << p.error().describe();
    EXPECT_EQ(p->rules[1].action.document, "AWS-RestartEC2Instance");
}
