// SigV4 in headers: canonical request, string to sign, signing key, Authorization.
#include <alarmbridge/aws/sigv4.hpp>

#include "aws/digest.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <ctime>
#include <map>
#include <mutex>

namespace alarmbridge::aws {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    return out;
}

bool space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/// Trimmed, every run of whitespace inside collapsed to one space.
std::string canonical_value(std::string_view v) {
    std::string out;
    bool pending_space = false;
    for (char c : v) {
        if (space(c)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        out += c;
    }
    return out;
}

struct curl_url_handle {
    CURLU* u{nullptr};
    curl_url_handle() {
        static std::once_flag once;
        std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
        u = curl_url();
    }
    ~curl_url_handle() { curl_url_cleanup(u); }
    curl_url_handle(const curl_url_handle&) = delete;
    curl_url_handle& operator=(const curl_url_handle&) = delete;
    std::string get(CURLUPart part, unsigned flags = 0) const {
        char* p = nullptr;
        std::string out;
        if (curl_url_get(u, part, &p, flags) == CURLUE_OK && p != nullptr) out = p;
        curl_free(p);
        return out;
    }
};

/// RFC 3986 encoding of everything but the unreserved characters (libcurl's escape is exactly that).
std::string uri_encode(std::string_view s) {
    if (s.empty()) return std::string();  // libcurl reads a length of 0 as "up to the NUL"
    char* p = curl_easy_escape(nullptr, s.data(), static_cast<int>(s.size()));
    std::string out = p != nullptr ? p : "";
    curl_free(p);
    return out;
}

std::string uri_decode(std::string_view s) {
    if (s.empty()) return std::string();
    int n = 0;
    char* p = curl_easy_unescape(nullptr, s.data(), static_cast<int>(s.size()), &n);
    std::string out = p != nullptr ? std::string(p, static_cast<std::size_t>(n)) : std::string();
    curl_free(p);
    return out;
}

/// "." and ".." resolved, empty segments dropped; keeps a trailing slash.
std::string normalized_path(std::string_view path) {
    std::vector<std::string_view> kept;
    std::size_t at = 0;
    while (at <= path.size()) {
        const auto end = std::min(path.find('/', at), path.size());
        const auto seg = path.substr(at, end - at);
        if (seg == "..") {
            if (!kept.empty()) kept.pop_back();
        } else if (!seg.empty() && seg != ".") {
            kept.push_back(seg);
        }
        at = end + 1;
    }
    std::string out;
    for (auto seg : kept) out.append("/").append(seg);
    const bool trailing = !path.empty() && (path.back() == '/' || (kept.empty()) ||
                                            (path.size() >= 2 && path.substr(path.size() - 2) == "/.") ||
                                            (path.size() >= 3 && path.substr(path.size() - 3) == "/.."));
    if (out.empty() || (trailing && out.back() != '/')) out += '/';
    return out;
}

std::string canonical_uri(std::string path, bool normalize) {
    if (path.empty()) path = "/";
    if (normalize) path = normalized_path(path);
    std::string out;
    std::size_t at = 0;
    while (at <= path.size()) {
        const auto end = std::min(path.find('/', at), path.size());
        out += uri_encode(std::string_view(path).substr(at, end - at));
        if (end < path.size()) out += '/';
        at = end + 1;
    }
    return out;
}

std::string canonical_query(std::string_view query) {
    std::vector<std::pair<std::string, std::string>> pairs;
    std::size_t at = 0;
    while (at < query.size()) {
        const auto end = std::min(query.find('&', at), query.size());
        const auto item = query.substr(at, end - at);
        if (!item.empty()) {
            const auto eq = item.find('=');
            const auto name = item.substr(0, eq);
            const auto value = eq == std::string_view::npos ? std::string_view() : item.substr(eq + 1);
            pairs.emplace_back(uri_encode(uri_decode(name)), uri_encode(uri_decode(value)));
        }
        at = end + 1;
    }
    std::sort(pairs.begin(), pairs.end());
    std::string out;
    for (const auto& [name, value] : pairs) {
        if (!out.empty()) out += '&';
        out.append(name).append("=").append(value);
    }
    return out;
}

}  // namespace

