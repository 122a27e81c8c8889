// The alarmbridge command, run as a user runs it: a real process, its stdout and exit status.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "temp_dir.hpp"
#include "test_support.hpp"

#include <fstream>
#include <cstdio>
#include <string>
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
    // A URL that is not http(s) is refused per record, and not echoed.
    r = run_merged("SLACK_WEBHOOK_URL='ftp://example.com/fileSecret42'", "send " + data("events/alarmbridge-sns-metric-3kb.json"));
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out.find("fileSecret42"), std::string::npos) << r.out;
    EXPECT_EQ(reports_of(r.out)[0]["error"]["code"], "invalid_url");
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
