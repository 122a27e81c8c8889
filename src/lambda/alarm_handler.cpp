// What a Lambda function does with each invocation: see alarmbridge/lambda/alarm_handler.hpp.
#include <alarmbridge/detail/json_writer.hpp>
#include <alarmbridge/event.hpp>
#include <alarmbridge/lambda/alarm_handler.hpp>
#include <alarmbridge/remediate/outcome_message.hpp>
#include <alarmbridge/remediate/remediator.hpp>
#include <alarmbridge/slack/mrkdwn.hpp>

#include "../format/runbook_url.hpp"

#include <deque>
#include <unordered_set>
#include <utility>

namespace alarmbridge::lambda {

namespace {

/// A setting's value for an error message: JSON-quoted, at most 64 characters of it.
std::string quoted(std::string_view value) {
    constexpr std::size_t shown = 64;
    std::string out;
    {
        detail::json_writer w(out);
        w.value(value.substr(0, shown));
    }
    if (value.size() > shown) out += "...";
    return out;
}

error bad_setting(std::string_view variable, std::string_view value, std::string_view expected) {
    return error{errc::bad_value, std::string(variable) + " is " + quoted(value) + ": " + std::string(expected), ""};
}

/// "a, b,,c" -> {"a", "b", "c"}: items trimmed of spaces, empty ones skipped.
std::vector<std::string> comma_list(std::string_view text) {
    std::vector<std::string> items;
    while (!text.empty()) {
        const auto comma = text.find(',');
        auto item = text.substr(0, comma);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (!item.empty()) items.emplace_back(item);
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return items;
}

/// A whole number from 1 to max, or nullopt.
std::optional<std::size_t> count_setting(std::string_view text, std::size_t max) {
    if (text.empty() || text.size() > 7) return std::nullopt;
    std::size_t n = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    if (n < 1 || n > max) return std::nullopt;
    return n;
}

/// IDs of one kind (users U/W, groups S), each checked: a malformed one is a configuration
/// error, not a mention silently left out.
std::optional<error> read_ids(const aws::environment& env, std::string_view variable,
                              std::optional<std::string> (*mention)(std::string_view), std::string_view expected,
                              std::vector<std::string>& out) {
    const auto value = aws::non_empty(env, variable);
    if (!value) return std::nullopt;
    for (auto& id : comma_list(*value)) {
        if (!mention(id)) return bad_setting(variable, id, expected);
        out.push_back(std::move(id));
    }
    return std::nullopt;
}

/// The key under which a delivered record is remembered: its SNS MessageId, or for an alarm
/// that came another way (EventBridge, the alarm's Lambda action) its ARN or name with the time
/// of its state change. "" when the record has neither.
std::string remember_key(const record& r) {
    if (r.sns && !r.sns->message_id.empty()) return "sns:" + r.sns->message_id;
    if (const auto* a = std::get_if<cloudwatch::alarm>(&r.body)) {
        if (a->state.timestamp.empty()) return "";
        return "alarm:" + (a->arn ? *a->arn : a->name) + "@" + a->state.timestamp.raw;
    }
    return "";
}

void write_error(detail::json_writer& w, const error& e) {
    w.begin_object();
    w.key("code");
    w.value(to_string(e.code));
    w.key("message");
    w.value(e.message);
    if (!e.where.empty()) {
        w.key("where");
        w.value(e.where);
    }
    w.end_object();
}

void write_outcome(detail::json_writer& w, const record_outcome& r) {
    w.begin_object();
    w.key("record");
    w.value(static_cast<std::int64_t>(r.record));
    w.key("status");
    w.value(to_string(r.what));
    auto text = [&w](std::string_view key, const std::string& value) {
        if (value.empty()) return;
        w.key(key);
        w.value(value);
    };
    text("message_id", r.message_id);
    text("alarm_name", r.alarm_name);
    text("state", r.state);
    if (r.what != record_outcome::status::duplicate) {
        w.key("attempts");
        w.value(static_cast<std::int64_t>(r.attempts));
        if (r.http_status != 0) {
            w.key("http_status");
            w.value(static_cast<std::int64_t>(r.http_status));
        }
        text("slack_error", r.slack_error);
        w.key("elapsed_ms");
        w.value(r.elapsed_ms);
    }
    if (r.failure) {
        w.key("error");
        write_error(w, *r.failure);
    }
    if (r.remediation) {
        auto report = remediate::to_json(*r.remediation);
        if (r.remediation_told) report["told"] = *r.remediation_told;
        w.key("remediation");
        w.raw(report);
    }
    w.end_object();
}

std::string describe_failure(const error& e) {
    std::string out(to_string(e.code));
    if (!e.message.empty()) out += ": " + e.message;
    if (!e.where.empty()) out += " at " + e.where;
    return out;
}

}  // namespace

result<alarm_handler_settings> settings_from_environment(const aws::environment& env) {
    alarm_handler_settings s;
    s.webhook.environment = env;
    s.webhook.aws.environment = env;

    if (const auto v = aws::non_empty(env, "ALARMBRIDGE_LOCALE")) {
        if (!format::find_locale(*v)) return bad_setting("ALARMBRIDGE_LOCALE", *v, "expected en or ko");
        s.format.locale = *v;
    }
    if (const auto v = aws::non_empty(env, "ALARMBRIDGE_STYLE")) {
        const auto style = format::style_from(*v);
        if (!style) return bad_setting("ALARMBRIDGE_STYLE", *v, "expected rich, compact or blueprint");
        s.format.style = *style;
    }
    if (auto e = read_ids(env, "ALARMBRIDGE_MENTION_USERS", slack::mrkdwn::mention_user,
                          "not a Slack user ID (U... or W..., capitals and digits)", s.format.mention_users))
        return *e;
    if (auto e = read_ids(env, "ALARMBRIDGE_MENTION_GROUPS", slack::mrkdwn::mention_group,
                          "not a Slack user group ID (S..., capitals and digits)", s.format.mention_groups))
        return *e;
    if (const auto v = aws::non_empty(env, "ALARMBRIDGE_MENTION_BROADCAST")) {
        if (*v == "here") s.format.mention_broadcast = slack::mrkdwn::broadcast::here;
        else if (*v == "channel") s.format.mention_broadcast = slack::mrkdwn::broadcast::channel;
        else if (*v == "everyone") s.format.mention_broadcast = slack::mrkdwn::broadcast::everyone;
        else return bad_setting("ALARMBRIDGE_MENTION_BROADCAST", *v, "expected here, channel or everyone");
    }
    if (const auto v = aws::non_empty(env, "ALARMBRIDGE_RUNBOOK_URL")) {
        // Checked as the formatter will use it: filled in for a sample alarm, it must give a link.
        format::options check;
        check.runbook_url = *v;
        std::string sample;
        if (v->rfind("https://", 0) != 0 ||
            !detail::append_runbook_url(sample, {"sample-alarm", "", "us-east-1", "123456789012"}, check))
            return bad_setting("ALARMBRIDGE_RUNBOOK_URL", *v,
                               "expected an https URL template ({alarm_name}, {region}, {account_id} filled in)");
        s.format.runbook_url = *v;
    }
    if (const auto v = aws::non_empty(env, "ALARMBRIDGE_RUNBOOK_HOSTS")) s.format.runbook_hosts = comma_list(*v);
    if (const auto v = aws::non_empty(env, "ALARMBRIDGE_MAX_ATTEMPTS")) {
        const auto n = count_setting(*v, 20);
        if (!n) return bad_setting("ALARMBRIDGE_MAX_ATTEMPTS", *v, "expected a whole number from 1 to 20");
        s.delivery.retry.max_attempts = static_cast<int>(*n);
    }
    if (const auto v = aws::non_empty(env, "ALARMBRIDGE_CA_FILE")) s.delivery.http.ca_file = *v;
    if (const auto v = aws::non_empty(env, "ALARMBRIDGE_REMEMBERED_MESSAGES")) {
        const auto n = count_setting(*v, 1000000);
        if (!n) return bad_setting("ALARMBRIDGE_REMEMBERED_MESSAGES", *v, "expected a whole number from 1 to 1000000");
        s.remembered_messages = *n;
    }
    if (auto p = remediate::policy_from_environment(env)) {
        s.remediation = std::move(*p);
    } else {
        auto e = p.error();
        e.message = "ALARMBRIDGE_REMEDIATION_POLICY: " + e.message;
        return e;
    }
    return s;
}

std::string summary::log_line(std::size_t i) const {
    std::string out;
    if (i >= records.size()) return out;
    {
        detail::json_writer w(out);
        write_outcome(w, records[i]);
    }
    return out;
}

std::string summary::to_json() const {
    std::string out;
    detail::json_writer w(out);
    w.begin_object();
    w.key("delivered");
    w.value(static_cast<std::int64_t>(delivered));
    w.key("failed");
    w.value(static_cast<std::int64_t>(failed));
    w.key("duplicates");
    w.value(static_cast<std::int64_t>(duplicates));
    if (remediation_failed != 0) {
        w.key("remediation_failed");
        w.value(static_cast<std::int64_t>(remediation_failed));
    }
    if (event_failure) {
        w.key("error");
        write_error(w, *event_failure);
    }
    w.key("records");
    w.begin_array();
    for (const auto& r : records) write_outcome(w, r);
    w.end_array();
    w.end_object();  // the top level closed: out holds the whole text
    return out;
}

std::string summary::failure_message() const {
    if (ok()) return "";
    if (event_failure) return "no record was sent: " + describe_failure(*event_failure);
    std::string out = std::to_string(failed) + " of " + std::to_string(records.size()) +
                      (records.size() == 1 ? " record failed" : " records failed");
    constexpr std::size_t named = 5;  // the first few are enough to act on; the log has them all
    std::size_t shown = 0;
    for (const auto& r : records) {
        if (r.what != record_outcome::status::failed || !r.failure) continue;
        if (shown == named) {
            out += "; ...";
            break;
        }
        out += shown == 0 ? ": " : "; ";
        out += "record " + std::to_string(r.record) + ": ";
        out += r.slack_error.empty() ? describe_failure(*r.failure)
                                     : std::string(to_string(r.failure->code)) + ": " + r.slack_error;
        ++shown;
    }
    return out;
}

struct alarm_handler::impl {
    alarm_handler_settings settings;
    std::shared_ptr<http::transport> transport;  ///< Slack and AWS share its connections
    slack::resolving_webhook_client hook;
    std::optional<remediate::remediator> remediator;  ///< with a policy; its guardrails live in it
    format::options format;  ///< settings.format with the channel override of the URL in use

