// libFuzzer target: slack::parse_message, then slack::validate and slack::fit on what parses.
// The invariants are alarmbridge::fuzz::check_slack_message (invariants.hpp); docs/fuzzing.md says how to run it.
#include "invariants.hpp"

ALARMBRIDGE_FUZZ_TARGET(check_slack_message)
