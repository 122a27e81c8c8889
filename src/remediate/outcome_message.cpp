// The Slack message of a remediation decision.
#include <alarmbridge/remediate/outcome_message.hpp>

#include <alarmbridge/slack/mrkdwn.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace alarmbridge::remediate {
namespace {

constexpr std::size_t max_stderr_lines = 5;
constexpr std::size_t max_stderr_line = 160;
constexpr std::size_t max_name = 120;
constexpr std::size_t max_listed_instances = 10;  // lines of the instance list in the message

/// Text from outside (an alarm name, a reason quoting a value) for inside a code span or block:
/// &, <, > escaped, the backtick (which would end the span) replaced, control characters as
/// spaces, cut to max code points. Only code() and stderr_block() use it: outside a code span
/// Slack would still render *bold*, :emoji: and bare links from it.
std::string inert(std::string_view text, std::size_t max) {
    std::string plain;
    plain.reserve(text.size());
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) plain += ' ';
        else if (c == '`') plain += '\'';
        else plain += c;
    }
    return slack::mrkdwn::escape(slack::truncate(plain, max));
}

/// The first lines of stderr, each cut, as a code block (its backticks replaced so none closes it).
std::string stderr_block(std::string_view err) {
    std::string lines;
    std::size_t count = 0;
    while (!err.empty() && count < max_stderr_lines) {
        const auto nl = err.find('\n');
        std::string_view line = err.substr(0, nl);
        err = nl == std::string_view::npos ? std::string_view() : err.substr(nl + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!lines.empty()) lines += '\n';
        lines += inert(line, max_stderr_line);
        ++count;
    }
    if (!err.empty()) lines += "\n…";
    return "```\n" + lines + "\n```";
}

/// Text from outside as an inline code span: no formatting, emoji, mention or link inside it is
/// live. Never empty (an empty span would show its two backticks).
std::string code(std::string_view text, std::size_t max) {
    const std::string inside = inert(text, max);
    return "`" + (inside.find_first_not_of(' ') == std::string::npos ? std::string("(none)") : inside) + "`";
}

std::string parameters_text(const decision& d) {
    std::string out;
    for (const auto& [name, values] : d.parameters) {
        if (!out.empty()) out += ", ";
        std::string one = name + "=";
        for (std::size_t i = 0; i < values.size(); ++i) one += (i ? "," : "") + values[i];
        out += code(one, max_name);
    }
    return out;
}

/// "the instances of Auto Scaling group `web` (1 at a time, stopping after 0 errors)"
std::string group_text(const group_target& g) {
    return "the instances of Auto Scaling group " + code(g.name, max_name) + " (" + code(g.max_concurrency, 8) +
           " at a time, stopping after " + code(g.max_errors, 8) + " errors)";
}

std::string what(const decision& d) {
    std::string out = code(d.document.value_or(""), max_name);
    if (!d.parameters.empty()) out += " (" + parameters_text(d) + ")";
    if (d.auto_scaling_group) out += " on " + group_text(*d.auto_scaling_group);
    else out += " on " + code(d.instance.value_or(""), max_name);
    return out;
}

/// How a group's command ended on its instances: a bounded list, then each failed instance's stderr.
std::vector<std::string> instance_sections(const decision& d) {
    std::vector<std::string> out;
    if (d.instances.empty()) return out;
    std::string list;
    std::size_t shown = 0;
    for (const auto& i : d.instances) {
        if (shown == max_listed_instances) break;
        ++shown;
        list += "\n• " + code(i.instance, 40) + ": " + (i.status == "Success" ? code(i.status, 40) : "*" + code(i.status, 40) + "*");
        if (!i.status_details.empty() && i.status_details != i.status) list += " (" + code(i.status_details, 60) + ")";
        if (i.exit_code >= 0) list += ", exit code " + std::to_string(i.exit_code);
    }
    const std::size_t more = d.instances.size() - shown + d.instances_left_out;
    if (more > 0) list += "\n… and " + std::to_string(more) + " more (see the command in SSM)";
    out.push_back("Instances:" + list);
    for (const auto& i : d.instances)
        if (!i.standard_error.empty()) out.push_back("stderr of " + code(i.instance, 40) + ":\n" + stderr_block(i.standard_error));
    return out;
}

/// The status in the message's first line: SSM's, or "reached no instance" for a group's command
/// that SSM ended without any instance (whatever its status says).
std::string status_text(const decision& d) {
    if (d.auto_scaling_group && d.counts && d.counts->target == 0 && d.failed) return "*reached no instance*";
    return "*" + code(d.status.value_or("unknown"), 40) + "*";
}

}  // namespace

slack::message outcome_message(const decision& d) {
    const std::string alarm = code(d.alarm_name.empty() ? "(no name)" : d.alarm_name, max_name);
    std::string head;
    std::vector<std::string> details;  // one section each
    switch (d.kind) {
        case decision_kind::sent: {
            const bool success = d.status == "Success" && !d.failed;
            const char* icon = success ? ":white_check_mark:" : (d.failed ? ":x:" : ":hourglass_flowing_sand:");
            head = std::string(icon) + " Remediation of " + alarm + ": ran " + what(d) + ": " + status_text(d);
            if (d.counts) head += " on " + std::to_string(d.counts->completed) + " of " + std::to_string(d.counts->target) + " instances";
            if (!success && !d.reason.empty()) head += "\n" + code(d.reason, 600);
            if (!d.standard_error.empty()) details.push_back("stderr:\n" + stderr_block(d.standard_error));
            for (auto& s : instance_sections(d)) details.push_back(std::move(s));
            break;
        }
        case decision_kind::dry_run:
            head = ":test_tube: Dry run for " + alarm + ": would run " + what(d) + ". " + code(d.reason, 300);
            break;
        case decision_kind::skipped:
            head = std::string(d.failed ? ":warning:" : ":information_source:") + " No remediation for " + alarm +
                   ": " + code(d.reason, 600);
            break;
    }
    slack::message m;
    m.text = head;
    m.unfurl_links = false;  // no preview of a page a value names
    m.unfurl_media = false;
    slack::section main;
    main.text = slack::text::mrkdwn(head);
    m.blocks.emplace_back(std::move(main));
    for (auto& text : details) {
        slack::section more;
        more.text = slack::text::mrkdwn(std::move(text));
        m.blocks.emplace_back(std::move(more));
    }
    std::string context = "alarmbridge remediation";
    if (d.rule) context += " · rule " + code(*d.rule, max_name);
    if (d.command_id) context += " · command " + code(*d.command_id, 80);
    slack::context ctx;
    ctx.elements.emplace_back(slack::text::mrkdwn(context));
    m.blocks.emplace_back(std::move(ctx));
    return m;
}

}  // namespace alarmbridge::remediate
