// The webhook and Web API clients against a real Slack-like server on 127.0.0.1, over HTTP and
// over HTTPS with a CA made at test time (tests/support/slack_server.py says what each path
// answers). Every test asserts delivered or not, the attempts, the classification, and counts the
// posts the server received where duplicates are the question. Time is bounded generously (these
// run under sanitizers on a busy machine); waits are measured only where a sleep guarantees them.
#include <alarmbridge/format/alarm_message.hpp>
#include <alarmbridge/slack/webhook.hpp>

#include "received.hpp"
#include "server_process.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>

namespace ab = alarmbridge;
using alarmbridge::test::received;
using namespace std::chrono_literals;
using ab::slack::slack_error;

namespace {

std::unique_ptr<ab::test::server_process> http_server;
std::unique_ptr<ab::test::server_process> https_server;

class servers : public ::testing::Environment {
public:
    void SetUp() override {
        http_server = std::make_unique<ab::test::server_process>(std::vector<std::string>{});
        https_server = std::make_unique<ab::test::server_process>(std::vector<std::string>{"--tls"});
    }
    void TearDown() override {
        http_server.reset();
        https_server.reset();
    }
};
const auto* const environment = ::testing::AddGlobalTestEnvironment(new servers);

/// A path prefix no other test uses, so that "the first time" scenarios start fresh.
std::string unique_prefix() {
    static std::atomic<int> n{0};
    return "/t" + std::to_string(getpid()) + "-" + std::to_string(++n);
}

ab::slack::client_options quick_options(const ab::test::server_process& s) {
    ab::slack::client_options o;
    o.http.ca_file = s.ca_file();
    o.attempt_timeout = 500ms;
    o.http.connect_timeout = 500ms;
    o.retry.max_attempts = 3;
    o.retry.base_delay = 20ms;
    o.retry.max_delay = 100ms;
    o.retry.seed = 42;
    return o;
}

ab::slack::message sample_message() {
    ab::slack::message m;
    m.text = "CPU high on i-0abc: 93% > 80";
    return m;
}

struct scenario {
    std::string name;
    bool delivered;
    int attempts;
    int status;
    ab::errc code;  // when not delivered
    slack_error reason;
    std::chrono::milliseconds at_least;  // what the scenario's waits guarantee (Retry-After, timeouts)
};

class webhook_scenarios : public ::testing::TestWithParam<bool> {
protected:
    const ab::test::server_process& server() const { return GetParam() ? *https_server : *http_server; }
};

TEST_P(webhook_scenarios, EachAnswerIsClassifiedRetriedAndBounded) {
    const scenario table[] = {
        {"ok", true, 1, 200, {}, slack_error::none, 0ms},
        {"invalid_payload", false, 1, 400, ab::errc::slack_rejected, slack_error::invalid_payload, 0ms},
        {"action_prohibited", false, 1, 403, ab::errc::slack_rejected, slack_error::action_prohibited, 0ms},
        {"channel_not_found", false, 1, 404, ab::errc::slack_rejected, slack_error::channel_not_found, 0ms},
        {"channel_is_archived", false, 1, 410, ab::errc::slack_rejected, slack_error::channel_is_archived, 0ms},
        {"user_not_found", false, 1, 404, ab::errc::slack_rejected, slack_error::user_not_found, 0ms},
        {"no_service", false, 1, 404, ab::errc::slack_rejected, slack_error::no_service, 0ms},
        {"no_text", false, 1, 400, ab::errc::slack_rejected, slack_error::no_text, 0ms},
        {"invalid_token", false, 1, 403, ab::errc::slack_rejected, slack_error::invalid_token, 0ms},
        {"posting_to_general_channel_denied", false, 1, 403, ab::errc::slack_rejected,
         slack_error::posting_to_general_channel_denied, 0ms},
        {"made_up_reason", false, 1, 400, ab::errc::slack_rejected, slack_error::other, 0ms},
        // Retry-After: 1 is honoured exactly, not replaced by the (shorter) backoff.
        {"429-seconds", true, 2, 200, {}, slack_error::none, 950ms},
        // An HTTP date 2 s ahead, with 1 s resolution: between 1 and 2 s of waiting.
        {"429-date", true, 2, 200, {}, slack_error::none, 900ms},
        {"500-html", false, 3, 500, ab::errc::http_status, slack_error::none, 0ms},
        {"503-then-ok", true, 2, 200, {}, slack_error::none, 0ms},
        {"reset-then-ok", true, 2, 200, {}, slack_error::none, 0ms},
        // Each attempt is cut at 500 ms; three attempts, then it gives up before the 3 s answer.
        {"slow", false, 3, 0, ab::errc::http_transport, slack_error::none, 1400ms},
        {"not-ok-body", false, 1, 200, ab::errc::http_status, slack_error::none, 0ms},
        // Cut off after "ok": it may have been posted, so it is reported so and not sent again.
        {"truncated-ok", false, 1, 200, ab::errc::http_status, slack_error::none, 0ms},
        {"truncated-chunked", false, 1, 200, ab::errc::http_status, slack_error::none, 0ms},
        {"redirect", false, 1, 302, ab::errc::http_status, slack_error::none, 0ms},
        // Retry-After one hour, deadline 5 s: give up at once instead of sleeping into the deadline
        // (the bound below is far under the 5 s deadline).
        {"429-long", false, 1, 429, ab::errc::deadline_exceeded, slack_error::none, 0ms},
    };
    for (const auto& s : table) {
        SCOPED_TRACE(s.name);
        const std::string path = unique_prefix() + "/" + s.name;
        ab::slack::webhook_client one(server().base_url() + path, quick_options(server()));
        const auto started = std::chrono::steady_clock::now();
        const auto d = one.post(sample_message(), 5s);
        const auto took = std::chrono::steady_clock::now() - started;
        EXPECT_EQ(d.delivered, s.delivered);
        EXPECT_EQ(static_cast<bool>(d), s.delivered);
        EXPECT_EQ(d.attempts, s.attempts);
        EXPECT_EQ(d.status, s.status);
        EXPECT_EQ(d.reason, s.reason);
        EXPECT_GE(took, s.at_least);
        EXPECT_LT(took, 4500ms);  // every scenario ends before the 5 s deadline
        EXPECT_LE(d.elapsed, std::chrono::duration_cast<std::chrono::milliseconds>(took) + 1ms);
        if (s.delivered) {
            EXPECT_FALSE(d.error.has_value());
            EXPECT_TRUE(d.reason_text.empty());
        } else {
            ASSERT_TRUE(d.error.has_value());
            EXPECT_EQ(d.error->code, s.code) << d.error->describe();
            EXPECT_FALSE(d.error->message.empty());
        }
        // The server saw exactly the attempts reported: none was made twice behind our back.
        EXPECT_EQ(received(server(), path).size(), static_cast<std::size_t>(s.attempts));
        if (!s.delivered && s.code == ab::errc::slack_rejected) {
            // Slack's reason as it said it; unknown reasons keep their text.
            const std::string expected = s.reason == slack_error::other ? "made_up_reason" : std::string(to_string(s.reason));
            EXPECT_EQ(d.reason_text, expected);
        }
    }
}

TEST_P(webhook_scenarios, ServerNotListeningIsRetriedThenReported) {
    const std::string scheme = GetParam() ? "https" : "http";
    ab::slack::webhook_client client(scheme + "://127.0.0.1:" + std::to_string(ab::test::unused_port()) + "/services/x",
                                     quick_options(server()));
    const auto started = std::chrono::steady_clock::now();
    const auto d = client.post(sample_message(), 5s);
    EXPECT_FALSE(d.delivered);
    EXPECT_EQ(d.attempts, 3);
    EXPECT_EQ(d.status, 0);
    ASSERT_TRUE(d.error);
    EXPECT_EQ(d.error->code, ab::errc::http_transport);
    EXPECT_NE(d.error->message.find("gave up after 3 attempts"), std::string::npos) << d.error->message;
    EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);  // a bound, generous: refused at once, short backoffs
}

