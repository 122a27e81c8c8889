// SNS signature verification: the string to sign, the certificate URL rule (libcurl's URL API),
// certificates (OpenSSL X.509, cached by URL with their public keys), the signature (OpenSSL EVP).
#include <alarmbridge/sns/verify.hpp>

#include <alarmbridge/cloudwatch/region.hpp>
#include <alarmbridge/cloudwatch/timestamp.hpp>

#include "sns/message_parser.hpp"

#include <curl/curl.h>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <list>
#include <unordered_map>
#include <utility>
#include <vector>

namespace alarmbridge::sns {
namespace {

template <class T, void (*Free)(T*)>
struct deleter {
    void operator()(T* p) const noexcept { Free(p); }
};
using pkey_ptr = std::unique_ptr<EVP_PKEY, deleter<EVP_PKEY, EVP_PKEY_free>>;
using x509_ptr = std::unique_ptr<X509, deleter<X509, X509_free>>;
using bio_ptr = std::unique_ptr<BIO, deleter<BIO, BIO_free_all>>;
using pkey_ctx_ptr = std::unique_ptr<EVP_PKEY_CTX, deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using curlu_ptr = std::unique_ptr<CURLU, deleter<CURLU, curl_url_cleanup>>;

constexpr std::string_view certificate_cn = "sns.amazonaws.com";
constexpr std::string_view certificate_prefix = "/SimpleNotificationService-";
constexpr std::string_view certificate_suffix = ".pem";
constexpr int min_rsa_bits = 2048;
constexpr std::size_t max_signature_chars = 2048;  // RSA-8192 is 1368 base64 characters
constexpr std::size_t max_file_bytes = 64 * 1024;

error fail(errc code, std::string message, std::string where = {}) {
    return error{code, std::move(message), std::move(where)};
}

/// The SNS endpoint host of a topic's region: "sns.us-east-1.amazonaws.com",
/// "sns.cn-north-1.amazonaws.com.cn". Fails for an ARN that is not an SNS topic ARN of a
/// partition whose endpoints we know.
result<std::string> sns_host_for_topic(std::string_view topic_arn, errc code) {
    // arn:partition:sns:region:account:name
    std::string_view parts[4];
    std::string_view rest = topic_arn;
    for (auto& part : parts) {
        const auto colon = rest.find(':');
        if (colon == std::string_view::npos) return fail(code, "the TopicArn is not an SNS topic ARN", "/TopicArn");
        part = rest.substr(0, colon);
        rest.remove_prefix(colon + 1);
    }
    const std::string_view partition = parts[1], region = parts[3];
    if (parts[0] != "arn" || parts[2] != "sns" || region != detail::arn_region(topic_arn))
        return fail(code, "the TopicArn is not an SNS topic ARN", "/TopicArn");
    if (!cloudwatch::looks_like_region_code(region))
        return fail(code, "the TopicArn names no region, so no host is acceptable", "/TopicArn");
    const bool china = region.rfind("cn-", 0) == 0;
    if ((partition == "aws-cn") != china || (partition != "aws" && partition != "aws-cn" && partition != "aws-us-gov"))
        return fail(code, "the TopicArn's partition " + std::string(partition) + " does not go with region " +
                              std::string(region), "/TopicArn");
    return "sns." + std::string(region) + (china ? ".amazonaws.com.cn" : ".amazonaws.com");
}

/// An https URL on exactly `host`, read with libcurl's URL API: no userinfo, no port, no
/// fragment, and in canonical form (what is fetched is byte for byte what was checked). The
/// query is allowed only when `query_allowed`. On success, the path.
result<std::string> check_sns_url(std::string_view url, const std::string& host, bool query_allowed, errc code,
                                  const char* what) {
    const std::string text(url);
    curlu_ptr u(curl_url());
    if (!u || text.find('\0') != std::string::npos || curl_url_set(u.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK)
        return fail(code, std::string(what) + " is not a URL");
    auto part = [&](CURLUPart which, std::string& out) {
        char* p = nullptr;
        const bool present = curl_url_get(u.get(), which, &p, 0) == CURLUE_OK && p != nullptr;
        if (present) out = p;
        curl_free(p);
        return present;
    };
    std::string scheme, got_host, path, query, ignored;
    part(CURLUPART_SCHEME, scheme);
    if (scheme != "https") return fail(code, std::string(what) + " is not https");
    if (part(CURLUPART_USER, ignored) || part(CURLUPART_PASSWORD, ignored) || part(CURLUPART_OPTIONS, ignored))
        return fail(code, std::string(what) + " has userinfo");
    if (part(CURLUPART_PORT, ignored)) return fail(code, std::string(what) + " names a port");
    if (part(CURLUPART_FRAGMENT, ignored)) return fail(code, std::string(what) + " has a fragment");
    const bool has_query = part(CURLUPART_QUERY, query);
    if (has_query && !query_allowed) return fail(code, std::string(what) + " has a query");
    part(CURLUPART_HOST, got_host);
    if (got_host != host)
        return fail(code, std::string(what) + " host " + got_host + " is not " + host +
                              " (the SNS endpoint of the TopicArn's region)");
    part(CURLUPART_PATH, path);
    const std::string canonical = "https://" + host + path + (has_query ? "?" + query : std::string());
    if (canonical != text) return fail(code, std::string(what) + " is not in canonical form");
    return path;
}

bool is_hex(std::string_view s) noexcept {
    if (s.empty() || s.size() > 128) return false;
    for (const char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
    return true;
}

/// The URL's last path segment, when it is a plain file name.
result<std::string> file_name_of(std::string_view url) {
    const auto slash = url.rfind('/');
    const std::string_view name = slash == std::string_view::npos ? url : url.substr(slash + 1);
    bool plain = !name.empty() && name.front() != '.';
    for (const char c : name)
        plain = plain && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
                          c == '-' || c == '_');
    if (!plain) return fail(errc::cert_unavailable, "the certificate URL names no plain file");
    return std::string(name);
}

// ---- certificates ---------------------------------------------------------------------------

/// The digests, fetched once (an implicit fetch per call costs a provider lookup).
const EVP_MD* digest_for(int version) {
    static EVP_MD* const sha1 = EVP_MD_fetch(nullptr, "SHA1", nullptr);
    static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return version == 1 ? sha1 : sha256;
}

/// A certificate as the verifier keeps it: its public key and validity, and verification
/// contexts ready for that key (making one per call costs about a third of an RSA-2048 verify).
struct certificate {
    static constexpr std::size_t max_pooled = 32;  // per version; more threads than that make their own

    pkey_ptr key;
    std::int64_t not_before_ms{0};
    std::int64_t not_after_ms{0};

    /// RSASSA-PKCS1-v1_5 over text with SHA1 (version 1) or SHA256 (version 2).
    bool verify(int version, const std::vector<unsigned char>& signature, const std::string& text) const {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int digest_len = 0;
        const EVP_MD* md = digest_for(version);
        if (md == nullptr || EVP_Digest(text.data(), text.size(), digest, &digest_len, md, nullptr) != 1) return false;
        pkey_ctx_ptr ctx = take(version);
        const bool ok = ctx && EVP_PKEY_verify(ctx.get(), signature.data(), signature.size(), digest, digest_len) == 1;
        if (ctx) give_back(version, std::move(ctx));
        return ok;
    }

private:
    pkey_ctx_ptr take(int version) const {
        {
            std::lock_guard<std::mutex> lock(pool_mutex_);
            auto& pool = pool_[version - 1];
            if (!pool.empty()) {
                pkey_ctx_ptr ctx = std::move(pool.back());
                pool.pop_back();
                return ctx;
            }
        }
        pkey_ctx_ptr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
        if (!ctx || EVP_PKEY_verify_init(ctx.get()) != 1 || EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) != 1 ||
            EVP_PKEY_CTX_set_signature_md(ctx.get(), digest_for(version)) != 1)
            return nullptr;
        return ctx;
    }
    void give_back(int version, pkey_ctx_ptr ctx) const {
        std::lock_guard<std::mutex> lock(pool_mutex_);
        auto& pool = pool_[version - 1];
        if (pool.size() < max_pooled) pool.push_back(std::move(ctx));
    }

    mutable std::mutex pool_mutex_;
    mutable std::vector<pkey_ctx_ptr> pool_[2];
};

std::optional<std::int64_t> epoch_ms(const ASN1_TIME* t) {
    std::tm tm{};
    if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return std::nullopt;
    const std::int64_t days = cloudwatch::detail::days_from_civil(tm.tm_year + 1900, static_cast<unsigned>(tm.tm_mon + 1),
                                                                  static_cast<unsigned>(tm.tm_mday));
    return (days * 86400 + tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec) * 1000;
}

/// Parses and checks what does not depend on the time: PEM, CN, key type and size.
result<std::shared_ptr<const certificate>> read_certificate(const std::string& pem) {
    if (pem.size() > max_file_bytes) return fail(errc::cert_invalid, "the certificate is too large");
    bio_ptr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    x509_ptr x509(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!x509) {
        ERR_clear_error();  // the thread's error queue is not ours to fill
        return fail(errc::cert_invalid, "not a PEM certificate");
    }

    const X509_NAME* subject = X509_get_subject_name(x509.get());
    const int at = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
    const bool one_cn = at >= 0 && X509_NAME_get_index_by_NID(subject, NID_commonName, at) < 0;
    const ASN1_STRING* cn = one_cn ? X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, at)) : nullptr;
    const std::string_view cn_text =
        cn ? std::string_view(reinterpret_cast<const char*>(ASN1_STRING_get0_data(cn)),
                              static_cast<std::size_t>(ASN1_STRING_length(cn)))
           : std::string_view();
    if (cn_text != certificate_cn)
        return fail(errc::cert_invalid, "the certificate's subject CN is not " + std::string(certificate_cn));

