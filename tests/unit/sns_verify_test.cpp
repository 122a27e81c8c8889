// sns::verify: real AWS-signed messages, a tamper table built from them, the certificate URL rule,
// certificates made at test time, freshness, the cache and threads.
#include <alarmbridge/sns/verify.hpp>

#include "sns_signing.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

namespace ab = alarmbridge;
namespace sns = alarmbridge::sns;
using ab::errc;
using nlohmann::json;

namespace {

const std::string corpus = "sns-signed";

std::vector<std::filesystem::path> corpus_messages() {
    std::vector<std::filesystem::path> out;
    for (const auto& p : ab::test::data_files(corpus))
        if (p.extension() == ".json") out.push_back(p);
    return out;
}

sns::verify_options as_of_message() {
    sns::verify_options o;
    o.when = sns::as_of::message_timestamp;
    return o;
}

sns::verify_options at(std::int64_t seconds, std::optional<std::chrono::seconds> max_age = std::chrono::hours(1)) {
    sns::verify_options o;
    o.when = sns::as_of::fixed;
    o.fixed_time = std::chrono::system_clock::time_point(std::chrono::seconds(seconds));
    o.max_age = max_age;
    return o;
}

/// Parses body (as JSON text) and verifies it; a parse failure is returned as the error.
ab::result<sns::verification> verify_body(const sns::verifier& v, const json& body, const sns::verify_options& o) {
    const auto m = sns::parse_message(body.dump());
    if (!m) return m.error();
    return v.verify(*m, o);
}

/// A source that counts loads, in front of another.
class counting_source final : public sns::certificate_source {
public:
    explicit counting_source(std::shared_ptr<sns::certificate_source> inner) : inner_(std::move(inner)) {}
    ab::result<std::string> load(const std::string& url) override {
        ++loads;
        return inner_->load(url);
    }
    std::atomic<int> loads{0};

private:
    std::shared_ptr<sns::certificate_source> inner_;
};

std::string cert_key(const json& j) { return j.contains("SigningCertUrl") ? "SigningCertUrl" : "SigningCertURL"; }

std::string replace(std::string s, const std::string& from, const std::string& to) {
    const auto at = s.find(from);
    if (at == std::string::npos) throw std::runtime_error("replace: " + from + " not in " + s);
    return s.replace(at, from.size(), to);
}

}  // namespace

// ---- real AWS-signed messages ----------------------------------------------------------------

TEST(SnsVerify, EveryRealAwsMessageVerifiesAsOfItsTimestamp) {
    const sns::verifier v(std::make_shared<sns::directory_certificate_source>(ab::test::data_path(corpus).string()));
    const auto files = corpus_messages();
    ASSERT_EQ(files.size(), 15u);
    int v1 = 0, v2 = 0, camel = 0, confirmations = 0;
    for (const auto& file : files) {
        SCOPED_TRACE(file.filename().string());
        const auto m = sns::parse_message(ab::test::read_file(file));
        ASSERT_TRUE(m) << m.error().describe();
        const auto r = v.verify(*m, as_of_message());
        ASSERT_TRUE(r) << r.error().describe();
        EXPECT_EQ(r->signing_cert_url, *m->signing_cert_url);
        (r->signature_version == 1 ? v1 : v2)++;
        camel += m->spelling == sns::key_spelling::url_camel;
        confirmations += m->type != sns::message_type::notification;
    }
    EXPECT_GT(v1, 0);
    EXPECT_GT(v2, 0);
    EXPECT_EQ(camel, 6);
    EXPECT_EQ(confirmations, 2);
    EXPECT_EQ(v.cached_certificates(), 2u);  // two certificates for fifteen messages
}

