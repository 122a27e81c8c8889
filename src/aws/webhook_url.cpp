// The webhook URL from the environment, KMS, Secrets Manager or Parameter Store.
#include <alarmbridge/aws/webhook_url.hpp>

#include <alarmbridge/aws/kms.hpp>
#include <alarmbridge/aws/secrets_manager.hpp>
#include <alarmbridge/aws/ssm.hpp>

#include "aws/secret_json.hpp"

namespace alarmbridge::slack {
namespace {

using source = webhook_url_source;

aws::error no_url(std::string message) { return aws::error{errc::no_webhook_url, "", std::move(message), 0, ""}; }

/// The sources of the default order that are set, first the one that wins.
std::optional<source> first_set(const aws::environment& env) {
    if (aws::non_empty(env, "SLACK_WEBHOOK_URL")) return source{source::kind::environment, "SLACK_WEBHOOK_URL", {}};
    if (aws::non_empty(env, "kmsEncryptedHookUrl"))
        return source{source::kind::kms, "kmsEncryptedHookUrl", blueprint_kms_context(env)};
    if (auto id = aws::non_empty(env, "ALARMBRIDGE_WEBHOOK_SECRET_ID")) return source{source::kind::secrets_manager, *id, {}};
    if (auto name = aws::non_empty(env, "ALARMBRIDGE_WEBHOOK_PARAMETER")) return source{source::kind::ssm, *name, {}};
    return std::nullopt;
}

aws::outcome<aws::json_client> client_for(const aws::service& svc, const webhook_url_options& o) {
    aws::client_options c = o.aws;
    c.environment = o.environment;
    return aws::json_client::create(svc, std::move(c));
}

/// The URL out of a Secrets Manager value: the text itself, or the "url" of a JSON object.
std::optional<aws::secret> url_in_secret(const aws::secret& value) {
    const auto view = value.view();
    const auto first = view.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos || view[first] != '{') return value.copy();
    aws::detail::secret_json doc(value);
    const std::string* url = doc.text_ref("url");
    if (url == nullptr) return std::nullopt;
    return aws::secret(*url);
}

aws::outcome<resolved_webhook_url> read(const source& s, const webhook_url_options& o) {
    resolved_webhook_url out;
    switch (s.from) {
        case source::kind::environment: {
            auto v = aws::non_empty(o.environment, s.name);
            if (!v) return no_url(s.name + " is not set");
            out.url = aws::secret(*v);
            aws::detail::cleanse(*v);
            out.source = "env:" + s.name;
            break;
        }
        case source::kind::kms: {
            auto blob = aws::non_empty(o.environment, s.name);
            if (!blob) return no_url(s.name + " is not set");
            auto kms = client_for(aws::kms_service, o);
            if (!kms) return kms.error();
            auto plain = aws::kms_decrypt(*kms, aws::kms_decrypt_request::from_base64(*blob, s.kms_context));
            if (!plain) return plain.error();
            const auto text = plain->plaintext.view();
            if (text.find("://") == std::string_view::npos) {
                std::string with_scheme;
                with_scheme.reserve(8 + text.size());
                with_scheme.append("https://").append(text);
                out.url = aws::secret(with_scheme);
                aws::detail::cleanse(with_scheme);
            } else {
                out.url = plain->plaintext.copy();
            }
            out.source = "kms:" + plain->key_id;
            break;
        }
        case source::kind::secrets_manager: {
            auto sm = client_for(aws::secrets_manager_service, o);
            if (!sm) return sm.error();
            auto v = aws::get_secret_value(*sm, s.name);
            if (!v) return v.error();
            auto url = url_in_secret(v->value);
            if (!url) return no_url("the secret is JSON without a \"url\" string");
            out.url = std::move(*url);
            out.source = "secretsmanager:" + (v->arn.empty() ? s.name : v->arn);
            break;
        }
        case source::kind::ssm: {
            auto ssm = client_for(aws::ssm_service, o);
            if (!ssm) return ssm.error();
            auto p = aws::get_parameter(*ssm, s.name, true);
            if (!p) return p.error();
            out.url = std::move(p->value);
            out.source = "ssm:" + s.name;
            break;
        }
    }
    // Surrounding whitespace (a trailing newline in a secret) is not part of the URL.
    const auto view = out.url.view();
    const auto begin = view.find_first_not_of(" \t\r\n");
    const auto end = view.find_last_not_of(" \t\r\n");
    if (begin == std::string_view::npos) return no_url("the value from " + out.source + " is empty");
    if (begin != 0 || end + 1 != view.size()) out.url = aws::secret(view.substr(begin, end - begin + 1));
    if (http::redact_url(out.url.view()) == "***" ||
        (out.url.view().rfind("https://", 0) != 0 && out.url.view().rfind("http://", 0) != 0))
        return no_url("the value from " + out.source + " is not an absolute http(s) URL");
    out.channel = aws::non_empty(o.environment, "slackChannel").value_or("");
    return out;
}

}  // namespace

