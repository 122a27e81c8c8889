// alarmbridge/parse_options.hpp - the limits every parser of untrusted bytes applies, in one place.
//
// parse_event, cloudwatch::parse_alarm, sns::parse_message and slack::parse_message (and so
// alarmbridge parse/format/send/validate) all take these. Each limit is checked before the work
// it bounds: the size before a byte is parsed, the depth before anything recursive touches the
// document, the record count before a record is built. Peak memory stays within a small constant
// factor of the input (docs/errors.md, "Limits").
#pragma once

#include <cstddef>

namespace alarmbridge {

/// Nesting past this many levels (the root counts as one) is refused with errc::too_deep. Fixed:
/// the per-thread parsers are sized for it.
inline constexpr std::size_t max_json_depth = 1000;

struct parse_options {
    /// Larger inputs are refused with errc::too_large (6 MiB: Lambda's synchronous payload limit).
    std::size_t max_input_bytes = 6u * 1024u * 1024u;
    /// A larger SNS Message fails its record with errc::too_large (SNS itself allows 256 KiB).
    std::size_t max_message_bytes = 1024u * 1024u;
    /// More records than this in a Lambda SNS event (`Records`) refuse the input as a whole with
    /// errc::too_large, before any record is read. AWS hands a function one record per event;
    /// the limit is generous for that and finite, so that `{"Records":[{},{},...]}` cannot turn
    /// three bytes per record into kilobytes of failed records (a record's result is ~2.3 KB).
    std::size_t max_records = 1000;
};

}  // namespace alarmbridge
