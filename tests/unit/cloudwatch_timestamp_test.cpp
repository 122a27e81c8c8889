#include <alarmbridge/cloudwatch/timestamp.hpp>

#include <gtest/gtest.h>

namespace cw = alarmbridge::cloudwatch;

// 2026-11-20T03:46:29.897Z, computed independently: days since epoch 20777.
constexpr std::int64_t reference_ms = 20777LL * 86400000 + (3 * 3600 + 46 * 60 + 29) * 1000LL + 897;

TEST(Timestamp, ParsesTheThreeCloudWatchSpellings) {
    EXPECT_EQ(cw::parse_epoch_ms("2026-11-20T03:46:29.897+0000"), reference_ms);
    EXPECT_EQ(cw::parse_epoch_ms("2026-11-20T03:46:29.897Z"), reference_ms);
    EXPECT_EQ(cw::parse_epoch_ms("2026-11-20T03: 46: 29.897+0000"), reference_ms);  // AWS docs samples
}

TEST(Timestamp, HonoursOffsetsAndFractions) {
    EXPECT_EQ(cw::parse_epoch_ms("2026-11-20T12:46:29.897+09:00"), reference_ms);
    EXPECT_EQ(cw::parse_epoch_ms("2026-11-19T22:46:29.897-0500"), reference_ms);
    EXPECT_EQ(cw::parse_epoch_ms("2026-11-20T03:46:29Z"), reference_ms - 897);
    EXPECT_EQ(cw::parse_epoch_ms("2026-11-20T03:46:29.8979999Z"), reference_ms);  // truncated to ms
    EXPECT_EQ(cw::parse_epoch_ms("1970-01-01T00:00:00Z"), 0);
    EXPECT_EQ(cw::parse_epoch_ms("1969-12-31T23:59:59.999Z"), -1);
    EXPECT_EQ(cw::parse_epoch_ms("2024-02-29T00:00:00Z"), 19782LL * 86400000);
}

TEST(Timestamp, RejectsWhatIsNotATimestamp) {
    for (const char* bad : {"", "EXAMPLE", "2026-11-20", "2026-11-20T03:46:29", "2026-13-01T00:00:00Z",
                            "2026-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2026-11-20T24:00:00Z",
                            "2026-11-20T03:46:29.Z", "2026-11-20T03:46:29Z junk", "2026-11-20T03:46:29+25:00",
                            "Friday 22 July, 2022 15:57:45 UTC"}) {
        EXPECT_FALSE(cw::parse_epoch_ms(bad).has_value()) << bad;
    }
}

TEST(Timestamp, KeepsRawAndFormatsUtc) {
    const auto t = cw::make_timestamp("2026-11-20T03: 46: 29.897+0000");
    EXPECT_EQ(t.raw, "2026-11-20T03: 46: 29.897+0000");
    ASSERT_TRUE(t.epoch_ms);
    EXPECT_EQ(cw::iso8601(t), "2026-11-20T03:46:29.897Z");
    EXPECT_EQ(cw::format_iso8601(-1), "1969-12-31T23:59:59.999Z");
    const auto bad = cw::make_timestamp("yesterday");
    EXPECT_EQ(bad.raw, "yesterday");
    EXPECT_FALSE(cw::iso8601(bad).has_value());
}

TEST(Timestamp, FormatAndParseAgreeAcrossCenturies) {
    for (std::int64_t ms = -5'000'000'000'000LL; ms < 10'000'000'000'000LL; ms += 987'654'321'123LL) {
        EXPECT_EQ(cw::parse_epoch_ms(cw::format_iso8601(ms)), ms) << ms;
    }
}
