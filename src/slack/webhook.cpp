// Delivery: the classification table, the retry loop (backoff with full jitter, Retry-After,
// deadline, pacing) shared by the webhook and Web API clients, and the clients themselves.
#include <alarmbridge/slack/webhook.hpp>

#include "detail/secrets.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <random>

namespace alarmbridge::slack {
namespace {

using std::chrono::milliseconds;
using steady = http::clock;

constexpr std::array<std::pair<std::string_view, slack_error>, 9> known_reasons{{
    {"invalid_payload", slack_error::invalid_payload},
    {"user_not_found", slack_error::user_not_found},
    {"action_prohibited", slack_error::action_prohibited},
    {"channel_not_found", slack_error::channel_not_found},
    {"channel_is_archived", slack_error::channel_is_archived},
    {"no_service", slack_error::no_service},
    {"no_text", slack_error::no_text},
    {"invalid_token", slack_error::invalid_token},
    {"posting_to_general_channel_denied", slack_error::posting_to_general_channel_denied},
}};

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
    return s;
}

/// Slack's error string from a body: the body itself when it is one short token
/// ("channel_not_found"), else its first 120 printable bytes (an HTML page, say), else "".
std::string reason_text_of(std::string_view body) {
    body = trim(body);
    std::string out;
    for (char c : body.substr(0, 120)) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
    return out;
}

void set_retry_after(classification& c, const http::response& r, std::chrono::system_clock::time_point now) {
    if (const std::string* v = r.find_header("Retry-After")) c.retry_after = parse_retry_after(*v, now);
}

bool retryable_status(int status) { return status == 429 || (status >= 500 && status <= 599); }

/// The answer says nothing for sure (a 2xx or 3xx that is not success, or a success cut off):
/// permanent, never retried, because the message may have been posted.
classification uncertain(std::string reason_text) {
    classification c;
    c.what = verdict::permanent;
    c.code = errc::http_status;
    c.reason_text = std::move(reason_text);
    c.maybe_posted = true;
    return c;
}

}  // namespace

slack_error slack_error_from(std::string_view text) noexcept {
    if (text.empty()) return slack_error::none;
    for (const auto& [name, value] : known_reasons)
        if (name == text) return value;
    return slack_error::other;
}

std::optional<milliseconds> parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now) {
    value = trim(value);
    if (value.empty() || value.size() > 64) return std::nullopt;
    constexpr long long most_seconds = max_retry_after.count() / 1000;  // 9 digits
    if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        while (value.size() > 1 && value.front() == '0') value.remove_prefix(1);
        if (value.size() > 9) return max_retry_after;  // absurd, but a wait all the same
        long long seconds = 0;
        for (char c : value) seconds = seconds * 10 + (c - '0');
        return milliseconds(std::min<long long>(seconds, most_seconds) * 1000);
    }
    // An HTTP date must name a weekday or month in letters; curl_getdate reads all three forms.
    if (!std::any_of(value.begin(), value.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }))
        return std::nullopt;
    const std::string text(value);
    const time_t when = curl_getdate(text.c_str(), nullptr);
    if (when == static_cast<time_t>(-1)) return std::nullopt;
    // In whole seconds and milliseconds since the epoch, never through the clock's own (nanosecond)
    // representation, which ends in 2262: any date and any now give a defined, saturated wait.
    const long long now_ms = static_cast<long long>(std::chrono::duration_cast<milliseconds>(now.time_since_epoch()).count());
    const long long now_s = now_ms / 1000 - (now_ms % 1000 < 0 ? 1 : 0);  // floor
    const long long when_s = static_cast<long long>(when);
    if (when_s <= now_s) return milliseconds(0);  // past, or this very second
    // when_s > now_s: the difference in seconds, saturated before it is multiplied.
    const bool far = now_s < 0 && when_s > std::numeric_limits<long long>::max() + now_s;
    if (far || when_s - now_s >= most_seconds) return max_retry_after;
    return milliseconds((when_s - now_s) * 1000 - (now_ms - now_s * 1000));  // less the part of now's second gone
}

