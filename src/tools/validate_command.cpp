// `alarmbridge validate`: a Slack payload (or format's output) checked against Slack's limits.
#include "event_input.hpp"
#include "output.hpp"
#include "subcommand.hpp"

#include <alarmbridge/parse_options.hpp>
#include <alarmbridge/slack/validate.hpp>

#include <nlohmann/json.hpp>

namespace alarmbridge::tools {

namespace {

const std::string validate_usage =
    std::string("usage: alarmbridge validate [--lines] [--max-input-bytes N] [--max-total-bytes N] [FILE|-]\n"
    "\n"
    "  Check a Slack message payload, a JSON array of them, or what alarmbridge format prints,\n"
    "  against Slack's limits; print one line per violation, PATH: message, with the limit and\n"
    "  the actual value. Warnings are marked (warning); an element that is format's {\"error\": ...}\n"
    "  is reported as not a message.\n"
    "\n"
    "  --lines          the input is newline-delimited JSON (what format --compact prints), one\n"
    "                   payload (or format --lines element) per line; lines are reported as\n"
    "                   \"line N: PATH: message\"\n"
    ) + input_options_usage + "\n" + option_value_note +
    "exit status: 0 valid (warnings allowed), 1 any error, 2 usage error or unreadable FILE\n";

/// format's element for one record: the payload bare, {"error": ...}, or with --lines
/// {"line", "record", "payload" | "error"}. Gives the message to check and its path, or nullptr
/// when the element is format's error.
const nlohmann::json* message_of(const nlohmann::json& element, std::string& path, bool& format_error) {
    format_error = false;
    if (!element.is_object() || element.empty()) return &element;
    bool envelope = true;
    for (const auto& [k, v] : element.items())
        envelope = envelope && (k == "line" || k == "record" || k == "payload" || k == "error");
    if (!envelope) return &element;
    if (element.contains("error")) {
        format_error = true;
        return nullptr;
    }
    if (!element.contains("payload")) return &element;
    path += "/payload";
    return &element["payload"];
}

/// The report on one document: its lines, and whether any is an error.
bool validate_document(std::string_view input, const std::string& where, const parse_options& parsing,
                       std::string& report) {
    const std::string at = where.empty() ? "" : where + ": ";
    if (input.size() > parsing.max_input_bytes) {
        report += at + "/: too_large: the input is more than " + std::to_string(parsing.max_input_bytes) +
                  " bytes (--max-input-bytes raises the limit)\n";
        return true;
    }
    // Nesting past the limit is refused as it is read: nothing deeper is kept, so nothing
    // recursive (validate, a copy) ever sees it.
    bool too_deep = false;
    nlohmann::json payload;
    try {
        payload = nlohmann::json::parse(
            input,
            [&](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
                if (static_cast<std::size_t>(depth) < max_json_depth) return true;
                too_deep = true;
                return false;
            },
            true);
    } catch (const nlohmann::json::parse_error& e) {
        // nlohmann's message says where: "parse error at line 1, column 5: ...".
        report += at + "/: json_syntax: the input is not valid JSON: " + e.what() + "\n";
        return true;
    }
    if (too_deep) {
        report += at + "/: too_deep: nested more than " + std::to_string(max_json_depth) + " levels deep\n";
        return true;
    }
    // One message, or an array of them (the output of `alarmbridge format`).
    std::vector<std::pair<std::string, const nlohmann::json*>> elements;
    if (payload.is_array()) {
        for (std::size_t i = 0; i < payload.size(); ++i) elements.emplace_back("/" + std::to_string(i), &payload[i]);
    } else {
        elements.emplace_back("", &payload);
    }
    bool any_error = false;
    for (auto& [prefix, element] : elements) {
        bool format_error = false;
        const auto* message = message_of(*element, prefix, format_error);
        if (format_error) {
            report += at + (prefix.empty() ? "/" : prefix) + ": not a message: its record could not be formatted\n";
            any_error = true;
            continue;
        }
        for (auto v : slack::validate(*message)) {
            v.path = prefix + v.path;
            report += at + v.describe() + '\n';
            any_error = any_error || v.level == slack::severity::error;
        }
    }
    return any_error;
}

}  // namespace

int run_validate(const std::vector<std::string>& args) {
    input_settings input;
    std::vector<option> options;
    add_input_options(options, input, false);
    arguments parsed;
    if (auto problem = read_arguments(args, options, 1, parsed)) return usage_error("validate", *problem);
    if (parsed.help) return print_usage(validate_usage);

    output out(report_form::text);
    bool any_error = false;
    std::string report;
    const auto unreadable = read_documents(
        parsed.operands.empty() ? "-" : parsed.operands[0], input, [&](const input_document& doc) {
            report.clear();
            const std::string where = doc.line == 0 ? "" : "line " + std::to_string(doc.line);
            if (doc.refused) {
                report = (where.empty() ? "" : where + ": ") + "/: " + std::string(to_string(doc.refused->code)) + ": " +
                         doc.refused->message + '\n';
                any_error = true;
            } else {
                any_error = validate_document(doc.bytes, where, input.parsing, report) || any_error;
            }
            out.text(report);
        });
    if (unreadable) return input_error(*unreadable);
    if (!out.finish()) return exit_failed;
    return any_error ? exit_failed : exit_ok;
}

}  // namespace alarmbridge::tools
