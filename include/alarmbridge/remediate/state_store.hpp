// alarmbridge/remediate/state_store.hpp - where the guardrails remember what was done: claims on
// keys that expire. In-process memory (one container) or a DynamoDB table (every function).
//
//   auto store = remediate::make_memory_state_store(10000);
//   auto taken = store->claim("event|<sha256 hex of the ARN and the state-change time>", now, now + 86400);
//   if (taken && *taken) act();   // false: someone holds it until it expires
//
// One action per state change, the cooldown and the hourly cap are all claims: the state change's
// key for a day, the (instance, action) key for the cooldown, and one of max_per_hour slot keys
// for an hour.
//
// Each call takes an optional deadline (on the clock of the store's aws::client_options::
// steady_now): a DynamoDB call is not started at or after it, and its attempts and backoffs end
// by it (errc::deadline_exceeded otherwise). The in-process store answers at once.
#pragma once

#include <alarmbridge/aws/client.hpp>
#include <alarmbridge/export.hpp>
#include <alarmbridge/http/transport.hpp>
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
    /// when taken, false when held. Atomic: of two racing claims, one wins; a claim whose answer
    /// was lost and that is sent again is still won by whoever made it.
    result<bool> claim(const std::string& key, std::int64_t now, std::int64_t expires_at,
                       http::clock::time_point deadline = http::clock::time_point::max()) {
        return do_claim(key, now, expires_at, deadline);
    }
    /// Gives a claim back (one that led to nothing).
    result<bool> release(const std::string& key, http::clock::time_point deadline = http::clock::time_point::max()) {
        return do_release(key, deadline);
    }

protected:
    virtual result<bool> do_claim(const std::string& key, std::int64_t now, std::int64_t expires_at,
                                  http::clock::time_point deadline) = 0;
    virtual result<bool> do_release(const std::string& key, http::clock::time_point deadline) = 0;
};

/// In-process claims, at most max_entries of them. When full: expired claims go first, then the
/// oldest state-change keys ("event|", "dry|event|"; the cooldown and cap still guard against a
/// repeat); a new claim is refused (errc::too_large: nothing is acted on) only when every entry is
/// a live cooldown or cap claim.
ALARMBRIDGE_API std::shared_ptr<state_store> make_memory_state_store(std::size_t max_entries = 10000);

/// Claims as items of a DynamoDB table with the string key "pk": a conditional PutItem
/// (attribute_not_exists(pk) OR expires_at <= now) with "expires_at" as the table's TTL attribute
/// and "owner", a random token of the claim (OpenSSL RAND_bytes), asking for the old item when
/// the condition fails (ReturnValuesOnConditionCheckFailure ALL_OLD): a PutItem the client sent
/// again because the first one's answer was lost meets its own item, and the claim is won.
/// options.steady_now is the clock of the deadlines.
ALARMBRIDGE_API result<std::shared_ptr<state_store>> make_dynamodb_state_store(std::string table,
                                                                              aws::client_options options = {});

}  // namespace alarmbridge::remediate
