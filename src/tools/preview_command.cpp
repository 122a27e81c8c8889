// `alarmbridge preview`: see preview_command.hpp.
#include "preview_command.hpp"

#include "format_options.hpp"

#include "read_input.hpp"

#include <alarmbridge/format/alarm_message.hpp>
#include <alarmbridge/parse_options.hpp>
#include <alarmbridge/slack/message.hpp>
#include <alarmbridge/slack/render.hpp>

#include <nlohmann/json.hpp>

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>

namespace alarmbridge::tools {

const char* const preview_usage =
    "usage: alarmbridge preview [--html FILE] [--width N] [--color auto|always|never]\n"
    "                           [--locale en|ko] [--style rich|compact|blueprint] [FILE|-]\n"
    "\n"
    "  Show messages as Slack would, before sending them. FILE (or standard input) holds Slack\n"
    "  payloads (one JSON object with blocks, attachments or text, or an array of them, as\n"
    "  alarmbridge format prints) or an event, which is formatted first as format does.\n"
    "\n"
    "  --html FILE      write one self-contained HTML page of the messages to FILE ('-':\n"
    "                   standard output) instead of the terminal rendering\n"
    "  --width N        wrap to N columns (20 to 1000; default: the terminal's, else 80)\n"
    "  --color WHEN     ANSI colors: auto (default: when standard output is a terminal and\n"
    "                   NO_COLOR is not set), always, never\n"
    "  --locale, --style\n"
    "                   how an event is formatted, as for alarmbridge format\n"
    "\n"
    "exit status: 0 every message shown, 1 any could not be read or formatted, 2 usage error\n";

namespace {

int usage(std::ostream& err, const std::string& problem) {
    err << "alarmbridge preview: " << problem << "\n\n" << preview_usage;
    return 2;
}

/// A message of the library or of the input, quoted with every control and non-ASCII
/// character escaped, so that nothing of the input acts on the terminal.
std::string quoted(const std::string& text) {
    return nlohmann::json(text).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
}

std::string describe(const error& e) {
    std::string s(to_string(e.code));
    if (!e.where.empty()) s += " at " + e.where;
    return s + ": " + quoted(e.message);
}

bool is_payload(const nlohmann::json& j) {
    return j.is_object() && (j.contains("blocks") || j.contains("attachments") || j.contains("text"));
}

/// The messages of the input, in order, each read or the reason it could not be; whole is set
/// when the input as a whole could not be read (an event parse_event refuses).
struct read_messages {
    std::vector<result<slack::message>> messages;
    std::optional<error> whole;
};

read_messages messages_of(const std::string& input, const format::options& options) {
    read_messages r;
    const parse_options parsing;
    bool too_deep = false;
    const auto j = nlohmann::json::parse(
        input,
        [&](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
            if (static_cast<std::size_t>(depth) < max_json_depth) return true;
            too_deep = true;
            return false;
        },
        false);
    const bool payloads = !too_deep && !j.is_discarded() && input.size() <= parsing.max_input_bytes &&
                          (is_payload(j) || (j.is_array() && !j.empty() && is_payload(j.front())));
    if (!payloads) {
        // An event: formatted exactly as `format` and `send` do, then read back.
        auto formatted = format::payloads(input, options, parsing);
        if (!formatted) {
            r.whole = formatted.error();
            return r;
        }
        for (auto& p : *formatted) {
            if (p) r.messages.push_back(slack::parse_message(*p, parsing));
            else r.messages.emplace_back(p.error());
        }
        return r;
    }
    auto one = [&](const nlohmann::json& m) -> result<slack::message> {
        if (m.is_object() && m.size() == 1 && m.contains("error"))
            return error{errc::bad_value, "not a message: its record could not be formatted", ""};
        return slack::read_message(m);
    };
    if (j.is_array()) {
        for (const auto& m : j) r.messages.push_back(one(m));
    } else {
        r.messages.push_back(one(j));
    }
    return r;
}

}  // namespace

int run_preview(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                const output_terminal& terminal) {
    format::options options;
    std::optional<std::string> html;
    std::optional<std::size_t> width;
    std::string color = "auto";
    std::vector<option> table;
    add_format_options(table, options);
    table.push_back({"--html", true, [&html](const std::string& v) -> std::optional<std::string> {
                         html = v;
                         return std::nullopt;
                     }});
    table.push_back({"--color", true, [&color](const std::string& v) -> std::optional<std::string> {
                         if (v != "auto" && v != "always" && v != "never")
                             return std::string("--color takes auto, always or never");
                         color = v;
                         return std::nullopt;
                     }});
    table.push_back({"--width", true, [&width](const std::string& v) -> std::optional<std::string> {
                         const auto n = whole_number(v, 1000);
                         if (!n || *n < slack::min_render_width)
                             return std::string("--width takes a whole number from 20 to 1000");
                         width = static_cast<std::size_t>(*n);
                         return std::nullopt;
                     }});
    arguments parsed;
    if (auto problem = read_arguments(args, table, 1, parsed)) return usage(err, *problem);
    if (parsed.help) {
        out << preview_usage;
        return 0;
    }
    const std::optional<std::string> input_name =
        parsed.operands.empty() ? std::nullopt : std::optional<std::string>(parsed.operands[0]);

    std::string input, problem;
    if (!read_input(input_name.value_or("-"), parse_options{}.max_input_bytes, input, problem)) {
        err << "alarmbridge preview: " << problem << '\n';
        return 2;
    }
    const auto read = messages_of(input, options);
    if (read.whole) {
        err << "alarmbridge preview: " << describe(*read.whole) << '\n';
        return 1;
    }
    int status = 0;
    std::vector<slack::message> shown;
    for (std::size_t i = 0; i < read.messages.size(); ++i) {
        if (read.messages[i]) {
            shown.push_back(*read.messages[i]);
            continue;
        }
        err << "alarmbridge preview: message " << i << ": " << describe(read.messages[i].error()) << '\n';
        status = 1;
    }

    if (html) {
        const std::string page = slack::render_html(shown);
        if (*html == "-") {
            out << page;
        } else {
            std::ofstream file(*html, std::ios::binary | std::ios::trunc);
            file << page;
            file.close();
            if (!file) {
                err << "alarmbridge preview: cannot write " << *html << '\n';
                return 1;
            }
        }
    } else {
        const bool ansi = color == "always" || (color == "auto" && terminal.is_terminal && !std::getenv("NO_COLOR"));
        const std::size_t columns = width.value_or(terminal.columns >= slack::min_render_width ? std::min<std::size_t>(terminal.columns, 1000) : 80);
        for (std::size_t i = 0; i < shown.size(); ++i) {
            if (i) out << '\n';
            out << slack::render_text(shown[i], columns, ansi ? slack::text_color::ansi : slack::text_color::plain);
        }
    }
    out.flush();
    if (!out) {
        err << "alarmbridge preview: cannot write the output\n";
        return 1;
    }
    return status;
}

int run_preview(const std::vector<std::string>& args) {
    output_terminal terminal;
    terminal.is_terminal = ::isatty(STDOUT_FILENO) == 1;
    winsize size{};
    if (terminal.is_terminal && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0) terminal.columns = size.ws_col;
    return run_preview(args, std::cout, std::cerr, terminal);
}

}  // namespace alarmbridge::tools
