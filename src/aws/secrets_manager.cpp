#include <alarmbridge/aws/secrets_manager.hpp>

#include "aws/base64.hpp"
#include "aws/secret_json.hpp"

namespace alarmbridge::aws {

outcome<secret_value> get_secret_value(json_client& secrets_manager, std::string_view secret_id, std::string_view version_stage) {
    nlohmann::json body{{"SecretId", std::string(secret_id)}};
    if (!version_stage.empty()) body["VersionStage"] = std::string(version_stage);
    auto answer = secrets_manager.call("GetSecretValue", body.dump());
    if (!answer) return answer.error();
    detail::secret_json doc(*answer);
    if (!doc.is_object()) return detail::secret_json::bad_response("GetSecretValue answered with something that is not a JSON object");
    secret_value out;
    if (const std::string* text = doc.text_ref("SecretString")) {
        out.value = secret(*text);
    } else if (const std::string* blob = doc.text_ref("SecretBinary")) {
        auto bytes = detail::base64_decode(*blob);
        if (!bytes) return detail::secret_json::bad_response("GetSecretValue answered with a SecretBinary that is not base64");
        out.value = secret(*bytes);
        out.binary = true;
        detail::cleanse(*bytes);
    } else {
        return detail::secret_json::bad_response("GetSecretValue answered with neither SecretString nor SecretBinary");
    }
    out.arn = doc.text("ARN");
    out.name = doc.text("Name");
    out.version_id = doc.text("VersionId");
    return out;
}

}  // namespace alarmbridge::aws