TEST(SnsVerify, TheRealCertificatesHaveExpiredSoNowTheyAreInvalid) {
    const sns::verifier v(std::make_shared<sns::directory_certificate_source>(ab::test::data_path(corpus).string()));
    const auto m = sns::parse_message(ab::test::read_data("sns-signed/notification-signature-v2.json"));
    ASSERT_TRUE(m);
    // 2027-01-01: after the certificate's notAfter (2026-10-14); freshness off to reach it.
    const auto r = v.verify(*m, at(1798761600, std::nullopt));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, errc::cert_invalid) << r.error().describe();
    EXPECT_NE(r.error().message.find("valid from 2025-11-10"), std::string::npos) << r.error().message;
    // With the default window, a message that old is stale first.
    const auto stale = v.verify(*m, at(1798761600));
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code, errc::stale_message);
    EXPECT_EQ(stale.error().where, "/Timestamp");
}

TEST(SnsVerify, StringToSignFollowsAwsOrderForEachType) {
    const auto n = sns::parse_message(ab::test::read_data("sns-signed/notification-with-subject.json"));
    ASSERT_TRUE(n);
    const auto text = sns::string_to_sign(*n);
    ASSERT_TRUE(text);
    EXPECT_EQ(*text,
              "Message\nHello! This message has a subject.\nMessageId\n26858270-545e-5848-82a2-e05566af3dcf\n"
              "Subject\nMy message subject\nTimestamp\n2026-03-06T19:53:21.424Z\n"
              "TopicArn\narn:aws:sns:us-west-2:131990247566:dongie-standard-topic\nType\nNotification\n");
    const auto c = sns::parse_message(ab::test::read_data("sns-signed/unsubscribe-confirmation.json"));
    ASSERT_TRUE(c);
    const auto ctext = sns::string_to_sign(*c);
    ASSERT_TRUE(ctext);
    const std::vector<std::string> keys = {"Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"};
    std::size_t pos = 0;
    for (const auto& k : keys) {
        const auto at = ctext->find(k + "\n", pos);
        ASSERT_NE(at, std::string::npos) << k;
        pos = at + k.size();
    }
    EXPECT_EQ(ctext->substr(ctext->size() - 30), "\nType\nUnsubscribeConfirmation\n");
}

// ---- the tamper table ------------------------------------------------------------------------

struct tamper {
    std::string name;
    std::function<bool(json&)> apply;  // false: does not apply to this message
    errc expected;
};

