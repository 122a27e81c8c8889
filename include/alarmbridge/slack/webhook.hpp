// alarmbridge/slack/webhook.hpp - delivering messages to Slack: the incoming-webhook client, the
// Web API chat.postMessage client (bot token), and the one table that says what Slack's answers
// mean.
//
//   slack::webhook_client client(url_from_a_secret);              // reuse it: keep-alive
//   auto d = client.post(message, std::chrono::seconds(5));       // or a Lambda's deadline
//   if (!d) log(d.error->describe(), d.attempts, d.status, d.reason_text);
//
// Success is HTTP 200 with the body `ok`, nothing else. 429, 5xx, a connection failure and a
// timeout are retried (Retry-After honoured, in seconds or as an HTTP date) with exponential
// backoff and full jitter, up to retry_policy::max_attempts and never past the deadline; every
// other 4xx is permanent and keeps Slack's reason (`channel_not_found`, ...); an answer that
// leaves open whether the message was posted (200 cut off or with another body, another 2xx, a
// 3xx) is never retried. The webhook URL and the bot token are secrets: they appear in no error,
// log line or exception, in any encoding; they travel over https only (plain http to a loopback
// host, or with client_options::allow_insecure_http); http::redact_url prints a URL safely.
#pragma once

#include <alarmbridge/export.hpp>
#include <alarmbridge/http/transport.hpp>
#include <alarmbridge/result.hpp>
#include <alarmbridge/slack/message.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace alarmbridge::slack {

/// Slack's reasons for refusing a message, as webhooks and chat.postMessage name them.
enum class slack_error {
    none,
    invalid_payload,
    user_not_found,
    action_prohibited,
    channel_not_found,
    channel_is_archived,
    no_service,
    no_text,
    invalid_token,
    posting_to_general_channel_denied,
    other,  ///< a reason not listed here; its text is kept in delivery::reason_text
};

constexpr std::string_view to_string(slack_error e) noexcept {
    switch (e) {
        case slack_error::none: return "none";
        case slack_error::invalid_payload: return "invalid_payload";
        case slack_error::user_not_found: return "user_not_found";
        case slack_error::action_prohibited: return "action_prohibited";
        case slack_error::channel_not_found: return "channel_not_found";
        case slack_error::channel_is_archived: return "channel_is_archived";
        case slack_error::no_service: return "no_service";
        case slack_error::no_text: return "no_text";
        case slack_error::invalid_token: return "invalid_token";
        case slack_error::posting_to_general_channel_denied: return "posting_to_general_channel_denied";
        case slack_error::other: return "other";
    }
    return "other";
}

/// The reason for Slack's error string: exact names, anything else is slack_error::other.
ALARMBRIDGE_API slack_error slack_error_from(std::string_view text) noexcept;

/// What to do after an answer.
enum class verdict { delivered, retry, permanent };

struct classification {
    verdict what{verdict::permanent};
    errc code{errc::http_status};  ///< the error code when not delivered
    slack_error reason{slack_error::none};
    std::string reason_text;  ///< Slack's error string (or the start of an unexpected body)
    std::optional<std::chrono::milliseconds> retry_after;
    std::string ts;       ///< chat.postMessage: the posted message's ts
    std::string channel;  ///< chat.postMessage: the channel ID it went to
    bool maybe_posted{false};  ///< permanent because the answer leaves open whether it was posted
};

