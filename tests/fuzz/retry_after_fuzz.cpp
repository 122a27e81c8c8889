// libFuzzer target: slack::parse_retry_after on any header value.
// The invariants are alarmbridge::fuzz::check_retry_after (invariants.hpp); docs/fuzzing.md says how to run it.
#include "invariants.hpp"

ALARMBRIDGE_FUZZ_TARGET(check_retry_after)
