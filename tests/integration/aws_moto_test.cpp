// KMS Decrypt, Secrets Manager and Parameter Store against moto's server (issue 14), which checks
// our SigV4 signatures (tests/support/moto_server.py): one server for the whole binary.
#include <alarmbridge/aws/dynamodb.hpp>
#include <alarmbridge/aws/kms.hpp>
#include <alarmbridge/aws/secrets_manager.hpp>
#include <alarmbridge/aws/ssm.hpp>
#include <alarmbridge/aws/webhook_url.hpp>
#include <alarmbridge/remediate/state_store.hpp>

#include "server_process.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <memory>

namespace aws = alarmbridge::aws;
namespace ab = alarmbridge;

namespace {

constexpr const char* canary_token = "motoCanarySessionToken+4c3b2a1";

struct moto {
    ab::test::temp_dir dir;
    std::unique_ptr<ab::test::server_process> server;
    nlohmann::json setup;
    ab::http::curl_transport transport;
};
moto* m = nullptr;

class moto_environment : public ::testing::Environment {
public:
    void SetUp() override {
        m = new moto();
        m->server = std::make_unique<ab::test::server_process>(
            ALARMBRIDGE_MOTO_SERVER, std::vector<std::string>{"--dir", m->dir.path().string()});
        std::ifstream in(m->dir.path() / "moto-setup.json");
        m->setup = nlohmann::json::parse(in);
    }
    void TearDown() override {
        delete m;
        m = nullptr;
    }
};
const auto* const registered = ::testing::AddGlobalTestEnvironment(new moto_environment);

std::string s(const char* key) { return m->setup[key].get<std::string>(); }

aws::client_options moto_options(const std::string& secret_key = "", const std::string& token = "") {
    std::map<std::string, std::string, std::less<>> vars{{"AWS_ENDPOINT_URL", m->server->base_url()},
                                                        {"AWS_REGION", s("region")},
                                                        {"AWS_ACCESS_KEY_ID", s("access_key_id")},
                                                        {"AWS_SECRET_ACCESS_KEY", secret_key.empty() ? s("secret_access_key") : secret_key}};
    if (!token.empty()) vars["AWS_SESSION_TOKEN"] = token;
    aws::client_options o;
    o.environment = aws::environment_of(vars);
    o.transport = &m->transport;
    o.sleep = [](std::chrono::milliseconds) {};
    return o;
}

aws::json_client client(const aws::service& svc, const std::string& secret_key = "", const std::string& token = "") {
    auto c = aws::json_client::create(svc, moto_options(secret_key, token));
    if (!c) throw std::runtime_error(c.error().describe());
    return std::move(*c);
}

aws::kms_decrypt_request blueprint_request(const std::string& function = "alarm-to-slack") {
    return aws::kms_decrypt_request::from_base64(s("ciphertext"), {{"LambdaFunctionName", function}});
}

/// Every text a failing path can show: describe(), the library error, and the exception
/// result<T>::value() throws.
std::vector<std::string> texts_of(const aws::error& e) {
    std::vector<std::string> out{e.describe(), e.to_error().describe(), e.message, e.aws_code, e.request_id};
    try {
        ab::result<int> failed(e.to_error());
        (void)failed.value();
    } catch (const ab::exception& ex) {
        out.emplace_back(ex.what());
    }
    return out;
}

TEST(aws_moto, kms_decrypts_the_blueprint_ciphertext) {
    auto kms = client(aws::kms_service);
    auto r = aws::kms_decrypt(kms, blueprint_request());
    ASSERT_TRUE(r) << r.error().describe();
    EXPECT_EQ(r->plaintext.view(), s("plaintext"));
    EXPECT_EQ(r->key_id, s("key_arn"));
}

TEST(aws_moto, kms_with_key_id_and_from_bytes) {
    auto kms = client(aws::kms_service);
    auto blob = blueprint_request();
    blob.key_id = s("key_arn");
    auto r = aws::kms_decrypt(kms, blob);
    ASSERT_TRUE(r) << r.error().describe();
    EXPECT_EQ(r->plaintext.view(), s("plaintext"));
}

TEST(aws_moto, wrong_context_is_invalid_ciphertext) {
    auto kms = client(aws::kms_service);
    auto r = aws::kms_decrypt(kms, blueprint_request("some-other-function"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ab::errc::aws_service_error);
    EXPECT_EQ(r.error().aws_code, "InvalidCiphertextException");
    EXPECT_EQ(r.error().http_status, 400);
}

TEST(aws_moto, wrong_secret_key_is_signature_does_not_match) {
    auto kms = client(aws::kms_service, "wrongSecretKeyCanary/abcdef0123456789XYZ");
    auto r = aws::kms_decrypt(kms, blueprint_request());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().aws_code, "SignatureDoesNotMatch");
    EXPECT_EQ(r.error().http_status, 403);
    // The canary: neither key, nor the token, nor the plaintext in any text of this failure.
    for (const auto& text : texts_of(r.error())) {
        EXPECT_EQ(text.find("wrongSecretKeyCanary"), std::string::npos) << text;
        EXPECT_EQ(text.find(s("secret_access_key")), std::string::npos) << text;
        EXPECT_EQ(text.find(s("plaintext")), std::string::npos) << text;
    }
}

TEST(aws_moto, failing_paths_never_show_secrets) {
    auto kms = client(aws::kms_service);
    std::vector<aws::error> failures;
    if (auto r = aws::kms_decrypt(kms, blueprint_request("some-other-function")); !r) failures.push_back(r.error());
    auto sm = client(aws::secrets_manager_service);
    if (auto r = aws::get_secret_value(sm, "alarmbridge/no-such-secret"); !r) failures.push_back(r.error());
    auto ssm = client(aws::ssm_service);
    if (auto r = aws::get_parameter(ssm, "/alarmbridge/no-such-parameter"); !r) failures.push_back(r.error());
    // A session token moto never issued: refused (the token is signed and sent, never shown).
    auto with_token = client(aws::kms_service, "", canary_token);
    if (auto r = aws::kms_decrypt(with_token, blueprint_request()); !r) failures.push_back(r.error());
    ASSERT_EQ(failures.size(), 4u);
    EXPECT_EQ(failures[1].aws_code, "ResourceNotFoundException");
    EXPECT_EQ(failures[2].aws_code, "ParameterNotFound");
    EXPECT_EQ(failures[3].aws_code, "InvalidClientTokenId");
    for (const auto& e : failures)
        for (const auto& text : texts_of(e)) {
            EXPECT_EQ(text.find(s("secret_access_key")), std::string::npos) << text;
            EXPECT_EQ(text.find(canary_token), std::string::npos) << text;
            EXPECT_EQ(text.find(s("plaintext")), std::string::npos) << text;
        }
}

TEST(aws_moto, secrets_manager_values) {
    auto sm = client(aws::secrets_manager_service);
    auto plain = aws::get_secret_value(sm, "alarmbridge/webhook");
    ASSERT_TRUE(plain) << plain.error().describe();
    EXPECT_EQ(plain->value.view(), s("url"));
    EXPECT_EQ(plain->arn, s("secret_arn"));
    EXPECT_FALSE(plain->binary);
    auto by_arn = aws::get_secret_value(sm, s("json_secret_arn"));
    ASSERT_TRUE(by_arn) << by_arn.error().describe();
    EXPECT_EQ(nlohmann::json::parse(by_arn->value.view())["url"], s("url"));
}

TEST(aws_moto, parameter_store_secure_string) {
    auto ssm = client(aws::ssm_service);
    auto p = aws::get_parameter(ssm, s("parameter"));
    ASSERT_TRUE(p) << p.error().describe();
    EXPECT_EQ(p->value.view(), s("url"));
    EXPECT_EQ(p->type, "SecureString");
    EXPECT_EQ(p->name, s("parameter"));
    EXPECT_GE(p->version, 1);
    auto encrypted = aws::get_parameter(ssm, s("parameter"), false);
    ASSERT_TRUE(encrypted) << encrypted.error().describe();
    EXPECT_NE(encrypted->value.view(), s("url"));
}

// ---- the webhook URL from each source (slack::resolve_webhook_url) ------------------------------

ab::slack::webhook_url_options hook_options(std::map<std::string, std::string, std::less<>> vars) {
    vars["AWS_ENDPOINT_URL"] = m->server->base_url();
    vars["AWS_REGION"] = s("region");
    vars["AWS_ACCESS_KEY_ID"] = s("access_key_id");
    vars["AWS_SECRET_ACCESS_KEY"] = s("secret_access_key");
    ab::slack::webhook_url_options o;
    o.environment = aws::environment_of(vars);
    o.aws.transport = &m->transport;
    o.aws.sleep = [](std::chrono::milliseconds) {};
    return o;
}

TEST(aws_moto_webhook_url, kms_encrypted_hook_url_as_the_blueprint_stores_it) {
    auto r = ab::slack::resolve_webhook_url(hook_options({{"kmsEncryptedHookUrl", s("ciphertext")},
                                                          {"AWS_LAMBDA_FUNCTION_NAME", "alarm-to-slack"},
                                                          {"slackChannel", "#ops-alarms"},
                                                          {"ALARMBRIDGE_WEBHOOK_SECRET_ID", "alarmbridge/webhook"}}));
    ASSERT_TRUE(r) << r.error().describe();
    EXPECT_EQ(r->url.view(), s("url"));  // "https://" put back in front
    EXPECT_EQ(r->source, "kms:" + s("key_arn"));
    EXPECT_EQ(r->channel, "#ops-alarms");
    EXPECT_EQ(r->redacted(), "https://hooks.slack.com/services/T\u2026/B\u2026/***");
}

TEST(aws_moto_webhook_url, kms_with_another_function_name_fails_typed) {
    auto r = ab::slack::resolve_webhook_url(
        hook_options({{"kmsEncryptedHookUrl", s("ciphertext")}, {"AWS_LAMBDA_FUNCTION_NAME", "another-function"}}));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().aws_code, "InvalidCiphertextException");
    for (const auto& text : texts_of(r.error())) EXPECT_EQ(text.find("motoPlaintextCanary"), std::string::npos) << text;
}

