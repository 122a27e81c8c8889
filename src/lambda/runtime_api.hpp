// The Lambda Runtime API (2018-06-01) as HTTP requests: /invocation/next, .../response,
// .../error, /init/error. Private to src/lambda.
#pragma once

#include <alarmbridge/http/transport.hpp>
#include <alarmbridge/lambda/runtime.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace alarmbridge::lambda::detail {

/// What one call to the API came to.
struct api_answer {
    enum class kind {
        accepted,      ///< 2xx
        api_error,     ///< 500: the API says the runtime must exit
        too_large,     ///< 413: the payload was refused for its size
        refused,       ///< another HTTP status (400, 403, 404, ...)
        no_answer,     ///< no HTTP answer (connection refused or dropped, cut off)
    } what{kind::no_answer};
    int status{0};
    std::string detail;  ///< for the log: the transport error, never a body
};

/// /next: an invocation, or why there is none.
struct next_result {
    std::optional<invocation> got;
    api_answer answer;
};

class runtime_api {
public:
    runtime_api(std::string host_port, std::shared_ptr<http::transport> transport);

    next_result next(const std::function<std::chrono::system_clock::time_point()>& wall_clock);
    api_answer respond(const std::string& request_id, const std::string& payload);
    api_answer fail(const std::string& request_id, const std::string& type, const std::string& message);
    api_answer init_failed(const std::string& type, const std::string& message);

private:
    api_answer post(const std::string& path, const std::string& body, const std::string& error_type);

    std::string base_;
    std::shared_ptr<http::transport> transport_;
};

/// "Function.<type>", the type reduced to [A-Za-z0-9_.] ("Unknown" when nothing is left).
std::string function_error_type(std::string_view type);
/// {"errorMessage": ..., "errorType": ..., "stackTrace": []}, the message cut at 4 KiB.
std::string error_body(std::string_view full_type, std::string_view message);
/// A request id is [A-Za-z0-9-], 1 to 128 characters: anything else is not put in a URL.
bool usable_request_id(std::string_view id);

/// The default transport for the API: a curl_transport that connects straight to the API, whatever
/// proxy the function's environment names (Slack and AWS calls keep using it).
std::shared_ptr<http::transport> api_transport();

}  // namespace alarmbridge::lambda::detail