TEST_P(webhook_scenarios, TheDeadlineCapsEverything) {
    auto options = quick_options(server());
    options.retry.max_attempts = 50;
    // The server would answer after 20 s; the deadline (1.2 s) ends it long before (the exact
    // arithmetic is in the unit test, on a fake clock).
    ab::slack::webhook_client client(server().base_url() + unique_prefix() + "/slow-ok-20", options);
    const auto started = std::chrono::steady_clock::now();
    const auto d = client.post(sample_message(), 1200ms);
    const auto took = std::chrono::steady_clock::now() - started;
    EXPECT_FALSE(d.delivered);
    ASSERT_TRUE(d.error);
    EXPECT_EQ(d.error->code, ab::errc::deadline_exceeded) << d.error->describe();
    EXPECT_GE(d.attempts, 2);
    EXPECT_LT(took, 10s);
    // A deadline already gone: no attempt at all.
    const auto late = client.post(sample_message(), std::chrono::steady_clock::now() - 1s);
    EXPECT_EQ(late.attempts, 0);
    ASSERT_TRUE(late.error);
    EXPECT_EQ(late.error->code, ab::errc::deadline_exceeded);
}

// The issue: a webhook answering ok after 12 s was cut at a fixed 10 s, got the message four
// times and was reported "not delivered". An attempt now has what is left of the deadline.
TEST_P(webhook_scenarios, ASlowOkWithinTheDeadlineIsOnePostDelivered) {
    auto options = quick_options(server());
    options.attempt_timeout = 0ms;  // the default: what is left of the deadline
    const std::string path = unique_prefix() + "/slow-ok-2";
    ab::slack::webhook_client client(server().base_url() + path, options);
    const auto d = client.post(sample_message(), 60s);
    EXPECT_TRUE(d.delivered) << (d.error ? d.error->describe() : "");
    EXPECT_EQ(d.attempts, 1);
    EXPECT_EQ(received(server(), path).size(), 1u);
}

