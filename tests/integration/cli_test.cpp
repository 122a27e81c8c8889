// The alarmbridge command, run as a user runs it: a real process, its stdout and exit status.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <alarmbridge/alarmbridge.hpp>

#include "command.hpp"
#include "temp_dir.hpp"
#include "test_support.hpp"

#include <fstream>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>
#include <unistd.h>

namespace {

using alarmbridge::test::run_command;
using alarmbridge::test::run_result;

run_result run(const std::string& args) {
    // stderr is dropped before the arguments, so that a here-document may end the command.
    return run_command(std::string(ALARMBRIDGE_CLI) + " 2>/dev/null " + args);
}

std::string data(const std::string& rel) { return "'" + alarmbridge::test::data_path(rel).string() + "'"; }

}  // namespace

TEST(Cli, ParsePrintsOneElementPerRecord) {
    const auto r = run("parse " + data("events/alarmbridge-sns-mixed-records.json"));
    ASSERT_EQ(r.status, 0) << r.out;
    const auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j.size(), 4u);
    EXPECT_EQ(j[0]["record"], 0);
    EXPECT_EQ(j[0]["alarm"]["kind"], "metric");
    EXPECT_EQ(j[0]["alarm"]["name"], "gov-disk-full");
    EXPECT_EQ(j[0]["alarm"]["region"], "us-gov-west-1");
    EXPECT_EQ(j[0]["alarm"]["partition"], "aws-us-gov");
    EXPECT_EQ(j[0]["alarm"]["state"]["value"], "ALARM");
    EXPECT_EQ(j[0]["alarm"]["state"]["timestamp"], "2026-11-20T03:46:29.897Z");
    EXPECT_EQ(j[0]["alarm"]["previous_state"]["value"], "OK");
    EXPECT_EQ(j[0]["alarm"]["description"].get<std::string>().rfind("CPU above 80%", 0), 0u);
    EXPECT_EQ(j[0]["alarm"]["trigger"]["dimensions"][0]["name"], "InstanceId");
    EXPECT_EQ(j[0]["alarm"]["console_url"],
              "https://console.amazonaws-us-gov.com/cloudwatch/home?region=us-gov-west-1#alarmsV2:alarm/gov-disk-full");
    EXPECT_EQ(j[1]["record"], 1);
    EXPECT_EQ(j[1]["text"], "Deployment finished: <!channel> v1.2.3 is live");
    EXPECT_EQ(j[3]["alarm"]["name"], "web-cpu-high");
}

TEST(Cli, CompositeAndNullDescription) {
    auto r = run("parse " + data("events/alarmbridge-sns-composite.json"));
    ASSERT_EQ(r.status, 0);
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j[0]["alarm"]["kind"], "composite");
    EXPECT_TRUE(j[0]["alarm"]["trigger"].is_null());
    EXPECT_EQ(j[0]["alarm"]["alarm_rule"], "ALARM(\"checkout-5xx\") OR ALARM(\"checkout-latency\")");
    EXPECT_EQ(j[0]["alarm"]["triggering_children"][0]["state"], "ALARM");
    r = run("parse " + data("events/assertible-sns-event.json"));
    j = nlohmann::json::parse(r.out);
    EXPECT_TRUE(j[0]["alarm"]["description"].is_null());
}

TEST(Cli, ReadsStandardInput) {
    const auto r = run("parse - < " + data("events/go-sns-event.json"));
    ASSERT_EQ(r.status, 0);
    EXPECT_EQ(nlohmann::json::parse(r.out)[0]["text"], "Hello from SNS!");
    const auto implicit = run("parse < " + data("events/go-sns-event.json"));
    EXPECT_EQ(implicit.out, r.out);
}

