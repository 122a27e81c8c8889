// The payload functions build into one slack::message per thread, reused between calls (its
// strings keep their capacity); alarm_message builds a new one. A reused message must leave
// nothing of the messages before it: every payload equals its new message serialized, whatever
// was formatted before it on the thread, in any order of events, styles, locales and options.
#include <alarmbridge/alarmbridge.hpp>

#include <gtest/gtest.h>

#include "test_support.hpp"

#include <algorithm>
#include <random>
#include <thread>
#include <variant>

namespace ab = alarmbridge;
namespace fmt = alarmbridge::format;
namespace slack = alarmbridge::slack;

namespace {

/// Option sets that change the message's shape: every style and locale, with and without
/// mentions (a section more), overrides and a runbook button.
std::vector<fmt::options> option_sets() {
    std::vector<fmt::options> out;
    for (const char* locale : {"en", "ko"}) {
        for (const auto style : {fmt::style::rich, fmt::style::compact, fmt::style::blueprint}) {
            fmt::options plain;
            plain.locale = locale;
            plain.style = style;
            out.push_back(plain);
            fmt::options full = plain;
            full.mention_users = {"U012AB3CD"};
            full.mention_broadcast = slack::mrkdwn::broadcast::here;
            full.channel = "#alerts";
            full.icon_url = "https://example.com/icon.png";
            full.runbook_url = "https://wiki.example.com/runbooks/{alarm_name}";
            out.push_back(full);
        }
    }
    return out;
}

struct item {
    const ab::record* record;
    const fmt::options* options;
};

/// The payload through the reused message against a new message serialized.
void expect_same_as_new(const item& it) {
    const auto& body = it.record->body;
    if (const auto* a = std::get_if<ab::cloudwatch::alarm>(&body)) {
        const std::string fresh = slack::serialize(fmt::alarm_message(*a, *it.options));
        EXPECT_EQ(fmt::alarm_payload(*a, *it.options), fresh);
        std::string appended = "[";
        fmt::append_alarm_payload(appended, *a, *it.options);
        EXPECT_EQ(appended, "[" + fresh);
    } else {
        const auto& text = std::get<ab::text_message>(body).text;
        const auto subject = it.record->sns ? it.record->sns->subject : std::nullopt;
        EXPECT_EQ(fmt::text_payload(text, subject, *it.options),
                  slack::serialize(fmt::text_message(text, subject, *it.options)));
    }
}

}  // namespace

TEST(FormatLayout, AReusedMessageLeavesNothingOfTheOneBefore) {
    std::vector<ab::event> events;
    for (const auto& path : ab::test::data_files("events"))
        if (auto e = ab::parse_event(ab::test::read_file(path))) events.push_back(std::move(*e));
    const auto options = option_sets();
    std::vector<item> items;
    std::size_t alarms = 0, texts = 0;
    for (const auto& e : events) {
        for (const auto& r : e.records) {
            if (!r) continue;
            (std::holds_alternative<ab::cloudwatch::alarm>(r->body) ? alarms : texts) += options.size();
            for (const auto& o : options) items.push_back({&*r, &o});
        }
    }
    ASSERT_GE(alarms, 20u * options.size());
    ASSERT_GE(texts, 1u);

    std::mt19937 random(20261201);
    for (int round = 0; round < 3; ++round) {
        std::shuffle(items.begin(), items.end(), random);
        for (const auto& it : items) expect_same_as_new(it);
    }
}

// The view path (payloads(bytes)) and the owned path share the thread's message: interleaved,
// each still gives what a new message gives.
TEST(FormatLayout, TheViewPathAndTheOwnedPathShareTheMessageCleanly) {
    const auto options = option_sets();
    std::vector<std::string> inputs;
    for (const auto& path : ab::test::data_files("events")) inputs.push_back(ab::test::read_file(path));
    std::mt19937 random(7);
    std::size_t compared = 0;
    for (int round = 0; round < 200; ++round) {
        const auto& bytes = inputs[random() % inputs.size()];
        const auto& o = options[random() % options.size()];
        const auto e = ab::parse_event(bytes);
        const auto bodies = fmt::payloads(bytes, o);
        if (!e) continue;
        ASSERT_TRUE(bodies);
        const auto messages = fmt::format_event(*e, o);
        ASSERT_EQ(bodies->size(), messages.size());
        for (std::size_t i = 0; i < messages.size(); ++i) {
            if (!messages[i]) continue;
            EXPECT_EQ(*(*bodies)[i], slack::serialize(*messages[i]));
            ++compared;
        }
    }
    EXPECT_GE(compared, 150u);
}

// Each thread has its own message: two threads formatting different alarms at once get their own.
TEST(FormatLayout, EachThreadHasItsOwnMessage) {
    const auto metric = ab::parse_event(ab::test::read_data("events/alarmbridge-sns-metric-3kb.json"));
    const auto composite = ab::parse_event(ab::test::read_data("events/alarmbridge-sns-composite.json"));
    ASSERT_TRUE(metric && composite);
    const auto& a = std::get<ab::cloudwatch::alarm>(metric->records.at(0)->body);
    const auto& b = std::get<ab::cloudwatch::alarm>(composite->records.at(0)->body);
    const std::string want_a = slack::serialize(fmt::alarm_message(a));
    const std::string want_b = slack::serialize(fmt::alarm_message(b));
    std::size_t wrong_a = 0, wrong_b = 0;
    std::thread other([&] {
        for (int i = 0; i < 500; ++i) wrong_b += fmt::alarm_payload(b) != want_b;
    });
    for (int i = 0; i < 500; ++i) wrong_a += fmt::alarm_payload(a) != want_a;
    other.join();
    EXPECT_EQ(wrong_a, 0u);
    EXPECT_EQ(wrong_b, 0u);
}