TEST_P(webhook_scenarios, ACutOffOkMayHaveBeenPostedAndIsSentOnce) {
    for (const std::string scenario : {"truncated-ok", "truncated-chunked"}) {
        SCOPED_TRACE(scenario);
        const std::string path = unique_prefix() + "/" + scenario;
        ab::slack::webhook_client client(server().base_url() + path, quick_options(server()));
        const auto d = client.post(sample_message(), 10s);
        EXPECT_FALSE(d.delivered);
        EXPECT_TRUE(d.maybe_posted);
        EXPECT_EQ(d.attempts, 1);
        EXPECT_EQ(d.status, 200);
        ASSERT_TRUE(d.error);
        EXPECT_EQ(d.error->code, ab::errc::http_status);
        EXPECT_NE(d.error->message.find("may have been posted"), std::string::npos) << d.error->message;
        EXPECT_EQ(received(server(), path).size(), 1u);
        // The transport alone: an answer, marked cut off, with what arrived of it.
        ab::http::curl_options o;
        o.ca_file = server().ca_file();
        ab::http::curl_transport t(o);
        const auto r = t.send({"POST", server().base_url() + path, {}, "{}", 5000ms});
        ASSERT_TRUE(r) << r.error().describe();
        EXPECT_EQ(r->status, 200);
        EXPECT_FALSE(r->complete);
        EXPECT_EQ(r->body, "ok");
    }
}

// Answers over the limits end in seconds, whatever the server does, and are not sent again.
TEST_P(webhook_scenarios, AnswersOverTheLimitsAreCutAndNotRetried) {
    struct row {
        std::string scenario;
        std::size_t max_body;
        std::string says;
    };
    const row rows[] = {
        {"huge-body", 1024 * 1024, "longer than 1048576 bytes"},  // the default cap, streamed past
        {"huge-body", 1000, "longer than 1000 bytes"},
        {"huge-headers", 1024 * 1024, "headers are longer than 65536 bytes"},
    };
    for (const auto& r : rows) {
        SCOPED_TRACE(r.scenario + " " + std::to_string(r.max_body));
        auto options = quick_options(server());
        options.attempt_timeout = 0ms;
        options.http.max_response_bytes = r.max_body;
        const std::string path = unique_prefix() + "/" + r.scenario;
        ab::slack::webhook_client client(server().base_url() + path, options);
        const auto d = client.post(sample_message(), 30s);
        EXPECT_FALSE(d.delivered);
        EXPECT_EQ(d.attempts, 1);
        ASSERT_TRUE(d.error);
        EXPECT_EQ(d.error->code, ab::errc::too_large) << d.error->describe();
        EXPECT_NE(d.error->message.find(r.says), std::string::npos) << d.error->message;
        EXPECT_EQ(received(server(), path).size(), 1u);
    }
    // Headers one byte a second: each attempt ends at its timeout, without an answer.
    auto options = quick_options(server());
    options.attempt_timeout = 1500ms;
    options.retry.max_attempts = 2;
    const std::string path = unique_prefix() + "/slow-headers";
    ab::slack::webhook_client client(server().base_url() + path, options);
    const auto started = std::chrono::steady_clock::now();
    const auto d = client.post(sample_message(), 30s);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 20s);  // the server alone would take a minute
    EXPECT_FALSE(d.delivered);
    EXPECT_EQ(d.attempts, 2);
    ASSERT_TRUE(d.error);
    EXPECT_EQ(d.error->code, ab::errc::http_transport) << d.error->describe();
    EXPECT_EQ(received(server(), path).size(), 2u);
}

