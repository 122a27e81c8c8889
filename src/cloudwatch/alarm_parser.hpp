// Internal: reading alarm payloads from simdjson On-Demand documents.
#pragma once

#include <alarmbridge/cloudwatch/alarm.hpp>

#include "detail/json_reader.hpp"

namespace alarmbridge::detail {

/// The keys of a root object that tell the event shapes apart.
struct root_keys {
    bool records = false;      // Lambda SNS event
    bool type = false;         // SNS envelope
    bool message_id = false;
    bool topic_arn = false;
    bool alarm_name = false;   // SNS alarm JSON
    bool detail = false;       // EventBridge
    bool detail_type = false;
    bool alarm_data = false;   // alarm Lambda action

    bool is_sns_envelope() const noexcept { return type && (message_id || topic_arn); }
    bool is_alarm_event() const noexcept { return alarm_data || detail || detail_type; }
};

/// Reads the root object's keys (values are skipped, not consumed) and rewinds the document.
/// False with r failed when the root is not readable as an object.
bool scan_root_keys(od::document& doc, reader& r, const path& root, root_keys& out);

/// The alarm JSON that SNS carries (PascalCase, Trigger).
bool read_sns_alarm(reader& r, od::object& obj, const path& at, cloudwatch::alarm& out);

/// An EventBridge "CloudWatch Alarm State Change" event or an alarm Lambda-action payload.
bool read_alarm_event(reader& r, od::object& obj, const path& at, cloudwatch::alarm& out);

/// Parses a whole document that scan_root_keys says is an alarm. `fallback_region` (a region
/// code, from the SNS topic) is used when the payload itself does not say.
bool read_alarm_document(reader& r, od::document& doc, const path& root, const root_keys& keys,
                         cloudwatch::alarm& out);

/// Derives what the payload implies: kind, region code, partition, account, the single metric
/// of an EventBridge metric alarm, the triggering children of a composite.
void finish_alarm(cloudwatch::alarm& a, std::string_view fallback_region = {});

}  // namespace alarmbridge::detail
