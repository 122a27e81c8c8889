// Internal: how a command sent to an Auto Scaling group's instances ended. The command's status
// and counts come from ListCommands (the remediator polls it); each instance's status from
// ListCommandInvocations (bounded pages), and the stderr of a few failed instances from
// GetCommandInvocation.
#pragma once

#include <alarmbridge/aws/ssm_commands.hpp>
#include <alarmbridge/http/transport.hpp>
#include <alarmbridge/remediate/decision.hpp>
#include <alarmbridge/slack/webhook.hpp>

namespace alarmbridge::remediate::detail {

/// At most this many pages (of 50) of ListCommandInvocations are read.
inline constexpr int max_invocation_pages = 4;

/// Fills d's status, counts, instances (the ones that did not succeed first, at most
/// max_reported_instances), instances_left_out, reason and failed from the command's last status
/// (nullopt: ListCommands never answered before the deadline). No call is started at or after
/// the deadline. A command that reached no instance is a failure; so is one that ended Success
/// while an instance did not (SSM does not count Undeliverable or Delivery Timed Out as errors).
void conclude_group_command(aws::json_client& ssm, const std::optional<aws::command_status>& last, decision& d,
                            slack::time_source& time, http::clock::time_point deadline);

}  // namespace alarmbridge::remediate::detail
