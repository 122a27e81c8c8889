// alarmbridge/http/transport.hpp - HTTP requests and responses, the transport interface, and the
// libcurl transport.
//
//   http::curl_options o; o.ca_file = "test-ca.pem";        // or leave it: the system CAs
//   http::curl_transport t(o);                               // one per thread; reuse it
//   auto r = t.send({"POST", url, {{"Content-Type", "application/json"}}, body});
//   if (!r) log(r.error().describe());                        // never contains the URL
//
// The libcurl transport keeps its connections alive between calls, loads the CA store once per
// process, verifies TLS always, never follows redirects, speaks only http and https, honours the
// proxy environment variables (http_proxy, https_proxy, no_proxy) and uses HTTP/2 when the server
// offers it. No libcurl or OpenSSL type appears here.
#pragma once

#include <alarmbridge/export.hpp>
#include <alarmbridge/result.hpp>
#include <alarmbridge/version.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace alarmbridge::http {

using clock = std::chrono::steady_clock;

struct header {
    std::string name;
    std::string value;
};

struct request {
    std::string method{"POST"};
    std::string url;  ///< a secret for webhooks: never printed by the library
    std::vector<header> headers;
    std::string body;
    /// The most this request may take from start to end; zero means the transport's default.
    std::chrono::milliseconds timeout{0};
};

struct response {
    int status{0};
    /// false: the status line came, then the answer was cut off (the connection closed or the
    /// timeout struck before the headers or the body were whole); `body` is what arrived. The
    /// server did answer: for a POST, it may have acted on the request.
    bool complete{true};
    std::vector<header> headers;  ///< names as the server sent them; look up with find_header
    std::string body;
    int http_version{0};  ///< 10, 11, 20 or 30
    std::chrono::microseconds elapsed{0};

    /// The first header of that name (ASCII case-insensitive), or nullptr.
    const std::string* find_header(std::string_view name) const noexcept {
        for (const auto& h : headers) {
            if (h.name.size() != name.size()) continue;
            bool same = true;
            for (std::size_t i = 0; i < name.size() && same; ++i) {
                auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
                same = lower(h.name[i]) == lower(name[i]);
            }
            if (same) return &h.value;
        }
        return nullptr;
    }
};

/// Sends requests. A failed result means there was no HTTP answer (errc::http_transport,
/// tls_failed, invalid_url, too_large for an answer over the limits); any HTTP answer, 500
/// included, is a response, and so is one cut off after its status line (response::complete is
/// false). Error messages never contain the request's URL or headers, in any encoding.
class transport {
public:
    virtual ~transport() = default;
    virtual result<response> send(const request& req) = 0;
    /// Sends every request, at most max_in_flight at a time; one result each, in the order given.
    /// The default sends them one after the other.
    virtual std::vector<result<response>> send_all(const std::vector<request>& requests, std::size_t max_in_flight) {
        (void)max_in_flight;
        std::vector<result<response>> out;
        out.reserve(requests.size());
        for (const auto& r : requests) out.push_back(send(r));
        return out;
    }
};

struct curl_options {
    std::chrono::milliseconds connect_timeout{3000};
    std::chrono::milliseconds timeout{10000};  ///< per request, when the request sets none
    /// PEM file of trusted CAs; empty means libcurl's default bundle (the system's). TLS
    /// verification cannot be turned off.
    std::string ca_file;
    std::string user_agent{std::string("alarmbridge/") + version_string};
    std::size_t max_response_bytes{1024 * 1024};  ///< a longer body fails with errc::too_large
    std::size_t max_header_bytes{64 * 1024};      ///< status lines and headers; more fails with errc::too_large
    bool http2{true};  ///< offer HTTP/2 over TLS (ALPN); http:// always uses HTTP/1.1
    /// Follow the proxy variables (https_proxy, no_proxy, ...) as libcurl does; false connects
    /// straight to every host (the Lambda Runtime API, which is never behind a proxy).
    bool use_proxy_environment{true};
};

/// The libcurl transport. Not thread-safe: use one per thread (they share the CA store).
class ALARMBRIDGE_API curl_transport final : public transport {
public:
    explicit curl_transport(curl_options options = {});
    ~curl_transport() override;
    curl_transport(curl_transport&&) noexcept;
    curl_transport& operator=(curl_transport&&) noexcept;
    curl_transport(const curl_transport&) = delete;
    curl_transport& operator=(const curl_transport&) = delete;

    result<response> send(const request& req) override;
    /// libcurl multi: up to max_in_flight transfers at once (HTTP/2 multiplexes them on one
    /// connection when the server offers it), connections kept for the next call.
    std::vector<result<response>> send_all(const std::vector<request>& requests, std::size_t max_in_flight) override;

    const curl_options& options() const noexcept;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

/// The CA bundle libcurl uses when curl_options::ca_file is empty (the system's, as libcurl was
/// built to find it), or "" when it names none.
ALARMBRIDGE_API std::string default_ca_file();

/// The URL with everything after the authority replaced by "***" and any user:password removed:
/// "https://example.com:8443/***". Slack webhook URLs keep the first letter of their team and
/// app IDs: "https://hooks.slack.com/services/T…/B…/***". Something that is not an absolute
/// URL gives "***". Every path that prints a URL goes through this function.
ALARMBRIDGE_API std::string redact_url(std::string_view url);

}  // namespace alarmbridge::http
