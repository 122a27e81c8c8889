// Internal: what an alarm's reason data says beyond its text, read once, by the reader.
//
// The reason data is JSON text inside the alarm (NewStateReasonData, reasonData): for a metric
// alarm it lists the recent datapoints, for a composite the triggering alarms. finish_alarm reads
// it here, once per alarm, into the model: state.recent_datapoints, and the triggering children
// when the payload gave none otherwise.
#pragma once

#include <alarmbridge/cloudwatch/alarm.hpp>

#include <vector>

namespace alarmbridge::detail {

/// Reads s.reason_data into s.recent_datapoints (numbers only, in order, from the root object's
/// last "recentDatapoints" array) and, when children is not null, appends the alarms of its last
/// "triggeringAlarms" array (each an object with a string "arn"; its state's value and timestamp
/// when they are strings; anything else skipped). Reason data that is not JSON, or not an object,
/// gives nothing. Nesting past simdjson's depth limit is read for the datapoints by nlohmann's SAX
/// parser (iterative, no tree) and gives no children. A viewing model's children view the
/// thread's reason parser: valid until it parses again.
template <class S>
void read_reason_data(cloudwatch::basic_state<S>& s, std::vector<cloudwatch::basic_triggering_child<S>>* children);

}  // namespace alarmbridge::detail
