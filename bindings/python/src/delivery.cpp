// Delivery from Python: the incoming-webhook client and the bot-token (chat.postMessage) client.
// alarmbridge/slack.py shapes them like slack_sdk's WebhookClient; here each call posts with the
// GIL released and returns what happened as a dict.
#include "bindings.hpp"

#include <alarmbridge/slack/message.hpp>
#include <alarmbridge/slack/webhook.hpp>

#include "detail/secrets.hpp"  // the library's one redactor (src/detail), linked in statically

#include <pybind11/stl.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace alarmbridge::python {

namespace {

/// libcurl's transport, keeping the last answer of a single send, so that a response can carry
/// Slack's body and headers (post_many's answers are not kept: there is no single last one).
/// What is kept went through the library's redactor: a server that repeats the webhook URL or
/// the token back does not put it into Python.
class recording_transport final : public http::transport {
public:
    recording_transport(http::curl_options options, bool url_is_secret)
        : inner_(std::move(options)), url_is_secret_(url_is_secret) {}

    result<http::response> send(const http::request& req) override {
        auto out = inner_.send(req);
        last_.reset();
        if (out) {
            const auto secrets = detail::redactor::of(req, url_is_secret_);
            http::response kept;
            kept.status = out->status;
            kept.body = secrets.redact(out->body);
            for (const auto& h : out->headers) kept.headers.push_back({h.name, secrets.redact(h.value)});
            last_ = std::move(kept);
        }
        return out;
    }
    std::vector<result<http::response>> send_all(const std::vector<http::request>& requests,
                                                 std::size_t max_in_flight) override {
        last_.reset();
        return inner_.send_all(requests, max_in_flight);
    }
    std::optional<http::response> take_last() { return std::exchange(last_, std::nullopt); }

private:
    http::curl_transport inner_;
    bool url_is_secret_;
    std::optional<http::response> last_;
};

struct client_settings {
    std::chrono::milliseconds timeout;
    slack::client_options options;
};

client_settings settings_of(double timeout, int max_attempts, std::optional<std::string> ca_file, bool allow_insecure_http) {
    if (!(timeout > 0)) throw py::value_error("timeout must be a positive number of seconds");
    if (max_attempts < 1) throw py::value_error("max_attempts must be at least 1");
    client_settings s{std::chrono::milliseconds(static_cast<std::int64_t>(timeout * 1000.0)), {}};
    s.options.http.timeout = s.timeout;
    if (ca_file) s.options.http.ca_file = *ca_file;
    s.options.retry.max_attempts = max_attempts;
    s.options.allow_insecure_http = allow_insecure_http;
    return s;
}

py::dict delivery_dict(const slack::delivery& d, std::optional<http::response> answer) {
    py::dict out;
    out["delivered"] = d.delivered;
    out["attempts"] = d.attempts;
    out["status_code"] = d.status;
    out["slack_error"] = d.reason_text.empty() ? py::object(py::none()) : py::object(py::str(d.reason_text));
    out["reason"] = std::string(to_string(d.reason));
    out["elapsed_ms"] = d.elapsed.count();
    out["maybe_posted"] = d.maybe_posted;
    out["ts"] = d.ts;
    out["channel"] = d.channel;
    py::dict headers;
    if (answer) {
        for (const auto& h : answer->headers) headers[py::str(h.name)] = h.value;
        out["body"] = py::bytes(answer->body).attr("decode")("utf-8", "replace");
    } else {
        out["body"] = py::none();
    }
    out["headers"] = headers;
    out["error"] = d.error ? error_object(*d.error) : py::object(py::none());
    return out;
}

std::vector<slack::message> messages_of(const std::vector<py::object>& values) {
    std::vector<slack::message> out;
    out.reserve(values.size());
    for (const auto& v : values) out.push_back(message_of(v));
    return out;
}

/// One client of either kind, with its transport; calls are serialized (a client is not
/// thread-safe, and the GIL is not held while it posts).
template <class Client>
struct bound_client {
    bound_client(std::string secret, double timeout, int max_attempts, std::optional<std::string> ca_file,
                 bool allow_insecure_http, std::optional<std::string> api_base)
        : settings(settings_of(timeout, max_attempts, std::move(ca_file), allow_insecure_http)),
          transport(std::make_shared<recording_transport>(settings.options.http, !std::is_same_v<Client, slack::web_api_client>)),
          client(make(std::move(secret), std::move(api_base))) {}

