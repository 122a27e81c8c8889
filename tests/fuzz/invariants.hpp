// The invariants the fuzzers assert, written once: the libFuzzer targets (tests/fuzz/*_fuzz.cpp)
// abort on a violation so that libFuzzer saves the input, and tests/unit/regressions_test.cpp runs
// every file of tests/data/regressions through the same checks and fails on one.
//
// Each check takes the raw input bytes and returns what it found wrong, one line per violation
// (empty when every invariant holds). docs/fuzzing.md lists the invariants in prose.
#pragma once

#include <alarmbridge/event.hpp>
#include <alarmbridge/format/alarm_message.hpp>
#include <alarmbridge/slack/message.hpp>
#include <alarmbridge/slack/mrkdwn.hpp>
#include <alarmbridge/slack/webhook.hpp>

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <cstdint>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace alarmbridge::fuzz {

using problems = std::vector<std::string>;

// ---- building blocks -------------------------------------------------------------------------

/// An error value is meaningful: a code with a stable name, and a message.
inline void check_error(const error& e, std::string_view what, problems& out) {
    if (to_string(e.code) == "unknown")
        out.push_back(std::string(what) + ": error code " + std::to_string(static_cast<int>(e.code)) + " has no name");
    if (e.message.empty()) out.push_back(std::string(what) + ": error " + std::string(to_string(e.code)) + " without a message");
    if (!e.where.empty() && e.where.front() != '/')
        out.push_back(std::string(what) + ": error location is not a JSON pointer: " + e.where);
}

/// Calls visit(key, value) for every string value of a JSON document (key: the member name, or ""
/// for an array element or the root). Iterative, so a deep document cannot overflow the stack.
template <class Visit>
void for_each_string(const nlohmann::json& root, Visit&& visit) {
    std::vector<std::pair<std::string_view, const nlohmann::json*>> pending{{std::string_view(), &root}};
    while (!pending.empty()) {
        const auto [key, j] = pending.back();
        pending.pop_back();
        if (j->is_string()) {
            visit(key, j->get_ref<const std::string&>());
        } else if (j->is_object()) {
            for (auto it = j->begin(); it != j->end(); ++it) pending.emplace_back(std::string_view(it.key()), &*it);
        } else if (j->is_array()) {
            for (const auto& v : *j) pending.emplace_back(std::string_view(), &v);
        }
    }
}

inline bool starts_with_nocase(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != prefix[i]) return false;
    }
    return true;
}

/// A field whose value Slack opens as a link.
inline bool is_url_key(std::string_view key) {
    return key == "url" || key == "title_link" ||
           (key.size() > 4 && key.substr(key.size() - 4) == "_url");
}

/// Everything live in a message: each mrkdwn control sequence Slack acts on (`<!channel>`,
/// `<!here>`, `<!everyone>`, `<@U…>`, `<#C…>`, `<!subteam^S…>`, `<!date^…>`) by its content
/// before any '|', each link `<http…>` and each URL field value as "link:" + the URL (entities
/// undone, as Slack reads it). Every string of the document counts, whatever its text type.
inline std::set<std::string> live_tokens(const nlohmann::json& message) {
    std::set<std::string> live;
    for_each_string(message, [&live](std::string_view key, const std::string& s) {
        if (is_url_key(key)) live.insert("link:" + s);
        for (std::size_t open = s.find('<'); open != std::string::npos; open = s.find('<', open + 1)) {
            const std::size_t close = s.find('>', open + 1);
            if (close == std::string::npos) break;
            std::string_view inside = std::string_view(s).substr(open + 1, close - open - 1);
            inside = inside.substr(0, inside.find('|'));
            if (starts_with_nocase(inside, "http")) {
                live.insert("link:" + slack::mrkdwn::unescape(inside));
            } else {
                for (std::string_view control : {"!channel", "!here", "!everyone", "@", "#", "!subteam^", "!date^"}) {
                    if (inside.substr(0, control.size()) == control) {
                        live.insert(std::string(inside));
                        break;
                    }
                }
            }
        }
    });
    return live;
}

/// Every '&' of text starts "&amp;", "&lt;" or "&gt;".
inline bool entities_paired(std::string_view text) {
    for (std::size_t at = text.find('&'); at != std::string_view::npos; at = text.find('&', at + 1)) {
        const auto rest = text.substr(at);
        if (rest.substr(0, 5) != "&amp;" && rest.substr(0, 4) != "&lt;" && rest.substr(0, 4) != "&gt;") return false;
    }
    return true;
}