TEST(Cli, ARecordErrorExitsOneAndKeepsTheOthers) {
    const auto r = run("parse - <<'EOF'\n"
                       "{\"Records\":[{\"EventSource\":\"aws:sns\",\"Sns\":{\"Type\":\"Notification\",\"Message\":\"hi\"}},"
                       "{\"EventSource\":\"aws:sns\",\"Sns\":{\"Type\":\"Notification\"}}]}\nEOF");
    EXPECT_EQ(r.status, 1);
    const auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j.size(), 2u);
    EXPECT_EQ(j[0]["text"], "hi");
    EXPECT_EQ(j[1]["record"], 1);
    EXPECT_EQ(j[1]["error"]["code"], "missing_field");
    EXPECT_EQ(j[1]["error"]["where"], "/Records/1/Sns/Message");
}

TEST(Cli, InputThatIsNotJsonPrintsOneError) {
    const auto r = run("parse - <<'EOF'\n{\"Records\": [\nEOF");
    EXPECT_EQ(r.status, 1);
    const auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j.size(), 1u);
    EXPECT_EQ(j[0]["error"]["code"], "json_syntax");
    EXPECT_FALSE(j[0].contains("record"));
}

TEST(Cli, UsageErrorsExitTwo) {
    EXPECT_EQ(run("").status, 2);
    EXPECT_EQ(run("frobnicate").status, 2);
    EXPECT_EQ(run("parse --bogus").status, 2);
    EXPECT_EQ(run("parse a.json b.json").status, 2);
    EXPECT_EQ(run("parse /nonexistent/file.json").status, 2);
    EXPECT_EQ(run("--help").status, 0);
    EXPECT_NE(run("--help").out.find("parse [FILE|-]"), std::string::npos);
    EXPECT_EQ(run("--version").out.rfind("alarmbridge ", 0), 0u);
}

TEST(Cli, ValidateReportsEveryViolationWithItsPath) {
    const auto ok = run("validate - <<'EOF'\n{\"text\": \"hi\", \"blocks\": [{\"type\": \"divider\"}]}\nEOF");
    EXPECT_EQ(ok.status, 0) << ok.out;
    EXPECT_EQ(ok.out, "");
    const auto warned = run("validate - <<'EOF'\n{\"blocks\": [{\"type\": \"divider\"}]}\nEOF");
    EXPECT_EQ(warned.status, 0);
    EXPECT_NE(warned.out.find("/text: missing"), std::string::npos);
    EXPECT_NE(warned.out.find("(warning)"), std::string::npos);
    const std::string field(2105, 'f');
    const auto bad = run("validate - <<'EOF'\n[{\"text\": \"a\"}, {\"text\": \"b\", \"blocks\": [{\"type\": \"section\", "
                         "\"fields\": [{\"type\": \"mrkdwn\", \"text\": \"" + field + "\"}]}, {\"type\": \"header\", "
                         "\"text\": {\"type\": \"mrkdwn\", \"text\": \"h\"}}]}]\nEOF");
    EXPECT_EQ(bad.status, 1) << bad.out;
    EXPECT_NE(bad.out.find("/1/blocks/0/fields/0/text: 2105 characters, limit 2000\n"), std::string::npos) << bad.out;
    EXPECT_NE(bad.out.find("/1/blocks/1/text/type: must be plain_text here\n"), std::string::npos) << bad.out;
    EXPECT_EQ(run("validate - <<'EOF'\n{not json\nEOF").status, 1);
    EXPECT_EQ(run("validate /nonexistent.json").status, 2);
}

// ---- send: delivered to a real Slack-like server on 127.0.0.1 ---------------------------------

#include "server_process.hpp"

namespace {

/// Runs the command with stderr merged into the output (to look for secrets in both).
run_result run_merged(const std::string& env, const std::string& args) {
    return run_command(env + " " + std::string(ALARMBRIDGE_CLI) + " " + args + " 2>&1");
}

/// The JSON array that starts the output (the reports), after any stderr lines.
nlohmann::json reports_of(const std::string& out) {
    const auto start = out.find("[\n");
    if (start == std::string::npos) return nlohmann::json();
    return nlohmann::json::parse(out.substr(start, out.rfind(']') - start + 1), nullptr, false);
}

}  // namespace

