// alarmbridge/remediate/state_store.hpp - where the guardrails remember what was done: claims on
// keys that expire. In-process memory (one container) or a DynamoDB table (every function).
//
//   auto store = remediate::make_memory_state_store(10000);
//   auto taken = store->claim("event|arn:...|2022-06-28T01:57:35.603+0000", now, now + 86400);
//   if (taken && *taken) act();   // false: someone holds it until it expires
//
// One action per state change, the cooldown and the hourly cap are all claims: the state change's
// key for a day, the (instance, action) key for the cooldown, and one of max_per_hour slot keys
// for an hour.
#pragma once

#include <alarmbridge/aws/client.hpp>
#include <alarmbridge/export.hpp>
#include <alarmbridge/result.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace alarmbridge::remediate {

class state_store {
public:
    virtual ~state_store() = default;
    /// Takes key until expires_at (seconds since the epoch) when nobody holds it at now: true
    /// when taken, false when held. Atomic: of two racing claims, one wins.
    virtual result<bool> claim(const std::string& key, std::int64_t now, std::int64_t expires_at) = 0;
    /// Gives a claim back (one that led to nothing).
    virtual result<bool> release(const std::string& key) = 0;
};

/// In-process claims, at most max_entries of them: expired ones are dropped first; when all are
/// live, a new claim is refused (errc::too_large: nothing is acted on rather than forgetting).
ALARMBRIDGE_API std::shared_ptr<state_store> make_memory_state_store(std::size_t max_entries = 10000);

/// Claims as items of a DynamoDB table with the string key "pk": a conditional PutItem
/// (attribute_not_exists(pk) OR expires_at <= now) with "expires_at" as the table's TTL attribute.
ALARMBRIDGE_API result<std::shared_ptr<state_store>> make_dynamodb_state_store(std::string table,
                                                                              aws::client_options options = {});

}  // namespace alarmbridge::remediate
