// alarmbridge/sns/verify.hpp - is this SNS message one that AWS signed?
//
//   auto m = sns::parse_message(body);
//   auto ok = m ? sns::verify(*m) : m.error();             // certificates fetched over HTTPS, cached
//   if (!ok) return reply(403, ok.error().describe());     // cert_url_rejected, signature_mismatch, ...
//
//   // offline (tests, archives): certificates from a folder, judged as of the message's Timestamp
//   sns::verifier v(std::make_shared<sns::directory_certificate_source>("certs/"));
//   sns::verify_options o; o.when = sns::as_of::message_timestamp;
//   auto r = v.verify(*m, o);
//
// What is checked, in this order (the first failure is the answer):
//   1. the fields the signature covers are present (missing_field);
//   2. SignatureVersion is "1" (SHA1withRSA) or "2" (SHA256withRSA) (unsupported_signature_version);
//   3. Timestamp is an ISO 8601 time (bad_value) within max_age of the verification time
//      (stale_message);
//   4. the certificate URL, read with libcurl's URL API, is exactly
//      https://sns.<region>.amazonaws.com/SimpleNotificationService-<hex>.pem (".amazonaws.com.cn"
//      for the China regions) where <region> is the TopicArn's (cert_url_rejected);
//   5. the certificate can be had (cert_unavailable), names CN=sns.amazonaws.com, has an RSA key
//      of at least 2048 bits and is valid at the verification time (cert_invalid);
//   6. the signature over the string to sign, built from the fields as received, matches
//      (signature_mismatch).
// docs/verify.md has the details; sns::confirm_subscription is at the end of this header.
// No OpenSSL or libcurl type appears here.
#pragma once

#include <alarmbridge/export.hpp>
#include <alarmbridge/http/transport.hpp>
#include <alarmbridge/parse_options.hpp>
#include <alarmbridge/result.hpp>
#include <alarmbridge/sns/message.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace alarmbridge::sns {

/// The moment at which the certificate's validity and the message's freshness are judged.
enum class as_of {
    now,                ///< the system clock when verify is called (the default; live traffic)
    message_timestamp,  ///< the message's own Timestamp (archives, replays of old messages)
    fixed,              ///< verify_options::fixed_time (tests, and "as it was on that day")
};

struct verify_options {
    as_of when{as_of::now};
    std::chrono::system_clock::time_point fixed_time{};  ///< used when `when` is as_of::fixed
    /// The most the message Timestamp may differ from the verification time, either way.
    /// nullopt disables the check (archives).
    std::optional<std::chrono::seconds> max_age{std::chrono::hours(1)};
};

/// What a successful verification established.
struct verification {
    int signature_version{0};        ///< 1 or 2
    std::string signing_cert_url;    ///< the certificate URL, as checked
    std::int64_t message_time_ms{0}; ///< the Timestamp, milliseconds since the epoch, UTC
};

/// The SNS messages of an input, for verifying each: an SNS HTTP body, a JSON array of them, or a
/// Lambda SNS event (each Records[i].Sns). One result per message, in order; an element that is
/// not a message gives its error (pointer into the input) in its place. Fails as a whole when the
/// input is not JSON, too large or too deep, has more than max_records messages, or is none of
/// these shapes (unrecognized_event). Never throws.
ALARMBRIDGE_API result<std::vector<result<message>>> read_messages(std::string_view bytes,
                                                                  const parse_options& options = {});

/// The string AWS signs: "Key\nValue\n" for each signed field of the message's type, from the
/// fields as received. Fails with missing_field when one of them is absent.
ALARMBRIDGE_API result<std::string> string_to_sign(const message& m);

/// Checks a certificate URL against the rule above for a message of that TopicArn. On success,
/// the URL (which is then exactly as received).
ALARMBRIDGE_API result<std::string> check_certificate_url(std::string_view url, std::string_view topic_arn);