TEST(CliSend, DeliversEveryRecordOverHttpsAndReportsEach) {
    alarmbridge::test::server_process server({"--tls"});
    const std::string url = server.base_url() + "/services/T0CLI/B0CLI/cliSecret123/ok";
    const auto r = run_merged("SLACK_WEBHOOK_URL='" + url + "'",
                              "send --ca-file '" + server.ca_file() + "' " + data("events/alarmbridge-sns-mixed-records.json"));
    ASSERT_EQ(r.status, 0) << r.out;
    const auto j = reports_of(r.out);
    ASSERT_EQ(j.size(), 4u) << r.out;
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_EQ(j[i]["record"], i);
        EXPECT_EQ(j[i]["delivered"], true);
        EXPECT_EQ(j[i]["attempts"], 1);
        EXPECT_EQ(j[i]["status"], 200);
        EXPECT_TRUE(j[i]["slack_error"].is_null());
        EXPECT_TRUE(j[i]["elapsed_ms"].is_number_integer());
    }
    EXPECT_EQ(r.out.find("cliSecret123"), std::string::npos);
    EXPECT_NE(r.out.find("https://127.0.0.1:" + std::to_string(server.port()) + "/***"), std::string::npos);
}

TEST(CliSend, FailuresExitOneAndNeverPrintTheUrl) {
    alarmbridge::test::server_process server({});
    const std::string secret = "cliCanary9876Secret";
    auto url_for = [&](const std::string& scenario) {
        return server.base_url() + "/services/T0CLI/B0CLI/" + secret + "/" + scenario;
    };
    for (const std::string scenario : {"channel_not_found", "500-html", "echo-secret", "429-long"}) {
        SCOPED_TRACE(scenario);
        const auto r = run_merged("SLACK_WEBHOOK_URL='" + url_for(scenario) + "'",
                                  "send --max-attempts 2 --timeout 5 " + data("events/alarmbridge-sns-metric-3kb.json"));
        EXPECT_EQ(r.status, 1) << r.out;
        EXPECT_EQ(r.out.find(secret), std::string::npos) << r.out;
        const auto j = reports_of(r.out);
        ASSERT_EQ(j.size(), 1u) << r.out;
        EXPECT_EQ(j[0]["delivered"], false);
        EXPECT_TRUE(j[0]["error"]["code"].is_string());
    }
    const auto archived = reports_of(run_merged("SLACK_WEBHOOK_URL='" + url_for("channel_not_found") + "'",
                                                "send " + data("events/alarmbridge-sns-metric-3kb.json")).out);
    EXPECT_EQ(archived[0]["slack_error"], "channel_not_found");
    EXPECT_EQ(archived[0]["status"], 404);
    EXPECT_EQ(archived[0]["error"]["code"], "slack_rejected");

    // Nothing listening: a transport error, retried, reported.
    const std::string nowhere = "http://127.0.0.1:" + std::to_string(alarmbridge::test::unused_port()) + "/services/T/B/" + secret;
    const auto r = run_merged("SLACK_WEBHOOK_URL='" + nowhere + "'", "send --max-attempts 2 " + data("events/alarmbridge-sns-metric-3kb.json"));
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out.find(secret), std::string::npos) << r.out;
    EXPECT_EQ(reports_of(r.out)[0]["error"]["code"], "http_transport");
    EXPECT_EQ(reports_of(r.out)[0]["attempts"], 2);
}

