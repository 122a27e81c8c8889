// The alarmbridge command against what an attacker or an accident hands it: endless and huge
// inputs, deep nesting, inputs that are not files, outputs that cannot be written, and text that
// a terminal would act on. Real processes; peak memory measured with /usr/bin/time -v.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "temp_dir.hpp"
#include "test_support.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <sys/stat.h>

namespace fs = std::filesystem;
using alarmbridge::test::run_command;

namespace {

/// A folder of its own for the inputs a test writes, removed when the test ends however it ends.
using scratch_dir = alarmbridge::test::temp_dir;

std::string cli() { return ALARMBRIDGE_CLI; }
std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

struct measured {
    int status;
    std::string out;
    std::string err;
    long max_rss_kb;
};

/// Runs the command under /usr/bin/time -v: its exit status, output, error output (without
/// time's report) and peak resident memory.
measured run_measured(const scratch_dir& dir, const std::string& args) {
    const fs::path err = dir.path() / "stderr.txt";
    const fs::path report = dir.path() / "time.txt";
    const auto r = run_command("/usr/bin/time -v -o " + quoted(report) + " " + cli() + " " + args + " 2>" + quoted(err));
    measured m{r.status, r.out, alarmbridge::test::read_file(err), -1};
    const std::string t = alarmbridge::test::read_file(report);
    const auto at = t.find("Maximum resident set size (kbytes): ");
    if (at != std::string::npos) m.max_rss_kb = std::atol(t.c_str() + at + 37);
    return m;
}

constexpr bool sanitized =
#if defined(ALARMBRIDGE_TEST_UNDER_ASAN)
    true;
#else
    false;
#endif

/// The issue's budget for peak memory: 20 times the input, plus 16 MiB.
long budget_kb(std::size_t input_bytes) { return static_cast<long>((20 * input_bytes + 16u * 1024u * 1024u) / 1024); }

std::string repeat(const std::string& piece, std::size_t n, const std::string& sep = ",") {
    std::string s;
    s.reserve((piece.size() + sep.size()) * n);
    for (std::size_t i = 0; i < n; ++i) {
        if (i) s += sep;
        s += piece;
    }
    return s;
}

}  // namespace

// Every reproduction of the issue, through every command that reads it: a result (exit 1 and a
// typed error, or exit 0), never a crash, and peak memory within 20x the input + 16 MiB.
TEST(CliHostileInput, NoCrashAndMemoryInProportion) {
    scratch_dir dir;
    struct input {
        const char* name;
        std::string content;
        const char* command;
        const char* code;  // what the output must name
    };
    const std::string deep_array = std::string(200000, '[') + std::string(200000, ']');
    const std::vector<input> inputs = {
        {"wide-integer-and-deep.json", R"({"Records":[],"x":[100000000000000000000000000000,)" + deep_array + "]}",
         "parse", "too_deep"},
        {"wide-integer-and-deep.json", R"({"Records":[],"x":[100000000000000000000000000000,)" + deep_array + "]}",
         "format", "too_deep"},
        {"records.json", "{\"Records\":[" + repeat("{}", 400000) + "]}", "parse", "too_large"},
        {"records.json", "{\"Records\":[" + repeat("{}", 400000) + "]}", "format", "too_large"},
        {"records-at-limit.json", "{\"Records\":[" + repeat("{}", 1000) + "]}", "parse", "missing_field"},
        {"kept-objects.json", "{\"Records\":[],\"x\":[" + repeat("{}", 400000) + "]}", "parse", "too_large"},
        {"kept-strings.json", "{\"Records\":[],\"x\":[" + repeat("\"\"", 400000) + "]}", "parse", "too_large"},
        {"kept-objects-in-alarm.json",
         R"({"AlarmName":"a","NewStateValue":"ALARM","x":[)" + repeat("{}", 400000) + "]}", "parse", "too_large"},
        {"deep-metadata.json", "{\"text\":\"x\",\"metadata\":" + std::string(300000, '[') + std::string(300000, ']') + "}",
         "validate", "too_deep"},
    };
    for (const auto& in : inputs) {
        SCOPED_TRACE(std::string(in.command) + " " + in.name);
        const fs::path file = dir.write(in.name, in.content);
        const auto m = run_measured(dir, std::string(in.command) + " " + quoted(file));
        EXPECT_EQ(m.status, 1) << m.err;
        EXPECT_NE(m.out.find(in.code), std::string::npos) << m.out.substr(0, 400);
        ASSERT_GT(m.max_rss_kb, 0);
        if (!sanitized) {
            EXPECT_LE(m.max_rss_kb, budget_kb(in.content.size())) << in.content.size() << " bytes of input";
        }
    }
}

