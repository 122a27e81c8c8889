// libFuzzer target: alarmbridge::parse_event on any bytes.
// The invariants are alarmbridge::fuzz::check_parse_event (invariants.hpp); docs/fuzzing.md says how to run it.
#include "invariants.hpp"

ALARMBRIDGE_FUZZ_TARGET(check_parse_event)