TEST_P(webhook_scenarios, SendsJsonWithOurHeadersAndKeepsOneConnection) {
    const std::string path = unique_prefix() + "/ok";
    ab::slack::webhook_client client(server().base_url() + path, quick_options(server()));
    ab::http::curl_options query_options;
    query_options.ca_file = server().ca_file();
    ab::http::curl_transport query(query_options);
    ab::http::request count{"GET", server().base_url() + "/_connections", {}, "", 0ms};
    const int before = nlohmann::json::parse(query.send(count)->body)["connections"].get<int>();
    for (int i = 0; i < 20; ++i) ASSERT_TRUE(client.post(sample_message(), 5s).delivered);
    const int after = nlohmann::json::parse(query.send(count)->body)["connections"].get<int>();
    EXPECT_EQ(after - before, 1) << "20 posts should share one kept-alive connection";

    const auto got = received(server(), path);
    ASSERT_EQ(got.size(), 20u);
    const auto& first = got[0];
    EXPECT_EQ(first["method"], "POST");
    EXPECT_EQ(first["headers"]["content-type"], "application/json; charset=utf-8");
    EXPECT_EQ(first["headers"]["user-agent"], std::string("alarmbridge/") + ab::version_string);
    EXPECT_FALSE(first["headers"].contains("expect"));
    EXPECT_EQ(first["body"], ab::slack::serialize(sample_message()));
}

// The fast path: the payloads format::payloads writes go out as they are, byte for byte.
TEST_P(webhook_scenarios, PostJsonSendsFormattedPayloadsAsTheyAre) {
    const std::string path = unique_prefix() + "/ok";
    ab::slack::webhook_client client(server().base_url() + path, quick_options(server()));
    auto bodies = ab::format::payloads(ab::test::read_data("events/alarmbridge-sns-mixed-records.json"));
    ASSERT_TRUE(bodies);
    std::vector<std::string> sent;
    for (auto& body : *bodies) {
        if (!body) continue;
        sent.push_back(*body);
        const auto d = client.post_json(std::move(*body), 5s);
        EXPECT_TRUE(d.delivered) << (d.error ? d.error->describe() : "");
        EXPECT_EQ(d.attempts, 1);
    }
    ASSERT_GE(sent.size(), 2u);
    const auto got = received(server(), path);
    ASSERT_EQ(got.size(), sent.size());
    for (std::size_t i = 0; i < sent.size(); ++i) EXPECT_EQ(got[i]["body"], sent[i]);
}

TEST_P(webhook_scenarios, PostManyKeepsOrderAcrossEndpoints) {
    const std::string scenarios[] = {"ok", "503-then-ok", "channel_not_found", "reset-then-ok", "429-seconds"};
    std::vector<ab::slack::outgoing> batch;
    const std::string prefix = unique_prefix();
    for (int i = 0; i < 40; ++i) {
        ab::slack::outgoing o;
        o.msg = sample_message();
        o.msg.text = "message " + std::to_string(i);
        o.webhook_url = server().base_url() + prefix + "/" + std::to_string(i) + "/" + scenarios[i % 5];
        batch.push_back(std::move(o));
    }
    auto options = quick_options(server());
    options.max_in_flight = 16;
    ab::slack::webhook_client client(server().base_url() + prefix + "/default/ok", options);
    const auto started = std::chrono::steady_clock::now();
    const auto results = client.post_many(batch, std::chrono::steady_clock::now() + 10s);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 9s);  // under the 10 s deadline: no message waited for all
    ASSERT_EQ(results.size(), batch.size());
    for (int i = 0; i < 40; ++i) {
        SCOPED_TRACE(i);
        const auto& scenario = scenarios[i % 5];
        const auto& d = results[static_cast<std::size_t>(i)];
        if (scenario == "channel_not_found") {
            EXPECT_FALSE(d.delivered);
            EXPECT_EQ(d.attempts, 1);
            EXPECT_EQ(d.reason, slack_error::channel_not_found);
        } else {
            EXPECT_TRUE(d.delivered) << (d.error ? d.error->describe() : "");
            if (scenario == "reset-then-ok") {
                // On a reused connection that dies before any answer, libcurl itself resends once
                // on a new connection; on a fresh one the retry is ours. The server saw two either way.
                EXPECT_GE(d.attempts, 1);
                EXPECT_LE(d.attempts, 2);
            } else {
                EXPECT_EQ(d.attempts, scenario == "ok" ? 1 : 2);
            }
        }
        // Each body went where it belonged, once per attempt.
        const auto got = received(server(), prefix + "/" + std::to_string(i) + "/" + scenario);
        ASSERT_FALSE(got.empty());
        EXPECT_EQ(nlohmann::json::parse(got.back()["body"].get<std::string>())["text"], "message " + std::to_string(i));
    }
    // The same messages to the client's own webhook.
    std::vector<ab::slack::message> plain(12, sample_message());
    const auto same = client.post_many(plain, std::chrono::steady_clock::now() + 5s);
    ASSERT_EQ(same.size(), 12u);
    for (const auto& d : same) EXPECT_TRUE(d.delivered);
    EXPECT_EQ(received(server(), prefix + "/default/ok").size(), 12u);
}