TEST(CliSend, TheUrlComesFromAnotherVariableOrAFileNeverTheCommandLine) {
    alarmbridge::test::server_process server({});
    const std::string url = server.base_url() + "/services/T0/B0/fileSecret42/ok";
    auto r = run_merged("MY_HOOK='" + url + "'", "send --webhook-url-env MY_HOOK " + data("events/alarmbridge-sns-metric-3kb.json"));
    EXPECT_EQ(r.status, 0) << r.out;
    std::string file = testing::TempDir() + "alarmbridge-hook-url-XXXXXX";
    const int fd = ::mkstemp(file.data());
    ASSERT_GE(fd, 0);
    ::close(fd);
    struct remove_on_exit {
        std::string path;
        ~remove_on_exit() { std::remove(path.c_str()); }
    } remove_file{file};
    { std::ofstream(file) << url << "\n"; }
    r = run_merged("", "send --webhook-url-file '" + file + "' " + data("events/alarmbridge-sns-metric-3kb.json"));
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(r.out.find("fileSecret42"), std::string::npos);

    EXPECT_EQ(run_merged("", "send --webhook-url '" + url + "' -").status, 2);
    EXPECT_EQ(run_merged("env -u SLACK_WEBHOOK_URL", "send -").status, 2);
    EXPECT_EQ(run_merged("", "send --webhook-url-file /nonexistent/file -").status, 2);
    EXPECT_EQ(run_merged("SLACK_WEBHOOK_URL=x", "send --timeout abc -").status, 2);
    EXPECT_EQ(run_merged("SLACK_WEBHOOK_URL=x", "send --max-attempts 0 -").status, 2);
    // A URL that is not http(s) is no URL: refused before anything is sent, and not echoed.
    r = run_merged("SLACK_WEBHOOK_URL='ftp://example.com/fileSecret42'", "send " + data("events/alarmbridge-sns-metric-3kb.json"));
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.out.find("fileSecret42"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("no_webhook_url"), std::string::npos) << r.out;
    // One source at a time.
    r = run_merged("MY_HOOK='" + url + "'", "send --webhook-url-env MY_HOOK --webhook-url-file '" + file + "' -");
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.out.find("give one"), std::string::npos) << r.out;
    // The blueprint's slackChannel is the channel.
    r = run_merged("SLACK_WEBHOOK_URL='" + server.base_url() + "/services/T0/B0/channel/ok' slackChannel='#ops'",
                   "send " + data("events/alarmbridge-sns-metric-3kb.json"));
    EXPECT_EQ(r.status, 0) << r.out;
}

// --verify: a record is printed, formatted or sent only when its SNS signature verifies; the real
// AWS-signed corpus verifies as of its own time with the certificates beside it (both expired now).
TEST(CliVerify, OnlyVerifiedRecordsGoOn) {
    alarmbridge::test::temp_dir dir;
    const std::string certs = data("sns-signed");
    const std::string verify = " --verify --cert-dir " + certs + " --at message --max-age none ";
    const std::string signed_body = data("sns-signed/notification-signature-v2.json");

    auto r = run("verify --cert-dir " + certs + " --at message --max-age none " + signed_body);
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(nlohmann::json::parse(r.out)[0]["valid"], true);
    r = run("parse" + verify + signed_body);
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_TRUE(nlohmann::json::parse(r.out)[0].contains("text")) << r.out;
    r = run("format" + verify + signed_body);
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_TRUE(nlohmann::json::parse(r.out)[0].contains("blocks")) << r.out;

    // One changed character of the Message: reported, not formatted.
    auto tampered = nlohmann::json::parse(alarmbridge::test::read_data("sns-signed/notification-signature-v2.json"));
    tampered["Message"] = tampered["Message"].get<std::string>() + " ";
    const auto file = "'" + dir.write("tampered.json", tampered.dump()).string() + "'";
    r = run("parse" + verify + file);
    EXPECT_EQ(r.status, 1);
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j[0]["error"]["code"], "signature_mismatch") << r.out;
    EXPECT_FALSE(j[0].contains("text"));
    r = run("format" + verify + file);
    EXPECT_EQ(r.status, 1);
    j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j[0]["error"]["code"], "signature_mismatch") << r.out;
    EXPECT_FALSE(j[0].contains("blocks"));
    // Without --verify the same body is formatted: verification is what refused it.
    EXPECT_EQ(run("format " + file).status, 0);

    // An input with no SNS signature at all (EventBridge) is refused record by record.
    r = run("parse" + verify + data("events/rust-example-cloudwatch-alarm-metric.json"));
    EXPECT_EQ(r.status, 1);
    EXPECT_TRUE(nlohmann::json::parse(r.out)[0].contains("error")) << r.out;

    // The verify options without --verify are a usage error, in any order with it they are fine.
    EXPECT_EQ(run("parse --cert-dir " + certs + " " + signed_body).status, 2);
    EXPECT_EQ(run("parse --at message --max-age none --cert-dir " + certs + " --verify " + signed_body).status, 0);
}

