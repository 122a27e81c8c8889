// alarmbridge/remediate/policy.hpp - which alarms may run which SSM document, with what.
//
//   auto p = remediate::parse_policy(R"({"mode": "enforce", "rules": [{"name": "restart-on-procstat",
//       "match": {"namespace": "CWAgent", "metric_name": "procstat_lookup_pid_count"},
//       "action": {"restart_service": {"service_from_dimension": "exe", "allowed": ["httpd", "nginx"]}},
//       "cooldown_seconds": 600, "max_per_hour": 3}]})");
//   if (!p) log(p.error().describe());   // "bad_value at /rules/0/action/...: ..."; unknown keys are errors
//
// The format, its defaults and the guardrails are in docs/remediation.md. A policy never takes
// free text from an alarm: a document parameter is filled only from the dimension its mapping
// names, and only with a value on that mapping's allowlist (exact values, or an anchored pattern).
#pragma once

#include <alarmbridge/aws/environment.hpp>
#include <alarmbridge/cloudwatch/alarm.hpp>
#include <alarmbridge/export.hpp>
#include <alarmbridge/remediate/pattern.hpp>
#include <alarmbridge/result.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace alarmbridge::remediate {

/// The SSM document shipped with the project (deploy/ssm/alarmbridge-RestartService.json).
inline constexpr std::string_view restart_service_document = "alarmbridge-RestartService";

/// The dimension the CloudWatch agent adds for an Auto Scaling group (append_dimensions /
/// aggregation_dimensions), and the tag Auto Scaling puts on every instance of the group: an alarm
/// with the first and no InstanceId runs on the instances carrying the second (rules that opt in).
inline constexpr std::string_view auto_scaling_group_dimension = "AutoScalingGroupName";
inline constexpr std::string_view auto_scaling_group_tag = "aws:autoscaling:groupName";

/// The environment variable that may hold the policy's JSON.
inline constexpr std::string_view policy_variable = "ALARMBRIDGE_REMEDIATION_POLICY";

enum class mode { dry_run, enforce };

constexpr std::string_view to_string(mode m) noexcept { return m == mode::enforce ? "enforce" : "dry_run"; }

/// Where one document parameter's value comes from: one dimension of the alarm, and only a value
/// on the allowlist.
struct parameter_source {
    std::string from_dimension;
    std::vector<std::string> allowed;  ///< exact values
    remediate::pattern allowed_pattern; ///< anchored, compiled when the policy is read (pattern.hpp); empty: none
};

struct action {
    std::string document;                                  ///< the SSM document's name (or ARN)
    std::map<std::string, parameter_source> parameters;    ///< document parameter -> its source
};

struct match {
    remediate::pattern alarm_name;            ///< an anchored pattern on the alarm's name; empty: any
    std::optional<std::string> namespace_;    ///< exact
    std::optional<std::string> metric_name;   ///< exact
    std::vector<std::string> dimensions;      ///< names the alarm's metric must carry
};

/// A rule's opt-in to act on a whole Auto Scaling group ("auto_scaling_group"): how the command
/// rolls through the group's instances. Both in SSM's formats: a number or a percentage.
struct group_rollout {
    std::string max_concurrency{"1"};  ///< MaxConcurrency: instances at a time (1 to 9999999, 1% to 100%)
    std::string max_errors{"0"};       ///< MaxErrors: errors before SSM stops sending (0 to 9999999, 0% to 100%)
};

struct rule {
    std::string name;
    remediate::match match;
    remediate::action action;
    /// The states whose arrival the rule acts on ("on_states"); an alarm already in that state
    /// before (previous state the same) is not a transition.
    std::vector<cloudwatch::alarm_state> on_states{cloudwatch::alarm_state::alarm};
    std::int64_t cooldown_seconds{600};  ///< per (instance, document, parameters)
    int max_per_hour{3};                 ///< per (instance, document, parameters), any 3600 s
    int timeout_seconds{600};            ///< SendCommand's TimeoutSeconds
    /// Set: an alarm with an AutoScalingGroupName dimension and no InstanceId runs on the group's
    /// instances (by the tag aws:autoscaling:groupName). Unset: such an alarm is skipped.
    std::optional<group_rollout> auto_scaling_group;
};

struct policy {
    remediate::mode mode{mode::dry_run};
    std::vector<rule> rules;
    /// A DynamoDB table (key "pk", a string; TTL attribute "expires_at") that makes the
    /// guardrails hold across concurrent functions; empty: in-process memory.
    std::string state_table;
    std::size_t max_memory_entries{10000};  ///< the in-process store's bound
};

/// Reads a policy. Errors name the JSON pointer of what is wrong; an unknown key is an error.
ALARMBRIDGE_API result<policy> parse_policy(std::string_view json);

/// The policy in ALARMBRIDGE_REMEDIATION_POLICY: nullopt when the variable is unset or empty,
/// else parse_policy of its value.
ALARMBRIDGE_API result<std::optional<policy>> policy_from_environment(const aws::environment& environment);

}  // namespace alarmbridge::remediate
