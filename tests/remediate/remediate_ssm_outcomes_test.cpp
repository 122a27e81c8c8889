// How a sent command ends, against the scripted SSM stand-in (what moto does not model): Failed
// with a hostile stderr, TimedOut, InvocationDoesNotExist before Success, throttling, a command
// still running at the deadline; for an Auto Scaling group's command, each instance's outcome
// (some Failed, one Undeliverable, none at all, many, still running, throttled listing). Polls
// wait on the test's clock: bounded in count and time.
#include "stand_in_fixture.hpp"

#include <alarmbridge/slack/validate.hpp>

using alarmbridge::remediate::decision_kind;
using alarmbridge::test::group_event;
using alarmbridge::test::seed_event;

namespace {
const std::string enforce = alarmbridge::test::remediate_data("policy-enforce.json");
const std::string enforce_group = alarmbridge::test::remediate_data("policy-auto-scaling-group.json");

/// Every text of the message, one after the other.
std::string all_text(const alarmbridge::slack::message& m) {
    std::string all;
    for (const auto& t : alarmbridge::test::message_texts(m)) all += t + "\n";
    return all;
}

std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
    return n;
}
}

using remediate_ssm_outcomes = alarmbridge::test::stand_in_fixture;

TEST_F(remediate_ssm_outcomes, a_failed_command_is_reported_with_its_stderr_escaped_and_cut) {
    auto r = make(enforce, "failed");
    const auto d = run(r, seed_event());
    EXPECT_EQ(d[0].kind, decision_kind::sent);
    EXPECT_EQ(d[0].status, "Failed");
    EXPECT_TRUE(d[0].failed);
    EXPECT_NE(d[0].reason.find("exit code 1"), std::string::npos) << d[0].reason;
    const auto m = alarmbridge::remediate::outcome_message(d[0]);
    EXPECT_TRUE(alarmbridge::slack::validate(m).empty());
    const auto texts = alarmbridge::test::message_texts(m);
    std::string all;
    for (const auto& t : texts) all += t + "\n";
    EXPECT_NE(all.find("*`Failed`*"), std::string::npos);
    EXPECT_NE(all.find("Job for httpd.service failed"), std::string::npos);
    // The stderr's <!channel> and link are inert text: no '<' reaches Slack, & is escaped.
    EXPECT_EQ(all.find('<'), std::string::npos);
    EXPECT_NE(all.find("&lt;!channel&gt;"), std::string::npos);
    EXPECT_NE(all.find("&amp;amp;"), std::string::npos);
    // The first five lines only, each cut; its ``` does not close the code block early.
    EXPECT_EQ(all.find("line 6"), std::string::npos);
    EXPECT_NE(all.find("line 5"), std::string::npos);
    std::size_t fences = 0;
    for (auto at = all.find("```"); at != std::string::npos; at = all.find("```", at + 3)) ++fences;
    EXPECT_EQ(fences, 2u);
    EXPECT_EQ(all.find(std::string(200, 'x')), std::string::npos);
}

TEST_F(remediate_ssm_outcomes, a_timed_out_command_is_a_failure) {
    auto r = make(enforce, "timed-out");
    const auto d = run(r, seed_event());
    EXPECT_EQ(d[0].status, "TimedOut");
    EXPECT_TRUE(d[0].failed);
    EXPECT_NE(alarmbridge::remediate::outcome_message(d[0]).text->find("*`TimedOut`*"), std::string::npos);
}

TEST_F(remediate_ssm_outcomes, invocation_does_not_exist_is_asked_again_until_success) {
    auto r = make(enforce, "not-yet-then-success");
    const auto d = run(r, seed_event());
    EXPECT_EQ(d[0].status, "Success") << d[0].reason;
    EXPECT_FALSE(d[0].failed);
    EXPECT_EQ(count("GetCommandInvocation"), 4);  // two InvocationDoesNotExist, InProgress, Success
    EXPECT_EQ(time->sleeps, 4);
}

