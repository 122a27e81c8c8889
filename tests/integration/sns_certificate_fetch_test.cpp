// sns::https_certificate_source against a real HTTPS peer (tests/support/cert_server.py, with its
// test CA): fetching, one fetch for many messages and threads, size and time limits, TLS.
//
// The certificate URL must be https://sns.<region>.amazonaws.com/..., which the verifier checks
// as received. The test then hands the fetch to a transport of its own that sends requests for
// that host to the local server (a caller-supplied transport; the library has no switch that
// loosens the rule).
#include <alarmbridge/http/transport.hpp>
#include <alarmbridge/sns/verify.hpp>

#include "server_process.hpp"
#include "test_support.hpp"
#include "sns_signing.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

namespace ab = alarmbridge;
namespace sns = alarmbridge::sns;
using ab::errc;
using nlohmann::json;

namespace {

constexpr std::int64_t t0 = 1780000000;
const std::string t0_text = "2026-05-28T20:26:40.000Z";
const std::string real_host = "https://sns.us-east-1.amazonaws.com";

const ab::test::pkey& rsa_key() {
    static const auto k = ab::test::make_rsa_key();
    return k;
}

sns::verify_options at_t0() {
    sns::verify_options o;
    o.when = sns::as_of::fixed;
    o.fixed_time = std::chrono::system_clock::time_point(std::chrono::seconds(t0));
    return o;
}

/// Sends what is asked of any https://HOST to base (the local server) instead, over a
/// curl_transport that trusts the server's test CA; records every URL it was given.
class routing_transport final : public ab::http::transport {
public:
    routing_transport(std::string base, const std::string& ca_file) : base_(std::move(base)), inner_(options(ca_file)) {}
    ab::result<ab::http::response> send(const ab::http::request& req) override {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            asked_.push_back(req.url);
        }
        ab::http::request routed = req;
        const auto path = req.url.find('/', std::string("https://").size());
        if (req.url.rfind("https://", 0) == 0 && path != std::string::npos) routed.url = base_ + req.url.substr(path);
        return inner_.send(routed);
    }
    std::vector<std::string> asked() {
        std::lock_guard<std::mutex> lock(mutex_);
        return asked_;
    }

private:
    static ab::http::curl_options options(const std::string& ca_file) {
        ab::http::curl_options o;
        o.ca_file = ca_file;
        return o;
    }
    std::string base_;
    ab::http::curl_transport inner_;
    std::mutex mutex_;
    std::vector<std::string> asked_;
};

class CertificateFetch : public ::testing::Test {
protected:
    ab::test::temp_dir files;
    ab::test::server_process server{ALARMBRIDGE_CERT_SERVER, {"--files", files.path().string()}};

    /// A verifier whose certificates come from the server (under prefix), and its transport.
    std::pair<std::shared_ptr<sns::verifier>, routing_transport*> verifier_via(const std::string& prefix = "",
                                                                               sns::https_source_options o = {}) {
        auto t = std::make_unique<routing_transport>(server.base_url() + prefix, server.ca_file());
        auto* raw = t.get();
        auto source = std::make_shared<sns::https_certificate_source>(std::move(t), o);
        return {std::make_shared<sns::verifier>(source), raw};
    }

    int server_count(const std::string& path) {
        ab::http::curl_options o;
        o.ca_file = server.ca_file();
        ab::http::curl_transport t(o);
        ab::http::request req;
        req.method = "GET";
        req.url = server.base_url() + "/_requests?path=" + path;
        const auto r = t.send(req);
        if (!r || r->status != 200) return -1;
        return json::parse(r->body)["count"].get<int>();
    }

    static sns::message message(const std::string& cert_file = ab::test::test_cert_file) {
        json n = ab::test::notification(t0_text);
        n["SigningCertURL"] = real_host + "/" + cert_file;
        auto m = sns::parse_message(ab::test::signed_body(n, rsa_key().get()).dump());
        if (!m) throw std::runtime_error(m.error().describe());
        return *m;
    }

    void serve_good_certificate(const std::string& name = ab::test::test_cert_file) {
        files.write(name, ab::test::make_certificate(rsa_key().get(), "sns.amazonaws.com", t0 - 86400, t0 + 86400));
    }
};

}  // namespace

TEST_F(CertificateFetch, FetchesOnceOverVerifiedTlsForManyMessages) {
    serve_good_certificate();
    auto [v, transport] = verifier_via();
    const auto m = message();
    for (int i = 0; i < 20; ++i) {
        const auto r = v->verify(m, at_t0());
        ASSERT_TRUE(r) << r.error().describe();
    }
    EXPECT_EQ(server_count(std::string("/") + ab::test::test_cert_file), 1);
    ASSERT_EQ(transport->asked().size(), 1u);
    EXPECT_EQ(transport->asked()[0], real_host + "/" + ab::test::test_cert_file);  // the URL as checked
}

