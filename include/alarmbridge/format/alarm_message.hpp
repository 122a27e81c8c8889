// alarmbridge/format/alarm_message.hpp - a CloudWatch alarm as the Slack message people want to read.
//
//   auto m = alarmbridge::format::alarm_message(alarm);                 // rich, English
//   alarmbridge::format::options ko;  ko.locale = "ko";
//   auto m2 = alarmbridge::format::alarm_message(alarm, ko);            // 상태 변경 전/후, 경보 이름, ...
//   std::string body = alarmbridge::slack::serialize(m);
//   std::string same = alarmbridge::format::alarm_payload(alarm);      // the same bytes, faster
//
// Safe by construction: every string that came from AWS is escaped; only the links, mentions and
// dates built here are live, and the only URLs are the console's and the configured runbook's.
// The result always passes slack::validate, whatever the alarm holds: long texts are fitted
// (never inside a link or an entity), and a button whose URL would pass Slack's 3000-character
// limit is left out (View alarm then opens the region's alarm list; see docs/formatting.md).
#pragma once

#include <alarmbridge/cloudwatch/alarm.hpp>
#include <alarmbridge/event.hpp>
#include <alarmbridge/export.hpp>
#include <alarmbridge/slack/message.hpp>
#include <alarmbridge/slack/mrkdwn.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace alarmbridge::format {

enum class style {
    rich,       ///< header, colored bar, summary, fields, reason, buttons
    compact,    ///< one section in a colored bar
    blueprint,  ///< AWS blueprint's sentence "NAME state is now STATE: REASON", escaped, as text only
};

/// "rich", "compact", "blueprint": the names configuration uses (--style, ALARMBRIDGE_STYLE).
constexpr std::string_view to_string(style s) noexcept {
    switch (s) {
        case style::rich: return "rich";
        case style::compact: return "compact";
        case style::blueprint: return "blueprint";
    }
    return "rich";
}
/// The style of that name; nullopt for any other text.
constexpr std::optional<style> style_from(std::string_view name) noexcept {
    if (name == "rich") return style::rich;
    if (name == "compact") return style::compact;
    if (name == "blueprint") return style::blueprint;
    return std::nullopt;
}

/// The words of one language. Adding a locale is adding one of these (see locale_table()).
struct locale {
    std::string_view code;
    std::string_view state_change, alarm_name, time, account, region, dimensions, reason;
    std::string_view view_alarm, view_metric, runbook;
    std::string_view rule, triggered_by;
    std::string_view state_alarm, state_ok, state_insufficient;
    /// "{metric} {stat} {op} {threshold} {datapoints}": how datapoints read, with {m}, {n}, {period}.
    std::string_view datapoints;
    std::string_view outside_band, above_band, below_band;
    std::string_view seconds, minutes, hours, days;  ///< unit words: "s", "min", "hour", "day"
    std::string_view recent_datapoints;
    std::string_view notification;  ///< heading of a plain-text SNS message
};

/// The built-in locales: "en" and "ko".
ALARMBRIDGE_API const locale* find_locale(std::string_view code);

struct options {
    std::string locale = "en";
    format::style style = style::rich;
    /// Mentioned on ALARM only, never on OK or INSUFFICIENT_DATA; IDs from configuration, never
    /// from alarm data (an ID that is not well formed is ignored).
    std::vector<std::string> mention_users;   ///< U… / W…
    std::vector<std::string> mention_groups;  ///< S…
    std::optional<slack::mrkdwn::broadcast> mention_broadcast;
    /// Legacy incoming-webhook overrides (app webhooks ignore them). An icon_url longer than
    /// Slack's 3000 characters is left out.
    std::optional<std::string> channel, username, icon_emoji, icon_url;
    /// Runbook button (rich style), from configuration only; no button when neither is set.
    /// runbook_url: a URL template, "https://wiki.example.com/runbooks/{alarm_name}", with
    /// {alarm_name}, {region} and {account_id} filled in percent-encoded.
    std::optional<std::string> runbook_url;
    /// Hosts a link in the alarm description may point to for it to become the runbook button:
    /// "wiki.example.com" (exactly that host) or "*.example.com" (any host below it). The first
    /// https URL of the description on an allowed host wins over runbook_url. Empty (the default):
    /// the description's links are never made a button.
    std::vector<std::string> runbook_hosts;
    /// Per-state emoji.
    std::string emoji_alarm = ":red_circle:";
    std::string emoji_ok = ":large_green_circle:";
    std::string emoji_insufficient = ":white_circle:";
};

/// The message for an alarm, fitted to Slack's limits. Unknown locale codes fall back to "en".
/// A model to change before sending; to send as it is, alarm_payload() is the fast way (the same
/// layout, written without a new model).
ALARMBRIDGE_API slack::message alarm_message(const cloudwatch::alarm& alarm, const options& opts = {});

/// The same message as the JSON payload a webhook takes: the bytes slack::serialize(alarm_message())
/// gives. The same layout builds it into a message this thread reuses between calls, so a warm
/// formatter allocates nothing but the result.
ALARMBRIDGE_API std::string alarm_payload(const cloudwatch::alarm& alarm, const options& opts = {});
/// alarm_payload(), appended to out (a buffer reused across alarms allocates nothing once warm).
ALARMBRIDGE_API void append_alarm_payload(std::string& out, const cloudwatch::alarm& alarm, const options& opts = {});

/// The message for an SNS message that is not an alarm: its text, escaped, under its subject.
ALARMBRIDGE_API slack::message text_message(std::string_view text, const std::optional<std::string>& subject,
                                            const options& opts = {});
/// text_message() as its JSON payload.
ALARMBRIDGE_API std::string text_payload(std::string_view text, const std::optional<std::string>& subject,
                                         const options& opts = {});

/// Every record of a parsed event as a message, in record order: an alarm, a text message, or
/// the record's own error.
ALARMBRIDGE_API std::vector<result<slack::message>> format_event(const event& e, const options& opts = {});

/// Every record of a parsed event as its JSON payload, in record order, or the record's own error.
ALARMBRIDGE_API std::vector<result<std::string>> payloads(const event& e, const options& opts = {});

/// The whole CPU part of the job in one call: an event's bytes in (any shape parse_event takes),
/// one Slack payload per record out. Fails as a whole only where parse_event does, and gives
/// exactly what payloads(parse_event(bytes)) would; a Lambda SNS event of alarms, the common
/// case, is formatted from views of the parsed bytes without building the owned model.
///
///   auto bodies = alarmbridge::format::payloads(lambda_event_json);
///   for (auto& body : *bodies) if (body) client.post_json(*body);
ALARMBRIDGE_API result<std::vector<result<std::string>>> payloads(std::string_view event_json, const options& opts = {},
                                                                  const parse_options& parsing = {});

/// The one-line human summary of what the alarm watches, in plain text (not escaped):
/// "CPUUtilization (AWS/EC2) Average > 80 for 3 of 3 datapoints of 1 min".
ALARMBRIDGE_API std::string trigger_summary(const cloudwatch::alarm& alarm, const locale& words);

}  // namespace alarmbridge::format
