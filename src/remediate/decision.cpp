// The decision report's JSON object.
#include <alarmbridge/remediate/decision.hpp>

#include <alarmbridge/remediate/policy.hpp>

namespace alarmbridge::remediate {

nlohmann::ordered_json to_json(const decision& d) {
    nlohmann::ordered_json j;
    j["record"] = d.record;
    if (d.rule) j["rule"] = *d.rule;
    j["decision"] = std::string(to_string(d.kind));
    if (!d.reason.empty()) j["reason"] = d.reason;
    if (d.instance) j["instance"] = *d.instance;
    if (d.auto_scaling_group) {
        const auto& g = *d.auto_scaling_group;
        j["auto_scaling_group"] = g.name;
        j["targets"] = nlohmann::ordered_json::array(
            {{{"Key", "tag:" + std::string(auto_scaling_group_tag)}, {"Values", nlohmann::ordered_json::array({g.name})}}});
        j["max_concurrency"] = g.max_concurrency;
        j["max_errors"] = g.max_errors;
    }
    if (d.document) j["document"] = *d.document;
    if (!d.parameters.empty()) j["parameters"] = d.parameters;
    if (d.command_id) j["command_id"] = *d.command_id;
    if (d.status) j["status"] = *d.status;
    if (d.counts) {
        j["target_count"] = d.counts->target;
        j["completed_count"] = d.counts->completed;
        j["error_count"] = d.counts->error;
    }
    if (!d.instances.empty()) {
        auto& list = j["instances"] = nlohmann::ordered_json::array();
        for (const auto& i : d.instances) {
            nlohmann::ordered_json one;
            one["instance"] = i.instance;
            one["status"] = i.status;
            if (!i.status_details.empty() && i.status_details != i.status) one["status_details"] = i.status_details;
            if (i.exit_code >= 0) one["exit_code"] = i.exit_code;
            list.push_back(std::move(one));
        }
    }
    if (d.instances_left_out > 0) j["instances_left_out"] = d.instances_left_out;
    return j;
}

}  // namespace alarmbridge::remediate