TEST_F(remediate_ssm_outcomes, a_throttled_send_is_retried_once_and_sends_one_command) {
    auto r = make(enforce, "throttle-then-ok");
    const auto d = run(r, seed_event());
    EXPECT_EQ(d[0].kind, decision_kind::sent) << d[0].reason;
    EXPECT_EQ(d[0].status, "Success");
    EXPECT_EQ(d[0].command_id, key + "-command-2");
    EXPECT_EQ(count("SendCommand"), 2);
}

TEST_F(remediate_ssm_outcomes, throttling_that_does_not_stop_is_a_failure_after_the_retries) {
    auto r = make(enforce, "throttle-always");
    const auto d = run(r, seed_event());
    EXPECT_EQ(d[0].kind, decision_kind::skipped);
    EXPECT_TRUE(d[0].failed);
    EXPECT_NE(d[0].reason.find("SendCommand failed"), std::string::npos);
    EXPECT_NE(d[0].reason.find("ThrottlingException"), std::string::npos);
    EXPECT_EQ(count("SendCommand"), 3);  // the client's max_attempts
    EXPECT_NE(alarmbridge::remediate::outcome_message(d[0]).text->find(":warning:"), std::string::npos);
}

TEST_F(remediate_ssm_outcomes, a_command_still_running_at_the_deadline_is_reported_as_such) {
    auto r = make(enforce, "in-progress");
    const auto start = time->now();
    const auto d = r.run(alarmbridge::test::parsed(seed_event()), start + std::chrono::seconds(9));
    EXPECT_EQ(d[0].kind, decision_kind::sent);
    EXPECT_EQ(d[0].status, "InProgress");
    EXPECT_FALSE(d[0].failed);  // not known to have failed
    EXPECT_NE(d[0].reason.find("deadline"), std::string::npos);
    EXPECT_EQ(count("GetCommandInvocation"), 4);  // at 2, 4, 6, 8 s; the next would pass the deadline
    EXPECT_EQ(time->now(), start + std::chrono::seconds(8));  // slept to the last poll, not past the deadline
}

// --- A command sent to an Auto Scaling group's instances (by the tag aws:autoscaling:groupName) ---

TEST_F(remediate_ssm_outcomes, a_group_command_with_failed_instances_reports_each_instance_and_their_stderr) {
    auto r = make(enforce_group, "group-mixed");
    const auto d = run(r, group_event("web-asg"));
    EXPECT_EQ(d[0].kind, decision_kind::sent);
    EXPECT_EQ(d[0].status, "Failed");
    EXPECT_TRUE(d[0].failed);
    EXPECT_EQ(d[0].reason, "sent; the command ended Failed on 3 of 3 instances: 1 error, 2 instances not Success");
    // The ones that did not succeed first; the exit code of each read with its stderr.
    const auto report = alarmbridge::remediate::to_json(d[0]);
    EXPECT_EQ(report["instances"].dump(),
              R"([{"instance":"i-000000000000000a1","status":"Failed","exit_code":1},)"
              R"({"instance":"i-000000000000000a2","status":"Failed","status_details":"Undeliverable","exit_code":1},)"
              R"({"instance":"i-000000000000000a0","status":"Success"}])");
    EXPECT_EQ(report["target_count"], 3);
    EXPECT_EQ(report["completed_count"], 3);
    EXPECT_EQ(report["error_count"], 1);
    EXPECT_FALSE(report.contains("instances_left_out"));
    EXPECT_EQ(count("ListCommands"), 2);            // InProgress, then Failed
    EXPECT_EQ(count("ListCommandInvocations"), 2);  // pages of two
    EXPECT_EQ(count("GetCommandInvocation"), 2);    // the two failed instances' stderr
    for (const auto& req : received()) {
        if (req["target"] == "AmazonSSM.ListCommandInvocations") {
            EXPECT_EQ(req["body"]["CommandId"], *d[0].command_id);
        }
    }

    const auto m = alarmbridge::remediate::outcome_message(d[0]);
    EXPECT_TRUE(alarmbridge::slack::validate(m).empty());
    const std::string all = all_text(m);
    EXPECT_NE(all.find(":x: Remediation of `jisoo-test-cw`"), std::string::npos) << all;
    EXPECT_NE(all.find("Auto Scaling group `web-asg`"), std::string::npos) << all;
    EXPECT_NE(all.find("*`Failed`* on 3 of 3 instances"), std::string::npos) << all;
    EXPECT_NE(all.find("• `i-000000000000000a1`: *`Failed`*, exit code 1"), std::string::npos) << all;
    EXPECT_NE(all.find("• `i-000000000000000a2`: *`Failed`* (`Undeliverable`), exit code 1"), std::string::npos) << all;
    EXPECT_NE(all.find("• `i-000000000000000a0`: `Success`"), std::string::npos) << all;
    EXPECT_NE(all.find("stderr of `i-000000000000000a1`:"), std::string::npos) << all;
    // The stderr's <!channel> and link stay inert; five lines each; no fence closes a block early.
    EXPECT_EQ(all.find('<'), std::string::npos);
    EXPECT_EQ(occurrences(all, "&lt;!channel&gt;"), 2u);
    EXPECT_EQ(all.find("line 6"), std::string::npos);
    EXPECT_EQ(occurrences(all, "```"), 4u);
}