// ---- the classification table ------------------------------------------------------------------
//
// | answer                                   | webhook           | chat.postMessage            |
// |------------------------------------------|-------------------|-----------------------------|
// | 200 `ok` / 200 {"ok":true}               | delivered         | delivered (ts, channel)     |
// | 429                                      | retry, Retry-After| retry, Retry-After          |
// | 5xx (any body, HTML too)                 | retry             | retry                       |
// | 200 {"ok":false,"error":"ratelimited"…}  | -                 | retry (5 transient errors)  |
// | other 4xx / 200 {"ok":false}             | slack_rejected    | slack_rejected              |
// | 3xx, other 2xx, 200 another body / cut   | http_status (maybe posted, not retried)         |
// | no answer: refused, reset, timeout       | retry             | retry                       |
// | TLS verification, bad URL, huge answer   | permanent         | permanent                   |

classification classify_webhook(const http::response& r, std::chrono::system_clock::time_point now) {
    classification c;
    if (r.status == 200 && r.complete && trim(r.body) == "ok") {
        c.what = verdict::delivered;
        return c;
    }
    c.reason_text = reason_text_of(r.body);
    if (retryable_status(r.status)) {
        c.what = verdict::retry;
        c.code = errc::http_status;
        set_retry_after(c, r, now);
        if (r.status >= 500) c.reason_text.clear();  // an error page, not Slack's reason
        return c;
    }
    if (r.status >= 400 && r.status <= 499) {
        c.what = verdict::permanent;
        c.code = errc::slack_rejected;
        c.reason = slack_error_from(c.reason_text);
        return c;
    }
    return uncertain(std::move(c.reason_text));
}

classification classify_web_api(const http::response& r, std::chrono::system_clock::time_point now) {
    classification c;
    const auto body = nlohmann::json::parse(r.body, nullptr, false);
    const bool is_object = !body.is_discarded() && body.is_object();
    std::string error_text;
    if (is_object) {
        if (auto it = body.find("error"); it != body.end() && it->is_string()) error_text = reason_text_of(it->get<std::string>());
    }
    if (retryable_status(r.status)) {
        c.what = verdict::retry;
        c.code = errc::http_status;
        c.reason_text = error_text;
        set_retry_after(c, r, now);
        return c;
    }
    if (r.status == 200 && is_object && r.complete) {
        const auto ok = body.find("ok");
        if (ok != body.end() && ok->is_boolean() && ok->get<bool>()) {
            c.what = verdict::delivered;
            if (auto ts = body.find("ts"); ts != body.end() && ts->is_string()) c.ts = ts->get<std::string>();
            if (auto ch = body.find("channel"); ch != body.end() && ch->is_string()) c.channel = ch->get<std::string>();
            return c;
        }
        if (ok != body.end() && ok->is_boolean()) {
            c.reason_text = error_text;
            c.reason = slack_error_from(error_text);
            static constexpr std::string_view transient[] = {"ratelimited", "internal_error", "fatal_error",
                                                             "service_unavailable", "request_timeout"};
            if (std::find(std::begin(transient), std::end(transient), error_text) != std::end(transient)) {
                c.what = verdict::retry;
                c.code = errc::http_status;
                set_retry_after(c, r, now);
            } else {
                c.what = verdict::permanent;
                c.code = errc::slack_rejected;
            }
            return c;
        }
    }
    if (r.status >= 400 && r.status <= 499) {
        c.what = verdict::permanent;
        c.code = errc::slack_rejected;
        c.reason_text = is_object ? error_text : reason_text_of(r.body);
        c.reason = slack_error_from(c.reason_text);
        return c;
    }
    return uncertain(is_object ? error_text : reason_text_of(r.body));
}

// ---- the retry loop ----------------------------------------------------------------------------

namespace {

using classifier = classification (*)(const http::response&, std::chrono::system_clock::time_point);

struct job {
    http::request req;
    std::string pace_key;
    bool url_is_secret{true};  ///< a webhook URL is; the Web API endpoint is not
    delivery report;
    steady::time_point next_at{};
    bool finished{false};
    std::string last_problem;  ///< what the last attempt met, for the final message
    errc last_code{errc::http_transport};
    std::optional<alarmbridge::detail::redactor> secrets;  ///< made the first time a text needs it

