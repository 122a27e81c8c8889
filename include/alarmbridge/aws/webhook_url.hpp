// alarmbridge/aws/webhook_url.hpp - the Slack webhook URL, from where deployments keep it.
//
//   slack::webhook_url_resolver hook;                 // process environment, AWS as configured
//   auto url = hook.get();                            // resolved once, then cached
//   if (!url) fail(url.error().describe());           // e.g. aws_service_error: InvalidCiphertextException ...
//   post(url->url.view(), url->channel);              // log only url->source and url->redacted()
//   if (slack said no_service or invalid_token) hook.resolve_again_after(reason);  // once: a rotated secret
//
// Unless the caller names one source, the first that is set wins: SLACK_WEBHOOK_URL;
// kmsEncryptedHookUrl (base64 CiphertextBlob) decrypted with the encryption context
// {"LambdaFunctionName": $AWS_LAMBDA_FUNCTION_NAME}, "https://" put in front when the plaintext
// has no scheme (as the Lambda blueprint stores it); ALARMBRIDGE_WEBHOOK_SECRET_ID (a Secrets
// Manager secret holding the URL, or JSON with a "url" key); ALARMBRIDGE_WEBHOOK_PARAMETER (an
// SSM SecureString). The blueprint's slackChannel, when set, is the channel override.
// (namespace alarmbridge::slack; kept beside the AWS clients it calls.)
#pragma once

#include <alarmbridge/aws/client.hpp>
#include <alarmbridge/aws/environment.hpp>
#include <alarmbridge/aws/error.hpp>
#include <alarmbridge/aws/secret.hpp>
#include <alarmbridge/export.hpp>
#include <alarmbridge/slack/webhook.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace alarmbridge::slack {

/// One place a webhook URL can be read from.
struct webhook_url_source {
    enum class kind { environment, kms, secrets_manager, ssm };
    kind from{kind::environment};
    /// environment: the variable holding the URL; kms: the variable holding the base64
    /// ciphertext; secrets_manager: the secret's ID or ARN; ssm: the parameter's name.
    std::string name;
    /// kms only: the encryption context (the default order uses LambdaFunctionName).
    std::map<std::string, std::string> kms_context;
};

/// The encryption context the Lambda blueprint encrypts the URL with:
/// {"LambdaFunctionName": $AWS_LAMBDA_FUNCTION_NAME}; empty when that variable is not set.
inline std::map<std::string, std::string> blueprint_kms_context(const aws::environment& env) {
    std::map<std::string, std::string> context;
    if (auto function = aws::non_empty(env, "AWS_LAMBDA_FUNCTION_NAME")) context["LambdaFunctionName"] = *function;
    return context;
}

struct resolved_webhook_url {
    aws::secret url;
    /// "env:SLACK_WEBHOOK_URL", "kms:<key ARN>", "secretsmanager:<secret ARN>", "ssm:<name>".
    std::string source;
    std::string channel;  ///< slackChannel, or "" for the webhook's own channel
    /// The URL as it may be printed (http::redact_url).
    std::string redacted() const { return http::redact_url(url.view()); }
};

struct webhook_url_options {
    /// Also the AWS clients' environment (region, credentials, endpoints).
    aws::environment environment = aws::process_environment();
    /// The source the caller names; nullopt: the order above.
    std::optional<webhook_url_source> source;
    /// For the AWS clients (transport, clocks, retries); its `environment` is replaced by the one above.
    aws::client_options aws;
};

/// Resolves once, now. errc::no_webhook_url when no source is set, or the one used holds no
/// absolute http(s) URL; the AWS clients' errors (aws_service_error with AWS's code, ...)
/// otherwise. The URL is never in an error.
ALARMBRIDGE_API aws::outcome<resolved_webhook_url> resolve_webhook_url(const webhook_url_options& options);

/// resolve_webhook_url, cached: resolved on first use, again (once per resolver) when Slack
/// answered that the hook is gone. Not thread-safe.
class ALARMBRIDGE_API webhook_url_resolver {
public:
    explicit webhook_url_resolver(webhook_url_options options = {}) : options_(std::move(options)) {}

    /// The cached URL, resolving it the first time (a failure is not cached).
    aws::outcome<const resolved_webhook_url*> get();
    /// After Slack refused the hook with no_service or invalid_token: drops the cached URL so the
    /// next get() resolves it again, and returns true; only the first time, and only for those
    /// two reasons (false otherwise, the cache kept).
    bool resolve_again_after(slack_error reason);

private:
    webhook_url_options options_;
    std::optional<resolved_webhook_url> cached_;
    bool resolved_again_{false};
};

/// A webhook_client for the URL a webhook_url_resolver gives: it resolves the URL on first use,
/// and when Slack answers that the hook is gone (no_service, invalid_token) it resolves it again,
/// once, and posts the same body to the new URL. What `alarmbridge send` and the Lambda handler
/// post through. Not thread-safe.
///
///   slack::resolving_webhook_client hook(slack::webhook_url_options{});   // the default sources
///   if (auto e = hook.connect()) fail(e->describe());                     // optional: resolve now
///   auto d = hook.post_json(body, deadline);
class ALARMBRIDGE_API resolving_webhook_client {
public:
    /// transport: shared by the posts and the AWS calls that resolve the URL; null makes one of
    /// the client's own from options.http.
    explicit resolving_webhook_client(webhook_url_options url_options, std::shared_ptr<http::transport> transport = nullptr,
                                      client_options options = {});
    ~resolving_webhook_client();
    resolving_webhook_client(resolving_webhook_client&&) noexcept;
    resolving_webhook_client& operator=(resolving_webhook_client&&) noexcept;
    resolving_webhook_client(const resolving_webhook_client&) = delete;
    resolving_webhook_client& operator=(const resolving_webhook_client&) = delete;

    /// Resolves the URL unless it is already: nullopt when ready. A failure is not cached.
    std::optional<aws::error> connect();
    /// The URL in use (its source, channel and redacted form) once connect() succeeded; else null.
    const resolved_webhook_url* url() const noexcept;
    /// webhook_client::post_json to the URL, connecting first when needed (a failed lookup is a
    /// delivery that made no attempt, with the lookup's error). attempts counts the posts to
    /// both URLs when the hook was resolved again.
    delivery post_json(std::string body, http::clock::time_point deadline);

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace alarmbridge::slack
