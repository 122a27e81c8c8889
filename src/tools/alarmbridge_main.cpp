// The `alarmbridge` command.
//
//   alarmbridge parse [FILE|-]      one JSON element per record: alarm, text or error
//   alarmbridge format [--locale en|ko] [--style rich|compact|blueprint] [FILE|-]
//                                   one Slack payload per record
//   alarmbridge validate [FILE|-]   one line per violation of Slack's limits
//   alarmbridge send [--webhook-url-env NAME | --webhook-url-file PATH] [--locale ..] [--style ..]
//                    [--timeout SECONDS] [--max-attempts N] [--ca-file PEM] [FILE|-]
//                                   format every record and deliver each to the webhook
//
// Exit codes: 0 success, 1 any record failed / any violation is an error / any message not
// delivered, 2 usage errors.
#include <alarmbridge/alarmbridge.hpp>

#include "read_input.hpp"
#include "verify_command.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr int exit_ok = 0;
constexpr int exit_failed = 1;
constexpr int exit_usage = 2;

const char* const usage_text =
    "usage: alarmbridge <command> [options] [FILE|-]\n"
    "\n"
    "commands:\n"
    "  parse [FILE|-]   read an SNS Lambda event, SNS HTTP body, EventBridge alarm event,\n"
    "                   alarm Lambda-action payload or bare alarm JSON (FILE, or standard\n"
    "                   input when FILE is '-' or absent) and print a JSON array with one\n"
    "                   element per record: {\"record\": i, \"alarm\": {...}},\n"
    "                   {\"record\": i, \"text\": \"...\"} or {\"record\": i, \"error\": {...}}\n"
    "  format [--locale en|ko] [--style rich|compact|blueprint] [FILE|-]\n"
    "                   read an event as parse does and print a JSON array whose elements\n"
    "                   are the Slack payloads, one per record in record order; a record\n"
    "                   that cannot be formatted gives {\"error\": {...}} in its place.\n"
    "                   The array can be fed straight to alarmbridge validate.\n"
    "  send [--webhook-url-env NAME | --webhook-url-file PATH] [--locale en|ko]\n"
    "       [--style rich|compact|blueprint] [--timeout SECONDS] [--attempt-timeout SECONDS]\n"
    "       [--max-attempts N]\n"
    "       [--ca-file PEM] [FILE|-]\n"
    "                   format every record as format does and deliver each, in record\n"
    "                   order, to the Slack incoming webhook; print a JSON array with one\n"
    "                   report per record: record, delivered, attempts, status,\n"
    "                   slack_error, elapsed_ms (and error when not delivered, maybe_posted\n"
    "                   when the answer leaves open whether Slack posted it: never resent).\n"
    "                   The URL is https (http only to a loopback host) and\n"
    "                   a secret and is never taken from the command line: it is read from\n"
    "                   the environment variable NAME (default SLACK_WEBHOOK_URL) or from\n"
    "                   the first line of PATH, and is never printed. --timeout caps the\n"
    "                   whole delivery, retries included (default 30); --attempt-timeout\n"
    "                   caps one attempt (default: what is left of --timeout); --max-attempts is\n"
    "                   per message (default 4); --ca-file trusts that PEM instead of the\n"
    "                   system's CAs\n"
    "  verify [--cert-dir DIR] [--at now|message|RFC3339] [--max-age SECONDS|none] [FILE|-]\n"
    "                   check the AWS signature of every SNS message (an SNS HTTP body, a\n"
    "                   JSON array of them, or a Lambda SNS event); print a JSON array with\n"
    "                   one element per message: message, valid, type, topic_arn (and error\n"
    "                   when not valid). alarmbridge verify --help says more\n"
    "  validate [FILE|-]\n"
    "                   check a Slack message payload (or a JSON array of them) against\n"
    "                   Slack's limits; print one line per violation, PATH: message, with\n"
    "                   the limit and the actual value; warnings are marked (warning)\n"
    "\n"
    "  --verify [--cert-dir DIR] [--at now|message|RFC3339] [--max-age SECONDS|none]\n"
    "                   (parse, format, send) check each record's SNS signature first, as\n"
    "                   verify does; a record that does not verify is reported as an error\n"
    "                   and is neither printed, formatted nor sent\n"
    "\n"
    "options:\n"
    "  --max-input-bytes N\n"
    "                   refuse (too_large) an input larger than N bytes; at most N + 1 bytes\n"
    "                   are read (default 6291456, Lambda's payload limit)\n"
    "  --max-records N  refuse (too_large) a Lambda SNS event of more than N records\n"
    "                   (default 1000; AWS sends one)\n"
    "  -h, --help       this text\n"
    "  --version        the version\n"
    "\n"
    "exit status: parse, format, send: 0 every record done (send: delivered), 1 any record or\n"
    "             the whole input failed; validate: 0 valid (warnings allowed), 1 any error;\n"
    "             all: 2 usage error\n";