    auto cert = std::make_shared<certificate>();
    cert->key.reset(X509_get_pubkey(x509.get()));
    if (!cert->key || EVP_PKEY_get_base_id(cert->key.get()) != EVP_PKEY_RSA)
        return fail(errc::cert_invalid, "the certificate's key is not RSA");
    if (EVP_PKEY_get_bits(cert->key.get()) < min_rsa_bits)
        return fail(errc::cert_invalid, "the certificate's RSA key is shorter than 2048 bits");
    const auto not_before = epoch_ms(X509_get0_notBefore(x509.get()));
    const auto not_after = epoch_ms(X509_get0_notAfter(x509.get()));
    if (!not_before || !not_after) return fail(errc::cert_invalid, "the certificate's validity cannot be read");
    cert->not_before_ms = *not_before;
    cert->not_after_ms = *not_after;
    return std::shared_ptr<const certificate>(std::move(cert));
}

/// Base64 (RFC 4648, with padding) to bytes; nullopt when it is not that.
std::optional<std::vector<unsigned char>> decode_base64(std::string_view text) {
    if (text.empty() || text.size() % 4 != 0 || text.size() > max_signature_chars) return std::nullopt;
    std::vector<unsigned char> out(text.size() / 4 * 3);
    const int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()),
                                  static_cast<int>(text.size()));
    if (n < 0 || static_cast<std::size_t>(n) != out.size()) return std::nullopt;
    const std::size_t padding = text.back() != '=' ? 0 : text[text.size() - 2] == '=' ? 2 : 1;
    out.resize(out.size() - padding);
    return out;
}

