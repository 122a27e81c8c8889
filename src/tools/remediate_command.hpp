// `alarmbridge remediate --policy FILE [--dry-run] [--deadline SECONDS] [FILE|-]`
//
// Runs the remediation policy (docs/remediation.md) over every record of the event and prints
// the decision report: a JSON array, one object per record ({"record", "rule", "decision",
// "reason", "instance", "document", "parameters", "command_id", "status"}, the keys that do not
// apply absent). SSM is called in each alarm's region through the AWS client (AWS_ENDPOINT_URL,
// credentials from the environment); the guardrails' state is the policy's DynamoDB table, or
// this process's memory.
// Exit 0 when every record was handled as the policy says (skipped records and dry runs
// included); 1 when an action failed (SendCommand, the state store, a command that ended other
// than Success) or the event could not be read; 2 for usage errors and an unreadable policy.
#pragma once

#include <string>
#include <vector>

namespace alarmbridge::tools {

extern const char* const remediate_usage;

int run_remediate(const std::vector<std::string>& args);

}  // namespace alarmbridge::tools
