// SendCommand is never sent twice, and AWS calls end by the deadline, against a stand-in whose
// answers leave open whether a request ran (tests/support/ssm_unsafe_answers_server.py): a 500,
// an answer cut off, an unreadable success, an endpoint that never answers. Time is the test's
// clock: the transport below moves it by each failed attempt's whole timeout, and records the
// timeout every request was given, so the deadline is checked without measuring real time.
#include "stand_in_fixture.hpp"

#include <alarmbridge/aws/ssm_commands.hpp>
#include <alarmbridge/remediate/state_store.hpp>

using alarmbridge::remediate::decision_kind;
using alarmbridge::test::seed_event;
namespace ab = alarmbridge;

namespace {

const std::string enforce = ab::test::remediate_data("policy-enforce.json");
constexpr const char* lost = "SendCommand's answer was lost: the command may have run (see SSM)";

/// libcurl underneath; each request's test-clock start and timeout recorded; a failed attempt
/// (no answer) moves the test clock by its whole timeout, as if it had used all of it.
class clocked_transport final : public ab::http::transport {
public:
    struct sent {
        ab::http::clock::time_point at;
        std::chrono::milliseconds timeout;
    };
    explicit clocked_transport(ab::test::test_time& time) : time_(time) {}
    ab::result<ab::http::response> send(const ab::http::request& req) override {
        requests.push_back({time_.now(), req.timeout});
        auto r = inner_.send(req);
        if (!r) time_.advance(req.timeout);
        return r;
    }
    std::vector<sent> requests;

private:
    ab::test::test_time& time_;
    ab::http::curl_transport inner_;
};

class remediate_aws_safety : public ab::test::stand_in_fixture {
protected:
    clocked_transport transport{*time};

    /// As make(), with the clocked transport.
    ab::remediate::remediator make_clocked(const std::string& scenario) {
        auto p = ab::remediate::parse_policy(enforce);
        if (!p) throw std::runtime_error(p.error().describe());
        key = scenario + "." + ::testing::UnitTest::GetInstance()->current_test_info()->name();
        ab::remediate::remediator_options o;
        o.aws = ab::test::local_aws(server.base_url() + "/" + key);
        o.aws.transport = &transport;
        o.time = time;
        return ab::remediate::remediator(std::move(*p), o);
    }

    /// An SSM client for the scenario, on the test clock.
    ab::aws::json_client ssm_client(const std::string& scenario) {
        key = scenario + "." + ::testing::UnitTest::GetInstance()->current_test_info()->name();
        auto o = ab::test::local_aws(server.base_url() + "/" + key);
        o.transport = &transport;
        o.steady_now = [t = time] { return t->now(); };
        auto c = ab::aws::json_client::create(ab::aws::ssm_service, o);
        if (!c) throw std::runtime_error(c.error().describe());
        return std::move(*c);
    }

    /// Every request's timeout ended by the deadline.
    void expect_within(ab::http::clock::time_point deadline) {
        for (const auto& s : transport.requests) {
            EXPECT_LT(s.at, deadline);
            EXPECT_LE(s.at + s.timeout, deadline);
            EXPECT_GT(s.timeout.count(), 0);
        }
        EXPECT_LE(time->now(), deadline);
    }
};

}  // namespace

TEST_F(remediate_aws_safety, a_500_to_send_command_is_not_sent_again_and_is_reported) {
    auto r = make(enforce, "send-500-once");
    const auto d = run(r, seed_event());
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(count("SendCommand"), 1);
    EXPECT_EQ(count("GetCommandInvocation"), 0);
    EXPECT_EQ(d[0].kind, decision_kind::skipped);
    EXPECT_TRUE(d[0].failed);
    EXPECT_TRUE(d[0].notify);
    EXPECT_EQ(d[0].reason.rfind(lost, 0), 0u) << d[0].reason;
    EXPECT_NE(d[0].reason.find("HTTP 500"), std::string::npos) << d[0].reason;
    // The same delivery again is the same state change: still one SendCommand.
    const auto again = run(r, seed_event());
    EXPECT_FALSE(again[0].notify);
    EXPECT_EQ(count("SendCommand"), 1);
}

TEST_F(remediate_aws_safety, an_answer_cut_off_or_an_unreadable_success_is_not_sent_again) {
    for (const auto& [scenario, shown] : {std::pair<std::string, std::string>{"send-cut-off-once", "cut off"},
                                          {"send-unreadable", "without Command.CommandId"}}) {
        auto r = make(enforce, scenario);
        const auto d = run(r, seed_event());
        EXPECT_EQ(count("SendCommand"), 1) << scenario;
        EXPECT_TRUE(d[0].failed) << scenario;
        EXPECT_EQ(d[0].reason.rfind(lost, 0), 0u) << d[0].reason;
        EXPECT_NE(d[0].reason.find(shown), std::string::npos) << d[0].reason;
    }
}

