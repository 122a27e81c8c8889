// alarmbridge/lambda/alarm_handler.hpp - what a Lambda function subscribed to the alarm topic
// does with each invocation, shared by every entry point (the Python package's
// alarmbridge.lambda_handler and the native bootstrap):
//
//   auto settings = lambda::settings_from_environment();     // ALARMBRIDGE_*, the webhook URL's sources
//   if (!settings) fail_init(settings.error().describe());
//   lambda::alarm_handler handler(std::move(*settings));
//   if (auto e = handler.init()) fail_init(e->describe());   // cold start: the URL resolved (KMS, ...)
//   auto s = handler.handle(event_bytes, deadline);           // every record, before the deadline
//   for (std::size_t i = 0; i < s.records.size(); ++i) log(s.log_line(i));
//   if (!s.ok()) fail(s.failure_message()); else respond(s.to_json());
//
// Every record is parsed, formatted and delivered, in order; a record that fails fails alone;
// with a remediation policy, each record is then run through it and Slack told the outcome. A
// record whose SNS MessageId this handler has already delivered (Lambda retrying the event after
// another record failed, SNS delivering twice) is not sent again: the memory of delivered
// messages is bounded (settings.remembered_messages, oldest forgotten first). When Slack answers
// that the hook is gone (no_service, invalid_token) the URL is resolved once more, since that is
// how a rotated secret shows, and the message is posted again to the new one.
//
// Nothing printed here (summary, log lines, failure message) holds the webhook URL, the event's
// body or any AWS secret. Not thread-safe: one handler per thread (Lambda runs one invocation
// at a time per process).
#pragma once

#include <alarmbridge/aws/environment.hpp>
#include <alarmbridge/aws/error.hpp>
#include <alarmbridge/aws/webhook_url.hpp>
#include <alarmbridge/export.hpp>
#include <alarmbridge/format/alarm_message.hpp>
#include <alarmbridge/http/transport.hpp>
#include <alarmbridge/parse_options.hpp>
#include <alarmbridge/remediate/decision.hpp>
#include <alarmbridge/remediate/policy.hpp>
#include <alarmbridge/result.hpp>
#include <alarmbridge/slack/webhook.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace alarmbridge::lambda {

struct alarm_handler_settings {
    /// ALARMBRIDGE_LOCALE (en, ko), ALARMBRIDGE_STYLE (rich, compact, blueprint),
    /// ALARMBRIDGE_MENTION_USERS and ALARMBRIDGE_MENTION_GROUPS (comma-separated IDs),
    /// ALARMBRIDGE_MENTION_BROADCAST (here, channel, everyone), ALARMBRIDGE_RUNBOOK_URL,
    /// ALARMBRIDGE_RUNBOOK_HOSTS (comma-separated). The channel override is the blueprint's
    /// slackChannel, which the webhook URL's resolution reads.
    format::options format;
    /// Where the URL is read from: SLACK_WEBHOOK_URL, kmsEncryptedHookUrl,
    /// ALARMBRIDGE_WEBHOOK_SECRET_ID, ALARMBRIDGE_WEBHOOK_PARAMETER (alarmbridge/aws/webhook_url.hpp).
    slack::webhook_url_options webhook;
    /// Retries and TLS of the posts: ALARMBRIDGE_MAX_ATTEMPTS (1 to 20), ALARMBRIDGE_CA_FILE.
    slack::client_options delivery;
    parse_options parsing;
    /// How many delivered messages (by SNS MessageId) are remembered, so that a retried event
    /// sends nothing twice: ALARMBRIDGE_REMEMBERED_MESSAGES (1 to 1000000).
    std::size_t remembered_messages{10000};
    /// Kept back from the invocation's deadline for answering the runtime.
    std::chrono::milliseconds reserve{500};
    /// ALARMBRIDGE_REMEDIATION_POLICY: when set, every record is also run through this policy
    /// after the alarms were posted, and Slack is told each outcome (docs/remediation.md).
    std::optional<remediate::policy> remediation;
};

