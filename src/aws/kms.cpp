#include <alarmbridge/aws/kms.hpp>

#include "aws/base64.hpp"
#include "aws/secret_json.hpp"

namespace alarmbridge::aws {

kms_decrypt_request kms_decrypt_request::from_bytes(std::string_view ciphertext, std::map<std::string, std::string> context,
                                                    std::string key_id) {
    return {detail::base64_encode(ciphertext), std::move(context), std::move(key_id)};
}

outcome<kms_plaintext> kms_decrypt(json_client& kms, const kms_decrypt_request& request) {
    if (request.ciphertext_base64.empty() || !detail::base64_decode(request.ciphertext_base64))
        return aws::error{errc::bad_value, "", "the ciphertext is not base64", 0, ""};
    nlohmann::json body{{"CiphertextBlob", request.ciphertext_base64}};
    if (!request.encryption_context.empty()) body["EncryptionContext"] = request.encryption_context;
    if (!request.key_id.empty()) body["KeyId"] = request.key_id;
    auto answer = kms.call("Decrypt", body.dump());
    if (!answer) return answer.error();
    detail::secret_json doc(*answer);
    const std::string* plaintext = doc.text_ref("Plaintext");
    if (!doc.is_object() || plaintext == nullptr) return detail::secret_json::bad_response("Decrypt answered without a Plaintext");
    auto bytes = detail::base64_decode(*plaintext);
    if (!bytes) return detail::secret_json::bad_response("Decrypt answered with a Plaintext that is not base64");
    kms_plaintext out{secret(*bytes), doc.text("KeyId")};
    detail::cleanse(*bytes);
    return out;
}

}  // namespace alarmbridge::aws
