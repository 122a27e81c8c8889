// `alarmbridge parse`: every record of an event as the model reads it.
#include "event_command_line.hpp"
#include "output.hpp"
#include "report_fields.hpp"
#include "subcommand.hpp"
#include "verify_command.hpp"

#include <alarmbridge/alarmbridge.hpp>

#include <nlohmann/json.hpp>

namespace alarmbridge::tools {

namespace {

const std::string parse_usage =
    std::string("usage: alarmbridge parse [--compact] [--lines] [--verify ...] [limits] [FILE|-]\n"
    "\n"
    "  Read an SNS Lambda event, SNS HTTP body, EventBridge alarm event, alarm Lambda-action\n"
    "  payload or bare alarm JSON (FILE, or standard input when FILE is '-' or absent) and print\n"
    "  one element per record: {\"record\": i, \"alarm\": {...}}, {\"record\": i, \"text\": \"...\"}\n"
    "  or {\"record\": i, \"error\": {\"code\", \"where\", \"message\"}}; an input that cannot be read\n"
    "  as a whole gives one {\"error\": {...}}.\n"
    "\n"
    "  --compact        one element per line (JSON Lines) instead of one indented JSON array\n"
    "  --lines          the input is newline-delimited JSON, one event per line (blank lines\n"
    "                   skipped); every element starts with \"line\": n\n"
    "  --verify [--cert-dir DIR] [--at now|message|RFC3339] [--max-age SECONDS|none]\n"
    "                   check each record's SNS signature first (see alarmbridge verify --help);\n"
    "                   a record that does not verify is an error and is not printed\n") +
    input_options_usage + records_option_usage + "\n" + option_value_note +
    "exit status: 0 every record read, 1 any record or input failed, 2 usage error or unreadable FILE\n";

/// The model's JSON for one alarm, in the model's member order, with its console link. (Through
/// nlohmann for now: the one place parse's output comes from the model's adapters.)
std::string alarm_json(const cloudwatch::alarm& a) {
    nlohmann::ordered_json j = a;
    const auto url = cloudwatch::console_url(a);
    j["console_url"] = url ? nlohmann::ordered_json(*url) : nlohmann::ordered_json(nullptr);
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

/// The record's content: "alarm" or "text", or "error".
void write_parsed_record(detail::json_writer& w, const result<record>& rec) {
    if (!rec) {
        write_error(w, rec.error());
    } else if (const auto* a = std::get_if<cloudwatch::alarm>(&rec->body)) {
        w.key("alarm");
        w.embed(alarm_json(*a));
    } else {
        w.key("text");
        w.value(std::get<text_message>(rec->body).text);
    }
}

}  // namespace

int run_parse(const std::vector<std::string>& args) {
    event_command_line line;
    if (const auto done = read_event_command_line("parse", parse_usage, args, {}, line)) return *done;

    output out(line.compact ? report_form::compact : report_form::pretty);
    int status = exit_ok;
    const auto unreadable = read_documents(
        line.file, line.input, [&](const input_document& doc) {
            if (doc.refused) {
                status = exit_failed;
                out.element([&](detail::json_writer& w) {
                    w.begin_object();
                    write_line(w, doc.line);
                    write_error(w, *doc.refused);
                    w.end_object();
                });
                return;
            }
            auto event = parse_event(doc.bytes, line.input.parsing);
            if (line.verify.on) drop_unverified(event, std::string(doc.bytes), line.verify.settings);
            if (!event) {
                status = exit_failed;
                out.element([&](detail::json_writer& w) {
                    w.begin_object();
                    write_line(w, doc.line);
                    write_error(w, event.error());
                    w.end_object();
                });
                return;
            }
            for (std::size_t i = 0; i < event->records.size(); ++i) {
                if (!event->records[i]) status = exit_failed;
                out.element([&](detail::json_writer& w) {
                    w.begin_object();
                    write_line(w, doc.line);
                    write_record(w, i);
                    write_parsed_record(w, event->records[i]);
                    w.end_object();
                });
            }
        });
    if (unreadable) return input_error(*unreadable);
    if (!out.finish()) return exit_failed;
    return status;
}

}  // namespace alarmbridge::tools
