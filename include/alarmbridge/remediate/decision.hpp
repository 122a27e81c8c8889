// alarmbridge/remediate/decision.hpp - what remediation did with one record, and why.
//
//   for (const auto& d : remediator.run(event, deadline)) {
//       std::cout << remediate::to_json(d).dump() << '\n';
//       // {"record":0,"rule":"restart-on-procstat","decision":"sent","reason":"...",
//       //  "instance":"i-03e6aec1a93443558","document":"alarmbridge-RestartService",
//       //  "parameters":{"ServiceName":["httpd"]},"command_id":"...","status":"Success"}
//   }
//
// For an Auto Scaling group (an alarm with AutoScalingGroupName and no InstanceId, a rule with
// "auto_scaling_group") "instance" gives way to "auto_scaling_group", "targets", "max_concurrency"
// and "max_errors", and the outcome adds the counts and each instance's status (bounded).
#pragma once

#include <alarmbridge/export.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace alarmbridge::remediate {

enum class decision_kind {
    sent,     ///< SendCommand was called (status says how it ended)
    dry_run,  ///< everything checked, nothing sent: the policy's mode, or --dry-run
    skipped,  ///< not acted on; reason says why
};

constexpr std::string_view to_string(decision_kind k) noexcept {
    switch (k) {
        case decision_kind::sent: return "sent";
        case decision_kind::dry_run: return "dry_run";
        case decision_kind::skipped: return "skipped";
    }
    return "skipped";
}

/// At most this many instances of a group's command are kept in a decision (the ones that did
/// not succeed first); the others are counted in instances_left_out.
inline constexpr std::size_t max_reported_instances = 20;
/// At most this many failed instances' stderr is read (GetCommandInvocation) and kept.
inline constexpr std::size_t max_stderr_instances = 3;

/// The Auto Scaling group a command runs on: SSM's Targets
/// [{"Key": "tag:aws:autoscaling:groupName", "Values": [name]}], rolled out as the rule says.
struct group_target {
    std::string name;
    std::string max_concurrency;
    std::string max_errors;
};

/// ListCommands' counts for a group's command.
struct command_counts {
    int target{0};     ///< instances the command is for (0 when no instance carries the tag)
    int completed{0};  ///< instances that reached a terminal status
    int error{0};      ///< instances that ended with an error (counted against MaxErrors)
    int delivery_timed_out{0};
};

/// How one instance of a group's command ended, or stands.
struct instance_outcome {
    std::string instance;
    std::string status;          ///< SSM's (Success, Failed, InProgress, ...)
    std::string status_details;  ///< SSM's (e.g. "Undeliverable", "Terminated")
    int exit_code{-1};           ///< -1: not known (read only for failed instances, at most a few)
    std::string standard_error;  ///< likewise
};

struct decision {
    std::size_t record{0};
    std::optional<std::string> rule;
    decision_kind kind{decision_kind::skipped};
    std::string reason;
    std::optional<std::string> instance;
    std::optional<std::string> document;
    std::map<std::string, std::vector<std::string>> parameters;
    std::optional<std::string> command_id;
    std::optional<std::string> status;  ///< SSM's status of the invocation (the command, for a group) when last asked
    /// Set instead of instance when the command goes to an Auto Scaling group's instances.
    std::optional<group_target> auto_scaling_group;
    std::optional<command_counts> counts;  ///< a group's command, once ListCommands answered
    std::vector<instance_outcome> instances;  ///< a group's instances, at most max_reported_instances
    std::size_t instances_left_out{0};        ///< a group's instances not in instances

    // Not in the report; for the outcome message and the exit status.
    std::string alarm_name;
    std::string standard_error;  ///< the command's stderr as SSM returned it
    /// Something went wrong that the policy did not ask for (SendCommand or the state store
    /// failed, or the command ended other than Success).
    bool failed{false};
    /// Whether Slack should hear of it: a rule matched a transition it acts on (sent, dry run,
    /// refused, cooldown, cap, a failure). False for records no rule matches, for transitions
    /// the rule does not act on (OK, INSUFFICIENT_DATA) and for repeated deliveries.
    bool notify{false};
};

/// The report's object: record, rule, decision, reason, instance, auto_scaling_group, targets,
/// max_concurrency, max_errors, document, parameters, command_id, status, target_count,
/// completed_count, error_count, instances, instances_left_out in that order; the keys that do
/// not apply absent (an instance's decision has none of the group's keys).
ALARMBRIDGE_API nlohmann::ordered_json to_json(const decision& d);

}  // namespace alarmbridge::remediate
