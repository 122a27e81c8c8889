#include "sns/message_parser.hpp"

namespace alarmbridge::detail {

namespace {

/// An attribute into the message's map (a viewing model keeps none; each is still checked).
template <class Named, class Attribute>
void put_attribute(Named& named, std::string_view name, Attribute&& a) {
    if constexpr (!std::is_same_v<Named, skipped>) named[std::string(name)] = std::forward<Attribute>(a);
}

}  // namespace

template <class S>
bool read_sns_message(reader& r, const dom::object& obj, const path& at, sns::basic_message<S>& m) {
    bool has_type = false, has_message = false;
    const bool ok = r.fields(obj, at, [&](std::string_view key, const json_value& value, const path& vp) {
        if (is_key(key, "Type")) {
            std::string_view type;
            if (!r.required_view(value, vp, type)) return false;
            const auto parsed = sns::message_type_from_string(type);
            if (!parsed)
                return r.fail(errc::bad_value, vp,
                              "unknown SNS message type " + detail::quoted(type) +
                                  " (expected Notification, SubscriptionConfirmation or UnsubscribeConfirmation)");
            m.type = *parsed;
            return has_type = true;
        }
        if (is_key(key, "Message")) {
            has_message = true;
            json_type t{};
            if (!r.type_of(value, vp, t)) return false;
            if (t == json_type::object) {
                m.message_was_object = true;
                return r.compact_text(value, vp, m.message, thread_parsers().message_object);
            }
            if (t == json_type::null) {
                bool n = false;
                return r.is_null(value, vp, n) && r.fail(errc::missing_field, vp, "required, got null");
            }
            if (t != json_type::string) return r.wrong_type(vp, "a string (or an object)", t);
            std::string_view text;
            if (auto e = value.get_string().get(text)) return r.fail(e, vp);
            if constexpr (std::is_same_v<S, viewing>) {
                m.message = text;
            } else {
                // Room for simdjson's padding now, so that parsing the Message later copies nothing.
                m.message.reserve(text.size() + simdjson::SIMDJSON_PADDING);
                m.message.assign(text.data(), text.size());
            }
            return true;
        }
        if (is_key(key, "MessageId")) return r.required_string(value, vp, m.message_id);
        if (is_key(key, "TopicArn")) return r.required_string(value, vp, m.topic_arn);
        if (is_key(key, "Timestamp")) return r.required_string(value, vp, m.timestamp);
        if (is_key(key, "Subject")) return r.optional_string(value, vp, m.subject);
        if (is_key(key, "Token")) return r.optional_string(value, vp, m.token);
        if (is_key(key, "SignatureVersion")) return r.optional_string(value, vp, m.signature_version);
        if (is_key(key, "Signature")) return r.optional_string(value, vp, m.signature);
        if (is_key(key, "SigningCertURL") || is_key(key, "SigningCertUrl")) {
            if (key.back() == 'l') m.spelling = sns::key_spelling::url_camel;
            return r.optional_string(value, vp, m.signing_cert_url);
        }
        if (is_key(key, "SubscribeURL") || is_key(key, "SubscribeUrl")) {
            if (key.back() == 'l') m.spelling = sns::key_spelling::url_camel;
            return r.optional_string(value, vp, m.subscribe_url);
        }
        if (is_key(key, "UnsubscribeURL") || is_key(key, "UnsubscribeUrl")) {
            if (key.back() == 'l') m.spelling = sns::key_spelling::url_camel;
            return r.optional_string(value, vp, m.unsubscribe_url);
        }
        if (is_key(key, "MessageAttributes")) {
            bool n = false;
            if (!r.is_null(value, vp, n)) return false;
            if (n) return true;
            return r.fields(value, vp, [&](std::string_view name, const json_value& attr, const path& ap) {
                sns::basic_message_attribute<S> a;
                bool has_attr_type = false, has_attr_value = false;
                const bool attr_ok = r.fields(attr, ap, [&](std::string_view k, const json_value& v, const path& p) {
                    if (is_key(k, "Type")) return has_attr_type = true, r.required_string(v, p, a.type);
                    if (is_key(k, "Value")) return has_attr_value = true, r.required_string(v, p, a.value);
                    return r.fail(errc::bad_value, p, "unexpected key in a message attribute (expected Type and Value)");
                });
                if (!attr_ok) return false;
                if (!has_attr_type) return r.fail(errc::missing_field, ap.child("Type"), "an attribute needs a Type");
                if (!has_attr_value) return r.fail(errc::missing_field, ap.child("Value"), "an attribute needs a Value");
                put_attribute(m.message_attributes, name, std::move(a));
                return true;
            });
        }
        return r.keep(m.extra, key, value, vp);
    });
    if (!ok) return false;
    if (!has_type) return r.fail(errc::missing_field, at.child("Type"), "an SNS message needs a Type");
    if (!has_message) return r.fail(errc::missing_field, at.child("Message"), "an SNS message needs a Message");
    return true;
}

template bool read_sns_message<owning>(reader&, const dom::object&, const path&, sns::message&);
template bool read_sns_message<viewing>(reader&, const dom::object&, const path&, sns::basic_message<viewing>&);

std::string_view arn_region(std::string_view arn) noexcept {
    // arn:partition:service:region:...
    for (int field = 0; field < 3; ++field) {
        const auto colon = arn.find(':');
        if (colon == std::string_view::npos) return {};
        arn.remove_prefix(colon + 1);
    }
    return arn.substr(0, arn.find(':'));
}

}  // namespace alarmbridge::detail

namespace alarmbridge::sns {

result<message> parse_message(std::string_view body, const parse_options& options) {
    detail::outer_document document(body, options);
    auto& root = document.root();
    if (!root) return root.error();
    detail::dom::object obj;
    if (root->get_object().get(obj)) return error{errc::wrong_type, "expected a JSON object", ""};
    detail::reader r;
    message m;
    if (!detail::read_sns_message(r, obj, detail::path{}, m)) return r.take();
    return m;
}

}  // namespace alarmbridge::sns
