// The JSON 1.1 client (issue 14): endpoints, retries, clock skew and typed errors, against a
// scripted stand-in on 127.0.0.1 (tests/support/aws_stand_in_server.py).
#include <alarmbridge/aws/client.hpp>
#include <alarmbridge/aws/kms.hpp>

#include "server_process.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace aws = alarmbridge::aws;
namespace ab = alarmbridge;
using vars = std::map<std::string, std::string, std::less<>>;
using std::chrono::milliseconds;

namespace {

std::unique_ptr<ab::test::server_process> stand_in;

constexpr const char* secret_key = "clientCanarySecretKey/0123456789abcdefXYZ";
constexpr const char* session_token = "clientCanarySessionToken+zyx987";

class aws_client : public ::testing::Test {
protected:
    static void SetUpTestSuite() { stand_in = std::make_unique<ab::test::server_process>(ALARMBRIDGE_AWS_STAND_IN, std::vector<std::string>{}); }
    static void TearDownTestSuite() { stand_in.reset(); }

    ab::http::curl_transport transport;
    std::vector<milliseconds> sleeps;
    std::chrono::system_clock::time_point clock_offset_now() const { return std::chrono::system_clock::now() + offset; }
    std::chrono::seconds offset{0};

    /// A KMS client whose endpoint is the stand-in's scenario.
    aws::json_client client(const std::string& scenario) {
        aws::client_options o;
        o.environment = aws::environment_of({{"AWS_ENDPOINT_URL", stand_in->base_url() + "/" + scenario},
                                             {"AWS_REGION", "us-east-1"},
                                             {"AWS_ACCESS_KEY_ID", "AKIACLIENTTEST000001"},
                                             {"AWS_SECRET_ACCESS_KEY", secret_key},
                                             {"AWS_SESSION_TOKEN", session_token}});
        o.transport = &transport;
        o.sleep = [this](milliseconds d) { sleeps.push_back(d); };
        o.random = [] { return 0.5; };
        o.now = [this] { return clock_offset_now(); };
        o.timeout = milliseconds(5000);
        auto c = aws::json_client::create(aws::kms_service, o);
        if (!c) throw std::runtime_error(c.error().describe());
        return std::move(*c);
    }

    /// Options for an endpoint on a port nobody listens on (connection refused).
    aws::client_options unreachable() {
        aws::client_options o;
        o.environment = aws::environment_of({{"AWS_ENDPOINT_URL", "http://127.0.0.1:" + std::to_string(ab::test::unused_port())},
                                             {"AWS_REGION", "us-east-1"},
                                             {"AWS_ACCESS_KEY_ID", "AKIACLIENTTEST000001"},
                                             {"AWS_SECRET_ACCESS_KEY", secret_key}});
        o.transport = &transport;
        o.sleep = [this](milliseconds d) { sleeps.push_back(d); };
        o.random = [] { return 0.0; };
        return o;
    }

