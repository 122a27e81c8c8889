// The guardrails' claims as items of a DynamoDB table: conditional PutItem, TTL on expires_at.
#include <alarmbridge/remediate/state_store.hpp>

#include <alarmbridge/aws/dynamodb.hpp>

#include <mutex>

namespace alarmbridge::remediate {
namespace {

class dynamodb_state_store final : public state_store {
public:
    dynamodb_state_store(std::string table, aws::json_client client) : table_(std::move(table)), client_(std::move(client)) {}

    result<bool> claim(const std::string& key, std::int64_t now, std::int64_t expires_at) override {
        aws::put_item_request req;
        req.table_name = table_;
        req.item = {{"pk", {{"S", key}}}, {"expires_at", {{"N", std::to_string(expires_at)}}}};
        req.condition_expression = "attribute_not_exists(pk) OR expires_at <= :now";
        req.expression_attribute_values = {{":now", {{"N", std::to_string(now)}}}};
        const std::lock_guard<std::mutex> lock(mutex_);
        auto written = aws::put_item(client_, req);
        if (!written) return with_table(written.error());
        return *written;
    }

    result<bool> release(const std::string& key) override {
        aws::delete_item_request req;
        req.table_name = table_;
        req.key = {{"pk", {{"S", key}}}};
        const std::lock_guard<std::mutex> lock(mutex_);
        auto deleted = aws::delete_item(client_, req);
        if (!deleted) return with_table(deleted.error());
        return *deleted;
    }

private:
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