std::vector<tamper> tampers() {
    auto set_url = [](std::function<std::string(const std::string&)> f) {
        return [f](json& j) {
            const auto k = cert_key(j);
            j[k] = f(j[k].get<std::string>());
            return true;
        };
    };
    auto notif = [](const json& j) { return j["Type"] == "Notification"; };
    return {
        {"Message changed", [](json& j) { j["Message"] = j["Message"].get<std::string>() + "!"; return true; }, errc::signature_mismatch},
        {"MessageId changed", [](json& j) { j["MessageId"] = replace(j["MessageId"].get<std::string>(), "-", "+"); return true; }, errc::signature_mismatch},
        {"Timestamp changed by 1 ms",
         [](json& j) {
             std::string t = j["Timestamp"];
             t[t.size() - 2] = t[t.size() - 2] == '0' ? '1' : '0';
             j["Timestamp"] = t;
             return true;
         },
         errc::signature_mismatch},
        {"TopicArn topic name changed", [](json& j) { j["TopicArn"] = j["TopicArn"].get<std::string>() + "x"; return true; }, errc::signature_mismatch},
        {"Type changed between confirmations",
         [=](json& j) {
             if (notif(j)) return false;
             j["Type"] = j["Type"] == "SubscriptionConfirmation" ? "UnsubscribeConfirmation" : "SubscriptionConfirmation";
             return true;
         },
         errc::signature_mismatch},
        {"Type changed to a confirmation (no Token)",
         [=](json& j) { return notif(j) && (j["Type"] = "SubscriptionConfirmation", true); }, errc::missing_field},
        {"Subject changed",
         [](json& j) { return j.contains("Subject") && j["Subject"].is_string() && (j["Subject"] = "Hello", true); },
         errc::signature_mismatch},
        {"Subject removed",
         [](json& j) { return j.contains("Subject") && j["Subject"].is_string() && j.erase("Subject") == 1; },
         errc::signature_mismatch},
        {"Subject added",
         [=](json& j) { return notif(j) && (!j.contains("Subject") || j["Subject"].is_null()) && (j["Subject"] = "x", true); },
         errc::signature_mismatch},
        {"Subject on a confirmation is not signed (added: still valid)",
         [=](json& j) { return !notif(j) && (j["Subject"] = "x", true); }, errc{}},
        {"Token changed", [=](json& j) { return !notif(j) && (j["Token"] = j["Token"].get<std::string>() + "0", true); }, errc::signature_mismatch},
        {"SubscribeURL changed",
         [=](json& j) { return !notif(j) && (j["SubscribeURL"] = j["SubscribeURL"].get<std::string>() + "0", true); },
         errc::signature_mismatch},
        {"version swapped", [](json& j) { j["SignatureVersion"] = j["SignatureVersion"] == "1" ? "2" : "1"; return true; }, errc::signature_mismatch},
        {"version 3", [](json& j) { j["SignatureVersion"] = "3"; return true; }, errc::unsupported_signature_version},
        {"version empty", [](json& j) { j["SignatureVersion"] = ""; return true; }, errc::unsupported_signature_version},
        {"version 01", [](json& j) { j["SignatureVersion"] = "01"; return true; }, errc::unsupported_signature_version},
        {"signature one character changed",
         [](json& j) {
             std::string s = j["Signature"];
             s[10] = s[10] == 'A' ? 'B' : 'A';
             j["Signature"] = s;
             return true;
         },
         errc::signature_mismatch},
        {"signature truncated", [](json& j) { j["Signature"] = j["Signature"].get<std::string>().substr(0, 340); return true; }, errc::signature_mismatch},
        {"signature not base64", [](json& j) { j["Signature"] = std::string(344, '*'); return true; }, errc::signature_mismatch},
        {"signature removed", [](json& j) { return j.erase("Signature") == 1; }, errc::missing_field},
        {"version removed", [](json& j) { return j.erase("SignatureVersion") == 1; }, errc::missing_field},
        {"certificate URL removed", [](json& j) { return j.erase(cert_key(j)) == 1; }, errc::missing_field},
        {"MessageId removed", [](json& j) { return j.erase("MessageId") == 1; }, errc::missing_field},
        {"Token removed", [=](json& j) { return !notif(j) && j.erase("Token") == 1; }, errc::missing_field},
        {"SubscribeURL removed", [=](json& j) { return !notif(j) && j.erase("SubscribeURL") == 1; }, errc::missing_field},
        {"Timestamp not a time", [](json& j) { j["Timestamp"] = "yesterday"; return true; }, errc::bad_value},
        // the certificate URL rule, one break at a time
        {"URL http", set_url([](const std::string& u) { return replace(u, "https://", "http://"); }), errc::cert_url_rejected},
        {"URL HTTPS in capitals", set_url([](const std::string& u) { return replace(u, "https://", "HTTPS://"); }), errc::cert_url_rejected},
        {"URL port 443", set_url([](const std::string& u) { return replace(u, ".com/", ".com:443/"); }), errc::cert_url_rejected},
        {"URL port 8443", set_url([](const std::string& u) { return replace(u, ".com/", ".com:8443/"); }), errc::cert_url_rejected},
        {"URL userinfo", set_url([](const std::string& u) { return replace(u, "https://", "https://user@"); }), errc::cert_url_rejected},
        {"URL user:password", set_url([](const std::string& u) { return replace(u, "https://", "https://a:b@"); }), errc::cert_url_rejected},
        {"URL query", set_url([](const std::string& u) { return u + "?x=1"; }), errc::cert_url_rejected},
        {"URL empty query", set_url([](const std::string& u) { return u + "?"; }), errc::cert_url_rejected},
        {"URL fragment", set_url([](const std::string& u) { return u + "#f"; }), errc::cert_url_rejected},
        {"URL other path", set_url([](const std::string& u) { return replace(u, "SimpleNotificationService-", "Other-"); }), errc::cert_url_rejected},
        {"URL nested path", set_url([](const std::string& u) { return replace(u, ".com/", ".com/a/"); }), errc::cert_url_rejected},
        {"URL dot segments", set_url([](const std::string& u) { return replace(u, ".com/", ".com/a/../"); }), errc::cert_url_rejected},
        {"URL non-hex name", set_url([](const std::string& u) { return replace(u, "Service-", "Service-xyz"); }), errc::cert_url_rejected},
        {"URL not .pem", set_url([](const std::string& u) { return replace(u, ".pem", ".crt"); }), errc::cert_url_rejected},
        {"URL S3-style host",
         set_url([](const std::string& u) { return replace(u, ".amazonaws.com/", ".amazonaws.com.s3.amazonaws.com/"); }),
         errc::cert_url_rejected},
        {"URL suffix host", set_url([](const std::string& u) { return replace(u, ".amazonaws.com/", ".amazonaws.com.evil.example/"); }), errc::cert_url_rejected},
        {"URL prefix host", set_url([](const std::string& u) { return replace(u, "https://sns.", "https://evilsns."); }), errc::cert_url_rejected},
        {"URL trailing dot host", set_url([](const std::string& u) { return replace(u, ".com/", ".com./"); }), errc::cert_url_rejected},
        {"URL another region than the TopicArn's",
         set_url([](const std::string& u) { return u.find("us-west-2") != std::string::npos ? replace(u, "us-west-2", "us-east-1") : replace(u, "us-east-2", "us-east-1"); }),
         errc::cert_url_rejected},
        {"URL China domain for a commercial region", set_url([](const std::string& u) { return replace(u, ".com/", ".com.cn/"); }), errc::cert_url_rejected},
        {"URL not a URL", set_url([](const std::string&) { return std::string("not a url"); }), errc::cert_url_rejected},
        {"TopicArn in another region than the URL's",
         [](json& j) {
             std::string t = j["TopicArn"];
             j["TopicArn"] = t.find("us-west-2") != std::string::npos ? replace(t, "us-west-2", "eu-west-1")
                                                                  : replace(t, "us-east-2", "eu-west-1");
             return true;
         },
         errc::cert_url_rejected},
    };
}

