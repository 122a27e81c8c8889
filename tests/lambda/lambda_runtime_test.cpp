// lambda::run against a scripted Runtime API (tests/support/runtime_api_stand_in.py) on 127.0.0.1:
// what the emulator does not do (413, 500, a slow or dropped /next, a missing request id), the
// error JSON, exceptions, init errors, trace id and deadline. Trivial handlers: the alarm handler
// is tested under the emulator (lambda_rie_test).
#include <alarmbridge/lambda/runtime.hpp>

#include "server_process.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <stdexcept>

namespace ab = alarmbridge;
namespace lambda = alarmbridge::lambda;
using nlohmann::json;

namespace {

constexpr const char* prefix = "/2018-06-01/runtime";

struct stand_in {
    explicit stand_in(const json& script, int init_error_status = 202)
        : server(ALARMBRIDGE_RUNTIME_API_STAND_IN,
                 {"--script", script.dump(), "--init-error-status", std::to_string(init_error_status)}) {}

    std::string api() const { return "127.0.0.1:" + std::to_string(server.port()); }

    /// What the stand-in received, in order.
    json requests() const {
        ab::http::curl_transport t;
        auto r = t.send({"GET", server.base_url() + "/_requests", {}, {}, std::chrono::milliseconds(5000)});
        if (!r || r->status != 200) throw std::runtime_error("cannot read the stand-in's requests");
        return json::parse(r->body);
    }
    /// The POSTs only (responses, errors, init errors).
    json posts() const {
        json out = json::array();
        for (const auto& r : requests())
            if (r["method"] == "POST") out.push_back(r);
        return out;
    }

    ab::test::server_process server;
};

/// Options for a test: the stand-in's address, no real waiting, log lines kept.
struct harness {
    explicit harness(const stand_in& s) {
        options.api = s.api();
        options.sleep = [this](std::chrono::milliseconds d) { waits.push_back(d); };
        options.log = [this](std::string_view line) { logs.push_back(json::parse(line)); };
    }
    lambda::runtime_options options;
    std::vector<std::chrono::milliseconds> waits;
    std::vector<json> logs;
};

lambda::invocation_response echo_size(const lambda::invocation& inv) {
    return lambda::invocation_response::success(json{{"bytes", inv.payload.size()}}.dump());
}

}  // namespace

TEST(LambdaRuntime, PostsTheHandlersResponseAndEndsWhenTheApiSays500) {
    stand_in api(json::array({{{"payload", R"({"Records":[]})"}, {"id", "abc-1"}}}));
    harness h(api);
    EXPECT_EQ(lambda::run(echo_size, h.options), lambda::run_end::api_ended);  // the script's end: 500
    const auto posts = api.posts();
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_EQ(posts[0]["path"], std::string(prefix) + "/invocation/abc-1/response");
    EXPECT_EQ(json::parse(posts[0]["body"].get<std::string>()), (json{{"bytes", 14}}));
    // The 500 ended it at once: one /next after the invocation, no retry.
    EXPECT_EQ(api.requests().size(), 3u);
    EXPECT_TRUE(h.waits.empty());
}

TEST(LambdaRuntime, GivesTheHandlerRequestIdArnTraceAndDeadline) {
    const long long deadline_ms = 1893456000000;  // 2030-01-01T00:00:00Z
    stand_in api(json::array({{{"id", "req-7"}, {"trace", "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1"},
                               {"arn", "arn:aws:lambda:eu-west-1:123456789012:function:f"}, {"deadline_ms", deadline_ms}}}));
    harness h(api);
    const auto now_wall = std::chrono::system_clock::time_point(std::chrono::milliseconds(deadline_ms - 2500));
    h.options.wall_clock = [&] { return now_wall; };
    h.options.max_invocations = 1;
    lambda::invocation seen;
    std::string trace_env;
    ab::http::clock::time_point before = ab::http::clock::now();
    const auto end = lambda::run(
        [&](const lambda::invocation& inv) {
            seen = inv;
            const char* v = std::getenv("_X_AMZN_TRACE_ID");
            trace_env = v ? v : "(unset)";
            return lambda::invocation_response::success("{}");
        },
        h.options);
    EXPECT_EQ(end, lambda::run_end::invocations_done);
    EXPECT_EQ(seen.request_id, "req-7");
    EXPECT_EQ(seen.function_arn, "arn:aws:lambda:eu-west-1:123456789012:function:f");
    EXPECT_EQ(seen.trace_id, "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1");
    EXPECT_EQ(trace_env, seen.trace_id);
    EXPECT_EQ(seen.deadline_wall, std::chrono::system_clock::time_point(std::chrono::milliseconds(deadline_ms)));
    // 2.5 s after the steady clock's now when /next answered (which is after `before`).
    EXPECT_GE(seen.deadline, before + std::chrono::milliseconds(2500));
    EXPECT_LE(seen.deadline, ab::http::clock::now() + std::chrono::milliseconds(2500));
}