// ---- the command line on the fast path (issue 13) ----------------------------------------------

namespace {

/// The lines of text (without their line breaks).
std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

/// Every key of j, depth first, in the order they stand in the document, with its path.
void keys_in_order(const nlohmann::ordered_json& j, const std::string& path, std::vector<std::string>& out) {
    if (j.is_object()) {
        for (const auto& [k, v] : j.items()) {
            out.push_back(path + "/" + k);
            keys_in_order(v, path + "/" + k, out);
        }
    } else if (j.is_array()) {
        for (std::size_t i = 0; i < j.size(); ++i) keys_in_order(j[i], path + "/" + std::to_string(i), out);
    }
}
std::vector<std::string> keys_in_order(const nlohmann::ordered_json& j) {
    std::vector<std::string> out;
    keys_in_order(j, "", out);
    return out;
}

/// An event of tests/data on one line (newline-delimited JSON).
std::string one_line(const std::string& rel) { return nlohmann::json::parse(alarmbridge::test::read_data(rel)).dump(); }

/// Runs the command with its standard error only (standard output dropped).
run_result run_stderr(const std::string& args) {
    return run_command(std::string(ALARMBRIDGE_CLI) + " " + args + " 2>&1 >/dev/null");
}

}  // namespace

// --compact prints one payload per line, each exactly the body the library makes for Slack; the
// default pretty array holds the same payloads with their keys in the same (Slack's) order.
TEST(CliFormat, CompactIsOnePayloadPerLineAndPrettyKeepsItsKeyOrder) {
    const std::string event = "events/alarmbridge-sns-mixed-records.json";
    const auto compact = run("format --compact " + data(event));
    ASSERT_EQ(compact.status, 0) << compact.out;
    const auto pretty = run("format " + data(event));
    ASSERT_EQ(pretty.status, 0) << pretty.out;
    const auto expected = alarmbridge::format::payloads(alarmbridge::test::read_data(event));
    ASSERT_TRUE(expected);
    const auto lines = lines_of(compact.out);
    ASSERT_EQ(lines.size(), expected->size());
    const auto array = nlohmann::ordered_json::parse(pretty.out);
    ASSERT_EQ(array.size(), lines.size());
    for (std::size_t i = 0; i < lines.size(); ++i) {
        SCOPED_TRACE(i);
        ASSERT_TRUE((*expected)[i]);
        EXPECT_EQ(lines[i], *(*expected)[i]);  // the very bytes Slack is sent
        const auto line = nlohmann::ordered_json::parse(lines[i]);
        EXPECT_EQ(line, array[i]);
        const auto order = keys_in_order(line);
        EXPECT_EQ(keys_in_order(array[i]), order);
        EXPECT_FALSE(std::is_sorted(order.begin(), order.end())) << "keys in Slack's order, not alphabetical";
    }
    // Pretty is laid out two spaces a level, as before.
    EXPECT_EQ(pretty.out.rfind("[\n  {\n    \"", 0), 0u) << pretty.out.substr(0, 40);
}

