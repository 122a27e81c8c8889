// alarmbridge/aws/error.hpp - what went wrong in a call to AWS, and outcome<T>.
//
//   auto r = kms.decrypt(req);
//   if (!r) {
//       const aws::error& e = r.error();
//       if (e.aws_code == "InvalidCiphertextException") ...   // AWS's own code, sanitized
//       log(e.describe());   // never contains a key, token, ciphertext or plaintext
//   }
//
// `code` is alarmbridge's stable errc (docs/errors.md); `aws_code`, `http_status` and
// `request_id` are set when AWS (or the endpoint standing in for it) answered with an error.
#pragma once

#include <alarmbridge/result.hpp>

#include <string>
#include <utility>
#include <variant>

namespace alarmbridge::aws {

struct error {
    errc code{errc::aws_service_error};
    /// AWS's error code ("InvalidCiphertextException", "SignatureDoesNotMatch"): at most 100
    /// bytes of [A-Za-z0-9._:-], the namespace prefix ("com.amazon.coral.service#") removed.
    std::string aws_code;
    /// AWS's message or ours: printable ASCII, at most 300 bytes, secrets of the request removed.
    std::string message;
    int http_status{0};     ///< 0 when there was no HTTP answer
    std::string request_id; ///< x-amzn-RequestId / x-amz-request-id, when the answer had one
    /// Set only for a call that was not idempotent (call_options::idempotent false): the request
    /// may have been carried out, its answer was lost (HTTP 5xx, a transient code, an answer cut
    /// off, a timeout or reset after sending, a success answer that could not be read). It was
    /// not sent again; look at the service for what happened.
    bool maybe_performed{false};

    /// "aws_service_error: InvalidCiphertextException (HTTP 400, request 7c1e...): message"
    std::string describe() const {
        std::string out{to_string(code)};
        out += ": ";
        if (!aws_code.empty()) {
            out += aws_code;
            if (http_status != 0 || !request_id.empty()) {
                out += " (";
                if (http_status != 0) out += "HTTP " + std::to_string(http_status);
                if (http_status != 0 && !request_id.empty()) out += ", ";
                if (!request_id.empty()) out += "request " + request_id;
                out += ")";
            }
            if (!message.empty()) out += ": ";
        }
        out += message;
        return out;
    }

    /// The same as the library's error value (the AWS code is in the message).
    alarmbridge::error to_error() const {
        return alarmbridge::error{code, aws_code.empty() ? message : aws_code + (message.empty() ? "" : ": " + message), ""};
    }

    static error from(const alarmbridge::error& e) { return error{e.code, "", e.message, 0, "", false}; }
};

/// Either a T or an aws::error.
template <class T>
class outcome {
public:
    outcome(T value) : storage_(std::in_place_index<0>, std::move(value)) {}         // NOLINT: implicit on purpose
    outcome(aws::error err) : storage_(std::in_place_index<1>, std::move(err)) {}    // NOLINT: implicit on purpose
    outcome(const alarmbridge::error& err) : storage_(std::in_place_index<1>, aws::error::from(err)) {}  // NOLINT

    bool has_value() const noexcept { return storage_.index() == 0; }
    explicit operator bool() const noexcept { return has_value(); }
    T& operator*() & { return std::get<0>(storage_); }
    const T& operator*() const& { return std::get<0>(storage_); }
    T&& operator*() && { return std::get<0>(std::move(storage_)); }
    T* operator->() { return &std::get<0>(storage_); }
    const T* operator->() const { return &std::get<0>(storage_); }
    /// Only meaningful when !has_value().
    const aws::error& error() const& { return std::get<1>(storage_); }

private:
    std::variant<T, aws::error> storage_;
};

}  // namespace alarmbridge::aws