TEST(LambdaRuntime, AFailureIsPostedAsLambdasErrorJson) {
    stand_in api(json::array({{{"id", "r1"}}}));
    harness h(api);
    h.options.max_invocations = 1;
    lambda::run([](const lambda::invocation&) {
        return lambda::invocation_response::failure("DeliveryFailed", "1 of 1 records failed: record 0: slack_rejected: channel_is_archived");
    }, h.options);
    const auto posts = api.posts();
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_EQ(posts[0]["path"], std::string(prefix) + "/invocation/r1/error");
    EXPECT_EQ(posts[0]["headers"]["Lambda-Runtime-Function-Error-Type"], "Function.DeliveryFailed");
    EXPECT_EQ(json::parse(posts[0]["body"].get<std::string>()),
              (json{{"errorMessage", "1 of 1 records failed: record 0: slack_rejected: channel_is_archived"},
                    {"errorType", "Function.DeliveryFailed"},
                    {"stackTrace", json::array()}}));
}

TEST(LambdaRuntime, AnErrorTypeIsReducedToANameAndTheMessageIsBounded) {
    stand_in api(json::array({{{"id", "r1"}}}));
    harness h(api);
    h.options.max_invocations = 1;
    lambda::run([](const lambda::invocation&) {
        return lambda::invocation_response::failure("Bad\r\nX-Injected: 1", std::string(10000, 'm') + "\xc3\xa9");
    }, h.options);
    const auto posts = api.posts();
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_EQ(posts[0]["headers"]["Lambda-Runtime-Function-Error-Type"], "Function.BadXInjected1");
    EXPECT_FALSE(posts[0]["headers"].contains("X-Injected"));
    const auto body = json::parse(posts[0]["body"].get<std::string>());
    EXPECT_EQ(body["errorMessage"].get<std::string>().size(), 4096u);
}

TEST(LambdaRuntime, AHandlerExceptionIsReportedAndTheLoopGoesOn) {
    stand_in api(json::array({{{"id", "r1"}}, {{"id", "r2"}}}));
    harness h(api);
    h.options.max_invocations = 2;
    int calls = 0;
    const auto end = lambda::run([&](const lambda::invocation&) -> lambda::invocation_response {
        if (++calls == 1) throw std::runtime_error("settings vanished");
        throw 42;
    }, h.options);
    EXPECT_EQ(end, lambda::run_end::invocations_done);
    const auto posts = api.posts();
    ASSERT_EQ(posts.size(), 2u);
    const auto first = json::parse(posts[0]["body"].get<std::string>());
    EXPECT_EQ(posts[0]["path"], std::string(prefix) + "/invocation/r1/error");
    EXPECT_EQ(first["errorType"], "Function.HandlerException");
    EXPECT_EQ(first["errorMessage"], "the handler threw an exception: settings vanished");
    EXPECT_EQ(posts[1]["path"], std::string(prefix) + "/invocation/r2/error");
    EXPECT_EQ(json::parse(posts[1]["body"].get<std::string>())["errorMessage"],
              "the handler threw something that is not a std::exception");
}

TEST(LambdaRuntime, A413ForTheResponseIsReportedAsTheInvocationsError) {
    stand_in api(json::array({{{"id", "big"}, {"response_status", 413}}}));
    harness h(api);
    h.options.max_invocations = 1;
    lambda::run([](const lambda::invocation&) { return lambda::invocation_response::success(std::string(1000, ' ') + "{}"); },
                h.options);
    const auto posts = api.posts();
    ASSERT_EQ(posts.size(), 2u);
    EXPECT_EQ(posts[0]["path"], std::string(prefix) + "/invocation/big/response");
    EXPECT_EQ(posts[1]["path"], std::string(prefix) + "/invocation/big/error");
    EXPECT_EQ(posts[1]["headers"]["Lambda-Runtime-Function-Error-Type"], "Function.ResponseTooLarge");
    EXPECT_EQ(json::parse(posts[1]["body"].get<std::string>())["errorMessage"],
              "the response (1002 bytes) is larger than the Runtime API accepts (413)");
}

