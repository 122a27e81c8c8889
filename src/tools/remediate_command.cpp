// `alarmbridge remediate`: see remediate_command.hpp.
#include "remediate_command.hpp"

#include "options.hpp"
#include "read_input.hpp"
#include "subcommand.hpp"

#include <alarmbridge/event.hpp>
#include <alarmbridge/remediate/remediator.hpp>
#include <alarmbridge/slack/webhook.hpp>

#include <nlohmann/json.hpp>

#include <iostream>

namespace alarmbridge::tools {

const char* const remediate_usage =
    "usage: alarmbridge remediate --policy FILE [--dry-run] [--deadline SECONDS] [FILE|-]\n"
    "\n"
    "  Run the remediation policy over every record of the event (FILE, or standard input) and\n"
    "  print the decision report as a JSON array, one object per record: record, rule, decision\n"
    "  (sent, dry_run, skipped), reason, instance, document, parameters, command_id, status;\n"
    "  for an Auto Scaling group's alarm auto_scaling_group, targets, max_concurrency, max_errors\n"
    "  instead of instance, and the counts and instances of the outcome.\n"
    "  SSM is called in the alarm's region (AWS_ENDPOINT_URL and the credential chain apply).\n"
    "  See docs/remediation.md.\n"
    "\n"
    "  --policy FILE     the policy (JSON)\n"
    "  --dry-run         check everything, send nothing, whatever the policy's mode\n"
    "  --deadline SECONDS\n"
    "                    how long to wait for the commands to finish (default 60, at most 900)\n"
    "\n"
    "exit status: 0 every record handled as the policy says (a command still running at the\n"
    "deadline included), 1 an action failed, the event or one of its records could not be read,\n"
    "2 usage error or a policy that cannot be read\n";

int run_remediate(const std::vector<std::string>& args) {
    constexpr const char* command = "remediate";
    std::string policy_file;
    bool dry_run = false;
    double deadline_seconds = 60;
    const std::vector<option> options{
        {"--policy", true, [&](const std::string& v) -> std::optional<std::string> {
             policy_file = v;
             return std::nullopt;
         }},
        {"--dry-run", false, [&](const std::string&) -> std::optional<std::string> {
             dry_run = true;
             return std::nullopt;
         }},
        {"--deadline", true, [&](const std::string& v) -> std::optional<std::string> {
             auto s = seconds(v, 900);
             if (!s) return "--deadline takes seconds, more than 0 and at most 900";
             deadline_seconds = *s;
             return std::nullopt;
         }},
    };
    arguments line;
    if (auto problem = read_arguments(args, options, 1, line)) return usage_error(command, *problem);
    if (line.help) return print_usage(std::string(remediate_usage) + option_value_note);
    if (policy_file.empty()) return usage_error(command, "--policy FILE is required");

    std::string text;
    std::string problem;
    if (!read_input(policy_file, 256 * 1024, text, problem)) return input_error(problem);
    auto policy = remediate::parse_policy(text);
    if (!policy) return input_error("the policy " + policy_file + ": " + policy.error().describe());

    const std::string file = line.operands.empty() ? "-" : line.operands[0];
    const parse_options parsing;
    if (!read_input(file, parsing.max_input_bytes, text, problem)) return input_error(problem);
    auto event = parse_event(text, parsing);
    if (!event) {
        std::cerr << "alarmbridge remediate: " << event.error().describe() << '\n';
        std::cout << "[]\n";
        return exit_failed;
    }

    remediate::remediator_options ro;
    ro.force_dry_run = dry_run;
    remediate::remediator r(std::move(*policy), ro);
    const auto budget = std::chrono::milliseconds(static_cast<long long>(deadline_seconds * 1000));
    const auto decisions = r.run(*event, slack::deadline_after(budget));

    nlohmann::ordered_json report = nlohmann::ordered_json::array();
    bool failed = false;
    for (const auto& d : decisions) {
        report.push_back(remediate::to_json(d));
        failed = failed || d.failed;
    }
    std::cout << report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    return failed ? exit_failed : exit_ok;
}

}  // namespace alarmbridge::tools
