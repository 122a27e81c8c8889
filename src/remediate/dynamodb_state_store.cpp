// The guardrails' claims as items of a DynamoDB table: conditional PutItem with an owner token,
// TTL on expires_at.
#include <alarmbridge/remediate/state_store.hpp>

#include <alarmbridge/aws/dynamodb.hpp>

#include "aws/digest.hpp"

#include <openssl/rand.h>

#include <mutex>

namespace alarmbridge::remediate {
namespace {

/// 256 random bits in hex, or an error when OpenSSL's generator cannot give them.
result<std::string> owner_token() {
    aws::detail::digest bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
        return error{errc::bad_value, "no random owner token for a claim (OpenSSL RAND_bytes failed): nothing is claimed", ""};
    return aws::detail::hex(bytes);
}

class dynamodb_state_store final : public state_store {
public:
    dynamodb_state_store(std::string table, aws::json_client client) : table_(std::move(table)), client_(std::move(client)) {}

private:
    result<bool> do_claim(const std::string& key, std::int64_t now, std::int64_t expires_at,
                          http::clock::time_point deadline) override {
        auto token = owner_token();
        if (!token) return token.error();
        aws::put_item_request req;
        req.table_name = table_;
        req.item = {{"pk", {{"S", key}}}, {"expires_at", {{"N", std::to_string(expires_at)}}}, {"owner", {{"S", *token}}}};
        req.condition_expression = "attribute_not_exists(pk) OR expires_at <= :now";
        req.expression_attribute_values = {{":now", {{"N", std::to_string(now)}}}};
        req.return_old_item_on_condition_failure = true;
        const std::lock_guard<std::mutex> lock(mutex_);
        auto put = aws::put_item(client_, req, aws::call_options{deadline, true, nullptr});
        if (!put) return with_table(put.error());
        if (put->written) return true;
        // Our own item: an earlier attempt of this claim was written and its answer lost.
        const auto owner = put->old_item.is_object() ? put->old_item.find("owner") : put->old_item.end();
        return owner != put->old_item.end() && owner->is_object() && owner->value("S", "") == *token;
    }

    result<bool> do_release(const std::string& key, http::clock::time_point deadline) override {
        aws::delete_item_request req;
        req.table_name = table_;
        req.key = {{"pk", {{"S", key}}}};
        const std::lock_guard<std::mutex> lock(mutex_);
        auto deleted = aws::delete_item(client_, req, aws::call_options{deadline, true, nullptr});
        if (!deleted) return with_table(deleted.error());
        return *deleted;
    }

    error with_table(const aws::error& e) const {
        error out = e.to_error();
        out.message = "DynamoDB table " + table_ + ": " + out.message;
        return out;
    }

    std::string table_;
    std::mutex mutex_;  // one json_client, one call at a time
    aws::json_client client_;
};

}  // namespace

result<std::shared_ptr<state_store>> make_dynamodb_state_store(std::string table, aws::client_options options) {
    auto client = aws::json_client::create(aws::dynamodb_service, std::move(options));
    if (!client) return client.error().to_error();
    return std::shared_ptr<state_store>(std::make_shared<dynamodb_state_store>(std::move(table), std::move(*client)));
}

}  // namespace alarmbridge::remediate
