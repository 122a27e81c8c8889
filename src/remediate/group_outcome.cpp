// How a command sent to an Auto Scaling group's instances ended: the command's status and counts,
// each instance's status, the stderr of a few failed instances; a command that reached no instance
// is not a success.
#include "remediate/group_outcome.hpp"

#include <alarmbridge/remediate/policy.hpp>

#include "remediate/allowlist.hpp"

#include <algorithm>

namespace alarmbridge::remediate::detail {
namespace {

/// Reads the instances' statuses into d; what could not be read, or nothing. not_success counts
/// the instances read that did not end (or are not yet) Success.
std::optional<std::string> read_instances(aws::json_client& ssm, decision& d, slack::time_source& time,
                                          http::clock::time_point deadline, std::size_t& not_success) {
    std::vector<instance_outcome> seen;
    std::optional<std::string> problem;
    std::string token;
    for (int page = 0; page < max_invocation_pages; ++page) {
        if (time.now() >= deadline) {
            problem = "the deadline came while listing the instances";
            break;
        }
        auto listed = aws::list_command_invocations(ssm, *d.command_id, token, 50, {deadline});
        if (!listed) {
            problem = "ListCommandInvocations failed: " + listed.error().describe();
            break;
        }
        for (auto& inv : listed->invocations)
            seen.push_back({std::move(inv.instance_id), std::move(inv.status), std::move(inv.status_details), -1, ""});
        token = listed->next_token;
        if (token.empty()) break;
    }
    // The ones that did not succeed first (in SSM's order), then the others; the first few kept.
    std::stable_partition(seen.begin(), seen.end(), [](const instance_outcome& i) { return i.status != "Success"; });
    not_success = static_cast<std::size_t>(
        std::count_if(seen.begin(), seen.end(), [](const instance_outcome& i) { return i.status != "Success"; }));
    const std::size_t total = std::max(seen.size(), static_cast<std::size_t>(std::max(d.counts->target, 0)));
    if (seen.size() > max_reported_instances) seen.resize(max_reported_instances);
    d.instances = std::move(seen);
    d.instances_left_out = total - d.instances.size();

    std::size_t read = 0;
    for (auto& i : d.instances) {
        if (read == max_stderr_instances) break;
        if (i.status == "Success" || !aws::invocation_finished(i.status)) continue;
        if (time.now() >= deadline) {
            problem = problem.value_or("the deadline came before the failed instances' stderr was read");
            break;
        }
        ++read;
        auto inv = aws::get_command_invocation(ssm, *d.command_id, i.instance, {deadline});
        if (!inv) {
            problem = problem.value_or("GetCommandInvocation for " + shown(i.instance) + " failed: " + inv.error().describe());
            continue;
        }
        i.exit_code = inv->response_code;
        i.standard_error = std::move(inv->standard_error);
        if (i.status_details.empty()) i.status_details = inv->status_details;
    }
    return problem;
}

std::string counted(int n, const char* one) { return std::to_string(n) + " " + one + (n == 1 ? "" : "s"); }

}  // namespace

void conclude_group_command(aws::json_client& ssm, const std::optional<aws::command_status>& last, decision& d,
                            slack::time_source& time, http::clock::time_point deadline) {
    if (!last) {
        d.status = "Pending";
        d.reason = "sent to the group's instances; the deadline came before SSM listed the command (see the command in SSM)";
        return;
    }
    d.status = last->status;
    d.counts = command_counts{last->target_count, last->completed_count, last->error_count, last->delivery_timed_out_count};
    std::size_t not_success = 0;
    const auto unread = read_instances(ssm, d, time, deadline, not_success);
    const std::string of = std::to_string(last->completed_count) + " of " + counted(last->target_count, "instance");
    if (!last->finished()) {
        d.reason = "sent to the group's instances; the deadline came before the command finished (" + of +
                   " finished; see the command in SSM)";
    } else if (last->target_count == 0) {
        d.failed = true;
        d.reason = "sent; the command reached no instance: none carries the tag " + std::string(auto_scaling_group_tag) + "=" +
                   shown(d.auto_scaling_group->name) + " (or none is a managed node SSM can reach)";
    } else if (last->status == "Success" && last->error_count == 0 && not_success == 0) {
        d.reason = "sent; the command ended Success on " + of;
    } else {
        d.failed = true;
        d.reason = "sent; the command ended " + last->status;
        if (!last->status_details.empty() && last->status_details != last->status) d.reason += " (" + last->status_details + ")";
        d.reason += " on " + of + ": " + counted(last->error_count, "error");
        if (not_success > 0) d.reason += ", " + counted(static_cast<int>(not_success), "instance") + " not Success";
    }
    if (unread) d.reason += "; " + *unread;
}

}  // namespace alarmbridge::remediate::detail
