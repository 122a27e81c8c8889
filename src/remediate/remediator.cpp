// Runs a remediation policy over an event's records: match, check, guard, send, poll.
#include <alarmbridge/remediate/remediator.hpp>

#include <alarmbridge/aws/endpoint.hpp>
#include <alarmbridge/aws/ssm_commands.hpp>
#include <alarmbridge/cloudwatch/region.hpp>

#include "aws/digest.hpp"
#include "remediate/allowlist.hpp"
#include "remediate/group_outcome.hpp"

#include <algorithm>
#include <map>

namespace alarmbridge::remediate {
namespace {

constexpr std::int64_t event_memory_seconds = 86400;  // SNS redelivers within hours
constexpr std::int64_t cap_window_seconds = 3600;
constexpr std::size_t max_alarm_name = 1024;
constexpr std::size_t max_regions = 64;  // SSM clients kept, one per region

const std::string* dimension_value(const cloudwatch::alarm& a, std::string_view name) {
    if (!a.trigger) return nullptr;
    for (const auto& d : a.trigger->dimensions)
        if (d.name == name) return &d.value;
    return nullptr;
}

/// A dimension name the alarm's metric carries twice, or nothing.
std::optional<std::string> repeated_dimension(const cloudwatch::alarm& a) {
    if (!a.trigger) return std::nullopt;
    const auto& all = a.trigger->dimensions;
    for (std::size_t i = 0; i < all.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (all[i].name == all[j].name) return all[i].name;
    return std::nullopt;
}

bool matches(const rule& r, const cloudwatch::alarm& a) {
    const auto& m = r.match;
    if (m.namespace_ && (!a.trigger || a.trigger->namespace_ != *m.namespace_)) return false;
    if (m.metric_name && (!a.trigger || a.trigger->metric_name != *m.metric_name)) return false;
    for (const auto& name : m.dimensions)
        if (dimension_value(a, name) == nullptr) return false;
    if (!m.alarm_name.empty() && (a.name.size() > max_alarm_name || !m.alarm_name.matches(a.name)))
        return false;
    return true;
}

/// The region of an alarm ARN (arn:PARTITION:cloudwatch:REGION:ACCOUNT:alarm:NAME), else the
/// alarm's region; empty when neither is a region code.
std::string alarm_region(const cloudwatch::alarm& a) {
    if (a.arn) {
        std::string_view arn = *a.arn;
        std::size_t start = 0;
        for (int field = 0; field < 3 && start != std::string_view::npos; ++field) {
            start = arn.find(':', start);
            if (start != std::string_view::npos) ++start;
        }
        if (start != std::string_view::npos) {
            const auto end = arn.find(':', start);
            const std::string_view region = arn.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
            if (cloudwatch::looks_like_region_code(region)) return std::string(region);
        }
    }
    if (a.region && cloudwatch::looks_like_region_code(*a.region)) return *a.region;
    return "";
}

/// What a command runs on: an instance's id, or "asg:" and the group's name.
std::string target_key(const decision& d) { return d.instance ? *d.instance : "asg:" + d.auto_scaling_group->name; }

/// "instance" or "Auto Scaling group", for the guardrails' reasons.
const char* target_noun(const decision& d) { return d.instance ? "instance" : "Auto Scaling group"; }

std::string action_key(const decision& d) {
    std::string key = target_key(d) + "|" + *d.document;
    for (const auto& [name, values] : d.parameters) {
        key += "|" + name + "=";
        for (const auto& v : values) key += v + ",";
    }
    return key;
}

/// The key of a state change: "event|" and the SHA-256 (hex) of the alarm's ARN (else its name)
/// and the state-change time in epoch milliseconds, so "+0000" and "Z" spellings of one time are
/// one key, and a key is 70 bytes however long the ARN.
std::string state_change_key(const cloudwatch::alarm& a, std::int64_t epoch_ms) {
    const std::string id = a.arn ? "arn:" + *a.arn : "name:" + a.name;
    const std::string text = std::to_string(id.size()) + "|" + id + "|" + std::to_string(epoch_ms);
    return "event|" + aws::detail::hex(aws::detail::sha256(text));
}

std::string state_list(const std::vector<cloudwatch::alarm_state>& states) {
    std::string out;
    for (std::size_t i = 0; i < states.size(); ++i) out += (i ? (i + 1 == states.size() ? " or " : ", ") : "") + std::string(to_string(states[i]));
    return out;
}

}  // namespace

struct remediator::impl {
    policy pol;
    remediator_options opt;
    std::shared_ptr<state_store> store;
    std::optional<error> store_error;  // the policy's table could not be reached
    std::map<std::string, aws::json_client> ssm_by_region;
    std::shared_ptr<slack::time_source> time;

