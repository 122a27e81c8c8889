// Properties of the formatter on random and extreme alarms (seeded, bounded): names of 255 random
// code points, 1 100 spaces, huge dimension lists, every text field empty or 10 000 characters,
// hostile markup everywhere. Through every style and locale, on the fast path (payloads(bytes),
// views) and the owned model alike: every payload passes slack::validate with no error, and the
// only live things in it are the ones the formatter makes (dates, configured mentions, the
// console's and the configured runbook's URLs).
#include <alarmbridge/format/alarm_message.hpp>

#include <gtest/gtest.h>

#include "seeded_choices.hpp"
#include "slack_live_markup.hpp"
#include "test_support.hpp"

#include <regex>

namespace ab = alarmbridge;
namespace fmt = alarmbridge::format;
namespace slack = alarmbridge::slack;
using nlohmann::json;

namespace {

class extremes : public ab::test::seeded_choices {
public:
    using seeded_choices::seeded_choices;

    /// n random code points (no NUL, no surrogates), as UTF-8.
    std::string code_points(std::size_t n) {
        std::string out;
        for (std::size_t i = 0; i < n; ++i) {
            std::uint32_t cp = 0;
            switch (below(4)) {
                case 0: cp = 1 + static_cast<std::uint32_t>(below(0x7F)); break;
                case 1: cp = 0x80 + static_cast<std::uint32_t>(below(0x800 - 0x80)); break;
                case 2: cp = 0x800 + static_cast<std::uint32_t>(below(0x10000 - 0x800)); break;
                default: cp = 0x10000 + static_cast<std::uint32_t>(below(0x110000 - 0x10000)); break;
            }
            if (cp >= 0xD800 && cp <= 0xDFFF) cp = '&';
            if (cp < 0x80) {
                out += static_cast<char>(cp);
            } else if (cp < 0x800) {
                out += static_cast<char>(0xC0 | (cp >> 6));
                out += static_cast<char>(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                out += static_cast<char>(0xE0 | (cp >> 12));
                out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                out += static_cast<char>(0x80 | (cp & 0x3F));
            } else {
                out += static_cast<char>(0xF0 | (cp >> 18));
                out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
                out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                out += static_cast<char>(0x80 | (cp & 0x3F));
            }
        }
        return out;
    }

    /// Markup that tries to ping or link, and links a runbook allowlist must tell apart.
    std::string hostile() {
        static const std::vector<std::string> pieces = {
            "<!channel>", "<!here>", "<@U024BE7LH>", "<!subteam^SAZ94GDB8>", "<https://evil.example|AWS console>",
            "&lt;!here&gt;", "&amp;", "&", "<", ">", "*b*", " ", "\n", "\xEA\xB2\xBD",
            " https://evil.example/login?next=aws ", " https://wiki.example.com/runbooks/ok ",
            " https://wiki.example.com@evil.example/x ", " http://wiki.example.com/plain ", "|"};
        std::string out;
        for (std::size_t n = 1 + below(6); n > 0; --n) out += pieces[below(pieces.size())];
        return out;
    }

    /// A text field: empty, 10 000 characters, 255 code points, hostile, or left as it was.
    void text_field(json& field) {
        switch (below(6)) {
            case 0: field = ""; break;
            case 1: field = std::string(10000, "x <&"[below(4)]) + hostile(); break;
            case 2: field = code_points(255); break;
            case 3: field = hostile(); break;
            case 4: {
                std::string s = hostile();
                while (s.size() < 10000) s += hostile();
                field = s;
                break;
            }
            default: break;
        }
    }

    void dimensions(json& trigger) {
        json dims = json::array();
        const std::size_t n = one_in(2) ? 1 + below(5) : 100 + below(400);
        for (std::size_t i = 0; i < n; ++i)
            dims.push_back({{"name", one_in(3) ? code_points(255) : hostile()}, {"value", one_in(2) ? code_points(255) : hostile()}});
        trigger["Dimensions"] = std::move(dims);
    }

    /// The corpus alarm with its text fields made extreme.
    json alarm(json a) {
        switch (below(4)) {
            case 0: a["AlarmName"] = code_points(255); break;
            case 1: a["AlarmName"] = std::string(1100, ' '); break;  // the issue's: a 3 389-character console URL
            case 2: text_field(a["AlarmName"]); break;
            default: break;
        }
        for (const char* key : {"AlarmDescription", "NewStateReason", "AWSAccountId", "Region", "AlarmRule"})
            if (a.contains(key) || one_in(2)) text_field(a[key]);
        if (a.contains("Trigger")) {
            json& t = a["Trigger"];
            for (const char* key : {"MetricName", "Namespace", "Unit"})
                if (one_in(2)) text_field(t[key]);
            if (one_in(2)) dimensions(t);
        }
        if (a.contains("TriggeringChildren")) {
            for (auto& child : a["TriggeringChildren"])
                if (one_in(2)) child["arn"] = "arn:aws:cloudwatch:us-east-1:1:alarm:" + code_points(255) + hostile();
            if (one_in(3))
                for (int i = 0; i < 300; ++i) a["TriggeringChildren"].push_back(a["TriggeringChildren"][0]);
        }
        return a;
    }
};

bool allowed_url(const std::string& url) {
    static const std::regex console(R"(^https://([a-z0-9-]+\.console\.aws\.amazon\.com|console\.amazonaws-us-gov\.com|console\.amazonaws\.cn)/cloudwatch/home\?region=[a-z0-9-]+#.*)");
    return slack::count_characters(url) <= slack::limits::url &&
           (std::regex_match(url, console) || url.rfind("https://runbooks.example.com/r/", 0) == 0 ||
            url.rfind("https://wiki.example.com/", 0) == 0);
}

/// What the formatter may make live: dates written from the alarm's time, the configured
/// mentions, and links to allowed URLs.
std::vector<std::string> not_allowed(const json& payload) {
    static const std::regex date(R"(^<!date\^-?[0-9]+\^\{date_short_pretty\} \{time\}\|[0-9: -]+ UTC>$)");
    static const std::regex link(R"(^<([^|>]*)\|[^<>]*>$)");
    std::vector<std::string> out;
    const auto live = ab::test::live_in(payload);
    for (const auto& url : live.urls)
        if (!allowed_url(url)) out.push_back("url " + url);
    for (const auto& token : live.tokens) {
        std::smatch m;
        if (token == "<@U024BE7LH>" || token == "<!subteam^SAZ94GDB8>" || token == "<!here>" || std::regex_match(token, date))
            continue;
        if (std::regex_match(token, m, link) && allowed_url(slack::mrkdwn::unescape(m[1].str()))) continue;
        out.push_back("token " + token);
    }
    return out;
}

}  // namespace

TEST(FormatLimitsProperty, ExtremeAlarmsGiveValidPayloadsWithNothingInjected) {
    struct templ {
        json event;
        json alarm;
    };
    std::vector<templ> templates;
    for (const char* file : {"alarmbridge-sns-metric-3kb.json", "alarmbridge-sns-composite.json",
                             "alarmbridge-sns-anomaly-detection.json", "go-cloudwatch-alarm-sns-payload-multiple-metrics.json"}) {
        auto event = json::parse(ab::test::read_data(std::string("events/") + file));
        auto alarm = json::parse(event["Records"][0]["Sns"]["Message"].get<std::string>());
        templates.push_back({std::move(event), std::move(alarm)});
    }
    extremes x(2026);
    std::size_t payloads = 0;
    for (int round = 0; round < 200; ++round) {
        const auto& t = templates[static_cast<std::size_t>(round) % templates.size()];
        json event = t.event;
        event["Records"][0]["Sns"]["Message"] = x.alarm(t.alarm).dump();
        const std::string bytes = event.dump();
        const auto parsed = ab::parse_event(bytes);
        ASSERT_TRUE(parsed) << parsed.error().describe();
        for (const char* locale : {"en", "ko"}) {
            for (const auto style : {fmt::style::rich, fmt::style::compact, fmt::style::blueprint}) {
                fmt::options o;
                o.locale = locale;
                o.style = style;
                o.mention_users = {"U024BE7LH"};
                o.mention_groups = {"SAZ94GDB8"};
                o.mention_broadcast = slack::mrkdwn::broadcast::here;
                if (x.one_in(2)) o.runbook_url = "https://runbooks.example.com/r/{alarm_name}?region={region}&account={account_id}";
                if (x.one_in(2)) o.runbook_hosts = {"wiki.example.com"};
                if (x.one_in(4)) o.icon_url = "https://icons.example.com/" + std::string(3000, 'i');
                SCOPED_TRACE("round " + std::to_string(round) + " " + locale + " style " + std::to_string(static_cast<int>(style)));
                const auto fast = fmt::payloads(bytes, o);
                ASSERT_TRUE(fast) << fast.error().describe();
                const auto owned = fmt::payloads(*parsed, o);
                ASSERT_EQ(fast->size(), owned.size());
                for (std::size_t i = 0; i < owned.size(); ++i) {
                    ASSERT_EQ(static_cast<bool>((*fast)[i]), static_cast<bool>(owned[i]));
                    if (!owned[i]) continue;
                    EXPECT_EQ(*(*fast)[i], *owned[i]) << "the fast path and the model disagree";
                    const json payload = json::parse(*owned[i]);
                    for (const auto& v : slack::validate(payload)) ASSERT_NE(v.level, slack::severity::error) << v.describe();
                    for (const auto& bad : not_allowed(payload)) ADD_FAILURE() << "live and not made by the formatter: " << bad;
                    EXPECT_FALSE(payload.contains("icon_url") && payload["icon_url"].get<std::string>().size() > slack::limits::url);
                    ++payloads;
                }
                if (::testing::Test::HasFailure()) return;
            }
        }
    }
    EXPECT_GE(payloads, 900u);  // most records are alarms the parser takes
}

// The issue's reproduction: a name of 1 100 spaces made the console URL 3 389 characters and
// Slack refused the whole message. The alarm is delivered: the View alarm button (and compact's
// link) opens the region's alarm list instead; the metric graph does not hold the name.
TEST(FormatLimitsProperty, AnOverLongConsoleUrlDoesNotLoseTheAlarm) {
    auto e = ab::parse_event(ab::test::read_data("events/alarmbridge-sns-metric-3kb.json"));
    ASSERT_TRUE(e);
    auto a = std::get<ab::cloudwatch::alarm>(e->records[0]->body);
    a.name = std::string(1100, ' ');
    ASSERT_GT(ab::cloudwatch::console_url(a)->size(), slack::limits::url);
    for (const auto style : {fmt::style::rich, fmt::style::compact}) {
        fmt::options o;
        o.style = style;
        const json payload = json::parse(fmt::alarm_payload(a, o));
        for (const auto& v : slack::validate(payload)) EXPECT_NE(v.level, slack::severity::error) << v.describe();
        const auto live = ab::test::live_in(payload);
        const std::string list = "https://ap-northeast-2.console.aws.amazon.com/cloudwatch/home?region=ap-northeast-2#alarmsV2:";
        if (style == fmt::style::rich) {
            const std::string metric = list.substr(0, list.find('#')) +
                                       "#metricsV2:graph=~(metrics~(~('AWS*2fEC2~'CPUUtilization~'AutoScalingGroupName~'web-prod))~region~'ap-northeast-2~stat~'Average~period~60)";
            EXPECT_EQ(live.urls, (std::set<std::string>{list, metric}));
        } else {
            EXPECT_TRUE(live.tokens.count("<" + list + "|View alarm>")) << payload.dump();
        }
    }
}
