// The classification table, Retry-After, redaction, and the retry loop's arithmetic (backoff
// bounds, attempts, Retry-After as a floor, the deadline) with a scripted transport and a fake
// clock: waits are read from the clock, never timed. The same clients against a real server are
// in tests/integration/webhook_test.cpp.
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

/// An answer whose status line came and whose body was then cut off.
ab::http::response cut_off(int status, std::string body) {
    auto r = answer(status, std::move(body));
    r.complete = false;
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

TEST(Classify, AnAnswerThatMayHaveBeenPostedIsPermanentAndSaysSo) {
    struct row {
        ab::http::response r;
        verdict what;
        bool maybe_posted;
    };
    const row rows[] = {
        {cut_off(200, "ok"), verdict::permanent, true},  // "ok" came, the rest did not: not a delivery
        {cut_off(200, ""), verdict::permanent, true},
        {answer(200, "accepted"), verdict::permanent, true},
        {answer(204, ""), verdict::permanent, true},
        {answer(302, ""), verdict::permanent, true},
        {cut_off(503, "<html>"), verdict::retry, false},  // the server said no: retry as always
        {cut_off(429, ""), verdict::retry, false},
        {cut_off(404, "channel_not_found"), verdict::permanent, false},
        {answer(200, "ok"), verdict::delivered, false},
    };
    for (const auto& r : rows) {
        SCOPED_TRACE(std::to_string(r.r.status) + " " + r.r.body + (r.r.complete ? "" : " (cut off)"));
        const auto c = ab::slack::classify_webhook(r.r);
        EXPECT_EQ(c.what, r.what);
        EXPECT_EQ(c.maybe_posted, r.maybe_posted);
        if (r.maybe_posted) {
            EXPECT_EQ(c.code, ab::errc::http_status);
        }
    }
    auto api = cut_off(200, R"({"ok":true,"ts":"1.2","channel":"C1"})");
    EXPECT_EQ(ab::slack::classify_web_api(api).what, verdict::permanent);
    EXPECT_TRUE(ab::slack::classify_web_api(api).maybe_posted);
    api.complete = true;
    EXPECT_EQ(ab::slack::classify_web_api(api).what, verdict::delivered);
    EXPECT_TRUE(ab::slack::classify_web_api(answer(200, "<html>portal</html>")).maybe_posted);
    EXPECT_FALSE(ab::slack::classify_web_api(answer(200, R"({"ok":false,"error":"channel_not_found"})")).maybe_posted);
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

// Dates past 2262 overflowed the nanosecond clock (UBSan) and came out as a wait of 0: a retry
// storm. Every value, with any now, gives a wait in [0, max_retry_after].
TEST(RetryAfter, ExtremeValuesSaturate) {
    using sys = std::chrono::system_clock;
    const auto max = ab::slack::max_retry_after;
    const auto now = sys::from_time_t(1700000000);  // 2023-11-14
    EXPECT_EQ(ab::slack::parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", now), max);
    EXPECT_EQ(ab::slack::parse_retry_after("Sat, 01 Jan 2263 00:00:00 GMT", now), max);
    EXPECT_EQ(ab::slack::parse_retry_after("Fri, 11 Apr 2262 23:47:17 GMT", now), max);  // ~238 years
    EXPECT_EQ(ab::slack::parse_retry_after("Sat, 14 Nov 2099 22:13:20 GMT", now), max);   // 76 years: over the cap
    EXPECT_EQ(ab::slack::parse_retry_after("Thu, 14 Nov 2024 22:13:20 GMT", now), std::chrono::hours(24 * 366));
    EXPECT_EQ(ab::slack::parse_retry_after("Thu, 01 Jan 1970 00:00:00 GMT", now), 0ms);
    EXPECT_EQ(ab::slack::parse_retry_after("Mon, 01 Jan 1601 00:00:00 GMT", now).value_or(0ms), 0ms);
    // Seconds: any number of digits, leading zeros included.
    EXPECT_EQ(ab::slack::parse_retry_after("99999999999999999999", now), max);
    EXPECT_EQ(ab::slack::parse_retry_after("999999999", now), max);
    EXPECT_EQ(ab::slack::parse_retry_after("000000000000001", now), 1000ms);
    EXPECT_EQ(ab::slack::parse_retry_after(std::string(64, '9'), now), max);
    EXPECT_FALSE(ab::slack::parse_retry_after(std::string(65, '9'), now));
    // Any now: the ends of the clock's range and the epoch.
    for (const auto at : {sys::time_point::min(), sys::time_point::max(), sys::time_point{}, now}) {
        for (const char* value : {"Fri, 31 Dec 9999 23:59:59 GMT", "Sat, 01 Jan 2263 00:00:00 GMT", "Sun, 06 Nov 1994 08:49:37 GMT",
                                  "Thu, 01 Jan 1970 00:00:01 GMT", "0", "120", "99999999999999999999"}) {
            SCOPED_TRACE(value);
            const auto wait = ab::slack::parse_retry_after(value, at);
            ASSERT_TRUE(wait);
            EXPECT_GE(*wait, 0ms);
            EXPECT_LE(*wait, max);
        }
    }
    EXPECT_EQ(ab::slack::parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", sys::time_point::min()), max);
    EXPECT_EQ(ab::slack::parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", sys::time_point::max()), 0ms);
    // Half a second into the second before the date: half a second.
    EXPECT_EQ(ab::slack::parse_retry_after("Tue, 14 Nov 2023 22:13:21 GMT", now + 500ms), 500ms);
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

/// A clock that moves only when the code under test waits or a scripted request takes time.
class fake_time : public ab::slack::time_source {
public:
    ab::http::clock::time_point at{std::chrono::hours(24 * 365)};
    std::chrono::system_clock::time_point wall{std::chrono::system_clock::from_time_t(1700000000)};
    std::vector<std::chrono::milliseconds> slept;  ///< every wait the retry loop asked for

    ab::http::clock::time_point now() override { return at; }
    std::chrono::system_clock::time_point system_now() override { return wall; }
    void sleep_until(ab::http::clock::time_point when) override {
        if (when <= at) return;
        slept.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(when - at));
        advance(when - at);
    }
    void advance(ab::http::clock::duration d) {
        at += d;
        wall += std::chrono::duration_cast<std::chrono::system_clock::duration>(d);
    }
};

/// Answers from a script, each taking the time it says on the fake clock (cut at the request's
/// timeout, as a real transport would be); records when each request came and its timeout. Our
/// own interface, so a unit test of the retry arithmetic may script it; the socket behaviour is
/// tested against a real server.
class scripted_transport : public ab::http::transport {
public:
    struct step {
        ab::result<ab::http::response> answer;
        std::chrono::milliseconds takes{0};
    };
    explicit scripted_transport(std::shared_ptr<fake_time> clock) : clock_(std::move(clock)) {}

    std::deque<step> script;
    std::vector<ab::http::clock::time_point> sent_at;
    std::vector<std::chrono::milliseconds> timeouts;
    std::vector<ab::http::request> requests;

    void push(ab::result<ab::http::response> a, std::chrono::milliseconds takes = 0ms) {
        script.push_back({std::move(a), takes});
    }

    ab::result<ab::http::response> send(const ab::http::request& req) override {
        sent_at.push_back(clock_->now());
        timeouts.push_back(req.timeout);
        requests.push_back(req);
        if (script.empty()) return answer(200, "ok");
        auto next = std::move(script.front());
        script.pop_front();
        if (req.timeout > 0ms && next.takes > req.timeout) {
            clock_->advance(req.timeout);
            return ab::error{ab::errc::http_transport, "timed out after " + std::to_string(req.timeout.count()) + " ms", ""};
        }
        clock_->advance(next.takes);
        return std::move(next.answer);
    }

private:
    std::shared_ptr<fake_time> clock_;
};

ab::slack::message text(const char* t) {
    ab::slack::message m;
    m.text = t;
    return m;
}

const std::string hook = "https://hooks.slack.com/services/T1/B1/x";

/// A client on a fake clock with a scripted transport.
struct rig {
    std::shared_ptr<fake_time> clock = std::make_shared<fake_time>();
    std::shared_ptr<scripted_transport> transport = std::make_shared<scripted_transport>(clock);
    ab::slack::client_options options;
    rig() { options.time = clock; }
    ab::slack::webhook_client client(const std::string& url = hook) { return ab::slack::webhook_client(url, transport, options); }
};

std::vector<std::chrono::milliseconds> ms(std::initializer_list<long long> values) {
    std::vector<std::chrono::milliseconds> out;
    for (auto v : values) out.emplace_back(v);
    return out;
}

// The waits before attempts 2..6 are jitter · min(100, 40 · 2^(n-1)): the jitter source decides
// where in [0, cap] each falls, so both ends are checked (a backoff that is always 0 fails).
TEST(RetryLoop, BackoffIsFullJitterWithinTheCap) {
    struct row {
        double jitter;
        std::vector<std::chrono::milliseconds> waits;
    };
    const row rows[] = {
        {1.0, ms({40, 80, 100, 100, 100})},  // the caps themselves
        {0.5, ms({20, 40, 50, 50, 50})},
        {0.25, ms({10, 20, 25, 25, 25})},
        {7.0, ms({40, 80, 100, 100, 100})},  // out of range: clamped
        {0.0, ms({})},                       // no wait at all: nothing to sleep
        {-1.0, ms({})},
    };
    for (const auto& r : rows) {
        SCOPED_TRACE(r.jitter);
        rig x;
        for (int i = 0; i < 5; ++i) x.transport->push(answer(503, ""));
        x.options.retry.max_attempts = 6;
        x.options.retry.base_delay = 40ms;
        x.options.retry.max_delay = 100ms;
        x.options.retry.jitter = [j = r.jitter] { return j; };
        const auto d = x.client().post(text("hi"), 10s);
        EXPECT_TRUE(d.delivered);
        EXPECT_EQ(d.attempts, 6);
        EXPECT_EQ(x.clock->slept, r.waits);
        ASSERT_EQ(x.transport->sent_at.size(), 6u);
        for (std::size_t i = 1; i < 6; ++i)
            EXPECT_EQ(x.transport->sent_at[i] - x.transport->sent_at[i - 1],
                      r.waits.empty() ? 0ms : r.waits[i - 1]);
    }
}

TEST(RetryLoop, TheDefaultJitterIsSeededAndSpreadOverTheRange) {
    auto waits = [](std::uint64_t seed) {
        rig x;
        for (int i = 0; i < 19; ++i) x.transport->push(answer(503, ""));
        x.options.retry.max_attempts = 20;
        x.options.retry.base_delay = 1000ms;
        x.options.retry.max_delay = 1000ms;  // every cap 1000 ms: 19 draws from [0, 1000]
        x.options.retry.seed = seed;
        EXPECT_TRUE(x.client().post(text("hi"), std::chrono::hours(1)).delivered);
        return x.clock->slept;
    };
    const auto a = waits(7);
    EXPECT_EQ(a, waits(7));  // the same seed, the same waits
    EXPECT_NE(a, waits(8));
    ASSERT_GE(a.size(), 15u);  // a draw of exactly 0 sleeps nothing; 19 draws of 0 would be a broken source
    EXPECT_LE(*std::max_element(a.begin(), a.end()), 1000ms);
    EXPECT_GE(*std::max_element(a.begin(), a.end()), 500ms);  // not squeezed to the bottom
    EXPECT_LE(*std::min_element(a.begin(), a.end()), 500ms);  // nor to the top
}

TEST(RetryLoop, RetryAfterIsAFloorAndPermanentStopsAtOnce) {
    rig x;
    x.options.retry.base_delay = 40ms;
    x.options.retry.jitter = [] { return 1.0; };
    auto client = x.client();
    // Retry-After longer than the backoff: exactly Retry-After.
    x.transport->push(answer(429, "", {{"Retry-After", "1"}}));
    EXPECT_TRUE(client.post(text("hi"), 10s).delivered);
    EXPECT_EQ(x.clock->slept, ms({1000}));
    // Retry-After 0, or a date gone by: the backoff still holds (no storm).
    x.clock->slept.clear();
    x.transport->push(answer(429, "", {{"Retry-After", "0"}}));
    x.transport->push(answer(429, "", {{"Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT"}}));
    EXPECT_TRUE(client.post(text("hi"), 10s).delivered);
    EXPECT_EQ(x.clock->slept, ms({40, 80}));

    x.transport->push(answer(404, "channel_not_found"));
    auto d = client.post(text("hi"), 10s);
    EXPECT_FALSE(d.delivered);
    EXPECT_EQ(d.attempts, 1);
    EXPECT_EQ(d.reason, slack_error::channel_not_found);

    // Transport errors other than "no answer" are not retried.
    x.transport->push(ab::error{ab::errc::tls_failed, "certificate verify failed", ""});
    d = client.post(text("hi"), 10s);
    EXPECT_EQ(d.attempts, 1);
    EXPECT_EQ(d.error->code, ab::errc::tls_failed);
    x.transport->push(ab::error{ab::errc::http_transport, "connection reset", ""});
    d = client.post(text("hi"), 10s);
    EXPECT_TRUE(d.delivered);
    EXPECT_EQ(d.attempts, 2);
}

// A 429 whose Retry-After is a date after 2262 (or twenty digits of seconds) used to come out as 0:
// every attempt at once. Now it is a wait past any deadline: one request, then deadline_exceeded.
TEST(RetryLoop, ARetryAfterFarAwayEndsTheDeliveryAtOnce) {
    for (const char* value : {"Fri, 31 Dec 9999 23:59:59 GMT", "Sat, 01 Jan 2263 00:00:00 GMT", "99999999999999999999"}) {
        SCOPED_TRACE(value);
        rig x;
        for (int i = 0; i < 20; ++i) x.transport->push(answer(429, "", {{"Retry-After", value}}));
        x.options.retry.max_attempts = 20;
        const auto d = x.client().post(text("hi"), std::chrono::hours(24 * 365));
        EXPECT_FALSE(d.delivered);
        EXPECT_EQ(d.attempts, 1);
        EXPECT_EQ(x.transport->requests.size(), 1u);
        EXPECT_TRUE(x.clock->slept.empty());
        ASSERT_TRUE(d.error);
        EXPECT_EQ(d.error->code, ab::errc::deadline_exceeded);
    }
}

// Each attempt may take what is left of the deadline and no more; no attempt starts at or after it.
TEST(RetryLoop, TheDeadlineCapsEveryAttempt) {
    rig x;
    for (int i = 0; i < 50; ++i) x.transport->push(answer(503, ""), 400ms);
    x.options.retry.max_attempts = 50;
    x.options.retry.jitter = [] { return 0.0; };
    const auto start = x.clock->now();
    const auto d = x.client().post(text("hi"), 1000ms);
    EXPECT_FALSE(d.delivered);
    ASSERT_TRUE(d.error);
    EXPECT_EQ(d.error->code, ab::errc::deadline_exceeded) << d.error->describe();
    EXPECT_EQ(d.attempts, 3);  // at 0, 400 and 800 ms; the third is cut at 1000
    EXPECT_EQ(x.transport->timeouts, ms({1000, 600, 200}));
    for (const auto at : x.transport->sent_at) EXPECT_LT(at, start + 1000ms);
    EXPECT_EQ(d.elapsed, 1000ms);
    EXPECT_NE(d.error->message.find("timed out"), std::string::npos) << d.error->message;
    // A deadline already gone: no attempt at all.
    const auto late = x.client().post(text("hi"), x.clock->now() - 1s);
    EXPECT_EQ(late.attempts, 0);
    ASSERT_TRUE(late.error);
    EXPECT_EQ(late.error->code, ab::errc::deadline_exceeded);
}

// The issue: an answer after 12 s with a 60 s deadline was cut at a fixed 10 s and posted four
// times. The attempt's timeout is what is left of the deadline, unless set.
TEST(RetryLoop, ASlowAnswerWithinTheDeadlineIsOnePost) {
    rig x;
    x.transport->push(answer(200, "ok"), 12s);
    auto d = x.client().post(text("hi"), 60s);
    EXPECT_TRUE(d.delivered) << (d.error ? d.error->describe() : "");
    EXPECT_EQ(d.attempts, 1);
    EXPECT_EQ(x.transport->timeouts, ms({60000}));
    EXPECT_EQ(d.elapsed, 12s);

    // Set: each attempt is cut there (and never past the deadline).
    rig y;
    y.options.attempt_timeout = 5s;
    y.options.retry.jitter = [] { return 0.0; };
    y.transport->push(answer(200, "ok"), 12s);
    d = y.client().post(text("hi"), 7s);
    EXPECT_TRUE(d.delivered);
    EXPECT_EQ(y.transport->timeouts, ms({5000, 2000}));

    // No deadline: attempt_timeout, or zero (the transport's own timeout) when it is not set.
    rig z;
    z.client().post(text("hi"), ab::http::clock::time_point::max());
    z.options.attempt_timeout = 3s;
    z.client().post(text("hi"), ab::http::clock::time_point::max());
    EXPECT_EQ(z.transport->timeouts, ms({0, 3000}));
}

TEST(RetryLoop, AnAnswerThatMayHaveBeenPostedIsNotRetried) {
    for (auto r : {cut_off(200, "ok"), cut_off(200, ""), answer(200, "accepted"), answer(201, "ok")}) {
        SCOPED_TRACE(r.body);
        rig x;
        x.transport->push(r);
        const auto d = x.client().post(text("hi"), 10s);
        EXPECT_FALSE(d.delivered);
        EXPECT_EQ(d.attempts, 1);
        EXPECT_EQ(x.transport->requests.size(), 1u);
        EXPECT_TRUE(d.maybe_posted);
        ASSERT_TRUE(d.error);
        EXPECT_EQ(d.error->code, ab::errc::http_status);
        EXPECT_NE(d.error->message.find("may have been posted"), std::string::npos) << d.error->message;
    }
    rig x;
    x.transport->push(cut_off(503, "<html>"));
    const auto d = x.client().post(text("hi"), 10s);
    EXPECT_TRUE(d.delivered);
    EXPECT_EQ(d.attempts, 2);
    EXPECT_FALSE(d.maybe_posted);
}

TEST(RetryLoop, ExtremeSettingsStayDefined) {
    rig x;
    x.transport->push(answer(503, ""));
    x.options.retry.max_attempts = 2;
    x.options.retry.base_delay = std::chrono::milliseconds(std::numeric_limits<long long>::max() / 4);  // would overflow when doubled
    x.options.retry.max_delay = 5ms;
    x.options.retry.jitter = [] { return std::numeric_limits<double>::quiet_NaN(); };
    auto d = x.client().post(text("hi"), std::chrono::milliseconds::max());  // no deadline at all
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

// ---- https only ---------------------------------------------------------------------------------

TEST(Https, SecretsGoOverHttpsOrToLoopbackOnly) {
    const std::string refused[] = {
        "http://hooks.slack.com/services/T1/B1/Zq9CanarySecret4711", "http://10.0.0.1/x", "HTTP://example.com/x",
        "http://127.0.0.1.nip.io/x", "http://localhost.example.com/x", "http://[::2]/x", "http://[fe80::1]/x",
        "http://128.0.0.1/x", "http://user:pw@example.com/x",
    };
    for (const auto& url : refused) {
        SCOPED_TRACE(url);
        rig x;
        const auto d = x.client(url).post(text("hi"), 10s);
        EXPECT_FALSE(d.delivered);
        EXPECT_EQ(d.attempts, 0);
        EXPECT_TRUE(x.transport->requests.empty());  // nothing went out
        ASSERT_TRUE(d.error);
        EXPECT_EQ(d.error->code, ab::errc::invalid_url);
        EXPECT_NE(d.error->message.find("https"), std::string::npos) << d.error->message;
        EXPECT_EQ(d.error->message.find("Zq9CanarySecret4711"), std::string::npos);
        // post_many refuses each in the same way.
        const auto many = x.client(url).post_many(std::vector<ab::slack::message>(2, text("hi")), x.clock->now() + 10s);
        for (const auto& m : many) EXPECT_EQ(m.error->code, ab::errc::invalid_url);
        EXPECT_TRUE(x.transport->requests.empty());
        // Opted in: it goes.
        x.options.allow_insecure_http = true;
        EXPECT_TRUE(x.client(url).post(text("hi"), 10s).delivered);
        EXPECT_EQ(x.transport->requests.size(), 1u);
    }
    const std::string allowed[] = {
        "https://hooks.slack.com/services/T1/B1/x", "http://127.0.0.1:8080/x", "http://127.255.0.9/x", "http://localhost/x",
        "http://LocalHost:9/x", "http://[::1]:8/x", "http://127.1/x",
    };
    for (const auto& url : allowed) {
        SCOPED_TRACE(url);
        rig x;
        EXPECT_TRUE(x.client(url).post(text("hi"), 10s).delivered);
        EXPECT_EQ(x.transport->requests.size(), 1u);
    }
    // The bot token: the Web API endpoint is held to the same rule.
    rig x;
    ab::slack::message m = text("hi");
    m.channel = "C1";
    ab::slack::web_api_client api("xoxb-Zq9CanaryToken", x.transport, x.options, "http://slack.example.com/api/");
    const auto d = api.post(m, 10s);
    ASSERT_TRUE(d.error);
    EXPECT_EQ(d.error->code, ab::errc::invalid_url);
    EXPECT_TRUE(x.transport->requests.empty());
    ab::slack::web_api_client local("xoxb-Zq9CanaryToken", x.transport, x.options, "http://127.0.0.1:9/api/");
    x.transport->push(answer(200, R"({"ok":true,"ts":"1.2","channel":"C1"})"));
    EXPECT_TRUE(local.post(m, 10s).delivered);
}

// ---- secrets said back by a server --------------------------------------------------------------

/// A server that says the request back: 400 with `pad` bytes, then the URL as sent and decoded, then
/// the Authorization header.
class echoing_transport : public ab::http::transport {
public:
    std::size_t pad{0};
    ab::result<ab::http::response> send(const ab::http::request& req) override {
        std::string body(pad, 'x');
        body += req.url;
        for (const auto& h : req.headers) body += " " + h.name + ": " + h.value;
        return answer(400, body);
    }
};

// The body was cut to 120 bytes before the secret was masked, so a secret across byte 120 left its
// start behind. Every place it can fall is tried.
TEST(Secrets, AServerThatEchoesTheRequestLeaksNoPartOfTheSecret) {
    const std::string secret = "Zq9CanarySecret4711";
    const std::string url = "https://hooks.slack.com/services/T0CANARY01/B0CANARY02/" + secret;
    auto t = std::make_shared<echoing_transport>();
    ab::slack::client_options o;
    ab::slack::webhook_client client(url, t, o);
    for (std::size_t pad = 0; pad < 140; ++pad) {
        t->pad = pad;
        const auto d = client.post(text("hi"), 10s);
        ASSERT_TRUE(d.error);
        EXPECT_EQ(d.error->code, ab::errc::slack_rejected);
        for (const std::string& shown : {d.reason_text, d.error->describe()}) {
            SCOPED_TRACE(shown);
            EXPECT_LE(d.reason_text.size(), 120u);
            for (std::size_t n = 5; n <= secret.size(); ++n)  // no start of it, not even five bytes
                EXPECT_EQ(shown.find(secret.substr(0, n)), std::string::npos) << pad;
            EXPECT_EQ(shown.find("T0CANARY01"), std::string::npos);
        }
    }
    // The bot token, echoed from its header, in the Web API's JSON error.
    class json_echo : public ab::http::transport {
    public:
        ab::result<ab::http::response> send(const ab::http::request& req) override {
            return answer(200, R"({"ok":false,"error":"bad token )" + req.headers.back().value + "\"}");
        }
    };
    ab::slack::message m = text("hi");
    m.channel = "C1";
    ab::slack::web_api_client api("xoxb-Zq9CanaryToken4711", std::make_shared<json_echo>(), o);
    const auto d = api.post(m, 10s);
    ASSERT_TRUE(d.error);
    EXPECT_EQ(d.reason_text, "bad token ***");
    EXPECT_EQ(d.error->describe().find("Zq9CanaryToken"), std::string::npos) << d.error->describe();
}

}  // namespace