TEST_P(webhook_scenarios, PacingSpacesMessagesToOneWebhook) {
    auto options = quick_options(server());
    options.pace.enabled = true;
    options.pace.per_second = 5;
    options.pace.burst = 2;
    ab::slack::webhook_client client(server().base_url() + unique_prefix() + "/ok", options);
    const auto started = std::chrono::steady_clock::now();
    const auto results = client.post_many(std::vector<ab::slack::message>(6, sample_message()),
                                          std::chrono::steady_clock::now() + 10s);
    const auto took = std::chrono::steady_clock::now() - started;
    for (const auto& d : results) EXPECT_TRUE(d.delivered);
    EXPECT_GE(took, 750ms);  // 2 at once, then 4 more at 5 per second
    // A pace that cannot fit in the deadline fails those messages instead of overrunning it.
    options.pace.per_second = 0.1;  // the third message's turn comes after 10 s
    ab::slack::webhook_client slow(server().base_url() + unique_prefix() + "/ok", options);
    const auto some = slow.post_many(std::vector<ab::slack::message>(4, sample_message()),
                                     std::chrono::steady_clock::now() + 5s);
    EXPECT_TRUE(some[0].delivered);
    EXPECT_TRUE(some[1].delivered);
    ASSERT_TRUE(some[3].error);
    EXPECT_EQ(some[3].error->code, ab::errc::deadline_exceeded);
}

INSTANTIATE_TEST_SUITE_P(overHttpAndHttps, webhook_scenarios, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "https" : "http"; });

