// Internal: what may reach an SSM document parameter. A value passes when it is a plain name
// (value_problem says nothing) and is on its source's allowlist; an instance id when it matches
// ^i-[0-9a-f]{8,17}$; an Auto Scaling group's name when it is a plain name of at most 255 bytes.
#pragma once

#include <alarmbridge/remediate/policy.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace alarmbridge::remediate::detail {

inline constexpr std::size_t max_value_bytes = 64;
inline constexpr std::size_t max_group_name_bytes = 255;  // Auto Scaling's limit for a group's name

/// Why value cannot be a parameter value, or nothing: 1 to 64 bytes of letters, digits and
/// . _ - @ :, not starting with '-', not . or .., not ending in a systemd unit suffix other than
/// .service (.target .socket .mount .automount .swap .timer .path .slice .scope .device). Says
/// which character or suffix is the problem.
std::optional<std::string> value_problem(std::string_view value);

/// Why value cannot be an Auto Scaling group's name taken from a dimension, or nothing: the same
/// characters as value_problem, 1 to 255 bytes (a conservative subset of the names AWS allows).
std::optional<std::string> group_name_problem(std::string_view value);

/// Why value is not SSM's MaxConcurrency (zero_allowed false: ^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$)
/// or MaxErrors (zero_allowed true: ^([1-9][0-9]*|0|[1-9][0-9]%|[0-9]%|100%)$), at most 7
/// characters; or nothing.
std::optional<std::string> rollout_problem(const std::string& value, bool zero_allowed);

/// Why value may not go into the parameter source describes, or nothing.
std::optional<std::string> refusal(const parameter_source& source, std::string_view value);

/// ^i-[0-9a-f]{8,17}$
bool is_instance_id(std::string_view value) noexcept;

/// value for a message: JSON-quoted, ASCII only (every other character escaped), at most about 48
/// characters of it.
std::string shown(std::string_view value);

}  // namespace alarmbridge::remediate::detail
