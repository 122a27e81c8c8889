// The alarmbridge command, run as a user runs it: a real process, its stdout and exit status.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace {

struct run_result {
    int status;
    std::string out;
};

run_result run(const std::string& args) {
        // stderr is dropped before the arguments, so that a here-document may end the command.
    const std::string command = std::string(ALARMBRIDGE_CLI) + " 2>/dev/null " + args;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return {-1, {}};
    std::string out;
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
    const int raw = ::pclose(pipe);
    return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, out};
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