    const alarmbridge::detail::redactor& redactor() {
        if (!secrets) secrets = alarmbridge::detail::redactor::of(req, url_is_secret);
        return *secrets;
    }
};

/// Whether the URL is plain http to a host that is not loopback (127.0.0.0/8, ::1, localhost),
/// read with libcurl's URL API. A URL libcurl cannot read is left to the transport to refuse.
bool plain_http_elsewhere(const std::string& url) {
    CURLU* u = curl_url();
    if (u == nullptr) return false;
    auto part = [u](CURLUPart which) {
        std::string out;
        char* p = nullptr;
        if (curl_url_get(u, which, &p, 0) == CURLUE_OK && p != nullptr) out = p;
        curl_free(p);
        for (auto& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
        return out;
    };
    bool elsewhere = false;
    if (curl_url_set(u, CURLUPART_URL, url.c_str(), CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK && part(CURLUPART_SCHEME) == "http") {
        std::string host = part(CURLUPART_HOST);
        if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
        in_addr v4{};
        in6_addr v6{};
        bool loopback = host == "localhost";
        if (!loopback && inet_pton(AF_INET, host.c_str(), &v4) == 1) loopback = (ntohl(v4.s_addr) >> 24) == 127;
        if (!loopback && inet_pton(AF_INET6, host.c_str(), &v6) == 1) loopback = IN6_IS_ADDR_LOOPBACK(&v6);
        elsewhere = !loopback;
    }
    curl_url_cleanup(u);
    return elsewhere;
}

class pacer {
public:
    explicit pacer(pacing p) : p_(p) {}
    /// now when a token is taken; otherwise the time one will be there (nothing taken).
    steady::time_point reserve(const std::string& key, steady::time_point now) {
        if (!p_.enabled || p_.per_second <= 0) return now;
        auto [it, fresh] = buckets_.try_emplace(key, bucket{static_cast<double>(std::max(1, p_.burst)), now});
        bucket& b = it->second;
        if (!fresh) {
            const double seconds = std::chrono::duration<double>(now - b.last).count();
            b.tokens = std::min(static_cast<double>(std::max(1, p_.burst)), b.tokens + seconds * p_.per_second);
            b.last = now;
        }
        if (b.tokens >= 1.0) {
            b.tokens -= 1.0;
            return now;
        }
        const double wait = (1.0 - b.tokens) / p_.per_second;
        return now + std::chrono::duration_cast<steady::duration>(std::chrono::duration<double>(wait));
    }

private:
    struct bucket {
        double tokens;
        steady::time_point last;
    };
    pacing p_;
    std::map<std::string, bucket> buckets_;
};

std::string describe_attempt_failure(const http::response& r, const classification& c) {
    std::string out = "HTTP " + std::to_string(r.status);
    if (!c.reason_text.empty() && c.code == errc::slack_rejected) out += " " + c.reason_text;
    return out;
}

class engine {
public:
    engine(std::shared_ptr<http::transport> transport, client_options options)
        : transport_(std::move(transport)),
          options_(std::move(options)),
          time_(options_.time ? options_.time : std::make_shared<time_source>()),
          pacer_(options_.pace),
          rng_(options_.retry.seed != 0 ? options_.retry.seed : std::random_device{}()) {
        if (!transport_) transport_ = std::make_shared<http::curl_transport>(options_.http);  // null: our own
    }

    const client_options& options() const noexcept { return options_; }
    steady::time_point deadline_after(milliseconds budget) const { return slack::deadline_after(time_->now(), budget); }

    void run(std::vector<job>& jobs, classifier classify, steady::time_point deadline) {
        const auto start = time_->now();
        for (auto& j : jobs) {
            if (!j.finished && !options_.allow_insecure_http && refused_as_plain_http(j.req.url))
                finish(j, start,
                       error{errc::invalid_url,
                             std::string(j.url_is_secret ? "the webhook URL" : "the Web API URL (the bot token goes with it)") +
                                 " is plain http to a host that is not loopback: use https "
                                 "(or client_options::allow_insecure_http)",
                             ""});
        }
        for (;;) {
            auto now = time_->now();
            std::vector<job*> due;
            steady::time_point wake = steady::time_point::max();
            for (auto& j : jobs) {
                if (j.finished) continue;
                if (j.next_at > now) {
                    wake = std::min(wake, j.next_at);
                    continue;
                }
                if (deadline - now < milliseconds(1)) {
                    finish_deadline(j, start, milliseconds(0));
                    continue;
                }
                const auto paced = pacer_.reserve(j.pace_key, now);
                if (paced > now) {
                    if (paced >= deadline) {
                        finish_deadline(j, start, std::chrono::duration_cast<milliseconds>(paced - now));
                        continue;
                    }
                    j.next_at = paced;
                    wake = std::min(wake, paced);
                    continue;
                }
                j.req.timeout = attempt_timeout(now, deadline);
                due.push_back(&j);
            }
            if (due.empty()) {
                if (wake == steady::time_point::max()) break;  // everything finished
                time_->sleep_until(std::min(wake, deadline));
                continue;
            }
            if (due.size() == 1) {
                auto r = transport_->send(due.front()->req);
                settle(*due.front(), r, classify, start, deadline);
            } else {
                std::vector<http::request> batch;  // moved out for the call and back after it
                batch.reserve(due.size());
                for (job* j : due) batch.push_back(std::move(j->req));
                auto results = transport_->send_all(batch, options_.max_in_flight);
                for (std::size_t i = 0; i < due.size(); ++i) {
                    due[i]->req = std::move(batch[i]);
                    settle(*due[i], results[i], classify, start, deadline);
                }
            }
        }
    }

private:
    /// plain_http_elsewhere, remembered for the last URL (a client posts to the same one).
    bool refused_as_plain_http(const std::string& url) {
        if (url != checked_url_) {
            checked_elsewhere_ = plain_http_elsewhere(url);
            checked_url_ = url;
        }
        return checked_elsewhere_;
    }

    /// What is left of the deadline, or less when options.attempt_timeout says so; with no
    /// deadline, attempt_timeout (zero: the transport's own).
    milliseconds attempt_timeout(steady::time_point now, steady::time_point deadline) const {
        const milliseconds set = std::max(milliseconds(0), options_.attempt_timeout);
        if (deadline == steady::time_point::max()) return set;
        const auto remaining = std::chrono::duration_cast<milliseconds>(deadline - now);
        return set.count() > 0 ? std::min(set, remaining) : remaining;
    }

    milliseconds since(steady::time_point start) const {
        return std::chrono::duration_cast<milliseconds>(time_->now() - start);
    }

    /// Every text that leaves the delivery goes through the job's redactor (masked, then cut).
    void finish(job& j, steady::time_point start, std::optional<error> e) {
        j.finished = true;
        j.report.delivered = !e.has_value();
        j.report.elapsed = since(start);
        if (!j.report.reason_text.empty()) j.report.reason_text = j.redactor().redact(j.report.reason_text);
        if (e) {
            e->message = j.redactor().redact(e->message);
            j.report.error = std::move(e);
        }
    }

    /// Ends j with deadline_exceeded: the next attempt (the first when none was made) would have
    /// had to start `wait` from now, which is at or past the deadline.
    void finish_deadline(job& j, steady::time_point start, milliseconds wait) {
        std::string message;
        if (j.report.attempts == 0) {
            message = wait.count() > 0 ? "pacing would hold the first attempt past the deadline (" +
                                             std::to_string(wait.count()) + " ms)"
                                       : "the deadline passed before the first attempt";
        } else {
            message = "no time left for attempt " + std::to_string(j.report.attempts + 1);
            if (wait.count() > 0) message += " (next in " + std::to_string(wait.count()) + " ms)";
            message += "; last attempt: " + j.last_problem;
        }
        finish(j, start, error{errc::deadline_exceeded, std::move(message), ""});
    }

    /// Full jitter: a fraction of min(max_delay, base_delay · 2^(attempts_made-1)).
    milliseconds backoff(int attempts_made) {
        const auto& p = options_.retry;
        const int shift = std::min(attempts_made - 1, 30);
        const long long base = std::max<long long>(0, p.base_delay.count());
        const long long cap = std::max<long long>(0, p.max_delay.count());
        const long long ceiling = base > (cap >> shift) ? cap : std::min(cap, base << shift);  // no overflow
        if (ceiling <= 0) return milliseconds(0);
        double fraction = p.jitter ? p.jitter() : std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
        if (!(fraction > 0.0)) fraction = 0.0;  // NaN too
        if (fraction > 1.0) fraction = 1.0;
        const auto wait = static_cast<long long>(fraction * static_cast<double>(ceiling) + 0.5);
        return milliseconds(std::clamp(wait, 0LL, ceiling));
    }

    void settle(job& j, const result<http::response>& r, classifier classify, steady::time_point start,
                steady::time_point deadline) {
        ++j.report.attempts;
        std::optional<milliseconds> retry_after;
        if (!r) {
            j.report.status = 0;
            j.last_code = r.error().code;
            j.last_problem = r.error().message;
            if (r.error().code != errc::http_transport) {  // TLS, URL, answer too large: retrying won't help
                finish(j, start, r.error());
                return;
            }
        } else {
            const auto wall = time_->system_now();
            classification c = classify(*r, wall);
            if (c.what != verdict::delivered && j.redactor().finds_any_in(r->body)) {
                // A server that says the request back: its secrets go before the body is cut to a reason.
                http::response masked = *r;
                masked.body = j.redactor().redact(r->body);
                c = classify(masked, wall);
            }
            j.report.status = r->status;
            j.report.reason = c.reason;
            j.report.reason_text = c.what == verdict::delivered ? std::string() : c.reason_text;
            j.report.ts = c.ts;
            j.report.channel = c.channel;
            j.report.maybe_posted = c.maybe_posted;
            if (c.what == verdict::delivered) {
                finish(j, start, std::nullopt);
                return;
            }
            j.last_code = c.code;
            j.last_problem = describe_attempt_failure(*r, c);
            if (c.what == verdict::permanent) {
                std::string message;
                if (c.code == errc::slack_rejected) {
                    message = "Slack refused the message: " +
                              (c.reason_text.empty() ? std::string("(no reason given)") : c.reason_text) + " (HTTP " +
                              std::to_string(r->status) + ")";
                } else {
                    message = "unexpected answer: " + describe_attempt_failure(*r, c) +
                              (!r->complete ? " cut off before its end"
                               : r->status == 200 ? " with a body other than ok"
                                                  : "") +
                              "; the message may have been posted, so it is not sent again";
                }
                finish(j, start, error{c.code, std::move(message), ""});
                return;
            }
            retry_after = c.retry_after;
        }
        if (j.report.attempts >= std::max(1, options_.retry.max_attempts)) {
            finish(j, start,
                   error{j.last_code,
                         j.last_problem + " (gave up after " + std::to_string(j.report.attempts) +
                             (j.report.attempts == 1 ? " attempt)" : " attempts)"),
                         ""});
            return;
        }
        // Retry-After is a floor, not a replacement: "0" or a date gone by still waits the backoff.
        const milliseconds backed_off = backoff(j.report.attempts);
        const milliseconds wait = retry_after ? std::max(*retry_after, backed_off) : backed_off;
        const auto now = time_->now();
        if (wait >= deadline - now) {
            finish_deadline(j, start, wait);
            return;
        }
        j.next_at = now + wait;
    }

    std::shared_ptr<http::transport> transport_;
    client_options options_;
    std::shared_ptr<time_source> time_;
    pacer pacer_;
    std::mt19937_64 rng_;
    std::string checked_url_;
    bool checked_elsewhere_{false};
};

std::shared_ptr<http::transport> own_transport(const client_options& o) {
    return std::make_shared<http::curl_transport>(o.http);
}

job webhook_job(const std::string& url, std::string body) {
    job j;
    j.req.method = "POST";
    j.req.url = url;
    j.req.headers = {{"Content-Type", "application/json; charset=utf-8"}};
    j.req.body = std::move(body);
    j.pace_key = url;
    return j;
}

std::vector<delivery> reports(std::vector<job>& jobs) {
    std::vector<delivery> out;
    out.reserve(jobs.size());
    for (auto& j : jobs) out.push_back(std::move(j.report));
    return out;
}

}  // namespace

// ---- webhook_client ------------------------------------------------------------------------------

struct webhook_client::impl {
    std::string url;
    engine eng;
    impl(std::string u, std::shared_ptr<http::transport> t, client_options o)
        : url(std::move(u)), eng(std::move(t), std::move(o)) {}
};

webhook_client::webhook_client(std::string webhook_url, client_options options)
    : webhook_client(std::move(webhook_url), own_transport(options), options) {}

webhook_client::webhook_client(std::string webhook_url, std::shared_ptr<http::transport> transport,
                               client_options options)
    : impl_(std::make_unique<impl>(std::move(webhook_url), std::move(transport), std::move(options))) {}

webhook_client::~webhook_client() = default;
webhook_client::webhook_client(webhook_client&&) noexcept = default;
webhook_client& webhook_client::operator=(webhook_client&&) noexcept = default;

delivery webhook_client::post(const message& m, http::clock::time_point deadline) {
    return post_json(serialize(m), deadline);
}

delivery webhook_client::post(const message& m, std::chrono::milliseconds budget) {
    return post(m, impl_->eng.deadline_after(budget));
}

delivery webhook_client::post_json(std::string body, std::chrono::milliseconds budget) {
    return post_json(std::move(body), impl_->eng.deadline_after(budget));
}

delivery webhook_client::post_json(std::string body, http::clock::time_point deadline) {
    std::vector<job> jobs;
    jobs.push_back(webhook_job(impl_->url, std::move(body)));
    impl_->eng.run(jobs, classify_webhook, deadline);
    return std::move(jobs.front().report);
}

std::vector<delivery> webhook_client::post_many(const std::vector<message>& messages, http::clock::time_point deadline) {
    std::vector<job> jobs;
    jobs.reserve(messages.size());
    for (const auto& m : messages) jobs.push_back(webhook_job(impl_->url, serialize(m)));
    impl_->eng.run(jobs, classify_webhook, deadline);
    return reports(jobs);
}

std::vector<delivery> webhook_client::post_many(const std::vector<outgoing>& messages, http::clock::time_point deadline) {
    std::vector<job> jobs;
    jobs.reserve(messages.size());
    for (const auto& m : messages)
        jobs.push_back(webhook_job(m.webhook_url.empty() ? impl_->url : m.webhook_url, serialize(m.msg)));
    impl_->eng.run(jobs, classify_webhook, deadline);
    return reports(jobs);
}

std::string webhook_client::redacted_url() const { return http::redact_url(impl_->url); }
const client_options& webhook_client::options() const noexcept { return impl_->eng.options(); }

// ---- web_api_client ------------------------------------------------------------------------------

struct web_api_client::impl {
    std::string token;
    std::string endpoint;
    std::string default_channel;
    engine eng;
    impl(std::string t, std::string base, std::shared_ptr<http::transport> tr, client_options o)
        : token(std::move(t)), eng(std::move(tr), std::move(o)) {
        if (!base.empty() && base.back() != '/') base += '/';
        endpoint = base + "chat.postMessage";
    }

    job make_job(const message& m) const {
        job j;
        j.req.method = "POST";
        j.req.url = endpoint;
        j.req.headers = {{"Content-Type", "application/json; charset=utf-8"}, {"Authorization", "Bearer " + token}};
        if (!m.channel && !default_channel.empty()) {
            message copy = m;
            copy.channel = default_channel;
            j.req.body = serialize(copy);
            j.pace_key = token + '\n' + default_channel;
        } else {
            j.req.body = serialize(m);
            j.pace_key = token + '\n' + m.channel.value_or(std::string());
        }
        j.url_is_secret = false;  // the token is a secret (a header value), the endpoint is not
        if (!m.channel && default_channel.empty()) {
            j.finished = true;
            j.report.error = error{errc::missing_field, "chat.postMessage needs a channel (the message's or the client's default)",
                                   "/channel"};
        }
        return j;
    }
};

web_api_client::web_api_client(std::string bot_token, client_options options, std::string api_base)
    : web_api_client(std::move(bot_token), own_transport(options), options, std::move(api_base)) {}

web_api_client::web_api_client(std::string bot_token, std::shared_ptr<http::transport> transport,
                               client_options options, std::string api_base)
    : impl_(std::make_unique<impl>(std::move(bot_token), std::move(api_base), std::move(transport), std::move(options))) {}

web_api_client::~web_api_client() = default;
web_api_client::web_api_client(web_api_client&&) noexcept = default;
web_api_client& web_api_client::operator=(web_api_client&&) noexcept = default;

void web_api_client::set_default_channel(std::string channel) { impl_->default_channel = std::move(channel); }

delivery web_api_client::post(const message& m, http::clock::time_point deadline) {
    std::vector<job> jobs;
    jobs.push_back(impl_->make_job(m));
    impl_->eng.run(jobs, classify_web_api, deadline);
    return std::move(jobs.front().report);
}

delivery web_api_client::post(const message& m, std::chrono::milliseconds budget) {
    return post(m, impl_->eng.deadline_after(budget));
}

std::vector<delivery> web_api_client::post_many(const std::vector<message>& messages, http::clock::time_point deadline) {
    std::vector<job> jobs;
    jobs.reserve(messages.size());
    for (const auto& m : messages) jobs.push_back(impl_->make_job(m));
    impl_->eng.run(jobs, classify_web_api, deadline);
    return reports(jobs);
}

}  // namespace alarmbridge::slack
