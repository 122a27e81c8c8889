// Credentials: the value, the environment and shared-file sources, the chain with its cache,
// and the region.
#include <alarmbridge/aws/credentials.hpp>

#include <alarmbridge/cloudwatch/region.hpp>
#include <alarmbridge/cloudwatch/timestamp.hpp>

#include "aws/digest.hpp"
#include "aws/shared_files.hpp"

namespace alarmbridge::aws {
namespace {

void cleanse_all(std::map<std::string, std::string>& m) {
    for (auto& entry : m) detail::cleanse(entry.second);
}

aws::error no_credentials(std::string message) { return aws::error{errc::aws_no_credentials, "", std::move(message), 0, ""}; }

}  // namespace

std::string credentials::describe() const {
    std::string id = access_key_id_.size() > 8 ? access_key_id_.substr(0, 4) + "\u2026" + access_key_id_.substr(access_key_id_.size() - 4)
                                               : std::string("***");
    std::string out = id + " from " + source_;
    if (!session_token_.empty()) out += ", with a session token";
    if (expiration_) {
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(expiration_->time_since_epoch()).count();
        out += ", expires " + cloudwatch::format_iso8601(ms);
    }
    return out;
}

credentials_source_result credentials_from_environment(const environment& env) {
    auto id = non_empty(env, "AWS_ACCESS_KEY_ID");
    auto key = non_empty(env, "AWS_SECRET_ACCESS_KEY");
    if (!id && !key) return std::optional<credentials>();
    if (!id || !key) {
        if (key) detail::cleanse(*key);
        return no_credentials(std::string("the environment sets ") + (id ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY") +
                              " but not " + (id ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID"));
    }
    auto token = non_empty(env, "AWS_SESSION_TOKEN").value_or("");
    credentials c(*id, secret(*key), secret(token), std::nullopt, "environment");
    detail::cleanse(*key);
    detail::cleanse(token);
    return std::optional<credentials>(std::move(c));
}

credentials_source_result credentials_from_shared_files(const environment& env, const std::string& profile_override) {
    const std::string profile = detail::profile_name(env, profile_override);
    const bool named = !profile_override.empty() || non_empty(env, "AWS_PROFILE").has_value();
    for (const bool config : {false, true}) {
        const std::string path = config ? detail::config_file(env) : detail::credentials_file(env);
        auto keys = detail::read_profile(path, profile, config);
        if (!keys) continue;
        const auto id = keys->find("aws_access_key_id");
        const auto key = keys->find("aws_secret_access_key");
        if (id == keys->end() && key == keys->end()) {
            cleanse_all(*keys);
            continue;  // a config profile with only a region, say
        }
        if (id == keys->end() || key == keys->end() || id->second.empty() || key->second.empty()) {
            cleanse_all(*keys);
            return no_credentials("profile " + profile + " in " + (config ? "the config file" : "the credentials file") +
                                  " lacks aws_access_key_id or aws_secret_access_key");
        }
        const auto token = keys->find("aws_session_token");
        credentials c(id->second, secret(key->second), secret(token == keys->end() ? "" : token->second), std::nullopt,
                      "profile:" + profile);
        cleanse_all(*keys);
        return std::optional<credentials>(std::move(c));
    }
    if (named && profile != "default")
        return no_credentials("profile " + profile + " has no credentials in the shared credentials or config file");
    return std::optional<credentials>();
}

outcome<std::string> resolve_region(const environment& env, const std::string& profile_override) {
    std::optional<std::string> region = non_empty(env, "AWS_REGION");
    if (!region) region = non_empty(env, "AWS_DEFAULT_REGION");
    if (!region) {
        const std::string profile = detail::profile_name(env, profile_override);
        if (auto keys = detail::read_profile(detail::config_file(env), profile, true)) {
            if (auto it = keys->find("region"); it != keys->end() && !it->second.empty()) region = it->second;
            cleanse_all(*keys);
        }
    }
    if (!region) return aws::error{errc::aws_no_region, "", "no region: set AWS_REGION or a region in the profile", 0, ""};
    if (!cloudwatch::looks_like_region_code(*region))
        return aws::error{errc::aws_no_region, "", "the region is not a region code", 0, ""};
    return *region;
}

// ---- the chain ----------------------------------------------------------------------------------

struct credentials_provider::impl {
    credentials_options options;
    std::unique_ptr<http::curl_transport> own_transport;
    std::optional<credentials> cached;

    http::transport& transport() {
        if (options.transport != nullptr) return *options.transport;
        if (!own_transport) {
            http::curl_options o;
            o.connect_timeout = options.http_timeout;
            o.timeout = options.http_timeout;
            own_transport = std::make_unique<http::curl_transport>(o);
        }
        return *own_transport;
    }

    bool fresh() const {
        if (!cached) return false;
        if (!cached->expiration()) return true;
        return options.now() + options.refresh_before < *cached->expiration();
    }

    outcome<credentials> fetch() {
        const environment& env = options.environment;
        std::string imds_note;
        for (int source = 0; source < 4; ++source) {
            credentials_source_result r = source == 0   ? credentials_from_environment(env)
                                          : source == 1 ? credentials_from_shared_files(env, options.profile)
                                          : source == 2 ? credentials_from_container(env, transport(), options.http_timeout)
                                                        : credentials_from_imds(env, transport(), options.http_timeout);
            if (!r) {
                if (source == 3) {  // instance metadata that fails means "not on EC2"
                    imds_note = " (instance metadata: " + r.error().message + ")";
                    break;
                }
                return r.error();
            }
            if (r->has_value()) return std::move(**r);
        }
        return no_credentials(
            "no credentials in the environment, the shared files, the container endpoint or instance metadata" + imds_note);
    }
};

credentials_provider::credentials_provider(credentials_options options) : impl_(std::make_unique<impl>()) {
    impl_->options = std::move(options);
}
credentials_provider::~credentials_provider() = default;
credentials_provider::credentials_provider(credentials_provider&&) noexcept = default;
credentials_provider& credentials_provider::operator=(credentials_provider&&) noexcept = default;

outcome<credentials> credentials_provider::get() {
    if (!impl_->fresh()) {
        impl_->cached.reset();
        auto r = impl_->fetch();
        if (!r) return r.error();
        impl_->cached = std::move(*r);
    }
    return impl_->cached->copy();
}

void credentials_provider::invalidate() noexcept { impl_->cached.reset(); }

}  // namespace alarmbridge::aws
