// alarmbridge/aws/ssm_commands.hpp - Systems Manager Run Command: SendCommand to instances and
// GetCommandInvocation for how it ended.
//
//   auto ssm = aws::json_client::create(aws::ssm_service, {.region = "ap-northeast-2"});
//   aws::send_command_request req{"alarmbridge-RestartService", {"i-03e6aec1a93443558"},
//                                 {{"ServiceName", {"httpd"}}}, "alarmbridge: jisoo-test-cw", 600};
//   auto id = aws::send_command(*ssm, req);                      // the CommandId
//   auto inv = aws::get_command_invocation(*ssm, *id, "i-03e6aec1a93443558");
//   if (inv && inv->status == "Success") ...
//
// Right after SendCommand, GetCommandInvocation answers InvocationDoesNotExist for a while: the
// caller polls (remediate::remediator does, within its deadline).
#pragma once

#include <alarmbridge/aws/client.hpp>
#include <alarmbridge/export.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace alarmbridge::aws {

struct send_command_request {
    std::string document_name;
    std::vector<std::string> instance_ids;
    std::map<std::string, std::vector<std::string>> parameters;
    std::string comment;        ///< at most 100 characters (SSM's limit): longer is cut
    int timeout_seconds{600};   ///< TimeoutSeconds: how long SSM waits for the instance to take it
};

/// SendCommand on a client made for ssm_service; the CommandId. aws_bad_response when the answer
/// has no Command.CommandId.
ALARMBRIDGE_API outcome<std::string> send_command(json_client& ssm, const send_command_request& request);

/// How one instance's run of a command stands.
struct command_invocation {
    /// Pending, InProgress, Delayed, Success, Cancelled, TimedOut, Failed, Cancelling.
    std::string status;
    std::string status_details;
    int response_code{-1};
    std::string standard_output;  ///< as SSM keeps it (its first 24 000 characters)
    std::string standard_error;

    /// Whether the status is one SSM will not change any more.
    bool finished() const noexcept {
        return status == "Success" || status == "Cancelled" || status == "TimedOut" || status == "Failed" ||
               status == "DeliveryTimedOut" || status == "ExecutionTimedOut" || status == "Undeliverable" ||
               status == "Terminated" || status == "InvalidPlatform" || status == "AccessDenied";
    }
};

/// GetCommandInvocation. An error with aws_code "InvocationDoesNotExist" right after sending is
/// normal: ask again.
ALARMBRIDGE_API outcome<command_invocation> get_command_invocation(json_client& ssm, std::string_view command_id,
                                                                   std::string_view instance_id);

}  // namespace alarmbridge::aws