/// The settings above from env: every variable that is set and not empty is checked, and a
/// value that cannot be used is an error (errc::bad_value) naming the variable, not a default
/// taken silently. Variables not set keep the defaults of alarm_handler_settings.
ALARMBRIDGE_API result<alarm_handler_settings> settings_from_environment(
    const aws::environment& env = aws::process_environment());

/// What happened to one record.
struct record_outcome {
    enum class status { delivered, failed, duplicate };
    std::size_t record{0};
    status what{status::failed};
    std::string message_id;  ///< the SNS MessageId; "" when the record has none
    std::string alarm_name;  ///< "" for a text message or a record that did not parse
    std::string state;       ///< "ALARM", "OK", "INSUFFICIENT_DATA"; "" when not an alarm
    int attempts{0};         ///< HTTP requests made for it
    int http_status{0};      ///< the last answer's status; 0 when none
    std::string slack_error; ///< Slack's reason when it refused
    std::int64_t elapsed_ms{0};
    std::optional<error> failure;  ///< set exactly when what == failed
    /// With a remediation policy: what it decided for this record, and whether the message that
    /// tells Slack was delivered (nullopt when there was nothing to tell).
    std::optional<remediate::decision> remediation;
    std::optional<bool> remediation_told;
};

constexpr std::string_view to_string(record_outcome::status s) noexcept {
    switch (s) {
        case record_outcome::status::delivered: return "delivered";
        case record_outcome::status::failed: return "failed";
        case record_outcome::status::duplicate: return "duplicate";
    }
    return "failed";
}

/// One invocation's outcome.
struct ALARMBRIDGE_API summary {
    std::size_t delivered{0}, failed{0}, duplicates{0};
    /// Records whose remediation failed (SendCommand refused, the command did not end in
    /// Success, its outcome could not be posted): reported here, in the log and (when it can
    /// be) in Slack, but not a failed invocation: a retry would not act again, since the
    /// guardrails take one action per state change.
    std::size_t remediation_failed{0};
    std::vector<record_outcome> records;
    /// Set when the event as a whole could not be read (not JSON, no event shape we know, over
    /// the limits), or when the webhook URL could not be resolved: no record was sent; counted
    /// in `failed`.
    std::optional<error> event_failure;

    bool ok() const noexcept { return failed == 0; }
    /// {"delivered":n,"failed":m,"duplicates":k,"records":[...]} (and "error" with
    /// event_failure); each record as log_line() writes it.
    std::string to_json() const;
    /// Record i as one JSON line: record, status, message_id, alarm_name, state, attempts,
    /// http_status, slack_error, elapsed_ms, error {code, message}, remediation (the decision
    /// report of remediate::to_json, with "told": whether Slack heard of it); empty values left out.
    std::string log_line(std::size_t i) const;
    /// What an invocation that failed reports: "1 of 3 records failed: record 1: slack_rejected:
    /// channel_is_archived", or the event's own failure. "" when ok().
    std::string failure_message() const;
};

class ALARMBRIDGE_API alarm_handler {
public:
    /// transport: shared by the posts to Slack and the AWS calls that resolve the URL; null
    /// makes one of the handler's own from settings.delivery.http.
    explicit alarm_handler(alarm_handler_settings settings, std::shared_ptr<http::transport> transport = nullptr);
    ~alarm_handler();
    alarm_handler(alarm_handler&&) noexcept;
    alarm_handler& operator=(alarm_handler&&) noexcept;
    alarm_handler(const alarm_handler&) = delete;
    alarm_handler& operator=(const alarm_handler&) = delete;

    /// Cold start: resolves the webhook URL. nullopt when ready; otherwise the error an init
    /// failure reports (no source set, KMS refusing, ...). A failure is not cached: the next
    /// init() or handle() tries again.
    std::optional<aws::error> init();

    /// Every record of the event (any shape parse_event takes), parsed, formatted and delivered
    /// before deadline - settings.reserve. Calls init() first when it has not succeeded yet.
    /// Never throws.
    summary handle(std::string_view event_json, http::clock::time_point deadline);

    /// Where the URL came from ("kms:<key ARN>", ...) once init() succeeded; "" before.
    std::string webhook_source() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace alarmbridge::lambda
