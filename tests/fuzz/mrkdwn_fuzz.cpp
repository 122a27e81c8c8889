// libFuzzer target: the slack::mrkdwn functions (escape, unescape, link, date, mentions) and slack::truncate.
// The invariants are alarmbridge::fuzz::check_mrkdwn (invariants.hpp); docs/fuzzing.md says how to run it.
#include "invariants.hpp"

ALARMBRIDGE_FUZZ_TARGET(check_mrkdwn)