TEST(SnsVerify, TamperTableGivesTheExactCodeForEveryRealMessage) {
    const sns::verifier v(std::make_shared<sns::directory_certificate_source>(ab::test::data_path(corpus).string()));
    int applied = 0;
    for (const auto& file : corpus_messages()) {
        const json original = json::parse(ab::test::read_file(file));
        for (const auto& t : tampers()) {
            SCOPED_TRACE(file.filename().string() + ": " + t.name);
            json j = original;
            if (!t.apply(j)) continue;
            ++applied;
            ASSERT_NE(j, original);
            const auto r = verify_body(v, j, as_of_message());
            if (t.expected == errc{}) {
                EXPECT_TRUE(r) << r.error().describe();
                continue;
            }
            ASSERT_FALSE(r) << "accepted";
            EXPECT_EQ(r.error().code, t.expected) << r.error().describe();
        }
    }
    EXPECT_GT(applied, 15 * 35);
}

TEST(SnsVerify, ErrorsPointAtTheFieldInTheSpellingReceived) {
    const sns::verifier v(std::make_shared<sns::memory_certificate_source>());
    json lambda = json::parse(ab::test::read_data("sns-signed/php-lambda-notification-1.json"));
    lambda["SigningCertUrl"] = "http://sns.us-east-2.amazonaws.com/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem";
    auto r = verify_body(v, lambda, as_of_message());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().where, "/SigningCertUrl");
    json http = json::parse(ab::test::read_data("sns-signed/php-http-notification-1.json"));
    r = verify_body(v, http, as_of_message());  // the store is empty
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, errc::cert_unavailable);
    EXPECT_EQ(r.error().where, "/SigningCertURL");
}

// ---- the URL rule on its own -----------------------------------------------------------------

