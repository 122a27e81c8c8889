// alarmbridge/remediate/decision.hpp - what remediation did with one record, and why.
//
//   for (const auto& d : remediator.run(event, deadline)) {
//       std::cout << remediate::to_json(d).dump() << '\n';
//       // {"record":0,"rule":"restart-on-procstat","decision":"sent","reason":"...",
//       //  "instance":"i-03e6aec1a93443558","document":"alarmbridge-RestartService",
//       //  "parameters":{"ServiceName":["httpd"]},"command_id":"...","status":"Success"}
//   }
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

struct decision {
    std::size_t record{0};
    std::optional<std::string> rule;
    decision_kind kind{decision_kind::skipped};
    std::string reason;
    std::optional<std::string> instance;
    std::optional<std::string> document;
    std::map<std::string, std::vector<std::string>> parameters;
    std::optional<std::string> command_id;
    std::optional<std::string> status;  ///< SSM's status of the invocation when last asked

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

/// The report's object: record, rule, decision, reason, instance, document, parameters,
/// command_id, status in that order; the keys that do not apply absent.
ALARMBRIDGE_API nlohmann::ordered_json to_json(const decision& d);

}  // namespace alarmbridge::remediate
