#include <alarmbridge/aws/ssm.hpp>

#include "aws/secret_json.hpp"

namespace alarmbridge::aws {

outcome<parameter_value> get_parameter(json_client& ssm, std::string_view name, bool with_decryption) {
    const nlohmann::json body{{"Name", std::string(name)}, {"WithDecryption", with_decryption}};
    auto answer = ssm.call("GetParameter", body.dump());
    if (!answer) return answer.error();
    detail::secret_json doc(*answer);
    const auto& d = doc.doc();
    const auto p = d.is_object() ? d.find("Parameter") : d.end();
    if (p == d.end() || !p->is_object() || !p->contains("Value") || !(*p)["Value"].is_string())
        return detail::secret_json::bad_response("GetParameter answered without Parameter.Value");
    auto text = [&](const char* k) {
        auto it = p->find(k);
        return it != p->end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    parameter_value out;
    out.value = secret((*p)["Value"].get_ref<const std::string&>());
    out.type = text("Type");
    out.arn = text("ARN");
    out.name = text("Name");
    if (auto v = p->find("Version"); v != p->end() && v->is_number_integer()) out.version = v->get<std::int64_t>();
    return out;
}

}  // namespace alarmbridge::aws
