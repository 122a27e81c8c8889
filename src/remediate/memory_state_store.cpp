// The guardrails' claims in this process's memory, bounded: when full, expired claims go first,
// then the oldest state-change keys ("event|..."; the cooldown and cap keys still stop a repeat),
// and only when every entry is a live cooldown or cap claim is a new claim refused.
#include <alarmbridge/remediate/state_store.hpp>

#include <mutex>
#include <string_view>
#include <unordered_map>

namespace alarmbridge::remediate {
namespace {

class memory_state_store final : public state_store {
public:
    explicit memory_state_store(std::size_t max_entries) : max_entries_(max_entries) {}

    result<bool> do_claim(const std::string& key, std::int64_t now, std::int64_t expires_at,
                          http::clock::time_point /*deadline: answers at once*/) override {
        const std::lock_guard<std::mutex> lock(mutex_);
        if (auto it = claims_.find(key); it != claims_.end()) {
            if (it->second > now) return false;
            it->second = expires_at;
            return true;
        }
        if (claims_.size() >= max_entries_) {
            for (auto it = claims_.begin(); it != claims_.end();) it = it->second <= now ? claims_.erase(it) : std::next(it);
            while (claims_.size() >= max_entries_ && forget_oldest_state_change()) {
            }
            if (claims_.size() >= max_entries_)
                return error{errc::too_large,
                             "the in-process remediation memory is full (" + std::to_string(max_entries_) +
                                 " live cooldown and cap claims): nothing is done rather than forgetting",
                             ""};
        }
        claims_.emplace(key, expires_at);
        return true;
    }

    result<bool> do_release(const std::string& key, http::clock::time_point /*deadline*/) override {
        const std::lock_guard<std::mutex> lock(mutex_);
        return claims_.erase(key) > 0;
    }

private:
    /// A state change's key ("event|" or a dry run's "dry|event|"): what may be forgotten early.
    static bool state_change(std::string_view key) {
        return key.rfind("event|", 0) == 0 || key.rfind("dry|event|", 0) == 0;
    }

    /// Drops the state-change claim that expires first (all are kept equally long: the oldest);
    /// false when there is none.
    bool forget_oldest_state_change() {
        auto oldest = claims_.end();
        for (auto it = claims_.begin(); it != claims_.end(); ++it)
            if (state_change(it->first) && (oldest == claims_.end() || it->second < oldest->second)) oldest = it;
        if (oldest == claims_.end()) return false;
        claims_.erase(oldest);
        return true;
    }

    std::size_t max_entries_;
    std::mutex mutex_;
    std::unordered_map<std::string, std::int64_t> claims_;  // key -> expires_at
};

}  // namespace

std::shared_ptr<state_store> make_memory_state_store(std::size_t max_entries) {
    return std::make_shared<memory_state_store>(max_entries == 0 ? 1 : max_entries);
}

}  // namespace alarmbridge::remediate