// parse --compact: one element per line, the same elements as the pretty array.
TEST(CliParse, CompactIsOneElementPerLine) {
    const std::string event = data("events/alarmbridge-sns-mixed-records.json");
    const auto compact = run("parse --compact " + event);
    const auto pretty = run("parse " + event);
    ASSERT_EQ(compact.status, 0);
    const auto lines = lines_of(compact.out);
    const auto array = nlohmann::ordered_json::parse(pretty.out);
    ASSERT_EQ(lines.size(), 4u);
    ASSERT_EQ(array.size(), 4u);
    for (std::size_t i = 0; i < lines.size(); ++i) EXPECT_EQ(nlohmann::ordered_json::parse(lines[i]), array[i]);
}

// --lines: one event per line; every element says its line; a bad line is reported with its
// number and the library's message whole, and the lines around it are still done.
TEST(CliLines, EveryLineIsDoneAndSaysWhichLineItIs) {
    alarmbridge::test::temp_dir dir;
    const std::string bad = "{\"Records\": [";
    const std::string input = one_line("events/go-sns-event.json") + "\n\n" + bad + "\r\n" +
                              one_line("events/alarmbridge-sns-mixed-records.json") + "\n   \n" +
                              one_line("events/alarmbridge-sns-metric-3kb.json");  // no final line break
    const auto file = "'" + dir.write("day.jsonl", input).string() + "'";
    const auto why = alarmbridge::parse_event(bad);
    ASSERT_FALSE(why);

    auto r = run("parse --lines --compact " + file);
    EXPECT_EQ(r.status, 1);
    auto lines = lines_of(r.out);
    ASSERT_EQ(lines.size(), 1u + 1u + 4u + 1u) << r.out;
    auto j = nlohmann::json::parse(lines[0]);
    EXPECT_EQ(j["line"], 1);
    EXPECT_EQ(j["record"], 0);
    EXPECT_EQ(j["text"], "Hello from SNS!");
    j = nlohmann::json::parse(lines[1]);
    EXPECT_EQ(j["line"], 3);
    EXPECT_FALSE(j.contains("record"));
    EXPECT_EQ(j["error"]["code"], "json_syntax");
    EXPECT_EQ(j["error"]["message"], why.error().message);
    for (std::size_t i = 0; i < 4; ++i) {
        j = nlohmann::json::parse(lines[2 + i]);
        EXPECT_EQ(j["line"], 4);
        EXPECT_EQ(j["record"], i);
    }
    j = nlohmann::json::parse(lines[6]);
    EXPECT_EQ(j["line"], 6);
    EXPECT_EQ(j["alarm"]["name"], "asg-web-cpu-high") << lines[6].substr(0, 300);

    // format --lines (pretty): {"line", "record", "payload"} and the bad line's error.
    r = run("format --lines " + file);
    EXPECT_EQ(r.status, 1);
    const auto formatted = nlohmann::ordered_json::parse(r.out);
    ASSERT_EQ(formatted.size(), 7u);
    EXPECT_EQ(formatted[0]["line"], 1);
    EXPECT_TRUE(formatted[0]["payload"].contains("blocks"));
    EXPECT_EQ(formatted[1]["line"], 3);
    EXPECT_EQ(formatted[1]["error"]["message"], why.error().message);
    EXPECT_EQ(formatted[6]["line"], 6);
    const auto expected = alarmbridge::format::payloads(alarmbridge::test::read_data("events/alarmbridge-sns-metric-3kb.json"));
    ASSERT_TRUE(expected && (*expected)[0]);
    EXPECT_EQ(formatted[6]["payload"].dump(), nlohmann::ordered_json::parse(*(*expected)[0]).dump());

    // validate --lines takes format --lines --compact, line by line: the error line is named.
    const auto compact = run("format --lines --compact " + file);
    const auto payloads = "'" + dir.write("payloads.jsonl", compact.out).string() + "'";
    r = run("validate --lines " + payloads);
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "line 2: /: not a message: its record could not be formatted\n");
}

