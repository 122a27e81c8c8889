// SSM Run Command: SendCommand, GetCommandInvocation, ListCommands and ListCommandInvocations over
// the JSON 1.1 client.
#include <alarmbridge/aws/ssm_commands.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>

namespace alarmbridge::aws {
namespace {

using json = nlohmann::json;

aws::error bad_response(std::string what) { return aws::error{errc::aws_bad_response, "", std::move(what), 0, ""}; }

/// At most max bytes, not cutting a UTF-8 sequence.
std::string utf8_prefix(const std::string& s, std::size_t max) {
    if (s.size() <= max) return s;
    std::size_t n = max;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return s.substr(0, n);
}

/// Calls operation with body; its answer as a JSON object.
outcome<json> call_for_object(json_client& ssm, const char* operation, const json& body, const call_options& how) {
    auto answer = ssm.call(operation, body.dump(-1, ' ', false, json::error_handler_t::replace), how);
    if (!answer) return answer.error();
    auto doc = json::parse(answer->view(), nullptr, false);
    if (!doc.is_object()) return bad_response(std::string(operation) + " answered with something other than a JSON object");
    return doc;
}

/// The string under key, or empty.
std::string text(const json& object, const char* key) {
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

/// The whole number under key, or fallback.
int number(const json& object, const char* key, int fallback) {
    auto it = object.find(key);
    return it != object.end() && it->is_number_integer() ? it->get<int>() : fallback;
}

}  // namespace

outcome<std::string> send_command(json_client& ssm, const send_command_request& request, const call_options& how) {
    json body{{"DocumentName", request.document_name}, {"TimeoutSeconds", request.timeout_seconds}};
    if (!request.instance_ids.empty() || request.targets.empty()) body["InstanceIds"] = request.instance_ids;
    if (!request.targets.empty()) {
        body["Targets"] = json::array();
        for (const auto& t : request.targets) body["Targets"].push_back({{"Key", t.key}, {"Values", t.values}});
    }
    if (!request.max_concurrency.empty()) body["MaxConcurrency"] = request.max_concurrency;
    if (!request.max_errors.empty()) body["MaxErrors"] = request.max_errors;
    if (!request.parameters.empty()) body["Parameters"] = request.parameters;
    if (!request.comment.empty()) body["Comment"] = utf8_prefix(request.comment, 100);
    call_options once = how;
    once.idempotent = false;
    auto doc = call_for_object(ssm, "SendCommand", body, once);
    if (!doc) {
        aws::error e = doc.error();
        if (e.code == errc::aws_bad_response) e.maybe_performed = true;  // a success answer: it ran
        return e;
    }
    const auto command = doc->find("Command");
    std::string id;
    if (command != doc->end() && command->is_object()) id = text(*command, "CommandId");
    if (id.empty()) {
        aws::error e = bad_response("SendCommand answered success without Command.CommandId");
        e.maybe_performed = true;
        return e;
    }
    return id;
}

outcome<command_invocation> get_command_invocation(json_client& ssm, std::string_view command_id,
                                                   std::string_view instance_id, const call_options& how) {
    auto doc = call_for_object(ssm, "GetCommandInvocation",
                               {{"CommandId", std::string(command_id)}, {"InstanceId", std::string(instance_id)}}, how);
    if (!doc) return doc.error();
    command_invocation out;
    out.status = text(*doc, "Status");
    if (out.status.empty()) return bad_response("GetCommandInvocation answered without Status");
    out.status_details = text(*doc, "StatusDetails");
    out.standard_output = text(*doc, "StandardOutputContent");
    out.standard_error = text(*doc, "StandardErrorContent");
    out.response_code = number(*doc, "ResponseCode", -1);
    return out;
}

outcome<command_status> get_command(json_client& ssm, std::string_view command_id, const call_options& how) {
    auto doc = call_for_object(ssm, "ListCommands", {{"CommandId", std::string(command_id)}}, how);
    if (!doc) return doc.error();
    const auto commands = doc->find("Commands");
    if (commands == doc->end() || !commands->is_array()) return bad_response("ListCommands answered without Commands");
    if (commands->size() != 1 || !(*commands)[0].is_object())
        return bad_response("ListCommands answered with " + std::to_string(commands->size()) + " commands for one CommandId");
    const json& c = (*commands)[0];
    command_status out;
    out.command_id = text(c, "CommandId");
    if (out.command_id != command_id) return bad_response("ListCommands answered with another command than the one asked for");
    out.status = text(c, "Status");
    if (out.status.empty()) return bad_response("ListCommands answered without the command's Status");
    out.status_details = text(c, "StatusDetails");
    out.target_count = number(c, "TargetCount", 0);
    out.completed_count = number(c, "CompletedCount", 0);
    out.error_count = number(c, "ErrorCount", 0);
    out.delivery_timed_out_count = number(c, "DeliveryTimedOutCount", 0);
    return out;
}

outcome<invocation_page> list_command_invocations(json_client& ssm, std::string_view command_id, std::string_view next_token,
                                                  int max_results, const call_options& how) {
    json body{{"CommandId", std::string(command_id)}, {"MaxResults", std::clamp(max_results, 1, 50)}};
    if (!next_token.empty()) body["NextToken"] = std::string(next_token);
    auto doc = call_for_object(ssm, "ListCommandInvocations", body, how);
    if (!doc) return doc.error();
    const auto list = doc->find("CommandInvocations");
    if (list == doc->end() || !list->is_array())
        return bad_response("ListCommandInvocations answered without CommandInvocations");
    invocation_page out;
    for (const auto& item : *list) {
        if (!item.is_object()) return bad_response("ListCommandInvocations answered with an invocation that is not an object");
        invocation_status s{text(item, "InstanceId"), text(item, "Status"), text(item, "StatusDetails")};
        if (s.instance_id.empty() || s.status.empty())
            return bad_response("ListCommandInvocations answered with an invocation without InstanceId or Status");
        out.invocations.push_back(std::move(s));
    }
    out.next_token = text(*doc, "NextToken");
    return out;
}

}  // namespace alarmbridge::aws
