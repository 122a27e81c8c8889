// alarmbridge/aws/endpoint.hpp - which URL a service is called at.
//
//   aws::resolve_endpoint(aws::kms_service, "eu-west-1", env)   // "https://kms.eu-west-1.amazonaws.com"
//
// In this order: AWS_ENDPOINT_URL_<SERVICE> (AWS_ENDPOINT_URL_KMS, _SECRETS_MANAGER, _SSM), then
// AWS_ENDPOINT_URL (both ignored when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true); else the
// region's partition: https://PREFIX.REGION.amazonaws.com (aws, aws-us-gov) or
// .amazonaws.com.cn (aws-cn), with PREFIX-fips when AWS_USE_FIPS_ENDPOINT=true (not in China,
// which has no FIPS endpoints).
#pragma once

#include <alarmbridge/aws/environment.hpp>
#include <alarmbridge/aws/error.hpp>
#include <alarmbridge/export.hpp>

#include <string>
#include <string_view>

namespace alarmbridge::aws {

/// What the client needs to know about a JSON 1.1 service.
struct service {
    std::string_view endpoint_prefix;  ///< "kms": kms.REGION.amazonaws.com
    std::string_view signing_name;     ///< SigV4's service name
    std::string_view env_name;         ///< AWS_ENDPOINT_URL_<env_name>
    std::string_view target_prefix;    ///< X-Amz-Target: <target_prefix>.<Operation>
    /// The AWS JSON protocol version the service speaks (DynamoDB: 1.0; KMS, Secrets Manager, SSM: 1.1).
    std::string_view content_type = "application/x-amz-json-1.1";
};

inline constexpr service kms_service{"kms", "kms", "KMS", "TrentService"};
inline constexpr service secrets_manager_service{"secretsmanager", "secretsmanager", "SECRETS_MANAGER", "secretsmanager"};
inline constexpr service ssm_service{"ssm", "ssm", "SSM", "AmazonSSM"};

/// The endpoint URL, without a trailing slash. errc::aws_no_region for a region that is not a
/// region code or FIPS in China; errc::invalid_url for a configured URL that is not http(s).
ALARMBRIDGE_API outcome<std::string> resolve_endpoint(const service& svc, std::string_view region, const environment& env);

}  // namespace alarmbridge::aws
