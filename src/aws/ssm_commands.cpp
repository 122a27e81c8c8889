// SSM Run Command: SendCommand and GetCommandInvocation over the JSON 1.1 client.
#include <alarmbridge/aws/ssm_commands.hpp>

#include <nlohmann/json.hpp>

namespace alarmbridge::aws {
namespace {

aws::error bad_response(const char* what) { return aws::error{errc::aws_bad_response, "", what, 0, ""}; }

/// At most max bytes, not cutting a UTF-8 sequence.
std::string utf8_prefix(const std::string& s, std::size_t max) {
    if (s.size() <= max) return s;
    std::size_t n = max;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return s.substr(0, n);
}

}  // namespace

outcome<std::string> send_command(json_client& ssm, const send_command_request& request) {
    nlohmann::json body{{"DocumentName", request.document_name},
                        {"InstanceIds", request.instance_ids},
                        {"TimeoutSeconds", request.timeout_seconds}};
    if (!request.parameters.empty()) body["Parameters"] = request.parameters;
    if (!request.comment.empty()) body["Comment"] = utf8_prefix(request.comment, 100);
    auto answer = ssm.call("SendCommand", body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    if (!answer) return answer.error();
    const auto doc = nlohmann::json::parse(answer->view(), nullptr, false);
    if (!doc.is_object()) return bad_response("SendCommand answered with something other than a JSON object");
    const auto command = doc.find("Command");
    if (command == doc.end() || !command->is_object()) return bad_response("SendCommand answered without Command");
    const auto id = command->find("CommandId");
    if (id == command->end() || !id->is_string() || id->get_ref<const std::string&>().empty())
        return bad_response("SendCommand answered without Command.CommandId");
    return id->get<std::string>();
}

outcome<command_invocation> get_command_invocation(json_client& ssm, std::string_view command_id,
                                                   std::string_view instance_id) {
    const nlohmann::json body{{"CommandId", std::string(command_id)}, {"InstanceId", std::string(instance_id)}};
    auto answer = ssm.call("GetCommandInvocation", body.dump());
    if (!answer) return answer.error();
    const auto doc = nlohmann::json::parse(answer->view(), nullptr, false);
    if (!doc.is_object()) return bad_response("GetCommandInvocation answered with something other than a JSON object");
    auto text = [&](const char* key) {
        auto it = doc.find(key);
        return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    command_invocation out;
    out.status = text("Status");
    if (out.status.empty()) return bad_response("GetCommandInvocation answered without Status");
    out.status_details = text("StatusDetails");
    out.standard_output = text("StandardOutputContent");
    out.standard_error = text("StandardErrorContent");
    if (auto rc = doc.find("ResponseCode"); rc != doc.end() && rc->is_number_integer()) out.response_code = rc->get<int>();
    return out;
}

}  // namespace alarmbridge::aws