    /// Delivered records, oldest first, at most settings.remembered_messages.
    std::deque<std::string> remembered_order;
    std::unordered_set<std::string> remembered;

    impl(alarm_handler_settings s, std::shared_ptr<http::transport> t)
        : settings(std::move(s)),
          transport(t ? std::move(t) : std::make_shared<http::curl_transport>(settings.delivery.http)),
          hook(settings.webhook, transport, settings.delivery) {
        if (settings.remediation) {
            remediate::remediator_options o;
            o.aws = settings.webhook.aws;
            o.aws.environment = settings.webhook.environment;
            o.aws.transport = transport.get();
            remediator.emplace(*settings.remediation, std::move(o));
        }
    }

    /// Runs the policy over the event's records, except the ones reported as repeated deliveries
    /// (their remediation ran, or was decided, when they first came), and tells Slack each
    /// outcome that is news.
    void remediate(const event& e, http::clock::time_point deadline, summary& s) {
        if (!remediator) return;
        // The remediation's AWS calls and polls end this much before the deadline, so the post
        // that tells Slack how it ended still has time (one attempt of a webhook post, roughly).
        constexpr std::chrono::seconds outcome_post_time{3};
        const auto act_until = deadline == http::clock::time_point::max() ||
                                       deadline < http::clock::time_point::min() + outcome_post_time
                                   ? deadline
                                   : deadline - outcome_post_time;
        for (std::size_t i = 0; i < e.records.size() && i < s.records.size(); ++i) {
            if (s.records[i].what == record_outcome::status::duplicate) continue;
            auto d = remediator->decide(i, e.records[i], act_until);
            auto& out = s.records[i];
            bool failed = d.failed;
            if (d.notify) {
                out.remediation_told = hook.post_json(slack::serialize(remediate::outcome_message(d)), deadline).delivered;
                failed = failed || !*out.remediation_told;
            }
            if (failed) ++s.remediation_failed;
            out.remediation = std::move(d);
        }
    }

