// SigV4: every header-signing case of the AWS suite (tests/data/sigv4, from aws-c-auth) byte for
// byte, and the botocore vector for our KMS Decrypt request (issue 14).
#include <alarmbridge/aws/sigv4.hpp>
#include <alarmbridge/cloudwatch/timestamp.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace aws = alarmbridge::aws;
namespace http = alarmbridge::http;
namespace fs = std::filesystem;

namespace {

const fs::path suite = fs::path(ALARMBRIDGE_TEST_DATA) / "sigv4";

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::chrono::system_clock::time_point at(const std::string& iso) {
    return std::chrono::system_clock::time_point(std::chrono::milliseconds(*alarmbridge::cloudwatch::parse_epoch_ms(iso)));
}

/// request.txt: "METHOD PATH HTTP/1.1", headers (a line starting with whitespace continues the
/// one above), a blank line, the body. The URL is https://HOST + PATH as written.
http::request parse_request(const std::string& text) {
    http::request req;
    std::istringstream in(text);
    std::string line;
    std::getline(in, line);
    const auto first = line.find(' ');
    const auto last = line.rfind(" HTTP/");
    req.method = line.substr(0, first);
    const std::string target = line.substr(first + 1, last - first - 1);
    std::string host;
    while (std::getline(in, line) && !line.empty()) {
        if (line[0] == ' ' || line[0] == '\t') {
            req.headers.back().value += "\n" + line;
            continue;
        }
        const auto colon = line.find(':');
        req.headers.push_back({line.substr(0, colon), line.substr(colon + 1)});
        if (req.headers.back().name == "Host") host = req.headers.back().value;
    }
    std::ostringstream body;
    body << in.rdbuf();
    req.body = body.str();
    req.url = "https://" + host + target;
    return req;
}

std::string authorization_in(const std::string& signed_request) {
    std::istringstream in(signed_request);
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("Authorization:", 0) == 0) return line.substr(14);
    return "";
}

std::vector<std::string> case_names() {
    std::vector<std::string> out;
    for (const auto& entry : fs::directory_iterator(suite)) out.push_back(entry.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

class aws_sigv4_suite : public ::testing::TestWithParam<std::string> {};

TEST_P(aws_sigv4_suite, matches_byte_for_byte) {
    const fs::path dir = suite / GetParam();
    const auto context = nlohmann::json::parse(slurp(dir / "context.json"));
    const auto& c = context["credentials"];
    aws::credentials creds(c["access_key_id"].get<std::string>(), aws::secret(c["secret_access_key"].get<std::string>()),
                           aws::secret(c.value("token", std::string())));
    aws::sigv4_params params{context["region"], context["service"], at(context["timestamp"])};
    params.normalize_path = context["normalize"].get<bool>();
    params.add_content_sha256 = context["sign_body"].get<bool>();
    params.sign_session_token = !context.value("omit_session_token", false);

    const http::request req = parse_request(slurp(dir / "request.txt"));
    auto s = aws::sign(req, creds, params);
    ASSERT_TRUE(s) << s.error().describe();
    EXPECT_EQ(s->canonical_request, slurp(dir / "header-canonical-request.txt"));
    EXPECT_EQ(s->string_to_sign, slurp(dir / "header-string-to-sign.txt"));
    EXPECT_EQ(s->signature, slurp(dir / "header-signature.txt"));
    ASSERT_FALSE(s->headers.empty());
    EXPECT_EQ(s->headers.back().name, "Authorization");
    EXPECT_EQ(s->headers.back().value, authorization_in(slurp(dir / "header-signed-request.txt")));
    // The token is sent whether or not it is signed.
    bool token_sent = false;
    for (const auto& h : s->headers) token_sent = token_sent || h.name == "X-Amz-Security-Token";
    EXPECT_EQ(token_sent, c.contains("token"));
}

INSTANTIATE_TEST_SUITE_P(v4, aws_sigv4_suite, ::testing::ValuesIn(case_names()),
                         [](const auto& info) {
                             std::string n = info.param;
                             for (auto& ch : n) ch = ch == '-' ? '_' : ch;
                             return n;
                         });

TEST(aws_sigv4, suite_is_all_there) { EXPECT_EQ(case_names().size(), 38u); }

// Computed with botocore for the request alarmbridge sends to KMS (issue 14).
TEST(aws_sigv4, botocore_kms_decrypt_vector) {
    aws::credentials creds("AKIDEXAMPLE", aws::secret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
                           aws::secret("EXAMPLESESSIONTOKEN"));
    http::request req{"POST",
                      "https://kms.us-east-1.amazonaws.com/",
                      {{"Content-Type", "application/x-amz-json-1.1"}, {"X-Amz-Target", "TrentService.Decrypt"}},
                      R"({"CiphertextBlob":"AQICAHg=","EncryptionContext":{"LambdaFunctionName":"alarm-to-slack"}})"};
    auto s = aws::sign(req, creds, {"us-east-1", "kms", at("2015-08-30T12:36:00Z")});
    ASSERT_TRUE(s);
    const std::string payload_hash = "809cb54e8ce3d4f415db3b41473a0ace72aee1040e74563e842a3845f9d4d4d2";
    EXPECT_EQ(s->canonical_request.substr(s->canonical_request.size() - 64), payload_hash);
    EXPECT_EQ(s->string_to_sign.substr(s->string_to_sign.size() - 64),
              "b336bb5e9fd980d8157dc3f7c88486f9913f7733124b32759fedde5804b1a84a")
        << s->canonical_request;
    EXPECT_EQ(s->signature, "f5da62364af67e43d9bca6032449ffd0d3f24576f08f795ec2cc44c80427865e");
    EXPECT_EQ(s->headers.front().name, "Host");
    EXPECT_EQ(s->headers.front().value, "kms.us-east-1.amazonaws.com");
}

TEST(aws_sigv4, port_is_signed_in_host_unless_default) {
    aws::credentials creds("AKIDEXAMPLE", aws::secret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
    auto s = aws::sign({"POST", "http://127.0.0.1:5000/", {}, ""}, creds, {"us-east-1", "kms", at("2015-08-30T12:36:00Z")});
    ASSERT_TRUE(s);
    EXPECT_EQ(s->headers.front().value, "127.0.0.1:5000");
    EXPECT_NE(s->canonical_request.find("\nhost:127.0.0.1:5000\n"), std::string::npos);
    auto d = aws::sign({"POST", "https://kms.us-east-1.amazonaws.com:443/", {}, ""}, creds, {"us-east-1", "kms", at("2015-08-30T12:36:00Z")});
    ASSERT_TRUE(d);
    EXPECT_EQ(d->headers.front().value, "kms.us-east-1.amazonaws.com");
}

TEST(aws_sigv4, not_a_url_is_an_error) {
    aws::credentials creds("AKIDEXAMPLE", aws::secret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
    auto s = aws::sign({"POST", "not a url", {}, ""}, creds, {"us-east-1", "kms", at("2015-08-30T12:36:00Z")});
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, alarmbridge::errc::invalid_url);
}

}  // namespace
