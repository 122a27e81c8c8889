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

/// The alarm JSON that SNS carries (PascalCase, Trigger).
/// Alarm is cloudwatch::alarm or view::alarm (instantiated for both).
template <class Alarm>
bool read_sns_alarm(reader& r, const dom::object& obj, const path& at, Alarm& out);

/// An EventBridge "CloudWatch Alarm State Change" event or an alarm Lambda-action payload.
/// Alarm is cloudwatch::alarm or view::alarm (instantiated for both).
template <class Alarm>
bool read_alarm_event(reader& r, const dom::object& obj, const path& at, Alarm& out);

/// Reads a root object that scan_root_keys says is an alarm, in whichever shape it says.
/// Alarm is cloudwatch::alarm or view::alarm (instantiated for both).
template <class Alarm>
bool read_alarm_document(reader& r, const dom::object& root_object, const path& root, const root_keys& keys,
                         Alarm& out);

/// Derives what the payload implies: kind, region code, partition, account, the single metric
/// of an EventBridge metric alarm, the triggering children of a composite.
void finish_alarm(cloudwatch::alarm& a, std::string_view fallback_region = {});

/// The same for either model (instantiated for both). False when a view cannot hold what it
/// would derive (a composite's children read from its reason data's own JSON): read the owned
/// model then. Always true for the owned model.
template <class Alarm>
bool finish_alarm(Alarm& a, std::string_view fallback_region);

}  // namespace alarmbridge::detail
