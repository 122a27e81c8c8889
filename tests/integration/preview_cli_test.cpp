// `alarmbridge preview` (src/tools/preview_command.cpp), run in-process on string streams: payloads
// and events in, the terminal rendering or the HTML page out, options and exit statuses.
#include "preview_command.hpp"

#include <alarmbridge/format/alarm_message.hpp>
#include <alarmbridge/slack/message.hpp>
#include <alarmbridge/slack/render.hpp>

#include "in_process_command.hpp"
#include "temp_dir.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <optional>
#include <sstream>

namespace ab = alarmbridge;
using nlohmann::json;

namespace {

using run_result = ab::test::command_result;

run_result run(std::vector<std::string> args, const std::optional<std::string>& input = std::nullopt,
               ab::tools::output_terminal terminal = {}) {
    return ab::test::run_in_process(std::move(args), input, [&](const auto& a, auto& out, auto& err) {
        return ab::tools::run_preview(a, out, err, terminal);
    });
}

const std::string sample_event = "events/alarmbridge-sns-metric-3kb.json";

/// What render_text gives for the payloads of a golden file, messages separated by a blank line.
std::string rendered(const std::string& golden, std::size_t width, ab::slack::text_color color) {
    std::string out;
    bool first = true;
    for (const auto& p : json::parse(ab::test::read_data(golden))) {
        if (p.contains("error")) continue;
        if (!first) out += '\n';
        first = false;
        out += ab::slack::render_text(ab::slack::read_message(p).value(), width, color);
    }
    return out;
}

}  // namespace

// preview works on every golden payload file (an array of payloads, as `format` prints them).
TEST(PreviewCli, EveryGoldenPayloadFile) {
    std::size_t files = 0;
    for (const auto& path : ab::test::data_files("golden")) {
        const auto r = run({"--width", "72", "--color", "never", path.string()});
        const bool has_error = ab::test::read_file(path).find("\"error\"") != std::string::npos;
        EXPECT_EQ(r.status, has_error ? 1 : 0) << path << r.err;
        EXPECT_EQ(r.out, rendered("golden/" + path.filename().string(), 72, ab::slack::text_color::plain)) << path;
        ++files;
    }
    EXPECT_GE(files, 132u);
}

// An event is formatted first, with --locale and --style, exactly as `format` would.
TEST(PreviewCli, AnEventIsFormattedFirst) {
    for (const char* locale : {"en", "ko"}) {
        for (const char* style : {"rich", "compact", "blueprint"}) {
            const auto r = run({"--locale", locale, "--style", style, "--width", "80", ab::test::data_path(sample_event).string()});
            EXPECT_EQ(r.status, 0) << r.err;
            const std::string golden = std::string("golden/alarmbridge-sns-metric-3kb.") + locale + "." + style + ".expected.json";
            EXPECT_EQ(r.out, rendered(golden, 80, ab::slack::text_color::plain)) << locale << " " << style;
        }
    }
}

// One payload object, from standard input's stand-in; colors when asked or on a terminal.
TEST(PreviewCli, OnePayloadAndTheColorChoice) {
    const std::string payload = R"({"text":"x","attachments":[{"color":"good","text":"*all* clear"}]})";
    // The text above the attachment (no blocks: Slack shows it), then the attachment in its bar.
    EXPECT_EQ(run({"--width", "40"}, payload).out, "x\n| all clear\n");
    EXPECT_EQ(run({"--width", "40", "--color", "always"}, payload).out,
              "x\n\x1b[48;2;46;182;125m \x1b[0m \x1b[1mall\x1b[0m clear\n");
    const auto on_terminal = run({}, payload, {true, 50});
    if (std::getenv("NO_COLOR")) {
        EXPECT_EQ(on_terminal.out, "x\n| all clear\n");
    } else {
        EXPECT_NE(on_terminal.out.find("\x1b[48;2;46;182;125m"), std::string::npos);
    }
    EXPECT_EQ(run({"--color", "never"}, payload, {true, 50}).out, "x\n| all clear\n");
}

