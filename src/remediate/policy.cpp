// Reading a remediation policy: every key known, every error at its JSON pointer.
#include <alarmbridge/remediate/policy.hpp>

#include "detail/json_pointer.hpp"
#include "remediate/allowlist.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <functional>
#include <initializer_list>
#include <optional>
#include <set>

namespace alarmbridge::remediate {
namespace {

using json = nlohmann::json;
using alarmbridge::detail::json_type_name;
using alarmbridge::detail::pointer_child;

constexpr std::size_t max_policy_bytes = 256 * 1024;

/// Finds the first key that an object of the JSON repeats (nlohmann keeps the last silently), as
/// nlohmann's parser callback: a stack of the open objects' keys and arrays' indexes.
class duplicate_key_finder {
public:
    std::optional<std::string> found;  ///< the JSON pointer of the repeated key

    bool operator()(int /*depth*/, json::parse_event_t event, json& parsed) {
        switch (event) {
            case json::parse_event_t::object_start:
            case json::parse_event_t::array_start:
                next_element();
                open_.push_back(frame{event == json::parse_event_t::object_start, {}, {}, 0, false});
                break;
            case json::parse_event_t::object_end:
            case json::parse_event_t::array_end:
                if (!open_.empty()) open_.pop_back();
                break;
            case json::parse_event_t::key:
                if (!open_.empty() && parsed.is_string()) {
                    auto& top = open_.back();
                    top.key = parsed.get<std::string>();
                    if (!top.keys.insert(top.key).second && !found) found = pointer();
                }
                break;
            case json::parse_event_t::value:
                next_element();
                break;
        }
        return true;
    }

private:
    struct frame {
        bool object;
        std::set<std::string> keys;
        std::string key;     // object: the key being read
        std::size_t index;   // array: the element being read
        bool started;        // array: an element was seen
    };
    std::vector<frame> open_;

    void next_element() {
        if (open_.empty() || open_.back().object) return;
        auto& top = open_.back();
        if (top.started) ++top.index;
        top.started = true;
    }

    std::string pointer() const {
        std::string out;
        for (const auto& f : open_) out = f.object ? pointer_child(out, f.key) : pointer_child(out, f.index);
        return out;
    }
};

/// AWS's documents that run what their parameters say (a shell script, a playbook, a recipe,
/// another document): a policy must not name them, whatever the allowlist. name may be an ARN.
bool runs_arbitrary_code(std::string_view name) {
    if (const auto slash = name.rfind('/'); slash != std::string_view::npos) name.remove_prefix(slash + 1);
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const auto starts = [&](std::string_view p) { return lower.rfind(p, 0) == 0; };
    const auto ends = [&](std::string_view p) { return lower.size() >= p.size() && lower.compare(lower.size() - p.size(), p.size(), p) == 0; };
    if (starts("aws-run") && ends("script")) return true;  // AWS-RunShellScript, AWS-RunPowerShellScript, AWS-RunRemoteScript
    for (std::string_view known : {"aws-applychefrecipes", "aws-applyansibleplaybooks", "aws-runansibleplaybook", "aws-runsaltstate",
                                   "aws-rundocument", "aws-rundockeraction", "aws-runpatchbaselinewithhooks", "aws-configuredocker"})
        if (lower == known) return true;
    return false;
}

/// Reads one object's keys against the ones it may have; every reader sets err and returns false.
class reader {
public:
    error err;

    bool fail(errc code, std::string where, std::string message) {
        err = error{code, std::move(message), std::move(where)};
        return false;
    }

    bool expect(const json& j, json::value_t type, const std::string& where, const char* expected) {
        if (j.type() == type || (type == json::value_t::number_integer && j.is_number_unsigned())) return true;
        return fail(errc::wrong_type, where, std::string("expected ") + expected + ", got " + json_type_name(j));
    }

