// Function zips, unpacked, run by the AWS Lambda Runtime Interface Emulator with an empty
// environment (as `env -i`, plus the function's configuration): the trivial echo function
// (the runtime and the packaging), and the native alarm function (alarmbridge-lambda.zip) with the
// corpus's SNS events, the Slack-like server and moto's KMS.
#include "moto_process.hpp"
#include "received.hpp"
#include "rie_process.hpp"
#include "server_process.hpp"

#include "command.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace ab = alarmbridge;
using alarmbridge::test::rie_process;
using nlohmann::json;

TEST(LambdaEmulator, TheEchoZipRunsWithAnEmptyEnvironment) {
    setenv("ALARMBRIDGE_TEST_CANARY", "must-not-reach-the-function", 1);
    rie_process rie(ALARMBRIDGE_ECHO_ZIP, {});
    const auto r = rie.invoke(R"({"hello":"world"})");
    EXPECT_EQ(r.status, 200);
    const auto body = json::parse(r.body);
    EXPECT_EQ(body["bytes"], 17);
    const auto names = body["variables"].get<std::vector<std::string>>();
    EXPECT_NE(std::find(names.begin(), names.end(), "AWS_LAMBDA_RUNTIME_API"), names.end());
    EXPECT_EQ(std::find(names.begin(), names.end(), "ALARMBRIDGE_TEST_CANARY"), names.end());
    EXPECT_EQ(std::find(names.begin(), names.end(), "LD_LIBRARY_PATH"), names.end());
    // Warm: the same process answers again.
    EXPECT_EQ(json::parse(rie.invoke("[]").body)["bytes"], 2);
}

TEST(LambdaEmulator, AnErrorComesBackAsLambdasErrorJson) {
    rie_process rie(ALARMBRIDGE_ECHO_ZIP, {});
    const auto r = rie.invoke(R"({"fail":"record 0: slack_rejected: channel_is_archived"})");
    // The emulator answers 200 and the error JSON as the body.
    const auto body = json::parse(r.body);
    EXPECT_EQ(body["errorType"], "Function.EchoFailed");
    EXPECT_EQ(body["errorMessage"], "record 0: slack_rejected: channel_is_archived");
    // The runtime goes on after an error.
    EXPECT_EQ(json::parse(rie.invoke("{}").body)["bytes"], 2);
}

TEST(LambdaEmulator, AnInitErrorIsWhatTheInvocationGets) {
    rie_process rie(ALARMBRIDGE_ECHO_ZIP, {{"ECHO_INIT_ERROR", "aws_service_error: AccessDeniedException"}});
    const auto r = rie.invoke("{}");
    const auto body = json::parse(r.body, nullptr, false);
    ASSERT_TRUE(body.is_object()) << r.status << " " << r.body;
    EXPECT_EQ(body["errorType"], "Function.EchoInitFailed");
    EXPECT_EQ(body["errorMessage"], "aws_service_error: AccessDeniedException");
}

TEST(LambdaEmulator, RunsWhereLibcurlsBuiltInCaBundleIsMissing) {
    // Amazon Linux keeps its CA bundle elsewhere than Debian's libcurl looks. Hidden here in a
    // private mount namespace (root and unshare needed): the runtime reaches the API all the
    // same with the bundle the deployment names (bootstrap names Amazon Linux's).
    auto unshare = ab::test::run_command("command -v unshare").out;
    while (!unshare.empty() && unshare.back() == '\n') unshare.pop_back();
    if (geteuid() != 0 || access("/etc/ssl/certs/ca-certificates.crt", R_OK) != 0 || unshare.empty() ||
        ab::test::run_command(unshare + " -m true 2>/dev/null").status != 0)
        GTEST_SKIP() << "needs root, unshare -m and Debian's CA bundle";
    const std::string hide = "mount --bind /dev/null /etc/ssl/certs/ca-certificates.crt && exec \"$0\" \"$@\"";
    rie_process rie(ALARMBRIDGE_ECHO_ZIP, {{"ALARMBRIDGE_CA_FILE", ALARMBRIDGE_TEST_CA}},
                    {unshare, "-m", "/bin/sh", "-c", hide});
    EXPECT_EQ(json::parse(rie.invoke("{}").body)["bytes"], 2);
}

#ifdef ALARMBRIDGE_LAMBDA_ZIP
namespace {

std::string read_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

ab::test::moto_process* moto = nullptr;
ab::test::server_process* slack = nullptr;

class servers : public ::testing::Environment {
public:
    void SetUp() override {
        moto_ = std::make_unique<ab::test::moto_process>();
        slack_ = std::make_unique<ab::test::server_process>(std::vector<std::string>{"--tls"});
        moto = moto_.get();
        slack = slack_.get();
    }
    void TearDown() override {
        moto = nullptr;
        slack = nullptr;
        slack_.reset();
        moto_.reset();
    }

private:
    std::unique_ptr<ab::test::moto_process> moto_;
    std::unique_ptr<ab::test::server_process> slack_;
};
const auto* const registered = ::testing::AddGlobalTestEnvironment(new servers);

constexpr const char* function_name = "alarm-to-slack";

/// The function's configuration as a deployment sets it, with the URL from SLACK_WEBHOOK_URL.
std::map<std::string, std::string> configured(const std::string& url) {
    return {{"SLACK_WEBHOOK_URL", url}, {"ALARMBRIDGE_CA_FILE", slack->ca_file()}, {"AWS_LAMBDA_FUNCTION_NAME", function_name}};
}

/// The function's configuration with the URL encrypted by moto's KMS under `context_name`, as a
/// deployer stores it (tests/support/store_webhook_url.py; the URL on its standard input).
std::map<std::string, std::string> kms_configured(const std::string& url, const std::string& context_name) {
    static int stored = 0;
    const std::string command = "printf '%s' '" + url + "' | AWS_ACCESS_KEY_ID=" + moto->text("access_key_id") +
                                " AWS_SECRET_ACCESS_KEY=" + moto->text("secret_access_key") + " " + ALARMBRIDGE_PYTHON + " " +
                                ALARMBRIDGE_STORE_WEBHOOK_URL + " --endpoint " + moto->server.base_url() + " --region " +
                                moto->text("region") + " --key-id " + moto->text("key_arn") + " --function-name " +
                                context_name + " --name lambda-rie-" + std::to_string(++stored);
    const auto r = ab::test::run_command(command);
    if (r.status != 0) throw std::runtime_error("store_webhook_url.py failed");
    const std::string blob = json::parse(r.out)["ciphertext"].get<std::string>();
    return {{"kmsEncryptedHookUrl", blob},
            {"AWS_LAMBDA_FUNCTION_NAME", function_name},
            {"ALARMBRIDGE_CA_FILE", slack->ca_file()},
            {"AWS_ENDPOINT_URL", moto->server.base_url()},
            {"AWS_REGION", moto->text("region")},
            {"AWS_ACCESS_KEY_ID", moto->text("access_key_id")},
            {"AWS_SECRET_ACCESS_KEY", moto->text("secret_access_key")},
            {"AWS_EC2_METADATA_DISABLED", "true"}};
}

}  // namespace

