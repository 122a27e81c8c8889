// The `alarmbridge` command.
//
//   alarmbridge parse [FILE|-]     one JSON element per record: alarm, text or error
//
// Exit codes: 0 every record parsed, 1 any record (or the whole input) failed, 2 usage errors.
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
    "\n"
    "options:\n"
    "  -h, --help       this text\n"
    "  --version        the version\n"
    "\n"
    "exit status: 0 every record parsed, 1 any record or the whole input failed, 2 usage error\n";

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
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "-h" || a == "--help") {
            std::cout << usage_text;
            return exit_ok;
        }
        if (a.size() > 1 && a[0] == '-') return usage_error("unknown option " + a);
        operands.push_back(a);
    }
    if (operands.size() > 1) return usage_error("at most one input file");
    const std::string input = operands.empty() ? "-" : operands[0];
    if (command == "parse") return run_parse(input);
    return usage_error("unknown command " + command);
}
