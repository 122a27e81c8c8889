#include "aws/digest.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace alarmbridge::aws::detail {

digest sha256(std::string_view data) {
    digest out{};
    unsigned int n = 0;
    EVP_Digest(data.data(), data.size(), out.data(), &n, EVP_sha256(), nullptr);
    return out;
}

digest hmac_sha256(std::string_view key, std::string_view data) {
    digest out{};
    unsigned int n = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
         data.size(), out.data(), &n);
    return out;
}

std::string hex(const digest& d) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(64);
    for (unsigned char c : d) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

void cleanse(std::string& s) noexcept {
    if (!s.empty()) OPENSSL_cleanse(s.data(), s.size());
    s.clear();
}

void cleanse(digest& d) noexcept { OPENSSL_cleanse(d.data(), d.size()); }

}  // namespace alarmbridge::aws::detail
