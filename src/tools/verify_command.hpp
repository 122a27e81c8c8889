// `alarmbridge verify [--cert-dir DIR] [--at now|message|RFC3339] [--max-age SECONDS|none] [FILE|-]`
//
// Reads an SNS HTTP body, a JSON array of them, or a Lambda SNS event (every record), verifies each
// message's signature (sns/verify.hpp) and prints a JSON array with one element per message:
// {"message": i, "valid": true|false, "type": "...", "topic_arn": "...", "error": {"code", "message"}}
// (no "error" when valid). Exit 0 when all are valid, 1 when any is not, 2 for usage errors.
#pragma once

#include "options.hpp"

#include <alarmbridge/event.hpp>
#include <alarmbridge/sns/verify.hpp>

#include <nlohmann/json.hpp>

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace alarmbridge::tools {

using json = nlohmann::ordered_json;

/// The verify options, shared by `verify` and the `--verify` of parse, format and send.
struct verify_settings {
    std::optional<std::string> cert_dir;  ///< certificates from this folder instead of HTTPS
    sns::verify_options options;
};

/// --cert-dir, --at and --max-age, read into settings; seen(name) is told each one given.
void add_verify_setting_options(std::vector<option>& options, verify_settings& settings,
                                std::function<void(const char* name)> seen = {});

/// The --verify of parse, format and send: whether it was asked for, with what settings, and
/// the first verify option given (which goes with --verify).
struct verify_request {
    bool on = false;
    verify_settings settings;
    std::string first_option;
};

/// --verify, --cert-dir, --at and --max-age, read into request.
void add_verify_options(std::vector<option>& options, verify_request& request);

/// What is wrong with the request ("--cert-dir goes with --verify"), or nothing.
std::optional<std::string> verify_request_problem(const verify_request& request);

/// With --verify: every record of event whose SNS signature does not verify becomes an error
/// (the verification's), so that it is reported and neither printed, formatted nor sent. An
/// input with no SNS message to verify (EventBridge, a bare alarm) fails every record.
void drop_unverified(result<event>& event, const std::string& input, const verify_settings& settings);

/// The verify command's report on one input: one element per message, in the order of the
/// input's messages (which is parse_event's record order for an SNS body or Lambda event).
struct verify_report {
    json elements;
    std::vector<std::optional<error>> failures;  ///< per element: why it is not valid, or nullopt
    bool all_valid{true};
};
verify_report verify_input(const std::string& input, const verify_settings& settings);

/// The usage text of the verify command.
extern const char* const verify_usage;

/// args: what follows the word "verify". Reads FILE or standard input (at most
/// parse_options::max_input_bytes + 1 bytes), writes to std::cout and std::cerr.
int run_verify(const std::vector<std::string>& args);

/// The same, writing to the given streams (tests).
int run_verify(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace alarmbridge::tools
