// alarmbridge/aws/kms.hpp - KMS Decrypt.
//
//   auto kms = aws::json_client::create(aws::kms_service);
//   auto r = aws::kms_decrypt(*kms, aws::kms_decrypt_request::from_base64(
//                                       env_blob, {{"LambdaFunctionName", function_name}}));
//   if (r) use(r->plaintext.view());     // wiped when r goes
//   else if (r.error().aws_code == "InvalidCiphertextException") ...   // wrong context, say
#pragma once

#include <alarmbridge/aws/client.hpp>
#include <alarmbridge/aws/secret.hpp>
#include <alarmbridge/export.hpp>

#include <map>
#include <string>
#include <string_view>

namespace alarmbridge::aws {

struct kms_decrypt_request {
    std::string ciphertext_base64;                          ///< the CiphertextBlob, base64 (as Lambda's environment holds it)
    std::map<std::string, std::string> encryption_context;  ///< must be the one it was encrypted with
    std::string key_id;                                     ///< optional: the key it must have been encrypted under

    static kms_decrypt_request from_base64(std::string ciphertext_base64, std::map<std::string, std::string> context = {},
                                           std::string key_id = "") {
        return {std::move(ciphertext_base64), std::move(context), std::move(key_id)};
    }
    /// From the raw CiphertextBlob bytes.
    ALARMBRIDGE_API static kms_decrypt_request from_bytes(std::string_view ciphertext, std::map<std::string, std::string> context = {},
                                                          std::string key_id = "");
};

struct kms_plaintext {
    secret plaintext;    ///< the decrypted bytes
    std::string key_id;  ///< the ARN of the key that decrypted it
};

/// Decrypt on a client made for kms_service. errc::bad_value (not sent) when ciphertext_base64
/// is not base64; errc::aws_bad_response when the answer has no Plaintext; AWS's errors
/// (InvalidCiphertextException, AccessDeniedException, ...) as aws_service_error.
ALARMBRIDGE_API outcome<kms_plaintext> kms_decrypt(json_client& kms, const kms_decrypt_request& request);

}  // namespace alarmbridge::aws
