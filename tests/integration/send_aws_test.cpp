// `alarmbridge send` end to end with the webhook URL where deployments keep it: encrypted with KMS
// as kmsEncryptedHookUrl (the Lambda blueprint's form), in Secrets Manager, in Parameter Store.
// moto's server checks the CLI's signatures; the Slack-like server receives the messages. The CLI
// runs as a user runs it, in an environment holding only what the test gives it. The Slack-like
// server speaks https: the blueprint stores the URL without its scheme and https:// is put back.
#include "command.hpp"
#include "moto_process.hpp"
#include "received.hpp"

#include <alarmbridge/format/alarm_message.hpp>
#include <alarmbridge/http/transport.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>

namespace ab = alarmbridge;
using nlohmann::json;

namespace {

class peers : public ::testing::Environment {
public:
    void SetUp() override {
        moto = new ab::test::moto_process();
        slack = new ab::test::server_process(std::vector<std::string>{"--tls"});  // the blueprint's URL is https
    }
    void TearDown() override {
        delete slack;
        delete moto;
        slack = nullptr;
        moto = nullptr;
    }
    static ab::test::moto_process* moto;
    static ab::test::server_process* slack;
};
ab::test::moto_process* peers::moto = nullptr;
ab::test::server_process* peers::slack = nullptr;
const auto* const registered = ::testing::AddGlobalTestEnvironment(new peers);

const std::string function_name = "alarm-to-slack-e2e";

std::string quoted(const std::string& s) { return "'" + s + "'"; }

/// Where the test put a URL: the three stored forms of it.
struct stored_url {
    std::string url, ciphertext, secret_arn, parameter;
};

/// Stores url in moto as a deployer would (tests/support/store_webhook_url.py, boto3).
stored_url store(const std::string& url, const std::string& name) {
    const auto& m = *peers::moto;
    const auto r = ab::test::run_command(
        "printf '%s\\n' " + quoted(url) + " | env -i AWS_ACCESS_KEY_ID=" + m.text("access_key_id") +
        " AWS_SECRET_ACCESS_KEY=" + quoted(m.text("secret_access_key")) + " " + ALARMBRIDGE_PYTHON + " " +
        ALARMBRIDGE_STORE_WEBHOOK_URL + " --endpoint " + m.server.base_url() + " --region " + m.text("region") +
        " --key-id " + m.text("key_arn") + " --function-name " + function_name + " --name " + name);
    const auto j = json::parse(r.out, nullptr, false);
    if (r.status != 0 || !j.is_object()) throw std::runtime_error("could not store the URL: " + r.out);
    return {url, j["ciphertext"], j["secret_arn"], j["parameter"]};
}

/// `env -i` with a Lambda function's AWS settings (moto as every endpoint, the test user's keys,
/// no instance metadata, no shared files) and the given variables, then the CLI.
ab::test::run_result send(const std::map<std::string, std::string>& vars, const std::string& args) {
    const auto& m = *peers::moto;
    std::map<std::string, std::string> env{{"PATH", "/usr/bin:/bin"},
                                           {"HOME", "/nonexistent"},
                                           {"AWS_ENDPOINT_URL", m.server.base_url()},
                                           {"AWS_REGION", m.text("region")},
                                           {"AWS_ACCESS_KEY_ID", m.text("access_key_id")},
                                           {"AWS_SECRET_ACCESS_KEY", m.text("secret_access_key")},
                                           {"AWS_EC2_METADATA_DISABLED", "true"},
                                           {"AWS_LAMBDA_FUNCTION_NAME", function_name}};
    for (const auto& [k, v] : vars) env[k] = v;
    std::string command = "env -i";
    for (const auto& [k, v] : env) command += " " + k + "=" + quoted(v);
    return ab::test::run_command(command + " " + ALARMBRIDGE_CLI + " send --compact --ca-file " +
                                 quoted(peers::slack->ca_file()) + " " + args + " 2>&1");
}

std::string event_path() { return std::string(ALARMBRIDGE_TEST_DATA) + "/events/alarmbridge-sns-metric-seoul.json"; }

/// The report lines (JSON objects) of a --compact run, after its stderr lines.
std::vector<json> reports(const std::string& out) {
    std::vector<json> found;
    std::size_t start = 0;
    while (start < out.size()) {
        const auto end = out.find('\n', start);
        const auto line = out.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!line.empty() && line[0] == '{') found.push_back(json::parse(line, nullptr, false));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return found;
}

/// No secret of the run in what it printed: the URL (whole, without its scheme, its secret
/// path), the ciphertext, the AWS secret key.
void expect_no_secret(const std::string& out, const stored_url& s, const std::string& token) {
    for (const std::string& secret :
         {s.url, s.url.substr(s.url.find("://") + 3), token, s.ciphertext, peers::moto->text("secret_access_key")})
        EXPECT_EQ(out.find(secret), std::string::npos) << out;
}

/// A path on the Slack-like server with a secret-looking token, answering with scenario.
std::string hook_path(const std::string& token, const std::string& scenario) {
    return "/services/T0E2E/B0E2E/" + token + "/" + scenario;
}

}  // namespace