TEST(aws_moto_webhook_url, environment_first) {
    auto r = ab::slack::resolve_webhook_url(hook_options(
        {{"SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T1/B1/envFirst"}, {"kmsEncryptedHookUrl", "not even base64"}}));
    ASSERT_TRUE(r) << r.error().describe();
    EXPECT_EQ(r->source, "env:SLACK_WEBHOOK_URL");
    EXPECT_EQ(r->channel, "");
}

TEST(aws_moto_webhook_url, secrets_manager_plain_and_json) {
    for (const std::string id : {"alarmbridge/webhook", "alarmbridge/webhook-json"}) {
        auto r = ab::slack::resolve_webhook_url(hook_options({{"ALARMBRIDGE_WEBHOOK_SECRET_ID", id},
                                                              {"ALARMBRIDGE_WEBHOOK_PARAMETER", "/alarmbridge/webhook"}}));
        ASSERT_TRUE(r) << id << ": " << r.error().describe();
        EXPECT_EQ(r->url.view(), s("url"));
        EXPECT_EQ(r->source, "secretsmanager:" + s(id == "alarmbridge/webhook" ? "secret_arn" : "json_secret_arn"));
    }
}

TEST(aws_moto_webhook_url, parameter_store) {
    auto r = ab::slack::resolve_webhook_url(hook_options({{"ALARMBRIDGE_WEBHOOK_PARAMETER", "/alarmbridge/webhook"}}));
    ASSERT_TRUE(r) << r.error().describe();
    EXPECT_EQ(r->url.view(), s("url"));
    EXPECT_EQ(r->source, "ssm:/alarmbridge/webhook");
}