// Endless inputs: at most the limit + 1 byte is read, then too_large; the URL file is not read
// past its own small limit.
TEST(CliHostileInput, EndlessInputsEndAtTheLimit) {
    scratch_dir dir;
    for (const char* command : {"parse", "format", "validate"}) {
        SCOPED_TRACE(command);
        const auto m = run_measured(dir, std::string(command) + " /dev/zero");
        EXPECT_EQ(m.status, 1) << m.err;
        EXPECT_NE(m.out.find("too_large"), std::string::npos) << m.out;
        if (!sanitized) {
            EXPECT_LE(m.max_rss_kb, budget_kb(6u * 1024u * 1024u));
        }
    }
    const auto limited = run_command(cli() + " parse --max-input-bytes 1000 /dev/zero 2>/dev/null");
    EXPECT_EQ(limited.status, 1);
    EXPECT_NE(limited.out.find("limit 1000"), std::string::npos) << limited.out;

    const auto url = run_measured(dir, "send --webhook-url-file /dev/zero /dev/null");
    EXPECT_EQ(url.status, 2);
    EXPECT_NE(url.err.find("larger than 65536 bytes"), std::string::npos) << url.err;

    // Raising the limit lets a larger input through, and bad values are usage errors.
    const std::string big = "{\"Records\":[],\"pad\":\"" + std::string(7u * 1024u * 1024u, 'a') + "\"}";
    const fs::path file = dir.write("big.json", big);
    EXPECT_EQ(run_command(cli() + " parse " + quoted(file) + " 2>/dev/null").status, 1);
    EXPECT_EQ(run_command(cli() + " parse --max-input-bytes 8388608 " + quoted(file) + " 2>/dev/null").status, 0);
    for (const char* bad : {"0", "-5", "1x", "99999999999999999999", ""})
        EXPECT_EQ(run_command(cli() + " parse --max-input-bytes '" + bad + "' " + quoted(file) + " 2>/dev/null").status, 2)
            << bad;
    const std::string records = "{\"Records\":[" + repeat("{}", 1500) + "]}";
    const fs::path many = dir.write("many.json", records);
    EXPECT_EQ(run_command(cli() + " parse --max-records 2000 " + quoted(many) + " 2>/dev/null").out.find("too_large"),
              std::string::npos);
}

// What is not a readable file ends with one clear line and exit 2, never an uncaught exception.
TEST(CliHostileInput, InputsThatAreNotFiles) {
    scratch_dir dir;
    const auto as_dir = run_measured(dir, "parse " + quoted(dir.path()));
    EXPECT_EQ(as_dir.status, 2);
    EXPECT_NE(as_dir.err.find("is a directory"), std::string::npos) << as_dir.err;
    EXPECT_EQ(as_dir.err.find("terminate"), std::string::npos);

    const auto missing = run_measured(dir, "format " + quoted(dir.path() / "nope.json"));
    EXPECT_EQ(missing.status, 2);
    EXPECT_NE(missing.err.find("No such file or directory"), std::string::npos) << missing.err;
    EXPECT_EQ(missing.err.find("usage:"), std::string::npos) << "one line, not the whole usage";

    // A FIFO nobody writes to is an empty input (json_syntax), not a hang.
    const fs::path fifo = dir.path() / "fifo";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    const auto from_fifo = run_measured(dir, "parse " + quoted(fifo));
    EXPECT_EQ(from_fifo.status, 1) << from_fifo.err;
    EXPECT_NE(from_fifo.out.find("json_syntax"), std::string::npos) << from_fifo.out;
    // ... and one that is written to is read like a file.
    const auto piped = run_command("(cat " + quoted(alarmbridge::test::data_path("events/go-sns-event.json")) + " > " +
                                   quoted(fifo) + " &) ; " + cli() + " parse " + quoted(fifo));
    EXPECT_EQ(piped.status, 0);
    EXPECT_NE(piped.out.find("Hello from SNS!"), std::string::npos);
}

// An output that cannot be written is a failure said on stderr, for every command.
TEST(CliHostileInput, UnwritableOutputFails) {
    if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
    scratch_dir dir;
    const std::string event = quoted(alarmbridge::test::data_path("events/alarmbridge-sns-metric-3kb.json"));
    const fs::path message = dir.write("m.json", R"({"blocks":[{"type":"divider"}]})");
    for (const std::string& args : {"parse " + event, "format " + event, "validate " + quoted(message)}) {
        SCOPED_TRACE(args);
        const auto r = run_command(cli() + " " + args + " 2>&1 >/dev/full");
        EXPECT_EQ(r.status, 1);
        EXPECT_NE(r.out.find("cannot write the output"), std::string::npos) << r.out;
    }
}

