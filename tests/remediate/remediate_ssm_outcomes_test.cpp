// How a sent command ends, against the scripted SSM stand-in (what moto does not model): Failed
// with a hostile stderr, TimedOut, InvocationDoesNotExist before Success, throttling, a command
// still running at the deadline. Polls wait on the test's clock: bounded in count and time.
#include "stand_in_fixture.hpp"

#include <alarmbridge/slack/validate.hpp>

using alarmbridge::remediate::decision_kind;
using alarmbridge::test::seed_event;

namespace {
const std::string enforce = alarmbridge::test::remediate_data("policy-enforce.json");
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
    EXPECT_NE(all.find("*Failed*"), std::string::npos);
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
    EXPECT_NE(alarmbridge::remediate::outcome_message(d[0]).text->find("*TimedOut*"), std::string::npos);
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
    const auto d = r.run(alarmbridge::test::parsed(seed_event()), time->now() + std::chrono::seconds(9));
    EXPECT_EQ(d[0].kind, decision_kind::sent);
    EXPECT_EQ(d[0].status, "InProgress");
    EXPECT_FALSE(d[0].failed);  // not known to have failed
    EXPECT_NE(d[0].reason.find("deadline"), std::string::npos);
    EXPECT_EQ(count("GetCommandInvocation"), 4);  // at 2, 4, 6, 8 s; the next would pass the deadline
    EXPECT_LE(time->now(), time->steady);
}
