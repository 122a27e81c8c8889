// The Slack message of a remediation decision.
#include <alarmbridge/remediate/outcome_message.hpp>

#include <alarmbridge/slack/mrkdwn.hpp>

#include <string>
#include <string_view>

namespace alarmbridge::remediate {
namespace {

constexpr std::size_t max_stderr_lines = 5;
constexpr std::size_t max_stderr_line = 160;
constexpr std::size_t max_name = 120;

/// Text from outside (an alarm name, a reason quoting a value) as inert mrkdwn: &, <, > escaped,
/// the backtick (code spans) replaced, control characters as spaces, cut to max code points.
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

std::string parameters_text(const decision& d) {
    std::string out;
    for (const auto& [name, values] : d.parameters) {
        if (!out.empty()) out += ", ";
        out += inert(name, max_name) + "=";
        for (std::size_t i = 0; i < values.size(); ++i) out += (i ? "," : "") + inert(values[i], max_name);
    }
    return out;
}

std::string what(const decision& d) {
    std::string out = "`" + inert(d.document.value_or(""), max_name) + "`";
    if (!d.parameters.empty()) out += " (" + parameters_text(d) + ")";
    out += " on `" + inert(d.instance.value_or(""), max_name) + "`";
    return out;
}

}  // namespace

slack::message outcome_message(const decision& d) {
    const std::string alarm = "*" + inert(d.alarm_name.empty() ? "(no name)" : d.alarm_name, max_name) + "*";
    std::string head;
    std::string details;
    switch (d.kind) {
        case decision_kind::sent: {
            const std::string status = d.status.value_or("unknown");
            const bool success = status == "Success";
            const char* icon = success ? ":white_check_mark:" : (d.failed ? ":x:" : ":hourglass_flowing_sand:");
            head = std::string(icon) + " Remediation of " + alarm + ": ran " + what(d) + ": *" + inert(status, 40) + "*";
            if (!success && !d.reason.empty()) head += "\n" + inert(d.reason, 600);
            if (!d.standard_error.empty()) details = "stderr:\n" + stderr_block(d.standard_error);
            break;
        }
        case decision_kind::dry_run:
            head = ":test_tube: Dry run for " + alarm + ": would run " + what(d) + ". " + inert(d.reason, 300) + ".";
            break;
        case decision_kind::skipped:
            head = std::string(d.failed ? ":warning:" : ":information_source:") + " No remediation for " + alarm +
                   ": " + inert(d.reason, 600);
            break;
    }
    slack::message m;
    m.text = head;
    slack::section main;
    main.text = slack::text::mrkdwn(head);
    m.blocks.emplace_back(std::move(main));
    if (!details.empty()) {
        slack::section more;
        more.text = slack::text::mrkdwn(details);
        m.blocks.emplace_back(std::move(more));
    }
    std::string context = "alarmbridge remediation";
    if (d.rule) context += " · rule `" + inert(*d.rule, max_name) + "`";
    if (d.command_id) context += " · command `" + inert(*d.command_id, 80) + "`";
    slack::context ctx;
    ctx.elements.emplace_back(slack::text::mrkdwn(context));
    m.blocks.emplace_back(std::move(ctx));
    return m;
}

}  // namespace alarmbridge::remediate