    impl(policy p, remediator_options o) : pol(std::move(p)), opt(std::move(o)) {
        time = opt.time ? opt.time : std::make_shared<slack::time_source>();
        if (!opt.aws.steady_now) opt.aws.steady_now = [t = time] { return t->now(); };  // the deadline's clock
        store = opt.store;
        if (!store && !pol.state_table.empty()) {
            auto made = make_dynamodb_state_store(pol.state_table, opt.aws);
            if (made) store = *made;
            else store_error = made.error();
        }
        if (!store && !store_error) store = make_memory_state_store(pol.max_memory_entries);
    }

    std::int64_t wall_seconds() {
        return std::chrono::duration_cast<std::chrono::seconds>(time->system_now().time_since_epoch()).count();
    }

    aws::outcome<aws::json_client*> ssm(const std::string& region) {
        if (auto it = ssm_by_region.find(region); it != ssm_by_region.end()) return &it->second;
        if (ssm_by_region.size() >= max_regions) ssm_by_region.clear();  // region codes come from alarms: bounded
        aws::client_options o = opt.aws;
        o.region = region;
        auto made = aws::json_client::create(aws::ssm_service, std::move(o));
        if (!made) return made.error();
        return &ssm_by_region.emplace(region, std::move(*made)).first->second;
    }

    /// Fills d's instance (the InstanceId dimension) or, when the alarm has none, its Auto Scaling
    /// group (the AutoScalingGroupName dimension, only for a rule that opted in); the reason when
    /// neither may be acted on.
    static std::optional<std::string> target(const rule& r, const cloudwatch::alarm& a, decision& d) {
        if (const std::string* instance = dimension_value(a, "InstanceId")) {
            if (!detail::is_instance_id(*instance))
                return "the InstanceId dimension " + detail::shown(*instance) + " is not an instance id (^i-[0-9a-f]{8,17}$)";
            d.instance = *instance;
            return std::nullopt;
        }
        const std::string* group = dimension_value(a, auto_scaling_group_dimension);
        if (group == nullptr) return std::string("the alarm has no InstanceId dimension");
        if (!r.auto_scaling_group)
            return std::string("the alarm has no InstanceId dimension, only AutoScalingGroupName: running the action on every "
                               "instance of the group needs the rule's opt-in \"auto_scaling_group\": {\"max_concurrency\": "
                               "\"1\", \"max_errors\": \"0\"} (docs/remediation.md)");
        if (auto problem = detail::group_name_problem(*group))
            return "refused: the AutoScalingGroupName dimension " + detail::shown(*group) + " " + *problem;
        d.auto_scaling_group = group_target{*group, r.auto_scaling_group->max_concurrency, r.auto_scaling_group->max_errors};
        return std::nullopt;
    }

    /// Fills rule, instance or group, document, parameters; the reason when the alarm may not be acted on.
    std::optional<std::string> check(const rule& r, const cloudwatch::alarm& a, decision& d) {
        const auto& now = a.state.value;
        if (std::find(r.on_states.begin(), r.on_states.end(), now) == r.on_states.end())
            return "the alarm went to " + std::string(to_string(now)) + "; the rule acts on a transition into " +
                   state_list(r.on_states);
        if (a.previous_state && a.previous_state->value == now)
            return "the alarm was already " + std::string(to_string(now)) + ": not a transition";
        d.notify = true;
        if (auto repeated = repeated_dimension(a))
            return "refused: the alarm has two dimensions named " + detail::shown(*repeated) + ": which value is meant cannot be told";
        d.document = r.action.document;
        if (auto no = target(r, a, d)) return no;
        std::map<std::string, std::vector<std::string>> parameters;
        for (const auto& [name, source] : r.action.parameters) {
            const std::string* value = dimension_value(a, source.from_dimension);
            if (value == nullptr) return "the alarm has no " + source.from_dimension + " dimension for parameter " + name;
            if (auto refused = detail::refusal(source, *value)) return "refused: " + *refused;
            parameters[name] = {*value};
        }
        d.parameters = std::move(parameters);
        return std::nullopt;
    }