TEST(webhook_tls, AnUnknownCaIsRefusedAndNotRetried) {
    // The refusal must be for the unknown CA, not for a bundle that is missing: the system's bundle
    // is there and holds certificates (.ci/setup installs ca-certificates).
    const std::string bundle = ab::http::default_ca_file();
    ASSERT_FALSE(bundle.empty()) << "libcurl names no default CA bundle";
    std::ifstream in(bundle);
    const std::string pem((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_NE(pem.find("-----BEGIN CERTIFICATE-----"), std::string::npos) << bundle << ": install ca-certificates";
    for (const std::string& ca : {std::string(), bundle}) {  // the default, and the same bundle by name
        SCOPED_TRACE(ca.empty() ? "default bundle" : ca);
        ab::slack::client_options options = quick_options(*https_server);
        options.http.ca_file = ca;  // the system's CAs do not know the test CA
        const std::string path = unique_prefix() + "/ok";
        ab::slack::webhook_client client(https_server->base_url() + path, options);
        const auto d = client.post(sample_message(), 5s);
        EXPECT_FALSE(d.delivered);
        EXPECT_EQ(d.attempts, 1);
        ASSERT_TRUE(d.error);
        EXPECT_EQ(d.error->code, ab::errc::tls_failed) << d.error->describe();
        EXPECT_NE(d.error->message.find("certificate"), std::string::npos) << d.error->message;
        EXPECT_EQ(d.error->message.find("could not be loaded"), std::string::npos) << d.error->message;
        EXPECT_EQ(received(*https_server, path).size(), 0u);  // no request was sent to an untrusted peer
    }
    // A CA file that does not exist: refused too, and told apart.
    ab::slack::client_options options = quick_options(*https_server);
    options.http.ca_file = "/nonexistent/ca.pem";
    ab::slack::webhook_client missing(https_server->base_url() + "/ok", options);
    const auto m = missing.post(sample_message(), 5s);
    ASSERT_TRUE(m.error);
    EXPECT_EQ(m.error->code, ab::errc::tls_failed);
    EXPECT_NE(m.error->message.find("could not be loaded"), std::string::npos) << m.error->message;
    EXPECT_EQ(m.attempts, 1);
    // Plain http needs no CA store: a loopback peer over http is still reached (the Lambda
    // Runtime API, where the system's bundle is not where libcurl looks).
    ab::slack::client_options plain = quick_options(*http_server);
    plain.http.ca_file = "/nonexistent/ca.pem";
    const std::string path = unique_prefix() + "/ok";
    ab::slack::webhook_client over_http(http_server->base_url() + path, plain);
    const auto h = over_http.post(sample_message(), 5s);
    EXPECT_TRUE(h.delivered) << (h.error ? h.error->describe() : "");
    EXPECT_EQ(received(*http_server, path).size(), 1u);
}

TEST(webhook_urls, PlainHttpGoesToLoopbackOnlyUnlessAllowed) {
    // localhost by name is loopback.
    const std::string path = unique_prefix() + "/ok";
    ab::slack::webhook_client local("http://localhost:" + std::to_string(http_server->port()) + path,
                                    quick_options(*http_server));
    const auto d = local.post(sample_message(), 10s);
    EXPECT_TRUE(d.delivered) << (d.error ? d.error->describe() : "");
    EXPECT_EQ(received(*http_server, path).size(), 1u);
    // Another host over plain http: refused before anything is sent, even through a proxy.
    setenv("http_proxy", http_server->base_url().c_str(), 1);
    unsetenv("no_proxy");
    unsetenv("NO_PROXY");
    const std::string elsewhere = unique_prefix() + "/ok";
    ab::slack::webhook_client remote("http://hooks.example.invalid" + elsewhere, quick_options(*http_server));
    const auto r = remote.post(sample_message(), 10s);
    unsetenv("http_proxy");
    EXPECT_FALSE(r.delivered);
    EXPECT_EQ(r.attempts, 0);
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->code, ab::errc::invalid_url);
    EXPECT_NE(r.error->message.find("https"), std::string::npos) << r.error->message;
    EXPECT_EQ(received(*http_server, elsewhere).size(), 0u);
}

TEST(webhook_urls, OnlyHttpAndHttpsAreAccepted) {
    for (const std::string url : {"ftp://127.0.0.1/services/x", "file:///etc/passwd", "hooks.slack.com/services/T/B/x",
                                  "", "gopher://127.0.0.1:70/"}) {
        SCOPED_TRACE(url);
        ab::slack::webhook_client client(url, quick_options(*http_server));
        const auto d = client.post(sample_message(), 2s);
        EXPECT_FALSE(d.delivered);
        ASSERT_TRUE(d.error);
        EXPECT_EQ(d.error->code, ab::errc::invalid_url);
        EXPECT_EQ(d.attempts, 1);
    }
}

TEST(webhook_proxy, TheProxyEnvironmentIsHonoured) {
    // The HTTP server doubles as a forward proxy: it answers absolute-form requests itself.
    const std::string proxy = http_server->base_url();
    setenv("http_proxy", proxy.c_str(), 1);
    unsetenv("no_proxy");
    unsetenv("NO_PROXY");
    const std::string path = unique_prefix() + "/ok";
    auto options = quick_options(*http_server);
    options.allow_insecure_http = true;  // plain http to a host that is not loopback: opted in
    ab::slack::webhook_client client("http://hooks.example.invalid" + path, options);
    const auto d = client.post(sample_message(), 5s);
    unsetenv("http_proxy");
    EXPECT_TRUE(d.delivered) << (d.error ? d.error->describe() : "");
    const auto got = received(*http_server, path);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_TRUE(got[0]["proxied"].get<bool>());
}

TEST(webhook_http2, UsedWhenTheServerOffersItAndHttp11Otherwise) {
    if (access("/usr/sbin/nginx", X_OK) != 0 && access("/usr/bin/nginx", X_OK) != 0)
        GTEST_SKIP() << "nginx is not installed (.ci/setup installs it)";
    for (const bool offered : {true, false}) {
        SCOPED_TRACE(offered ? "server offers h2" : "server offers only http/1.1");
        ab::test::server_process nginx(ALARMBRIDGE_NGINX_SERVER, offered ? std::vector<std::string>{"--http2"}
                                                                         : std::vector<std::string>{});
        ab::http::curl_options o;
        o.ca_file = nginx.ca_file();
        ab::http::curl_transport t(o);
        ab::http::request r;
        r.url = nginx.base_url() + "/services/T0/B0/x";
        r.body = ab::slack::serialize(sample_message());
        r.headers = {{"Content-Type", "application/json"}};
        const auto answer = t.send(r);
        ASSERT_TRUE(answer) << answer.error().describe();
        EXPECT_EQ(answer->status, 200);
        EXPECT_EQ(answer->body, "ok");
        EXPECT_EQ(answer->http_version, offered ? 20 : 11);
        // The client asked not to use it: HTTP/1.1 even when offered.
        o.http2 = false;
        ab::http::curl_transport plain(o);
        EXPECT_EQ(plain.send(r)->http_version, 11);
        // And a webhook client delivers over it, several at once multiplexed on one connection.
        auto options = quick_options(nginx);
        options.max_in_flight = 8;
        ab::slack::webhook_client client(r.url, options);
        for (const auto& d : client.post_many(std::vector<ab::slack::message>(20, sample_message()),
                                              std::chrono::steady_clock::now() + 10s))
            EXPECT_TRUE(d.delivered) << (d.error ? d.error->describe() : "");
    }
}

// ---- chat.postMessage ----------------------------------------------------------------------------

ab::slack::message channel_message() {
    auto m = sample_message();
    m.channel = "C0123456789";
    return m;
}

TEST(web_api, PostsWithTheBearerTokenAndReturnsTheTs) {
    const std::string base = https_server->base_url() + unique_prefix() + "/api/";
    ab::slack::web_api_client client("xoxb-ok-1", quick_options(*https_server), base);
    const auto d = client.post(channel_message(), 5s);
    ASSERT_TRUE(d.delivered) << (d.error ? d.error->describe() : "");
    EXPECT_EQ(d.attempts, 1);
    EXPECT_EQ(d.ts, "1700000000.000001");
    EXPECT_EQ(d.channel, "C0123456789");
    const auto got = received(*https_server, base.substr(https_server->base_url().size()) + "chat.postMessage");
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0]["headers"]["authorization"], "Bearer xoxb-ok-1");
    EXPECT_EQ(nlohmann::json::parse(got[0]["body"].get<std::string>())["channel"], "C0123456789");

    // A reply in the thread of the first message.
    auto reply = channel_message();
    reply.thread_ts = d.ts;
    EXPECT_TRUE(client.post(reply, 5s).delivered);
}

