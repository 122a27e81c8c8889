// `alarmbridge config` (src/tools/config_command.cpp, with the webhook-source options of
// src/tools/webhook_source.cpp) in-process against moto's server, which checks our signatures
// (tests/support/moto_server.py; one server for the whole binary): the URL from each source, the
// redaction, the typed error of a wrong encryption context, usage errors.
#include "config_command.hpp"
#include "webhook_source.hpp"

#include <alarmbridge/http/transport.hpp>

#include "moto_process.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

namespace ab = alarmbridge;
namespace aws = alarmbridge::aws;
using nlohmann::json;

namespace {

class moto_environment : public ::testing::Environment {
public:
    void SetUp() override { m = new ab::test::moto_process(); }
    void TearDown() override {
        delete m;
        m = nullptr;
    }
    static ab::test::moto_process* m;
};
ab::test::moto_process* moto_environment::m = nullptr;
const auto* const registered = ::testing::AddGlobalTestEnvironment(new moto_environment);

std::string s(const char* key) { return moto_environment::m->text(key); }
std::string endpoint() { return moto_environment::m->server.base_url(); }

using variables = std::map<std::string, std::string, std::less<>>;

/// A deployment's environment: moto as the endpoint, the test user's keys, no instance metadata,
/// no shared files (no HOME); plus the given variables.
variables deployment(variables extra = {}) {
    variables v{{"AWS_ENDPOINT_URL", endpoint()},
                {"AWS_REGION", s("region")},
                {"AWS_ACCESS_KEY_ID", s("access_key_id")},
                {"AWS_SECRET_ACCESS_KEY", s("secret_access_key")},
                {"AWS_EC2_METADATA_DISABLED", "true"}};
    for (auto& [k, val] : extra) v[k] = val;
    return v;
}

struct run_result {
    int status;
    std::string out, err;
    json report;  ///< standard output parsed (null when it is not JSON)
};

/// Every secret the run may have seen: the URL (as stored and with its scheme), the URL's
/// secret path, the ciphertext and the secret access key.
void expect_no_secret(const run_result& r) {
    const std::string url_token = "motoPlaintextCanary9f8e7d";
    ASSERT_NE(s("url").find(url_token), std::string::npos);
    for (const std::string& secret : {s("url"), s("plaintext"), url_token, s("secret_access_key"), s("ciphertext")}) {
        EXPECT_EQ(r.out.find(secret), std::string::npos) << r.out;
        EXPECT_EQ(r.err.find(secret), std::string::npos) << r.err;
    }
}

run_result run(const std::vector<std::string>& args, const variables& env) {
    std::ostringstream out, err;
    const int status = ab::tools::run_config(args, aws::environment_of(env), out, err);
    run_result r{status, out.str(), err.str(), json()};
    r.report = json::parse(r.out, nullptr, false);
    if (r.report.is_discarded()) r.report = json();
    expect_no_secret(r);
    return r;
}

/// A run that resolved the URL: the report's every string checked, the URL field as
/// http::redact_url prints the real URL.
void expect_resolved(const run_result& r, const std::string& source) {
    ASSERT_EQ(r.status, 0) << r.out << r.err;
    ASSERT_TRUE(r.report.is_object()) << r.out;
    EXPECT_EQ(r.report["webhook_url"]["source"], source);
    EXPECT_EQ(r.report["webhook_url"]["url"], ab::http::redact_url(s("url")));
    EXPECT_EQ(r.report["webhook_url"]["url"].get<std::string>().rfind("https://hooks.slack.com/", 0), 0u);
    EXPECT_FALSE(r.report.contains("error"));
    EXPECT_EQ(r.report["aws"]["region"], s("region"));
    EXPECT_EQ(r.report["aws"]["credentials"], "environment");
    EXPECT_TRUE(r.err.empty()) << r.err;
}

}  // namespace

TEST(config_cli, url_from_the_environment) {
    auto r = run({}, deployment({{"SLACK_WEBHOOK_URL", s("url")}}));
    expect_resolved(r, "env:SLACK_WEBHOOK_URL");
    EXPECT_EQ(r.report["format"], (json{{"locale", "en"}, {"style", "rich"}}));
    EXPECT_TRUE(r.report["webhook_url"]["channel"].is_null());

    r = run({"--webhook-url-env=MY_HOOK"}, deployment({{"MY_HOOK", s("url")}, {"SLACK_WEBHOOK_URL", "https://other.example/x"}}));
    expect_resolved(r, "env:MY_HOOK");
}