    bool only_keys(const json& j, const std::string& where, std::initializer_list<const char*> known) {
        if (!expect(j, json::value_t::object, where, "an object")) return false;
        for (const auto& item : j.items()) {
            bool ok = false;
            for (const char* k : known) ok = ok || item.key() == k;
            if (!ok) return fail(errc::bad_value, pointer_child(where, item.key()), "unknown key");
        }
        return true;
    }

    bool text(const json& j, const std::string& where, std::string& out, bool non_empty = true) {
        if (!expect(j, json::value_t::string, where, "a string")) return false;
        out = j.get<std::string>();
        if (non_empty && out.empty()) return fail(errc::bad_value, where, "must not be empty");
        return true;
    }

    bool whole(const json& j, const std::string& where, std::int64_t least, std::int64_t most, std::int64_t& out) {
        if (!j.is_number_integer()) return fail(errc::wrong_type, where, std::string("expected a whole number, got ") + json_type_name(j));
        if (j.is_number_unsigned() && j.get<std::uint64_t>() > static_cast<std::uint64_t>(most))
            return fail(errc::bad_value, where, "must be at most " + std::to_string(most));
        out = j.get<std::int64_t>();
        if (out < least || out > most)
            return fail(errc::bad_value, where, "must be from " + std::to_string(least) + " to " + std::to_string(most));
        return true;
    }

    bool texts(const json& j, const std::string& where, std::vector<std::string>& out) {
        if (!expect(j, json::value_t::array, where, "an array")) return false;
        for (std::size_t i = 0; i < j.size(); ++i) {
            std::string s;
            if (!text(j[i], pointer_child(where, i), s)) return false;
            out.push_back(std::move(s));
        }
        return true;
    }

    /// An anchored pattern, compiled here once (pattern.hpp's dialect).
    bool pattern(const json& j, const std::string& where, remediate::pattern& out) {
        std::string source;
        if (!text(j, where, source)) return false;
        auto compiled = remediate::pattern::compile(std::move(source));
        if (!compiled) return fail(errc::bad_value, where, compiled.error().message);
        out = std::move(*compiled);
        return true;
    }

    bool source(const json& j, const std::string& where, parameter_source& out, const char* dimension_key) {
        if (!only_keys(j, where, {dimension_key, "allowed", "allowed_pattern", "document"})) return false;
        // "document" is restart_service's own key; a run_document parameter must not have it.
        if (std::string_view(dimension_key) == "from_dimension" && j.contains("document"))
            return fail(errc::bad_value, pointer_child(where, "document"), "unknown key");
        if (!j.contains(dimension_key))
            return fail(errc::missing_field, pointer_child(where, dimension_key), "the dimension the value comes from is required");
        if (!text(j[dimension_key], pointer_child(where, dimension_key), out.from_dimension)) return false;
        if (j.contains("allowed")) {
            if (!texts(j["allowed"], pointer_child(where, "allowed"), out.allowed)) return false;
            for (std::size_t i = 0; i < out.allowed.size(); ++i)
                if (auto problem = detail::value_problem(out.allowed[i]))
                    return fail(errc::bad_value, pointer_child(pointer_child(where, "allowed"), i), *problem);
        }
        if (j.contains("allowed_pattern") && !pattern(j["allowed_pattern"], pointer_child(where, "allowed_pattern"), out.allowed_pattern))
            return false;
        if (out.allowed.empty() && out.allowed_pattern.empty())
            return fail(errc::missing_field, pointer_child(where, "allowed"),
                        "an allowlist is required: \"allowed\" (exact values) or \"allowed_pattern\"");
        return true;
    }

    /// An SSM document's name: text, and not one of AWS's that run arbitrary code.
    bool document(const json& j, const std::string& where, std::string& out) {
        if (!text(j, where, out)) return false;
        if (runs_arbitrary_code(out))
            return fail(errc::bad_value, where,
                        "\"" + out + "\" runs whatever its parameters say (a script, a playbook, another document): "
                        "name a narrow document such as alarmbridge-RestartService");
        return true;
    }