TEST(SnsVerify, CertificateUrlHostIsTheTopicRegionsEndpointInEachPartition) {
    const std::string name = "/SimpleNotificationService-0123abcd.pem";
    struct row {
        std::string url, arn;
        bool ok;
    };
    const row rows[] = {
        {"https://sns.us-east-1.amazonaws.com" + name, "arn:aws:sns:us-east-1:1:t", true},
        {"https://sns.cn-north-1.amazonaws.com.cn" + name, "arn:aws-cn:sns:cn-north-1:1:t", true},
        {"https://sns.cn-north-1.amazonaws.com" + name, "arn:aws-cn:sns:cn-north-1:1:t", false},
        {"https://sns.cn-north-1.amazonaws.com.cn" + name, "arn:aws:sns:cn-north-1:1:t", false},
        {"https://sns.us-gov-west-1.amazonaws.com" + name, "arn:aws-us-gov:sns:us-gov-west-1:1:t", true},
        {"https://sns.us-east-1.amazonaws.com" + name, "arn:aws:sqs:us-east-1:1:t", false},
        {"https://sns.us-east-1.amazonaws.com" + name, "arn:aws:sns:US-EAST-1:1:t", false},
        {"https://sns.us-east-1.amazonaws.com" + name, "not an arn", false},
        {"https://sns.us-east-1.amazonaws.com" + name, "", false},
        {"https://sns.us-east-1.amazonaws.com.s3.amazonaws.com" + name, "arn:aws:sns:us-east-1:1:t", false},
        {"https://sns.us-east-1.amazonaws.com%2eevil.example" + name, "arn:aws:sns:us-east-1:1:t", false},
        {"https://sns.us-east-1.amazonaws.com\\" + name, "arn:aws:sns:us-east-1:1:t", false},
        {"https://sns.us-east-1.amazonaws.com" + name + std::string(1, '\0') + "x", "arn:aws:sns:us-east-1:1:t", false},
        {" https://sns.us-east-1.amazonaws.com" + name, "arn:aws:sns:us-east-1:1:t", false},
    };
    for (const auto& r : rows) {
        SCOPED_TRACE(r.url + " for " + r.arn);
        const auto got = sns::check_certificate_url(r.url, r.arn);
        EXPECT_EQ(static_cast<bool>(got), r.ok) << (got ? "" : got.error().describe());
        if (!got) {
            EXPECT_EQ(got.error().code, errc::cert_url_rejected);
        }
    }
}

// ---- certificates made at test time ----------------------------------------------------------

namespace {

constexpr std::int64_t t0 = 1780000000;  // 2026-05-28T20:26:40Z
const std::string t0_text = "2026-05-28T20:26:40.000Z";

const ab::test::pkey& rsa_key() {
    static const auto k = ab::test::make_rsa_key();
    return k;
}

std::shared_ptr<sns::memory_certificate_source> store_with(const std::string& pem) {
    auto s = std::make_shared<sns::memory_certificate_source>();
    s->add(ab::test::test_cert_file, pem);
    return s;
}

std::string good_certificate() {
    return ab::test::make_certificate(rsa_key().get(), "sns.amazonaws.com", t0 - 86400, t0 + 86400);
}

}  // namespace

