// alarmbridge/sns/message.hpp - SNS envelopes: the HTTP(S) delivery body and the Lambda record.
//
// Signed fields are kept verbatim as received (a Timestamp is never re-formatted). Both key
// spellings are read: the HTTP body writes SigningCertURL / SubscribeURL / UnsubscribeURL, the
// Lambda record writes SigningCertUrl / UnsubscribeUrl. JSON null means absent. Unknown keys
// are kept in `extra` and written back by to_json.
#pragma once

#include <alarmbridge/export.hpp>
#include <alarmbridge/parse_options.hpp>
#include <alarmbridge/result.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace alarmbridge::sns {

enum class message_type { notification, subscription_confirmation, unsubscribe_confirmation };

constexpr std::string_view to_string(message_type t) noexcept {
    switch (t) {
        case message_type::notification: return "Notification";
        case message_type::subscription_confirmation: return "SubscriptionConfirmation";
        case message_type::unsubscribe_confirmation: return "UnsubscribeConfirmation";
    }
    return "Notification";
}

constexpr std::optional<message_type> message_type_from_string(std::string_view s) noexcept {
    if (s == "Notification") return message_type::notification;
    if (s == "SubscriptionConfirmation") return message_type::subscription_confirmation;
    if (s == "UnsubscribeConfirmation") return message_type::unsubscribe_confirmation;
    return std::nullopt;
}

/// Which spelling the URL keys had: "...URL" (HTTP body) or "...Url" (Lambda record).
enum class key_spelling { url_upper, url_camel };

/// One SNS message attribute: Type is "String", "String.Array", "Number" or "Binary".
struct message_attribute {
    std::string type;
    std::string value;
};

struct message {
    message_type type{message_type::notification};
    std::string message_id;
    std::string topic_arn;
    std::optional<std::string> subject;
    /// The Message exactly as received. When the sender put a JSON object there instead of a
    /// string (the Lambda console's test template does), this is that object's JSON text and
    /// message_was_object is true.
    std::string message;
    bool message_was_object = false;
    std::string timestamp;  ///< verbatim
    std::optional<std::string> token;
    std::optional<std::string> signature_version;
    std::optional<std::string> signature;
    std::optional<std::string> signing_cert_url;
    std::optional<std::string> subscribe_url;
    std::optional<std::string> unsubscribe_url;
    std::map<std::string, message_attribute> message_attributes;
    key_spelling spelling{key_spelling::url_upper};
    nlohmann::json extra;  // null, or an object of the keys not modeled
};

/// A record of the Lambda SNS event: Records[i] without its Sns member.
struct lambda_record {
    std::string event_source;  ///< "aws:sns"
    std::string event_version;
    std::string event_subscription_arn;
    nlohmann::json extra;  // null, or an object of the keys not modeled
};

/// Parses an SNS HTTP(S) delivery body. Never throws; the limits of parse_options apply
/// (max_input_bytes, depth). (Compiled library.)
ALARMBRIDGE_API result<message> parse_message(std::string_view body, const parse_options& options = {});

// ---- nlohmann/json adapters: the SNS wire form ---------------------------------------------

inline void to_json(nlohmann::json& j, const message_attribute& a) {
    j = {{"Type", a.type}, {"Value", a.value}};
}
inline void from_json(const nlohmann::json& j, message_attribute& a) {
    j.at("Type").get_to(a.type);
    j.at("Value").get_to(a.value);
}

/// Writes the message as SNS would: the same key spelling it was read with, Message as a
/// string (or as the object it was), unknown keys merged back.
inline void to_json(nlohmann::json& j, const message& m) {
    const bool upper = m.spelling == key_spelling::url_upper;
    j = nlohmann::json::object();
    j["Type"] = to_string(m.type);
    j["MessageId"] = m.message_id;
    if (m.token) j["Token"] = *m.token;
    j["TopicArn"] = m.topic_arn;
    if (m.subject) j["Subject"] = *m.subject;
    if (m.message_was_object) j["Message"] = nlohmann::json::parse(m.message);
    else j["Message"] = m.message;
    j["Timestamp"] = m.timestamp;
    if (m.signature_version) j["SignatureVersion"] = *m.signature_version;
    if (m.signature) j["Signature"] = *m.signature;
    if (m.signing_cert_url) j[upper ? "SigningCertURL" : "SigningCertUrl"] = *m.signing_cert_url;
    if (m.subscribe_url) j[upper ? "SubscribeURL" : "SubscribeUrl"] = *m.subscribe_url;
    if (m.unsubscribe_url) j[upper ? "UnsubscribeURL" : "UnsubscribeUrl"] = *m.unsubscribe_url;
    if (!m.message_attributes.empty()) j["MessageAttributes"] = m.message_attributes;
    for (const auto& [key, value] : m.extra.items()) j[key] = value;
}

/// Reads the SNS wire form with nlohmann/json (the interop path; parse_message is the fast one).
inline void from_json(const nlohmann::json& j, message& m) {
    static const char* const known[] = {"Type", "MessageId", "Token", "TopicArn", "Subject", "Message",
                                        "Timestamp", "SignatureVersion", "Signature", "SigningCertURL",
                                        "SigningCertUrl", "SubscribeURL", "SubscribeUrl", "UnsubscribeURL",
                                        "UnsubscribeUrl", "MessageAttributes"};
    auto opt = [&j](const char* a, const char* b = nullptr) -> std::optional<std::string> {
        for (const char* k : {a, b}) {
            if (!k) continue;
            const auto it = j.find(k);
            if (it != j.end() && !it->is_null()) return it->get<std::string>();
        }
        return std::nullopt;
    };
    const auto type = message_type_from_string(j.at("Type").get<std::string>());
    if (!type) throw nlohmann::json::other_error::create(501, "unknown SNS message type", &j);
    m.type = *type;
    j.at("MessageId").get_to(m.message_id);
    m.token = opt("Token");
    j.at("TopicArn").get_to(m.topic_arn);
    m.subject = opt("Subject");
    const auto& body = j.at("Message");
    m.message_was_object = body.is_object();
    m.message = body.is_object() ? body.dump() : body.get<std::string>();
    j.at("Timestamp").get_to(m.timestamp);
    m.signature_version = opt("SignatureVersion");
    m.signature = opt("Signature");
    m.spelling = j.contains("SigningCertUrl") || j.contains("UnsubscribeUrl") || j.contains("SubscribeUrl")
                     ? key_spelling::url_camel
                     : key_spelling::url_upper;
    m.signing_cert_url = opt("SigningCertURL", "SigningCertUrl");
    m.subscribe_url = opt("SubscribeURL", "SubscribeUrl");
    m.unsubscribe_url = opt("UnsubscribeURL", "UnsubscribeUrl");
    m.message_attributes.clear();
    if (const auto it = j.find("MessageAttributes"); it != j.end() && !it->is_null())
        it->get_to(m.message_attributes);
    m.extra = nullptr;
    for (const auto& [key, value] : j.items()) {
        bool is_known = false;
        for (const char* k : known) is_known = is_known || key == k;
        if (!is_known) m.extra[key] = value;
    }
}

}  // namespace alarmbridge::sns
