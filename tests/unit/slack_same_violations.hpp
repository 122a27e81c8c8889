// Test helper: slack::validate(message) says exactly what slack::validate(nlohmann::json(message))
// says - the same violations in the same order, field by field.
#pragma once

#include <alarmbridge/slack/message.hpp>

#include <gtest/gtest.h>

namespace alarmbridge::test {

inline ::testing::AssertionResult same_violations_as_its_json(const slack::message& m) {
    nlohmann::json j;
    to_json(j, m);
    const auto typed = slack::validate(m);
    const auto doc = slack::validate(j);
    auto failure = [&](const std::string& what) {
        std::string all = what + "\ntyped:\n";
        for (const auto& v : typed) all += "  " + v.describe() + "\n";
        all += "json:\n";
        for (const auto& v : doc) all += "  " + v.describe() + "\n";
        return ::testing::AssertionFailure() << all;
    };
    if (typed.size() != doc.size()) return failure("not as many violations");
    for (std::size_t i = 0; i < typed.size(); ++i) {
        const auto &a = typed[i], &b = doc[i];
        if (a.path != b.path || a.message != b.message || a.level != b.level || a.limit != b.limit ||
            a.actual != b.actual || a.code != b.code)
            return failure("violation " + std::to_string(i) + " differs");
    }
    return ::testing::AssertionSuccess() << typed.size() << " violations";
}

}  // namespace alarmbridge::test