TEST_F(CertificateFetch, ConcurrentVerificationsShareOneFetch) {
    serve_good_certificate();
    const auto via = verifier_via();
    const std::shared_ptr<sns::verifier>& v = via.first;
    routing_transport* transport = via.second;
    const auto good = message();
    auto forged = good;
    forged.message = "forged";
    std::atomic<int> ok{0}, mismatch{0}, other{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 6; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 25; ++i) {
                const auto r = v->verify((i + t) % 5 == 0 ? forged : good, at_t0());
                if (r) ++ok;
                else if (r.error().code == errc::signature_mismatch) ++mismatch;
                else ++other;
            }
        });
    for (auto& th : threads) th.join();
    EXPECT_EQ(ok.load(), 6 * 20);
    EXPECT_EQ(mismatch.load(), 6 * 5);
    EXPECT_EQ(other.load(), 0);
    EXPECT_EQ(server_count(std::string("/") + ab::test::test_cert_file), 1);
    EXPECT_EQ(transport->asked().size(), 1u);
}

TEST_F(CertificateFetch, ARejectedUrlIsNeverFetched) {
    serve_good_certificate();
    auto [v, transport] = verifier_via();
    for (const std::string url : {"http://sns.us-east-1.amazonaws.com/", "https://sns.us-east-1.amazonaws.com.s3.amazonaws.com/",
                                  "https://sns.us-east-1.amazonaws.com:443/", "https://sns.eu-west-1.amazonaws.com/"}) {
        auto m = message();
        m.signing_cert_url = url + ab::test::test_cert_file;
        const auto r = v->verify(m, at_t0());
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, errc::cert_url_rejected) << url;
    }
    EXPECT_TRUE(transport->asked().empty());
    EXPECT_EQ(server_count(std::string("/") + ab::test::test_cert_file), 0);
}

TEST_F(CertificateFetch, AnAnswerOverTheSizeCapIsRefused) {
    const std::string big_name = "SimpleNotificationService-b16b16b16b16.pem";
    files.write(big_name, ab::test::make_certificate(rsa_key().get(), "sns.amazonaws.com", t0 - 86400, t0 + 86400) +
                              std::string(20 * 1024, '#'));
    sns::https_source_options o;
    o.max_bytes = 16 * 1024;
    auto [v, transport] = verifier_via("", o);
    const auto r = v->verify(message(big_name), at_t0());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, errc::cert_unavailable) << r.error().describe();
    EXPECT_EQ(v->cached_certificates(), 0u);
}

TEST_F(CertificateFetch, ASlowServerTimesOut) {
    serve_good_certificate();
    sns::https_source_options o;
    o.timeout = std::chrono::milliseconds(300);
    auto [v, transport] = verifier_via("/slow", o);
    const auto r = v->verify(message(), at_t0());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, errc::cert_unavailable) << r.error().describe();
}

TEST_F(CertificateFetch, MissingFileWrongCnAndUntrustedTls) {
    auto [v, transport] = verifier_via();
    auto r = v->verify(message(), at_t0());  // nothing served yet: 404
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, errc::cert_unavailable);
    EXPECT_NE(r.error().message.find("HTTP 404"), std::string::npos) << r.error().message;

    files.write(ab::test::test_cert_file,
                ab::test::make_certificate(rsa_key().get(), "sns.amazonaws.com.evil.example", t0 - 86400, t0 + 86400));
    r = v->verify(message(), at_t0());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, errc::cert_invalid);

    serve_good_certificate();
    r = v->verify(message(), at_t0());  // a failure is not cached: the good one is fetched now
    EXPECT_TRUE(r) << r.error().describe();

    // The same server, reached without trusting its CA: TLS verification refuses it.
    struct untrusting final : ab::http::transport {
        explicit untrusting(std::string base) : base_(std::move(base)) {}
        ab::result<ab::http::response> send(const ab::http::request& req) override {
            ab::http::request routed = req;
            routed.url = base_ + req.url.substr(real_host.size());
            return inner_.send(routed);
        }
        std::string base_;
        ab::http::curl_transport inner_;  // the system's CAs
    };
    const sns::verifier strict(
        std::make_shared<sns::https_certificate_source>(std::make_unique<untrusting>(server.base_url())));
    r = strict.verify(message(), at_t0());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, errc::cert_unavailable);
    EXPECT_NE(r.error().message.find("tls_failed"), std::string::npos) << r.error().message;
}

