// DynamoDB PutItem and DeleteItem with conditions over the JSON client.
#include <alarmbridge/aws/dynamodb.hpp>

namespace alarmbridge::aws {
namespace {

void add_condition(nlohmann::json& body, const std::string& condition, const nlohmann::json& names,
                   const nlohmann::json& values) {
    if (condition.empty()) return;
    body["ConditionExpression"] = condition;
    if (names.is_object() && !names.empty()) body["ExpressionAttributeNames"] = names;
    if (values.is_object() && !values.empty()) body["ExpressionAttributeValues"] = values;
}

/// true on success, false when the condition failed, else the error.
outcome<bool> conditional_call(json_client& dynamodb, const char* operation, const nlohmann::json& body) {
    auto answer = dynamodb.call(operation, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    if (answer) return true;
    if (answer.error().aws_code == "ConditionalCheckFailedException") return false;
    return answer.error();
}

}  // namespace

outcome<bool> put_item(json_client& dynamodb, const put_item_request& request) {
    nlohmann::json body{{"TableName", request.table_name}, {"Item", request.item}};
    add_condition(body, request.condition_expression, request.expression_attribute_names,
                  request.expression_attribute_values);
    return conditional_call(dynamodb, "PutItem", body);
}

outcome<bool> delete_item(json_client& dynamodb, const delete_item_request& request) {
    nlohmann::json body{{"TableName", request.table_name}, {"Key", request.key}};
    add_condition(body, request.condition_expression, request.expression_attribute_names,
                  request.expression_attribute_values);
    return conditional_call(dynamodb, "DeleteItem", body);
}

}  // namespace alarmbridge::aws
