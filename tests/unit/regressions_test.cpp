// Every input of tests/data/regressions (crashes and invariant violations the fuzzers found, and
// reproductions of reported bugs) through every fuzz check of tests/fuzz/invariants.hpp, one test
// per check and file so that a crash in one hides no other. Each also holds the C++ heap to a
// budget in proportion to the input. docs/fuzzing.md says how to add one.
#include "heap_peak.hpp"
#include "invariants.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace {

namespace fuzz = alarmbridge::fuzz;

struct check {
    const char* name;
    fuzz::problems (*run)(std::string_view);
};

const check checks[] = {
    {"parse_event", fuzz::check_parse_event},         {"format_payloads", fuzz::check_format_payloads},
    {"slack_message", fuzz::check_slack_message},     {"retry_after", fuzz::check_retry_after},
    {"mrkdwn", fuzz::check_mrkdwn},
};

struct regression {
    check what;
    std::filesystem::path file;
};

/// How gtest (and ctest's test names) show a case: "parse_event wide-integer-then-deep-arrays.json".
void PrintTo(const regression& r, std::ostream* os) { *os << r.what.name << ' ' << r.file.filename().string(); }

std::vector<regression> all_regressions() {
    std::vector<regression> out;
    for (const auto& file : alarmbridge::test::data_files("regressions"))
        for (const auto& c : checks) out.push_back({c, file});
    return out;
}

/// "parse_event_wide_integer_then_deep_arrays_json": a test name from the check and the file.
std::string test_name(const testing::TestParamInfo<regression>& info) {
    std::string out = std::string(info.param.what.name) + "_" + info.param.file.filename().string();
    for (char& c : out)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return out;
}

/// Memory in proportion to the input: 64 MiB, plus 64 bytes per input byte.
std::size_t heap_budget(std::size_t input_bytes) { return (std::size_t{64} << 20) + 64 * input_bytes; }

class regressions : public testing::TestWithParam<regression> {};

TEST_P(regressions, hold_every_invariant) {
    const std::string input = alarmbridge::test::read_file(GetParam().file);
    fuzz::reset_heap_peak();
    const fuzz::problems found = GetParam().what.run(input);
    const std::size_t heap = fuzz::heap_peak_growth();
    std::string all;
    for (const auto& p : found) all += "\n  " + p;
    EXPECT_TRUE(found.empty()) << GetParam().file.filename() << ":" << all;
    EXPECT_LE(heap, heap_budget(input.size()))
        << GetParam().file.filename() << ": " << heap << " bytes of heap at the peak for " << input.size()
        << " bytes of input";
}

INSTANTIATE_TEST_SUITE_P(data, regressions, testing::ValuesIn(all_regressions()), test_name);

// The checks themselves, on inputs whose answer is known: a check that found nothing anywhere
// would pass every regression.
TEST(regression_checks, find_what_they_look_for) {
    EXPECT_TRUE(fuzz::check_parse_event("{}").empty());
    EXPECT_EQ(fuzz::live_tokens(nlohmann::json{{"text", "hi <!here> and <https://a.example/?a&amp;b|x>"}}),
              (std::set<std::string>{"!here", "link:https://a.example/?a&b"}));
    EXPECT_EQ(fuzz::live_tokens(nlohmann::json{{"accessory", {{"url", "https://b.example"}}}}),
              std::set<std::string>{"link:https://b.example"});
    EXPECT_TRUE(fuzz::live_tokens(nlohmann::json{{"text", "&lt;!channel&gt; <notlive>"}}).empty());
    EXPECT_FALSE(fuzz::entities_paired("&am"));
    EXPECT_TRUE(fuzz::entities_paired("&amp;&lt;&gt;"));
    EXPECT_EQ(fuzz::url_host("https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1"),
              "eu-west-1.console.aws.amazon.com");
    EXPECT_TRUE(fuzz::is_console_host("eu-west-1.console.aws.amazon.com"));
    EXPECT_FALSE(fuzz::is_console_host("console.aws.amazon.com.evil.example"));
    const auto too_long = [](std::string path, std::size_t limit) {
        return alarmbridge::slack::violation{std::move(path), "", alarmbridge::slack::severity::error, limit, limit + 1};
    };
    EXPECT_TRUE(fuzz::fit_promises_to_fix(too_long("/blocks/3/fields/2/text", 2000)));
    EXPECT_TRUE(fuzz::fit_promises_to_fix(too_long("/attachments/0/blocks/1/text/text", 3000)));
    EXPECT_TRUE(fuzz::fit_promises_to_fix(too_long("/blocks/1/elements", 10)));
    EXPECT_FALSE(fuzz::fit_promises_to_fix(too_long("/blocks/1/elements", 25)));  // actions: not cut
    EXPECT_FALSE(fuzz::fit_promises_to_fix(too_long("/blocks/1/accessory/url", 3000)));
    EXPECT_TRUE(fuzz::is_future_http_date("Fri, 01 Jan 2100 00:00:00 GMT", fuzz::retry_after_now()));
    EXPECT_FALSE(fuzz::is_future_http_date("Fri, 01 Jan 2010 00:00:00 GMT", fuzz::retry_after_now()));
    EXPECT_FALSE(fuzz::is_future_http_date("120", fuzz::retry_after_now()));
}

}  // namespace
