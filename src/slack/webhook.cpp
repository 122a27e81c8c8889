// Delivery: the classification table, the retry loop (backoff with full jitter, Retry-After,
// deadline, pacing) shared by the webhook and Web API clients, and the clients themselves.
#include <alarmbridge/slack/webhook.hpp>

#include "detail/secrets.hpp"

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <map>
#include <random>
#include <thread>

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
    if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        if (value.size() > 9) return milliseconds(999'999'999'000LL);  // absurd, but a wait all the same
        long long seconds = 0;
        for (char c : value) seconds = seconds * 10 + (c - '0');
        return milliseconds(seconds * 1000);
    }
    // An HTTP date must name a weekday or month in letters; curl_getdate reads all three forms.
    if (!std::any_of(value.begin(), value.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }))
        return std::nullopt;
    const std::string text(value);
    const time_t when = curl_getdate(text.c_str(), nullptr);
    if (when == static_cast<time_t>(-1)) return std::nullopt;
    const auto at = std::chrono::system_clock::from_time_t(when);
    if (at <= now) return milliseconds(0);
    return std::chrono::duration_cast<milliseconds>(at - now);
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
// | 3xx, other 2xx, 200 with another body    | http_status       | http_status                 |
// | no answer: refused, reset, timeout       | retry             | retry                       |
// | TLS verification, bad URL, huge answer   | permanent         | permanent                   |

classification classify_webhook(const http::response& r, std::chrono::system_clock::time_point now) {
    classification c;
    if (r.status == 200 && trim(r.body) == "ok") {
        c.what = verdict::delivered;
        return c;
    }
    c.reason_text = reason_text_of(r.body);
    if (r.status == 429 || (r.status >= 500 && r.status <= 599)) {
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
    c.what = verdict::permanent;
    c.code = errc::http_status;
    return c;
}

classification classify_web_api(const http::response& r, std::chrono::system_clock::time_point now) {
    classification c;
    const auto body = nlohmann::json::parse(r.body, nullptr, false);
    const bool is_object = !body.is_discarded() && body.is_object();
    std::string error_text;
    if (is_object) {
        if (auto it = body.find("error"); it != body.end() && it->is_string()) error_text = reason_text_of(it->get<std::string>());
    }
    if (r.status == 429 || (r.status >= 500 && r.status <= 599)) {
        c.what = verdict::retry;
        c.code = errc::http_status;
        c.reason_text = error_text;
        set_retry_after(c, r, now);
        return c;
    }
    if (r.status == 200 && is_object) {
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
    c.what = verdict::permanent;
    c.code = errc::http_status;
    c.reason_text = is_object ? error_text : reason_text_of(r.body);
    return c;
}

// ---- the retry loop ----------------------------------------------------------------------------

namespace {

using classifier = classification (*)(const http::response&, std::chrono::system_clock::time_point);

struct job {
    http::request req;
    std::string pace_key;
    bool url_is_secret{true};  ///< a webhook URL is; the Web API endpoint is not
    std::string token;         ///< the bot token, for chat.postMessage
    delivery report;
    steady::time_point next_at{};
    bool finished{false};
    std::string last_problem;  ///< what the last attempt met, for the final message
    errc last_code{errc::http_transport};
};

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
          pacer_(options_.pace),
          rng_(options_.retry.seed != 0 ? options_.retry.seed : std::random_device{}()) {
        if (!transport_) transport_ = std::make_shared<http::curl_transport>(options_.http);  // null: our own
    }

    const client_options& options() const noexcept { return options_; }

    void run(std::vector<job>& jobs, classifier classify, steady::time_point deadline) {
        const auto start = steady::now();
        for (;;) {
            auto now = steady::now();
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
                const auto remaining = std::chrono::duration_cast<milliseconds>(deadline - now);
                j.req.timeout = std::min(options_.http.timeout, remaining);
                due.push_back(&j);
            }
            if (due.empty()) {
                if (wake == steady::time_point::max()) break;  // everything finished
                std::this_thread::sleep_until(std::min(wake, deadline));
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
    static milliseconds since(steady::time_point start) {
        return std::chrono::duration_cast<milliseconds>(steady::now() - start);
    }

    void finish(job& j, steady::time_point start, std::optional<error> e) {
        j.finished = true;
        j.report.delivered = !e.has_value();
        j.report.elapsed = since(start);
        if (e || !j.report.reason_text.empty()) {  // text from a server or libcurl: take secrets out
            std::vector<std::string> secrets;
            if (j.url_is_secret) secrets = alarmbridge::detail::url_secrets(j.req.url);
            if (!j.token.empty()) {
                secrets.push_back(j.token);
                secrets.push_back("Bearer " + j.token);
            }
            alarmbridge::detail::scrub(j.report.reason_text, secrets);
            if (e) alarmbridge::detail::scrub(e->message, secrets);
        }
        if (e) j.report.error = std::move(e);
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

    milliseconds backoff(int attempts_made) {
        const auto& p = options_.retry;
        const int shift = std::min(attempts_made - 1, 30);
        const long long base = std::max<long long>(0, p.base_delay.count());
        const long long cap = std::max<long long>(0, p.max_delay.count());
        const long long ceiling = base > (cap >> shift) ? cap : std::min(cap, base << shift);  // no overflow
        if (ceiling <= 0) return milliseconds(0);
        std::uniform_int_distribution<long long> pick(0, ceiling);
        return milliseconds(pick(rng_));
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
            const classification c = classify(*r, std::chrono::system_clock::now());
            j.report.status = r->status;
            j.report.reason = c.reason;
            j.report.reason_text = c.what == verdict::delivered ? std::string() : c.reason_text;
            j.report.ts = c.ts;
            j.report.channel = c.channel;
            if (c.what == verdict::delivered) {
                finish(j, start, std::nullopt);
                return;
            }
            j.last_code = c.code;
            j.last_problem = describe_attempt_failure(*r, c);
            if (c.what == verdict::permanent) {
                std::string message = c.code == errc::slack_rejected
                                          ? "Slack refused the message: " +
                                                (c.reason_text.empty() ? std::string("(no reason given)") : c.reason_text) +
                                                " (HTTP " + std::to_string(r->status) + ")"
                                          : "unexpected answer: " + describe_attempt_failure(*r, c) +
                                                (r->status == 200 ? " with a body other than ok" : "");
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
        const milliseconds wait = retry_after ? *retry_after : backoff(j.report.attempts);
        const auto now = steady::now();
        if (wait >= deadline - now) {
            finish_deadline(j, start, wait);
            return;
        }
        j.next_at = now + wait;
    }

    std::shared_ptr<http::transport> transport_;
    client_options options_;
    pacer pacer_;
    std::mt19937_64 rng_;
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
        j.url_is_secret = false;
        j.token = token;
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

std::vector<delivery> web_api_client::post_many(const std::vector<message>& messages, http::clock::time_point deadline) {
    std::vector<job> jobs;
    jobs.reserve(messages.size());
    for (const auto& m : messages) jobs.push_back(impl_->make_job(m));
    impl_->eng.run(jobs, classify_web_api, deadline);
    return reports(jobs);
}

}  // namespace alarmbridge::slack
