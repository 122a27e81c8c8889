// `alarmbridge preview [--html FILE] [--width N] [--color auto|always|never] [--locale en|ko]
//                      [--style rich|compact|blueprint] [FILE|-]`
//
// Shows messages as Slack would (slack/render.hpp): Slack payloads (one object, or a JSON array
// of them such as `alarmbridge format` prints) or an event (anything `format` reads: formatted
// first with format::payloads, --locale and --style as for `format`). A JSON object with a
// "blocks", "attachments" or "text" key, or an array of such objects, is taken as payloads;
// anything else as an event. Prints the terminal rendering (messages separated by a blank line),
// or with --html writes one HTML page of all the messages to FILE ("-": standard output).
// Exit 0 when every message was shown, 1 when any could not be read or formatted (the others are
// still shown), 2 for usage errors and unreadable input.
#pragma once

#include <alarmbridge/format/alarm_message.hpp>

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

namespace alarmbridge::tools {

/// What --color auto and the default width go by: whether the output is a terminal, and its columns.
struct output_terminal {
    bool is_terminal{false};
    std::size_t columns{0};  ///< 0: unknown (the width is then 80)
};

/// The usage text of the preview command.
extern const char* const preview_usage;

/// args: what follows the word "preview". Reads FILE or standard input, writes to std::cout and
/// std::cerr; asks whether standard output is a terminal (isatty) and its width (TIOCGWINSZ).
int run_preview(const std::vector<std::string>& args);

/// The same, writing to the given streams, with the terminal as given (tests).
int run_preview(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                const output_terminal& terminal = {});

}  // namespace alarmbridge::tools
