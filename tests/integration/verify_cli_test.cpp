// `alarmbridge verify` (src/tools/verify_command.cpp), run in-process on string streams: the input
// shapes, the options, the report and the exit status.
#include "verify_command.hpp"

#include "in_process_command.hpp"
#include "temp_dir.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <sstream>

namespace ab = alarmbridge;
using nlohmann::json;

namespace {

struct run_result : ab::test::command_result {
    json report() const { return json::parse(out); }
};

run_result run(std::vector<std::string> args, const std::optional<std::string>& input = std::nullopt) {
    return {ab::test::run_in_process(std::move(args), input, [](const auto& a, auto& out, auto& err) {
        return ab::tools::run_verify(a, out, err);
    })};
}

const std::string cert_dir = ab::test::data_path("sns-signed").string();

json corpus_array() {
    json all = json::array();
    for (const auto& p : ab::test::data_files("sns-signed"))
        if (p.extension() == ".json") all.push_back(json::parse(ab::test::read_file(p)));
    return all;
}

}  // namespace

TEST(VerifyCli, EveryRealMessageInAnArrayIsValidAsOfItsTime) {
    const auto all = corpus_array();
    const auto r = run({"--cert-dir", cert_dir, "--at", "message"}, all.dump());
    EXPECT_EQ(r.status, 0) << r.out << r.err;
    const auto report = r.report();
    ASSERT_EQ(report.size(), all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
        EXPECT_EQ(report[i]["message"], i);
        EXPECT_EQ(report[i]["valid"], true);
        EXPECT_EQ(report[i]["type"], all[i]["Type"]);
        EXPECT_EQ(report[i]["topic_arn"], all[i]["TopicArn"]);
        EXPECT_FALSE(report[i].contains("error"));
    }
}

TEST(VerifyCli, EveryRecordOfALambdaEventIsReported) {
    const json good = json::parse(ab::test::read_data("sns-signed/php-lambda-notification-2.json"));
    json forged = good;
    forged["Message"] = "Hello world, says somebody else";
    const json event = {{"Records", {{{"EventSource", "aws:sns"}, {"EventVersion", "1.0"}, {"Sns", good}},
                                     {{"EventSource", "aws:sns"}, {"EventVersion", "1.0"}, {"Sns", forged}},
                                     {{"EventSource", "aws:sns"}}}}};
    ab::test::temp_dir dir;
    const auto file = dir.write("event.json", event.dump());
    const auto r = run({"--cert-dir", cert_dir, "--at", "message", file.string()});
    EXPECT_EQ(r.status, 1);
    const auto report = r.report();
    ASSERT_EQ(report.size(), 3u);
    EXPECT_EQ(report[0]["valid"], true);
    EXPECT_EQ(report[1]["valid"], false);
    EXPECT_EQ(report[1]["type"], "Notification");
    EXPECT_EQ(report[1]["error"]["code"], "signature_mismatch");
    EXPECT_EQ(report[2]["error"]["code"], "missing_field");
    EXPECT_EQ(report[2]["error"]["message"], "a record needs Sns");
    EXPECT_EQ(report[2]["type"], nullptr);
}

TEST(VerifyCli, TimeAndFreshnessOptions) {
    const std::string body = ab::test::read_data("sns-signed/notification-signature-v2.json");  // 2026-03-06T20:00:26.893Z
    // Now (after the certificate expired): stale first, then (window off) the certificate's dates.
    auto r = run({"--cert-dir", cert_dir}, body);
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.report()[0]["error"]["code"], "stale_message");
    r = run({"--cert-dir", cert_dir, "--max-age", "none", "--at", "now"}, body);
    EXPECT_EQ(r.report()[0]["error"]["code"], "cert_invalid");
    // An explicit time, within the window and the certificate's dates.
    r = run({"--cert-dir", cert_dir, "--at", "2026-03-06T20:05:00Z", "--max-age", "600"}, body);
    EXPECT_EQ(r.status, 0) << r.out;
    r = run({"--cert-dir", cert_dir, "--at", "2026-03-06T20:05:00+00:00", "--max-age", "60"}, body);
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.report()[0]["error"]["code"], "stale_message");
}

