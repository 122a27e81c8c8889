// `alarmbridge config`: see config_command.hpp.
#include "config_command.hpp"

#include "format_options.hpp"
#include "webhook_source.hpp"

#include <alarmbridge/aws/credentials.hpp>
#include <alarmbridge/aws/webhook_url.hpp>
#include <alarmbridge/format/alarm_message.hpp>
#include <alarmbridge/http/transport.hpp>
#include <alarmbridge/lambda/alarm_handler.hpp>

#include <nlohmann/json.hpp>

#include <iostream>

namespace alarmbridge::tools {

const char* const config_usage =
    "usage: alarmbridge config [--webhook-url-env NAME | --kms-encrypted-url-env NAME\n"
    "                          [--kms-context KEY=VALUE]... | --webhook-secret-id ID |\n"
    "                          --webhook-parameter NAME] [--locale en|ko]\n"
    "                          [--style rich|compact|blueprint]\n"
    "\n"
    "  Print the effective configuration as JSON: where the webhook URL comes from, the URL\n"
    "  redacted, the AWS region, where the AWS credentials come from (never the keys), locale\n"
    "  and style. The URL is resolved as send resolves it (decrypted, or read from Secrets\n"
    "  Manager or Parameter Store); locale and style are what the Lambda handler would use\n"
    "  (ALARMBRIDGE_LOCALE, ALARMBRIDGE_STYLE; a bad ALARMBRIDGE_* value is \"settings_error\").\n"
    "\n"
    "%s"
    "  --locale, --style\n"
    "                   as for alarmbridge format\n"
    "\n"
    "exit status: 0 the URL resolves and the settings are usable, 1 not (\"error\",\n"
    "  \"settings_error\" say why), 2 usage error\n";

namespace {

std::string usage_text() {
    std::string text = config_usage;
    text.replace(text.find("%s"), 2, webhook_source_usage);
    return text;
}

int usage(std::ostream& err, const std::string& problem) {
    err << "alarmbridge config: " << problem << "\n\n" << usage_text();
    return 2;
}

/// The typed error as the JSON says it: "code" is AWS's code when AWS gave one, else the errc.
nlohmann::ordered_json error_json(const aws::error& e) {
    nlohmann::ordered_json j;
    j["code"] = e.aws_code.empty() ? std::string(to_string(e.code)) : e.aws_code;
    j["errc"] = std::string(to_string(e.code));
    if (!e.message.empty()) j["message"] = e.message;
    if (e.http_status != 0) j["http_status"] = e.http_status;
    if (!e.request_id.empty()) j["request_id"] = e.request_id;
    return j;
}

}  // namespace

int run_config(const std::vector<std::string>& arguments, const aws::environment& environment, std::ostream& out,
               std::ostream& err) {
    slack::webhook_url_options hook;
    hook.environment = environment;
    std::vector<std::string> args = arguments;
    std::string problem;
    if (!take_webhook_source(args, hook, problem)) return usage(err, problem);

    // What the Lambda handler would use (ALARMBRIDGE_LOCALE, ALARMBRIDGE_STYLE, ...), unless the
    // command line says otherwise; a variable with a bad value is reported, not ignored.
    const auto handler_settings = lambda::settings_from_environment(environment);
    format::options format_options = handler_settings ? handler_settings->format : format::options{};
    std::vector<option> table;
    add_format_options(table, format_options);
    tools::arguments parsed;
    if (auto problem = read_arguments(args, table, 0, parsed)) return usage(err, *problem);
    if (parsed.help) {
        out << usage_text();
        return 0;
    }

    // One transport (one connection pool) and one credentials provider for the URL's AWS calls
    // and for the report: the credentials are fetched once.
    http::curl_transport transport;
    aws::credentials_options credentials_options;
    credentials_options.environment = environment;
    credentials_options.transport = &transport;
    aws::credentials_provider credentials(credentials_options);
    hook.aws.credentials = &credentials;
    hook.aws.transport = &transport;

    nlohmann::ordered_json report;
    const auto url = slack::resolve_webhook_url(hook);
    if (url) {
        report["webhook_url"] = {{"source", url->source},
                                 {"url", url->redacted()},
                                 {"channel", url->channel.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(url->channel)}};
    } else {
        report["webhook_url"] = nullptr;
        report["error"] = error_json(url.error());
    }

    nlohmann::ordered_json aws_part;
    if (auto region = aws::resolve_region(environment)) {
        aws_part["region"] = *region;
    } else {
        aws_part["region"] = nullptr;
        aws_part["region_error"] = error_json(region.error());
    }
    if (auto c = credentials.get()) {
        aws_part["credentials"] = c->source();
    } else {
        aws_part["credentials"] = nullptr;
        aws_part["credentials_error"] = error_json(c.error());
    }
    report["aws"] = std::move(aws_part);
    report["format"] = {{"locale", format_options.locale}, {"style", std::string(format::to_string(format_options.style))}};
    if (!handler_settings)
        report["settings_error"] = {{"code", std::string(to_string(handler_settings.error().code))},
                                    {"message", handler_settings.error().message}};

    out << report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    return url && handler_settings ? 0 : 1;
}

int run_config(const std::vector<std::string>& args) {
    return run_config(args, aws::process_environment(), std::cout, std::cerr);
}

}  // namespace alarmbridge::tools
