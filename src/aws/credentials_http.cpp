// The credential sources that ask an HTTP endpoint: the container endpoint (ECS, EKS, Lambda
// SnapStart) and EC2 instance metadata (IMDSv2).
#include <alarmbridge/aws/credentials.hpp>

#include <alarmbridge/cloudwatch/timestamp.hpp>

#include "aws/digest.hpp"

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <mutex>
#include <sstream>

namespace alarmbridge::aws {
namespace {

aws::error broken(std::string message) { return aws::error{errc::aws_no_credentials, "", std::move(message), 0, ""}; }

std::string host_of(const std::string& url, std::string* scheme) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    CURLU* u = curl_url();
    std::string host;
    if (u != nullptr && curl_url_set(u, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK) {
        char* p = nullptr;
        if (curl_url_get(u, CURLUPART_HOST, &p, 0) == CURLUE_OK && p != nullptr) host = p;
        curl_free(p);
        p = nullptr;
        if (curl_url_get(u, CURLUPART_SCHEME, &p, 0) == CURLUE_OK && p != nullptr) *scheme = p;
        curl_free(p);
    }
    curl_url_cleanup(u);
    return host;
}

/// The SDKs allow plain http only to the container hosts and loopback.
bool allowed_container_url(const std::string& url) {
    std::string scheme;
    const std::string host = host_of(url, &scheme);
    if (host.empty()) return false;
    if (scheme == "https") return true;
    if (scheme != "http") return false;
    return host == "169.254.170.2" || host == "169.254.170.23" || host == "[fd00:ec2::23]" || host == "localhost" ||
           host == "[::1]" || host.rfind("127.", 0) == 0;
}

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
    return s;
}

/// Credentials from the JSON both endpoints answer with: AccessKeyId, SecretAccessKey, Token,
/// Expiration. The body's secrets are wiped once read.
credentials_source_result parse_credentials(std::string& body, const std::string& source, const char* what) {
    auto doc = nlohmann::json::parse(body, nullptr, false);
    detail::cleanse(body);
    auto wipe_doc = [&] {
        if (!doc.is_object()) return;
        for (const char* k : {"SecretAccessKey", "Token"})
            if (auto it = doc.find(k); it != doc.end() && it->is_string()) detail::cleanse(it->get_ref<std::string&>());
    };
    auto text = [&](const char* k) -> std::string {
        auto it = doc.find(k);
        return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    if (!doc.is_object()) return broken(std::string(what) + " answered with something that is not a JSON object");
    if (doc.contains("Code") && text("Code") != "Success") {
        wipe_doc();
        return broken(std::string(what) + " answered with Code other than Success");
    }
    std::string id = text("AccessKeyId");
    std::string key = text("SecretAccessKey");
    std::string token = text("Token");
    const std::string expiration = text("Expiration");
    wipe_doc();
    if (id.empty() || key.empty()) {
        detail::cleanse(key);
        detail::cleanse(token);
        return broken(std::string(what) + " answered without AccessKeyId or SecretAccessKey");
    }
    std::optional<std::chrono::system_clock::time_point> expires;
    if (!expiration.empty()) {
        const auto ms = cloudwatch::parse_epoch_ms(expiration);
        if (!ms) {
            detail::cleanse(key);
            detail::cleanse(token);
            return broken(std::string(what) + " answered with an Expiration that is not an ISO 8601 time");
        }
        expires = std::chrono::system_clock::time_point(std::chrono::milliseconds(*ms));
    }
    credentials c(std::move(id), secret(key), secret(token), expires, source);
    detail::cleanse(key);
    detail::cleanse(token);
    return std::optional<credentials>(std::move(c));
}

outcome<http::response> ask(http::transport& t, http::request req, const char* what) {
    auto r = t.send(req);
    if (!r) return broken(std::string(what) + " did not answer: " + r.error().describe());
    if (r->status != 200 || !r->complete) {
        detail::cleanse(r->body);
        return broken(std::string(what) + " answered HTTP " + std::to_string(r->status));
    }
    return std::move(*r);
}

}  // namespace

credentials_source_result credentials_from_container(const environment& env, http::transport& transport,
                                                     std::chrono::milliseconds timeout) {
    constexpr const char* what = "the container credentials endpoint";
    std::string url;
    if (auto rel = non_empty(env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
        url = "http://169.254.170.2" + (rel->front() == '/' ? *rel : "/" + *rel);
    } else if (auto full = non_empty(env, "AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
        url = *full;
        if (!allowed_container_url(url))
            return broken("AWS_CONTAINER_CREDENTIALS_FULL_URI must be https, or http to a loopback or container host");
    } else {
        return std::optional<credentials>();
    }
    http::request req{"GET", url, {{"Accept", "application/json"}}, "", timeout};
    std::string token;
    if (auto file = non_empty(env, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
        std::ifstream in(*file, std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        if (!in) return broken("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE cannot be read");
        token = trimmed(s.str());
    } else if (auto value = non_empty(env, "AWS_CONTAINER_AUTHORIZATION_TOKEN")) {
        token = *value;
    }
    if (token.find_first_of("\r\n") != std::string::npos) {
        detail::cleanse(token);
        return broken("the container authorization token contains a line break");
    }
    if (!token.empty()) req.headers.push_back({"Authorization", token});
    detail::cleanse(token);
    auto r = ask(transport, std::move(req), what);
    for (auto& h : req.headers) detail::cleanse(h.value);
    if (!r) return r.error();
    return parse_credentials(r->body, "container", what);
}

credentials_source_result credentials_from_imds(const environment& env, http::transport& transport,
                                                std::chrono::milliseconds timeout) {
    constexpr const char* what = "instance metadata";
    if (auto off = non_empty(env, "AWS_EC2_METADATA_DISABLED")) {
        std::string v = *off;
        for (auto& c : v) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
        if (v == "true") return std::optional<credentials>();
    }
    std::string base = non_empty(env, "AWS_EC2_METADATA_SERVICE_ENDPOINT").value_or("http://169.254.169.254");
    while (!base.empty() && base.back() == '/') base.pop_back();

    auto token_answer = ask(transport, {"PUT", base + "/latest/api/token", {{"X-aws-ec2-metadata-token-ttl-seconds", "21600"}}, "", timeout},
                            "the instance metadata token endpoint");
    if (!token_answer) return token_answer.error();
    std::string token = trimmed(std::move(token_answer->body));
    if (token.empty() || token.find_first_of("\r\n") != std::string::npos) {
        detail::cleanse(token);
        return broken("the instance metadata token endpoint answered with no usable token");
    }
    const std::string roles_url = base + "/latest/meta-data/iam/security-credentials/";
    http::request req{"GET", roles_url, {{"X-aws-ec2-metadata-token", token}}, "", timeout};
    auto roles = ask(transport, req, "the instance metadata role list");
    if (!roles) {
        detail::cleanse(token);
        detail::cleanse(req.headers[0].value);
        return roles.error();
    }
    std::string role = roles->body.substr(0, roles->body.find('\n'));
    role = trimmed(role);
    if (role.empty() || role.find_first_of("/?#% ") != std::string::npos || role.size() > 128) {
        detail::cleanse(token);
        detail::cleanse(req.headers[0].value);
        return broken("instance metadata names no usable IAM role (is a role attached to the instance?)");
    }
    req.url = roles_url + role;
    auto answer = ask(transport, req, what);
    detail::cleanse(token);
    detail::cleanse(req.headers[0].value);
    if (!answer) return answer.error();
    return parse_credentials(answer->body, "imds:" + role, what);
}

}  // namespace alarmbridge::aws
