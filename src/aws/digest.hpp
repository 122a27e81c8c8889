// SHA-256 and HMAC-SHA256 with OpenSSL, and hex, for the SigV4 signer.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace alarmbridge::aws::detail {

using digest = std::array<unsigned char, 32>;

digest sha256(std::string_view data);
digest hmac_sha256(std::string_view key, std::string_view data);
std::string hex(const digest& d);
/// Overwrites the bytes (OPENSSL_cleanse), so that no copy of a key is left in freed memory.
void cleanse(std::string& s) noexcept;
void cleanse(digest& d) noexcept;
inline std::string_view bytes(const digest& d) { return {reinterpret_cast<const char*>(d.data()), d.size()}; }

}  // namespace alarmbridge::aws::detail