std::int64_t to_ms(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace

// ---- the messages of an input ---------------------------------------------------------------

result<std::vector<result<message>>> read_messages(std::string_view bytes, const parse_options& options) {
    detail::outer_document document(bytes, options);
    auto& root = document.root();
    if (!root) return root.error();
    std::vector<result<message>> out;
    auto one = [&out](const detail::json_value& v, const detail::path& at) {
        detail::reader r;
        detail::dom::object obj;
        message m;
        if (r.object(v, at, obj) && detail::read_sns_message(r, obj, at, m)) out.emplace_back(std::move(m));
        else out.emplace_back(r.take());
    };
    const detail::path top{};
    detail::reader whole;
    detail::dom::array arr;
    detail::dom::object obj;
    if (root->get_array().get(arr) == simdjson::SUCCESS) {
        if (!detail::within_max_records(whole, arr, top, options)) return whole.take();
        std::size_t i = 0;
        for (const detail::json_value e : arr) one(e, top.child(i++));
        return out;
    }
    if (root->get_object().get(obj) != simdjson::SUCCESS)
        return fail(errc::unrecognized_event, "expected an SNS message, an array of them or a Lambda SNS event");
    detail::json_value records;
    if (obj["Records"].get(records) != simdjson::SUCCESS) {
        one(*root, top);
        return out;
    }
    const detail::path records_at = top.child("Records");
    if (!whole.array(records, records_at, arr) || !detail::within_max_records(whole, arr, records_at, options))
        return whole.take();
    std::size_t i = 0;
    for (const detail::json_value record : arr) {
        const detail::path at = records_at.child(i++);
        detail::dom::object fields;
        detail::json_value sns;
        if (record.get_object().get(fields) != simdjson::SUCCESS || fields["Sns"].get(sns) != simdjson::SUCCESS ||
            sns.is_null())
            out.emplace_back(fail(errc::missing_field, "a record needs Sns", detail::render(&at) + "/Sns"));
        else one(sns, at.child("Sns"));
    }
    return out;
}

// ---- the string to sign ---------------------------------------------------------------------

result<std::string> string_to_sign(const message& m) {
    const bool upper = m.spelling == key_spelling::url_upper;
    if (m.message_id.empty()) return fail(errc::missing_field, "MessageId is signed and required", "/MessageId");
    if (m.timestamp.empty()) return fail(errc::missing_field, "Timestamp is signed and required", "/Timestamp");
    if (m.topic_arn.empty()) return fail(errc::missing_field, "TopicArn is signed and required", "/TopicArn");
    const bool notification = m.type == message_type::notification;
    if (!notification && !m.subscribe_url)
        return fail(errc::missing_field, "SubscribeURL is signed and required for a confirmation",
                    upper ? "/SubscribeURL" : "/SubscribeUrl");
    if (!notification && !m.token)
        return fail(errc::missing_field, "Token is signed and required for a confirmation", "/Token");

    std::string out;
    out.reserve(m.message.size() + m.message_id.size() + m.timestamp.size() + m.topic_arn.size() + 256 +
                (m.subject ? m.subject->size() : 0) + (m.token ? m.token->size() + m.subscribe_url->size() : 0));
    auto add = [&out](std::string_view key, std::string_view value) {
        out.append(key).append(1, '\n').append(value).append(1, '\n');
    };
    add("Message", m.message);
    add("MessageId", m.message_id);
    if (notification) {
        if (m.subject) add("Subject", *m.subject);
    } else {
        add("SubscribeURL", *m.subscribe_url);
    }
    add("Timestamp", m.timestamp);
    if (!notification) add("Token", *m.token);
    add("TopicArn", m.topic_arn);
    add("Type", to_string(m.type));
    return out;
}

// ---- the certificate URL rule ---------------------------------------------------------------

result<std::string> check_certificate_url(std::string_view url, std::string_view topic_arn) {
    auto host = sns_host_for_topic(topic_arn, errc::cert_url_rejected);
    if (!host) return host.error();
    auto path = check_sns_url(url, *host, false, errc::cert_url_rejected, "the certificate URL");
    if (!path) return path.error();
    const std::string_view p = *path;
    const bool shape = p.size() > certificate_prefix.size() + certificate_suffix.size() &&
                       p.compare(0, certificate_prefix.size(), certificate_prefix) == 0 &&
                       p.compare(p.size() - certificate_suffix.size(), certificate_suffix.size(), certificate_suffix) == 0 &&
                       is_hex(p.substr(certificate_prefix.size(),
                                       p.size() - certificate_prefix.size() - certificate_suffix.size()));
    if (!shape) return fail(errc::cert_url_rejected, "the certificate URL path is not /SimpleNotificationService-<hex>.pem");
    return std::string(url);
}

// ---- certificate sources --------------------------------------------------------------------

https_certificate_source::https_certificate_source(https_source_options options)
    : https_certificate_source(nullptr, options) {}

https_certificate_source::https_certificate_source(std::unique_ptr<http::transport> transport,
                                                   https_source_options options)
    : transport_(std::move(transport)), options_(options) {
    if (!transport_) {
        http::curl_options o;
        o.timeout = options_.timeout;
        o.max_response_bytes = options_.max_bytes;
        transport_ = std::make_unique<http::curl_transport>(o);
    }
}

result<std::string> https_certificate_source::load(const std::string& url) {
    std::lock_guard<std::mutex> lock(mutex_);
    http::request req;
    req.method = "GET";
    req.url = url;
    req.timeout = options_.timeout;
    auto r = transport_->send(req);
    if (!r) return fail(errc::cert_unavailable, "fetching the certificate failed: " + r.error().describe());
    if (r->status != 200)
        return fail(errc::cert_unavailable, "fetching the certificate gave HTTP " + std::to_string(r->status));
    if (r->body.size() > options_.max_bytes)
        return fail(errc::cert_unavailable, "the certificate is longer than " + std::to_string(options_.max_bytes) + " bytes");
    return std::move(r->body);
}

directory_certificate_source::directory_certificate_source(std::string directory) : directory_(std::move(directory)) {}

result<std::string> directory_certificate_source::load(const std::string& url) {
    auto name = file_name_of(url);
    if (!name) return name.error();
    std::ifstream in(directory_ + "/" + *name, std::ios::binary);
    if (!in) return fail(errc::cert_unavailable, "no file " + *name + " in the certificate folder");
    std::string pem(max_file_bytes + 1, '\0');
    in.read(pem.data(), static_cast<std::streamsize>(pem.size()));
    pem.resize(static_cast<std::size_t>(in.gcount()));
    if (pem.size() > max_file_bytes) return fail(errc::cert_unavailable, *name + " is larger than 64 KiB");
    return pem;
}

void memory_certificate_source::add(std::string file_name, std::string pem) {
    std::lock_guard<std::mutex> lock(mutex_);
    pems_[std::move(file_name)] = std::move(pem);
}

result<std::string> memory_certificate_source::load(const std::string& url) {
    auto name = file_name_of(url);
    if (!name) return name.error();
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = pems_.find(*name);
    if (it == pems_.end()) return fail(errc::cert_unavailable, "no certificate " + *name + " in the store");
    return it->second;
}

// ---- the verifier ---------------------------------------------------------------------------

struct verifier::impl {
    std::shared_ptr<certificate_source> source;
    verifier_options options;

    using entry = std::pair<std::string, std::shared_ptr<const certificate>>;
    mutable std::mutex cache_mutex;  // guards lru and index
    mutable std::list<entry> lru;    // most recently used first
    mutable std::unordered_map<std::string, std::list<entry>::iterator> index;
    mutable std::mutex load_mutex;  // one load at a time: many messages, one fetch

    std::shared_ptr<const certificate> cached(const std::string& url) const {
        std::lock_guard<std::mutex> lock(cache_mutex);
        const auto it = index.find(url);
        if (it == index.end()) return nullptr;
        lru.splice(lru.begin(), lru, it->second);
        return it->second->second;
    }

    result<std::shared_ptr<const certificate>> get(const std::string& url) const {
        if (auto hit = cached(url)) return hit;
        std::lock_guard<std::mutex> load_lock(load_mutex);
        if (auto hit = cached(url)) return hit;  // another thread loaded it meanwhile
        if (!source) return fail(errc::cert_unavailable, "no certificate source");
        auto pem = source->load(url);
        if (!pem) return fail(errc::cert_unavailable, pem.error().message);
        auto cert = read_certificate(*pem);
        if (!cert) return cert;
        std::lock_guard<std::mutex> lock(cache_mutex);
        lru.emplace_front(url, *cert);
        index[url] = lru.begin();
        while (lru.size() > std::max<std::size_t>(1, options.cache_capacity)) {
            index.erase(lru.back().first);
            lru.pop_back();
        }
        return cert;
    }
};

verifier::verifier(std::shared_ptr<certificate_source> source, verifier_options options)
    : impl_(std::make_unique<impl>()) {
    impl_->source = std::move(source);
    impl_->options = options;
}

verifier::~verifier() = default;

std::size_t verifier::cached_certificates() const {
    std::lock_guard<std::mutex> lock(impl_->cache_mutex);
    return impl_->lru.size();
}

result<verification> verifier::verify(const message& m, const verify_options& options) const {
    // 1. the signed fields and the signature's own fields
    const bool upper = m.spelling == key_spelling::url_upper;
    if (!m.signature_version) return fail(errc::missing_field, "SignatureVersion is required", "/SignatureVersion");
    if (!m.signature) return fail(errc::missing_field, "Signature is required", "/Signature");
    if (!m.signing_cert_url)
        return fail(errc::missing_field, "the certificate URL is required", upper ? "/SigningCertURL" : "/SigningCertUrl");
    auto text = string_to_sign(m);
    if (!text) return text.error();

    // 2. the version names the algorithm; nothing else is tried
    const std::string& v = *m.signature_version;
    const int version = v == "1" ? 1 : v == "2" ? 2 : 0;
    if (version == 0)
        return fail(errc::unsupported_signature_version, "SignatureVersion must be \"1\" or \"2\"", "/SignatureVersion");

    // 3. freshness
    const auto message_ms = cloudwatch::parse_epoch_ms(m.timestamp);
    if (!message_ms) return fail(errc::bad_value, "Timestamp is not an ISO 8601 time", "/Timestamp");
    const std::int64_t at_ms = options.when == as_of::message_timestamp ? *message_ms
                               : options.when == as_of::fixed          ? to_ms(options.fixed_time)
                                                                       : to_ms(std::chrono::system_clock::now());
    if (options.max_age) {
        const std::int64_t age_ms = std::llabs(at_ms - *message_ms);
        const std::int64_t max_ms = static_cast<std::int64_t>(options.max_age->count()) * 1000;
        if (age_ms > max_ms)
            return fail(errc::stale_message,
                        "Timestamp is " + std::to_string(age_ms / 1000) + " s from the verification time " +
                            cloudwatch::format_iso8601(at_ms) + " (at most " + std::to_string(options.max_age->count()) +
                            " s allowed)",
                        "/Timestamp");
    }

    // 4. the certificate URL
    const std::string where_url = upper ? "/SigningCertURL" : "/SigningCertUrl";
    auto url = check_certificate_url(*m.signing_cert_url, m.topic_arn);
    if (!url) return fail(url.error().code, url.error().message, url.error().where.empty() ? where_url : url.error().where);

    // 5. the certificate
    auto cert = impl_->get(*url);
    if (!cert) return fail(cert.error().code, cert.error().message, where_url);
    const certificate& c = **cert;
    if (at_ms < c.not_before_ms || at_ms > c.not_after_ms)
        return fail(errc::cert_invalid,
                    "the certificate is valid from " + cloudwatch::format_iso8601(c.not_before_ms) + " to " +
                        cloudwatch::format_iso8601(c.not_after_ms) + ", not at " + cloudwatch::format_iso8601(at_ms),
                    where_url);

    // 6. the signature
    const auto signature = decode_base64(*m.signature);
    if (!signature) return fail(errc::signature_mismatch, "Signature is not base64 of a signature", "/Signature");
    if (!c.verify(version, *signature, *text)) {
        ERR_clear_error();
        return fail(errc::signature_mismatch,
                    std::string("the signature does not match the message (") + (version == 1 ? "SHA1" : "SHA256") +
                        "withRSA)",
                    "/Signature");
    }
    return verification{version, *url, *message_ms};
}

namespace {

const verifier& shared_verifier() {
    static const verifier shared(std::make_shared<https_certificate_source>());
    return shared;
}

/// The text of the first <name>...</name> of an XML answer. SNS's ConfirmSubscriptionResponse is
/// flat and its ARNs need no XML escapes, so one element is found by its tags; the caller checks
/// what the text must be.
std::optional<std::string_view> xml_element_text(std::string_view xml, std::string_view name) {
    const std::string open = "<" + std::string(name) + ">", close = "</" + std::string(name) + ">";
    const auto start = xml.find(open);
    if (start == std::string_view::npos) return std::nullopt;
    const auto end = xml.find(close, start + open.size());
    if (end == std::string_view::npos) return std::nullopt;
    return xml.substr(start + open.size(), end - start - open.size());
}

}  // namespace

result<verification> verify(const message& m, const verify_options& options) {
    return shared_verifier().verify(m, options);
}

result<std::string> confirm_subscription(const message& m, const verifier& v, http::transport& t,
                                         const verify_options& options) {
    if (m.type != message_type::subscription_confirmation)
        return fail(errc::bad_value, "only a SubscriptionConfirmation is confirmed (this is " +
                                         std::string(to_string(m.type)) + ")", "/Type");
    auto verified = v.verify(m, options);
    if (!verified) return verified.error();
    const std::string where = m.spelling == key_spelling::url_upper ? "/SubscribeURL" : "/SubscribeUrl";
    auto host = sns_host_for_topic(m.topic_arn, errc::subscribe_url_rejected);
    if (!host) return host.error();
    auto path = check_sns_url(*m.subscribe_url, *host, true, errc::subscribe_url_rejected, "the SubscribeURL");
    if (!path) return fail(path.error().code, path.error().message, where);
    const auto query_at = m.subscribe_url->find('?');
    const std::string query = query_at == std::string::npos ? std::string() : m.subscribe_url->substr(query_at + 1);
    if (*path != "/" || ("&" + query + "&").find("&Action=ConfirmSubscription&") == std::string::npos)
        return fail(errc::subscribe_url_rejected, "the SubscribeURL is not a ConfirmSubscription action", where);

    http::request req;
    req.method = "GET";
    req.url = *m.subscribe_url;
    auto r = t.send(req);
    if (!r) return r.error();
    if (r->status != 200)
        return fail(errc::http_status, "confirming the subscription gave HTTP " + std::to_string(r->status));
    const auto arn = xml_element_text(r->body, "SubscriptionArn");
    if (!arn || arn->size() <= m.topic_arn.size() || arn->compare(0, m.topic_arn.size(), m.topic_arn) != 0 ||
        (*arn)[m.topic_arn.size()] != ':' || arn->find_first_of("<>&\" \t\r\n") != std::string_view::npos)
        return fail(errc::http_status, "the answer has no SubscriptionArn of the topic");
    return std::string(*arn);
}

result<std::string> confirm_subscription(const message& m, const verify_options& options) {
    http::curl_transport t;
    return confirm_subscription(m, shared_verifier(), t, options);
}

}  // namespace alarmbridge::sns
