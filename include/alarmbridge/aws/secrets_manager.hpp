// alarmbridge/aws/secrets_manager.hpp - Secrets Manager GetSecretValue.
//
//   auto sm = aws::json_client::create(aws::secrets_manager_service);
//   auto v = aws::get_secret_value(*sm, "alarmbridge/webhook");
//   if (v) use(v->value.view());   // SecretString, or SecretBinary's bytes
#pragma once

#include <alarmbridge/aws/client.hpp>
#include <alarmbridge/aws/secret.hpp>
#include <alarmbridge/export.hpp>

#include <string>
#include <string_view>

namespace alarmbridge::aws {

struct secret_value {
    secret value;        ///< SecretString, or the decoded SecretBinary
    bool binary{false};  ///< it was SecretBinary
    std::string arn;
    std::string name;
    std::string version_id;
};

/// GetSecretValue of the current version (or version_stage, e.g. "AWSPREVIOUS") on a client
/// made for secrets_manager_service.
ALARMBRIDGE_API outcome<secret_value> get_secret_value(json_client& secrets_manager, std::string_view secret_id,
                                                       std::string_view version_stage = "");

}  // namespace alarmbridge::aws
