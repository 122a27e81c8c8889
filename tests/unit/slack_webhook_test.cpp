// The classification table, Retry-After, redaction, and the retry loop's arithmetic (backoff
// bounds, attempts, Retry-After over backoff) with a scripted transport. The same clients against a
// real server are in tests/integration/webhook_test.cpp.
#include <alarmbridge/slack/webhook.hpp>

#include <gtest/gtest.h>

#include <ctime>
#include <deque>
#include <limits>

namespace ab = alarmbridge;
using namespace std::chrono_literals;
using ab::slack::slack_error;
using ab::slack::verdict;

namespace {

ab::http::response answer(int status, std::string body, std::vector<ab::http::header> headers = {}) {
    ab::http::response r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    return r;
}

TEST(Classify, WebhookTable) {
    struct row {
        int status;
        std::string body;
        verdict what;
        ab::errc code;
        slack_error reason;
    };
    const row rows[] = {
        {200, "ok", verdict::delivered, ab::errc::http_status, slack_error::none},
        {200, "ok\n", verdict::delivered, ab::errc::http_status, slack_error::none},
        {200, "OK", verdict::permanent, ab::errc::http_status, slack_error::none},
        {200, "", verdict::permanent, ab::errc::http_status, slack_error::none},
        {200, "<html>captive portal</html>", verdict::permanent, ab::errc::http_status, slack_error::none},
        {201, "ok", verdict::permanent, ab::errc::http_status, slack_error::none},
        {204, "", verdict::permanent, ab::errc::http_status, slack_error::none},
        {301, "", verdict::permanent, ab::errc::http_status, slack_error::none},
        {400, "invalid_payload", verdict::permanent, ab::errc::slack_rejected, slack_error::invalid_payload},
        {400, "no_text", verdict::permanent, ab::errc::slack_rejected, slack_error::no_text},
        {403, "action_prohibited", verdict::permanent, ab::errc::slack_rejected, slack_error::action_prohibited},
        {403, "invalid_token", verdict::permanent, ab::errc::slack_rejected, slack_error::invalid_token},
        {403, "posting_to_general_channel_denied", verdict::permanent, ab::errc::slack_rejected,
         slack_error::posting_to_general_channel_denied},
        {404, "channel_not_found", verdict::permanent, ab::errc::slack_rejected, slack_error::channel_not_found},
        {404, "user_not_found", verdict::permanent, ab::errc::slack_rejected, slack_error::user_not_found},
        {404, "no_service", verdict::permanent, ab::errc::slack_rejected, slack_error::no_service},
        {410, "channel_is_archived", verdict::permanent, ab::errc::slack_rejected, slack_error::channel_is_archived},
        {400, "something_new", verdict::permanent, ab::errc::slack_rejected, slack_error::other},
        {408, "", verdict::permanent, ab::errc::slack_rejected, slack_error::none},
        {429, "rate_limited", verdict::retry, ab::errc::http_status, slack_error::none},
        {500, "<html><body>Internal Server Error</body></html>", verdict::retry, ab::errc::http_status, slack_error::none},
        {502, "", verdict::retry, ab::errc::http_status, slack_error::none},
        {503, "", verdict::retry, ab::errc::http_status, slack_error::none},
        {599, "", verdict::retry, ab::errc::http_status, slack_error::none},
    };
    for (const auto& r : rows) {
        SCOPED_TRACE(std::to_string(r.status) + " " + r.body);
        const auto c = ab::slack::classify_webhook(answer(r.status, r.body));
        EXPECT_EQ(c.what, r.what);
        if (r.what != verdict::delivered) {
            EXPECT_EQ(c.code, r.code);
        }
        EXPECT_EQ(c.reason, r.reason);
    }
    // Slack's unknown reasons are kept as text; an HTML error page is not a reason.
    EXPECT_EQ(ab::slack::classify_webhook(answer(400, "something_new")).reason_text, "something_new");
    EXPECT_EQ(ab::slack::classify_webhook(answer(500, "<html>x</html>")).reason_text, "");
    // Control characters in a body never reach the text.
    EXPECT_EQ(ab::slack::classify_webhook(answer(400, "bad\x01\nthing")).reason_text, "bad  thing");
}

TEST(Classify, RetryAfterComesWithTheVerdict) {
    const auto now = std::chrono::system_clock::from_time_t(1700000000);
    auto c = ab::slack::classify_webhook(answer(429, "rate_limited", {{"retry-after", "7"}}), now);
    ASSERT_TRUE(c.retry_after);
    EXPECT_EQ(*c.retry_after, 7000ms);
    c = ab::slack::classify_webhook(answer(503, "", {{"Retry-After", "Tue, 14 Nov 2023 22:13:30 GMT"}}), now);
    ASSERT_TRUE(c.retry_after);
    EXPECT_EQ(*c.retry_after, 10000ms);  // 1700000000 is 22:13:20
    c = ab::slack::classify_webhook(answer(429, ""), now);
    EXPECT_FALSE(c.retry_after);
}

TEST(Classify, WebApiTable) {
    auto c = ab::slack::classify_web_api(answer(200, R"({"ok":true,"channel":"C1","ts":"1700000000.000100"})"));
    EXPECT_EQ(c.what, verdict::delivered);
    EXPECT_EQ(c.ts, "1700000000.000100");
    EXPECT_EQ(c.channel, "C1");
    c = ab::slack::classify_web_api(answer(200, R"({"ok":false,"error":"channel_not_found"})"));
    EXPECT_EQ(c.what, verdict::permanent);
    EXPECT_EQ(c.code, ab::errc::slack_rejected);
    EXPECT_EQ(c.reason, slack_error::channel_not_found);
    c = ab::slack::classify_web_api(answer(200, R"({"ok":false,"error":"not_in_channel"})"));
    EXPECT_EQ(c.reason, slack_error::other);
    EXPECT_EQ(c.reason_text, "not_in_channel");
    for (const char* transient : {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}) {
        c = ab::slack::classify_web_api(answer(200, std::string(R"({"ok":false,"error":")") + transient + "\"}"));
        EXPECT_EQ(c.what, verdict::retry) << transient;
    }
    c = ab::slack::classify_web_api(answer(429, R"({"ok":false,"error":"ratelimited"})", {{"Retry-After", "30"}}));
    EXPECT_EQ(c.what, verdict::retry);
    EXPECT_EQ(*c.retry_after, 30000ms);
    EXPECT_EQ(ab::slack::classify_web_api(answer(200, "ok")).what, verdict::permanent);  // not JSON
    EXPECT_EQ(ab::slack::classify_web_api(answer(200, "{}")).code, ab::errc::http_status);
    c = ab::slack::classify_web_api(answer(401, R"({"ok":false,"error":"invalid_auth"})"));
    EXPECT_EQ(c.code, ab::errc::slack_rejected);
    EXPECT_EQ(c.reason_text, "invalid_auth");
    EXPECT_EQ(ab::slack::classify_web_api(answer(502, "<html/>")).what, verdict::retry);
}

TEST(RetryAfter, SecondsAndTheThreeHttpDateForms) {
    const auto now = std::chrono::system_clock::from_time_t(784111777);  // Sun, 06 Nov 1994 08:49:37 GMT
    EXPECT_EQ(ab::slack::parse_retry_after("0", now), 0ms);
    EXPECT_EQ(ab::slack::parse_retry_after(" 120 ", now), 120000ms);
    EXPECT_EQ(ab::slack::parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now), 10000ms);   // IMF-fixdate
    EXPECT_EQ(ab::slack::parse_retry_after("Sunday, 06-Nov-94 08:49:47 GMT", now), 10000ms);  // RFC 850
    EXPECT_EQ(ab::slack::parse_retry_after("Sun Nov  6 08:49:47 1994", now), 10000ms);        // asctime
    EXPECT_EQ(ab::slack::parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now), 0ms);       // past: now
    for (const char* bad : {"", "  ", "-5", "1.5", "soon", "12abc", "+3"})
        EXPECT_FALSE(ab::slack::parse_retry_after(bad, now)) << bad;
}