TEST_F(remediate_ssm_outcomes, a_group_command_that_reached_no_instance_is_not_a_success) {
    auto r = make(enforce_group, "group-empty");
    const auto d = run(r, group_event("web-asg"));
    EXPECT_EQ(d[0].kind, decision_kind::sent);
    EXPECT_EQ(d[0].status, "Success");  // what SSM says ...
    EXPECT_TRUE(d[0].failed);           // ... is not what happened
    EXPECT_NE(d[0].reason.find("the command reached no instance: none carries the tag aws:autoscaling:groupName=\"web-asg\""),
              std::string::npos)
        << d[0].reason;
    EXPECT_EQ(alarmbridge::remediate::to_json(d[0])["target_count"], 0);
    EXPECT_TRUE(d[0].instances.empty());
    const auto m = alarmbridge::remediate::outcome_message(d[0]);
    EXPECT_TRUE(alarmbridge::slack::validate(m).empty());
    EXPECT_EQ(m.text->find(":white_check_mark:"), std::string::npos) << *m.text;
    EXPECT_NE(m.text->find(":x: Remediation of `jisoo-test-cw`"), std::string::npos) << *m.text;
    EXPECT_NE(m.text->find("*reached no instance* on 0 of 0 instances"), std::string::npos) << *m.text;
    EXPECT_EQ(m.text->find("`Success`"), std::string::npos) << *m.text;
}

TEST_F(remediate_ssm_outcomes, a_group_command_ssm_calls_success_while_an_instance_was_undeliverable_is_a_failure) {
    auto r = make(enforce_group, "group-success-undeliverable");
    const auto d = run(r, group_event("web-asg"));
    EXPECT_EQ(d[0].status, "Success");
    EXPECT_TRUE(d[0].failed);
    EXPECT_EQ(d[0].reason, "sent; the command ended Success on 2 of 2 instances: 0 errors, 1 instance not Success");
    ASSERT_EQ(d[0].instances.size(), 2u);
    EXPECT_EQ(d[0].instances[0].status_details, "Undeliverable");
    EXPECT_EQ(alarmbridge::remediate::outcome_message(d[0]).text->find(":white_check_mark:"), std::string::npos);
}

TEST_F(remediate_ssm_outcomes, a_large_group_is_read_in_bounded_pages_and_what_is_left_out_is_counted) {
    auto r = make(enforce_group, "group-large");
    const auto d = run(r, group_event("web-asg"));
    EXPECT_EQ(d[0].status, "Failed");
    EXPECT_TRUE(d[0].failed);
    EXPECT_EQ(count("ListCommandInvocations"), 4);  // 4 pages of 50 of the 250
    EXPECT_EQ(count("GetCommandInvocation"), 3);    // the stderr of three failed instances, no more
    ASSERT_EQ(d[0].instances.size(), alarmbridge::remediate::max_reported_instances);
    for (const auto& i : d[0].instances) EXPECT_EQ(i.status, "Failed") << i.instance;  // failures first
    EXPECT_EQ(d[0].instances_left_out, 230u);
    EXPECT_EQ(alarmbridge::remediate::to_json(d[0])["instances_left_out"], 230);
    for (const auto& req : received()) {
        if (req["target"] == "AmazonSSM.ListCommandInvocations") {
            EXPECT_EQ(req["body"]["MaxResults"], 50);
        }
    }
    const auto m = alarmbridge::remediate::outcome_message(d[0]);
    EXPECT_TRUE(alarmbridge::slack::validate(m).empty());
    const std::string all = all_text(m);
    EXPECT_EQ(occurrences(all, "\n• "), 10u);  // the message lists ten
    EXPECT_NE(all.find("… and 240 more (see the command in SSM)"), std::string::npos) << all;
    EXPECT_EQ(occurrences(all, "stderr of "), 3u);
}

