// alarmbridge/aws/secret.hpp - a string that is a secret: wiped when freed, never printed.
//
//   aws::secret s("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
//   sign_with(s.view());                 // the only way to read it
//   // no operator<<, no implicit conversion: it cannot reach a log by accident
//
// The bytes are overwritten (OPENSSL_cleanse) when the secret is destroyed, assigned over or
// cleared. It is move-only, so no stray copy outlives it.
#pragma once

#include <alarmbridge/export.hpp>

#include <string>
#include <string_view>

namespace alarmbridge::aws {

class ALARMBRIDGE_API secret {
public:
    secret() = default;
    explicit secret(std::string_view value);
    ~secret();
    secret(secret&& other) noexcept;
    secret& operator=(secret&& other) noexcept;
    secret(const secret&) = delete;
    secret& operator=(const secret&) = delete;

    /// The secret's bytes, valid while this object lives and is not changed.
    std::string_view view() const noexcept { return value_; }
    bool empty() const noexcept { return value_.empty(); }
    std::size_t size() const noexcept { return value_.size(); }
    /// An independent copy (also wiped when freed), for the rare holder that must keep its own.
    secret copy() const { return secret(value_); }
    /// Wipes the bytes and empties the secret.
    void clear() noexcept;

private:
    std::string value_;
};

}  // namespace alarmbridge::aws