TEST(send_from_aws, the_blueprints_kms_encrypted_hook_url_in_the_default_order) {
    const std::string token = "kmsE2eCanary4242";
    const auto path = hook_path(token, "ok");
    const auto s = store(peers::slack->base_url() + path, "kms-default");
    const auto r = send({{"kmsEncryptedHookUrl", s.ciphertext}, {"slackChannel", "#e2e"}}, event_path());
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("the webhook URL is from kms:" + peers::moto->text("key_arn")), std::string::npos) << r.out;
    const auto rs = reports(r.out);
    ASSERT_EQ(rs.size(), 1u) << r.out;
    EXPECT_EQ(rs[0]["delivered"], true);
    const auto got = ab::test::received(*peers::slack, path);
    ASSERT_EQ(got.size(), 1u);
    const auto body = json::parse(got[0]["body"].get<std::string>());
    EXPECT_EQ(body["channel"], "#e2e");
    // What arrived is what alarmbridge format writes for the same event and channel.
    const auto formatted = ab::test::run_command(std::string(ALARMBRIDGE_CLI) + " format --compact " + event_path());
    auto expected = json::parse(formatted.out.substr(0, formatted.out.find('\n')));
    expected["channel"] = "#e2e";
    EXPECT_EQ(body, expected);
    expect_no_secret(r.out, s, token);
}

TEST(send_from_aws, each_named_source) {
    const std::string token = "namedE2eCanary77";
    const auto path = hook_path(token, "ok");
    const auto s = store(peers::slack->base_url() + path, "named");
    const std::pair<std::map<std::string, std::string>, std::string> runs[] = {
        {{{"HOOK_CIPHERTEXT", s.ciphertext}},
         "--kms-encrypted-url-env HOOK_CIPHERTEXT --kms-context LambdaFunctionName=" + function_name},
        {{}, "--webhook-secret-id " + quoted(s.secret_arn)},
        {{}, "--webhook-parameter " + s.parameter},
    };
    for (const auto& [vars, args] : runs) {
        const auto r = send(vars, args + " " + event_path());
        EXPECT_EQ(r.status, 0) << args << "\n" << r.out;
        expect_no_secret(r.out, s, token);
    }
    EXPECT_EQ(ab::test::received(*peers::slack, path).size(), 3u);
}

TEST(send_from_aws, a_wrong_encryption_context_sends_nothing_and_names_awss_code) {
    const std::string token = "wrongCtxCanary31";
    const auto path = hook_path(token, "ok");
    const auto s = store(peers::slack->base_url() + path, "wrong-context");
    const auto r = send({{"kmsEncryptedHookUrl", s.ciphertext}, {"AWS_LAMBDA_FUNCTION_NAME", "another-function"}},
                        event_path());
    EXPECT_EQ(r.status, 2) << r.out;
    EXPECT_NE(r.out.find("InvalidCiphertextException"), std::string::npos) << r.out;
    EXPECT_TRUE(ab::test::received(*peers::slack, path).empty());
    expect_no_secret(r.out, s, token);
}

TEST(send_from_aws, a_hook_that_is_gone_is_read_again_once) {
    const std::string token = "goneE2eCanary555";
    const auto path = hook_path(token, "no_service");
    const auto s = store(peers::slack->base_url() + path, "gone");
    const auto r = send({}, "--webhook-secret-id " + quoted(s.secret_arn) + " " + event_path());
    EXPECT_EQ(r.status, 1) << r.out;
    const auto rs = reports(r.out);
    ASSERT_EQ(rs.size(), 1u) << r.out;
    EXPECT_EQ(rs[0]["slack_error"], "no_service");
    EXPECT_EQ(rs[0]["attempts"], 2);  // posted, the secret read again, posted to what it holds now
    EXPECT_EQ(ab::test::received(*peers::slack, path).size(), 2u);
    expect_no_secret(r.out, s, token);
}
