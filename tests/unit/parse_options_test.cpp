// The limits of parse_options, as every parser of untrusted bytes applies them: size, depth
// (checked before anything recursive touches the document, also on the rare path that rewrites
// integers beyond 64 bits), the record count, the values kept without a model, and the per-thread
// buffers given back after an unusually large input.
#include <alarmbridge/alarmbridge.hpp>

#include <gtest/gtest.h>

#include "test_support.hpp"

#include <malloc.h>

#include <string>

namespace ab = alarmbridge;

namespace {

std::string nested(std::size_t levels, const std::string& inner = "") {
    return std::string(levels, '[') + inner + std::string(levels, ']');
}

/// The error of every public parser for the same bytes: parse_event, format::payloads (owning and
/// viewing models), parse_alarm and sns::parse_message. Each must fail with `code`, none may crash.
void expect_all_refuse(const std::string& bytes, ab::errc code, const ab::parse_options& o = {}) {
    const auto event = ab::parse_event(bytes, o);
    ASSERT_FALSE(event);
    EXPECT_EQ(event.error().code, code) << event.error().describe();
    const auto payloads = ab::format::payloads(std::string_view(bytes), ab::format::options{}, o);
    ASSERT_FALSE(payloads);
    EXPECT_EQ(payloads.error().code, code) << payloads.error().describe();
    const auto alarm = ab::cloudwatch::parse_alarm(bytes, o);
    ASSERT_FALSE(alarm);
    const auto sns = ab::sns::parse_message(bytes, o);
    ASSERT_FALSE(sns);
    if (code != ab::errc::unrecognized_event) {
        EXPECT_EQ(alarm.error().code, code) << alarm.error().describe();
        EXPECT_EQ(sns.error().code, code) << sns.error().describe();
    }
}

}  // namespace

// The issue's reproduction: an integer wider than 64 bits sends the document down the rewrite
// path, and 200 000 levels of nesting behind it used to overflow the stack there.
TEST(ParseOptions, DeepNestingBehindAWideIntegerIsTooDeep) {
    const std::string bytes = R"({"Records":[],"x":[100000000000000000000000000000,)" + nested(200000) + "]}";
    expect_all_refuse(bytes, ab::errc::too_deep);
    // The same depth without the wide integer, and the wide integer inside a record.
    expect_all_refuse(R"({"Records":[],"x":)" + nested(200000) + "}", ab::errc::too_deep);
    expect_all_refuse(R"({"Records":[{"x":[1e2,100000000000000000000000000000,)" + nested(5000) + "]}]}",
                      ab::errc::too_deep);
}

// The limit is max_json_depth levels, the root counting as one, on both paths.
TEST(ParseOptions, DepthLimitIsExactOnBothPaths) {
    const std::size_t inside = ab::max_json_depth - 2;  // the root object and the "x" array
    for (const std::string wide : {"", "100000000000000000000000000000,"}) {
        const std::string ok = R"({"Records":[],"x":[)" + wide + nested(inside - 1, "1") + "]}";
        const auto e = ab::parse_event(ok);
        ASSERT_TRUE(e) << e.error().describe();
        int depth = 0;
        for (const nlohmann::json* j = &e->extra["x"]; j->is_array() && !j->empty(); j = &j->back()) ++depth;
        EXPECT_EQ(depth, static_cast<int>(inside));
        const std::string deeper = R"({"Records":[],"x":[)" + wide + nested(inside, "1") + "]}";
        const auto refused = ab::parse_event(deeper);
        ASSERT_FALSE(refused);
        EXPECT_EQ(refused.error().code, ab::errc::too_deep);
    }
}

// Integers beyond 64 bits are kept (as doubles), key order and everything else as they were.
TEST(ParseOptions, WideIntegersStillRead) {
    const auto e = ab::parse_event(
        R"({"Records":[],"b":123456789012345678901234567890,"a":[1.5,-2,"s\u00e9\n",true,null,{}],"c":18446744073709551615})");
    ASSERT_TRUE(e) << e.error().describe();
    EXPECT_DOUBLE_EQ(e->extra["b"].get<double>(), 1.2345678901234568e29);
    EXPECT_EQ(e->extra["a"], nlohmann::json::parse(R"([1.5,-2,"s\u00e9\n",true,null,{}])"));
    EXPECT_EQ(e->extra["c"].get<std::uint64_t>(), 18446744073709551615u);
    const auto bad = ab::parse_event(R"({"Records":[],"b":123456789012345678901234567890,"a":[1,]})");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ab::errc::json_syntax);
}

TEST(ParseOptions, SizeLimitIsCheckedFirst) {
    ab::parse_options o;
    o.max_input_bytes = 100;
    const std::string bytes = "{\"Records\":[" + std::string(200, ' ') + "]}";
    expect_all_refuse(bytes, ab::errc::too_large, o);
    o.max_input_bytes = bytes.size();
    EXPECT_TRUE(ab::parse_event(bytes, o));
}

