// Internal: reading alarm payloads from simdjson DOM values.
#pragma once

#include <alarmbridge/cloudwatch/alarm.hpp>

#include "detail/json_reader.hpp"

namespace alarmbridge::detail {

/// What the first decisive key of a root object says it is.
struct root_keys {
    bool records = false;      // Lambda SNS event
    bool type = false;         // SNS envelope (HTTP body)
    bool alarm_name = false;   // SNS alarm JSON
    bool new_state_value = false;
    bool detail = false;       // EventBridge
    bool detail_type = false;
    bool alarm_data = false;   // alarm Lambda action

    bool is_sns_envelope() const noexcept { return type; }
    bool is_alarm_event() const noexcept { return alarm_data || detail || detail_type; }
    bool is_sns_alarm() const noexcept { return alarm_name || new_state_value; }
};

/// Reads the root object's keys up to the first one that tells the shape.
root_keys scan_root_keys(const dom::object& root);

/// Reads a root object that scan_root_keys says is an alarm, in whichever shape it says: the
/// alarm JSON SNS carries (PascalCase, Trigger), an EventBridge "CloudWatch Alarm State Change"
/// event or an alarm Lambda-action payload. Instantiated for owning and viewing models.
template <class S>
bool read_alarm_document(reader& r, const dom::object& root_object, const path& root, const root_keys& keys,
                         cloudwatch::basic_alarm<S>& out);

/// Derives what the payload implies: kind, region code, partition, account, the single metric
/// of an EventBridge metric alarm; and reads the reason data (once): recent datapoints, and a
/// composite's triggering children when the payload gave none. fallback_region is the region to
/// assume when nothing else says (the SNS topic's).
template <class S>
void finish_alarm(cloudwatch::basic_alarm<S>& a, std::string_view fallback_region);

}  // namespace alarmbridge::detail
