// The webhook-source options: see webhook_source.hpp.
#include "webhook_source.hpp"

#include <array>
#include <optional>
#include <utility>

namespace alarmbridge::tools {

const char* const webhook_source_usage =
    "  --webhook-url-env NAME\n"
    "                   the webhook URL is in the environment variable NAME\n"
    "  --kms-encrypted-url-env NAME [--kms-context KEY=VALUE]...\n"
    "                   NAME holds the URL KMS-encrypted (base64), as the Lambda blueprint's\n"
    "                   kmsEncryptedHookUrl; the encryption context defaults to\n"
    "                   LambdaFunctionName=$AWS_LAMBDA_FUNCTION_NAME\n"
    "  --webhook-secret-id ID\n"
    "                   a Secrets Manager secret holding the URL (or JSON with a \"url\" key)\n"
    "  --webhook-parameter NAME\n"
    "                   an SSM SecureString parameter holding the URL\n"
    "  (none of these: SLACK_WEBHOOK_URL, kmsEncryptedHookUrl, ALARMBRIDGE_WEBHOOK_SECRET_ID,\n"
    "  ALARMBRIDGE_WEBHOOK_PARAMETER, the first that is set)\n";

namespace {

using source = slack::webhook_url_source;

struct option_name {
    const char* name;
    std::optional<source::kind> kind;  ///< nullopt: --kms-context
};
constexpr std::array<option_name, 5> names{{{"--webhook-url-env", source::kind::environment},
                                            {"--kms-encrypted-url-env", source::kind::kms},
                                            {"--webhook-secret-id", source::kind::secrets_manager},
                                            {"--webhook-parameter", source::kind::ssm},
                                            {"--kms-context", std::nullopt}}};

}  // namespace

bool take_webhook_source(std::vector<std::string>& args, slack::webhook_url_options& options, std::string& problem) {
    std::optional<source> chosen;
    std::string chosen_option;
    std::map<std::string, std::string> context;
    bool context_given = false;
    std::vector<std::string> rest;
    std::size_t i = 0;
    for (; i < args.size() && args[i] != "--"; ++i) {
        const std::string& a = args[i];
        const option_name* matched = nullptr;
        std::optional<std::string> value;
        for (const auto& n : names) {
            const std::string name = n.name;
            if (a == name) {
                matched = &n;
            } else if (a.size() > name.size() && a.compare(0, name.size(), name) == 0 && a[name.size()] == '=') {
                matched = &n;
                value = a.substr(name.size() + 1);
            }
            if (matched != nullptr) break;
        }
        if (matched == nullptr) {
            rest.push_back(a);
            continue;
        }
        const std::string name = matched->name;
        if (!value) {
            if (i + 1 >= args.size()) {
                problem = name + " needs a value";
                return false;
            }
            value = args[++i];
        }
        if (value->empty()) {
            problem = name + " needs a value";
            return false;
        }
        if (!matched->kind) {
            const auto eq = value->find('=');
            if (eq == 0 || eq == std::string::npos) {
                problem = "--kms-context takes KEY=VALUE";
                return false;
            }
            if (!context.emplace(value->substr(0, eq), value->substr(eq + 1)).second) {
                problem = "--kms-context gives " + value->substr(0, eq) + " twice";
                return false;
            }
            context_given = true;
            continue;
        }
        if (chosen) {
            problem = name + " and " + chosen_option + " both name the webhook URL's source: give one";
            return false;
        }
        chosen = source{*matched->kind, *value, {}};
        chosen_option = name;
    }
    if (context_given && (!chosen || chosen->from != source::kind::kms)) {
        problem = "--kms-context goes with --kms-encrypted-url-env";
        return false;
    }
    if (chosen && chosen->from == source::kind::kms) {
        chosen->kms_context = context_given ? std::move(context) : slack::blueprint_kms_context(options.environment);
    }
    rest.insert(rest.end(), args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
    args = std::move(rest);
    if (chosen) options.source = std::move(chosen);
    return true;
}

}  // namespace alarmbridge::tools