TEST(LambdaRuntime, AResponseOverTheLimitIsNotSentButReported) {
    stand_in api(json::array({{{"id", "big"}}}));
    harness h(api);
    h.options.max_invocations = 1;
    h.options.max_response_bytes = 100;
    lambda::run([](const lambda::invocation&) { return lambda::invocation_response::success(std::string(101, 'x')); }, h.options);
    const auto posts = api.posts();
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_EQ(posts[0]["path"], std::string(prefix) + "/invocation/big/error");
    EXPECT_EQ(json::parse(posts[0]["body"].get<std::string>())["errorMessage"],
              "the response (101 bytes) is larger than the Runtime API accepts");
}

TEST(LambdaRuntime, A500ForAResponseEndsTheProcess) {
    stand_in api(json::array({{{"id", "r1"}, {"response_status", 500}}, {{"id", "never"}}}));
    harness h(api);
    EXPECT_EQ(lambda::run(echo_size, h.options), lambda::run_end::api_ended);
    EXPECT_EQ(api.requests().size(), 2u);  // /next and /response: no second /next
}

TEST(LambdaRuntime, DroppedAndRefusedNextRequestsAreRetriedWithABoundedBackoff) {
    stand_in api(json::array({{{"next", "drop"}}, {{"next", 503}}, {{"next", "no-id"}}, {{"next", "bad-id"}, {"id", "../../x"}},
                              {{"next", "drop"}}, {{"next", "drop"}}, {{"id", "finally"}}}));
    harness h(api);
    h.options.first_retry = std::chrono::milliseconds(100);
    h.options.longest_retry = std::chrono::milliseconds(400);
    h.options.max_invocations = 1;
    int calls = 0;
    EXPECT_EQ(lambda::run([&](const lambda::invocation& inv) {
        ++calls;
        EXPECT_EQ(inv.request_id, "finally");
        return lambda::invocation_response::success("{}");
    }, h.options), lambda::run_end::invocations_done);
    EXPECT_EQ(calls, 1);
    // libcurl itself retries a request once on a reused connection that closes without an answer,
    // so a drop may not reach the runtime: 5 or 6 failures, each waited for, doubling up to 400 ms.
    using ms = std::chrono::milliseconds;
    ASSERT_GE(h.waits.size(), 5u);
    ASSERT_LE(h.waits.size(), 6u);
    EXPECT_EQ(h.waits[0], ms(100));
    EXPECT_EQ(h.waits[1], ms(200));
    for (std::size_t i = 2; i < h.waits.size(); ++i) EXPECT_EQ(h.waits[i], ms(400));
    // No request carried the bad id into a path; the log says why each /next failed.
    for (const auto& r : api.requests()) EXPECT_EQ(r["path"].get<std::string>().find(".."), std::string::npos);
    std::vector<std::string> details;
    for (const auto& l : h.logs)
        if (l["runtime"] == "next:failed") details.push_back(l.value("detail", "") + "|" + std::to_string(l["status"].get<int>()));
    EXPECT_EQ(details.size(), h.waits.size());
    const auto has = [&](const std::string& d) { return std::find(details.begin(), details.end(), d) != details.end(); };
    EXPECT_TRUE(has("|503"));
    EXPECT_TRUE(has("the invocation has no Lambda-Runtime-Aws-Request-Id|200"));
    EXPECT_TRUE(has("the invocation's Lambda-Runtime-Aws-Request-Id is not [A-Za-z0-9-]{1,128}|200"));
}

TEST(LambdaRuntime, GivesUpAfterMaxNextFailuresWhenBounded) {
    stand_in api(json::array({{{"next", "drop"}}, {{"next", "drop"}}, {{"next", "drop"}}, {{"id", "unused"}}}));
    harness h(api);
    h.options.max_next_failures = 3;
    EXPECT_EQ(lambda::run(echo_size, h.options), lambda::run_end::next_failed);
    EXPECT_EQ(h.waits.size(), 2u);
}