TEST(config_cli, locale_and_style_are_the_lambda_handlers_and_a_bad_setting_is_reported) {
    auto r = run({}, deployment({{"SLACK_WEBHOOK_URL", s("url")}, {"ALARMBRIDGE_LOCALE", "ko"},
                                 {"ALARMBRIDGE_STYLE", "compact"}}));
    expect_resolved(r, "env:SLACK_WEBHOOK_URL");
    EXPECT_EQ(r.report["format"], (json{{"locale", "ko"}, {"style", "compact"}}));
    r = run({"--style", "blueprint"}, deployment({{"SLACK_WEBHOOK_URL", s("url")}, {"ALARMBRIDGE_STYLE", "compact"}}));
    EXPECT_EQ(r.report["format"]["style"], "blueprint");

    r = run({}, deployment({{"SLACK_WEBHOOK_URL", s("url")}, {"ALARMBRIDGE_STYLE", "fancy"}}));
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.report["webhook_url"]["source"], "env:SLACK_WEBHOOK_URL");
    EXPECT_EQ(r.report["settings_error"]["code"], "bad_value");
    EXPECT_EQ(r.report["settings_error"]["message"].get<std::string>().rfind("ALARMBRIDGE_STYLE is \"fancy\"", 0), 0u);
}

TEST(config_cli, environment_source_without_aws_says_so_and_still_resolves) {
    auto r = run({}, variables{{"SLACK_WEBHOOK_URL", s("url")}, {"AWS_EC2_METADATA_DISABLED", "true"}});
    ASSERT_EQ(r.status, 0) << r.out << r.err;
    EXPECT_EQ(r.report["webhook_url"]["source"], "env:SLACK_WEBHOOK_URL");
    EXPECT_TRUE(r.report["aws"]["region"].is_null());
    EXPECT_EQ(r.report["aws"]["region_error"]["code"], "aws_no_region");
    EXPECT_TRUE(r.report["aws"]["credentials"].is_null());
    EXPECT_EQ(r.report["aws"]["credentials_error"]["code"], "aws_no_credentials");
}

TEST(config_cli, kms_in_the_default_order_with_the_function_name_as_context) {
    auto r = run({"--locale", "ko", "--style=compact"},
                 deployment({{"kmsEncryptedHookUrl", s("ciphertext")},
                              {"AWS_LAMBDA_FUNCTION_NAME", "alarm-to-slack"},
                              {"slackChannel", "#ops"}}));
    expect_resolved(r, "kms:" + s("key_arn"));
    EXPECT_EQ(r.report["webhook_url"]["channel"], "#ops");
    EXPECT_EQ(r.report["format"], (json{{"locale", "ko"}, {"style", "compact"}}));
}

TEST(config_cli, kms_named_with_its_context) {
    auto r = run({"--kms-encrypted-url-env", "HOOK_BLOB", "--kms-context", "LambdaFunctionName=alarm-to-slack"},
                 deployment({{"HOOK_BLOB", s("ciphertext")}}));
    expect_resolved(r, "kms:" + s("key_arn"));
    // No --kms-context: the blueprint's context, from AWS_LAMBDA_FUNCTION_NAME.
    r = run({"--kms-encrypted-url-env=HOOK_BLOB"},
            deployment({{"HOOK_BLOB", s("ciphertext")}, {"AWS_LAMBDA_FUNCTION_NAME", "alarm-to-slack"}}));
    expect_resolved(r, "kms:" + s("key_arn"));
}

TEST(config_cli, wrong_context_exits_1_with_invalid_ciphertext) {
    for (const auto& [args, env] : std::vector<std::pair<std::vector<std::string>, variables>>{
             {{"--kms-encrypted-url-env", "HOOK_BLOB", "--kms-context=LambdaFunctionName=some-other-function"},
              deployment({{"HOOK_BLOB", s("ciphertext")}, {"AWS_LAMBDA_FUNCTION_NAME", "alarm-to-slack"}})},
             {{}, deployment({{"kmsEncryptedHookUrl", s("ciphertext")}, {"AWS_LAMBDA_FUNCTION_NAME", "some-other-function"}})},
             {{"--kms-encrypted-url-env", "HOOK_BLOB"}, deployment({{"HOOK_BLOB", s("ciphertext")}})}}) {
        const auto r = run(args, env);
        ASSERT_EQ(r.status, 1) << r.out << r.err;
        EXPECT_TRUE(r.report["webhook_url"].is_null());
        EXPECT_EQ(r.report["error"]["code"], "InvalidCiphertextException");
        EXPECT_EQ(r.report["error"]["errc"], "aws_service_error");
        EXPECT_EQ(r.report["error"]["http_status"], 400);
        // The rest of the configuration is still reported.
        EXPECT_EQ(r.report["aws"]["region"], s("region"));
        EXPECT_EQ(r.report["aws"]["credentials"], "environment");
    }
}

