// Base64 (RFC 4648, with padding) with OpenSSL's EVP_EncodeBlock / EVP_DecodeBlock: the one helper of
// src/ (the AWS code, and the base64 forms http's redactor removes in curl_transport.cpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace alarmbridge::aws::detail {

std::string base64_encode(std::string_view bytes);
/// nullopt when the text is not base64 (length not a multiple of 4, other characters).
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace alarmbridge::aws::detail
