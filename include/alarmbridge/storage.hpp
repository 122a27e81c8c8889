// alarmbridge/storage.hpp - how a model holds what it read: owning its strings, or viewing them.
//
// The models of what AWS sends (cloudwatch::basic_alarm, sns::basic_message, basic_record, ...)
// are templates over one of these two. There is one reader per input shape, and it fills either:
//
//   owning   std::string, and the keys a model does not name kept in nlohmann::json `extra`
//            members. What parse_event and parse_alarm return (cloudwatch::alarm is
//            basic_alarm<owning>): a value that outlives the input.
//   viewing  std::string_view into the parsed document, and keys a model does not name checked
//            and skipped. What format::payloads(bytes) reads each record into and formats at
//            once: a view is valid only until the same thread parses again.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace alarmbridge {

/// Where a viewing model would keep something it does not model: accepts anything, keeps
/// nothing, and is always empty.
struct skipped {
    template <class Key>
    skipped& operator[](const Key&) noexcept { return *this; }
    template <class T>
    skipped& operator=(const T&) noexcept { return *this; }
    bool empty() const noexcept { return true; }
};

struct owning {
    using string = std::string;
    /// The keys of an object that the model does not name: null, or an object of them.
    using extra = nlohmann::json;
    /// A list of strings the formatter never reads (an alarm's action ARNs).
    using string_list = std::vector<std::string>;
    /// Named values (SNS message attributes).
    template <class V>
    using named = std::map<std::string, V>;
};

struct viewing {
    using string = std::string_view;
    using extra = skipped;
    using string_list = skipped;
    template <class V>
    using named = skipped;
};

}  // namespace alarmbridge