/// The host of an absolute URL, read by libcurl's URL API; nullopt when libcurl cannot read it.
inline std::optional<std::string> url_host(const std::string& url) {
    std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> handle(curl_url(), &curl_url_cleanup);
    if (!handle || curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return std::nullopt;
    char* host = nullptr;
    if (curl_url_get(handle.get(), CURLUPART_HOST, &host, 0) != CURLUE_OK) return std::nullopt;
    std::string out(host);
    curl_free(host);
    return out;
}

/// A host of the AWS console, the only place the formatter links to from text.
inline bool is_console_host(std::string_view host) {
    constexpr std::string_view commercial = ".console.aws.amazon.com";
    return host == "console.amazonaws-us-gov.com" || host == "console.amazonaws.cn" ||
           (host.size() > commercial.size() && host.substr(host.size() - commercial.size()) == commercial);
}

/// A payload's violations of Slack's limits that are errors (warnings are allowed).
inline void check_validates(const nlohmann::json& payload, std::string_view what, problems& out) {
    for (const auto& v : slack::validate(payload))
        if (v.level == slack::severity::error) out.push_back(std::string(what) + " does not validate: " + v.describe());
}

// ---- parse_event -----------------------------------------------------------------------------

/// parse_event never crashes; the event, and each of its records, is a value or a named error.
inline problems check_parse_event(std::string_view input) {
    problems out;
    const auto event = parse_event(input);
    if (!event) {
        check_error(event.error(), "parse_event", out);
        return out;
    }
    for (std::size_t i = 0; i < event->records.size(); ++i)
        if (!event->records[i]) check_error(event->records[i].error(), "record " + std::to_string(i), out);
    return out;
}

// ---- format::payloads ------------------------------------------------------------------------

/// The formatting options a fuzz input is formatted with: every style and locale is reached,
/// chosen by the input's length so that any bytes (and every seed) stay a plain event. No
/// mentions are configured, so none may appear.
inline format::options payload_options(std::size_t input_size) {
    format::options o;
    constexpr format::style styles[] = {format::style::rich, format::style::compact, format::style::blueprint};
    o.style = styles[input_size % 3];
    o.locale = (input_size / 3) % 2 == 0 ? "en" : "ko";
    return o;
}

/// One payload: valid JSON, accepted by slack::validate without errors, and nothing live but what
/// the formatter makes itself: no mention of any kind (none configured), links in text only to
/// the AWS console. (Button URLs may come from the alarm's description by design: the runbook.)
inline void check_payload(const std::string& payload, std::string_view what, problems& out) {
    const auto json = nlohmann::json::parse(payload, nullptr, false);
    if (json.is_discarded()) {
        out.push_back(std::string(what) + " is not valid JSON");
        return;
    }
    check_validates(json, what, out);
    for_each_string(json, [&](std::string_view key, const std::string& s) {
        if (is_url_key(key)) return;
        for (const auto& token : live_tokens(nlohmann::json(s))) {
            if (token.rfind("!date^", 0) == 0) continue;  // the alarm time, built by the formatter
            if (token.rfind("link:", 0) != 0) {
                out.push_back(std::string(what) + " has a live mention no option asked for: <" + token + ">");
                continue;
            }
            const auto host = url_host(token.substr(5));
            if (!host || !is_console_host(*host))
                out.push_back(std::string(what) + " links to somewhere other than the AWS console: " + token.substr(5));
        }
    });
}

/// format::payloads never crashes; each result is a payload that passes check_payload or a
/// named error; and it gives exactly what format::payloads(parse_event(bytes)) gives, as its
/// header promises.
inline problems check_format_payloads(std::string_view input) {
    problems out;
    const auto opts = payload_options(input.size());
    const auto fast = format::payloads(input, opts);
    const auto event = parse_event(input);
    if (!fast) {
        check_error(fast.error(), "payloads", out);
        if (event) out.push_back("payloads failed (" + fast.error().describe() + ") where parse_event succeeded");
        return out;
    }
    if (!event) {
        out.push_back("payloads succeeded where parse_event failed (" + event.error().describe() + ")");
        return out;
    }
    const auto owned = format::payloads(*event, opts);
    if (owned.size() != fast->size())
        out.push_back("payloads gave " + std::to_string(fast->size()) + " results, payloads(parse_event()) " +
                      std::to_string(owned.size()));
    for (std::size_t i = 0; i < fast->size(); ++i) {
        const auto& r = (*fast)[i];
        const std::string what = "payload " + std::to_string(i);
        if (r) check_payload(*r, what, out);
        else check_error(r.error(), what, out);
        if (i >= owned.size()) continue;
        const auto& o = owned[i];
        if (r.has_value() != o.has_value() || (r && *r != *o) ||
            (!r && (r.error().code != o.error().code || r.error().where != o.error().where)))
            out.push_back(what + " differs from payloads(parse_event()) for the same record");
    }
    return out;
}

// ---- slack::parse_message, validate, fit -----------------------------------------------------

/// A violation fit() promises to remove: a text longer than its limit that fit cuts (the message
/// text; section, header and context texts; section fields; button labels and values), or a count
/// it splits or cuts (section fields, context elements, blocks).
inline bool fit_promises_to_fix(const slack::violation& v) {
    if (!v.limit || !v.actual || *v.actual <= *v.limit) return false;  // not "longer or more than"
    static const std::regex cut_texts(
        R"(/text|(/attachments/[0-9]+)?/blocks(/[0-9]+/(text/text|fields|fields/[0-9]+/text|elements/[0-9]+/text|)"
        R"(accessory/text/text|accessory/value|elements/[0-9]+/text/text|elements/[0-9]+/value))?)");
    static const std::regex counted_elements(R"((/attachments/[0-9]+)?/blocks/[0-9]+/elements)");
    if (std::regex_match(v.path, counted_elements)) return *v.limit == slack::limits::context_elements;
    return std::regex_match(v.path, cut_texts);
}

/// A message that parses serializes to valid JSON and validate() never crashes on it. fit()'s
/// messages have no error that fit promises to fix and no error its input did not have (it does
/// not invent a color or shorten a URL, so such errors stay); and nothing is live in them that
/// was not live in the input.
inline problems check_slack_message(std::string_view input) {
    problems out;
    auto message = slack::parse_message(input);
    if (!message) {
        check_error(message.error(), "parse_message", out);
        return out;
    }
    if (nlohmann::json::parse(slack::serialize(*message), nullptr, false).is_discarded())
        out.push_back("serialize() of a parsed message is not valid JSON");
    // What the input had, then no copy of it is kept: the heap budget counts the library's memory.
    std::set<std::string> errors_before;
    std::set<std::string> live_before;
    {
        nlohmann::json in;
        to_json(in, *message);
        for (const auto& v : slack::validate(in))
            if (v.level == slack::severity::error) errors_before.insert(v.message);
        live_before = live_tokens(in);
    }
    const auto fitted = slack::fit(std::move(*message));
    for (std::size_t i = 0; i < fitted.messages.size(); ++i) {
        const std::string what = "fit() message " + std::to_string(i);
        nlohmann::json j;
        to_json(j, fitted.messages[i]);
        for (const auto& v : slack::validate(j)) {
            if (v.level != slack::severity::error) continue;
            if (fit_promises_to_fix(v)) out.push_back(what + " left what fit() fixes: " + v.describe());
            else if (errors_before.count(v.message) == 0) out.push_back(what + " has an error its input had not: " + v.describe());
        }
        for (const auto& token : live_tokens(j))
            if (live_before.count(token) == 0) out.push_back(what + " made something live: <" + token + ">");
    }
    return out;
}

// ---- slack::parse_retry_after ----------------------------------------------------------------

/// The "now" the fuzzers read Retry-After against: 2026-11-30T00:00:00Z, fixed so that every
/// run reads an input the same way.
inline std::chrono::system_clock::time_point retry_after_now() {
    return std::chrono::system_clock::time_point(std::chrono::seconds(1796083200));
}

/// A date libcurl (which parse_retry_after reads HTTP dates with) places after now: false for
/// delta-seconds, for what is not a date, and for a date not later than now.
inline bool is_future_http_date(std::string_view input, std::chrono::system_clock::time_point now) {
    if (std::none_of(input.begin(), input.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }))
        return false;
    const std::string text(input);
    const time_t when = curl_getdate(text.c_str(), nullptr);
    return when != static_cast<time_t>(-1) &&
           when > std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
}

