// alarmbridge/aws/ssm_commands.hpp - Systems Manager Run Command: SendCommand to instances (or to
// the instances a tag selects), GetCommandInvocation for how it ended on one instance,
// ListCommands for the command's overall status and counts, ListCommandInvocations for each
// instance's status.
//
//   auto ssm = aws::json_client::create(aws::ssm_service, {.region = "ap-northeast-2"});
//   aws::send_command_request req;
//   req.document_name = "alarmbridge-RestartService";
//   req.instance_ids = {"i-03e6aec1a93443558"};
//   req.parameters = {{"ServiceName", {"httpd"}}};
//   req.comment = "alarmbridge: jisoo-test-cw";
//   auto id = aws::send_command(*ssm, req);                      // the CommandId
//   auto inv = aws::get_command_invocation(*ssm, *id, "i-03e6aec1a93443558");
//   if (inv && inv->status == "Success") ...
//
// Each function takes an optional aws::call_options (the deadline: see client.hpp).
//
// Right after SendCommand, GetCommandInvocation answers InvocationDoesNotExist for a while: the
// caller polls (remediate::remediator does, within its deadline).
//
// By tag (an Auto Scaling group's instances), rolling one at a time and stopping at the first error:
//   req.instance_ids.clear();
//   req.targets = {{"tag:aws:autoscaling:groupName", {"web-asg"}}};
//   req.max_concurrency = "1";
//   req.max_errors = "0";
//   auto c = aws::get_command(*ssm, *aws::send_command(*ssm, req));   // Status, TargetCount, ...
//   auto page = aws::list_command_invocations(*ssm, c->command_id, "");  // each instance's Status
#pragma once

#include <alarmbridge/aws/client.hpp>
#include <alarmbridge/export.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace alarmbridge::aws {

/// One of SendCommand's Targets: a key ("tag:NAME", "InstanceIds", "resource-groups:Name") and
/// its values.
struct command_target {
    std::string key;
    std::vector<std::string> values;
};

struct send_command_request {
    std::string document_name;
    std::vector<std::string> instance_ids;  ///< InstanceIds; sent unless empty and targets are given
    std::map<std::string, std::vector<std::string>> parameters;
    std::string comment;        ///< at most 100 characters (SSM's limit): longer is cut
    int timeout_seconds{600};   ///< TimeoutSeconds: how long SSM waits for the instance to take it
    std::vector<command_target> targets;  ///< Targets, when not empty
    std::string max_concurrency;  ///< MaxConcurrency ("1", "10%"), when not empty (SSM's default: 50)
    std::string max_errors;       ///< MaxErrors ("0", "10%"), when not empty (SSM's default: 0)
};

/// SendCommand on a client made for ssm_service; the CommandId. aws_bad_response when the answer
/// has no Command.CommandId. SendCommand has no client token, so it is never sent twice: it is
/// sent as call_options::idempotent false whatever `how` says (retried only after throttling or
/// a connection that could not be made), and an error with maybe_performed set means its answer
/// was lost (a 5xx, an answer cut off or unreadable, a timeout after sending): the command may
/// be running; look for it in SSM rather than sending it again.
ALARMBRIDGE_API outcome<std::string> send_command(json_client& ssm, const send_command_request& request,
                                                  const call_options& how = {});

/// Whether an invocation's status is one SSM will not change any more.
constexpr bool invocation_finished(std::string_view status) noexcept {
    return status == "Success" || status == "Cancelled" || status == "TimedOut" || status == "Failed" ||
           status == "DeliveryTimedOut" || status == "ExecutionTimedOut" || status == "Undeliverable" ||
           status == "Terminated" || status == "InvalidPlatform" || status == "AccessDenied";
}

/// How one instance's run of a command stands.
struct command_invocation {
    /// Pending, InProgress, Delayed, Success, Cancelled, TimedOut, Failed, Cancelling.
    std::string status;
    std::string status_details;
    int response_code{-1};
    std::string standard_output;  ///< as SSM keeps it (its first 24 000 characters)
    std::string standard_error;

    /// Whether the status is one SSM will not change any more.
    bool finished() const noexcept { return invocation_finished(status); }
};

/// GetCommandInvocation. An error with aws_code "InvocationDoesNotExist" right after sending is
/// normal: ask again.
ALARMBRIDGE_API outcome<command_invocation> get_command_invocation(json_client& ssm, std::string_view command_id,
                                                                   std::string_view instance_id, const call_options& how = {});

/// How a command stands over all its instances (ListCommands with its CommandId).
struct command_status {
    std::string command_id;
    /// Pending, InProgress, Success, Cancelled, Failed, TimedOut, Cancelling.
    std::string status;
    std::string status_details;  ///< e.g. "Incomplete", "Delivery Timed Out", "Rate Exceeded"
    int target_count{0};         ///< instances the command is for (0 until SSM has resolved a tag)
    int completed_count{0};      ///< instances that reached a terminal status
    int error_count{0};          ///< instances that ended Failed, TimedOut, ... (counted against MaxErrors)
    int delivery_timed_out_count{0};

    /// Whether the status is one SSM will not change any more.
    bool finished() const noexcept {
        return status == "Success" || status == "Cancelled" || status == "TimedOut" || status == "Failed";
    }
};

/// ListCommands with CommandId: the command's status and counts. aws_bad_response when the answer
/// does not hold exactly that command.
ALARMBRIDGE_API outcome<command_status> get_command(json_client& ssm, std::string_view command_id,
                                                   const call_options& how = {});

/// One instance's run of a command, as ListCommandInvocations lists it (without Details).
struct invocation_status {
    std::string instance_id;
    std::string status;          ///< as command_invocation::status
    std::string status_details;  ///< e.g. "Undeliverable", "Terminated", "Delivery Timed Out"
};

struct invocation_page {
    std::vector<invocation_status> invocations;
    std::string next_token;  ///< empty on the last page
};

/// One page of ListCommandInvocations for command_id (next_token empty: the first), at most
/// max_results (1 to 50) invocations. The caller bounds how many pages it asks for.
ALARMBRIDGE_API outcome<invocation_page> list_command_invocations(json_client& ssm, std::string_view command_id,
                                                                  std::string_view next_token, int max_results = 50,
                                                                  const call_options& how = {});

}  // namespace alarmbridge::aws