    bool action(const json& j, const std::string& where, remediate::action& out) {
        if (!only_keys(j, where, {"restart_service", "run_document"})) return false;
        if (j.size() != 1)
            return fail(errc::bad_value, where, "exactly one of \"restart_service\" and \"run_document\" is required");
        if (j.contains("restart_service")) {
            const std::string w = pointer_child(where, "restart_service");
            const json& r = j["restart_service"];
            parameter_source src;
            if (!source(r, w, src, "service_from_dimension")) return false;
            out.document = std::string(restart_service_document);
            if (r.contains("document") && !document(r["document"], pointer_child(w, "document"), out.document)) return false;
            out.parameters.emplace("ServiceName", std::move(src));
            return true;
        }
        const std::string w = pointer_child(where, "run_document");
        const json& r = j["run_document"];
        if (!only_keys(r, w, {"document", "parameters"})) return false;
        if (!r.contains("document")) return fail(errc::missing_field, pointer_child(w, "document"), "the document's name is required");
        if (!document(r["document"], pointer_child(w, "document"), out.document)) return false;
        if (r.contains("parameters")) {
            const std::string pw = pointer_child(w, "parameters");
            if (!expect(r["parameters"], json::value_t::object, pw, "an object")) return false;
            for (const auto& item : r["parameters"].items()) {
                parameter_source src;
                if (!source(item.value(), pointer_child(pw, item.key()), src, "from_dimension")) return false;
                out.parameters.emplace(item.key(), std::move(src));
            }
        }
        return true;
    }

    bool match(const json& j, const std::string& where, remediate::match& out) {
        if (!only_keys(j, where, {"alarm_name", "namespace", "metric_name", "dimensions"})) return false;
        if (j.contains("alarm_name") && !pattern(j["alarm_name"], pointer_child(where, "alarm_name"), out.alarm_name)) return false;
        std::string s;
        if (j.contains("namespace")) {
            if (!text(j["namespace"], pointer_child(where, "namespace"), s)) return false;
            out.namespace_ = s;
        }
        if (j.contains("metric_name")) {
            if (!text(j["metric_name"], pointer_child(where, "metric_name"), s)) return false;
            out.metric_name = s;
        }
        if (j.contains("dimensions") && !texts(j["dimensions"], pointer_child(where, "dimensions"), out.dimensions)) return false;
        return true;
    }

    /// A MaxConcurrency / MaxErrors value: a string in SSM's format (a number or a percentage).
    bool rollout_value(const json& j, const std::string& where, bool zero_allowed, std::string& out) {
        if (!text(j, where, out)) return false;
        if (auto problem = detail::rollout_problem(out, zero_allowed)) return fail(errc::bad_value, where, *problem);
        return true;
    }

    bool group(const json& j, const std::string& where, group_rollout& out) {
        if (!only_keys(j, where, {"max_concurrency", "max_errors"})) return false;
        if (j.contains("max_concurrency") &&
            !rollout_value(j["max_concurrency"], pointer_child(where, "max_concurrency"), false, out.max_concurrency))
            return false;
        if (j.contains("max_errors") && !rollout_value(j["max_errors"], pointer_child(where, "max_errors"), true, out.max_errors))
            return false;
        return true;
    }