TEST(web_api, ClassifiesOkFalseRateLimitsAndMissingChannels) {
    struct row {
        std::string token;
        bool delivered;
        int attempts;
        ab::errc code;
        std::string reason_text;
    };
    const row rows[] = {
        {"xoxb-channel_not_found-7", false, 1, ab::errc::slack_rejected, "channel_not_found"},
        {"xoxb-not_in_channel-7", false, 1, ab::errc::slack_rejected, "not_in_channel"},
        {"xoxb-ratelimited-7", true, 2, {}, ""},
        {"xoxb-internal-7", true, 2, {}, ""},
    };
    for (const auto& r : rows) {
        SCOPED_TRACE(r.token);
        ab::slack::web_api_client client(r.token, quick_options(*http_server), http_server->base_url() + unique_prefix() + "/api");
        const auto d = client.post(channel_message(), 5s);
        EXPECT_EQ(d.delivered, r.delivered);
        EXPECT_EQ(d.attempts, r.attempts);
        EXPECT_EQ(d.reason_text, r.reason_text);
        if (!r.delivered) {
            ASSERT_TRUE(d.error);
            EXPECT_EQ(d.error->code, r.code);
            EXPECT_EQ(d.error->message.find(r.token), std::string::npos);
        }
    }
    ab::slack::web_api_client client("xoxb-ok-2", quick_options(*http_server), http_server->base_url() + "/api/");
    const auto nowhere = client.post(sample_message(), 5s);
    EXPECT_EQ(nowhere.attempts, 0);
    ASSERT_TRUE(nowhere.error);
    EXPECT_EQ(nowhere.error->code, ab::errc::missing_field);
    EXPECT_EQ(nowhere.error->where, "/channel");
    client.set_default_channel("C0DEFAULT");
    EXPECT_TRUE(client.post(sample_message(), 5s).delivered);
}

// ---- the canary: the secret appears nowhere ------------------------------------------------------

TEST(canary, TheWebhookSecretAppearsInNoErrorOnAnyPath) {
    const std::string secret = "Zq9CanarySecret4711";
    const std::string team_and_app = "T0CANARY01/B0CANARY02";
    const std::string tail = "/services/" + team_and_app + "/" + secret;
    std::vector<std::string> urls;
    for (const auto* s : {http_server.get(), https_server.get()}) {
        for (const std::string scenario : {"invalid_payload", "channel_not_found", "500-html", "slow", "not-ok-body",
                                           "redirect", "429-long", "echo-secret", "made_up_reason"})
            urls.push_back(s->base_url() + tail + "/" + scenario);
    }
    urls.push_back("http://127.0.0.1:" + std::to_string(ab::test::unused_port()) + tail);
    urls.push_back("https://127.0.0.1:" + std::to_string(ab::test::unused_port()) + tail);
    urls.push_back("ftp://127.0.0.1" + tail);
    urls.push_back("https://hooks.example.invalid" + tail);
    urls.push_back("not a url " + tail);
    urls.push_back("https://user:" + secret + "@127.0.0.1:1" + tail);

    auto check = [&](const std::string& text, const std::string& what) {
        EXPECT_EQ(text.find(secret), std::string::npos) << what << ": " << text;
        EXPECT_EQ(text.find(team_and_app), std::string::npos) << what << ": " << text;
    };
    for (const auto& url : urls) {
        auto options = quick_options(url.rfind("https://127", 0) == 0 ? *https_server : *http_server);
        options.retry.max_attempts = 2;
        options.http.timeout = 300ms;
        ab::slack::webhook_client client(url, options);
        const auto d = client.post(sample_message(), 3s);
        EXPECT_FALSE(d.delivered) << url;
        ASSERT_TRUE(d.error) << url;
        check(d.error->describe(), "error");
        check(d.reason_text, "reason_text");
        check(client.redacted_url(), "redacted_url");
        check(ab::http::redact_url(url), "redact_url");
        check(ab::exception(*d.error).what(), "exception");
        const auto many = client.post_many(std::vector<ab::slack::message>(2, sample_message()),
                                           std::chrono::steady_clock::now() + 3s);
        for (const auto& m : many) {
            ASSERT_TRUE(m.error);
            check(m.error->describe(), "post_many error");
        }
    }
    // The transport alone, too.
    ab::http::curl_options quick;
    quick.connect_timeout = 300ms;
    ab::http::curl_transport t(quick);
    for (const auto& url : urls) {
        ab::http::request r;
        r.url = url;
        r.timeout = 300ms;
        r.headers = {{"Authorization", "Bearer xoxb-" + secret}};
        const auto answer = t.send(r);
        if (!answer) check(answer.error().describe(), "transport error");
    }
}