    std::optional<aws::error> connect() {
        if (auto e = hook.connect()) return e;
        format = settings.format;
        if (!hook.url()->channel.empty() && !format.channel) format.channel = hook.url()->channel;
        return std::nullopt;
    }

    void remember(std::string key) {
        if (key.empty() || settings.remembered_messages == 0) return;
        if (!remembered.insert(key).second) return;
        remembered_order.push_back(std::move(key));
        while (remembered_order.size() > settings.remembered_messages) {
            remembered.erase(remembered_order.front());
            remembered_order.pop_front();
        }
    }

    std::string payload(const record& r) const {
        if (const auto* a = std::get_if<cloudwatch::alarm>(&r.body)) return format::alarm_payload(*a, format);
        const auto& t = std::get<text_message>(r.body);
        return format::text_payload(t.text, r.sns ? r.sns->subject : std::nullopt, format);
    }
};

alarm_handler::alarm_handler(alarm_handler_settings settings, std::shared_ptr<http::transport> transport)
    : impl_(std::make_unique<impl>(std::move(settings), std::move(transport))) {}
alarm_handler::~alarm_handler() = default;
alarm_handler::alarm_handler(alarm_handler&&) noexcept = default;
alarm_handler& alarm_handler::operator=(alarm_handler&&) noexcept = default;

std::optional<aws::error> alarm_handler::init() { return impl_->connect(); }

std::string alarm_handler::webhook_source() const {
    const auto* url = impl_->hook.url();
    return url ? url->source : std::string();
}

summary alarm_handler::handle(std::string_view event_json, http::clock::time_point deadline) {
    summary s;
    const auto reserve = impl_->settings.reserve;
    if (deadline != http::clock::time_point::max() && deadline > http::clock::time_point::min() + reserve)
        deadline -= reserve;

    auto event = parse_event(event_json, impl_->settings.parsing);
    if (!event) {
        s.event_failure = event.error();
        s.failed = 1;
        return s;
    }
    if (const auto e = impl_->connect()) {
        s.event_failure = e->to_error();
        s.failed = 1;
        return s;
    }
    // Which records were sent before is decided for the whole event first: remembering this
    // event's deliveries must not push its other records out of the memory while it runs.
    const auto& records = event->records;
    std::vector<std::string> keys(records.size());
    std::unordered_set<std::string> in_this_event;
    s.records.resize(records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
        auto& out = s.records[i];
        out.record = i;
        if (!records[i]) continue;
        if (records[i]->sns) out.message_id = records[i]->sns->message_id;
        if (const auto* a = std::get_if<cloudwatch::alarm>(&records[i]->body)) {
            out.alarm_name = a->name;
            out.state = std::string(cloudwatch::to_string(a->state.value));
        }
        keys[i] = remember_key(*records[i]);
        if (!keys[i].empty() && (impl_->remembered.count(keys[i]) != 0 || !in_this_event.insert(keys[i]).second)) {
            out.what = record_outcome::status::duplicate;
            ++s.duplicates;
        }
    }
    for (std::size_t i = 0; i < records.size(); ++i) {
        auto& out = s.records[i];
        if (out.what == record_outcome::status::duplicate) continue;
        if (!records[i]) {
            out.failure = records[i].error();
            ++s.failed;
            continue;
        }
        const auto d = impl_->hook.post_json(impl_->payload(*records[i]), deadline);
        out.attempts = d.attempts;
        out.http_status = d.status;
        out.slack_error = d.reason_text;
        out.elapsed_ms = d.elapsed.count();
        if (d.delivered) {
            out.what = record_outcome::status::delivered;
            ++s.delivered;
        } else {
            out.failure = d.error;
            ++s.failed;
        }
        // An answer that leaves open whether Slack posted it fails the invocation (someone should
        // look) but is remembered like a delivery: the retry that follows must not post it twice.
        if (d.delivered || d.maybe_posted) impl_->remember(std::move(keys[i]));
    }
    impl_->remediate(*event, deadline, s);
    return s;
}

}  // namespace alarmbridge::lambda