// ---- confirm_subscription ------------------------------------------------------------------

namespace {

sns::verify_options as_of_message() {
    sns::verify_options o;
    o.when = sns::as_of::message_timestamp;
    return o;
}

/// A SubscriptionConfirmation for the test topic, signed with the test key.
sns::message confirmation(const std::string& subscribe_url, const std::string& token = "tok") {
    json c = ab::test::notification(t0_text);
    c.erase("Subject");
    c["Type"] = "SubscriptionConfirmation";
    c["Token"] = token;
    c["SubscribeURL"] = subscribe_url;
    auto m = sns::parse_message(ab::test::signed_body(c, rsa_key().get()).dump());
    if (!m) throw std::runtime_error(m.error().describe());
    return *m;
}

std::string confirm_url(const std::string& token, const std::string& host = real_host) {
    return host + "/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-east-1:123456789012:alarms&Token=" + token;
}

}  // namespace

TEST_F(CertificateFetch, ARealConfirmationIsVerifiedThenConfirmed) {
    const sns::verifier v(std::make_shared<sns::directory_certificate_source>(ab::test::data_path("sns-signed").string()));
    routing_transport t(server.base_url(), server.ca_file());
    const auto m = sns::parse_message(ab::test::read_data("sns-signed/subscription-confirmation.json"));
    ASSERT_TRUE(m);
    const auto arn = sns::confirm_subscription(*m, v, t, as_of_message());
    ASSERT_TRUE(arn) << arn.error().describe();
    EXPECT_EQ(*arn, "arn:aws:sns:us-west-2:131990247566:dongie-standard-topic:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55");
    ASSERT_EQ(t.asked().size(), 1u);
    EXPECT_EQ(t.asked()[0], *m->subscribe_url);

    // Forged (the token changed), or not a SubscriptionConfirmation: nothing is asked.
    auto forged = *m;
    forged.token = *forged.token + "0";
    EXPECT_EQ(sns::confirm_subscription(forged, v, t, as_of_message()).error().code, errc::signature_mismatch);
    const auto unsubscribe = sns::parse_message(ab::test::read_data("sns-signed/unsubscribe-confirmation.json"));
    ASSERT_TRUE(unsubscribe);
    ASSERT_TRUE(v.verify(*unsubscribe, as_of_message()));  // verified and reported...
    const auto r = sns::confirm_subscription(*unsubscribe, v, t, as_of_message());  // ...never acted on
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, errc::bad_value);
    EXPECT_EQ(t.asked().size(), 1u);
    EXPECT_EQ(server_count("/"), 1);
}

TEST_F(CertificateFetch, ConfirmationFollowsOnlyTheTopicRegionsEndpoint) {
    serve_good_certificate();
    const auto via = verifier_via();
    routing_transport t(server.base_url(), server.ca_file());
    const std::string rejected[] = {
        confirm_url("tok", "https://sns.us-east-1.amazonaws.com.s3.amazonaws.com"),
        confirm_url("tok", "https://sns.eu-west-1.amazonaws.com"),
        confirm_url("tok", "http://sns.us-east-1.amazonaws.com"),
        confirm_url("tok", "https://sns.us-east-1.amazonaws.com:443"),
        confirm_url("tok", "https://user@sns.us-east-1.amazonaws.com"),
        confirm_url("tok") + "#f",
        real_host + "/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-east-1:123456789012:alarms:1",
        real_host + "/other?Action=ConfirmSubscription&Token=tok",
    };
    for (const auto& url : rejected) {
        const auto r = sns::confirm_subscription(confirmation(url), *via.first, t, at_t0());
        ASSERT_FALSE(r) << url;
        EXPECT_EQ(r.error().code, errc::subscribe_url_rejected) << url << ": " << r.error().describe();
        EXPECT_EQ(r.error().where, "/SubscribeURL");
    }
    EXPECT_TRUE(t.asked().empty());

    auto r = sns::confirm_subscription(confirmation(confirm_url("tok")), *via.first, t, at_t0());
    ASSERT_TRUE(r) << r.error().describe();
    EXPECT_EQ(*r, "arn:aws:sns:us-east-1:123456789012:alarms:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55");
    for (const std::string token : {"no-arn", "other-topic"}) {
        r = sns::confirm_subscription(confirmation(confirm_url(token), token), *via.first, t, at_t0());
        ASSERT_FALSE(r) << token;
        EXPECT_EQ(r.error().code, errc::http_status) << token;
    }
    EXPECT_EQ(server_count("/"), 3);
}
