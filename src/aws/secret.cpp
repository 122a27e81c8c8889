#include <alarmbridge/aws/secret.hpp>

#include "aws/digest.hpp"

namespace alarmbridge::aws {

namespace {
void wipe(std::string& s) noexcept { detail::cleanse(s); }
}  // namespace

secret::secret(std::string_view value) {
    value_.reserve(value.size());  // one allocation: no earlier buffer left unwiped
    value_.assign(value.data(), value.size());
}

secret::~secret() { wipe(value_); }

secret::secret(secret&& other) noexcept {
    value_.reserve(other.value_.size());
    value_.assign(other.value_);
    wipe(other.value_);
}

secret& secret::operator=(secret&& other) noexcept {
    if (this != &other) {
        wipe(value_);
        value_.reserve(other.value_.size());
        value_.assign(other.value_);
        wipe(other.value_);
    }
    return *this;
}

void secret::clear() noexcept { wipe(value_); }

}  // namespace alarmbridge::aws
