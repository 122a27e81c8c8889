// alarmbridge/aws/environment.hpp - where the AWS code reads its settings (AWS_REGION,
// AWS_PROFILE, AWS_ACCESS_KEY_ID, ...): the process environment by default, a map in tests.
//
//   auto env = aws::environment_of({{"AWS_REGION", "eu-west-1"}});   // no setenv in tests
//   auto region = aws::resolve_region(env);                          // "eu-west-1"
#pragma once

#include <alarmbridge/export.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace alarmbridge::aws {

/// The value of a variable, or nullopt when it is not set.
using environment = std::function<std::optional<std::string>(std::string_view name)>;

/// The process environment (getenv), read at each call.
ALARMBRIDGE_API environment process_environment();

/// A fixed set of variables; nothing else is set.
ALARMBRIDGE_API environment environment_of(std::map<std::string, std::string, std::less<>> variables);

/// The variable's value when it is set and not empty.
inline std::optional<std::string> non_empty(const environment& env, std::string_view name) {
    auto v = env ? env(name) : std::nullopt;
    if (v && v->empty()) v.reset();
    return v;
}

}  // namespace alarmbridge::aws