aws::outcome<resolved_webhook_url> resolve_webhook_url(const webhook_url_options& options) {
    const std::optional<source> s = options.source ? options.source : first_set(options.environment);
    if (!s)
        return no_url(
            "no webhook URL: set SLACK_WEBHOOK_URL, kmsEncryptedHookUrl, ALARMBRIDGE_WEBHOOK_SECRET_ID or "
            "ALARMBRIDGE_WEBHOOK_PARAMETER");
    return read(*s, options);
}

aws::outcome<const resolved_webhook_url*> webhook_url_resolver::get() {
    if (!cached_) {
        auto r = resolve_webhook_url(options_);
        if (!r) return r.error();
        cached_ = std::move(*r);
    }
    return &*cached_;
}

bool webhook_url_resolver::resolve_again_after(slack_error reason) {
    if (resolved_again_ || (reason != slack_error::no_service && reason != slack_error::invalid_token)) return false;
    resolved_again_ = true;
    cached_.reset();
    return true;
}

struct resolving_webhook_client::impl {
    std::shared_ptr<http::transport> transport;
    client_options options;
    webhook_url_resolver resolver;
    std::optional<webhook_client> client;  ///< for the URL resolved last
    const resolved_webhook_url* resolved{nullptr};

    impl(webhook_url_options url_options, std::shared_ptr<http::transport> t, client_options o)
        : transport(t ? std::move(t) : std::make_shared<http::curl_transport>(o.http)),
          options(std::move(o)),
          resolver(with_transport(std::move(url_options), transport.get())) {}

    static webhook_url_options with_transport(webhook_url_options o, http::transport* t) {
        o.aws.transport = t;
        return o;
    }
};

resolving_webhook_client::resolving_webhook_client(webhook_url_options url_options,
                                                   std::shared_ptr<http::transport> transport, client_options options)
    : impl_(std::make_unique<impl>(std::move(url_options), std::move(transport), std::move(options))) {}
resolving_webhook_client::~resolving_webhook_client() = default;
resolving_webhook_client::resolving_webhook_client(resolving_webhook_client&&) noexcept = default;
resolving_webhook_client& resolving_webhook_client::operator=(resolving_webhook_client&&) noexcept = default;

std::optional<aws::error> resolving_webhook_client::connect() {
    if (impl_->client) return std::nullopt;
    auto url = impl_->resolver.get();
    if (!url) return url.error();
    impl_->resolved = *url;
    impl_->client.emplace(std::string((*url)->url.view()), impl_->transport, impl_->options);
    return std::nullopt;
}

const resolved_webhook_url* resolving_webhook_client::url() const noexcept {
    return impl_->client ? impl_->resolved : nullptr;
}

delivery resolving_webhook_client::post_json(std::string body, http::clock::time_point deadline) {
    if (auto e = connect()) {
        delivery d;
        d.error = e->to_error();
        return d;
    }
    auto d = impl_->client->post_json(body, deadline);
    if (d.delivered || d.error->code != errc::slack_rejected || !impl_->resolver.resolve_again_after(d.reason)) return d;
    impl_->client.reset();
    impl_->resolved = nullptr;
    if (connect()) return d;  // Slack's answer says more than the failed second lookup
    const int before = d.attempts;
    const auto elapsed_before = d.elapsed;
    auto again = impl_->client->post_json(std::move(body), deadline);
    again.attempts += before;
    again.elapsed += elapsed_before;
    return again;
}

}  // namespace alarmbridge::slack