TEST(VerifyCli, ARejectedUrlAndNotJson) {
    json body = json::parse(ab::test::read_data("sns-signed/notification-with-subject.json"));
    body["SigningCertURL"] = "https://sns.us-west-2.amazonaws.com.s3.amazonaws.com/SimpleNotificationService-7506a1e35b36ef5a444dd1a8e7cc3ed8.pem";
    auto r = run({"--at", "message"}, body.dump());  // no --cert-dir: nothing is fetched for a rejected URL
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.report()[0]["error"]["code"], "cert_url_rejected");
    r = run({"--cert-dir", cert_dir}, std::string("{not json"));
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.report()[0]["error"]["code"], "json_syntax");
    r = run({"--cert-dir", cert_dir}, std::string(2000, '[') + std::string(2000, ']'));
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.report()[0]["error"]["code"], "too_deep");
    r = run({"--cert-dir", cert_dir}, "[" + std::string(7 * 1024 * 1024, ' ') + "]");
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.report()[0]["error"]["code"], "too_large");
}

TEST(VerifyCli, UsageErrorsExitTwo) {
    const std::vector<std::vector<std::string>> bad = {
        {"--at"}, {"--at", "tomorrow"}, {"--max-age", "-1"}, {"--max-age", "10s"}, {"--cert-dir"},
        {"--frobnicate"}, {"a.json", "b.json"}};
    for (const auto& args : bad) {
        const auto r = run(args);
        EXPECT_EQ(r.status, 2) << args[0];
        EXPECT_NE(r.err.find("usage: alarmbridge verify"), std::string::npos);
        EXPECT_TRUE(r.out.empty());
    }
    const auto missing = run({"/nonexistent/alarmbridge/input.json"});
    EXPECT_EQ(missing.status, 2);
    EXPECT_NE(missing.err.find("cannot open /nonexistent/alarmbridge/input.json"), std::string::npos) << missing.err;
    EXPECT_TRUE(missing.out.empty());
    const auto help = run({"--help"});
    EXPECT_EQ(help.status, 0);
    EXPECT_NE(help.out.find("--cert-dir DIR"), std::string::npos);
}

TEST(VerifyCli, TheSettingOptionsAreEntriesOfTheCallingCommandsTable) {
    // What `format --verify --at message --cert-dir DIR` hands the table, besides its own options.
    ab::tools::verify_settings s;
    std::vector<ab::tools::option> table;
    std::vector<std::string> seen;
    ab::tools::add_verify_setting_options(table, s, [&seen](const char* name) { seen.emplace_back(name); });
    ab::tools::arguments parsed;
    EXPECT_FALSE(ab::tools::read_arguments({"--at", "message", "--cert-dir=" + cert_dir, "-"}, table, 1, parsed));
    EXPECT_EQ(parsed.operands, (std::vector<std::string>{"-"}));
    EXPECT_EQ(seen, (std::vector<std::string>{"--at", "--cert-dir"}));
    EXPECT_EQ(s.options.when, ab::sns::as_of::message_timestamp);
    EXPECT_EQ(s.cert_dir, cert_dir);
    EXPECT_EQ(ab::tools::read_arguments({"--max-age"}, table, 1, parsed), "--max-age needs a value");
    EXPECT_EQ(ab::tools::read_arguments({"--max-age", "-1"}, table, 1, parsed),
              "--max-age takes whole seconds (0 to 100 years) or none, not -1");
    EXPECT_EQ(ab::tools::read_arguments({"--at", "yesterday"}, table, 1, parsed),
              "--at takes now, message or an RFC 3339 time, not yesterday");
    const auto report = ab::tools::verify_input(ab::test::read_data("sns-signed/php-http-notification-4.json"), s);
    EXPECT_TRUE(report.all_valid);
    ASSERT_EQ(report.elements.size(), 1u);
    EXPECT_EQ(report.elements[0]["valid"], true);
}