// Three bytes a record ({}) used to make a 2.3 KB failed record each: 1.2 MiB of input peaked at
// 1.2 GB. More records than max_records refuse the input before one is built.
TEST(ParseOptions, TooManyRecordsAreRefusedBeforeAnyIsRead) {
    auto records = [](std::size_t n) {
        std::string s = "{\"Records\":[";
        for (std::size_t i = 0; i < n; ++i) s += i ? ",{}" : "{}";
        return s + "]}";
    };
    const ab::parse_options defaults;
    EXPECT_EQ(defaults.max_records, 1000u);
    const auto at_limit = ab::parse_event(records(1000));
    ASSERT_TRUE(at_limit);
    EXPECT_EQ(at_limit->records.size(), 1000u);
    EXPECT_EQ(at_limit->records[999].error().where, "/Records/999/Sns");

    const auto over = ab::parse_event(records(1001));
    ASSERT_FALSE(over);
    EXPECT_EQ(over.error().code, ab::errc::too_large);
    EXPECT_EQ(over.error().where, "/Records");
    EXPECT_EQ(over.error().message, "1001 records, limit 1000");

    const auto huge = ab::parse_event(records(400000));
    ASSERT_FALSE(huge);
    EXPECT_EQ(huge.error().message, "400000 records, limit 1000");

    ab::parse_options more;
    more.max_records = 2000;
    EXPECT_TRUE(ab::parse_event(records(1001), more));
    const auto fast = ab::format::payloads(std::string_view(records(1001)));
    ASSERT_FALSE(fast);
    EXPECT_EQ(fast.error().where, "/Records");
    // The fast path formats a valid event at the limit, and refuses one record past it.
    const std::string one = ab::test::read_data("events/alarmbridge-sns-metric-3kb.json");
    const auto record = nlohmann::json::parse(one)["Records"][0];
    nlohmann::json many = {{"Records", nlohmann::json::array()}};
    for (int i = 0; i < 3; ++i) many["Records"].push_back(record);
    ab::parse_options three;
    three.max_records = 3;
    const auto formatted = ab::format::payloads(std::string_view(many.dump()), ab::format::options{}, three);
    ASSERT_TRUE(formatted);
    EXPECT_EQ(formatted->size(), 3u);
    three.max_records = 2;
    EXPECT_FALSE(ab::format::payloads(std::string_view(many.dump()), ab::format::options{}, three));
}

// Values kept without a model (the `extra` members) cost nlohmann nodes of 16 to 100 bytes each,
// whatever their JSON's length: they are kept up to 1024 + one per 16 bytes of input, and past
// that the input is refused, naming where.
TEST(ParseOptions, ValuesKeptWithoutAModelAreBudgeted) {
    std::string many = R"({"Records":[],"x":[)";
    for (int i = 0; i < 100000; ++i) many += i ? ",{}" : "{}";
    many += "]}";
    const auto refused = ab::parse_event(many);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ab::errc::too_large);
    const std::size_t budget = 1024 + many.size() / 16;
    EXPECT_EQ(refused.error().where, "/x/" + std::to_string(budget - 1));  // the array itself counts too

    // Ordinary extras are kept whole, in events and in alarms inside records.
    const auto kept = ab::parse_event(R"({"Records":[],"x":{"a":[1,2,{"b":null}]},"y":"z"})");
    ASSERT_TRUE(kept);
    EXPECT_EQ(kept->extra["x"]["a"][2]["b"], nullptr);
    // The budget is per call: a small input after a refused large one is read as usual.
    EXPECT_TRUE(ab::parse_event(R"({"Records":[],"x":[{},{},{}]})"));
}

// The parsers' per-thread buffers grow to the largest input; past 1 MiB they are given back when
// the call returns, so one large event does not pin its memory to the thread for good.
TEST(ParseOptions, LargeInputsDoNotPinTheirBuffers) {
#if defined(ALARMBRIDGE_TEST_UNDER_ASAN)
    GTEST_SKIP() << "AddressSanitizer's allocator does not report through mallinfo2";
#else
    const std::string small = ab::test::read_data("events/alarmbridge-sns-metric-3kb.json");
    ASSERT_TRUE(ab::parse_event(small));  // the thread's parsers exist and are warm
    const auto in_use = [] { return mallinfo2().uordblks + mallinfo2().hblkhd; };
    const std::string large = R"({"Records":[],"x":")" + std::string(5u * 1024u * 1024u, 'a') + "\"}";
    const std::size_t before = in_use();
    for (int round = 0; round < 2; ++round) {
        {
            const auto e = ab::parse_event(large);
            ASSERT_TRUE(e);
            EXPECT_EQ(e->extra["x"].get_ref<const std::string&>().size(), 5u * 1024u * 1024u);
        }
        EXPECT_TRUE(ab::format::payloads(std::string_view(large)));
        EXPECT_FALSE(ab::cloudwatch::parse_alarm(large));
        EXPECT_FALSE(ab::sns::parse_message(large));
    }
    const std::size_t after = in_use();
    EXPECT_LT(after, before + 1024u * 1024u) << "before " << before << " after " << after;
#endif
}
