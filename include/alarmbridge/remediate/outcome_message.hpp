// alarmbridge/remediate/outcome_message.hpp - the Slack message that says what remediation did.
//
//   auto m = remediate::outcome_message(d);   // "Restarted httpd on i-0…: Success", or why not
//   m.thread_ts = alarm_delivery.ts;          // under the alarm's message (chat.postMessage)
//   webhook.post(m, deadline);
#pragma once

#include <alarmbridge/export.hpp>
#include <alarmbridge/remediate/decision.hpp>
#include <alarmbridge/slack/message.hpp>

namespace alarmbridge::remediate {

/// What was done and how it ended (with the first lines of the command's stderr, escaped and
/// truncated), what would have run (dry run), or why nothing was done. Every value from outside
/// (alarm, policy, SSM: names, ids, statuses, reasons quoting a value, stderr) is in a code span
/// or block, escaped for mrkdwn, without backticks or line breaks, and cut to a bounded length;
/// unfurl_links and unfurl_media are false: no link, mention, emoji or formatting comes from it.
ALARMBRIDGE_API slack::message outcome_message(const decision& d);

}  // namespace alarmbridge::remediate