// Servers that say the request back (echo-request: the target as sent and percent-decoded, and the
// Authorization header libcurl makes from user:password). The secret in every form it may come back
// in: as written, percent-encoded, decoded, and user:password in base64; no start of it either,
// wherever the 120-byte cut of the reason falls.
TEST(canary, AnEchoingServerGetsNoFormOfTheSecretIntoTheReport) {
    const std::string plain = "Zq9CanarySecret4711";
    const std::string spaced = "Zq9Canary Secret+4711";  // sent as Zq9Canary%20Secret%2B4711
    const std::vector<std::string> forms = {
        plain, spaced, "Zq9Canary%20Secret%2B4711", "Zq9Canary",  // the start shared by all of them
        "dXNlcjpacTlDYW5hcnlTZWNyZXQ0NzEx",                       // base64("user:" + plain)
        "dXNlcjpacTlDYW5hcnkgU2VjcmV0KzQ3MTE",                    // base64("user:" + spaced)
        "dXNlcjpacTlD",                                           // base64("user:Zq9C"): the start of both
        "T0CANARY01", "B0CANARY02",
    };
    int checked = 0;
    for (const auto* server : {http_server.get(), https_server.get()}) {
        const std::string authority = server->base_url().substr(server->base_url().find("://") + 3);
        const std::string scheme = server->base_url().substr(0, server->base_url().find("://"));
        for (const std::string& secret_in_url : {plain, std::string("Zq9Canary%20Secret%2B4711")}) {
            for (std::size_t pad = 0; pad < 81; pad += 3) {  // moves the secret across byte 120 of the answer
                const std::string url = scheme + "://user:" + secret_in_url + "@" + authority + unique_prefix() + "/" +
                                        std::string(pad, 'p') + "/services/T0CANARY01/B0CANARY02/" + secret_in_url +
                                        "/echo-request";
                SCOPED_TRACE(ab::http::redact_url(url) + " pad " + std::to_string(pad));
                ab::slack::webhook_client client(url, quick_options(*server));
                const auto d = client.post(sample_message(), 5s);
                EXPECT_FALSE(d.delivered);
                ASSERT_TRUE(d.error);
                EXPECT_EQ(d.error->code, ab::errc::slack_rejected) << d.error->describe();
                EXPECT_NE(d.reason_text.find("no such hook"), std::string::npos) << d.reason_text;  // it did echo
                for (const std::string& shown : {d.error->describe(), d.reason_text, client.redacted_url(),
                                                 std::string(ab::exception(*d.error).what())}) {
                    for (const auto& form : forms) EXPECT_EQ(shown.find(form), std::string::npos) << form << " in " << shown;
                }
                ++checked;
            }
        }
    }
    EXPECT_EQ(checked, 2 * 2 * 27);
    // The server really was told the secret, in each form: the test is not vacuous.
    const auto url = http_server->base_url() + "/services/T0CANARY01/B0CANARY02/Zq9Canary%20Secret%2B4711/echo-request";
    ab::http::curl_transport t;
    const auto answer = t.send({"POST", "http://user:Zq9Canary%20Secret%2B4711@" + url.substr(7), {}, "{}", 5000ms});
    ASSERT_TRUE(answer) << answer.error().describe();
    for (const std::string& form : {spaced, std::string("Zq9Canary%20Secret%2B4711"), std::string("dXNlcjpacTlDYW5hcnkgU2VjcmV0KzQ3MTE")})
        EXPECT_NE(answer->body.find(form), std::string::npos) << form << " not in " << answer->body;
}

}  // namespace