/// An incoming webhook's answer: 200 `ok` (whole) delivered; 429 and 5xx retry; other 4xx
/// permanent (slack_rejected, with the reason); anything else (3xx, other 2xx, 200 with another
/// body or cut off) permanent (http_status, maybe_posted) — never retried, because the message
/// may have been posted.
ALARMBRIDGE_API classification classify_webhook(
    const http::response& r, std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

/// A Web API answer: 200 `{"ok":true}` (whole) delivered; 429, 5xx and ok:false with
/// `ratelimited`, `internal_error`, `fatal_error`, `service_unavailable` or `request_timeout`
/// retry; any other ok:false or 4xx permanent (slack_rejected); anything else permanent
/// (http_status, maybe_posted).
ALARMBRIDGE_API classification classify_web_api(
    const http::response& r, std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

/// A Retry-After value: delta-seconds ("120") or an HTTP date (RFC 9110 §10.2.3; all three date
/// forms), as the time to wait from now (zero for a date in the past). nullopt when unreadable.
/// Defined for any value and any `now`: a wait beyond max_retry_after (a date in the year 9999,
/// twenty digits of seconds) is max_retry_after.
inline constexpr std::chrono::milliseconds max_retry_after{999'999'999'000LL};  // ~31.7 years
ALARMBRIDGE_API std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

struct retry_policy {
    int max_attempts{4};                        ///< attempts in all, the first included
    std::chrono::milliseconds base_delay{250};  ///< backoff before attempt n+1: jitter · min(max, base·2^(n-1))
    std::chrono::milliseconds max_delay{20000};
    std::uint64_t seed{0};  ///< for the default jitter; 0 takes one from std::random_device
    /// A fraction in [0, 1] for each backoff (full jitter; values outside are clamped). Empty: a
    /// uniform one from std::mt19937_64 seeded with `seed`. Tests pass a fixed one.
    std::function<double()> jitter;
};

/// The clocks the retry loop reads and the way it waits: the real ones unless a test gives its
/// own, to check waits and deadlines without timing anything. Deadlines are on now()'s clock;
/// system_now() reads Retry-After dates.
class time_source {
public:
    virtual ~time_source() = default;
    virtual http::clock::time_point now() { return http::clock::now(); }
    virtual std::chrono::system_clock::time_point system_now() { return std::chrono::system_clock::now(); }
    virtual void sleep_until(http::clock::time_point when) { std::this_thread::sleep_until(when); }
};

/// Slack allows about one message per second per webhook, with short bursts. A token bucket per
/// webhook URL (or per token and channel for chat.postMessage): `burst` at once, then
/// `per_second`. Waiting for a token counts against the deadline.
struct pacing {
    bool enabled{false};
    double per_second{1.0};
    int burst{5};
};

/// now + budget, saturating (a budget of milliseconds::max() means no deadline).
inline http::clock::time_point deadline_after(http::clock::time_point now, std::chrono::milliseconds budget) {
    if (budget.count() <= 0) return now;
    const auto room = std::chrono::duration_cast<std::chrono::milliseconds>(http::clock::time_point::max() - now);
    return budget >= room ? http::clock::time_point::max() : now + budget;
}
inline http::clock::time_point deadline_after(std::chrono::milliseconds budget) {
    return deadline_after(http::clock::now(), budget);
}

struct client_options {
    http::curl_options http;  ///< for the client's own transport (http.timeout: see attempt_timeout)
    /// The most one attempt may take. Zero (the default): what is left of the deadline, so a slow
    /// answer within the deadline is one post, delivered; with no deadline, the transport's own
    /// timeout (http.timeout for the client's own transport).
    std::chrono::milliseconds attempt_timeout{0};
    retry_policy retry;
    pacing pace;
    std::size_t max_in_flight{8};  ///< post_many: transfers at once
    /// Webhook URLs and bot tokens go over https only: a plain http URL is refused (invalid_url,
    /// no request made) unless its host is loopback (127.0.0.0/8, ::1, localhost) or this is set.
    bool allow_insecure_http{false};
    std::shared_ptr<time_source> time;  ///< null: the real clocks
};

/// What happened to one message. Filled in whether or not it was delivered.
struct delivery {
    bool delivered{false};
    int attempts{0};  ///< HTTP requests made (0 when none could be)
    int status{0};    ///< the last attempt's HTTP status; 0 when it got no answer
    slack_error reason{slack_error::none};
    std::string reason_text;  ///< Slack's error string when it refused; empty otherwise
    std::chrono::milliseconds elapsed{0};  ///< from the call to the outcome, waits included
    std::string ts;       ///< chat.postMessage: the message ts, for threading replies
    std::string channel;  ///< chat.postMessage: the channel ID
    /// Not delivered, but the last answer leaves open whether the message was posted (a 200 cut
    /// off or with a body other than ok, another 2xx, a 3xx): it was not retried, to post no
    /// duplicate. error->code is http_status.
    bool maybe_posted{false};
    std::optional<alarmbridge::error> error;  ///< set exactly when not delivered

    explicit operator bool() const noexcept { return delivered; }
};

/// One message for post_many, to the client's webhook or to another one.
struct outgoing {
    message msg;
    std::string webhook_url;  ///< empty: the client's
};

/// An incoming-webhook client. Reuse one per thread: it keeps its connection alive.
class ALARMBRIDGE_API webhook_client {
public:
    explicit webhook_client(std::string webhook_url, client_options options = {});
    /// With a transport of your own (shared between clients, or another implementation); a null
    /// one means the client makes its own from options.http.
    webhook_client(std::string webhook_url, std::shared_ptr<http::transport> transport, client_options options = {});
    ~webhook_client();
    webhook_client(webhook_client&&) noexcept;
    webhook_client& operator=(webhook_client&&) noexcept;
    webhook_client(const webhook_client&) = delete;
    webhook_client& operator=(const webhook_client&) = delete;

    /// Sends m (serialized with slack::serialize), retrying as the policy says, until deadline.
    delivery post(const message& m, http::clock::time_point deadline);
    /// The deadline is budget from now, on the client's time_source.
    delivery post(const message& m, std::chrono::milliseconds budget);
    /// Sends a JSON body that is already serialized.
    delivery post_json(std::string body, http::clock::time_point deadline);
    delivery post_json(std::string body, std::chrono::milliseconds budget);

    /// Several messages at once (options.max_in_flight transfers), each with its own retries;
    /// one delivery each, in order.
    std::vector<delivery> post_many(const std::vector<message>& messages, http::clock::time_point deadline);
    std::vector<delivery> post_many(const std::vector<outgoing>& messages, http::clock::time_point deadline);

    /// The webhook URL as http::redact_url prints it.
    std::string redacted_url() const;
    const client_options& options() const noexcept;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

/// chat.postMessage with a bot token (`xoxb-…`): the message's `channel` says where (or the
/// client's default channel). Returns the ts for threading (message::thread_ts).
class ALARMBRIDGE_API web_api_client {
public:
    explicit web_api_client(std::string bot_token, client_options options = {},
                            std::string api_base = "https://slack.com/api/");
    web_api_client(std::string bot_token, std::shared_ptr<http::transport> transport, client_options options = {},
                   std::string api_base = "https://slack.com/api/");
    ~web_api_client();
    web_api_client(web_api_client&&) noexcept;
    web_api_client& operator=(web_api_client&&) noexcept;
    web_api_client(const web_api_client&) = delete;
    web_api_client& operator=(const web_api_client&) = delete;

    /// Used when a message has no channel of its own.
    void set_default_channel(std::string channel);

    delivery post(const message& m, http::clock::time_point deadline);
    delivery post(const message& m, std::chrono::milliseconds budget);
    std::vector<delivery> post_many(const std::vector<message>& messages, http::clock::time_point deadline);

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace alarmbridge::slack
