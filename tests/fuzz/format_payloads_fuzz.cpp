// libFuzzer target: alarmbridge::format::payloads on any bytes, against payloads(parse_event()).
// The invariants are alarmbridge::fuzz::check_format_payloads (invariants.hpp); docs/fuzzing.md says how to run it.
#include "invariants.hpp"

ALARMBRIDGE_FUZZ_TARGET(check_format_payloads)