TEST(LambdaRuntime, ASlowNextIsWaitedForWithoutATimeout) {
    // The transport's default timeout is 10 s; the API may hold /next for longer. 1.5 s here, with
    // a client whose default timeout is 1 s: the runtime must not apply it to /next.
    stand_in api(json::array({{{"id", "slow"}, {"delay", 1.5}}}));
    harness h(api);
    ab::http::curl_options o;
    o.timeout = std::chrono::milliseconds(1000);
    h.options.transport = std::make_shared<ab::http::curl_transport>(o);
    h.options.max_invocations = 1;
    EXPECT_EQ(lambda::run(echo_size, h.options), lambda::run_end::invocations_done);
    ASSERT_EQ(api.posts().size(), 1u);
    EXPECT_TRUE(h.waits.empty());
}

TEST(LambdaRuntime, AnInitErrorIsPostedAndNoInvocationIsAskedFor) {
    stand_in api(json::array({{{"id", "unused"}}}));
    harness h(api);
    int handled = 0;
    const auto end = lambda::run([] { return std::optional<lambda::init_error>({"KmsDecryptFailed", "aws_service_error: AccessDeniedException (HTTP 400)"}); },
                                 [&](const lambda::invocation&) { ++handled; return lambda::invocation_response::success("{}"); },
                                 h.options);
    EXPECT_EQ(end, lambda::run_end::init_failed);
    EXPECT_EQ(lambda::exit_status(end), 1);
    EXPECT_EQ(handled, 0);
    const auto reqs = api.requests();
    ASSERT_EQ(reqs.size(), 1u);
    EXPECT_EQ(reqs[0]["path"], std::string(prefix) + "/init/error");
    EXPECT_EQ(reqs[0]["headers"]["Lambda-Runtime-Function-Error-Type"], "Function.KmsDecryptFailed");
    EXPECT_EQ(json::parse(reqs[0]["body"].get<std::string>())["errorMessage"], "aws_service_error: AccessDeniedException (HTTP 400)");
}

TEST(LambdaRuntime, AnInitThatThrowsIsAnInitError) {
    stand_in api(json::array());
    harness h(api);
    const auto end = lambda::run([]() -> std::optional<lambda::init_error> { throw std::runtime_error("no"); },
                                 echo_size, h.options);
    EXPECT_EQ(end, lambda::run_end::init_failed);
    const auto posts = api.posts();
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_EQ(posts[0]["headers"]["Lambda-Runtime-Function-Error-Type"], "Function.InitException");
}

TEST(LambdaRuntime, LogLinesNameRequestsButNeverCarryThePayload) {
    const std::string canary = "payload-canary-7f3a";
    stand_in api(json::array({{{"id", "r1"}, {"payload", json{{"secret", canary}}.dump()}},
                              {{"id", "r2"}, {"payload", json{{"secret", canary}}.dump()}, {"response_status", 413}}}));
    harness h(api);
    h.options.max_invocations = 2;
    lambda::run([](const lambda::invocation& inv) { return lambda::invocation_response::success(inv.payload); }, h.options);
    ASSERT_FALSE(h.logs.empty());
    bool named = false;
    for (const auto& l : h.logs) {
        EXPECT_EQ(l.dump().find(canary), std::string::npos) << l.dump();
        named = named || l.value("requestId", "") == "r2";
    }
    EXPECT_TRUE(named);
}

TEST(LambdaRuntime, TheApiIsReachedWithoutTheConfiguredProxy) {
    // A proxy variable pointing at a port where nothing listens: the default transport must not use it.
    const int dead = ab::test::unused_port();
    setenv("http_proxy", ("http://127.0.0.1:" + std::to_string(dead)).c_str(), 1);
    stand_in api(json::array({{{"id", "direct"}}}));
    harness h(api);
    h.options.max_invocations = 1;
    h.options.max_next_failures = 1;
    const auto end = lambda::run(echo_size, h.options);
    unsetenv("http_proxy");
    EXPECT_EQ(end, lambda::run_end::invocations_done);
    EXPECT_EQ(api.posts().size(), 1u);
}

TEST(LambdaRuntime, WithoutAnApiAddressItSaysSo) {
    unsetenv("AWS_LAMBDA_RUNTIME_API");
    std::vector<std::string> logs;
    lambda::runtime_options o;
    o.log = [&](std::string_view l) { logs.emplace_back(l); };
    EXPECT_EQ(lambda::run(echo_size, o), lambda::run_end::no_api);
    ASSERT_EQ(logs.size(), 1u);
    EXPECT_NE(logs[0].find("AWS_LAMBDA_RUNTIME_API"), std::string::npos);
}