/// parse_retry_after never crashes and never answers a negative wait; a date after now is never
/// a wait of zero (it may be unreadable, or capped, but not "retry at once").
inline problems check_retry_after(std::string_view input) {
    problems out;
    const auto now = retry_after_now();
    const auto wait = slack::parse_retry_after(input, now);
    if (wait && wait->count() < 0)
        out.push_back("parse_retry_after gave a negative wait: " + std::to_string(wait->count()) + " ms");
    if (wait && wait->count() == 0 && is_future_http_date(input, now))
        out.push_back("parse_retry_after gave no wait for a date after now");
    return out;
}

// ---- mrkdwn ----------------------------------------------------------------------------------

/// escape() leaves no '<', '>' or bare '&', and unescape() undoes it; no truncation
/// (slack::truncate, what fit() and the formatter cut escaped text with) leaves a broken entity;
/// link(), date() and the mentions make exactly one live sequence or none. The input is split at
/// its first NUL byte into a (URL, ID or date tokens) and b (label or fallback).
inline problems check_mrkdwn(std::string_view input) {
    namespace md = slack::mrkdwn;
    problems out;
    const std::string escaped = md::escape(input);
    if (escaped.find_first_of("<>") != std::string::npos) out.push_back("escape() left a '<' or '>'");
    if (!entities_paired(escaped)) out.push_back("escape() left an '&' that starts no entity");
    if (md::unescape(escaped) != input) out.push_back("unescape(escape(x)) != x");
    std::string appended = "prefix";
    md::append_escaped(appended, input);
    if (appended.compare(0, 6, "prefix") != 0 || appended.compare(6, std::string::npos, escaped) != 0)
        out.push_back("append_escaped() differs from escape()");

    const std::size_t n = slack::count_characters(escaped);
    for (std::size_t max : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{4}, std::size_t{5}, n / 2,
                            n > 0 ? n - 1 : 0}) {
        const std::string cut = slack::truncate(escaped, max);
        if (slack::count_characters(cut) > max) out.push_back("truncate(escape(x), " + std::to_string(max) + ") is too long");
        if (!entities_paired(cut)) {
            out.push_back("truncate(escape(x), " + std::to_string(max) + ") broke an entity: " + cut.substr(cut.size() > 16 ? cut.size() - 16 : 0));
            break;
        }
    }

    const auto nul = input.find('\0');
    const std::string_view a = input.substr(0, nul);
    const std::string_view b = nul == std::string_view::npos ? std::string_view() : input.substr(nul + 1);
    // Exactly one live sequence, the whole text: '<' first, '>' last, none between.
    auto one_sequence = [](std::string_view s) {
        return s.size() >= 2 && s.front() == '<' && s.back() == '>' &&
               s.substr(1, s.size() - 2).find_first_of("<>") == std::string_view::npos;
    };
    const std::string link = md::link(a, b);
    if (md::detail::is_http_url(a)) {
        if (!one_sequence(link)) out.push_back("link() of an http URL is not one link: " + link.substr(0, 64));
        else if (!entities_paired(link)) out.push_back("link() left an '&' that starts no entity");
    } else if (link.find_first_of("<>") != std::string::npos) {
        out.push_back("link() of a URL that is not http(s) made something live");
    }
    std::uint64_t seconds = 0;
    for (unsigned char c : b.substr(0, 8)) seconds = seconds << 8 | c;
    if (const auto date = md::date(static_cast<std::int64_t>(seconds), a, b)) {
        if (!one_sequence(*date) || date->rfind("<!date^", 0) != 0) out.push_back("date() is not one date sequence");
    }
    for (const auto& mention : {md::mention_user(a), md::mention_group(a), md::mention_channel(a)}) {
        if (!mention) continue;
        if (!one_sequence(*mention) || mention->find(a) == std::string::npos) out.push_back("a mention is not one sequence of its ID");
        if (!std::all_of(a.begin(), a.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }))
            out.push_back("a mention of an ID that is not one");
    }
    return out;
}

// ---- for the fuzz targets ----------------------------------------------------------------------

/// Prints the violations and aborts, so that libFuzzer reports the input as a crash.
inline void abort_on(const problems& found) {
    if (found.empty()) return;
    for (const auto& p : found) std::fprintf(stderr, "invariant violated: %s\n", p.c_str());
    std::abort();
}

}  // namespace alarmbridge::fuzz

/// Defines the libFuzzer entry point of a target that runs one check on each input.
#define ALARMBRIDGE_FUZZ_TARGET(check)                                                           \
    extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {          \
        alarmbridge::fuzz::abort_on(                                                             \
            alarmbridge::fuzz::check(std::string_view(reinterpret_cast<const char*>(data), size))); \
        return 0;                                                                                \
    }
