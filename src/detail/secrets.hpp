// Keeping secrets out of text: every message built from something a server or libcurl said goes
// through scrub() with the secrets of the request it is about.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace alarmbridge::detail {

/// What of a URL may be secret, for scrub(): the URL, its path (with and without the leading
/// slash), query, user and password, and each path segment that looks like a key (9+ characters
/// with a capital or a digit: a webhook's secret, its team and app IDs; not words like
/// "services"). Read with libcurl's URL API (compiled in src/http/curl_transport.cpp); text that is
/// not a URL gives itself and its key-like '/'-separated pieces.
std::vector<std::string> url_secrets(std::string_view url);

/// Replaces every occurrence of each secret (of at least 4 bytes) in text with "***", longest
/// secrets first so that a URL goes as a whole before its path does.
inline void scrub(std::string& text, std::vector<std::string> secrets) {
    std::sort(secrets.begin(), secrets.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
    for (const auto& secret : secrets) {
        if (secret.size() < 4) continue;
        for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3))
            text.replace(at, secret.size(), "***");
    }
}

}  // namespace alarmbridge::detail
