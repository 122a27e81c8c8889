// The command-line options that name where the Slack webhook URL is read from (issue 14), for
// `alarmbridge config` and `alarmbridge send`:
//
//   --webhook-url-env NAME            the URL in the environment variable NAME
//   --kms-encrypted-url-env NAME      base64 KMS ciphertext in NAME (the blueprint's kmsEncryptedHookUrl)
//     [--kms-context KEY=VALUE]...    its encryption context; none given: {"LambdaFunctionName":
//                                     $AWS_LAMBDA_FUNCTION_NAME}, as the blueprint encrypts it
//   --webhook-secret-id ID            a Secrets Manager secret (the URL, or JSON with a "url" key)
//   --webhook-parameter NAME          an SSM SecureString parameter
//
// Each as `--opt value` or `--opt=value`. At most one source; none: the default order of
// slack::resolve_webhook_url (SLACK_WEBHOOK_URL, kmsEncryptedHookUrl,
// ALARMBRIDGE_WEBHOOK_SECRET_ID, ALARMBRIDGE_WEBHOOK_PARAMETER).
#pragma once

#include <alarmbridge/aws/webhook_url.hpp>

#include <string>
#include <vector>

namespace alarmbridge::tools {

/// The lines of the options above for a command's usage text.
extern const char* const webhook_source_usage;

/// Takes the options above out of args (up to a "--", which ends the options), leaving the other
/// arguments in their order, and sets options.source from them (left as it was when none is
/// given). A KMS source's default context is read from options.environment. False, with problem
/// set, on a usage error: an option without its value, a context that is not KEY=VALUE, a
/// context given twice for one key or without --kms-encrypted-url-env, two sources.
bool take_webhook_source(std::vector<std::string>& args, slack::webhook_url_options& options, std::string& problem);

}  // namespace alarmbridge::tools