TEST(Redact, WebhookUrlsKeepOnlyWhatIsNotSecret) {
    EXPECT_EQ(ab::http::redact_url("https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"),
              "https://hooks.slack.com/services/T\u2026/B\u2026/***");
    EXPECT_EQ(ab::http::redact_url("https://hooks.slack.com/workflows/T0/A0/123/abc"), "https://hooks.slack.com/***");
    EXPECT_EQ(ab::http::redact_url("http://127.0.0.1:8080/hook/ok?token=abc"), "http://127.0.0.1:8080/***");
    EXPECT_EQ(ab::http::redact_url("https://user:secret@example.com/x"), "https://example.com/***");
    EXPECT_EQ(ab::http::redact_url("https://[::1]:9/x"), "https://[::1]:9/***");
    EXPECT_EQ(ab::http::redact_url("hooks.slack.com/services/T0/B0/x"), "***");
    EXPECT_EQ(ab::http::redact_url(""), "***");
    EXPECT_EQ(ab::http::redact_url("not a url at all"), "***");
}

TEST(SlackError, NamesRoundTrip) {
    for (auto e : {slack_error::invalid_payload, slack_error::user_not_found, slack_error::action_prohibited,
                   slack_error::channel_not_found, slack_error::channel_is_archived, slack_error::no_service,
                   slack_error::no_text, slack_error::invalid_token, slack_error::posting_to_general_channel_denied})
        EXPECT_EQ(ab::slack::slack_error_from(to_string(e)), e);
    EXPECT_EQ(ab::slack::slack_error_from(""), slack_error::none);
    EXPECT_EQ(ab::slack::slack_error_from("Channel_Not_Found"), slack_error::other);
}

