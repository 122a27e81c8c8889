// The `alarmbridge` command.
//
//   alarmbridge parse [FILE|-]      one JSON element per record: alarm, text or error
//   alarmbridge format [--locale en|ko] [--style rich|compact|blueprint] [FILE|-]
//                                   one Slack payload per record
//   alarmbridge validate [FILE|-]   one line per violation of Slack's limits
//
// Exit codes: 0 success, 1 any record failed / any violation is an error, 2 usage errors.
#include <alarmbridge/alarmbridge.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
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
    "  validate [FILE|-]\n"
    "                   check a Slack message payload (or a JSON array of them) against\n"
    "                   Slack's limits; print one line per violation, PATH: message, with\n"
    "                   the limit and the actual value; warnings are marked (warning)\n"
    "\n"
    "options:\n"
    "  -h, --help       this text\n"
    "  --version        the version\n"
    "\n"
    "exit status: parse, format: 0 every record done, 1 any record or the whole input failed;\n"
    "             validate: 0 valid (warnings allowed), 1 any error; both: 2 usage error\n";

int usage_error(const std::string& message) {
    std::cerr << "alarmbridge: " << message << "\n\n" << usage_text;
    return exit_usage;
}

bool read_input(const std::string& name, std::string& out, std::string& problem) {
    if (name == "-") {
        std::ostringstream buffer;
        buffer << std::cin.rdbuf();
        out = std::move(buffer).str();
        return true;
    }
    std::ifstream in(name, std::ios::binary);
    if (!in) {
        problem = "cannot open " + name;
        return false;
    }
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return true;
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

int run_parse(const std::string& input_name) {
    std::string input, problem;
    if (!read_input(input_name, input, problem)) return usage_error(problem);
    json out = json::array();
    const auto event = alarmbridge::parse_event(input);
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
    std::cout << out.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
    return status;
}

int run_format(const std::string& input_name, const alarmbridge::format::options& options) {
    std::string input, problem;
    if (!read_input(input_name, input, problem)) return usage_error(problem);
    nlohmann::json out = nlohmann::json::array();
    const auto event = alarmbridge::parse_event(input);
    int status = exit_ok;
    auto error_element = [](const alarmbridge::error& e) {
        return nlohmann::json{{"error", {{"code", std::string(alarmbridge::to_string(e.code))}, {"where", e.where}, {"message", e.message}}}};
    };
    if (!event) {
        out.push_back(error_element(event.error()));
        status = exit_failed;
    } else {
        for (const auto& m : alarmbridge::format::format_event(*event, options)) {
            if (!m) {
                out.push_back(error_element(m.error()));
                status = exit_failed;
                continue;
            }
            nlohmann::json j;
            to_json(j, *m);
            out.push_back(std::move(j));
        }
    }
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    return status;
}

int run_validate(const std::string& input_name) {
    std::string input, problem;
    if (!read_input(input_name, input, problem)) return usage_error(problem);
    const auto payload = nlohmann::json::parse(input, nullptr, false);
    if (payload.is_discarded()) {
        std::cout << "/: json_syntax: the input is not valid JSON\n";
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
    for (const auto& [prefix, message] : messages) {
        if (message->is_object() && message->size() == 1 && message->contains("error")) {
            std::cout << (prefix.empty() ? "/" : prefix) << ": not a message: its record could not be formatted\n";
            any_error = true;
            continue;
        }
        for (auto v : alarmbridge::slack::validate(*message)) {
            v.path = prefix + v.path;
            std::cout << v.describe() << '\n';
            any_error = any_error || v.level == alarmbridge::slack::severity::error;
        }
    }
    return any_error ? exit_failed : exit_ok;
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
    std::vector<std::string> operands;
    alarmbridge::format::options format_options;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "-h" || a == "--help") {
            std::cout << usage_text;
            return exit_ok;
        }
        if (command == "format" && (a == "--locale" || a == "--style")) {
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
    const std::string input = operands.empty() ? "-" : operands[0];
    if (command == "parse") return run_parse(input);
    if (command == "validate") return run_validate(input);
    if (command == "format") return run_format(input, format_options);
    return usage_error("unknown command " + command);
}
