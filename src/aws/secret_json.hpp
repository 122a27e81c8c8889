// A JSON answer that holds a secret (a Plaintext, a SecretString): parsed from the secret body,
// and every string in it wiped when it goes.
#pragma once

#include <alarmbridge/aws/error.hpp>
#include <alarmbridge/aws/secret.hpp>

#include "aws/digest.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace alarmbridge::aws::detail {

class secret_json {
public:
    explicit secret_json(const secret& body) : doc_(nlohmann::json::parse(body.view(), nullptr, false)) {}
    ~secret_json() { wipe(doc_); }
    secret_json(const secret_json&) = delete;
    secret_json& operator=(const secret_json&) = delete;

    bool is_object() const { return doc_.is_object(); }
    /// The string member, or "" (not a copy to keep: use text_secret for secrets).
    std::string text(const char* key) const {
        auto it = doc_.find(key);
        return it != doc_.end() && it->is_string() ? it->get<std::string>() : std::string();
    }
    const std::string* text_ref(const char* key) const {
        auto it = doc_.find(key);
        return it != doc_.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
    }
    const nlohmann::json& doc() const { return doc_; }

    static aws::error bad_response(const char* what) { return aws::error{errc::aws_bad_response, "", what, 0, ""}; }

private:
    static void wipe(nlohmann::json& j) {
        if (j.is_string()) cleanse(j.get_ref<std::string&>());
        else if (j.is_structured())
            for (auto& child : j) wipe(child);
    }
    nlohmann::json doc_;
};

}  // namespace alarmbridge::aws::detail