TEST(SnsVerify, CertificatesMadeNowAreJudgedByCnDatesAndKey) {
    const json body = ab::test::signed_body(ab::test::notification(t0_text), rsa_key().get());
    const auto ec = ab::test::make_ec_key();
    const auto short_rsa = ab::test::make_rsa_key(1024);
    const auto other_rsa = ab::test::make_rsa_key();
    struct row {
        std::string name, pem;
        errc expected;
    };
    const row rows[] = {
        {"right CN, valid", good_certificate(), errc{}},
        {"wrong CN", ab::test::make_certificate(rsa_key().get(), "sns.amazonaws.com.evil.example", t0 - 86400, t0 + 86400), errc::cert_invalid},
        {"CN as a suffix", ab::test::make_certificate(rsa_key().get(), "evilsns.amazonaws.com", t0 - 86400, t0 + 86400), errc::cert_invalid},
        {"expired", ab::test::make_certificate(rsa_key().get(), "sns.amazonaws.com", t0 - 2 * 86400, t0 - 1), errc::cert_invalid},
        {"not yet valid", ab::test::make_certificate(rsa_key().get(), "sns.amazonaws.com", t0 + 1, t0 + 86400), errc::cert_invalid},
        {"EC key", ab::test::make_certificate(ec.get(), "sns.amazonaws.com", t0 - 86400, t0 + 86400), errc::cert_invalid},
        {"RSA 1024", ab::test::make_certificate(short_rsa.get(), "sns.amazonaws.com", t0 - 86400, t0 + 86400), errc::cert_invalid},
        {"another key", ab::test::make_certificate(other_rsa.get(), "sns.amazonaws.com", t0 - 86400, t0 + 86400), errc::signature_mismatch},
        {"not PEM", "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n", errc::cert_invalid},
        {"empty", "", errc::cert_invalid},
    };
    for (const auto& r : rows) {
        SCOPED_TRACE(r.name);
        const sns::verifier v(store_with(r.pem));
        const auto got = verify_body(v, body, at(t0));
        if (r.expected == errc{}) {
            EXPECT_TRUE(got) << got.error().describe();
            continue;
        }
        ASSERT_FALSE(got);
        EXPECT_EQ(got.error().code, r.expected) << got.error().describe();
    }
}

TEST(SnsVerify, ValidityIsJudgedAtTheChosenTime) {
    // Valid for one day from t0; the message is from t0 + 2 days.
    const auto pem = ab::test::make_certificate(rsa_key().get(), "sns.amazonaws.com", t0, t0 + 86400);
    const sns::verifier v(store_with(pem));
    const json body = ab::test::signed_body(ab::test::notification("2026-05-30T20:26:40.000Z"), rsa_key().get());
    auto r = verify_body(v, body, as_of_message());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, errc::cert_invalid);
    r = verify_body(v, body, at(t0 + 3600, std::nullopt));  // as it was then, freshness off
    EXPECT_TRUE(r) << r.error().describe();
    r = verify_body(v, body, at(t0 + 3600));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, errc::stale_message);
}

TEST(SnsVerify, BothVersionsAndEveryPartitionVerify) {
    const sns::verifier v(store_with(good_certificate()));
    for (int version : {1, 2}) {
        for (const auto& [region, partition] : std::vector<std::pair<std::string, std::string>>{
                 {"us-east-1", "aws"}, {"cn-northwest-1", "aws-cn"}, {"us-gov-east-1", "aws-us-gov"}, {"ap-northeast-2", "aws"}}) {
            SCOPED_TRACE(region + " v" + std::to_string(version));
            const json body = ab::test::signed_body(ab::test::notification(t0_text, region, partition), rsa_key().get(), version);
            const auto r = verify_body(v, body, at(t0));
            ASSERT_TRUE(r) << r.error().describe();
            EXPECT_EQ(r->signature_version, version);
            EXPECT_EQ(r->message_time_ms, t0 * 1000);
        }
    }
}

TEST(SnsVerify, FreshnessWindowDefaultsToAnHourEitherWayAndCanBeChangedOrDisabled) {
    const sns::verifier v(
        store_with(ab::test::make_certificate(rsa_key().get(), "sns.amazonaws.com", t0 - 86400 * 365, t0 + 86400 * 365)));
    const json body = ab::test::signed_body(ab::test::notification(t0_text), rsa_key().get());
    struct row {
        std::int64_t at;
        std::optional<std::chrono::seconds> max_age;
        bool ok;
    };
    const row rows[] = {
        {t0 + 3600, std::chrono::hours(1), true},  {t0 + 3601, std::chrono::hours(1), false},
        {t0 - 3600, std::chrono::hours(1), true},  {t0 - 3601, std::chrono::hours(1), false},
        {t0 + 11, std::chrono::seconds(10), false}, {t0 + 10, std::chrono::seconds(10), true},
        {t0 + 86400 * 30, std::nullopt, true},
    };
    for (const auto& r : rows) {
        SCOPED_TRACE(std::to_string(r.at - t0));
        const auto got = verify_body(v, body, at(r.at, r.max_age));
        EXPECT_EQ(static_cast<bool>(got), r.ok);
        if (!got) {
            EXPECT_EQ(got.error().code, errc::stale_message);
        }
    }
    sns::verify_options defaults;
    EXPECT_EQ(defaults.when, sns::as_of::now);
    ASSERT_TRUE(defaults.max_age);
    EXPECT_EQ(*defaults.max_age, std::chrono::hours(1));
}

