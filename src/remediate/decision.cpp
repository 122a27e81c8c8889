// The decision report's JSON object.
#include <alarmbridge/remediate/decision.hpp>

namespace alarmbridge::remediate {

nlohmann::ordered_json to_json(const decision& d) {
    nlohmann::ordered_json j;
    j["record"] = d.record;
    if (d.rule) j["rule"] = *d.rule;
    j["decision"] = std::string(to_string(d.kind));
    if (!d.reason.empty()) j["reason"] = d.reason;
    if (d.instance) j["instance"] = *d.instance;
    if (d.document) j["document"] = *d.document;
    if (!d.parameters.empty()) j["parameters"] = d.parameters;
    if (d.command_id) j["command_id"] = *d.command_id;
    if (d.status) j["status"] = *d.status;
    return j;
}

}  // namespace alarmbridge::remediate
