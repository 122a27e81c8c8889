// The guardrails' claims in this process's memory, bounded.
#include <alarmbridge/remediate/state_store.hpp>

#include <mutex>
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
            if (claims_.size() >= max_entries_)
                return error{errc::too_large,
                             "the in-process remediation memory is full (" + std::to_string(max_entries_) +
                                 " live claims): nothing is done rather than forgetting",
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
    std::size_t max_entries_;
    std::mutex mutex_;
    std::unordered_map<std::string, std::int64_t> claims_;  // key -> expires_at
};

}  // namespace

std::shared_ptr<state_store> make_memory_state_store(std::size_t max_entries) {
    return std::make_shared<memory_state_store>(max_entries == 0 ? 1 : max_entries);
}

}  // namespace alarmbridge::remediate