TEST(CliLines, LinesOverTheLimitAreRefusedAndTheRestDone) {
    alarmbridge::test::temp_dir dir;
    const std::string small = one_line("events/go-sns-event.json");
    const std::string input = small + "\n" + "{\"pad\": \"" + std::string(5000, 'x') + "\"}\n" + small + "\n";
    const auto file = "'" + dir.write("long.jsonl", input).string() + "'";
    auto r = run("parse --lines --compact --max-input-bytes=2000 " + file);
    EXPECT_EQ(r.status, 1);
    auto lines = lines_of(r.out);
    ASSERT_EQ(lines.size(), 3u) << r.out;
    EXPECT_EQ(nlohmann::json::parse(lines[0])["text"], "Hello from SNS!");
    const auto refused = nlohmann::json::parse(lines[1]);
    EXPECT_EQ(refused["line"], 2);
    EXPECT_EQ(refused["error"]["code"], "too_large");
    EXPECT_NE(refused["error"]["message"].get<std::string>().find("--max-input-bytes"), std::string::npos);
    EXPECT_EQ(nlohmann::json::parse(lines[2])["line"], 3);
    // The whole input has its own limit: the lines before it are done, then one error.
    r = run("parse --lines --compact --max-total-bytes " + std::to_string(small.size() + 10) + " " + file);
    EXPECT_EQ(r.status, 1);
    lines = lines_of(r.out);
    ASSERT_EQ(lines.size(), 2u) << r.out;
    EXPECT_EQ(nlohmann::json::parse(lines[0])["line"], 1);
    EXPECT_EQ(nlohmann::json::parse(lines[1])["line"], 2);
    EXPECT_NE(lines[1].find("--max-total-bytes"), std::string::npos);
}

TEST(CliUsage, HelpIsPerSubcommand) {
    const std::vector<std::pair<std::string, std::string>> commands = {
        {"parse", "--max-records"}, {"format", "--style"}, {"validate", "--lines"}, {"send", "--webhook-url-env"},
        {"verify", "--cert-dir"}};
    for (const auto& [command, option] : commands) {
        SCOPED_TRACE(command);
        const auto r = run(command + " --help");
        EXPECT_EQ(r.status, 0);
        EXPECT_EQ(r.out.rfind("usage: alarmbridge " + command, 0), 0u) << r.out;
        EXPECT_NE(r.out.find(option), std::string::npos);
        for (const auto& [other, unused] : commands)
            if (other != command) {
                EXPECT_EQ(r.out.find("usage: alarmbridge " + other), std::string::npos);
            }
        EXPECT_EQ(run("help " + command).out, r.out);
    }
    EXPECT_EQ(run("parse --help").out.find("--webhook-url-env"), std::string::npos);
    const auto all = run("--help");
    for (const auto& [command, unused] : commands) EXPECT_NE(all.out.find("  " + command + " [FILE|-]"), std::string::npos);
}

TEST(CliUsage, OptionValuesWithEqualsOrApart) {
    const std::string event = data("events/alarmbridge-sns-metric-3kb.json");
    const auto apart = run("format --locale ko --style compact " + event);
    ASSERT_EQ(apart.status, 0) << apart.out;
    EXPECT_EQ(run("format --locale=ko --style=compact " + event).out, apart.out);
    EXPECT_NE(run("format " + event).out, apart.out);
    EXPECT_EQ(run("parse --max-records=2000 --max-input-bytes=100000 " + event).status, 0);
    EXPECT_EQ(run("parse --max-input-bytes=100 " + event).status, 1);
    EXPECT_EQ(run("parse --compact=yes " + event).status, 2);
    EXPECT_EQ(run("format --style= " + event).status, 2);
    EXPECT_EQ(run("parse -- " + event).status, 0);
}