std::string amz_date(std::chrono::system_clock::time_point t) {
    const std::time_t secs = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
    return buf;
}

result<sigv4_signature> sign(const http::request& req, const credentials& creds, const sigv4_params& params) {
    curl_url_handle url;
    if (url.u == nullptr ||
        curl_url_set(url.u, CURLUPART_URL, req.url.c_str(), CURLU_PATH_AS_IS | CURLU_ALLOW_SPACE) != CURLUE_OK)
        return alarmbridge::error{errc::invalid_url, "the request's URL is not an absolute URL", ""};
    const std::string host = url.get(CURLUPART_HOST);
    const std::string port = url.get(CURLUPART_PORT, CURLU_NO_DEFAULT_PORT);
    if (host.empty()) return alarmbridge::error{errc::invalid_url, "the request's URL has no host", ""};

    const std::string date = amz_date(params.time);
    const std::string day = date.substr(0, 8);
    const std::string payload_hash = detail::hex(detail::sha256(req.body));
    const bool has_token = !creds.session_token().empty();

    sigv4_signature out;
    bool has_host = false;
    for (const auto& h : req.headers) has_host = has_host || lower(h.name) == "host";
    if (!has_host) out.headers.push_back({"Host", port.empty() ? host : host + ":" + port});
    out.headers.push_back({"X-Amz-Date", date});
    if (params.add_content_sha256) out.headers.push_back({"X-Amz-Content-SHA256", payload_hash});
    if (has_token && params.sign_session_token) out.headers.push_back({"X-Amz-Security-Token", std::string(creds.session_token().view())});

    // name -> values in the order given; the signer's own headers replace any of the same name.
    std::map<std::string, std::vector<std::string>> headers;
    for (const auto& h : out.headers) headers[lower(h.name)];
    for (const auto& h : req.headers) {
        const std::string name = lower(h.name);
        if (name == "authorization") continue;
        bool own = false;
        for (const auto& mine : out.headers) own = own || lower(mine.name) == name;
        if (!own) headers[name].push_back(canonical_value(h.value));
    }
    for (const auto& h : out.headers) headers[lower(h.name)].push_back(canonical_value(h.value));

    std::string canonical_headers;
    std::string signed_headers;
    for (const auto& [name, values] : headers) {
        canonical_headers.append(name).append(":");
        for (std::size_t i = 0; i < values.size(); ++i) canonical_headers.append(i ? "," : "").append(values[i]);
        canonical_headers += '\n';
        signed_headers.append(signed_headers.empty() ? "" : ";").append(name);
    }

    out.canonical_request = req.method + "\n" + canonical_uri(url.get(CURLUPART_PATH), params.normalize_path) + "\n" +
                            canonical_query(url.get(CURLUPART_QUERY)) + "\n" + canonical_headers + "\n" + signed_headers +
                            "\n" + payload_hash;
    const std::string scope = day + "/" + params.region + "/" + params.service + "/aws4_request";
    out.string_to_sign =
        "AWS4-HMAC-SHA256\n" + date + "\n" + scope + "\n" + detail::hex(detail::sha256(out.canonical_request));

    std::string key_seed;
    key_seed.reserve(4 + creds.secret_access_key().size());
    key_seed.append("AWS4").append(creds.secret_access_key().view());
    auto k = detail::hmac_sha256(key_seed, day);
    detail::cleanse(key_seed);
    k = detail::hmac_sha256(detail::bytes(k), params.region);
    k = detail::hmac_sha256(detail::bytes(k), params.service);
    k = detail::hmac_sha256(detail::bytes(k), "aws4_request");
    out.signature = detail::hex(detail::hmac_sha256(detail::bytes(k), out.string_to_sign));
    detail::cleanse(k);

    if (has_token && !params.sign_session_token)
        out.headers.push_back({"X-Amz-Security-Token", std::string(creds.session_token().view())});
    out.headers.push_back({"Authorization", "AWS4-HMAC-SHA256 Credential=" + creds.access_key_id() + "/" + scope +
                                                ", SignedHeaders=" + signed_headers + ", Signature=" + out.signature});
    return out;
}

}  // namespace alarmbridge::aws
