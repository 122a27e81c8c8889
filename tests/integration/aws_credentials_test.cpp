// The credential chain (issue 14): environment, shared files in a temp dir, and real stand-in
// servers on 127.0.0.1 for the container endpoint and IMDSv2 (tests/support/imds_server.py).
#include <alarmbridge/aws/credentials.hpp>
#include <alarmbridge/cloudwatch/timestamp.hpp>

#include "server_process.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace aws = alarmbridge::aws;
namespace ab = alarmbridge;
using vars = std::map<std::string, std::string, std::less<>>;

namespace {

std::unique_ptr<ab::test::server_process> stand_in;

class aws_credentials : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        stand_in = std::make_unique<ab::test::server_process>(
            ALARMBRIDGE_IMDS_SERVER, std::vector<std::string>{"--container-token", "container-auth-token-91b2"});
    }
    static void TearDownTestSuite() { stand_in.reset(); }

    ab::http::curl_transport transport;
    ab::test::temp_dir dir;
};

aws::credentials_options with(aws::environment env, ab::http::transport* t = nullptr) {
    aws::credentials_options o;
    o.environment = std::move(env);
    o.transport = t;
    return o;
}

std::chrono::system_clock::time_point at(const std::string& iso) {
    return std::chrono::system_clock::time_point(std::chrono::milliseconds(*ab::cloudwatch::parse_epoch_ms(iso)));
}

const char* const shared_credentials = R"([default]
aws_access_key_id = AKIADEFAULT000000001
aws_secret_access_key = defaultSecretKey/abc
# a comment
[dev]
aws_access_key_id=AKIADEV0000000000002
aws_secret_access_key=devSecretKey/def
aws_session_token = devSessionToken+ghi
)";

const char* const shared_config = R"([default]
region = eu-west-1
[profile dev]
region = ap-northeast-2
s3 =
    max_concurrent_requests = 20
[profile onlyconfig]
aws_access_key_id = AKIACONFIG0000000003
aws_secret_access_key = configSecretKey/jkl
region = us-gov-west-1
[profile broken]
aws_access_key_id = AKIABROKEN0000000004
)";

TEST_F(aws_credentials, environment_first) {
    auto env = aws::environment_of({{"AWS_ACCESS_KEY_ID", "AKIAENV0000000000009"},
                                    {"AWS_SECRET_ACCESS_KEY", "envSecretKey/xyz"},
                                    {"AWS_SESSION_TOKEN", "envToken"},
                                    {"AWS_SHARED_CREDENTIALS_FILE", dir.write("credentials", shared_credentials).string()},
                                    {"AWS_EC2_METADATA_DISABLED", "true"}});
    aws::credentials_provider p(with(env));
    auto c = p.get();
    ASSERT_TRUE(c) << c.error().describe();
    EXPECT_EQ(c->source(), "environment");
    EXPECT_EQ(c->access_key_id(), "AKIAENV0000000000009");
    EXPECT_EQ(c->secret_access_key().view(), "envSecretKey/xyz");
    EXPECT_EQ(c->session_token().view(), "envToken");
}

TEST_F(aws_credentials, half_set_environment_is_an_error) {
    auto r = aws::credentials_from_environment(aws::environment_of({{"AWS_SECRET_ACCESS_KEY", "envSecretKey/xyz"}}));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ab::errc::aws_no_credentials);
    EXPECT_EQ(r.error().describe().find("envSecretKey"), std::string::npos);
}