using alarmbridge::tools::read_input;  // src/tools/read_input.hpp

/// Text for a terminal: C0 and C1 control characters and DEL, which a terminal would act on
/// (escape sequences, a bell, a carriage return over what was printed), written as \u00NN, and a
/// byte that is not UTF-8 as \xNN. Newlines and tabs stay. This is safe on JSON too: controls
/// can only stand inside its strings, where \u00NN is how JSON writes them.
std::string printable(std::string_view text) {
    static const char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(text.size());
    auto escape = [&](const char* prefix, unsigned char c) {
        out += prefix;
        out += hex[c >> 4];
        out += hex[c & 15];
    };
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) escape("\\u00", c);
            else out += static_cast<char>(c);
            ++i;
            continue;
        }
        const std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        bool well_formed = len > 1 && c < 0xF5 && i + len <= text.size();
        for (std::size_t k = 1; well_formed && k < len; ++k)
            well_formed = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
        if (!well_formed) {
            escape("\\x", c);
            ++i;
            continue;
        }
        const auto second = static_cast<unsigned char>(text[i + 1]);
        if (c == 0xC2 && second < 0xA0) escape("\\u00", second);  // U+0080..U+009F: the C1 controls
        else out.append(text.data() + i, len);
        i += len;
    }
    return out;
}

/// Writes what a command prints to standard output, and says so when it could not be written
/// (a full disk, a closed pipe): a lost report is a failure, never exit 0.
bool write_output(const std::string& text) {
    const std::string safe = printable(text);
    std::cout << safe;
    std::cout.flush();
    if (std::cout && std::fflush(stdout) == 0 && !std::ferror(stdout)) return true;
    const int e = errno;
    std::cerr << "alarmbridge: cannot write the output: " << (e != 0 ? std::strerror(e) : "write error") << '\n';
    return false;
}

int usage_error(const std::string& message) {
    std::cerr << "alarmbridge: " << printable(message) << "\n\n" << usage_text;
    return exit_usage;
}

/// An input that cannot be read (missing, a directory, unreadable): one line, exit 2.
int input_error(const std::string& message) {
    std::cerr << "alarmbridge: " << printable(message) << '\n';
    return exit_usage;
}

// Output keeps the model's order (kind, name, ... rather than alphabetical).
using json = nlohmann::ordered_json;

json error_json(const alarmbridge::error& e) {
    return {{"code", std::string(alarmbridge::to_string(e.code))}, {"where", e.where}, {"message", e.message}};
}

json alarm_json(const alarmbridge::cloudwatch::alarm& a) {
    json j = a;
    const auto url = alarmbridge::cloudwatch::console_url(a);
    j["console_url"] = url ? json(*url) : json(nullptr);
    return j;
}

/// With --verify: every record whose SNS signature does not verify becomes an error (the
/// verification's), so that it is reported and neither printed, formatted nor sent. The verify
/// report has one element per message in record order; an input with no SNS message to verify
/// (EventBridge, a bare alarm) fails every record with the reason.
void drop_unverified(alarmbridge::result<alarmbridge::event>& event, const std::string& input,
                     const std::optional<alarmbridge::tools::verify_settings>& verifying) {
    if (!verifying || !event) return;
    const auto report = alarmbridge::tools::verify_input(input, *verifying);
    auto& records = event->records;
    const bool per_record = report.failures.size() == records.size();
    for (std::size_t i = 0; i < records.size(); ++i) {
        std::optional<alarmbridge::error> failure = per_record               ? report.failures[i]
                                                    : report.failures.empty() ? std::nullopt
                                                                              : report.failures.front();
        if (!per_record && !failure)
            failure = alarmbridge::error{alarmbridge::errc::missing_field, "no SNS signature to verify", ""};
        if (!failure) continue;
        failure->message = "not verified: " + failure->message;
        records[i] = std::move(*failure);
    }
}

