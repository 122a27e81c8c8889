// alarmbridge/aws/client.hpp - a client for AWS's JSON 1.1 protocol (KMS, Secrets Manager, SSM)
// over http::transport: SigV4, the SDKs' standard retry mode, one clock-skew correction, and
// typed errors.
//
//   auto c = aws::json_client::create(aws::kms_service);      // region, endpoint, credentials
//   if (!c) return c.error();                                  //   from the environment
//   auto body = c->call("Decrypt", R"({"CiphertextBlob":"..."})");
//   if (!body) log(body.error().describe());   // "aws_service_error: InvalidCiphertextException (HTTP 400, request ...)"
//
// Retries (standard mode): at most max_attempts in all; a connection that fails or an answer
// cut off, HTTP 500/502/503/504, and the throttling and transient error codes
// (ThrottlingException, TooManyRequestsException, RequestLimitExceeded, RequestTimeout, ...)
// are retried after a full-jitter backoff, random · min(20 s, 2^attempt s). When AWS says the
// clock is off (RequestTimeTooSkewed, InvalidSignatureException, SignatureDoesNotMatch with a
// Date more than 4 minutes from ours), the request is signed again once with AWS's time, and
// later calls keep that offset. Errors read from a JSON body (__type, message), the
// x-amzn-ErrorType header, or an XML body (<Code>, <Message>), so an XML SignatureDoesNotMatch
// page still gives its code.
//
// Per call (call_options): a deadline, and whether the operation may run twice.
//   aws::call_options how;
//   how.deadline = deadline;     // no attempt starts at or after it; each attempt's timeout is
//                                //   min(timeout, deadline - now); no backoff ends past it
//   how.idempotent = false;      // SendCommand: retried only when AWS certainly did not run it
//   auto body = c->call("SendCommand", request, how);
//   if (!body && body.error().maybe_performed) ...   // the answer was lost: it may have run
#pragma once

#include <alarmbridge/aws/credentials.hpp>
#include <alarmbridge/aws/endpoint.hpp>
#include <alarmbridge/aws/environment.hpp>
#include <alarmbridge/aws/error.hpp>
#include <alarmbridge/aws/secret.hpp>
#include <alarmbridge/export.hpp>
#include <alarmbridge/http/transport.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace alarmbridge::aws {

struct client_options {
    aws::environment environment = process_environment();
    /// Empty: resolve_region(environment, profile).
    std::string region;
    /// The profile for region and credentials instead of AWS_PROFILE, when not empty.
    std::string profile;
    /// Not owned; null means a curl_transport of the client's own.
    http::transport* transport = nullptr;
    /// Not owned; null means a credentials_provider of the client's own over `environment`.
    credentials_provider* credentials = nullptr;
    wall_clock now = [] { return std::chrono::system_clock::now(); };
    /// How the client waits between attempts (tests record instead of sleeping).
    std::function<void(std::chrono::milliseconds)> sleep;
    /// Uniform in [0, 1): the jitter. Default: a std::mt19937 seeded from std::random_device.
    std::function<double()> random;
    int max_attempts{3};
    std::chrono::milliseconds max_backoff{20000};
    std::chrono::milliseconds base_backoff{1000};
    /// Per attempt.
    std::chrono::milliseconds timeout{10000};
    /// The clock call_options::deadline is read on; null: http::clock::now(). Give the one the
    /// deadline was computed on (remediate::remediator gives its time source's now()).
    std::function<http::clock::time_point()> steady_now;
};

/// How one call is made.
struct call_options {
    /// No attempt starts at or after it; each attempt's timeout is min(client_options::timeout,
    /// deadline - now); a backoff that would end at or after it is not waited: the call ends
    /// with errc::deadline_exceeded (aws_code, status and request id of the last attempt, if
    /// any). max(): no deadline.
    http::clock::time_point deadline = http::clock::time_point::max();
    /// false for an operation that must not be carried out twice and has no client token (SSM
    /// SendCommand). It is then sent again only when AWS certainly did not run it: a throttling
    /// code (ThrottlingException, ...), a signature refused for clock skew, a connection that
    /// could not be made (refused, name not resolved). When the request may have reached AWS
    /// and its answer was lost (HTTP 5xx, a transient code such as InternalError, an answer cut
    /// off, a timeout or reset after sending) the call ends at once with error::maybe_performed.
    bool idempotent = true;
    /// Not null: when the call ends with AWS's error answer, that answer's body goes here (errors
    /// that carry data: DynamoDB's ConditionalCheckFailedException with its old item).
    std::string* error_body = nullptr;
};

class ALARMBRIDGE_API json_client {
public:
    /// Resolves region and endpoint; errc::aws_no_region, errc::invalid_url when they cannot be.
    static outcome<json_client> create(const service& svc, client_options options = {});

    ~json_client();
    json_client(json_client&&) noexcept;
    json_client& operator=(json_client&&) noexcept;

    /// POSTs body as operation ("Decrypt") and returns the answer's body (a secret: it may hold
    /// a plaintext). Errors: aws_service_error (AWS's code, message, status, request id),
    /// aws_no_credentials, http_transport, tls_failed, ...
    outcome<secret> call(std::string_view operation, const std::string& body);
    /// The same, with a deadline and the retry rule of a non-idempotent operation (call_options).
    outcome<secret> call(std::string_view operation, const std::string& body, const call_options& how);

    const std::string& region() const noexcept;
    const std::string& endpoint() const noexcept;
    /// The offset added to the local clock after AWS said it was off (zero until then).
    std::chrono::seconds clock_skew() const noexcept;
    /// Where the credentials of the last call came from ("" before any).
    std::string credentials_source();

private:
    json_client();
    struct impl;
    std::unique_ptr<impl> impl_;
};

/// Whether AWS's error code is one the standard retry mode retries (throttling or transient).
ALARMBRIDGE_API bool retryable_error_code(std::string_view aws_code) noexcept;

/// Whether AWS's error code says the request was throttled: refused before it was carried out, so
/// that even a non-idempotent request may be sent again.
ALARMBRIDGE_API bool throttling_error_code(std::string_view aws_code) noexcept;

/// The AWS error in an answer that is not a success: the code from a JSON body's __type (the
/// "namespace#" prefix removed), the x-amzn-ErrorType header or an XML <Code>; the message from
/// message/Message; the request id from x-amzn-RequestId, x-amz-request-id or <RequestId>. All
/// sanitized (see aws::error). Never fails: an unreadable answer gives code "HTTP<status>".
ALARMBRIDGE_API error error_of(const http::response& r);

}  // namespace alarmbridge::aws
