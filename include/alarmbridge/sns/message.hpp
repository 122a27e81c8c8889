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
#include <alarmbridge/storage.hpp>

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

// The models, generic over how they hold text (alarmbridge/storage.hpp): sns::message owns its
// strings; basic_message<viewing> views the parsed document. One reader fills both.

/// One SNS message attribute: Type is "String", "String.Array", "Number" or "Binary".
template <class S>
struct basic_message_attribute {
    typename S::string type;
    typename S::string value;
};

template <class S>
struct basic_message {
    using string = typename S::string;
    message_type type{message_type::notification};
    string message_id;
    string topic_arn;
    std::optional<string> subject;
    /// The Message exactly as received. When the sender put a JSON object there instead of a
    /// string (the Lambda console's test template does), this is that object's compact JSON
    /// text (its keys in their order) and message_was_object is true.
    string message;
    bool message_was_object = false;
    string timestamp;  ///< verbatim
    std::optional<string> token;
    std::optional<string> signature_version;
    std::optional<string> signature;
    std::optional<string> signing_cert_url;
    std::optional<string> subscribe_url;
    std::optional<string> unsubscribe_url;
    typename S::template named<basic_message_attribute<S>> message_attributes;
    key_spelling spelling{key_spelling::url_upper};
    typename S::extra extra;  // null, or an object of the keys not modeled
};

/// A record of the Lambda SNS event: Records[i] without its Sns member.
template <class S>
struct basic_lambda_record {
    typename S::string event_source;  ///< "aws:sns"
    typename S::string event_version;
    typename S::string event_subscription_arn;
    typename S::extra extra;  // null, or an object of the keys not modeled
};

using message_attribute = basic_message_attribute<owning>;
using message = basic_message<owning>;
using lambda_record = basic_lambda_record<owning>;

/// Parses an SNS HTTP(S) delivery body. Never throws; the limits of parse_options apply
/// (max_input_bytes, depth). (Compiled library.)
ALARMBRIDGE_API result<message> parse_message(std::string_view body, const parse_options& options = {});

// ---- nlohmann/json adapters: the SNS wire form ---------------------------------------------

inline void to_json(nlohmann::json& j, const message_attribute& a) {
    j = {{"Type", a.type}, {"Value", a.value}};
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

/// Reads the SNS wire form held in a nlohmann/json value: by the same reader as parse_message
/// (the value is written out and read), so both accept and refuse exactly the same messages.
/// Throws nlohmann::json::other_error (501) with the reader's error when it refuses.
inline void from_json(const nlohmann::json& j, message& m) {
    auto parsed = parse_message(j.dump());
    if (!parsed) throw nlohmann::json::other_error::create(501, parsed.error().describe(), &j);
    m = std::move(*parsed);
}

}  // namespace alarmbridge::sns
