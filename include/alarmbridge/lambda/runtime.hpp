// alarmbridge/lambda/runtime.hpp - a Lambda custom runtime (provided.al2023): the Runtime API
// loop, for a function written in C++.
//
//   int main() {
//       return lambda::exit_status(lambda::run([](const lambda::invocation& inv) {
//           if (inv.payload.empty()) return lambda::invocation_response::failure("EmptyEvent", "no event");
//           return lambda::invocation_response::success(R"({"ok":true})");
//       }));
//   }
//
// run() asks the Runtime API ($AWS_LAMBDA_RUNTIME_API) for the next invocation (no timeout: the
// API answers when there is one), calls the handler with the payload, request id, deadline,
// function ARN and trace id (also set as _X_AMZN_TRACE_ID while the handler runs), and posts the
// response, or the error as Lambda's runtimes send it: the header
// `Lambda-Runtime-Function-Error-Type: Function.<type>` and the body
// {"errorMessage": ..., "errorType": "Function.<type>", "stackTrace": []}. A handler that throws is
// reported the same way (Function.HandlerException). An init function's error goes to
// /runtime/init/error and run() returns. A failed /next is retried with a bounded backoff; a 500
// from the API ends run() at once, as the API asks; a response the API refuses as too large (413)
// is reported as the invocation's error (Function.ResponseTooLarge). Log lines name the request id
// and what happened, never a payload. The Runtime API is reached without any proxy.
// docs/lambda.md has the details.
#pragma once

#include <alarmbridge/export.hpp>
#include <alarmbridge/http/transport.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace alarmbridge::lambda {

/// One event to handle, as the Runtime API gave it.
struct invocation {
    std::string payload;       ///< the event JSON (never logged)
    std::string request_id;    ///< Lambda-Runtime-Aws-Request-Id
    std::string function_arn;  ///< Lambda-Runtime-Invoked-Function-Arn
    std::string trace_id;      ///< Lambda-Runtime-Trace-Id ("" when none)
    /// Lambda-Runtime-Deadline-Ms as a wall-clock time, and the same instant on the steady clock
    /// (what http requests and the delivery deadline use).
    std::chrono::system_clock::time_point deadline_wall;
    http::clock::time_point deadline;
};

/// What the handler gives back: a success payload, or an error for Lambda (retry, DLQ).
struct invocation_response {
    bool ok{true};
    std::string payload;        ///< ok: the response body (JSON)
    std::string error_type;     ///< !ok: a name of [A-Za-z0-9_.], sent as "Function.<error_type>"
    std::string error_message;  ///< !ok: what failed (never a secret)

    static invocation_response success(std::string payload) { return {true, std::move(payload), {}, {}}; }
    static invocation_response failure(std::string type, std::string message) {
        return {false, {}, std::move(type), std::move(message)};
    }
};

using handler = std::function<invocation_response(const invocation&)>;

/// Why the function cannot start, for /runtime/init/error.
struct init_error {
    std::string type;     ///< as invocation_response::error_type
    std::string message;  ///< never a secret
};
using init_function = std::function<std::optional<init_error>()>;

struct runtime_options {
    /// host:port of the Runtime API; empty: $AWS_LAMBDA_RUNTIME_API.
    std::string api;
    /// How the API is reached; empty: a curl_transport that bypasses any proxy for the API's host.
    std::shared_ptr<http::transport> transport;
    /// Backoff between failed /next requests: first_retry, doubled each time up to longest_retry.
    std::chrono::milliseconds first_retry{50};
    std::chrono::milliseconds longest_retry{2000};
    /// 0: retry a failing /next without end (Lambda stops the sandbox); n: give up after n in a row.
    std::size_t max_next_failures{0};
    /// 0: serve until the API ends the process; n: return after n invocations (tests, benchmarks).
    std::size_t max_invocations{0};
    /// Longest response the API is sent (Lambda's limit for a synchronous invocation is 6 MB);
    /// longer ones are reported as Function.ResponseTooLarge without sending them.
    std::size_t max_response_bytes{6 * 1024 * 1024};
    /// Waits between retries; empty: std::this_thread::sleep_for. Tests inject one.
    std::function<void(std::chrono::milliseconds)> sleep;
    /// Wall-clock now, to turn the deadline into a steady-clock time; empty: system_clock::now.
    std::function<std::chrono::system_clock::time_point()> wall_clock;
    /// Receives each log line (a JSON object, no payload); empty: standard error.
    std::function<void(std::string_view)> log;
};

enum class run_end {
    invocations_done,  ///< max_invocations were handled
    api_ended,         ///< the API answered 500: the runtime must exit
    init_failed,       ///< the init function failed (reported to /runtime/init/error)
    next_failed,       ///< max_next_failures /next requests in a row failed
    no_api,            ///< no Runtime API address (AWS_LAMBDA_RUNTIME_API unset)
};

/// "invocations_done", "api_ended", ...
ALARMBRIDGE_API std::string_view to_string(run_end end) noexcept;
/// The process exit status for `end`: 0 for invocations_done, 1 otherwise.
ALARMBRIDGE_API int exit_status(run_end end) noexcept;

/// Serves invocations with `h`. Never throws.
ALARMBRIDGE_API run_end run(const handler& h, runtime_options options = {});
/// Runs `init` once first (cold start); its error is posted to /runtime/init/error and run
/// returns init_failed, without asking for an invocation.
ALARMBRIDGE_API run_end run(const init_function& init, const handler& h, runtime_options options = {});

}  // namespace alarmbridge::lambda
