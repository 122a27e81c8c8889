// Test helper: keys and certificates made with OpenSSL at test time, and SNS messages signed with
// them the way AWS signs (over sns::string_to_sign, whose bytes the real AWS messages in
// tests/data/sns-signed prove).
#pragma once

#include <alarmbridge/sns/message.hpp>
#include <alarmbridge/sns/verify.hpp>

#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace alarmbridge::test {

struct pkey_free {
    void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
};
using pkey = std::unique_ptr<EVP_PKEY, pkey_free>;

inline pkey make_rsa_key(unsigned bits = 2048) {
    pkey k(EVP_RSA_gen(bits));
    if (!k) throw std::runtime_error("EVP_RSA_gen failed");
    return k;
}

inline pkey make_ec_key() {
    pkey k(EVP_EC_gen("P-256"));
    if (!k) throw std::runtime_error("EVP_EC_gen failed");
    return k;
}

/// A self-signed certificate for key, subject CN=cn, valid [not_before, not_after] (seconds
/// since the epoch), as PEM.
inline std::string make_certificate(EVP_PKEY* key, const std::string& cn, std::int64_t not_before, std::int64_t not_after) {
    std::unique_ptr<X509, decltype(&X509_free)> x(X509_new(), X509_free);
    bool ok = x && X509_set_version(x.get(), 2) == 1 && ASN1_INTEGER_set(X509_get_serialNumber(x.get()), 1) == 1 &&
              ASN1_TIME_set(X509_getm_notBefore(x.get()), static_cast<time_t>(not_before)) != nullptr &&
              ASN1_TIME_set(X509_getm_notAfter(x.get()), static_cast<time_t>(not_after)) != nullptr &&
              X509_set_pubkey(x.get(), key) == 1;
    X509_NAME* name = ok ? X509_get_subject_name(x.get()) : nullptr;
    ok = ok && X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("test"), -1, -1, 0) == 1 &&
         X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0) == 1 &&
         X509_set_issuer_name(x.get(), name) == 1 && X509_sign(x.get(), key, EVP_sha256()) > 0;
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    if (!ok || !bio || PEM_write_bio_X509(bio.get(), x.get()) != 1) throw std::runtime_error("making a certificate failed");
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(n));
}

/// base64 of the RSA signature of text with SHA1 (version 1) or SHA256 (version 2).
inline std::string sign(EVP_PKEY* key, const std::string& text, int version) {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    std::size_t len = 0;
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, version == 1 ? EVP_sha1() : EVP_sha256(), nullptr, key) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(text.data()), text.size()) != 1)
        throw std::runtime_error("signing failed");
    std::vector<unsigned char> sig(len);
    if (EVP_DigestSign(ctx.get(), sig.data(), &len, reinterpret_cast<const unsigned char*>(text.data()), text.size()) != 1)
        throw std::runtime_error("signing failed");
    std::string out(4 * ((len + 2) / 3), '\0');
    EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), sig.data(), static_cast<int>(len));
    return out;
}

/// The body with Signature set: signed with key over the string to sign of the body as it is.
inline nlohmann::json signed_body(nlohmann::json body, EVP_PKEY* key, int version = 2) {
    body["SignatureVersion"] = std::to_string(version);
    body["Signature"] = "";
    const auto m = sns::parse_message(body.dump());
    if (!m) throw std::runtime_error("signed_body: " + m.error().describe());
    const auto text = sns::string_to_sign(*m);
    if (!text) throw std::runtime_error("signed_body: " + text.error().describe());
    body["Signature"] = sign(key, *text, version);
    return body;
}

constexpr const char* test_cert_file = "SimpleNotificationService-0123456789abcdef0123456789abcdef.pem";

/// A Notification as SNS sends it over HTTP, for topic in region, unsigned.
inline nlohmann::json notification(const std::string& timestamp, const std::string& region = "us-east-1",
                                   const std::string& partition = "aws") {
    const std::string domain = region.rfind("cn-", 0) == 0 ? ".amazonaws.com.cn" : ".amazonaws.com";
    return {{"Type", "Notification"},
            {"MessageId", "11111111-2222-5333-8444-555555555555"},
            {"TopicArn", "arn:" + partition + ":sns:" + region + ":123456789012:alarms"},
            {"Subject", "ALARM: \"cpu-high\" in " + region},
            {"Message", "{\"AlarmName\":\"cpu-high\",\"NewStateValue\":\"ALARM\"}"},
            {"Timestamp", timestamp},
            {"SigningCertURL", "https://sns." + region + domain + "/" + test_cert_file}};
}

}  // namespace alarmbridge::test
