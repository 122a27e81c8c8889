// `alarmbridge config [--webhook-url-env NAME | --kms-encrypted-url-env NAME [--kms-context KEY=VALUE]...
//                      | --webhook-secret-id ID | --webhook-parameter NAME] [--locale ..] [--style ..]`
//
// Prints the effective configuration as one JSON object: where the webhook URL came from
// ("env:SLACK_WEBHOOK_URL", "kms:<key ARN>", "secretsmanager:<ARN>", "ssm:<name>"), the URL
// redacted, the channel override, the AWS region and where the credentials came from (never a
// key or token), locale and style. It resolves the URL as `send` would (webhook_source.hpp), so it
// is what a user runs to check a deployment's settings.
// Exit 0 when the URL resolves; 1 when it does not (the JSON then has "error" with "code": AWS's
// code such as "InvalidCiphertextException", else alarmbridge's errc name); 2 for usage errors.
#pragma once

#include <alarmbridge/aws/environment.hpp>

#include <iosfwd>
#include <string>
#include <vector>

namespace alarmbridge::tools {

/// The usage text of the config command.
extern const char* const config_usage;

/// args: what follows the word "config". Reads the process environment, writes to std::cout and
/// std::cerr.
int run_config(const std::vector<std::string>& args);

/// The same, with the environment given (the URL's sources, AWS region, credentials and
/// endpoints are read from it) and writing to the given streams (tests).
int run_config(const std::vector<std::string>& args, const aws::environment& environment, std::ostream& out,
               std::ostream& err);

}  // namespace alarmbridge::tools