    bool rule(const json& j, const std::string& where, remediate::rule& out) {
        if (!only_keys(j, where,
                       {"name", "match", "action", "on_states", "cooldown_seconds", "max_per_hour", "timeout_seconds",
                        "auto_scaling_group"}))
            return false;
        for (const char* k : {"name", "match", "action"})
            if (!j.contains(k)) return fail(errc::missing_field, pointer_child(where, k), "required");
        if (!text(j["name"], pointer_child(where, "name"), out.name)) return false;
        if (!match(j["match"], pointer_child(where, "match"), out.match)) return false;
        if (!action(j["action"], pointer_child(where, "action"), out.action)) return false;
        if (j.contains("on_states")) {
            std::vector<std::string> names;
            const std::string w = pointer_child(where, "on_states");
            if (!texts(j["on_states"], w, names)) return false;
            if (names.empty()) return fail(errc::bad_value, w, "must name at least one state");
            out.on_states.clear();
            for (std::size_t i = 0; i < names.size(); ++i) {
                auto s = cloudwatch::alarm_state_from_string(names[i]);
                if (!s) return fail(errc::bad_value, pointer_child(w, i), "expected \"ALARM\", \"OK\" or \"INSUFFICIENT_DATA\"");
                out.on_states.push_back(*s);
            }
        }
        std::int64_t n = 0;
        if (j.contains("cooldown_seconds")) {
            if (!whole(j["cooldown_seconds"], pointer_child(where, "cooldown_seconds"), 0, 7 * 86400, n)) return false;
            out.cooldown_seconds = n;
        }
        if (j.contains("max_per_hour")) {
            if (!whole(j["max_per_hour"], pointer_child(where, "max_per_hour"), 1, 60, n)) return false;
            out.max_per_hour = static_cast<int>(n);
        }
        if (j.contains("timeout_seconds")) {
            // SendCommand's TimeoutSeconds: 30 to 2 592 000.
            if (!whole(j["timeout_seconds"], pointer_child(where, "timeout_seconds"), 30, 2592000, n)) return false;
            out.timeout_seconds = static_cast<int>(n);
        }
        if (j.contains("auto_scaling_group")) {
            group_rollout g;
            if (!group(j["auto_scaling_group"], pointer_child(where, "auto_scaling_group"), g)) return false;
            out.auto_scaling_group = std::move(g);
        }
        return true;
    }

    bool top(const json& j, policy& out) {
        if (!only_keys(j, "", {"mode", "rules", "state_table", "max_memory_entries"})) return false;
        if (j.contains("mode")) {
            std::string m;
            if (!text(j["mode"], "/mode", m)) return false;
            if (m == "enforce") out.mode = mode::enforce;
            else if (m == "dry_run") out.mode = mode::dry_run;
            else return fail(errc::bad_value, "/mode", "expected \"dry_run\" or \"enforce\"");
        }
        if (!j.contains("rules")) return fail(errc::missing_field, "/rules", "required");
        if (!expect(j["rules"], json::value_t::array, "/rules", "an array")) return false;
        for (std::size_t i = 0; i < j["rules"].size(); ++i) {
            remediate::rule r;
            if (!rule(j["rules"][i], pointer_child(std::string("/rules"), i), r)) return false;
            for (const auto& earlier : out.rules)
                if (earlier.name == r.name)
                    return fail(errc::bad_value, pointer_child(pointer_child(std::string("/rules"), i), "name"), "another rule has this name");
            out.rules.push_back(std::move(r));
        }
        if (j.contains("state_table") && !text(j["state_table"], "/state_table", out.state_table)) return false;
        if (j.contains("max_memory_entries")) {
            std::int64_t n = 0;
            if (!whole(j["max_memory_entries"], "/max_memory_entries", 16, 1000000, n)) return false;
            out.max_memory_entries = static_cast<std::size_t>(n);
        }
        return true;
    }
};

}  // namespace

result<policy> parse_policy(std::string_view text) {
    if (text.size() > max_policy_bytes)
        return error{errc::too_large, "a policy is at most " + std::to_string(max_policy_bytes) + " bytes", ""};
    duplicate_key_finder duplicates;
    const json j = json::parse(text, std::ref(duplicates), false);
    if (j.is_discarded()) return error{errc::json_syntax, "the policy is not valid JSON", ""};
    if (duplicates.found)
        return error{errc::bad_value, "this key appears twice in its object (JSON keeps only one: which was meant?)", *duplicates.found};
    reader r;
    policy out;
    if (!r.top(j, out)) return r.err;
    return out;
}

result<std::optional<policy>> policy_from_environment(const aws::environment& environment) {
    const auto value = aws::non_empty(environment, policy_variable);
    if (!value) return std::optional<policy>();
    auto p = parse_policy(*value);
    if (!p) {
        error e = p.error();
        e.message = std::string(policy_variable) + ": " + e.message;
        return e;
    }
    return std::optional<policy>(std::move(*p));
}

}  // namespace alarmbridge::remediate
