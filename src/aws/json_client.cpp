// The JSON 1.1 client: sign, send, classify, retry; and reading AWS's errors.
#include <alarmbridge/aws/client.hpp>

#include <alarmbridge/aws/sigv4.hpp>

#include "aws/digest.hpp"
#include "detail/secrets.hpp"

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <random>
#include <thread>

namespace alarmbridge::aws {
namespace {

constexpr std::array<std::string_view, 13> throttling_codes{
    // throttling (the SDKs' standard mode): AWS refused the request before carrying it out
    "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
    "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
    "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "EC2ThrottledException"};

constexpr std::array<std::string_view, 4> transient_codes{"RequestTimeout", "RequestTimeoutException",
                                                          "PriorRequestNotComplete", "InternalError"};

constexpr std::array<std::string_view, 4> skew_codes{"RequestTimeTooSkewed", "InvalidSignatureException",
                                                     "SignatureDoesNotMatch", "RequestExpired"};

/// Keeps [A-Za-z0-9._:-] of the code after any "namespace#" and before any ":" (the
/// x-amzn-ErrorType form "Code:http://..."), at most 100 bytes.
std::string sanitized_code(std::string_view raw) {
    if (const auto hash = raw.rfind('#'); hash != std::string_view::npos) raw.remove_prefix(hash + 1);
    if (const auto colon = raw.find(':'); colon != std::string_view::npos) raw = raw.substr(0, colon);
    std::string out;
    for (char c : raw.substr(0, 100)) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '_' || c == '-';
        if (ok) out += c;
    }
    return out;
}

/// Printable ASCII, whitespace runs as one space, at most max bytes.
std::string sanitized_text(std::string_view raw, std::size_t max) {
    std::string out;
    for (char c : raw) {
        if (out.size() >= max) break;
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f) {
            if (!out.empty() && out.back() != ' ') out += ' ';
            continue;
        }
        out += c;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

/// The text of the first <tag>...</tag> in an XML body, or "".
std::string xml_element(std::string_view body, std::string_view tag) {
    const std::string open = "<" + std::string(tag) + ">";
    const std::string close = "</" + std::string(tag) + ">";
    const auto start = body.find(open);
    if (start == std::string_view::npos) return "";
    const auto from = start + open.size();
    const auto end = body.find(close, from);
    if (end == std::string_view::npos) return "";
    return std::string(body.substr(from, end - from));
}

/// Whether a transport failure happened before anything was sent: no connection could be made
/// (libcurl's own texts for a refused connection and an unresolved name or proxy). Any other
/// failure (a timeout, a reset, nothing answered) may have come after the request was sent.
bool nothing_sent(const alarmbridge::error& e) {
    if (e.code != errc::http_transport) return false;
    for (const CURLcode c : {CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY}) {
        const std::string_view text = curl_easy_strerror(c);
        if (e.message.compare(0, text.size(), text) == 0) return true;
    }
    return false;
}

std::optional<std::chrono::system_clock::time_point> http_date(const http::response& r) {
    const std::string* d = r.find_header("Date");
    if (d == nullptr) return std::nullopt;
    const time_t t = curl_getdate(d->c_str(), nullptr);
    if (t < 0) return std::nullopt;
    return std::chrono::system_clock::from_time_t(t);
}

}  // namespace

bool throttling_error_code(std::string_view aws_code) noexcept {
    return std::find(throttling_codes.begin(), throttling_codes.end(), aws_code) != throttling_codes.end();
}

bool retryable_error_code(std::string_view aws_code) noexcept {
    return throttling_error_code(aws_code) ||
           std::find(transient_codes.begin(), transient_codes.end(), aws_code) != transient_codes.end();
}

error error_of(const http::response& r) {
    error e;
    e.code = errc::aws_service_error;
    e.http_status = r.status;
    std::string code;
    std::string message;
    const auto doc = nlohmann::json::parse(r.body, nullptr, false);
    if (doc.is_object()) {
        if (auto it = doc.find("__type"); it != doc.end() && it->is_string()) code = it->get<std::string>();
        if (code.empty())
            if (auto it = doc.find("code"); it != doc.end() && it->is_string()) code = it->get<std::string>();
        for (const char* k : {"message", "Message", "errorMessage"})
            if (auto it = doc.find(k); message.empty() && it != doc.end() && it->is_string()) message = it->get<std::string>();
    }
    if (code.empty())
        if (const std::string* h = r.find_header("x-amzn-ErrorType")) code = *h;
    if (code.empty() && doc.is_discarded()) {
        code = xml_element(r.body, "Code");
        message = xml_element(r.body, "Message");
    }
    e.aws_code = sanitized_code(code);
    if (e.aws_code.empty()) e.aws_code = "HTTP" + std::to_string(r.status);
    e.message = sanitized_text(message, 300);
    const std::string* id = r.find_header("x-amzn-RequestId");
    if (id == nullptr) id = r.find_header("x-amz-request-id");
    e.request_id = sanitized_code(id != nullptr ? *id : xml_element(r.body, "RequestId"));
    return e;
}

struct json_client::impl {
    client_options options;
    service svc{};
    std::string region;
    std::string endpoint;
    std::unique_ptr<http::curl_transport> own_transport;
    std::unique_ptr<credentials_provider> own_credentials;
    std::chrono::seconds skew{0};
    std::string last_source;
    std::mt19937_64 rng{std::random_device{}()};