TEST_F(aws_credentials, shared_files_by_profile) {
    const auto creds = dir.write("credentials", shared_credentials).string();
    const auto config = dir.write("config", shared_config).string();
    auto env = [&](vars extra) {
        extra["AWS_SHARED_CREDENTIALS_FILE"] = creds;
        extra["AWS_CONFIG_FILE"] = config;
        extra["AWS_EC2_METADATA_DISABLED"] = "true";
        return aws::environment_of(extra);
    };
    {
        aws::credentials_provider p(with(env({})));
        auto c = p.get();
        ASSERT_TRUE(c) << c.error().describe();
        EXPECT_EQ(c->source(), "profile:default");
        EXPECT_EQ(c->access_key_id(), "AKIADEFAULT000000001");
        EXPECT_TRUE(c->session_token().empty());
    }
    {
        aws::credentials_provider p(with(env({{"AWS_PROFILE", "dev"}})));
        auto c = p.get();
        ASSERT_TRUE(c) << c.error().describe();
        EXPECT_EQ(c->source(), "profile:dev");
        EXPECT_EQ(c->secret_access_key().view(), "devSecretKey/def");
        EXPECT_EQ(c->session_token().view(), "devSessionToken+ghi");
    }
    {  // keys in the config file, "[profile NAME]"
        auto c = aws::credentials_from_shared_files(env({}), "onlyconfig");
        ASSERT_TRUE(c);
        ASSERT_TRUE(c->has_value());
        EXPECT_EQ((*c)->access_key_id(), "AKIACONFIG0000000003");
    }
    {  // a profile without a secret stops the chain
        aws::credentials_provider p(with(env({{"AWS_PROFILE", "broken"}})));
        auto c = p.get();
        ASSERT_FALSE(c);
        EXPECT_EQ(c.error().code, ab::errc::aws_no_credentials);
        EXPECT_NE(c.error().message.find("broken"), std::string::npos);
    }
    {  // a named profile that does not exist is an error, not the next source
        auto c = aws::credentials_from_shared_files(env({{"AWS_PROFILE", "nosuch"}}));
        ASSERT_FALSE(c);
    }
}

TEST_F(aws_credentials, region_order) {
    const auto config = dir.write("config", shared_config).string();
    auto region = [&](vars v) {
        v["AWS_CONFIG_FILE"] = config;
        auto r = aws::resolve_region(aws::environment_of(v));
        return r ? *r : std::string("error:") + std::string(ab::to_string(r.error().code));
    };
    EXPECT_EQ(region({{"AWS_REGION", "us-east-2"}, {"AWS_DEFAULT_REGION", "us-west-1"}}), "us-east-2");
    EXPECT_EQ(region({{"AWS_DEFAULT_REGION", "us-west-1"}}), "us-west-1");
    EXPECT_EQ(region({}), "eu-west-1");
    EXPECT_EQ(region({{"AWS_PROFILE", "dev"}}), "ap-northeast-2");
    EXPECT_EQ(region({{"AWS_PROFILE", "broken"}}), "error:aws_no_region");
    EXPECT_EQ(region({{"AWS_REGION", "../../etc"}}), "error:aws_no_region");
    EXPECT_EQ(aws::resolve_region(aws::environment_of({{"HOME", dir.path().string()}})).error().code, ab::errc::aws_no_region);
}

TEST_F(aws_credentials, container_endpoint_with_token_file) {
    const auto token_file = dir.write("token", "container-auth-token-91b2\n").string();
    auto env = aws::environment_of({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", stand_in->base_url() + "/container/creds"},
                                    {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token_file},
                                    {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "ignored-when-the-file-is-set"},
                                    {"AWS_EC2_METADATA_DISABLED", "true"},
                                    {"HOME", dir.path().string()}});
    aws::credentials_provider p(with(env, &transport));
    auto c = p.get();
    ASSERT_TRUE(c) << c.error().describe();
    EXPECT_EQ(c->source(), "container");
    EXPECT_EQ(c->access_key_id().rfind("ASIACONTAINER", 0), 0u);
    EXPECT_EQ(c->secret_access_key().view().substr(0, 16), "standInSecretKey");
    ASSERT_TRUE(c->expiration());
    EXPECT_EQ(*c->expiration(), at("2030-01-01T00:00:00Z"));
}

