// SNS signature verification speed, one core, measured side by side in one run:
//   verify_v2_cached        sns::verifier::verify of a parsed v2 message (real AWS-signed, SHA256withRSA,
//                           2048-bit key), its certificate already cached: string to sign, base64,
//                           digest, RSA verify, URL rule, freshness, cache lookup
//   parse_and_verify_v2     the same from the HTTP body's bytes (sns::parse_message first)
//   verify_v1_cached        the SHA1withRSA message
//   rsa2048_verify_floor    OpenSSL alone: EVP_PKEY_verify of a precomputed SHA-256 digest with the same
//                           key and a context made once (what `openssl speed rsa2048` times)
//   check_certificate_url, string_to_sign   two of the parts around the RSA verify, alone
// Each reports items_per_second = verifications per second. bench/compare_verify.py sets these
// beside `openssl speed rsa2048` and Python `cryptography` on the same message.
#include <alarmbridge/sns/verify.hpp>

#include <benchmark/benchmark.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "test_support.hpp"

#include <memory>

namespace {

namespace sns = alarmbridge::sns;

const char* const v2_file = "sns-signed/notification-signature-v2.json";
const char* const v1_file = "sns-signed/notification-with-subject.json";

sns::verify_options as_of_message() {
    sns::verify_options o;
    o.when = sns::as_of::message_timestamp;
    return o;
}

const sns::verifier& shared_verifier() {
    static const sns::verifier v(std::make_shared<sns::directory_certificate_source>(
        alarmbridge::test::data_path("sns-signed").string()));
    return v;
}

void verify_cached(benchmark::State& state, const char* file) {
    const auto m = sns::parse_message(alarmbridge::test::read_data(file));
    if (!m || !shared_verifier().verify(*m, as_of_message())) {  // warms the cache
        state.SkipWithError("the sample does not verify");
        return;
    }
    const auto options = as_of_message();
    for (auto _ : state) {
        auto r = shared_verifier().verify(*m, options);
        if (!r) state.SkipWithError("verify failed");
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
}

void verify_v2_cached(benchmark::State& state) { verify_cached(state, v2_file); }
void verify_v1_cached(benchmark::State& state) { verify_cached(state, v1_file); }

void parse_and_verify_v2(benchmark::State& state) {
    const std::string body = alarmbridge::test::read_data(v2_file);
    const auto options = as_of_message();
    for (auto _ : state) {
        auto m = sns::parse_message(body);
        auto r = m ? shared_verifier().verify(*m, options) : m.error();
        if (!r) state.SkipWithError("verify failed");
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
}

void rsa2048_verify_floor(benchmark::State& state) {
    const auto m = sns::parse_message(alarmbridge::test::read_data(v2_file));
    const auto text = m ? sns::string_to_sign(*m) : alarmbridge::result<std::string>(m.error());
    const std::string pem = alarmbridge::test::read_data(
        "sns-signed/SimpleNotificationService-7506a1e35b36ef5a444dd1a8e7cc3ed8.pem");
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
    std::unique_ptr<X509, decltype(&X509_free)> x509(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free);
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(x509 ? X509_get_pubkey(x509.get()) : nullptr, EVP_PKEY_free);
    if (!text || !key) {
        state.SkipWithError("setup failed");
        return;
    }
    unsigned char digest[32];
    unsigned int digest_len = 0;
    EVP_Digest(text->data(), text->size(), digest, &digest_len, EVP_sha256(), nullptr);
    std::vector<unsigned char> sig(m->signature->size());
    const int n = EVP_DecodeBlock(sig.data(), reinterpret_cast<const unsigned char*>(m->signature->data()),
                                  static_cast<int>(m->signature->size()));
    sig.resize(256);
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new(key.get(), nullptr), EVP_PKEY_CTX_free);
    if (n < 256 || !ctx || EVP_PKEY_verify_init(ctx.get()) != 1 || EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) != 1 ||
        EVP_PKEY_CTX_set_signature_md(ctx.get(), EVP_sha256()) != 1) {
        state.SkipWithError("setup failed");
        return;
    }
    for (auto _ : state) {
        const int ok = EVP_PKEY_verify(ctx.get(), sig.data(), sig.size(), digest, digest_len);
        if (ok != 1) state.SkipWithError("verify failed");
        benchmark::DoNotOptimize(ok);
    }
    state.SetItemsProcessed(state.iterations());
}

// The parts around the RSA verify, alone.
void check_certificate_url(benchmark::State& state) {
    const auto m = sns::parse_message(alarmbridge::test::read_data(v2_file));
    for (auto _ : state) {
        auto r = sns::check_certificate_url(*m->signing_cert_url, m->topic_arn);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
}

void string_to_sign(benchmark::State& state) {
    const auto m = sns::parse_message(alarmbridge::test::read_data(v2_file));
    for (auto _ : state) {
        auto r = sns::string_to_sign(*m);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK(check_certificate_url);
BENCHMARK(string_to_sign);
BENCHMARK(verify_v2_cached);
BENCHMARK(parse_and_verify_v2);
BENCHMARK(verify_v1_cached);
BENCHMARK(rsa2048_verify_floor);
BENCHMARK_MAIN();