TEST(aws_moto_webhook_url, a_named_source_wins_over_the_order) {
    auto o = hook_options({{"SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T1/B1/envFirst"}});
    o.source = ab::slack::webhook_url_source{ab::slack::webhook_url_source::kind::ssm, "/alarmbridge/webhook", {}};
    auto r = ab::slack::resolve_webhook_url(o);
    ASSERT_TRUE(r) << r.error().describe();
    EXPECT_EQ(r->source, "ssm:/alarmbridge/webhook");
}

TEST(aws_moto_webhook_url, nothing_set_or_not_a_url) {
    auto none = ab::slack::resolve_webhook_url(hook_options({}));
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, ab::errc::no_webhook_url);
    auto bad = ab::slack::resolve_webhook_url(hook_options({{"SLACK_WEBHOOK_URL", "notAUrlButASecretCanary"}}));
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ab::errc::no_webhook_url);
    EXPECT_EQ(bad.error().describe().find("notAUrlButASecretCanary"), std::string::npos);
}

TEST(aws_moto_webhook_url, cached_then_resolved_again_once_when_the_hook_is_gone) {
    int reads = 0;
    std::string current = "https://hooks.slack.com/services/T1/B1/first";
    ab::slack::webhook_url_options o;
    o.environment = [&](std::string_view name) -> std::optional<std::string> {
        if (name != "SLACK_WEBHOOK_URL") return std::nullopt;
        ++reads;
        return current;
    };
    ab::slack::webhook_url_resolver hook(o);
    auto first = hook.get();
    ASSERT_TRUE(first);
    EXPECT_EQ((*first)->url.view(), current);
    const int after_first = reads;
    ASSERT_TRUE(hook.get());
    EXPECT_EQ(reads, after_first);  // cached
    current = "https://hooks.slack.com/services/T1/B1/rotated";
    EXPECT_FALSE(hook.resolve_again_after(ab::slack::slack_error::channel_not_found));
    EXPECT_EQ((*hook.get())->url.view(), "https://hooks.slack.com/services/T1/B1/first");
    EXPECT_TRUE(hook.resolve_again_after(ab::slack::slack_error::no_service));
    EXPECT_EQ((*hook.get())->url.view(), "https://hooks.slack.com/services/T1/B1/rotated");
    EXPECT_FALSE(hook.resolve_again_after(ab::slack::slack_error::invalid_token));  // only once
}

}  // namespace

