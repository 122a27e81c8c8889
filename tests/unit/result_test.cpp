#include <alarmbridge/result.hpp>

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace ab = alarmbridge;

TEST(Result, HoldsAValue) {
    ab::result<int> r = 42;
    ASSERT_TRUE(r.has_value());
    EXPECT_TRUE(static_cast<bool>(r));
    EXPECT_EQ(*r, 42);
    EXPECT_EQ(r.value(), 42);
}

TEST(Result, HoldsAnErrorAndValueThrowsIt) {
    ab::result<std::string> r = ab::error{ab::errc::wrong_type, "expected a number, got string", "/Trigger/Threshold"};
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ab::errc::wrong_type);
    EXPECT_EQ(r.error().where, "/Trigger/Threshold");
    try {
        (void)r.value();
        FAIL() << "value() must throw on an error";
    } catch (const ab::exception& e) {
        EXPECT_EQ(e.code(), ab::errc::wrong_type);
        EXPECT_EQ(e.error().where, "/Trigger/Threshold");
        EXPECT_STREQ(e.what(), "wrong_type at /Trigger/Threshold: expected a number, got string");
    }
}

TEST(Result, ConstructsInPlace) {
    ab::result<std::string> r(std::in_place, 3, 'z');
    ASSERT_TRUE(r);
    EXPECT_EQ(*r, "zzz");
}

TEST(Result, MovesTheValueOut) {
    ab::result<std::string> r = std::string(100, 'x');
    std::string moved = std::move(r).value();
    EXPECT_EQ(moved.size(), 100u);
}

TEST(Errc, NamesAreStableAndUnique) {
    const ab::errc all[] = {ab::errc::json_syntax, ab::errc::missing_field,
                            ab::errc::wrong_type, ab::errc::bad_value, ab::errc::too_large,
                            ab::errc::too_deep, ab::errc::unrecognized_event, ab::errc::no_text,
                            ab::errc::http_transport, ab::errc::http_status, ab::errc::slack_rejected,
                            ab::errc::deadline_exceeded, ab::errc::invalid_url, ab::errc::tls_failed};
    std::set<std::string_view> names;
    for (auto code : all) {
        EXPECT_NE(ab::to_string(code), "unknown");
        names.insert(ab::to_string(code));
    }
    EXPECT_EQ(names.size(), std::size(all));
    EXPECT_EQ(static_cast<int>(ab::errc::json_syntax), 101);
    EXPECT_EQ(static_cast<int>(ab::errc::missing_field), 201);
    EXPECT_EQ(static_cast<int>(ab::errc::http_transport), 401);
    EXPECT_EQ(static_cast<int>(ab::errc::tls_failed), 406);
    EXPECT_EQ(ab::to_string(static_cast<ab::errc>(9999)), "unknown");
}

TEST(Error, DescribeLeavesOutEmptyParts) {
    EXPECT_EQ((ab::error{ab::errc::json_syntax, "", ""}).describe(), "json_syntax");
    EXPECT_EQ((ab::error{ab::errc::too_large, "2 MB", ""}).describe(), "too_large: 2 MB");
}
