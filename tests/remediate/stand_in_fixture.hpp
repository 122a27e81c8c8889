// A remediation test against the scripted SSM stand-in (tests/support/ssm_stand_in_server.py) on
// 127.0.0.1: one server per test, a scenario per remediator, and what the server received.
#pragma once

#include "remediate_test_support.hpp"
#include "server_process.hpp"

#include <alarmbridge/http/transport.hpp>
#include <alarmbridge/remediate/remediator.hpp>

#include <gtest/gtest.h>

#include <string>

namespace alarmbridge::test {

class stand_in_fixture : public ::testing::Test {
protected:
    server_process server{ALARMBRIDGE_SSM_STAND_IN, {}};
    std::shared_ptr<test_time> time = std::make_shared<test_time>();
    std::string key;  // "<scenario>.<tag>"

    /// A remediator whose SSM is the stand-in's scenario, on the test clock and in-process memory
    /// (store, when given: several remediators of a test may share one).
    remediate::remediator make(const std::string& policy_json, const std::string& scenario, bool dry_run = false,
                               std::shared_ptr<remediate::state_store> store = nullptr) {
        auto p = remediate::parse_policy(policy_json);
        if (!p) throw std::runtime_error(p.error().describe());
        key = scenario + "." + ::testing::UnitTest::GetInstance()->current_test_info()->name();
        remediate::remediator_options o;
        o.aws = local_aws(server.base_url() + "/" + key);
        o.time = time;
        o.force_dry_run = dry_run;
        o.store = std::move(store);
        return remediate::remediator(std::move(*p), o);
    }

    std::vector<remediate::decision> run(remediate::remediator& r, const std::string& event_json) {
        return r.run(parsed(event_json), time->now() + std::chrono::seconds(60));
    }

    /// What the stand-in received for this test's key: [{"target", "region", "body"}].
    nlohmann::json received() {
        http::curl_transport t;
        auto answer = t.send({"GET", server.base_url() + "/_requests/" + key, {}, "", std::chrono::milliseconds(10000)});
        if (!answer || answer->status != 200) throw std::runtime_error("cannot read the stand-in's requests");
        return nlohmann::json::parse(answer->body);
    }

    int count(const std::string& operation) {
        int n = 0;
        for (const auto& r : received()) n += r["target"] == "AmazonSSM." + operation ? 1 : 0;
        return n;
    }
};

}  // namespace alarmbridge::test