// A usage error is one line: what is wrong and where the usage is, never the whole usage.
TEST(CliUsage, UsageErrorsAreOneLine) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"", "a command is required"},
        {"frobnicate", "unknown command frobnicate"},
        {"parse --bogus", "unknown option --bogus (see alarmbridge parse --help)"},
        {"parse a.json b.json", "at most one input file"},
        {"format --locale xx -", "unknown locale xx"},
        {"format --style", "--style needs a value"},
        {"send --timeout=abc -", "--timeout takes seconds"},
        {"send --max-attempts 0 -", "--max-attempts takes a whole number from 1 to 20"},
        {"validate --max-records 5 -", "unknown option --max-records"},
        {"parse --cert-dir /tmp -", "--cert-dir goes with --verify"},
        {"parse --lines --max-total-bytes 0 -", "--max-total-bytes takes a whole number"},
    };
    for (const auto& [args, message] : cases) {
        SCOPED_TRACE(args);
        const auto r = run_stderr(args + " </dev/null");
        EXPECT_EQ(r.status, 2);
        const auto lines = lines_of(r.out);
        ASSERT_EQ(lines.size(), 1u) << r.out;
        EXPECT_NE(lines[0].find(message), std::string::npos) << lines[0];
        EXPECT_NE(lines[0].find("--help"), std::string::npos) << lines[0];
    }
}

TEST(CliUsage, AMissingFileSaysWhy) {
    for (const std::string command : {"parse", "format", "validate", "parse --lines", "format --lines --compact"}) {
        SCOPED_TRACE(command);
        const auto r = run_stderr(command + " /nonexistent/alarms.json");
        EXPECT_EQ(r.status, 2);
        EXPECT_EQ(r.out, "alarmbridge: cannot open /nonexistent/alarms.json: No such file or directory\n");
    }
}

// validate says where the JSON breaks.
TEST(CliValidate, MalformedJsonSaysWhere) {
    const auto r = run("validate - <<'EOF'\n{\"text\": \"a\",\n \"blocks\": [}\nEOF");
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find("json_syntax"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("line 2, column"), std::string::npos) << r.out;
}

// send --lines: every line's records delivered in order, each report with its line.
TEST(CliSend, LinesAreDeliveredInOrder) {
    alarmbridge::test::temp_dir dir;
    alarmbridge::test::server_process server({});
    const std::string path = "/services/T0LINES/B0LINES/linesSecret/ok";
    const std::string input = one_line("events/alarmbridge-sns-metric-3kb.json") + "\nnot json\n" +
                              one_line("events/go-sns-event.json") + "\n";
    const auto file = "'" + dir.write("send.jsonl", input).string() + "'";
    const auto r = run_merged("SLACK_WEBHOOK_URL='" + server.base_url() + path + "'", "send --lines --compact " + file);
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_EQ(r.out.find("linesSecret"), std::string::npos);
    std::vector<nlohmann::json> reports;
    for (const auto& line : lines_of(r.out))
        if (!line.empty() && line[0] == '{') reports.push_back(nlohmann::json::parse(line));
    ASSERT_EQ(reports.size(), 3u) << r.out;
    EXPECT_EQ(reports[0]["line"], 1);
    EXPECT_EQ(reports[0]["delivered"], true);
    EXPECT_EQ(reports[1]["line"], 2);
    EXPECT_EQ(reports[1]["delivered"], false);
    EXPECT_EQ(reports[1]["error"]["code"], "json_syntax");
    EXPECT_EQ(reports[2]["line"], 3);
    EXPECT_EQ(reports[2]["delivered"], true);
    // What the server got, in order: the alarm, then the text.
    const auto received = run_command(std::string(ALARMBRIDGE_PYTHON) +
                                      " -c 'import sys,urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())' '" +
                                      server.base_url() + "/_requests?path=" + path + "'");
    const auto got = nlohmann::json::parse(received.out, nullptr, false);
    ASSERT_TRUE(got.is_array()) << received.out;
    ASSERT_EQ(got.size(), 2u);
    EXPECT_NE(got[0]["body"].get<std::string>().find("asg-web-cpu-high"), std::string::npos);
    EXPECT_NE(got[1]["body"].get<std::string>().find("Hello from SNS!"), std::string::npos);
}