// ---- cache and threads -----------------------------------------------------------------------

TEST(SnsVerify, OneLoadServesManyMessagesAndTheCacheIsBounded) {
    auto memory = std::make_shared<sns::memory_certificate_source>();
    const std::string names[] = {"SimpleNotificationService-aa.pem", "SimpleNotificationService-bb.pem",
                                 "SimpleNotificationService-cc.pem"};
    for (const auto& n : names) memory->add(n, good_certificate());
    auto counter = std::make_shared<counting_source>(memory);
    sns::verifier_options vo;
    vo.cache_capacity = 2;
    const sns::verifier v(counter, vo);
    auto body_for = [](const std::string& name, int i) {
        json n = ab::test::notification(t0_text);
        n["MessageId"] = "message-" + std::to_string(i);
        n["SigningCertURL"] = "https://sns.us-east-1.amazonaws.com/" + name;
        return ab::test::signed_body(n, rsa_key().get());
    };
    for (int i = 0; i < 50; ++i) ASSERT_TRUE(verify_body(v, body_for(names[0], i), at(t0)));
    EXPECT_EQ(counter->loads.load(), 1);
    ASSERT_TRUE(verify_body(v, body_for(names[1], 0), at(t0)));
    ASSERT_TRUE(verify_body(v, body_for(names[0], 0), at(t0)));  // names[0] most recent now
    ASSERT_TRUE(verify_body(v, body_for(names[2], 0), at(t0)));  // evicts names[1]
    EXPECT_EQ(counter->loads.load(), 3);
    EXPECT_EQ(v.cached_certificates(), 2u);
    ASSERT_TRUE(verify_body(v, body_for(names[0], 1), at(t0)));
    EXPECT_EQ(counter->loads.load(), 3);
    ASSERT_TRUE(verify_body(v, body_for(names[1], 1), at(t0)));
    EXPECT_EQ(counter->loads.load(), 4);
    // A failed load is not cached: the next message tries again.
    const auto missing = body_for("SimpleNotificationService-dd.pem", 0);
    EXPECT_EQ(verify_body(v, missing, at(t0)).error().code, errc::cert_unavailable);
    EXPECT_EQ(verify_body(v, missing, at(t0)).error().code, errc::cert_unavailable);
    EXPECT_EQ(counter->loads.load(), 6);
}

TEST(SnsVerify, ManyThreadsShareOneVerifierAndOneLoad) {
    auto counter = std::make_shared<counting_source>(store_with(good_certificate()));
    const sns::verifier v(counter);
    const json good = ab::test::signed_body(ab::test::notification(t0_text), rsa_key().get());
    json bad = good;
    bad["Message"] = "forged";
    const auto good_m = sns::parse_message(good.dump());
    const auto bad_m = sns::parse_message(bad.dump());
    ASSERT_TRUE(good_m && bad_m);
    std::atomic<int> ok{0}, mismatches{0}, other{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 40; ++i) {
                const bool forged = (i + t) % 4 == 0;
                const auto r = v.verify(forged ? *bad_m : *good_m, at(t0));
                if (r) ++ok;
                else if (r.error().code == errc::signature_mismatch) ++mismatches;
                else ++other;
            }
        });
    for (auto& th : threads) th.join();
    EXPECT_EQ(ok.load(), 8 * 30);
    EXPECT_EQ(mismatches.load(), 8 * 10);
    EXPECT_EQ(other.load(), 0);
    EXPECT_EQ(counter->loads.load(), 1);
}

