// `alarmbridge verify [--cert-dir DIR] [--at now|message|RFC3339] [--max-age SECONDS|none] [FILE|-]`
//
// Reads an SNS HTTP body, a JSON array of them, or a Lambda SNS event (every record), verifies each
// message's signature (sns/verify.hpp) and prints a JSON array with one element per message:
// {"message": i, "valid": true|false, "type": "...", "topic_arn": "...", "error": {"code", "message"}}
// (no "error" when valid). Exit 0 when all are valid, 1 when any is not, 2 for usage errors.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace alarmbridge::tools {

/// The usage text of the verify command.
extern const char* const verify_usage;

/// args: what follows the word "verify". Uses std::cin, std::cout and std::cerr.
int run_verify(const std::vector<std::string>& args);

/// The same, on the given streams (tests).
int run_verify(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace alarmbridge::tools
