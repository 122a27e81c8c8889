// `alarmbridge verify`: see verify_command.hpp.
#include "verify_command.hpp"

#include "read_input.hpp"

#include <alarmbridge/cloudwatch/timestamp.hpp>
#include <alarmbridge/parse_options.hpp>
#include <alarmbridge/sns/message.hpp>
#include <alarmbridge/sns/verify.hpp>

#include <nlohmann/json.hpp>

#include <charconv>
#include <iostream>
#include <memory>
#include <optional>

namespace alarmbridge::tools {

const char* const verify_usage =
    "usage: alarmbridge verify [--cert-dir DIR] [--at now|message|RFC3339] [--max-age SECONDS|none] [FILE|-]\n"
    "\n"
    "  Verify the AWS signature of every SNS message in FILE (or standard input): an SNS HTTP\n"
    "  body, a JSON array of them, or a Lambda SNS event (every record). Prints a JSON array,\n"
    "  one element per message: {\"message\": i, \"valid\": true|false, \"type\": ..., \"topic_arn\": ...,\n"
    "  \"error\": {\"code\": ..., \"message\": ...}} (no error when valid).\n"
    "\n"
    "  --cert-dir DIR   take certificates from DIR (the file named as the last segment of the\n"
    "                   certificate URL; the URL rule still applies) instead of fetching them\n"
    "                   over HTTPS\n"
    "  --at WHEN        judge certificate validity and freshness at WHEN: now (default),\n"
    "                   message (each message's own Timestamp) or an RFC 3339 time\n"
    "  --max-age S      the most a Timestamp may differ from that time, in seconds (default\n"
    "                   3600); none turns the check off\n"
    "\n"
    "exit status: 0 every message valid, 1 any message not, 2 usage error\n";

namespace {

int usage(std::ostream& err, const std::string& problem) {
    err << "alarmbridge verify: " << problem << "\n\n" << verify_usage;
    return 2;
}

json error_json(const error& e) {
    return {{"code", std::string(to_string(e.code))}, {"message", e.message}};
}

}  // namespace

void add_verify_setting_options(std::vector<option>& options, verify_settings& settings,
                                std::function<void(const char* name)> seen) {
    auto tell = [seen](const char* name) {
        if (seen) seen(name);
    };
    options.push_back({"--cert-dir", true, [&settings, tell](const std::string& v) -> std::optional<std::string> {
                           settings.cert_dir = v;
                           tell("--cert-dir");
                           return std::nullopt;
                       }});
    options.push_back({"--at", true, [&settings, tell](const std::string& v) -> std::optional<std::string> {
                           if (v == "now") {
                               settings.options.when = sns::as_of::now;
                           } else if (v == "message") {
                               settings.options.when = sns::as_of::message_timestamp;
                           } else if (const auto ms = cloudwatch::parse_epoch_ms(v)) {
                               settings.options.when = sns::as_of::fixed;
                               settings.options.fixed_time =
                                   std::chrono::system_clock::time_point(std::chrono::milliseconds(*ms));
                           } else {
                               return "--at takes now, message or an RFC 3339 time, not " + v;
                           }
                           tell("--at");
                           return std::nullopt;
                       }});
    options.push_back({"--max-age", true, [&settings, tell](const std::string& v) -> std::optional<std::string> {
                           if (v == "none") {
                               settings.options.max_age.reset();
                           } else {
                               long long seconds = -1;
                               const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), seconds);
                               if (ec != std::errc() || end != v.data() + v.size() || seconds < 0 ||
                                   seconds > 100LL * 365 * 86400)
                                   return "--max-age takes whole seconds (0 to 100 years) or none, not " + v;
                               settings.options.max_age = std::chrono::seconds(seconds);
                           }
                           tell("--max-age");
                           return std::nullopt;
                       }});
}

void add_verify_options(std::vector<option>& options, verify_request& request) {
    options.push_back({"--verify", false, [&request](const std::string&) -> std::optional<std::string> {
                           request.on = true;
                           return std::nullopt;
                       }});
    add_verify_setting_options(options, request.settings, [&request](const char* name) {
        if (request.first_option.empty()) request.first_option = name;
    });
}

std::optional<std::string> verify_request_problem(const verify_request& request) {
    if (!request.on && !request.first_option.empty()) return request.first_option + " goes with --verify";
    return std::nullopt;
}

void drop_unverified(result<event>& event, const std::string& input, const verify_settings& settings) {
    if (!event) return;
    const auto report = verify_input(input, settings);
    auto& records = event->records;
    const bool per_record = report.failures.size() == records.size();
    for (std::size_t i = 0; i < records.size(); ++i) {
        std::optional<error> failure = per_record               ? report.failures[i]
                                       : report.failures.empty() ? std::nullopt
                                                                 : report.failures.front();
        if (!per_record && !failure) failure = error{errc::missing_field, "no SNS signature to verify", ""};
        if (!failure) continue;
        failure->message = "not verified: " + failure->message;
        records[i] = std::move(*failure);
    }
}

verify_report verify_input(const std::string& input, const verify_settings& settings) {
    std::shared_ptr<sns::certificate_source> source;
    if (settings.cert_dir) source = std::make_shared<sns::directory_certificate_source>(*settings.cert_dir);
    else source = std::make_shared<sns::https_certificate_source>();
    const sns::verifier verifier(source);

    verify_report report;
    report.elements = json::array();
    const auto messages = sns::read_messages(input);
    if (!messages) {
        report.elements.push_back({{"message", 0}, {"valid", false}, {"type", nullptr}, {"topic_arn", nullptr},
                                   {"error", error_json(messages.error())}});
        report.failures.emplace_back(messages.error());
        report.all_valid = false;
        return report;
    }
    for (std::size_t i = 0; i < messages->size(); ++i) {
        const auto& m = (*messages)[i];
        json element = {{"message", i}, {"valid", false}, {"type", nullptr}, {"topic_arn", nullptr}};
        std::optional<error> failure;
        if (!m) {
            failure = m.error();
        } else {
            element["type"] = std::string(sns::to_string(m->type));
            element["topic_arn"] = m->topic_arn;
            if (auto r = verifier.verify(*m, settings.options); !r) failure = r.error();
        }
        element["valid"] = !failure;
        report.failures.push_back(failure);
        if (failure) {
            element["error"] = error_json(*failure);
            report.all_valid = false;
        }
        report.elements.push_back(std::move(element));
    }
    return report;
}

int run_verify(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    verify_settings settings;
    std::vector<option> options;
    add_verify_setting_options(options, settings);
    arguments parsed;
    if (auto problem = read_arguments(args, options, 1, parsed)) return usage(err, *problem);
    if (parsed.help) {
        out << verify_usage;
        return 0;
    }
    const std::optional<std::string> input_name =
        parsed.operands.empty() ? std::nullopt : std::optional<std::string>(parsed.operands[0]);

    std::string input, problem;
    if (!read_input(input_name.value_or("-"), parse_options{}.max_input_bytes, input, problem)) {
        err << "alarmbridge verify: " << problem << '\n';
        return 2;
    }
    const verify_report report = verify_input(input, settings);
    // ensure_ascii: every character past ASCII written as \uXXXX, so no byte of a message reaches a
    // terminal as a control sequence.
    out << report.elements.dump(2, ' ', true, json::error_handler_t::replace) << '\n';
    out.flush();
    if (!out) {
        err << "alarmbridge verify: cannot write the output\n";
        return 1;
    }
    return report.all_valid ? 0 : 1;
}

int run_verify(const std::vector<std::string>& args) { return run_verify(args, std::cout, std::cerr); }

}  // namespace alarmbridge::tools
