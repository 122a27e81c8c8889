// JSONTestSuite (nst/JSONTestSuite, tests/data/jsontestsuite): y_ files must be accepted as
// JSON, n_ files rejected with json_syntax, i_ files either way, and none may crash.
//
// "Accepted" means parse_event does not call it a JSON error: a valid document that is not an
// event we know gives unrecognized_event (or too_deep past the nesting limit).
#include <alarmbridge/event.hpp>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace ab = alarmbridge;

namespace {
bool is_json_error(ab::errc code) { return code == ab::errc::json_syntax; }
}  // namespace

TEST(JsonTestSuite, AcceptsEveryYRejectsEveryNSurvivesEveryI) {
    std::size_t y = 0, n = 0, i = 0;
    for (const auto& path : ab::test::data_files("jsontestsuite")) {
        const std::string name = path.filename().string();
        const std::string bytes = ab::test::read_file(path);
        SCOPED_TRACE(name);
        const auto e = ab::parse_event(bytes);
        if (name.rfind("y_", 0) == 0) {
            ++y;
            if (!e) {
                EXPECT_FALSE(is_json_error(e.error().code)) << e.error().describe();
            }
        } else if (name.rfind("n_", 0) == 0) {
            ++n;
            ASSERT_FALSE(e) << "accepted invalid JSON";
            EXPECT_EQ(ab::to_string(e.error().code), "json_syntax") << e.error().describe();
        } else {
            ++i;  // implementation-defined: any answer, as long as there is one
            if (!e) {
                EXPECT_FALSE(e.error().message.empty());
            }
        }
    }
    EXPECT_EQ(y + n + i, 318u);
    EXPECT_EQ(y, 95u);
    EXPECT_EQ(n, 188u);
}

// The same documents wrapped as an SNS Message: a Message that is not JSON (or not an alarm)
// is text, never an error, and never a crash.
TEST(JsonTestSuite, AsAnSnsMessageEveryDocumentIsTextOrAnAlarm) {
    for (const auto& path : ab::test::data_files("jsontestsuite")) {
        const std::string bytes = ab::test::read_file(path);
        nlohmann::json lambda = {{"Records", {{{"EventSource", "aws:sns"}, {"Sns", {{"Type", "Notification"}}}}}}};
        // Not every file is UTF-8; a Message must be, so those are carried base64-free as
        // replacement-decoded text by nlohmann's dump with error_handler_t::replace.
        lambda["Records"][0]["Sns"]["Message"] = bytes;
        const auto wrapped = lambda.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        const auto e = ab::parse_event(wrapped);
        ASSERT_TRUE(e) << path.filename() << ": " << e.error().describe();
        ASSERT_EQ(e->records.size(), 1u);
        EXPECT_TRUE(e->records[0]) << path.filename() << ": " << e->records[0].error().describe();
    }
}
