// Keeping secrets out of text: every text built from something a server or libcurl said goes
// through one redactor, made from the secrets of the request it is about, before it is kept.
#pragma once

#include <alarmbridge/http/transport.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace alarmbridge::detail {

/// The secrets of a request in every form a server or libcurl may say them back, and the one
/// function that takes them out of a text. Built in src/http/curl_transport.cpp (libcurl reads
/// URLs and percent-encodes, OpenSSL writes base64).
class redactor {
public:
    redactor() = default;

    /// The request's secrets: its URL's (add_url) when url_is_secret (a webhook's is; the Web
    /// API's endpoint is not), and every header value of 8 bytes or more (add_value), with the
    /// credential after the scheme of an Authorization header ("Bearer xoxb-…") on its own too.
    static redactor of(const http::request& req, bool url_is_secret = true);

    /// What of a URL may be secret: the URL, its path (with and without the leading slash), query,
    /// user, password and user:password, and each path segment that looks like a key (9+
    /// characters with a capital or a digit: a webhook's secret, its team and app IDs; not words
    /// like "services"). Text that is not a URL gives itself and its key-like '/'-separated pieces.
    /// user:password is also taken as libcurl sends it: base64 in an "Authorization: Basic" header.
    void add_url(std::string_view url);

    /// One secret, as it is, percent-decoded and percent-encoded.
    void add_value(std::string_view secret);

    /// text with every form of every secret (of 4 bytes or more) replaced by "***", the longest
    /// first; then cut to at most max_bytes (at a UTF-8 character boundary). Masking comes first,
    /// so that a cut never leaves the start of a secret behind.
    std::string redact(std::string_view text, std::size_t max_bytes = std::string::npos) const;

    /// Whether text holds any of the secrets (a caller may skip copying a text that does not).
    bool finds_any_in(std::string_view text) const;

    const std::vector<std::string>& forms() const noexcept { return forms_; }

private:
    void add_form(std::string form);
    std::vector<std::string> forms_;  ///< unique, longest first
};

}  // namespace alarmbridge::detail
