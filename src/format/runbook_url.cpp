// Runbook links from configuration. URLs are parsed and written back by libcurl's URL API and
// values are percent-encoded by curl_easy_escape: no hand-rolled URL code.
#include "format/runbook_url.hpp"

#include <alarmbridge/slack/validate.hpp>

#include <curl/curl.h>

#include <initializer_list>
#include <limits>
#include <memory>
#include <vector>

namespace alarmbridge::detail {

namespace {

using url_handle = std::unique_ptr<CURLU, decltype(&curl_url_cleanup)>;
using curl_string = std::unique_ptr<char, decltype(&curl_free)>;

curl_string part(CURLU* url, CURLUPart which) {
    char* value = nullptr;
    if (curl_url_get(url, which, &value, 0) != CURLUE_OK) value = nullptr;
    return curl_string(value, &curl_free);
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

/// "wiki.example.com" allows exactly that host; "*.example.com" any host below example.com.
bool host_allowed(std::string_view host, const std::vector<std::string>& allowed) {
    for (const std::string& entry : allowed) {
        const std::string_view e = entry;
        if (e.size() > 2 && e.substr(0, 2) == "*.") {
            const std::string_view suffix = e.substr(1);  // ".example.com"
            if (host.size() > suffix.size() && equal_ignoring_case(host.substr(host.size() - suffix.size()), suffix))
                return true;
        } else if (!e.empty() && equal_ignoring_case(host, e)) {
            return true;
        }
    }
    return false;
}

/// `text` as libcurl parses and writes it back, when it is an absolute URL with a scheme in
/// `schemes` (lower case), no user info, a host `allow` accepts, and no more code points than
/// Slack takes in a button URL; empty otherwise.
template <class Allow>
std::string checked(std::string_view text, std::initializer_list<std::string_view> schemes, Allow&& allow) {
    if (text.empty() || text.size() > 4 * slack::limits::url) return {};
    const std::string owned(text);  // libcurl wants a terminated string
    url_handle url(curl_url(), &curl_url_cleanup);
    if (!url || curl_url_set(url.get(), CURLUPART_URL, owned.c_str(), 0) != CURLUE_OK) return {};
    const auto scheme = part(url.get(), CURLUPART_SCHEME);
    const auto host = part(url.get(), CURLUPART_HOST);
    if (!scheme || !host || part(url.get(), CURLUPART_USER) || part(url.get(), CURLUPART_PASSWORD)) return {};
    bool scheme_ok = false;
    for (const std::string_view s : schemes) scheme_ok = scheme_ok || s == scheme.get();
    if (!scheme_ok || !allow(std::string_view(host.get()))) return {};
    const auto whole = part(url.get(), CURLUPART_URL);
    if (!whole) return {};
    std::string out = whole.get();
    if (slack::count_characters(out) > slack::limits::url) return {};
    return out;
}

/// The http(s) URLs in free text, in order: each run from "https://" or "http://" to a space,
/// quote, bracket, angle bracket, bar or backslash, without trailing sentence punctuation.
template <class F>
bool each_url(std::string_view text, F&& visit) {
    for (std::size_t from = 0; from < text.size();) {
        const auto at = text.find("http", from);
        if (at == std::string_view::npos) return false;
        const std::string_view rest = text.substr(at);
        const std::size_t scheme = rest.substr(0, 8) == "https://" ? 8 : rest.substr(0, 7) == "http://" ? 7 : 0;
        if (scheme == 0) {
            from = at + 4;
            continue;
        }
        std::size_t end = scheme;
        while (end < rest.size() && std::string_view(" \t\r\n\"'()<>[]{}|\\`").find(rest[end]) == std::string_view::npos) ++end;
        std::string_view url = rest.substr(0, end);
        while (!url.empty() && std::string_view(".,;:!?").find(url.back()) != std::string_view::npos) url.remove_suffix(1);
        if (url.size() > scheme && visit(url)) return true;
        from = at + end;
    }
    return false;
}

bool append_encoded(std::string& out, std::string_view value) {
    if (value.empty()) return true;  // curl_easy_escape takes a length of 0 to mean strlen()
    if (value.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) return false;
    const curl_string encoded(curl_easy_escape(nullptr, value.data(), static_cast<int>(value.size())), &curl_free);
    if (!encoded) return false;
    out += encoded.get();
    return true;
}

/// The template with {alarm_name}, {region} and {account_id} replaced by their percent-encoded
/// values; any other brace is kept as written. Empty when a value cannot be encoded.
std::string expand(std::string_view pattern, const runbook_inputs& a) {
    std::string out;
    while (!pattern.empty()) {
        const auto open = pattern.find('{');
        out += pattern.substr(0, open);
        if (open == std::string_view::npos) break;
        pattern.remove_prefix(open);
        bool ok = true;
        if (pattern.substr(0, 12) == "{alarm_name}") ok = append_encoded(out, a.name), pattern.remove_prefix(12);
        else if (pattern.substr(0, 8) == "{region}") ok = append_encoded(out, a.region), pattern.remove_prefix(8);
        else if (pattern.substr(0, 12) == "{account_id}") ok = append_encoded(out, a.account_id), pattern.remove_prefix(12);
        else out += '{', pattern.remove_prefix(1);
        if (!ok) return {};
    }
    return out;
}

}  // namespace

bool append_runbook_url(std::string& out, const runbook_inputs& a, const format::options& o) {
    if (!o.runbook_hosts.empty()) {
        const bool found = each_url(a.description, [&](std::string_view candidate) {
            std::string url = checked(candidate, {"https"}, [&](std::string_view host) { return host_allowed(host, o.runbook_hosts); });
            if (url.empty()) return false;
            out += url;
            return true;
        });
        if (found) return true;
    }
    if (!o.runbook_url || o.runbook_url->empty()) return false;
    const std::string url = checked(expand(*o.runbook_url, a), {"https", "http"}, [](std::string_view) { return true; });
    out += url;
    return !url.empty();
}

}  // namespace alarmbridge::detail
