// What the remediation tests share: the seed procstat alarm (tests/data/remediate) changed as a
// test needs, the policy files, a clock the test moves, and AWS settings for a local endpoint.
#pragma once

#include <alarmbridge/aws/environment.hpp>
#include <alarmbridge/event.hpp>
#include <alarmbridge/remediate/remediator.hpp>
#include <alarmbridge/slack/webhook.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <string>

namespace alarmbridge::test {

inline std::string remediate_data(const std::string& name) {
    std::ifstream in(std::string(ALARMBRIDGE_TEST_DATA) + "/remediate/" + name, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

/// The seed event (the procstat alarm for httpd on i-03e6aec1a93443558), its alarm changed by edit.
inline std::string seed_event(const std::function<void(nlohmann::json& alarm)>& edit = {}) {
    auto event = nlohmann::json::parse(remediate_data("seed-procstat-httpd.json"));
    auto& message = event["Records"][0]["Sns"]["Message"];
    auto alarm = nlohmann::json::parse(message.get<std::string>());
    if (edit) edit(alarm);
    message = alarm.dump();
    return event.dump();
}

/// The seed event as the CloudWatch agent's aggregation by Auto Scaling group makes it
/// (aggregation_dimensions [["AutoScalingGroupName", "exe"]]): dimensions exe, pid_finder and
/// AutoScalingGroupName group, no InstanceId; then edit.
inline std::string group_event(const std::string& group, const std::function<void(nlohmann::json& alarm)>& edit = {}) {
    return seed_event([&](nlohmann::json& alarm) {
        auto& dimensions = alarm["Trigger"]["Dimensions"];
        nlohmann::json kept = nlohmann::json::array();
        for (const auto& d : dimensions)
            if (d["name"] == "exe" || d["name"] == "pid_finder") kept.push_back(d);
        kept.push_back({{"value", group}, {"name", "AutoScalingGroupName"}});
        dimensions = kept;
        if (edit) edit(alarm);
    });
}

/// Sets the value of the alarm's dimension name.
inline void set_dimension(nlohmann::json& alarm, const std::string& name, const std::string& value) {
    for (auto& d : alarm["Trigger"]["Dimensions"])
        if (d["name"] == name) d["value"] = value;
}

inline event parsed(const std::string& json) {
    auto e = parse_event(json);
    if (!e) throw std::runtime_error(e.error().describe());
    return std::move(*e);
}

/// A clock that moves only when the test (or a wait) moves it: no real sleeping, no timing.
class test_time : public slack::time_source {
public:
    http::clock::time_point steady{http::clock::time_point{} + std::chrono::hours(24)};
    std::chrono::system_clock::time_point wall{std::chrono::seconds(1764547200)};  // 2025-12-01
    int sleeps{0};

    http::clock::time_point now() override { return steady; }
    std::chrono::system_clock::time_point system_now() override { return wall; }
    void sleep_until(http::clock::time_point when) override {
        ++sleeps;
        if (when > steady) advance(std::chrono::duration_cast<std::chrono::milliseconds>(when - steady));
    }
    template <class Duration>
    void advance(Duration d) {
        steady += d;
        wall += std::chrono::duration_cast<std::chrono::system_clock::duration>(d);
    }
};

/// Client options for an endpoint on 127.0.0.1: the keys given (test keys by default), AWS_REGION
/// region, no waiting between retries.
inline aws::client_options local_aws(const std::string& endpoint, const std::string& region = "us-east-1",
                                     const std::string& key_id = "AKIAREMEDIATETEST000",
                                     const std::string& secret_key = "remediate-test-secret") {
    aws::client_options o;
    o.environment = aws::environment_of({{"AWS_ACCESS_KEY_ID", key_id},
                                         {"AWS_SECRET_ACCESS_KEY", secret_key},
                                         {"AWS_REGION", region},
                                         {"AWS_ENDPOINT_URL", endpoint}});
    o.sleep = [](std::chrono::milliseconds) {};
    o.random = [] { return 0.0; };
    return o;
}

/// Every text of a Slack message's blocks (section texts and fields, context texts), and its text.
inline std::vector<std::string> message_texts(const slack::message& m) {
    std::vector<std::string> out;
    if (m.text) out.push_back(*m.text);
    for (const auto& b : m.blocks) {
        if (const auto* s = std::get_if<slack::section>(&b)) {
            if (s->text) out.push_back(s->text->value);
            for (const auto& f : s->fields) out.push_back(f.value);
        } else if (const auto* c = std::get_if<slack::context>(&b)) {
            for (const auto& e : c->elements)
                if (const auto* t = std::get_if<slack::text>(&e)) out.push_back(t->value);
        }
    }
    return out;
}

}  // namespace alarmbridge::test