    /// The guardrails: one action per state change, the cooldown, the cap. The reason when one
    /// says no (d.failed when the store could not tell). A dry run claims keys of its own (space
    /// "dry|"), so it answers what enforce would, without taking enforce's claims.
    std::optional<std::string> guard(const rule& r, const cloudwatch::alarm& a, decision& d, bool dry,
                                     http::clock::time_point deadline) {
        const std::string space = dry ? "dry|" : "";
        if (!store) {
            d.failed = true;
            return "the remediation state store is unavailable: " + store_error->describe();
        }
        if (a.state.timestamp.empty())
            return std::string("the alarm has no state-change time, so a repeated delivery could not be told apart");
        if (!a.state.timestamp.epoch_ms)
            return "the alarm's state-change time " + detail::shown(a.state.timestamp.raw) +
                   " is not a time, so a repeated delivery could not be told apart";
        const std::int64_t now = wall_seconds();
        const std::string change = space + state_change_key(a, *a.state.timestamp.epoch_ms);
        auto first = store->claim(change, now, now + event_memory_seconds, deadline);
        if (!first) {
            d.failed = true;
            return "the remediation state store failed: " + first.error().describe();
        }
        if (!*first) {
            d.notify = false;
            return std::string("this state change was already acted on (a repeated delivery)");
        }
        const std::string action = space + action_key(d);
        if (r.cooldown_seconds > 0) {
            auto cool = store->claim("cooldown|" + action, now, now + r.cooldown_seconds, deadline);
            if (!cool) {
                d.failed = true;
                return "the remediation state store failed: " + cool.error().describe();
            }
            if (!*cool)
                return "cooldown: the same action ran on this " + std::string(target_noun(d)) + " less than " +
                       std::to_string(r.cooldown_seconds) + " s ago";
        }
        for (int slot = 0; slot < r.max_per_hour; ++slot) {
            auto taken = store->claim("cap|" + action + "|" + std::to_string(slot), now, now + cap_window_seconds, deadline);
            if (!taken) {
                d.failed = true;
                return "the remediation state store failed: " + taken.error().describe();
            }
            if (*taken) return std::nullopt;
        }
        if (r.cooldown_seconds > 0) (void)store->release("cooldown|" + action, deadline);  // nothing ran: no cooldown
        return "hourly cap: the action already ran " + std::to_string(r.max_per_hour) + " times on this " +
               target_noun(d) + " in the last hour; the service is left alone";
    }

    /// Sleeps until the next poll; false (without sleeping) when it would come at or after the deadline.
    bool wait_for_poll(http::clock::time_point deadline) {
        const auto next = time->now() + opt.poll_interval;
        if (next >= deadline) return false;
        time->sleep_until(next);
        return true;
    }

    /// Asks (ask(): an aws::outcome of something with status and finished()) every poll_interval
    /// within the deadline, at most max_polls times, until the answer is finished; keeps the last
    /// answer. An error whose aws_code is not_yet (what SSM says right after sending) is asked
    /// again; any other makes d failed and returns false.
    template <class Status, class Ask>
    bool poll(std::optional<Status>& last, Ask ask, const char* operation, std::string_view not_yet, decision& d,
              http::clock::time_point deadline) {
        for (int n = 0; n < opt.max_polls && wait_for_poll(deadline); ++n) {
            auto answer = ask();
            if (!answer) {
                if (answer.error().aws_code == not_yet) continue;
                d.failed = true;
                d.reason = std::string("sent; ") + operation + " failed: " + answer.error().describe();
                if (last) d.status = last->status;
                return false;
            }
            last = std::move(*answer);
            if (last->finished()) break;
        }
        return true;
    }

    /// A group's command: ListCommands until it finishes (InvalidCommandId, which SSM may answer
    /// right after sending, is asked again), then each instance's outcome.
    void poll_group(aws::json_client& ssm, decision& d, http::clock::time_point deadline) {
        std::optional<aws::command_status> last;
        if (!poll(last, [&] { return aws::get_command(ssm, *d.command_id, {deadline}); }, "ListCommands", "InvalidCommandId", d, deadline))
            return;
        detail::conclude_group_command(ssm, last, d, *time, deadline);
    }