int run_parse(const std::string& input_name, const alarmbridge::parse_options& parsing,
              const std::optional<alarmbridge::tools::verify_settings>& verifying) {
    std::string input, problem;
    if (!read_input(input_name, parsing.max_input_bytes, input, problem)) return input_error(problem);
    json out = json::array();
    auto event = alarmbridge::parse_event(input, parsing);
    drop_unverified(event, input, verifying);
    int status = exit_ok;
    if (!event) {
        out.push_back({{"error", error_json(event.error())}});
        status = exit_failed;
    } else {
        for (std::size_t i = 0; i < event->records.size(); ++i) {
            const auto& rec = event->records[i];
            json element = {{"record", i}};
            if (!rec) {
                element["error"] = error_json(rec.error());
                status = exit_failed;
            } else if (const auto* a = std::get_if<alarmbridge::cloudwatch::alarm>(&rec->body)) {
                element["alarm"] = alarm_json(*a);
            } else {
                element["text"] = std::get<alarmbridge::text_message>(rec->body).text;
            }
            out.push_back(std::move(element));
        }
    }
    // Invalid UTF-8 cannot reach here inside a parsed value; replace defensively in messages.
    if (!write_output(out.dump(2, ' ', false, json::error_handler_t::replace) + '\n')) return exit_failed;
    return status;
}

int run_format(const std::string& input_name, const alarmbridge::format::options& options,
               const alarmbridge::parse_options& parsing,
               const std::optional<alarmbridge::tools::verify_settings>& verifying) {
    std::string input, problem;
    if (!read_input(input_name, parsing.max_input_bytes, input, problem)) return input_error(problem);
    nlohmann::json out = nlohmann::json::array();
    auto event = alarmbridge::parse_event(input, parsing);
    drop_unverified(event, input, verifying);
    int status = exit_ok;
    auto error_element = [](const alarmbridge::error& e) {
        return nlohmann::json{{"error", {{"code", std::string(alarmbridge::to_string(e.code))}, {"where", e.where}, {"message", e.message}}}};
    };
    if (!event) {
        out.push_back(error_element(event.error()));
        status = exit_failed;
    } else {
        for (const auto& p : alarmbridge::format::payloads(*event, options)) {
            if (!p) {
                out.push_back(error_element(p.error()));
                status = exit_failed;
                continue;
            }
            out.push_back(nlohmann::json::parse(*p));  // our own compact JSON, re-indented
        }
    }
    if (!write_output(out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + '\n')) return exit_failed;
    return status;
}

int run_validate(const std::string& input_name, const alarmbridge::parse_options& parsing) {
    std::string input, problem;
    if (!read_input(input_name, parsing.max_input_bytes, input, problem)) return input_error(problem);
    if (input.size() > parsing.max_input_bytes) {
        write_output("/: too_large: the input is more than " + std::to_string(parsing.max_input_bytes) +
                     " bytes (--max-input-bytes raises the limit)\n");
        return exit_failed;
    }
    // Nesting past the limit is refused as it is read: nothing deeper is kept, so nothing
    // recursive (validate, a copy) ever sees it.
    bool too_deep = false;
    const auto payload = nlohmann::json::parse(
        input,
        [&](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
            if (static_cast<std::size_t>(depth) < alarmbridge::max_json_depth) return true;
            too_deep = true;
            return false;
        },
        false);
    if (too_deep) {
        write_output("/: too_deep: nested more than " + std::to_string(alarmbridge::max_json_depth) +
                     " levels deep\n");
        return exit_failed;
    }
    if (payload.is_discarded()) {
        write_output("/: json_syntax: the input is not valid JSON\n");
        return exit_failed;
    }
    // One message, or an array of them (the output of `alarmbridge format`).
    std::vector<std::pair<std::string, const nlohmann::json*>> messages;
    if (payload.is_array()) {
        for (std::size_t i = 0; i < payload.size(); ++i) messages.emplace_back("/" + std::to_string(i), &payload[i]);
    } else {
        messages.emplace_back("", &payload);
    }
    bool any_error = false;
    std::string report;
    for (const auto& [prefix, message] : messages) {
        if (message->is_object() && message->size() == 1 && message->contains("error")) {
            report += (prefix.empty() ? "/" : prefix) + ": not a message: its record could not be formatted\n";
            any_error = true;
            continue;
        }
        for (auto v : alarmbridge::slack::validate(*message)) {
            v.path = prefix + v.path;
            report += v.describe() + '\n';
            any_error = any_error || v.level == alarmbridge::slack::severity::error;
        }
    }
    if (!write_output(report)) return exit_failed;
    return any_error ? exit_failed : exit_ok;
}

struct send_settings {
    std::string url_env{"SLACK_WEBHOOK_URL"};
    std::string url_file;
    double timeout_seconds{30};
    double attempt_timeout_seconds{0};  // 0: an attempt may use what is left of --timeout
    int max_attempts{4};
    std::string ca_file;
};