/// Answers from a script, recording when each request came. Our own interface, so a unit test of
/// the retry arithmetic may script it; the socket behaviour is tested against a real server.
class scripted_transport : public ab::http::transport {
public:
    std::deque<ab::result<ab::http::response>> script;
    std::vector<std::chrono::steady_clock::time_point> sent_at;
    std::vector<std::chrono::milliseconds> timeouts;

    ab::result<ab::http::response> send(const ab::http::request& req) override {
        sent_at.push_back(std::chrono::steady_clock::now());
        timeouts.push_back(req.timeout);
        if (script.empty()) return answer(200, "ok");
        auto next = std::move(script.front());
        script.pop_front();
        return next;
    }
};

ab::slack::message text(const char* t) {
    ab::slack::message m;
    m.text = t;
    return m;
}

TEST(RetryLoop, BackoffIsFullJitterWithinTheCap) {
    auto t = std::make_shared<scripted_transport>();
    for (int i = 0; i < 5; ++i) t->script.push_back(answer(503, ""));
    ab::slack::client_options o;
    o.retry.max_attempts = 6;
    o.retry.base_delay = 40ms;
    o.retry.max_delay = 100ms;
    o.retry.seed = 7;
    ab::slack::webhook_client client("https://hooks.slack.com/services/T1/B1/x", t, o);
    const auto d = client.post(text("hi"), 10s);
    EXPECT_TRUE(d.delivered);
    EXPECT_EQ(d.attempts, 6);
    ASSERT_EQ(t->sent_at.size(), 6u);
    // Waits before attempt n+1 lie in [0, min(100, 40 * 2^(n-1))] (+ scheduling slack).
    const long long caps[] = {40, 80, 100, 100, 100};
    for (std::size_t i = 1; i < t->sent_at.size(); ++i) {
        const auto gap = std::chrono::duration_cast<std::chrono::milliseconds>(t->sent_at[i] - t->sent_at[i - 1]);
        EXPECT_LE(gap.count(), caps[i - 1] + 30) << "gap " << i;
    }
    for (auto timeout : t->timeouts) EXPECT_LE(timeout, o.http.timeout);
}