TEST(LambdaAlarmFunction, DeliversEveryRecordOfTheCorpusEventsAndSaysSo) {
    const std::string path = "/services/T0RIE/B0RIE/rieSecretCanary1/ok";
    rie_process rie(ALARMBRIDGE_LAMBDA_ZIP, configured(slack->base_url() + path));
    for (const char* name : {"go-sns-event.json", "rust-example-sns-event.json", "assertible-sns-event.json"}) {
        SCOPED_TRACE(name);
        const auto r = rie.invoke(read_file(std::string(ALARMBRIDGE_TEST_DATA) + "/events/" + name));
        const auto summary = json::parse(r.body);
        EXPECT_EQ(summary["failed"], 0) << r.body;
        EXPECT_GE(summary["delivered"].get<int>(), 1) << r.body;
    }
    const auto got = ab::test::received(*slack, path);
    ASSERT_GE(got.size(), 3u);
    for (const auto& req : got) EXPECT_TRUE(json::parse(req["body"].get<std::string>()).contains("blocks"));
    // One JSON log line per record, as many as were delivered, and no URL in any line.
    std::size_t delivered_lines = 0;
    std::istringstream lines(rie.log());
    for (std::string line; std::getline(lines, line);) {
        const auto j = json::parse(line, nullptr, false);
        if (j.is_object() && j.contains("status") && j["status"] == "delivered") ++delivered_lines;
    }
    EXPECT_EQ(delivered_lines, got.size());
    EXPECT_EQ(rie.log().find("rieSecretCanary1"), std::string::npos);
    EXPECT_EQ(rie.log().find("/services/T0RIE"), std::string::npos);
}

TEST(LambdaAlarmFunction, ARefusingWebhookGivesTheErrorJsonNamingSlacksReason) {
    const std::string path = "/services/T0RIE/B0RIE/rieSecretCanary2/channel_is_archived";
    rie_process rie(ALARMBRIDGE_LAMBDA_ZIP, configured(slack->base_url() + path));
    const auto r = rie.invoke(read_file(std::string(ALARMBRIDGE_TEST_DATA) + "/events/go-sns-event.json"));
    EXPECT_EQ(r.status, 200);  // the emulator's answer; the error is in the body
    const auto body = json::parse(r.body);
    EXPECT_EQ(body["errorType"], "Function.DeliveryFailed");
    EXPECT_NE(body["errorMessage"].get<std::string>().find("channel_is_archived"), std::string::npos);
    EXPECT_EQ(r.body.find("rieSecretCanary2"), std::string::npos);
    EXPECT_EQ(rie.log().find("rieSecretCanary2"), std::string::npos);
}

TEST(LambdaAlarmFunction, TheUrlComesFromKmsUnderTheFunctionsContext) {
    const std::string path = "/services/T0RIE/B0RIE/rieSecretCanary3/ok";
    rie_process rie(ALARMBRIDGE_LAMBDA_ZIP, kms_configured(slack->base_url() + path, function_name));
    const auto r = rie.invoke(read_file(std::string(ALARMBRIDGE_TEST_DATA) + "/events/go-sns-event.json"));
    EXPECT_EQ(json::parse(r.body)["failed"], 0) << r.body;
    EXPECT_EQ(ab::test::received(*slack, path).size(), 1u);
}

TEST(LambdaAlarmFunction, AKmsRefusalAtStartIsAnInitError) {
    // Encrypted for another function: KMS refuses the context, the function cannot start.
    const std::string path = "/services/T0RIE/B0RIE/rieSecretCanary4/ok";
    rie_process rie(ALARMBRIDGE_LAMBDA_ZIP, kms_configured(slack->base_url() + path, "some-other-function"));
    const auto r = rie.invoke(read_file(std::string(ALARMBRIDGE_TEST_DATA) + "/events/go-sns-event.json"));
    const auto body = json::parse(r.body);
    EXPECT_NE(body["errorType"].get<std::string>().find("Function."), std::string::npos) << r.body;
    EXPECT_NE(body["errorMessage"].get<std::string>().find("InvalidCiphertextException"), std::string::npos) << r.body;
    EXPECT_EQ(ab::test::received(*slack, path).size(), 0u);
    EXPECT_EQ(rie.log().find("rieSecretCanary4"), std::string::npos);
}
#endif
