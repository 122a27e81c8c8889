// alarmbridge/format/alarm_message.hpp - a CloudWatch alarm as the Slack message people want to read.
//
//   auto m = alarmbridge::format::alarm_message(alarm);                 // rich, English
//   alarmbridge::format::options ko;  ko.locale = "ko";
//   auto m2 = alarmbridge::format::alarm_message(alarm, ko);            // 상태 변경 전/후, 경보 이름, ...
//   std::string body = alarmbridge::slack::serialize(m);
//
// Safe by construction: every string that came from AWS is escaped; only the links, mentions and
// dates built here are live. The result always passes slack::validate (long texts are fitted).
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
    /// Legacy incoming-webhook overrides (app webhooks ignore them).
    std::optional<std::string> channel, username, icon_emoji, icon_url;
    /// Per-state emoji.
    std::string emoji_alarm = ":red_circle:";
    std::string emoji_ok = ":large_green_circle:";
    std::string emoji_insufficient = ":white_circle:";
};

/// The message for an alarm, fitted to Slack's limits. Unknown locale codes fall back to "en".
ALARMBRIDGE_API slack::message alarm_message(const cloudwatch::alarm& alarm, const options& opts = {});

/// The message for an SNS message that is not an alarm: its text, escaped, under its subject.
ALARMBRIDGE_API slack::message text_message(std::string_view text, const std::optional<std::string>& subject,
                                            const options& opts = {});

/// Every record of a parsed event as a message, in record order: an alarm, a text message, or
/// the record's own error.
ALARMBRIDGE_API std::vector<result<slack::message>> format_event(const event& e, const options& opts = {});

/// The one-line human summary of what the alarm watches, in plain text (not escaped):
/// "CPUUtilization (AWS/EC2) Average > 80 for 3 of 3 datapoints of 1 min".
ALARMBRIDGE_API std::string trigger_summary(const cloudwatch::alarm& alarm, const locale& words);

}  // namespace alarmbridge::format
