// Peak memory of slack::parse_message stays within a small constant factor of its input: this
// executable links tests/fuzz/heap_peak.cpp, which counts every byte operator new hands out, so the
// tests can measure the peak of one call.
#include <alarmbridge/slack/message.hpp>

#include <gtest/gtest.h>

#include "heap_peak.hpp"
#include "test_support.hpp"


namespace {

/// The peak of live heap bytes above what was live before, while f runs (heap_peak.cpp counts
/// every operator new of this executable).
template <class F>
std::size_t peak_of(F&& f) {
    alarmbridge::fuzz::reset_heap_peak();
    f();
    return alarmbridge::fuzz::heap_peak_growth();
}

}  // namespace

namespace slack = alarmbridge::slack;

// The document: 300 000 levels of '['. Refused from the bytes, before a node is built.
TEST(SlackParseMemory, ADeepDocumentIsRefusedWithoutBuildingIt) {
    const std::size_t levels = 300000;
    const std::string deep = "{\"text\":\"x\",\"metadata\":" + std::string(levels, '[') + std::string(levels, ']') + "}";
    std::size_t peak = peak_of([&] {
        const auto m = slack::parse_message(deep);
        EXPECT_FALSE(m);
        EXPECT_EQ(m.error().code, alarmbridge::errc::too_deep);
    });
    EXPECT_LT(peak, 4096u) << peak << " bytes for a refusal";
    // Wide instead of deep, at the limit's depth everywhere it can be: still a small factor.
    std::string wide = "{\"text\":\"x\",\"metadata\":[";
    while (wide.size() < 2 * levels) wide += std::string(998, '[') + std::string(998, ']') + ",";  // 1000 deep
    wide.back() = ']';
    wide += '}';
    peak = peak_of([&] { EXPECT_TRUE(slack::parse_message(wide)); });
    EXPECT_LT(peak, 64 * wide.size()) << peak << " bytes for " << wide.size();
}

// A real message (the Block Kit Builder's), repeated into 50 blocks: a few times its size.
TEST(SlackParseMemory, AMessageTakesASmallMultipleOfItsBytes) {
    auto j = nlohmann::json::parse(alarmbridge::test::read_data("slack/block-kit-builder.json"));
    auto blocks = j["blocks"];
    while (j["blocks"].size() + blocks.size() <= 50)
        for (const auto& b : blocks) j["blocks"].push_back(b);
    const std::string body = j.dump();
    const std::size_t peak = peak_of([&] { EXPECT_TRUE(slack::parse_message(body)); });
    EXPECT_LT(peak, 32 * body.size()) << peak << " bytes for " << body.size();
    const std::string oversized(alarmbridge::parse_options{}.max_input_bytes + 1, ' ');
    EXPECT_LT(peak_of([&] { EXPECT_FALSE(slack::parse_message(oversized)); }), 4096u);
}
