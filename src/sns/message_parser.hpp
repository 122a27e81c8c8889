// Internal: reading SNS envelopes from simdjson DOM values.
#pragma once

#include <alarmbridge/sns/message.hpp>

#include "detail/json_reader.hpp"

namespace alarmbridge::detail {

/// An SNS message object: the HTTP(S) body, or the Sns member of a Lambda record. Instantiated
/// for owning and viewing models.
template <class S>
bool read_sns_message(reader& r, const dom::object& obj, const path& at, sns::basic_message<S>& out);

/// The region of an ARN ("arn:aws:sns:us-east-1:123:topic" -> "us-east-1"), or empty.
std::string_view arn_region(std::string_view arn) noexcept;

}  // namespace alarmbridge::detail
