// alarmbridge/aws/sigv4.hpp - AWS Signature Version 4 for requests signed in headers.
//
//   aws::sigv4_params p{"us-east-1", "kms", std::chrono::system_clock::now()};
//   auto s = aws::sign(req, creds, p);          // req: an http::request with an absolute URL
//   if (s) for (auto& h : s->headers) req.headers.push_back(h);   // Host, X-Amz-Date, ..., Authorization
//
// The canonical request: method, canonical URI (the path as sent, each segment URI-encoded
// once more; with normalize_path, "." and ".." segments resolved and repeated slashes merged),
// canonical query (names and values decoded, then encoded, sorted), the headers (names lower
// case, values trimmed and inner whitespace runs collapsed, repeated headers joined by ","),
// signed header list and the SHA-256 of the body. URLs are read with libcurl's URL API;
// SHA-256 and HMAC are OpenSSL's.
#pragma once

#include <alarmbridge/aws/credentials.hpp>
#include <alarmbridge/export.hpp>
#include <alarmbridge/http/transport.hpp>
#include <alarmbridge/result.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace alarmbridge::aws {

struct sigv4_params {
    std::string region;
    std::string service;
    std::chrono::system_clock::time_point time;
    /// Resolve "." and ".." and merge repeated slashes in the path before signing (every service
    /// but S3).
    bool normalize_path{true};
    /// Also send and sign X-Amz-Content-SHA256 (S3 and some others want it).
    bool add_content_sha256{false};
    /// false: X-Amz-Security-Token is added after signing, not signed (a few old STS-style
    /// endpoints want that); true, the default, signs it as the SDKs do.
    bool sign_session_token{true};
};

struct sigv4_signature {
    std::string canonical_request;
    std::string string_to_sign;
    std::string signature;  ///< 64 lowercase hex digits
    /// The headers to add to the request: Host when it has none, X-Amz-Date,
    /// X-Amz-Content-SHA256 when asked, X-Amz-Security-Token when there is a session token, and
    /// Authorization, in that order.
    std::vector<http::header> headers;
};

/// Signs req (which is not changed). errc::invalid_url when its URL is not an absolute URL.
ALARMBRIDGE_API result<sigv4_signature> sign(const http::request& req, const credentials& creds, const sigv4_params& params);

/// "20150830T123600Z" (X-Amz-Date) for a time.
ALARMBRIDGE_API std::string amz_date(std::chrono::system_clock::time_point t);

}  // namespace alarmbridge::aws
