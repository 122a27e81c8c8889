#include <alarmbridge/sns/message.hpp>

#include <gtest/gtest.h>

#include <functional>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "seeded_choices.hpp"
#include "test_support.hpp"

namespace ab = alarmbridge;
namespace sns = alarmbridge::sns;
using nlohmann::json;

namespace {

/// The JSON as SNS sent it, with null members removed (null means absent).
json without_nulls(json j) {
    for (auto it = j.begin(); it != j.end();) {
        if (it->is_null()) it = j.erase(it);
        else ++it;
    }
    return j;
}

}  // namespace

TEST(ParseMessage, EveryRealSignedBodyParsesVerbatim) {
    std::size_t count = 0;
    for (const auto& path : ab::test::data_files("sns-signed")) {
        if (path.extension() != ".json") continue;
        ++count;
        const std::string body = ab::test::read_file(path);
        const auto original = json::parse(body);
        auto m = sns::parse_message(body);
        ASSERT_TRUE(m) << path << ": " << m.error().describe();
        EXPECT_EQ(sns::to_string(m->type), original["Type"].get<std::string>());
        EXPECT_EQ(m->message_id, original["MessageId"]);
        EXPECT_EQ(m->topic_arn, original["TopicArn"]);
        EXPECT_EQ(m->message, original["Message"]);
        EXPECT_EQ(m->timestamp, original["Timestamp"]);  // never re-formatted
        EXPECT_EQ(m->signature, original["Signature"].get<std::string>());
        EXPECT_EQ(m->signature_version, original["SignatureVersion"].get<std::string>());
        const bool camel = original.contains("SigningCertUrl");
        EXPECT_EQ(m->spelling, camel ? sns::key_spelling::url_camel : sns::key_spelling::url_upper) << path;
        EXPECT_EQ(m->signing_cert_url, original[camel ? "SigningCertUrl" : "SigningCertURL"].get<std::string>());
        if (original.contains("Subject") && !original["Subject"].is_null())
            EXPECT_EQ(m->subject, original["Subject"].get<std::string>());
        else
            EXPECT_FALSE(m->subject) << path;
        // The wire form comes back the same, key spelling included.
        EXPECT_EQ(json(*m), without_nulls(original)) << path;
        EXPECT_EQ(json(*m).get<sns::message>().signature, m->signature);
    }
    EXPECT_GE(count, 15u);
}

TEST(ParseMessage, Confirmations) {
    auto sub = sns::parse_message(ab::test::read_data("sns-signed/subscription-confirmation.json"));
    ASSERT_TRUE(sub);
    EXPECT_EQ(sub->type, sns::message_type::subscription_confirmation);
    ASSERT_TRUE(sub->token);
    EXPECT_EQ(sub->token->substr(0, 16), "2336412f37fb687f");
    ASSERT_TRUE(sub->subscribe_url);
    EXPECT_EQ(sub->subscribe_url->rfind("https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription", 0), 0u);
    auto unsub = sns::parse_message(ab::test::read_data("sns-signed/unsubscribe-confirmation.json"));
    ASSERT_TRUE(unsub);
    EXPECT_EQ(unsub->type, sns::message_type::unsubscribe_confirmation);
}

TEST(ParseMessage, AttributesUnknownKeysAndObjectMessages) {
    const json body = {{"Type", "Notification"},
                       {"MessageId", "m-1"},
                       {"TopicArn", "arn:aws:sns:us-east-1:123456789012:t"},
                       {"Message", {{"AlarmName", "x"}, {"n", 1}}},
                       {"Timestamp", "2026-11-20T03:46:30.012Z"},
                       {"MessageAttributes", {{"env", {{"Type", "String"}, {"Value", "prod"}}}}},
                       {"UnsubscribeUrl", "https://example.invalid/unsub"},
                       {"SomethingNew", {1, 2, 3}}};
    auto m = sns::parse_message(body.dump());
    ASSERT_TRUE(m) << m.error().describe();
    EXPECT_TRUE(m->message_was_object);
    EXPECT_EQ(json::parse(m->message), body["Message"]);
    ASSERT_EQ(m->message_attributes.count("env"), 1u);
    EXPECT_EQ(m->message_attributes["env"].type, "String");
    EXPECT_EQ(m->message_attributes["env"].value, "prod");
    EXPECT_EQ(m->spelling, sns::key_spelling::url_camel);
    EXPECT_EQ(m->extra["SomethingNew"], body["SomethingNew"]);
    EXPECT_EQ(json(*m), body);
    // The nlohmann path reads the same thing.
    const auto via_nlohmann = body.get<sns::message>();
    EXPECT_EQ(json(via_nlohmann), json(*m));
}