    Client make(std::string secret, std::optional<std::string> api_base) {
        if constexpr (std::is_same_v<Client, slack::web_api_client>) {
            return Client(std::move(secret), transport, settings.options, api_base.value_or("https://slack.com/api/"));
        } else {
            return Client(std::move(secret), transport, settings.options);
        }
    }

    py::dict post(const slack::message& m) {
        slack::delivery d;
        std::optional<http::response> answer;
        {
            py::gil_scoped_release unlocked;
            std::lock_guard<std::mutex> lock(mutex);
            d = client.post(m, settings.timeout);
            answer = transport->take_last();
        }
        return delivery_dict(d, std::move(answer));
    }

    py::list post_many(const std::vector<py::object>& values) {
        const auto messages = messages_of(values);
        std::vector<slack::delivery> ds;
        {
            py::gil_scoped_release unlocked;
            std::lock_guard<std::mutex> lock(mutex);
            ds = client.post_many(messages, slack::deadline_after(settings.timeout));
        }
        py::list out;
        for (const auto& d : ds) out.append(delivery_dict(d, std::nullopt));
        return out;
    }

    client_settings settings;
    std::shared_ptr<recording_transport> transport;
    Client client;
    std::mutex mutex;
};

using webhook = bound_client<slack::webhook_client>;
using web_api = bound_client<slack::web_api_client>;

}  // namespace

void register_delivery(py::module_& m) {
    m.def("default_ca_file", &http::default_ca_file,
          "The CA bundle libcurl uses by default (as it was built to find it), or '' when it names none.");
    py::class_<webhook>(m, "_WebhookClient", "slack::webhook_client (wrapped by alarmbridge.slack.WebhookClient).")
        .def(py::init([](std::string url, double timeout, int max_attempts, std::optional<std::string> ca_file,
                         bool allow_insecure_http) {
                 return std::make_unique<webhook>(std::move(url), timeout, max_attempts, std::move(ca_file),
                                                  allow_insecure_http, std::nullopt);
             }),
             py::arg("url"), py::kw_only(), py::arg("timeout"), py::arg("max_attempts"), py::arg("ca_file"),
             py::arg("allow_insecure_http"))
        .def("post", [](webhook& c, py::handle body) { return c.post(message_of(body)); }, py::arg("body"))
        .def("post_many", &webhook::post_many, py::arg("messages"))
        .def_property_readonly("redacted_url", [](const webhook& c) { return c.client.redacted_url(); });

    py::class_<web_api>(m, "_BotClient", "slack::web_api_client (wrapped by alarmbridge.slack.BotClient).")
        .def(py::init([](std::string token, double timeout, int max_attempts, std::optional<std::string> ca_file,
                         bool allow_insecure_http, std::string api_base, std::optional<std::string> default_channel) {
                 auto c = std::make_unique<web_api>(std::move(token), timeout, max_attempts, std::move(ca_file),
                                                    allow_insecure_http, std::move(api_base));
                 if (default_channel) c->client.set_default_channel(*default_channel);
                 return c;
             }),
             py::arg("token"), py::kw_only(), py::arg("timeout"), py::arg("max_attempts"), py::arg("ca_file"),
             py::arg("allow_insecure_http"), py::arg("api_base"), py::arg("default_channel"))
        .def("post", [](web_api& c, py::handle body) { return c.post(message_of(body)); }, py::arg("body"))
        .def("post_many", &web_api::post_many, py::arg("messages"));
}

}  // namespace alarmbridge::python
