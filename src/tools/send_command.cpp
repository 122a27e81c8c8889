// `alarmbridge send`: format every record and deliver each to a Slack incoming webhook.
#include "event_command_line.hpp"
#include "output.hpp"
#include "payloads.hpp"
#include "read_input.hpp"
#include "report_fields.hpp"
#include "subcommand.hpp"
#include "verify_command.hpp"
#include "webhook_source.hpp"

#include <alarmbridge/aws/webhook_url.hpp>
#include <alarmbridge/slack/webhook.hpp>

#include <chrono>
#include <iostream>

namespace alarmbridge::tools {

namespace {

const std::string send_usage =
    std::string("usage: alarmbridge send [WEBHOOK SOURCE | --webhook-url-file PATH] [--locale en|ko]\n"
    "                        [--style rich|compact|blueprint] [--timeout SECONDS] [--attempt-timeout SECONDS]\n"
    "                        [--max-attempts N] [--ca-file PEM] [--compact] [--lines] [--verify ...]\n"
    "                        [limits] [FILE|-]\n"
    "\n"
    "  Format every record as alarmbridge format does and deliver each, in record order, to the\n"
    "  Slack incoming webhook; print one report per record: record, delivered, attempts, status,\n"
    "  slack_error, elapsed_ms (and error when not delivered, maybe_posted when the answer leaves\n"
    "  open whether Slack posted it: never resent).\n"
    "\n"
    "  The URL is https (http only to a loopback host) and a secret: it is never taken from the\n"
    "  command line and never printed. With no WEBHOOK SOURCE it is read as the Lambda function\n"
    "  reads it: SLACK_WEBHOOK_URL, else kmsEncryptedHookUrl (decrypted with KMS, the encryption\n"
    "  context {\"LambdaFunctionName\": $AWS_LAMBDA_FUNCTION_NAME}), else\n"
    "  ALARMBRIDGE_WEBHOOK_SECRET_ID (Secrets Manager), else ALARMBRIDGE_WEBHOOK_PARAMETER (SSM);\n"
    "  slackChannel, when set, is the channel. When Slack answers that the hook is gone\n"
    "  (no_service, invalid_token) the URL is read again, once, and the message posted to it.\n"
    "WEBHOOK SOURCE, one of:\n") + webhook_source_usage +
    "  --webhook-url-file PATH  read the URL from the first line of PATH\n"
    "\n"
    "  --locale, --style  as for alarmbridge format\n"
    "  --timeout S      cap the whole delivery, retries included (default 30; with --lines,\n"
    "                   each line's)\n"
    "  --attempt-timeout S  cap one attempt (default: what is left of --timeout)\n"
    "  --max-attempts N per message, 1 to 20 (default 4)\n"
    "  --ca-file PEM    trust the CA certificates in PEM instead of the system's (Slack and AWS)\n"
    "  --compact        one report per line (JSON Lines) instead of one indented JSON array\n"
    "  --lines          the input is newline-delimited JSON, one event per line (blank lines\n"
    "                   skipped), delivered in order; every report starts with \"line\": n\n"
    "  --verify [--cert-dir DIR] [--at now|message|RFC3339] [--max-age SECONDS|none]\n"
    "                   check each record's SNS signature first; a record that does not verify\n"
    "                   is reported and not sent\n"
    "  --max-input-bytes N, --max-total-bytes N, --max-records N  as for alarmbridge format\n"
    "\n" + option_value_note +
    "exit status: 0 every record delivered, 1 any not, 2 usage error, unreadable FILE or no URL\n"
    "  (the URL's source not set, or AWS refusing it: the error names AWS's code)\n";

struct send_settings {
    std::string url_file;
    double timeout_seconds{30};
    double attempt_timeout_seconds{0};  // 0: an attempt may use what is left of --timeout
    int max_attempts{4};
    std::string ca_file;
};

void add_send_options(std::vector<option>& options, send_settings& s) {
    auto text = [](const char* name, std::string& target) {
        return option{name, true, [&target](const std::string& v) -> std::optional<std::string> {
                          target = v;
                          return std::nullopt;
                      }};
    };
    auto secs = [](const char* name, double& target) {
        return option{name, true, [name, &target](const std::string& v) -> std::optional<std::string> {
                          const auto s = seconds(v, 900);
                          if (!s) return std::string(name) + " takes seconds, more than 0 and at most 900";
                          target = *s;
                          return std::nullopt;
                      }};
    };
    options.push_back(text("--webhook-url-file", s.url_file));
    options.push_back(text("--ca-file", s.ca_file));
    options.push_back(secs("--timeout", s.timeout_seconds));
    options.push_back(secs("--attempt-timeout", s.attempt_timeout_seconds));
    options.push_back({"--max-attempts", true, [&s](const std::string& v) -> std::optional<std::string> {
                           const auto n = whole_number(v, 20);
                           if (!n) return std::string("--max-attempts takes a whole number from 1 to 20");
                           s.max_attempts = static_cast<int>(*n);
                           return std::nullopt;
                       }});
    // Refused, and the value never echoed: it would show in ps and shell history.
    for (const char* name : {"--webhook-url", "--url"})
        options.push_back({name, true, [](const std::string&) -> std::optional<std::string> {
                               return std::string("the webhook URL is a secret and is never taken from the command "
                                                  "line: use --webhook-url-env NAME, --webhook-url-file PATH or an "
                                                  "AWS source (alarmbridge send --help)");
                           }});
}

/// The webhook URL from the first line of a file.
bool webhook_url_from_file(const std::string& path, std::string& url, std::string& problem) {
    constexpr std::size_t max_url_file_bytes = 64 * 1024;  // a URL is at most a few hundred bytes
    std::string text;
    if (!read_input(path, max_url_file_bytes, text, problem)) return false;
    if (text.size() > max_url_file_bytes) {
        problem = "the webhook URL file " + path + " is larger than " + std::to_string(max_url_file_bytes) +
                  " bytes: not a URL file";
        return false;
    }
    url = text.substr(0, text.find('\n'));
    while (!url.empty() && (url.back() == '\r' || url.back() == ' ' || url.back() == '\t')) url.pop_back();
    if (url.empty()) {
        problem = "the webhook URL file " + path + " is empty";
        return false;
    }
    return true;
}

/// A report for what was not sent: delivered false, nothing attempted, and why.
void write_not_sent(detail::json_writer& w, std::size_t line, std::optional<std::size_t> record, const error& e) {
    w.begin_object();
    write_line(w, line);
    write_record(w, record);
    w.key("delivered");
    w.value(false);
    w.key("attempts");
    w.value(std::int64_t{0});
    w.key("status");
    w.null();
    w.key("slack_error");
    w.null();
    w.key("elapsed_ms");
    w.value(std::int64_t{0});
    write_error(w, e);
    w.end_object();
}

void write_delivery(detail::json_writer& w, std::size_t line, std::size_t record, const slack::delivery& d) {
    w.begin_object();
    write_line(w, line);
    write_record(w, record);
    w.key("delivered");
    w.value(d.delivered);
    w.key("attempts");
    w.value(static_cast<std::int64_t>(d.attempts));
    w.key("status");
    if (d.status != 0) w.value(static_cast<std::int64_t>(d.status));
    else w.null();
    w.key("slack_error");
    if (d.reason_text.empty()) w.null();
    else w.value(d.reason_text);
    w.key("elapsed_ms");
    w.value(static_cast<std::int64_t>(d.elapsed.count()));
    if (d.maybe_posted) {
        w.key("maybe_posted");
        w.value(true);
    }
    if (d.error) {
        w.key("error");
        w.begin_object();
        w.key("code");
        w.value(to_string(d.error->code));
        w.key("message");
        w.value(d.error->message);
        w.end_object();
    }
    w.end_object();
}

}  // namespace

int run_send(const std::vector<std::string>& arguments) {
    // The URL's sources first (--webhook-url-env, --kms-encrypted-url-env, ...): what is left is
    // read as every event command reads its line.
    std::vector<std::string> args = arguments;
    slack::webhook_url_options hook;
    std::string problem;
    if (!take_webhook_source(args, hook, problem)) return usage_error("send", problem);

    event_command_line line;
    format::options formatting;
    send_settings s;
    std::vector<option> own;
    add_send_options(own, s);
    add_format_options(own, formatting);
    if (const auto done = read_event_command_line("send", send_usage, args, std::move(own), line)) return *done;
    if (!s.url_file.empty() && hook.source)
        return usage_error("send", "--webhook-url-file and another source of the webhook URL: give one");

    slack::client_options client_options;
    client_options.retry.max_attempts = s.max_attempts;
    client_options.attempt_timeout = std::chrono::milliseconds(static_cast<long long>(s.attempt_timeout_seconds * 1000));
    client_options.http.ca_file = s.ca_file;
    if (!s.url_file.empty()) {
        // A file names the URL itself: the environment's sources are not consulted.
        std::string url;
        if (!webhook_url_from_file(s.url_file, url, problem)) return input_error(problem);
        hook.environment = aws::environment_of({{"SLACK_WEBHOOK_URL", url}});
        hook.source = slack::webhook_url_source{slack::webhook_url_source::kind::environment, "SLACK_WEBHOOK_URL", {}};
    }
    slack::resolving_webhook_client client(hook, nullptr, client_options);
    if (const auto e = client.connect()) return input_error(e->describe());
    if (!client.url()->channel.empty() && !formatting.channel) formatting.channel = client.url()->channel;
    if (s.url_file.empty()) std::cerr << "alarmbridge: the webhook URL is from " << client.url()->source << '\n';
    const auto timeout = std::chrono::milliseconds(static_cast<long long>(s.timeout_seconds * 1000));
    if (line.input.lines) std::cerr << "alarmbridge: sending every line's messages to " << client.url()->redacted() << '\n';

    output out(line.compact ? report_form::compact : report_form::pretty, true);
    int status = exit_ok;
    const auto unreadable = read_documents(
        line.file, line.input, [&](const input_document& doc) {
            const auto deadline = http::clock::now() + timeout;
            auto not_sent = [&](std::optional<std::size_t> record, const error& e) {
                status = exit_failed;
                out.element([&](detail::json_writer& w) { write_not_sent(w, doc.line, record, e); });
            };
            if (doc.refused) return not_sent(std::nullopt, *doc.refused);
            auto payloads = event_payloads(doc.bytes, formatting, line.input.parsing, line.verify);
            if (!payloads) return not_sent(std::nullopt, payloads.error());
            if (!line.input.lines)
                std::cerr << "alarmbridge: sending " << payloads->size() << " message(s) to " << client.url()->redacted()
                          << '\n';
            for (std::size_t i = 0; i < payloads->size(); ++i) {
                auto& p = (*payloads)[i];
                if (!p) {
                    not_sent(i, p.error());
                    continue;
                }
                const auto d = client.post_json(std::move(*p), deadline);
                if (d.error) status = exit_failed;
                out.element([&](detail::json_writer& w) { write_delivery(w, doc.line, i, d); });
            }
        });
    if (unreadable) return input_error(*unreadable);
    if (!out.finish()) return exit_failed;
    return status;
}

}  // namespace alarmbridge::tools