    int count(const std::string& scenario) {
        auto r = transport.send({"GET", stand_in->base_url() + "/count/" + scenario, {}, ""});
        return r && r->status == 200 ? std::stoi(r->body) : -1;
    }
};

aws::kms_decrypt_request sample_request() { return aws::kms_decrypt_request::from_bytes("ciphertext-bytes", {{"LambdaFunctionName", "alarm-to-slack"}}); }

TEST(aws_endpoint, partitions_fips_and_overrides) {
    auto url = [](const aws::service& s, const char* region, vars v) {
        auto r = aws::resolve_endpoint(s, region, aws::environment_of(v));
        return r ? *r : std::string("error:") + std::string(ab::to_string(r.error().code));
    };
    EXPECT_EQ(url(aws::kms_service, "eu-west-1", {}), "https://kms.eu-west-1.amazonaws.com");
    EXPECT_EQ(url(aws::secrets_manager_service, "cn-north-1", {}), "https://secretsmanager.cn-north-1.amazonaws.com.cn");
    EXPECT_EQ(url(aws::ssm_service, "us-gov-west-1", {}), "https://ssm.us-gov-west-1.amazonaws.com");
    EXPECT_EQ(url(aws::kms_service, "us-gov-east-1", {{"AWS_USE_FIPS_ENDPOINT", "true"}}), "https://kms-fips.us-gov-east-1.amazonaws.com");
    EXPECT_EQ(url(aws::kms_service, "us-east-1", {{"AWS_USE_FIPS_ENDPOINT", "TRUE"}}), "https://kms-fips.us-east-1.amazonaws.com");
    EXPECT_EQ(url(aws::kms_service, "us-east-1", {{"AWS_USE_FIPS_ENDPOINT", "false"}}), "https://kms.us-east-1.amazonaws.com");
    EXPECT_EQ(url(aws::kms_service, "cn-northwest-1", {{"AWS_USE_FIPS_ENDPOINT", "true"}}), "error:aws_no_region");
    EXPECT_EQ(url(aws::kms_service, "not a region", {}), "error:aws_no_region");
    const vars both{{"AWS_ENDPOINT_URL", "http://127.0.0.1:4566/"}, {"AWS_ENDPOINT_URL_KMS", "http://localhost:9000"}};
    EXPECT_EQ(url(aws::kms_service, "us-east-1", both), "http://localhost:9000");
    EXPECT_EQ(url(aws::ssm_service, "us-east-1", both), "http://127.0.0.1:4566");
    EXPECT_EQ(url(aws::secrets_manager_service, "us-east-1", {{"AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://sm:1"}}), "http://sm:1");
    vars ignored = both;
    ignored["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true";
    EXPECT_EQ(url(aws::kms_service, "us-east-1", ignored), "https://kms.us-east-1.amazonaws.com");
    EXPECT_EQ(url(aws::kms_service, "us-east-1", {{"AWS_ENDPOINT_URL", "file:///etc/passwd"}}), "error:invalid_url");
}

TEST(aws_error_of, json_header_and_xml) {
    ab::http::response r;
    r.status = 400;
    r.body = R"({"__type":"com.amazon.coral.service#InvalidCiphertextException","message":null})";
    r.headers = {{"x-amzn-RequestId", "abc-123"}};
    auto e = aws::error_of(r);
    EXPECT_EQ(e.aws_code, "InvalidCiphertextException");
    EXPECT_EQ(e.request_id, "abc-123");
    EXPECT_EQ(e.http_status, 400);
    EXPECT_EQ(e.code, ab::errc::aws_service_error);
    r.body = "";
    r.headers = {{"X-Amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/coral/"}};
    EXPECT_EQ(aws::error_of(r).aws_code, "ThrottlingException");
    r.headers.clear();
    r.status = 502;
    r.body = "<html>Bad gateway</html>";
    EXPECT_EQ(aws::error_of(r).aws_code, "HTTP502");
    EXPECT_TRUE(aws::retryable_error_code("ThrottlingException"));
    EXPECT_TRUE(aws::retryable_error_code("RequestTimeout"));
    EXPECT_FALSE(aws::retryable_error_code("AccessDeniedException"));
}

TEST_F(aws_client, decrypts_on_the_first_attempt) {
    auto c = client("ok");
    auto r = aws::kms_decrypt(c, sample_request());
    ASSERT_TRUE(r) << r.error().describe();
    EXPECT_EQ(r->plaintext.view(), "https://hooks.slack.com/services/T00000000/B00000000/standInPlaintextCanary");
    EXPECT_EQ(r->key_id, "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    EXPECT_TRUE(sleeps.empty());
    EXPECT_EQ(c.credentials_source(), "environment");
}

TEST_F(aws_client, throttling_is_retried_after_full_jitter) {
    auto c = client("throttle-then-ok");
    auto r = c.call("Decrypt", "{}");
    ASSERT_TRUE(r) << r.error().describe();
    EXPECT_EQ(count("throttle-then-ok"), 2);
    ASSERT_EQ(sleeps.size(), 1u);
    EXPECT_EQ(sleeps[0], milliseconds(500));  // 0.5 · min(20 s, 1 s · 2^0)
}

TEST_F(aws_client, server_error_then_ok_and_dropped_connection_then_ok) {
    for (const char* scenario : {"500-then-ok", "drop-then-ok"}) {
        auto c = client(scenario);
        auto r = c.call("Decrypt", "{}");
        ASSERT_TRUE(r) << scenario << ": " << r.error().describe();
        EXPECT_EQ(count(scenario), 2) << scenario;
    }
}

TEST_F(aws_client, three_attempts_then_the_last_error) {
    auto c = client("503-always");
    auto r = c.call("Decrypt", "{}");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ab::errc::aws_service_error);
    EXPECT_EQ(r.error().http_status, 503);
    EXPECT_EQ(r.error().aws_code, "HTTP503");
    EXPECT_EQ(count("503-always"), 3);
    ASSERT_EQ(sleeps.size(), 2u);
    EXPECT_EQ(sleeps[0], milliseconds(500));
    EXPECT_EQ(sleeps[1], milliseconds(1000));  // 0.5 · min(20 s, 1 s · 2^1)
}

TEST_F(aws_client, not_retried_when_aws_says_no) {
    auto c = client("access-denied");
    auto r = c.call("Decrypt", "{}");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().aws_code, "AccessDeniedException");
    EXPECT_EQ(r.error().message, "User is not authorized");
    EXPECT_EQ(r.error().request_id, "req-denied-0002");
    EXPECT_EQ(r.error().http_status, 400);
    EXPECT_EQ(count("access-denied"), 1);
    EXPECT_EQ(r.error().describe(),
              "aws_service_error: AccessDeniedException (HTTP 400, request req-denied-0002): User is not authorized");
}

TEST_F(aws_client, clock_skew_corrected_once_from_the_date_header) {
    offset = std::chrono::hours(-1);  // our clock is an hour behind
    auto c = client("skew");
    auto r = c.call("Decrypt", "{}");
    ASSERT_TRUE(r) << r.error().describe();
    EXPECT_EQ(count("skew"), 2);
    EXPECT_GT(c.clock_skew(), std::chrono::minutes(55));
    EXPECT_LT(c.clock_skew(), std::chrono::minutes(65));
    EXPECT_TRUE(sleeps.empty());
    ASSERT_TRUE(c.call("Decrypt", "{}"));  // the offset is kept: one request this time
    EXPECT_EQ(count("skew"), 3);
}

TEST_F(aws_client, clock_skew_corrected_only_once) {
    auto c = client("skew-always");
    auto r = c.call("Decrypt", "{}");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().aws_code, "InvalidSignatureException");
    EXPECT_EQ(count("skew-always"), 2);
}

