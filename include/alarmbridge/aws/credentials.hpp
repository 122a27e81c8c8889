// alarmbridge/aws/credentials.hpp - AWS credentials and the chain that finds them, in the AWS
// SDKs' order.
//
//   aws::credentials_provider provider;             // process environment, curl transport
//   auto c = provider.get();                        // cached; fetched again before expiry
//   if (!c) log(c.error().describe());              // errc::aws_no_credentials, ...
//   else    log("credentials from " + c->source()); // "environment", "profile:default", ...
//
// The chain: (1) the environment: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN;
// (2) the shared files: the profile AWS_PROFILE (else "default") in AWS_SHARED_CREDENTIALS_FILE
// (else ~/.aws/credentials), then in AWS_CONFIG_FILE (else ~/.aws/config, "[profile NAME]");
// (3) the container endpoint: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (on 169.254.170.2) or
// AWS_CONTAINER_CREDENTIALS_FULL_URI, with AWS_CONTAINER_AUTHORIZATION_TOKEN or the contents of
// AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE as its Authorization header (ECS, EKS, Lambda SnapStart);
// (4) EC2 instance metadata, IMDSv2 only: a token PUT, then the role's credentials (endpoint
// AWS_EC2_METADATA_SERVICE_ENDPOINT, else http://169.254.169.254; off with
// AWS_EC2_METADATA_DISABLED=true). A source that is configured but broken (a profile without a
// secret, a container endpoint that refuses) stops the chain with its error, as the SDKs do;
// only instance metadata that does not answer means "none found".
//
// Secrets are aws::secret (wiped when freed, never printed). No operator<<; describe() says
// where the credentials came from and when they expire, never a key or token.
#pragma once

#include <alarmbridge/aws/environment.hpp>
#include <alarmbridge/aws/error.hpp>
#include <alarmbridge/aws/secret.hpp>
#include <alarmbridge/export.hpp>
#include <alarmbridge/http/transport.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace alarmbridge::aws {

using wall_clock = std::function<std::chrono::system_clock::time_point()>;

class ALARMBRIDGE_API credentials {
public:
    credentials() = default;
    credentials(std::string access_key_id, aws::secret secret_access_key, aws::secret session_token = {},
                std::optional<std::chrono::system_clock::time_point> expiration = std::nullopt,
                std::string source = "static")
        : access_key_id_(std::move(access_key_id)), secret_access_key_(std::move(secret_access_key)),
          session_token_(std::move(session_token)), expiration_(expiration), source_(std::move(source)) {}

    /// The access key ID (an identifier, not a secret; still printed only redacted).
    const std::string& access_key_id() const noexcept { return access_key_id_; }
    const aws::secret& secret_access_key() const noexcept { return secret_access_key_; }
    /// Empty for long-term keys.
    const aws::secret& session_token() const noexcept { return session_token_; }
    const std::optional<std::chrono::system_clock::time_point>& expiration() const noexcept { return expiration_; }
    /// Where they came from: "environment", "profile:NAME", "container", "imds:ROLE", "static".
    const std::string& source() const noexcept { return source_; }

    /// "AKID…MPLE from profile:default, with a session token, expires 2026-12-01T01:00:00Z":
    /// the key ID cut to its first 4 and last 4 characters; never the secret or the token.
    std::string describe() const;

    credentials copy() const {
        return credentials(access_key_id_, secret_access_key_.copy(), session_token_.copy(), expiration_, source_);
    }

private:
    std::string access_key_id_;
    aws::secret secret_access_key_;
    aws::secret session_token_;
    std::optional<std::chrono::system_clock::time_point> expiration_;
    std::string source_;
};

struct credentials_options {
    aws::environment environment = process_environment();
    /// For the container endpoint and instance metadata; null means a curl_transport of the
    /// provider's own. Not owned: it must outlive the provider.
    http::transport* transport = nullptr;
    wall_clock now = [] { return std::chrono::system_clock::now(); };
    /// Credentials that expire are fetched again this long before they do.
    std::chrono::seconds refresh_before{300};
    /// The profile to use instead of AWS_PROFILE / "default", when not empty.
    std::string profile;
    /// Per request to the container endpoint or instance metadata.
    std::chrono::milliseconds http_timeout{1000};
};

/// One source of the chain. nullopt: not configured here, try the next; an error: configured
/// but broken, stop.
using credentials_source_result = outcome<std::optional<credentials>>;

ALARMBRIDGE_API credentials_source_result credentials_from_environment(const environment& env);
ALARMBRIDGE_API credentials_source_result credentials_from_shared_files(const environment& env, const std::string& profile = "");
ALARMBRIDGE_API credentials_source_result credentials_from_container(const environment& env, http::transport& transport,
                                                                     std::chrono::milliseconds timeout);
ALARMBRIDGE_API credentials_source_result credentials_from_imds(const environment& env, http::transport& transport,
                                                                std::chrono::milliseconds timeout);

/// The chain above, cached. Not thread-safe: one per thread, or guard it.
class ALARMBRIDGE_API credentials_provider {
public:
    explicit credentials_provider(credentials_options options = {});
    ~credentials_provider();
    credentials_provider(credentials_provider&&) noexcept;
    credentials_provider& operator=(credentials_provider&&) noexcept;

    /// The cached credentials while they are more than refresh_before from expiry; else the
    /// chain again.
    outcome<credentials> get();
    /// Forgets the cached credentials (after AWS said they are not valid, say).
    void invalidate() noexcept;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

/// The region: AWS_REGION, else AWS_DEFAULT_REGION, else `region` of the profile (AWS_PROFILE or
/// `profile`) in the config file. errc::aws_no_region when none says.
ALARMBRIDGE_API outcome<std::string> resolve_region(const environment& env, const std::string& profile = "");

}  // namespace alarmbridge::aws