// The terminal's width is the default; without a terminal, 80.
TEST(PreviewCli, WidthFromTheTerminal) {
    const std::string payload = R"({"text":"one two three four five six seven eight nine ten eleven twelve"})";
    auto widest = [](const std::string& out) {
        std::size_t most = 0, lines = 0;
        std::istringstream in(out);
        for (std::string l; std::getline(in, l); ++lines) most = std::max(most, l.size());
        return std::pair<std::size_t, std::size_t>{most, lines};
    };
    EXPECT_EQ(widest(run({}, payload, {true, 25}).out), std::make_pair(std::size_t{24}, std::size_t{3}));  // "six seven eight nine ten"
    EXPECT_EQ(widest(run({}, payload).out), std::make_pair(std::size_t{62}, std::size_t{1}));  // 80
    EXPECT_EQ(widest(run({"--width", "30"}, payload, {true, 25}).out), std::make_pair(std::size_t{27}, std::size_t{3}));
}

// --html writes one page of every message to the file, nothing to standard output.
TEST(PreviewCli, HtmlToAFile) {
    ab::test::temp_dir dir;
    const auto page = dir.path() / "page.html";
    const auto r = run({"--html", page.string(), ab::test::data_path("golden/alarmbridge-sns-mixed-records.en.rich.expected.json").string()});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "");
    const auto html = ab::test::read_file(page);
    std::vector<ab::slack::message> messages;
    for (const auto& p : json::parse(ab::test::read_data("golden/alarmbridge-sns-mixed-records.en.rich.expected.json")))
        messages.push_back(ab::slack::read_message(p).value());
    EXPECT_EQ(html, ab::slack::render_html(messages));
    EXPECT_EQ(run({"--html", "-"}, R"({"text":"<b>"})").out, ab::slack::render_html(ab::slack::parse_message(R"({"text":"<b>"})").value()));
    const auto unwritable = run({"--html", (dir.path() / "no" / "such" / "dir.html").string()}, R"({"text":"x"})");
    EXPECT_EQ(unwritable.status, 1);
    EXPECT_NE(unwritable.err.find("cannot write"), std::string::npos);
}

// What cannot be shown is said, on standard error, with its place; the rest is still shown.
TEST(PreviewCli, ErrorsAndUsage) {
    const auto mixed = run({"--width", "40"}, R"([{"text":"ok"},{"error":{"code":"bad_value"}},{"blocks":[{"type":"header"}]}])");
    EXPECT_EQ(mixed.status, 1);
    EXPECT_EQ(mixed.out, "ok\n");
    EXPECT_NE(mixed.err.find("message 1: bad_value"), std::string::npos) << mixed.err;
    EXPECT_NE(mixed.err.find("message 2: missing_field at /blocks/0/text"), std::string::npos) << mixed.err;

    const auto not_json = run({}, "{not json");
    EXPECT_EQ(not_json.status, 1);
    EXPECT_NE(not_json.err.find("json_syntax"), std::string::npos) << not_json.err;

    // A control character in what is reported reaches the terminal escaped.
    const auto hostile = run({}, "{\"blocks\":[{\"type\":\"section\",\"text\":{\"type\":\"\\u001b[2J\",\"text\":\"x\"}}]}");
    EXPECT_EQ(hostile.status, 1);
    EXPECT_EQ(hostile.err.find('\x1b'), std::string::npos) << hostile.err;

    for (const std::vector<std::string>& bad : std::vector<std::vector<std::string>>{
             {"--width"}, {"--width", "5"}, {"--width", "80x"}, {"--color", "sometimes"}, {"--locale", "fr"},
             {"--style", "fancy"}, {"--bogus"}, {"a.json", "b.json"}}) {
        const auto r = run(bad);
        EXPECT_EQ(r.status, 2) << bad.front();
        EXPECT_NE(r.err.find("usage: alarmbridge preview"), std::string::npos);
    }
    EXPECT_EQ(run({"--help"}).status, 0);
    const auto missing = run({"/nonexistent/event.json"});
    EXPECT_EQ(missing.status, 2);
    EXPECT_NE(missing.err.find("cannot open /nonexistent/event.json"), std::string::npos);
}