TEST_F(remediate_ssm_outcomes, a_group_command_still_running_at_the_deadline_is_reported_with_its_instances) {
    auto r = make(enforce_group, "group-in-progress");
    const auto d = r.run(alarmbridge::test::parsed(group_event("web-asg")), time->now() + std::chrono::seconds(9));
    EXPECT_EQ(d[0].kind, decision_kind::sent);
    EXPECT_EQ(d[0].status, "InProgress");
    EXPECT_FALSE(d[0].failed);  // not known to have failed
    EXPECT_EQ(d[0].reason,
              "sent to the group's instances; the deadline came before the command finished (1 of 3 instances finished; see the command in SSM)");
    EXPECT_EQ(count("ListCommands"), 4);  // at 2, 4, 6, 8 s; the next would pass the deadline
    EXPECT_EQ(count("GetCommandInvocation"), 0);  // nothing has failed yet
    ASSERT_EQ(d[0].instances.size(), 3u);
    EXPECT_EQ(d[0].instances[0].status, "InProgress");
    EXPECT_EQ(d[0].instances[1].status, "Pending");
    const auto m = alarmbridge::remediate::outcome_message(d[0]);
    EXPECT_NE(m.text->find(":hourglass_flowing_sand:"), std::string::npos) << *m.text;
    EXPECT_NE(m.text->find("*`InProgress`* on 1 of 3 instances"), std::string::npos) << *m.text;
}

TEST_F(remediate_ssm_outcomes, throttling_is_retried_and_a_group_whose_instances_cannot_be_listed_still_reports_its_command) {
    auto r = make(enforce_group, "group-throttled");
    const auto d = run(r, group_event("web-asg"));
    EXPECT_EQ(d[0].status, "Success");
    EXPECT_FALSE(d[0].failed);  // the command says Success on 2 of 2, no error
    EXPECT_NE(d[0].reason.find("sent; the command ended Success on 2 of 2 instances; ListCommandInvocations failed: "),
              std::string::npos)
        << d[0].reason;
    EXPECT_NE(d[0].reason.find("ThrottlingException"), std::string::npos) << d[0].reason;
    EXPECT_EQ(count("ListCommands"), 2);            // throttled once, retried by the client
    EXPECT_EQ(count("ListCommandInvocations"), 3);  // the client's max_attempts
    EXPECT_TRUE(d[0].instances.empty());
}

TEST_F(remediate_ssm_outcomes, a_role_that_may_not_list_commands_makes_a_sent_group_command_a_failure) {
    auto r = make(enforce_group, "group-list-denied");
    const auto d = run(r, group_event("web-asg"));
    EXPECT_EQ(d[0].kind, decision_kind::sent);  // the command went out: SendCommand was allowed
    EXPECT_TRUE(d[0].failed);
    EXPECT_NE(d[0].reason.find("sent; ListCommands failed: "), std::string::npos) << d[0].reason;
    EXPECT_NE(d[0].reason.find("AccessDeniedException"), std::string::npos) << d[0].reason;
    EXPECT_FALSE(d[0].status.has_value());
    EXPECT_EQ(count("ListCommands"), 1);  // not retried, not polled again
    EXPECT_EQ(count("ListCommandInvocations"), 0);
    EXPECT_NE(alarmbridge::remediate::outcome_message(d[0]).text->find(":x:"), std::string::npos);
}