TEST(ParseMessage, ErrorsNameTheField) {
    auto base = json::parse(ab::test::read_data("sns-signed/notification-with-subject.json"));
    struct case_t {
        std::function<void(json&)> mutate;
        ab::errc code;
        const char* where;
    };
    const case_t cases[] = {
        {[](json& j) { j.erase("Message"); }, ab::errc::missing_field, "/Message"},
        {[](json& j) { j["Message"] = 12; }, ab::errc::wrong_type, "/Message"},
        {[](json& j) { j["Message"] = nullptr; }, ab::errc::missing_field, "/Message"},
        {[](json& j) { j["Type"] = "Gossip"; }, ab::errc::bad_value, "/Type"},
        {[](json& j) { j.erase("Type"); }, ab::errc::missing_field, "/Type"},
        {[](json& j) { j["Timestamp"] = 1700000000; }, ab::errc::wrong_type, "/Timestamp"},
        {[](json& j) { j["MessageAttributes"] = {{"a", {{"Type", "String"}}}}; }, ab::errc::missing_field,
         "/MessageAttributes/a/Value"},
        {[](json& j) { j["MessageAttributes"] = {{"a/b", {{"Type", "String"}, {"Value", 3}}}}; },
         ab::errc::wrong_type, "/MessageAttributes/a~1b/Value"},
    };
    for (const auto& c : cases) {
        json j = base;
        c.mutate(j);
        auto m = sns::parse_message(j.dump());
        ASSERT_FALSE(m) << j.dump();
        EXPECT_EQ(m.error().code, c.code) << c.where;
        EXPECT_EQ(m.error().where, c.where);
    }
    EXPECT_EQ(sns::parse_message("{\"Type\": \"Notification\",").error().code, ab::errc::json_syntax);
    EXPECT_EQ(sns::parse_message("\"just a string\"").error().code, ab::errc::wrong_type);
    EXPECT_EQ(sns::parse_message("").error().code, ab::errc::json_syntax);
}

// One reader of the SNS wire form: the nlohmann/json adapter (from_json) and parse_message accept
// and refuse exactly the same messages, and read the same values, on every real body and on
// seeded mutations of each (a key dropped, nulled, retyped, an unknown key added at the top or
// inside a message attribute).
TEST(ParseMessage, TheNlohmannAdapterReadsWhatTheParserReads) {
    std::vector<json> bodies;
    for (const auto& path : ab::test::data_files("sns-signed"))
        if (path.extension() == ".json") bodies.push_back(json::parse(ab::test::read_file(path)));
    for (const auto& path : ab::test::data_files("events")) {
        const auto e = json::parse(ab::test::read_file(path));
        if (e.is_object() && e.contains("Records"))
            for (const auto& r : e["Records"])
                if (r.contains("Sns")) bodies.push_back(r["Sns"]);
    }
    ASSERT_GE(bodies.size(), 10u);
    for (auto& b : bodies) b["MessageAttributes"]["env"] = {{"Type", "String"}, {"Value", "prod"}};

    ab::test::seeded_choices pick(1313);
    const json replacements[] = {nullptr, 1, json::object(), json::array(), "text", true};
    std::size_t accepted = 0, refused = 0;
    auto check = [&](const json& j) {
        const auto parsed = sns::parse_message(j.dump());
        std::optional<sns::message> adapted;
        std::string thrown;
        try {
            adapted = j.get<sns::message>();
        } catch (const json::exception& e) {
            thrown = e.what();
        }
        ASSERT_EQ(parsed.has_value(), adapted.has_value()) << j.dump() << "\n" << thrown;
        if (!parsed) {
            ++refused;
            EXPECT_NE(thrown.find(parsed.error().describe()), std::string::npos) << thrown;
            return;
        }
        ++accepted;
        EXPECT_EQ(json(*parsed), json(*adapted)) << j.dump();
    };
    for (const auto& body : bodies) {
        check(body);
        for (int round = 0; round < 40; ++round) {
            json j = body;
            std::vector<std::string> keys;
            for (const auto& [k, v] : j.items()) keys.push_back(k);
            const std::string& key = keys[pick.below(keys.size())];
            switch (pick.below(4)) {
                case 0: j.erase(key); break;
                case 1: j[key] = replacements[pick.below(std::size(replacements))]; break;
                case 2: j["Unmodeled" + std::to_string(round)] = replacements[pick.below(std::size(replacements))]; break;
                default: j["MessageAttributes"]["env"]["Extra"] = "x"; break;
            }
            check(j);
        }
    }
    EXPECT_GT(accepted, 50u);
    EXPECT_GT(refused, 50u);
}
