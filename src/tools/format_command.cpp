// `alarmbridge format`: the Slack payload of every record, straight from the event's bytes.
#include "event_command_line.hpp"
#include "output.hpp"
#include "payloads.hpp"
#include "report_fields.hpp"
#include "subcommand.hpp"
#include "verify_command.hpp"

namespace alarmbridge::tools {

namespace {

const std::string format_usage =
    std::string("usage: alarmbridge format [--locale en|ko] [--style rich|compact|blueprint] [--compact] [--lines]\n"
    "                          [--verify ...] [limits] [FILE|-]\n"
    "\n"
    "  Read an event as alarmbridge parse does and print the Slack payload of every record, in\n"
    "  record order, with its keys in the order Slack receives them; a record that cannot be\n"
    "  formatted gives {\"error\": {\"code\", \"where\", \"message\"}} in its place. The output can be\n"
    "  fed straight to alarmbridge validate.\n"
    "\n"
    "  --locale en|ko   the language of the message (default en)\n"
    "  --style rich|compact|blueprint\n"
    "                   Block Kit with buttons, a shorter Block Kit message, or the plain-text\n"
    "                   message of AWS's Lambda blueprint (default rich)\n"
    "  --compact        one payload per line, each exactly the body Slack is sent (JSON Lines),\n"
    "                   instead of one indented JSON array\n"
    "  --lines          the input is newline-delimited JSON, one event per line (blank lines\n"
    "                   skipped); every element is {\"line\": n, \"record\": i, \"payload\": {...}}\n"
    "                   or {\"line\": n, \"record\": i, \"error\": {...}}\n"
    "  --verify [--cert-dir DIR] [--at now|message|RFC3339] [--max-age SECONDS|none]\n"
    "                   check each record's SNS signature first (see alarmbridge verify --help);\n"
    "                   a record that does not verify is an error and is not formatted\n") +
    input_options_usage + records_option_usage + "\n" + option_value_note +
    "exit status: 0 every record formatted, 1 any record or input failed, 2 usage error or\n"
    "             unreadable FILE\n";

}  // namespace

int run_format(const std::vector<std::string>& args) {
    event_command_line line;
    format::options formatting;
    std::vector<option> own;
    add_format_options(own, formatting);
    if (const auto done = read_event_command_line("format", format_usage, args, std::move(own), line)) return *done;

    output out(line.compact ? report_form::compact : report_form::pretty);
    int status = exit_ok;
    // Without --lines an element is the payload itself (what validate and Slack take); with
    // --lines it says where the payload came from.
    auto failed = [&](std::size_t number, std::optional<std::size_t> record, const error& e) {
        status = exit_failed;
        out.element([&](detail::json_writer& w) {
            w.begin_object();
            write_line(w, number);
            if (number != 0 && record) write_record(w, record);
            write_error(w, e);
            w.end_object();
        });
    };
    const auto unreadable = read_documents(
        line.file, line.input, [&](const input_document& doc) {
            if (doc.refused) return failed(doc.line, std::nullopt, *doc.refused);
            const auto payloads = event_payloads(doc.bytes, formatting, line.input.parsing, line.verify);
            if (!payloads) return failed(doc.line, std::nullopt, payloads.error());
            for (std::size_t i = 0; i < payloads->size(); ++i) {
                const auto& p = (*payloads)[i];
                if (!p) {
                    failed(doc.line, i, p.error());
                    continue;
                }
                out.element([&](detail::json_writer& w) {
                    if (doc.line == 0) return w.embed(*p);
                    w.begin_object();
                    write_line(w, doc.line);
                    write_record(w, i);
                    w.key("payload");
                    w.embed(*p);
                    w.end_object();
                });
            }
        });
    if (unreadable) return input_error(*unreadable);
    if (!out.finish()) return exit_failed;
    return status;
}

}  // namespace alarmbridge::tools