TEST_F(remediate_aws_safety, throttling_ran_nothing_so_send_command_is_sent_again) {
    auto r = make(enforce, "send-throttled-once");
    const auto d = run(r, seed_event());
    EXPECT_EQ(count("SendCommand"), 2);
    EXPECT_EQ(d[0].kind, decision_kind::sent);
    EXPECT_FALSE(d[0].failed) << d[0].reason;
    EXPECT_EQ(d[0].status, "Success");
}

TEST_F(remediate_aws_safety, the_rule_is_per_call_idempotent_reads_are_retried) {
    auto c = ssm_client("invocation-500-once");
    auto inv = ab::aws::get_command_invocation(c, "cmd-1", "i-03e6aec1a93443558");
    ASSERT_TRUE(inv) << inv.error().describe();
    EXPECT_EQ(inv->status, "Success");
    EXPECT_EQ(count("GetCommandInvocation"), 2);
    // send_command is never idempotent, whatever the caller's options say.
    auto sent = ab::aws::send_command(c, {"alarmbridge-RestartService", {"i-03e6aec1a93443558"}, {}, "", 60, {}, "", ""},
                                      ab::aws::call_options{ab::http::clock::time_point::max(), true, nullptr});
    ASSERT_TRUE(sent) << sent.error().describe();
    auto c500 = ssm_client("send-500-once");
    auto failed = ab::aws::send_command(c500, {"alarmbridge-RestartService", {"i-03e6aec1a93443558"}, {}, "", 60, {}, "", ""});
    ASSERT_FALSE(failed);
    EXPECT_TRUE(failed.error().maybe_performed);
    EXPECT_EQ(failed.error().http_status, 500);
    EXPECT_EQ(count("SendCommand"), 1);
}

TEST_F(remediate_aws_safety, send_command_to_an_endpoint_that_never_answers_ends_by_the_deadline) {
    auto r = make_clocked("silent");
    const auto deadline = time->now() + std::chrono::seconds(2);
    const auto d = r.run(ab::test::parsed(seed_event()), deadline);
    EXPECT_EQ(count("SendCommand"), 1);  // timed out after sending: it may have run, not sent again
    EXPECT_TRUE(d[0].failed);
    EXPECT_EQ(d[0].reason.rfind(lost, 0), 0u) << d[0].reason;
    ASSERT_EQ(transport.requests.size(), 1u);
    EXPECT_EQ(transport.requests[0].timeout, std::chrono::seconds(2));  // min(10 s, what is left)
    expect_within(deadline);
}

TEST_F(remediate_aws_safety, polling_a_silent_endpoint_ends_by_the_deadline_without_a_retry_past_it) {
    auto r = make_clocked("silent-after-send");
    const auto deadline = time->now() + std::chrono::seconds(4);
    const auto d = r.run(ab::test::parsed(seed_event()), deadline);
    EXPECT_EQ(d[0].kind, decision_kind::sent);
    EXPECT_TRUE(d[0].failed);
    EXPECT_NE(d[0].reason.find("GetCommandInvocation failed: deadline_exceeded"), std::string::npos) << d[0].reason;
    // The poll comes 2 s in; its attempt gets the 2 s left and uses them; no second attempt.
    EXPECT_EQ(count("GetCommandInvocation"), 1);
    ASSERT_EQ(transport.requests.size(), 2u);
    EXPECT_EQ(transport.requests[1].timeout, std::chrono::seconds(2));
    expect_within(deadline);
}

TEST_F(remediate_aws_safety, a_dynamodb_claim_ends_by_the_deadline_and_none_starts_after_it) {
    key = "silent." + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name());
    auto o = ab::test::local_aws(server.base_url() + "/" + key);
    o.transport = &transport;
    o.steady_now = [t = time] { return t->now(); };
    auto store = ab::remediate::make_dynamodb_state_store("alarmbridge-remediation", o);
    ASSERT_TRUE(store) << store.error().describe();
    const auto deadline = time->now() + std::chrono::seconds(1);
    auto claimed = (*store)->claim("event|deadline", 1000, 2000, deadline);
    ASSERT_FALSE(claimed);
    EXPECT_EQ(claimed.error().code, ab::errc::deadline_exceeded) << claimed.error().describe();
    EXPECT_EQ(transport.requests.size(), 1u);
    expect_within(deadline);
    // At the deadline: nothing is sent at all.
    auto late = (*store)->claim("event|late", 1000, 2000, time->now());
    ASSERT_FALSE(late);
    EXPECT_EQ(late.error().code, ab::errc::deadline_exceeded);
    auto released = (*store)->release("event|late", time->now());
    ASSERT_FALSE(released);
    EXPECT_EQ(transport.requests.size(), 1u);
    EXPECT_EQ(received().size(), 1u);
}