namespace {

/// libcurl underneath; the answer to the first PutItem is lost after moto carried it out (cut off
/// after its status line, as a connection that drops mid-answer leaves it).
class losing_transport final : public ab::http::transport {
public:
    ab::result<ab::http::response> send(const ab::http::request& req) override {
        auto r = m->transport.send(req);
        bool put = false;
        for (const auto& h : req.headers) put = put || (h.name == "X-Amz-Target" && h.value == "DynamoDB_20120810.PutItem");
        if (put && puts++ == 0 && r) {
            r->complete = false;
            r->body.clear();
        }
        return r;
    }
    int puts{0};
};

}  // namespace

// Review of issue 18, finding 8: a claim written whose answer was lost is sent again, meets its
// own item (ConditionalCheckFailed with ReturnValuesOnConditionCheckFailure ALL_OLD) and is won;
// a claim of another owner, or a later claim of the same store, is still refused.
TEST(aws_moto_dynamodb, a_claim_whose_answer_was_lost_is_won_by_its_own_owner_token) {
    const std::string table = "claims-owner-token";
    auto ddb = client(aws::dynamodb_service);
    ASSERT_TRUE(ddb.call("CreateTable", nlohmann::json{{"TableName", table},
                                                      {"KeySchema", {{{"AttributeName", "pk"}, {"KeyType", "HASH"}}}},
                                                      {"AttributeDefinitions", {{{"AttributeName", "pk"}, {"AttributeType", "S"}}}},
                                                      {"BillingMode", "PAY_PER_REQUEST"}}
                                              .dump()));
    losing_transport lossy;
    auto o = moto_options();
    o.transport = &lossy;
    auto first = ab::remediate::make_dynamodb_state_store(table, o);
    auto other = ab::remediate::make_dynamodb_state_store(table, moto_options());
    ASSERT_TRUE(first && other);
    auto won = (*first)->claim("event|lost-answer", 1000, 1600);
    ASSERT_TRUE(won) << won.error().describe();
    EXPECT_TRUE(*won);
    EXPECT_EQ(lossy.puts, 2);  // written, answer lost, sent again: ConditionalCheckFailed on our own item
    auto item = ddb.call("GetItem", nlohmann::json{{"TableName", table}, {"Key", {{"pk", {{"S", "event|lost-answer"}}}}}}.dump());
    ASSERT_TRUE(item) << item.error().describe();
    const auto owner = nlohmann::json::parse(item->view())["Item"]["owner"]["S"].get<std::string>();
    EXPECT_EQ(owner.size(), 64u);
    EXPECT_EQ(owner.find_first_not_of("0123456789abcdef"), std::string::npos);
    // Held: by another store, and by a later claim of the same store (the token is per claim).
    EXPECT_FALSE(*(*other)->claim("event|lost-answer", 1200, 1800));
    EXPECT_FALSE(*(*first)->claim("event|lost-answer", 1200, 1800));
    EXPECT_TRUE(*(*other)->claim("event|lost-answer", 1600, 2200));  // expired at 1600
    EXPECT_FALSE(*(*first)->claim("event|lost-answer", 1700, 2300));
}