TEST(config_cli, secrets_manager) {
    expect_resolved(run({"--webhook-secret-id", "alarmbridge/webhook"}, deployment()), "secretsmanager:" + s("secret_arn"));
    expect_resolved(run({}, deployment({{"ALARMBRIDGE_WEBHOOK_SECRET_ID", "alarmbridge/webhook-json"}})),
                    "secretsmanager:" + s("json_secret_arn"));
    const auto missing = run({"--webhook-secret-id=alarmbridge/no-such-secret"}, deployment());
    EXPECT_EQ(missing.status, 1);
    EXPECT_EQ(missing.report["error"]["code"], "ResourceNotFoundException");
}

TEST(config_cli, parameter_store) {
    expect_resolved(run({"--webhook-parameter=/alarmbridge/webhook"}, deployment()), "ssm:/alarmbridge/webhook");
    expect_resolved(run({}, deployment({{"ALARMBRIDGE_WEBHOOK_PARAMETER", "/alarmbridge/webhook"}})),
                    "ssm:/alarmbridge/webhook");
}

TEST(config_cli, a_wrong_secret_key_is_reported_without_it) {
    const std::string wrong = "wrongSecretKeyCanary/abcdef0123456789XYZ";
    const auto r = run({"--webhook-parameter", "/alarmbridge/webhook"}, deployment({{"AWS_SECRET_ACCESS_KEY", wrong}}));
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.report["error"]["code"], "SignatureDoesNotMatch");
    EXPECT_EQ(r.out.find(wrong), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find(s("access_key_id")), std::string::npos) << r.out;  // not even the key ID
}

TEST(config_cli, no_source_is_no_webhook_url) {
    const auto r = run({}, deployment());
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.report["error"]["code"], "no_webhook_url");
    EXPECT_EQ(r.report["error"]["errc"], "no_webhook_url");
}

TEST(config_cli, usage_errors_exit_2) {
    const variables env = deployment({{"SLACK_WEBHOOK_URL", s("url")}});
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"--webhook-secret-id", "a", "--webhook-parameter", "b"},
          {"--kms-context", "A=B"},
          {"--kms-encrypted-url-env", "X", "--kms-context", "no-equals"},
          {"--kms-encrypted-url-env", "X", "--kms-context", "A=1", "--kms-context=A=2"},
          {"--webhook-parameter"},
          {"--webhook-parameter="},
          {"--locale", "xx"},
          {"--style=fancy"},
          {"--frobnicate"},
          {"extra"}}) {
        const auto r = run(args, env);
        EXPECT_EQ(r.status, 2) << args.front();
        EXPECT_TRUE(r.out.empty()) << r.out;
        EXPECT_NE(r.err.find("usage: alarmbridge config"), std::string::npos) << r.err;
    }
    const auto help = run({"--help"}, env);
    EXPECT_EQ(help.status, 0);
    EXPECT_NE(help.out.find("--kms-encrypted-url-env NAME"), std::string::npos);
}

// take_webhook_source leaves the other arguments, in order, and stops at "--".
TEST(webhook_source, takes_only_its_options) {
    ab::slack::webhook_url_options o;
    o.environment = aws::environment_of({});
    std::vector<std::string> args{"--locale", "ko", "--kms-context", "K=V=W", "file.json",
                                  "--kms-encrypted-url-env=BLOB", "--", "--webhook-parameter", "x"};
    std::string problem;
    ASSERT_TRUE(ab::tools::take_webhook_source(args, o, problem)) << problem;
    EXPECT_EQ(args, (std::vector<std::string>{"--locale", "ko", "file.json", "--", "--webhook-parameter", "x"}));
    ASSERT_TRUE(o.source);
    EXPECT_EQ(o.source->from, ab::slack::webhook_url_source::kind::kms);
    EXPECT_EQ(o.source->name, "BLOB");
    EXPECT_EQ(o.source->kms_context, (std::map<std::string, std::string>{{"K", "V=W"}}));

    ab::slack::webhook_url_options none;
    std::vector<std::string> plain{"a", "b"};
    ASSERT_TRUE(ab::tools::take_webhook_source(plain, none, problem));
    EXPECT_FALSE(none.source);
    EXPECT_EQ(plain.size(), 2u);
}
