// alarmbridge/aws/ssm.hpp - Systems Manager Parameter Store GetParameter.
//
//   auto ssm = aws::json_client::create(aws::ssm_service);
//   auto p = aws::get_parameter(*ssm, "/alarmbridge/webhook");   // decrypted SecureString
//   if (p) use(p->value.view());
#pragma once

#include <alarmbridge/aws/client.hpp>
#include <alarmbridge/aws/secret.hpp>
#include <alarmbridge/export.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace alarmbridge::aws {

struct parameter_value {
    secret value;
    std::string type;  ///< "String", "StringList" or "SecureString"
    std::string arn;
    std::string name;
    std::int64_t version{0};
};

/// GetParameter on a client made for ssm_service, WithDecryption as asked (a SecureString read
/// without it is its ciphertext).
ALARMBRIDGE_API outcome<parameter_value> get_parameter(json_client& ssm, std::string_view name, bool with_decryption = true);

}  // namespace alarmbridge::aws