TEST(SnsVerify, DirectorySourceReadsOnlyPlainFileNames) {
    sns::directory_certificate_source dir(ab::test::data_path(corpus).string());
    EXPECT_TRUE(dir.load("https://sns.us-west-2.amazonaws.com/SimpleNotificationService-7506a1e35b36ef5a444dd1a8e7cc3ed8.pem"));
    EXPECT_EQ(dir.load("https://x/SimpleNotificationService-00.pem").error().code, errc::cert_unavailable);
    EXPECT_EQ(dir.load("https://x/..").error().code, errc::cert_unavailable);
    EXPECT_EQ(dir.load("https://x/").error().code, errc::cert_unavailable);
}

TEST(SnsVerify, NewCodesHaveStableNumbersAndNames) {
    EXPECT_EQ(static_cast<int>(errc::signature_mismatch), 301);
    EXPECT_EQ(static_cast<int>(errc::cert_url_rejected), 302);
    EXPECT_EQ(static_cast<int>(errc::cert_unavailable), 303);
    EXPECT_EQ(static_cast<int>(errc::cert_invalid), 304);
    EXPECT_EQ(static_cast<int>(errc::unsupported_signature_version), 305);
    EXPECT_EQ(static_cast<int>(errc::stale_message), 306);
    EXPECT_EQ(ab::to_string(errc::signature_mismatch), "signature_mismatch");
    EXPECT_EQ(ab::to_string(errc::cert_url_rejected), "cert_url_rejected");
    EXPECT_EQ(ab::to_string(errc::cert_unavailable), "cert_unavailable");
    EXPECT_EQ(ab::to_string(errc::cert_invalid), "cert_invalid");
    EXPECT_EQ(ab::to_string(errc::unsupported_signature_version), "unsupported_signature_version");
    EXPECT_EQ(ab::to_string(errc::stale_message), "stale_message");
    EXPECT_EQ(static_cast<int>(errc::subscribe_url_rejected), 307);
    EXPECT_EQ(ab::to_string(errc::subscribe_url_rejected), "subscribe_url_rejected");
}

TEST(SnsVerify, ReadMessagesTakesBodiesArraysAndLambdaEvents) {
    const std::string body = ab::test::read_data("sns-signed/notification-no-subject.json");
    auto one = sns::read_messages(body);
    ASSERT_TRUE(one);
    ASSERT_EQ(one->size(), 1u);
    EXPECT_TRUE((*one)[0]);

    auto array = sns::read_messages("[" + body + ", 42, {\"Type\": \"Notification\"}]");
    ASSERT_TRUE(array);
    ASSERT_EQ(array->size(), 3u);
    EXPECT_TRUE((*array)[0]);
    EXPECT_EQ((*array)[1].error().code, errc::wrong_type);
    EXPECT_EQ((*array)[1].error().where, "/1");
    EXPECT_EQ((*array)[2].error().code, errc::missing_field);
    EXPECT_EQ((*array)[2].error().where, "/2/Message");

    auto event = sns::read_messages("{\"Records\": [{\"EventSource\": \"aws:sns\", \"Sns\": " + body +
                                    "}, {\"EventSource\": \"aws:sns\", \"Sns\": null}]}");
    ASSERT_TRUE(event);
    ASSERT_EQ(event->size(), 2u);
    EXPECT_TRUE((*event)[0]);
    EXPECT_EQ((*event)[1].error().code, errc::missing_field);
    EXPECT_EQ((*event)[1].error().where, "/Records/1/Sns");

    EXPECT_EQ(sns::read_messages("42").error().code, errc::unrecognized_event);
    EXPECT_EQ(sns::read_messages("{\"Records\": 1}").error().code, errc::wrong_type);
    EXPECT_EQ(sns::read_messages(std::string(5000, '[') + std::string(5000, ']')).error().code, errc::too_deep);
    ab::parse_options small;
    small.max_records = 2;
    EXPECT_EQ(sns::read_messages("[" + body + "," + body + "," + body + "]", small).error().code, errc::too_large);
}