TEST_F(aws_credentials, container_endpoint_refuses_a_wrong_token) {
    auto env = aws::environment_of({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", stand_in->base_url() + "/container/creds"},
                                    {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "wrong-token-secret-5e1"}});
    auto c = aws::credentials_from_container(env, transport, std::chrono::milliseconds(2000));
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().code, ab::errc::aws_no_credentials);
    EXPECT_NE(c.error().message.find("401"), std::string::npos);
    EXPECT_EQ(c.error().describe().find("wrong-token-secret"), std::string::npos);
    for (const char* path : {"/container/broken", "/container/garbage"}) {
        auto bad = aws::credentials_from_container(
            aws::environment_of({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", stand_in->base_url() + path}}), transport,
            std::chrono::milliseconds(2000));
        EXPECT_FALSE(bad) << path;
    }
}

TEST_F(aws_credentials, container_full_uri_must_be_local_or_https) {
    auto c = aws::credentials_from_container(
        aws::environment_of({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://example.com/creds"}}), transport,
        std::chrono::milliseconds(2000));
    ASSERT_FALSE(c);
    EXPECT_NE(c.error().message.find("FULL_URI"), std::string::npos);
}

TEST_F(aws_credentials, imds_v2_token_then_role) {
    auto env = aws::environment_of({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", stand_in->base_url() + "/"},
                                    {"HOME", dir.path().string()}});
    aws::credentials_provider p(with(env, &transport));
    auto c = p.get();
    ASSERT_TRUE(c) << c.error().describe();
    EXPECT_EQ(c->source(), "imds:alarmbridge-role");
    EXPECT_EQ(c->access_key_id().rfind("ASIAINSTANCE", 0), 0u);
    EXPECT_EQ(c->session_token().view().substr(0, 19), "standInSessionToken");
}

TEST_F(aws_credentials, refreshed_before_expiry) {
    auto now = at("2029-12-31T23:50:00Z");  // the stand-in's credentials expire 2030-01-01T00:00:00Z
    aws::credentials_options o;
    o.environment = aws::environment_of({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", stand_in->base_url() + "/container/creds"},
                                         {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "container-auth-token-91b2"}});
    o.transport = &transport;
    o.now = [&] { return now; };
    aws::credentials_provider p(o);
    auto first = p.get();
    ASSERT_TRUE(first) << first.error().describe();
    auto again = p.get();  // 10 minutes left: the cached ones
    ASSERT_TRUE(again);
    EXPECT_EQ(again->access_key_id(), first->access_key_id());
    now = at("2029-12-31T23:56:00Z");  // 4 minutes left: fetched again
    auto fresh = p.get();
    ASSERT_TRUE(fresh);
    EXPECT_NE(fresh->access_key_id(), first->access_key_id());
    p.invalidate();
    auto after_invalidate = p.get();
    ASSERT_TRUE(after_invalidate);
    EXPECT_NE(after_invalidate->access_key_id(), fresh->access_key_id());
}

TEST_F(aws_credentials, nothing_found) {
    aws::credentials_provider p(with(aws::environment_of({{"HOME", dir.path().string()}, {"AWS_EC2_METADATA_DISABLED", "TRUE"}})));
    auto c = p.get();
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().code, ab::errc::aws_no_credentials);
}

TEST_F(aws_credentials, describe_never_shows_the_secrets) {
    aws::credentials c("AKIAENV0000000000009", aws::secret("envSecretKey/xyz"), aws::secret("envSessionToken"),
                       at("2030-01-01T00:00:00Z"), "environment");
    const std::string d = c.describe();
    EXPECT_EQ(d, "AKIA\u20260009 from environment, with a session token, expires 2030-01-01T00:00:00.000Z");
    EXPECT_EQ(d.find("envSecretKey"), std::string::npos);
    EXPECT_EQ(d.find("envSessionToken"), std::string::npos);
}

TEST_F(aws_credentials, secret_moves_leave_nothing_behind) {
    aws::secret a("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    aws::secret b(std::move(a));
    EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): moved-from is specified empty
    EXPECT_EQ(b.view(), "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    b.clear();
    EXPECT_TRUE(b.empty());
}

}  // namespace