TEST_F(aws_client, xml_signature_error_keeps_its_code) {
    auto c = client("xml-signature");
    auto r = c.call("Decrypt", "{}");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().aws_code, "SignatureDoesNotMatch");
    EXPECT_EQ(r.error().http_status, 403);
    EXPECT_EQ(r.error().request_id, "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE");
    EXPECT_NE(r.error().message.find("signature we calculated"), std::string::npos);
    EXPECT_EQ(count("xml-signature"), 1);
}

TEST_F(aws_client, code_from_the_error_type_header) {
    auto c = client("header-code");
    auto r = c.call("Decrypt", "{}");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().aws_code, "ValidationException");
}

TEST_F(aws_client, hostile_error_is_sanitized) {
    auto c = client("hostile-code");
    auto r = c.call("Decrypt", "{}");
    ASSERT_FALSE(r);
    const auto& e = r.error();
    EXPECT_LE(e.aws_code.size(), 100u);
    for (char ch : e.aws_code + e.message) {
        EXPECT_GE(static_cast<unsigned char>(ch), 0x20u);
        EXPECT_LT(static_cast<unsigned char>(ch), 0x7fu);
    }
    for (char ch : e.aws_code) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '_' || ch == '-');
}

TEST_F(aws_client, a_success_that_is_not_json_is_a_bad_response) {
    auto c = client("not-json");
    auto r = aws::kms_decrypt(c, sample_request());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ab::errc::aws_bad_response);
}

TEST_F(aws_client, ciphertext_that_is_not_base64_is_not_sent) {
    auto c = client("ok");
    auto r = aws::kms_decrypt(c, aws::kms_decrypt_request::from_base64("not base64!"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ab::errc::bad_value);
    EXPECT_EQ(count("ok"), 0);
}

// A canary: a server that repeats the Authorization and token headers in its error message.
TEST_F(aws_client, secrets_never_in_errors) {
    auto c = client("echo-secret");
    auto r = c.call("Decrypt", "{}");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().aws_code, "ValidationException");
    for (const std::string& text : {r.error().describe(), r.error().to_error().describe()}) {
        EXPECT_EQ(text.find(secret_key), std::string::npos) << text;
        EXPECT_EQ(text.find(session_token), std::string::npos) << text;
        EXPECT_EQ(text.find("Signature="), std::string::npos) << text;
    }
}

TEST_F(aws_client, unreachable_endpoint_is_retried_then_a_transport_error) {
    auto c = aws::json_client::create(aws::kms_service, unreachable());
    ASSERT_TRUE(c);
    auto r = c->call("Decrypt", "{}");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ab::errc::http_transport);
    EXPECT_EQ(sleeps.size(), 2u);
}

// Review of issue 18, findings 1 and 2: a connection that could not be made ran nothing, so even
// a call that must not run twice is retried; a call is not started at or after its deadline.
TEST_F(aws_client, unreachable_endpoint_is_retried_even_when_not_idempotent) {
    auto c = aws::json_client::create(aws::ssm_service, unreachable());
    ASSERT_TRUE(c);
    auto r = c->call("SendCommand", "{}", aws::call_options{ab::http::clock::time_point::max(), false, nullptr});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ab::errc::http_transport);
    EXPECT_FALSE(r.error().maybe_performed);
    EXPECT_EQ(sleeps.size(), 2u);  // three attempts
}

TEST_F(aws_client, no_attempt_at_or_after_the_deadline) {
    auto c = client("ok");
    const int before = count("ok");
    auto r = c.call("Decrypt", "{}", aws::call_options{ab::http::clock::now(), true, nullptr});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ab::errc::deadline_exceeded);
    EXPECT_EQ(r.error().describe(), "deadline_exceeded: the deadline left no room for an attempt");
    EXPECT_EQ(count("ok"), before);
}

TEST_F(aws_client, no_region_no_client) {
    aws::client_options o;
    o.environment = aws::environment_of({{"HOME", "/nonexistent"}});
    auto c = aws::json_client::create(aws::kms_service, o);
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().code, ab::errc::aws_no_region);
}

}  // namespace
