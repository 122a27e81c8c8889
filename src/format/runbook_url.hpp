// The runbook link of an alarm: from configuration only (format::options::runbook_url and
// runbook_hosts), never from free text by default. See docs/formatting.md, "Runbook links".
#pragma once

#include <alarmbridge/format/alarm_message.hpp>

#include <string>
#include <string_view>

namespace alarmbridge::detail {

/// What of an alarm a runbook link may use.
struct runbook_inputs {
    std::string_view name;
    std::string_view description;  ///< empty when the alarm has none
    std::string_view region;       ///< empty when unknown
    std::string_view account_id;
};

/// Appends the alarm's runbook URL and returns true, or appends nothing and returns false:
/// the first https URL in the description whose host options::runbook_hosts allows, else
/// options::runbook_url with its placeholders filled in (percent-encoded). Either way the URL is
/// one libcurl parses as an absolute http(s) URL without user info, written as libcurl writes it
/// back, and no longer than Slack's limit for a button URL.
bool append_runbook_url(std::string& out, const runbook_inputs& alarm, const format::options& o);

}  // namespace alarmbridge::detail