    http::transport& transport() {
        if (options.transport != nullptr) return *options.transport;
        if (!own_transport) own_transport = std::make_unique<http::curl_transport>();
        return *own_transport;
    }
    credentials_provider& credentials() {
        if (options.credentials != nullptr) return *options.credentials;
        if (!own_credentials) {
            credentials_options o;
            o.environment = options.environment;
            o.now = options.now;
            o.profile = options.profile;
            o.transport = options.transport;
            own_credentials = std::make_unique<credentials_provider>(o);
        }
        return *own_credentials;
    }
    double random() { return options.random ? options.random() : std::uniform_real_distribution<double>(0.0, 1.0)(rng); }
    void sleep(std::chrono::milliseconds d) {
        if (options.sleep) options.sleep(d);
        else if (d.count() > 0) std::this_thread::sleep_for(d);
    }

    std::chrono::milliseconds backoff(int attempt) {
        const double cap = static_cast<double>(options.max_backoff.count());
        const double grown = static_cast<double>(options.base_backoff.count()) * static_cast<double>(1LL << std::min(attempt, 20));
        return std::chrono::milliseconds(static_cast<long long>(random() * std::min(cap, grown)));
    }

    http::clock::time_point steady_now() { return options.steady_now ? options.steady_now() : http::clock::now(); }

    /// The call ends at the deadline, after `attempts` attempts: the last one's code, status and
    /// request id, and its problem in the message.
    static aws::error past_deadline(const aws::error& last, int attempts) {
        aws::error e = last;
        e.code = errc::deadline_exceeded;
        e.maybe_performed = false;
        if (attempts == 0) {
            e.message = "the deadline left no room for an attempt";
            return e;
        }
        e.message = "the deadline left no room for another attempt after " + std::to_string(attempts) + ": " +
                    (last.aws_code.empty() ? std::string(to_string(last.code)) + ": " : std::string()) + last.message;
        return e;
    }

    /// The attempt's timeout: the client's, or less when the deadline is nearer; zero when none is left.
    std::chrono::milliseconds attempt_timeout(http::clock::time_point deadline) {
        if (deadline == http::clock::time_point::max()) return options.timeout;
        const auto now = steady_now();
        if (now >= deadline) return std::chrono::milliseconds(0);
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
        return std::min(options.timeout, left);
    }