/// The webhook URL from the environment or a file; never from the command line.
bool webhook_url(const send_settings& s, std::string& url, std::string& problem) {
    if (!s.url_file.empty()) {
        constexpr std::size_t max_url_file_bytes = 64 * 1024;  // a URL is at most a few hundred bytes
        std::string text;
        if (!read_input(s.url_file, max_url_file_bytes, text, problem)) return false;
        if (text.size() > max_url_file_bytes) {
            problem = "the webhook URL file " + s.url_file + " is larger than " + std::to_string(max_url_file_bytes) +
                      " bytes: not a URL file";
            return false;
        }
        url = text.substr(0, text.find('\n'));
        while (!url.empty() && (url.back() == '\r' || url.back() == ' ' || url.back() == '\t')) url.pop_back();
        if (url.empty()) {
            problem = "the webhook URL file " + s.url_file + " is empty";
            return false;
        }
        return true;
    }
    const char* value = std::getenv(s.url_env.c_str());
    if (value == nullptr || *value == '\0') {
        problem = "no webhook URL: set the environment variable " + s.url_env +
                  " (or use --webhook-url-env NAME or --webhook-url-file PATH)";
        return false;
    }
    url = value;
    return true;
}

int run_send(const std::string& input_name, const alarmbridge::format::options& options, const send_settings& s,
             const alarmbridge::parse_options& parsing,
             const std::optional<alarmbridge::tools::verify_settings>& verifying) {
    std::string url, problem;
    if (!webhook_url(s, url, problem)) return input_error(problem);
    std::string input;
    if (!read_input(input_name, parsing.max_input_bytes, input, problem)) return input_error(problem);

    alarmbridge::slack::client_options client_options;
    client_options.retry.max_attempts = s.max_attempts;
    client_options.attempt_timeout =
        std::chrono::milliseconds(static_cast<long long>(s.attempt_timeout_seconds * 1000));
    client_options.http.ca_file = s.ca_file;
    alarmbridge::slack::webhook_client client(url, client_options);
    const auto deadline = alarmbridge::http::clock::now() +
                          std::chrono::milliseconds(static_cast<long long>(s.timeout_seconds * 1000));

    json out = json::array();
    int status = exit_ok;
    auto event = alarmbridge::parse_event(input, parsing);
    drop_unverified(event, input, verifying);
    if (!event) {
        out.push_back({{"record", nullptr}, {"delivered", false}, {"attempts", 0}, {"status", nullptr},
                       {"slack_error", nullptr}, {"elapsed_ms", 0}, {"error", error_json(event.error())}});
        write_output(out.dump(2, ' ', false, json::error_handler_t::replace) + '\n');
        return exit_failed;
    }
    auto messages = alarmbridge::format::payloads(*event, options);
    std::cerr << "alarmbridge: sending " << messages.size() << " message(s) to " << client.redacted_url() << '\n';
    for (std::size_t i = 0; i < messages.size(); ++i) {
        json report = {{"record", i}};
        if (!messages[i]) {
            report.update({{"delivered", false}, {"attempts", 0}, {"status", nullptr}, {"slack_error", nullptr},
                           {"elapsed_ms", 0}, {"error", error_json(messages[i].error())}});
            status = exit_failed;
            out.push_back(std::move(report));
            continue;
        }
        const auto d = client.post_json(std::move(*messages[i]), deadline);
        report["delivered"] = d.delivered;
        report["attempts"] = d.attempts;
        report["status"] = d.status != 0 ? json(d.status) : json(nullptr);
        report["slack_error"] = d.reason_text.empty() ? json(nullptr) : json(d.reason_text);
        report["elapsed_ms"] = d.elapsed.count();
        if (d.maybe_posted) report["maybe_posted"] = true;
        if (d.error) {
            report["error"] = {{"code", std::string(alarmbridge::to_string(d.error->code))}, {"message", d.error->message}};
            status = exit_failed;
        }
        out.push_back(std::move(report));
    }
    if (!write_output(out.dump(2, ' ', false, json::error_handler_t::replace) + '\n')) return exit_failed;
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) return usage_error("a command is required");
    const std::string command = args[0];
    if (command == "-h" || command == "--help" || command == "help") {
        std::cout << usage_text;
        return exit_ok;
    }
    if (command == "--version") {
        std::cout << "alarmbridge " << alarmbridge::version_string << '\n';
        return exit_ok;
    }
    if (command == "verify") return alarmbridge::tools::run_verify({args.begin() + 1, args.end()});
    std::vector<std::string> operands;
    alarmbridge::parse_options parsing;
    alarmbridge::format::options format_options;
    send_settings send;
    alarmbridge::tools::verify_settings verify_settings;
    bool verify = false;
    std::string verify_option;  // the first --cert-dir, --at or --max-age, when given
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "-h" || a == "--help") {
            std::cout << usage_text;
            return exit_ok;
        }
        if (command == "send" && (a == "--webhook-url" || a.rfind("--webhook-url=", 0) == 0 || a == "--url"))
            return usage_error("the webhook URL is a secret and is never taken from the command line (it would "
                               "show in ps and shell history): use --webhook-url-env NAME or --webhook-url-file PATH");
        if (command == "send" && (a == "--webhook-url-env" || a == "--webhook-url-file" || a == "--timeout" ||
                                  a == "--attempt-timeout" || a == "--max-attempts" || a == "--ca-file")) {
            if (i + 1 >= args.size()) return usage_error(a + " needs a value");
            const std::string& v = args[++i];
            if (a == "--webhook-url-env") {
                send.url_env = v;
            } else if (a == "--webhook-url-file") {
                send.url_file = v;
            } else if (a == "--ca-file") {
                send.ca_file = v;
            } else if (a == "--timeout" || a == "--attempt-timeout") {
                char* end = nullptr;
                double& seconds = a == "--timeout" ? send.timeout_seconds : send.attempt_timeout_seconds;
                seconds = std::strtod(v.c_str(), &end);
                if (end == v.c_str() || *end != '\0' || !(seconds > 0) || seconds > 900)
                    return usage_error(a + " takes seconds, more than 0 and at most 900");
            } else {
                char* end = nullptr;
                const long n = std::strtol(v.c_str(), &end, 10);
                if (end == v.c_str() || *end != '\0' || n < 1 || n > 20)
                    return usage_error("--max-attempts takes a whole number from 1 to 20");
                send.max_attempts = static_cast<int>(n);
            }
            continue;
        }
        if (a == "--max-input-bytes" || a == "--max-records") {
            if (i + 1 >= args.size()) return usage_error(a + " needs a value");
            const std::string& v = args[++i];
            char* end = nullptr;
            errno = 0;
            const unsigned long long n = std::strtoull(v.c_str(), &end, 10);
            constexpr unsigned long long most = 1ull << 32;
            if (end == v.c_str() || *end != '\0' || v[0] == '-' || errno != 0 || n < 1 || n > most)
                return usage_error(a + " takes a whole number from 1 to " + std::to_string(most));
            (a == "--max-records" ? parsing.max_records : parsing.max_input_bytes) = static_cast<std::size_t>(n);
            continue;
        }
        if (command == "parse" || command == "format" || command == "send") {
            if (a == "--verify") {
                verify = true;
                continue;
            }
            std::string problem;
            if (alarmbridge::tools::read_verify_option(args, i, verify_settings, problem)) {
                if (!problem.empty()) return usage_error(problem);
                if (verify_option.empty()) verify_option = a;
                continue;
            }
        }
        if ((command == "format" || command == "send") && (a == "--locale" || a == "--style")) {
            if (i + 1 >= args.size()) return usage_error(a + " needs a value");
            const std::string& v = args[++i];
            if (a == "--locale") {
                if (!alarmbridge::format::find_locale(v)) return usage_error("unknown locale " + v + " (en, ko)");
                format_options.locale = v;
            } else if (v == "rich") {
                format_options.style = alarmbridge::format::style::rich;
            } else if (v == "compact") {
                format_options.style = alarmbridge::format::style::compact;
            } else if (v == "blueprint") {
                format_options.style = alarmbridge::format::style::blueprint;
            } else {
                return usage_error("unknown style " + v + " (rich, compact, blueprint)");
            }
            continue;
        }
        if (a.size() > 1 && a[0] == '-') return usage_error("unknown option " + a);
        operands.push_back(a);
    }
    if (operands.size() > 1) return usage_error("at most one input file");
    if (!verify && !verify_option.empty()) return usage_error(verify_option + " goes with --verify");
    std::optional<alarmbridge::tools::verify_settings> verifying;
    if (verify) verifying = std::move(verify_settings);
    const std::string input = operands.empty() ? "-" : operands[0];
    if (command == "parse") return run_parse(input, parsing, verifying);
    if (command == "validate") return run_validate(input, parsing);
    if (command == "format") return run_format(input, format_options, parsing, verifying);
    if (command == "send") return run_send(input, format_options, send, parsing, verifying);
    return usage_error("unknown command " + command);
}
