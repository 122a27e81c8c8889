// alarmbridge/remediate/remediator.hpp - runs a policy over an event: one decision per record.
//
//   auto p = remediate::policy_from_environment(aws::process_environment());
//   if (p && *p) {
//       remediate::remediator r(**p);   // keep it for the container's life: it remembers
//       for (const auto& d : r.run(event, deadline)) webhook.post(remediate::outcome_message(d), deadline);
//   }
//
// For each alarm record: the first rule that matches; a transition into one of its states; the
// instance from the InstanceId dimension (^i-[0-9a-f]{8,17}$) or, without one and for a rule with
// "auto_scaling_group", the instances tagged aws:autoscaling:groupName with the
// AutoScalingGroupName dimension's group; each parameter from its dimension, only if on the
// allowlist; then one action per state change (alarm ARN + state-change time), the cooldown and
// the hourly cap (per instance or group; a dry run keeps claims of its own, so it says what would
// be skipped without taking enforce's); in enforce mode SendCommand in the alarm's region (from
// its ARN) with a Comment naming the alarm; GetCommandInvocation polled within the deadline (for
// a group ListCommands, then ListCommandInvocations and the stderr of a few failed instances).
#pragma once

#include <alarmbridge/aws/client.hpp>
#include <alarmbridge/event.hpp>
#include <alarmbridge/export.hpp>
#include <alarmbridge/http/transport.hpp>
#include <alarmbridge/remediate/decision.hpp>
#include <alarmbridge/remediate/outcome_message.hpp>
#include <alarmbridge/remediate/policy.hpp>
#include <alarmbridge/remediate/state_store.hpp>
#include <alarmbridge/slack/webhook.hpp>

#include <chrono>
#include <memory>
#include <vector>

namespace alarmbridge::remediate {

struct remediator_options {
    /// For SSM (and DynamoDB): environment, credentials, transport, retries. The region is the
    /// alarm's for SSM; the table's is this one's (or the environment's).
    aws::client_options aws;
    /// Null: the policy's DynamoDB table when it names one, else in-process memory.
    std::shared_ptr<state_store> store;
    /// Null: the real clocks. now() against the deadline, system_now() for the guardrails,
    /// sleep_until() between polls.
    std::shared_ptr<slack::time_source> time;
    std::chrono::milliseconds poll_interval{2000};
    int max_polls{60};
    bool force_dry_run{false};  ///< --dry-run: nothing is sent whatever the policy's mode
};

/// Not thread-safe: one per thread (Lambda runs one invocation at a time per process). Keep it
/// for the process's life: the in-process guardrails live in it.
class ALARMBRIDGE_API remediator {
public:
    explicit remediator(policy p, remediator_options options = {});
    ~remediator();
    remediator(remediator&&) noexcept;
    remediator& operator=(remediator&&) noexcept;
    remediator(const remediator&) = delete;
    remediator& operator=(const remediator&) = delete;

    /// One decision per record of e, in order. Never throws.
    std::vector<decision> run(const event& e, http::clock::time_point deadline);

    /// The decision for one record (index: its place in the event, for the report): what run
    /// does for each record, for a caller that leaves some out (the Lambda handler skips the
    /// records it reported as repeated deliveries). Never throws.
    decision decide(std::size_t index, const result<record>& r, http::clock::time_point deadline);

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace alarmbridge::remediate
