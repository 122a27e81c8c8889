// alarmbridge/result.hpp - error codes, the error value and result<T>.
//
// Untrusted input is normal traffic for this library, so parsing and sending return values
// instead of throwing. An exception comes only from result<T>::value() on a failed result.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace alarmbridge {

/// Stable error codes. The numbers never change meaning; each one is documented in docs/errors.md.
enum class errc : int {
    // 1xx: the bytes are not acceptable JSON
    json_syntax = 101,    ///< not valid JSON (RFC 8259), including bytes that are not UTF-8
    // 2xx: valid JSON, but not the shape or values we expect
    missing_field = 201,       ///< a required field is absent or null
    wrong_type = 202,          ///< a field has the wrong JSON type
    bad_value = 203,           ///< a field has the right type but a value we cannot accept
    too_large = 204,           ///< input or a field is larger than the configured limit
    too_deep = 205,            ///< nesting deeper than max_json_depth (1000 levels)
    unrecognized_event = 206,  ///< valid JSON, but none of the event shapes we know
    no_text = 207,             ///< a Slack message with no text, blocks or attachments (slack::validate)
    // 3xx: SNS signatures (sns/verify.hpp)
    signature_mismatch = 301,             ///< the signature does not match the message and certificate
    cert_url_rejected = 302,              ///< the certificate URL breaks the rule (https, exact AWS host of the TopicArn's region, ...)
    cert_unavailable = 303,               ///< the certificate could not be had (fetch failed, not in the store, too large)
    cert_invalid = 304,                   ///< not a certificate we accept: CN, dates, not an RSA key of 2048+ bits
    unsupported_signature_version = 305,  ///< SignatureVersion other than "1" or "2"
    stale_message = 306,                  ///< the Timestamp is further from the verification time than allowed
    subscribe_url_rejected = 307,         ///< a SubscribeURL that is not the TopicArn region's SNS endpoint
    // 4xx: delivery (HTTP, Slack)
    http_transport = 401,     ///< no HTTP answer: refused, reset, name not resolved, timed out
    http_status = 402,        ///< an HTTP answer that is not success: 5xx, 429, 3xx, an unexpected body
    slack_rejected = 403,     ///< Slack refused the message for good (a 4xx, or ok:false), with its reason
    deadline_exceeded = 404,  ///< the deadline left no time for the first or the next attempt
    invalid_url = 405,        ///< not an absolute http(s) URL (the URL itself is never repeated)
    tls_failed = 406,         ///< TLS handshake or certificate verification failed (not retried)
};

/// The code's stable name, e.g. "json_syntax". Unknown values give "unknown".
constexpr std::string_view to_string(errc code) noexcept {
    switch (code) {
        case errc::json_syntax: return "json_syntax";
        case errc::missing_field: return "missing_field";
        case errc::wrong_type: return "wrong_type";
        case errc::bad_value: return "bad_value";
        case errc::too_large: return "too_large";
        case errc::too_deep: return "too_deep";
        case errc::unrecognized_event: return "unrecognized_event";
        case errc::no_text: return "no_text";
        case errc::signature_mismatch: return "signature_mismatch";
        case errc::cert_url_rejected: return "cert_url_rejected";
        case errc::cert_unavailable: return "cert_unavailable";
        case errc::cert_invalid: return "cert_invalid";
        case errc::unsupported_signature_version: return "unsupported_signature_version";
        case errc::stale_message: return "stale_message";
        case errc::subscribe_url_rejected: return "subscribe_url_rejected";
        case errc::http_transport: return "http_transport";
        case errc::http_status: return "http_status";
        case errc::slack_rejected: return "slack_rejected";
        case errc::deadline_exceeded: return "deadline_exceeded";
        case errc::invalid_url: return "invalid_url";
        case errc::tls_failed: return "tls_failed";
    }
    return "unknown";
}

/// What went wrong and where. `where` is an RFC 6901 JSON pointer into the input ("" for the
/// whole document). Inside a field that itself carries JSON text (an SNS `Message`, a
/// `reasonData`), the pointer continues into that embedded document:
/// "/Records/0/Sns/Message/Trigger/Threshold".
struct error {
    errc code{errc::bad_value};
    std::string message;
    std::string where;

    /// "wrong_type at /Trigger/Threshold: expected a number, got string"
    std::string describe() const {
        std::string out{to_string(code)};
        if (!where.empty()) {
            out += " at ";
            out += where;
        }
        if (!message.empty()) {
            out += ": ";
            out += message;
        }
        return out;
    }
};

/// Thrown only by result<T>::value() when there is no value.
class exception : public std::runtime_error {
public:
    explicit exception(alarmbridge::error err) : std::runtime_error(err.describe()), error_(std::move(err)) {}
    const alarmbridge::error& error() const noexcept { return error_; }
    errc code() const noexcept { return error_.code; }

private:
    alarmbridge::error error_;
};

/// Either a T or an error. Never both, never neither.
template <class T>
class result {
    static_assert(!std::is_same_v<T, alarmbridge::error>, "result<error> is ambiguous");

public:
    result(T value) : storage_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit on purpose
    result(alarmbridge::error err) : storage_(std::in_place_index<1>, std::move(err)) {}  // NOLINT: implicit on purpose
    /// Constructs the value in place from args (no move of a large T).
    template <class... Args>
    explicit result(std::in_place_t, Args&&... args) : storage_(std::in_place_index<0>, std::forward<Args>(args)...) {}

    bool has_value() const noexcept { return storage_.index() == 0; }
    explicit operator bool() const noexcept { return has_value(); }

    T& operator*() & { return std::get<0>(storage_); }
    const T& operator*() const& { return std::get<0>(storage_); }
    T&& operator*() && { return std::get<0>(std::move(storage_)); }
    T* operator->() { return &std::get<0>(storage_); }
    const T* operator->() const { return &std::get<0>(storage_); }

    /// The value, or throws alarmbridge::exception carrying the error.
    T& value() & {
        check();
        return std::get<0>(storage_);
    }
    const T& value() const& {
        check();
        return std::get<0>(storage_);
    }
    T&& value() && {
        check();
        return std::get<0>(std::move(storage_));
    }

    /// The error. Only meaningful when !has_value().
    const alarmbridge::error& error() const& { return std::get<1>(storage_); }

private:
    void check() const {
        if (!has_value()) throw exception(std::get<1>(storage_));
    }
    std::variant<T, alarmbridge::error> storage_;
};

}  // namespace alarmbridge