    void send(const rule& r, const cloudwatch::alarm& a, decision& d, http::clock::time_point deadline) {
        const std::string region = alarm_region(a);
        auto client = ssm(region);
        if (!client) {
            d.kind = decision_kind::skipped;
            d.failed = true;
            d.reason = "no SSM client for the alarm's region: " + client.error().describe();
            return;
        }
        aws::send_command_request req;
        req.document_name = *d.document;
        req.parameters = d.parameters;
        req.comment = "alarmbridge " + r.name + ": " + a.name;
        req.timeout_seconds = r.timeout_seconds;
        if (d.instance) {
            req.instance_ids = {*d.instance};
        } else {
            req.targets = {{"tag:" + std::string(auto_scaling_group_tag), {d.auto_scaling_group->name}}};
            req.max_concurrency = d.auto_scaling_group->max_concurrency;
            req.max_errors = d.auto_scaling_group->max_errors;
        }
        auto id = aws::send_command(**client, req, {deadline});
        if (!id) {
            d.kind = decision_kind::skipped;
            d.failed = true;
            d.reason = id.error().maybe_performed  // not sent again: it may be running
                           ? "SendCommand's answer was lost: the command may have run (see SSM): " + id.error().describe()
                           : "SendCommand failed: " + id.error().describe();
            return;
        }
        d.kind = decision_kind::sent;
        d.command_id = *id;
        if (d.auto_scaling_group) return poll_group(**client, d, deadline);
        std::optional<aws::command_invocation> last;
        if (!poll(last, [&] { return aws::get_command_invocation(**client, *id, *d.instance, {deadline}); }, "GetCommandInvocation",
                  "InvocationDoesNotExist", d, deadline))
            return;
        if (!last || !last->finished()) {
            d.status = last ? last->status : std::string("Pending");
            d.reason = "sent; the deadline came before the command finished (see the command in SSM)";
            return;
        }
        d.status = last->status;
        d.standard_error = last->standard_error;
        if (last->status == "Success") {
            d.reason = "sent; the command ended Success";
            return;
        }
        d.failed = true;
        d.reason = "sent; the command ended " + last->status;
        if (!last->status_details.empty() && last->status_details != last->status) d.reason += " (" + last->status_details + ")";
        if (last->response_code >= 0) d.reason += ", exit code " + std::to_string(last->response_code);
    }

    decision decide(std::size_t index, const result<record>& rec, http::clock::time_point deadline) {
        decision d;
        d.record = index;
        if (!rec) {
            d.reason = "the record could not be read: " + rec.error().describe();
            d.failed = true;  // something handed over was not looked at: the caller must hear of it
            return d;
        }
        const auto* a = std::get_if<cloudwatch::alarm>(&rec->body);
        if (a == nullptr) {
            d.reason = "not an alarm (an SNS text message)";
            return d;
        }
        d.alarm_name = a->name;
        const rule* r = nullptr;
        for (const auto& candidate : pol.rules)
            if (matches(candidate, *a)) {
                r = &candidate;
                break;
            }
        if (r == nullptr) {
            d.reason = "no rule matches the alarm";
            return d;
        }
        d.rule = r->name;
        if (auto no = check(*r, *a, d)) {
            d.reason = *no;
            return d;
        }
        if (opt.force_dry_run || pol.mode == mode::dry_run) {
            const std::string why = opt.force_dry_run ? "dry run (--dry-run)" : "dry run (the policy's mode is dry_run)";
            if (auto no = guard(*r, *a, d, true, deadline)) {
                d.reason = why + ": would be skipped: " + *no;
                return d;
            }
            d.kind = decision_kind::dry_run;
            d.reason = why + ": nothing was sent";
            return d;
        }
        if (alarm_region(*a).empty()) {
            d.reason = "the alarm's region is unknown (no ARN, no region)";
            d.failed = true;
            return d;
        }
        if (time->now() >= deadline) {
            d.reason = "the deadline passed before anything could be sent";
            d.failed = true;
            return d;
        }
        if (auto no = guard(*r, *a, d, false, deadline)) {
            d.reason = *no;
            return d;
        }
        send(*r, *a, d, deadline);
        return d;
    }
};

remediator::remediator(policy p, remediator_options options) : impl_(std::make_unique<impl>(std::move(p), std::move(options))) {}
remediator::~remediator() = default;
remediator::remediator(remediator&&) noexcept = default;
remediator& remediator::operator=(remediator&&) noexcept = default;

std::vector<decision> remediator::run(const event& e, http::clock::time_point deadline) {
    std::vector<decision> out;
    out.reserve(e.records.size());
    for (std::size_t i = 0; i < e.records.size(); ++i) out.push_back(decide(i, e.records[i], deadline));
    return out;
}

decision remediator::decide(std::size_t index, const result<record>& r, http::clock::time_point deadline) {
    return impl_->decide(index, r, deadline);
}

}  // namespace alarmbridge::remediate