/// Where certificates come from when the cache does not have them. load() receives only URLs
/// that passed check_certificate_url. A verifier calls it at most once at a time.
class certificate_source {
public:
    virtual ~certificate_source() = default;
    /// The certificate's PEM text, or an error (reported as cert_unavailable).
    virtual result<std::string> load(const std::string& url) = 0;
};

struct https_source_options {
    std::chrono::milliseconds timeout{5000};  ///< the whole fetch
    std::size_t max_bytes{16 * 1024};         ///< a longer answer is refused (AWS's are ~1.7 KB)
};

/// Fetches with GET over an http::transport: TLS verified by the transport, status 200 only, at
/// most max_bytes. Thread-safe (one fetch at a time).
class ALARMBRIDGE_API https_certificate_source final : public certificate_source {
public:
    /// Its own curl_transport on the system's CAs.
    explicit https_certificate_source(https_source_options options = {});
    /// The caller's transport, e.g. a curl_transport with a test CA. Whatever the transport does
    /// with the URL, the verifier checked it before asking.
    explicit https_certificate_source(std::unique_ptr<http::transport> transport, https_source_options options = {});
    result<std::string> load(const std::string& url) override;

private:
    std::mutex mutex_;
    std::unique_ptr<http::transport> transport_;
    https_source_options options_;
};

/// Offline: the file in a folder whose name is the URL's last path segment
/// ("SimpleNotificationService-7506a1e35b36ef5a444dd1a8e7cc3ed8.pem"), at most 64 KiB.
class ALARMBRIDGE_API directory_certificate_source final : public certificate_source {
public:
    explicit directory_certificate_source(std::string directory);
    result<std::string> load(const std::string& url) override;

private:
    std::string directory_;
};

/// In memory: PEM texts by the URL's last path segment, as the directory source. Thread-safe.
class ALARMBRIDGE_API memory_certificate_source final : public certificate_source {
public:
    void add(std::string file_name, std::string pem);
    result<std::string> load(const std::string& url) override;

private:
    std::mutex mutex_;
    std::map<std::string, std::string, std::less<>> pems_;
};

struct verifier_options {
    std::size_t cache_capacity{64};  ///< certificates kept (the least recently used goes first)
};

/// Verifies messages, keeping certificates (and their parsed public keys) by URL. Thread-safe:
/// one verifier serves every thread; a certificate is loaded once however many threads want it.
class ALARMBRIDGE_API verifier {
public:
    explicit verifier(std::shared_ptr<certificate_source> source, verifier_options options = {});
    ~verifier();
    verifier(const verifier&) = delete;
    verifier& operator=(const verifier&) = delete;

    result<verification> verify(const message& m, const verify_options& options = {}) const;
    /// How many certificates the cache holds now.
    std::size_t cached_certificates() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

/// verify with a process-wide verifier that fetches over HTTPS with the system's CAs.
ALARMBRIDGE_API result<verification> verify(const message& m, const verify_options& options = {});

/// Confirms a subscription: verifies m (a SubscriptionConfirmation) with v first, then GETs its
/// SubscribeURL over t only when that URL is https on exactly sns.<TopicArn region>.amazonaws.com
/// (".com.cn" in China), with no userinfo, port or fragment, path "/" and the query
/// Action=ConfirmSubscription (subscribe_url_rejected otherwise), and returns the SubscriptionArn of
/// SNS's XML answer, which must belong to the TopicArn (http_status otherwise). Any other type is
/// bad_value: an UnsubscribeConfirmation is verified and reported by verify, never acted on.
ALARMBRIDGE_API result<std::string> confirm_subscription(const message& m, const verifier& v, http::transport& t,
                                                         const verify_options& options = {});

/// confirm_subscription with the process-wide verifier and a curl_transport on the system's CAs.
ALARMBRIDGE_API result<std::string> confirm_subscription(const message& m, const verify_options& options = {});

}  // namespace alarmbridge::sns
