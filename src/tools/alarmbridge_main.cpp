// The `alarmbridge` command: the table of subcommands, and `alarmbridge --help` made from it.
// Each subcommand lives in its own <name>_command.cpp and reads its own options (options.hpp);
// `alarmbridge <command> --help` prints that command's usage.
#include "config_command.hpp"
#include "preview_command.hpp"
#include "remediate_command.hpp"
#include "subcommand.hpp"

#include <alarmbridge/version.hpp>

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

namespace {

using alarmbridge::tools::subcommand;

// One line per subcommand.
const subcommand subcommands[] = {
    {"parse", "read an event and print every record as the model reads it", alarmbridge::tools::run_parse},
    {"format", "print the Slack payload of every record", alarmbridge::tools::run_format},
    {"validate", "check Slack payloads against Slack's limits", alarmbridge::tools::run_validate},
    {"send", "format every record and deliver it to a Slack incoming webhook", alarmbridge::tools::run_send},
    {"verify", "check the AWS signature of every SNS message", alarmbridge::tools::run_verify},
    {"preview", "show Slack payloads, or an event formatted, as Slack lays them out (--html: a web page)",
     alarmbridge::tools::run_preview},
    {"config", "print where the webhook URL comes from (redacted), the AWS region and credential source, as JSON",
     alarmbridge::tools::run_config},
    {"remediate", "run the remediation policy over every record and print the decisions (SSM)", alarmbridge::tools::run_remediate},
};

std::string usage() {
    std::string text =
        "usage: alarmbridge <command> [options] [FILE|-]\n"
        "\n"
        "commands (FILE, or standard input when FILE is '-' or absent):\n";
    for (const auto& c : subcommands) {
        std::string synopsis = "  " + std::string(c.name) + " [FILE|-]";
        synopsis.resize(std::max<std::size_t>(synopsis.size() + 2, 22), ' ');
        text += synopsis + c.summary + "\n";
    }
    text +=
        "\n"
        "alarmbridge <command> --help shows a command's options. Common to parse, format and send:\n"
        "  --compact (JSON Lines out), --lines (newline-delimited events in), --verify, and the\n"
        "  limits --max-input-bytes, --max-total-bytes and --max-records.\n"
        "\n"
        "  -h, --help       this text\n"
        "  --version        the version\n"
        "\n"
        "exit status: 0 success; 1 any record, line or message failed (validate: any error);\n"
        "             2 usage error or an input that cannot be read\n";
    return text;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) return alarmbridge::tools::usage_error("", "a command is required");
    const std::string& command = args[0];
    if (command == "-h" || command == "--help") return alarmbridge::tools::print_usage(usage());
    if (command == "--version") {
        std::cout << "alarmbridge " << alarmbridge::version_string << '\n';
        return alarmbridge::tools::exit_ok;
    }
    if (command == "help") {  // alarmbridge help [COMMAND]
        if (args.size() == 1) return alarmbridge::tools::print_usage(usage());
        for (const auto& c : subcommands)
            if (args[1] == c.name) return c.run({"--help"});
        return alarmbridge::tools::usage_error("", "unknown command " + args[1]);
    }
    for (const auto& c : subcommands)
        if (command == c.name) return c.run({args.begin() + 1, args.end()});
    return alarmbridge::tools::usage_error("", "unknown command " + command);
}