TEST(RetryLoop, RetryAfterWinsOverBackoffAndPermanentStopsAtOnce) {
    auto t = std::make_shared<scripted_transport>();
    t->script.push_back(answer(429, "", {{"Retry-After", "1"}}));
    ab::slack::client_options o;
    o.retry.base_delay = 1ms;
    ab::slack::webhook_client client("https://hooks.slack.com/services/T1/B1/x", t, o);
    auto d = client.post(text("hi"), 10s);
    EXPECT_TRUE(d.delivered);
    ASSERT_EQ(t->sent_at.size(), 2u);
    EXPECT_GE(t->sent_at[1] - t->sent_at[0], 990ms);

    t->script.push_back(answer(404, "channel_not_found"));
    d = client.post(text("hi"), 10s);
    EXPECT_FALSE(d.delivered);
    EXPECT_EQ(d.attempts, 1);
    EXPECT_EQ(d.reason, slack_error::channel_not_found);

    // Transport errors other than "no answer" are not retried.
    t->script.push_back(ab::error{ab::errc::tls_failed, "certificate verify failed", ""});
    d = client.post(text("hi"), 10s);
    EXPECT_EQ(d.attempts, 1);
    EXPECT_EQ(d.error->code, ab::errc::tls_failed);
    t->script.push_back(ab::error{ab::errc::http_transport, "connection reset", ""});
    d = client.post(text("hi"), 10s);
    EXPECT_TRUE(d.delivered);
    EXPECT_EQ(d.attempts, 2);
}

TEST(RetryLoop, EachAttemptGetsWhatIsLeftOfTheDeadline) {
    auto t = std::make_shared<scripted_transport>();
    ab::slack::client_options o;
    o.http.timeout = 60s;
    ab::slack::webhook_client client("https://hooks.slack.com/services/T1/B1/x", t, o);
    EXPECT_TRUE(client.post(text("hi"), 2s).delivered);
    ASSERT_EQ(t->timeouts.size(), 1u);
    EXPECT_LE(t->timeouts[0], 2s);
    EXPECT_GT(t->timeouts[0], 1s);
}

TEST(RetryLoop, ExtremeSettingsStayDefined) {
    auto t = std::make_shared<scripted_transport>();
    t->script.push_back(answer(503, ""));
    ab::slack::client_options o;
    o.retry.max_attempts = 2;
    o.retry.base_delay = std::chrono::milliseconds(std::numeric_limits<long long>::max() / 4);  // would overflow when doubled
    o.retry.max_delay = 5ms;
    ab::slack::webhook_client client("https://hooks.slack.com/services/T1/B1/x", t, o);
    auto d = client.post(text("hi"), std::chrono::milliseconds::max());  // no deadline at all
    EXPECT_TRUE(d.delivered);
    EXPECT_EQ(d.attempts, 2);
    EXPECT_EQ(ab::slack::deadline_after(std::chrono::milliseconds::max()), ab::http::clock::time_point::max());
    const auto past = ab::slack::deadline_after(-5ms);  // a spent budget: due now
    EXPECT_LE(past, ab::http::clock::now());
    // A null transport: the client makes its own (here: nothing listens, so a transport error).
    ab::slack::client_options quick;
    quick.retry.max_attempts = 1;
    ab::slack::webhook_client own("http://127.0.0.1:1/x", nullptr, quick);
    const auto d2 = own.post(text("hi"), 2s);
    ASSERT_TRUE(d2.error);
    EXPECT_EQ(d2.error->code, ab::errc::http_transport);
}

}  // namespace