// Text from the payload reaches the terminal inert: C0/C1 controls and DEL are printed as
// \u00NN, in validate's lines and in the JSON of parse and format.
TEST(CliHostileInput, NoControlCharactersReachTheTerminal) {
    scratch_dir dir;
    const std::string esc = "\x1b[2J\x1b]0;owned\x07";
    nlohmann::json message = {{"text", "hi"},
                              {"blocks", {{{"type", "section\x1b[31m"}, {"block_id", esc + "\x7f\xc2\x9b" "31m" + std::string(300, 'x')}}}}};
    const fs::path m = dir.write("m.json", message.dump());
    const auto validated = run_command(cli() + " validate " + quoted(m) + " 2>&1");
    EXPECT_EQ(validated.status, 1);
    EXPECT_NE(validated.out.find("\\u001b"), std::string::npos) << validated.out;
    nlohmann::json event = {{"Type", "Notification"}, {"MessageId", "m"}, {"TopicArn", "arn:aws:sns:us-east-1:1:t"},
                            {"Message", "look: " + esc + "\x7f\xc2\x9b" "31m\x01"}, {"Timestamp", "2026-11-20T03:46:29.897Z"}};
    const fs::path e = dir.write("e.json", event.dump());
    const auto parsed = run_command(cli() + " parse " + quoted(e) + " 2>&1");
    const auto formatted = run_command(cli() + " format " + quoted(e) + " 2>&1");
    EXPECT_EQ(parsed.status, 0);
    for (const auto* r : {&validated, &parsed, &formatted}) {
        for (const char c : r->out) {
            const auto u = static_cast<unsigned char>(c);
            EXPECT_TRUE(u == '\n' || u == '\t' || (u >= 0x20 && u != 0x7f)) << "control byte " << int(u) << " in " << r->out;
        }
        EXPECT_EQ(r->out.find("\xc2\x9b"), std::string::npos) << "a C1 control (CSI) in " << r->out;
    }
    // The JSON is still JSON, with the text intact once decoded.
    EXPECT_EQ(nlohmann::json::parse(parsed.out)[0]["text"], event["Message"]);
    // At every offset within the eight bytes the output is scanned by at a time.
    for (std::size_t k = 0; k < 9; ++k) {
        event["Message"] = std::string(k, 'a') + "\x7f" + std::string(k + 3, 'b') + "\xc2\x9b" + std::string(20, 'c');
        const fs::path shifted = dir.write("e" + std::to_string(k) + ".json", event.dump());
        for (const std::string mode : {"", " --compact"}) {
            const auto r = run_command(cli() + " format" + mode + " " + quoted(shifted) + " 2>&1");
            EXPECT_EQ(r.out.find('\x7f'), std::string::npos) << k << mode << ": DEL in " << r.out;
            EXPECT_EQ(r.out.find("\xc2\x9b"), std::string::npos) << k << mode << ": a C1 control in " << r.out;
            EXPECT_NE(r.out.find("\\u007f"), std::string::npos) << k << mode << ": " << r.out;
        }
    }
}

// --lines reads a piece at a time: a file many times larger than any line is formatted in memory
// of the order of one line, whatever its length; an endless input without line breaks ends at
// the whole-input limit, its one line refused and never held.
TEST(CliHostileInput, LinesKeepMemoryToOneLine) {
    scratch_dir dir;
    const std::string line =
        nlohmann::json::parse(alarmbridge::test::read_data("events/alarmbridge-sns-metric-3kb.json")).dump();
    constexpr std::size_t count = 8000;  // about 24 MB
    const fs::path file = dir.write("day.jsonl", repeat(line, count, "\n") + "\n");
    const std::size_t size = fs::file_size(file);
    const auto m = run_measured(dir, "format --lines --compact " + quoted(file) + " >/dev/null");
    EXPECT_EQ(m.status, 0) << m.err;
    ASSERT_GT(m.max_rss_kb, 0);
    if (!sanitized) {
        // Holding the input (or the output, larger still) would take more than this alone.
        EXPECT_LT(m.max_rss_kb, static_cast<long>(size / 1024)) << size << " bytes of input";
        EXPECT_LE(m.max_rss_kb, budget_kb(64u * 1024u));
    }
    const auto counted = run_command(cli() + " format --lines --compact " + quoted(file) + " | wc -l");
    EXPECT_EQ(std::atol(counted.out.c_str()), static_cast<long>(count));

    const auto endless = run_measured(dir, "parse --lines --max-total-bytes 20000000 /dev/zero");
    EXPECT_EQ(endless.status, 1) << endless.err;
    EXPECT_NE(endless.out.find("too_large"), std::string::npos) << endless.out;
    EXPECT_NE(endless.out.find("\"line\": 1"), std::string::npos) << endless.out;
    if (!sanitized) {
        EXPECT_LE(endless.max_rss_kb, budget_kb(6u * 1024u * 1024u));
    }
}