    outcome<secret> call(std::string_view operation, const std::string& body, const call_options& how) {
        bool skew_corrected = false;
        aws::error last;
        const int attempts = std::max(1, options.max_attempts);
        for (int attempt = 0; attempt < attempts; ++attempt) {
            const auto timeout = attempt_timeout(how.deadline);
            if (timeout.count() <= 0) return past_deadline(last, attempt);
            auto creds = credentials().get();
            if (!creds) return creds.error();
            last_source = creds->source();
            http::request req{"POST",
                              endpoint + "/",
                              {{"Content-Type", std::string(svc.content_type)},
                               {"X-Amz-Target", std::string(svc.target_prefix) + "." + std::string(operation)}},
                              body,
                              timeout};
            auto signature = sign(req, *creds, {region, std::string(svc.signing_name), options.now() + skew});
            if (!signature) return signature.error();
            for (auto& h : signature->headers) req.headers.push_back(std::move(h));
            alarmbridge::detail::redactor secrets = alarmbridge::detail::redactor::of(req, false);
            secrets.add_value(creds->secret_access_key().view());
            if (!creds->session_token().empty()) secrets.add_value(creds->session_token().view());

            auto answer = transport().send(req);
            for (auto& h : req.headers) aws::detail::cleanse(h.value);
            bool may_have_run = false;  // the request may have reached AWS and been carried out
            if (!answer) {
                const errc kind = answer.error().code;
                last = aws::error{kind, "", secrets.redact(answer.error().message, 300), 0, "", false};
                if (kind != errc::http_transport) return last;  // TLS, URL: not retried
                may_have_run = !nothing_sent(answer.error());
            } else if (answer->status >= 200 && answer->status < 300 && answer->complete) {
                secret out(answer->body);
                aws::detail::cleanse(answer->body);
                return out;
            } else if (!answer->complete) {
                aws::detail::cleanse(answer->body);
                last = aws::error{errc::http_transport, "", "the answer was cut off", answer->status, "", false};
                may_have_run = true;
            } else {
                last = error_of(*answer);
                last.message = secrets.redact(last.message, 300);
                if (how.error_body != nullptr) *how.error_body = answer->body;
                aws::detail::cleanse(answer->body);
                const bool skew_code =
                    std::find(skew_codes.begin(), skew_codes.end(), last.aws_code) != skew_codes.end();
                if (skew_code && !skew_corrected) {
                    if (auto server_time = http_date(*answer)) {
                        const auto offset = std::chrono::duration_cast<std::chrono::seconds>(*server_time - options.now());
                        if (offset > std::chrono::minutes(4) || offset < -std::chrono::minutes(4)) {
                            skew = offset;
                            skew_corrected = true;
                            continue;  // signed again at once with AWS's time (a refused signature ran nothing)
                        }
                    }
                }
                const bool transient_status = answer->status == 500 || answer->status == 502 || answer->status == 503 ||
                                              answer->status == 504;
                if (!transient_status && !retryable_error_code(last.aws_code)) return last;
                may_have_run = !throttling_error_code(last.aws_code);
            }
            if (may_have_run && !how.idempotent) {
                last.maybe_performed = true;
                return last;  // sent once: never again when it may have run
            }
            if (attempt + 1 < attempts) {
                const auto wait = backoff(attempt);
                if (how.deadline != http::clock::time_point::max() && steady_now() + wait >= how.deadline)
                    return past_deadline(last, attempt + 1);
                sleep(wait);
            }
        }
        return last;
    }
};

json_client::json_client() : impl_(std::make_unique<impl>()) {}
json_client::~json_client() = default;
json_client::json_client(json_client&&) noexcept = default;
json_client& json_client::operator=(json_client&&) noexcept = default;

outcome<json_client> json_client::create(const service& svc, client_options options) {
    json_client c;
    c.impl_->svc = svc;
    if (options.region.empty()) {
        auto region = resolve_region(options.environment, options.profile);
        if (!region) return region.error();
        options.region = *region;
    }
    auto endpoint = resolve_endpoint(svc, options.region, options.environment);
    if (!endpoint) return endpoint.error();
    c.impl_->region = options.region;
    c.impl_->endpoint = *endpoint;
    c.impl_->options = std::move(options);
    return c;
}

outcome<secret> json_client::call(std::string_view operation, const std::string& body) { return impl_->call(operation, body, {}); }
outcome<secret> json_client::call(std::string_view operation, const std::string& body, const call_options& how) {
    return impl_->call(operation, body, how);
}
const std::string& json_client::region() const noexcept { return impl_->region; }
const std::string& json_client::endpoint() const noexcept { return impl_->endpoint; }
std::chrono::seconds json_client::clock_skew() const noexcept { return impl_->skew; }
std::string json_client::credentials_source() { return impl_->last_source; }

}  // namespace alarmbridge::aws
