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

/// Success as is, a failed condition with the error answer's "Item" (null when it has none), else the error.
outcome<put_item_result> conditional_call(json_client& dynamodb, const char* operation, const nlohmann::json& body,
                                          const call_options& how) {
    std::string error_body;
    call_options with_body = how;
    with_body.error_body = &error_body;
    auto answer = dynamodb.call(operation, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), with_body);
    if (answer) return put_item_result{true, nullptr};
    if (answer.error().aws_code != "ConditionalCheckFailedException") return answer.error();
    put_item_result failed{false, nullptr};
    const auto doc = nlohmann::json::parse(error_body, nullptr, false);
    if (doc.is_object())
        if (auto it = doc.find("Item"); it != doc.end() && it->is_object()) failed.old_item = *it;
    return failed;
}

}  // namespace

outcome<put_item_result> put_item(json_client& dynamodb, const put_item_request& request, const call_options& how) {
    nlohmann::json body{{"TableName", request.table_name}, {"Item", request.item}};
    add_condition(body, request.condition_expression, request.expression_attribute_names,
                  request.expression_attribute_values);
    if (request.return_old_item_on_condition_failure) body["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD";
    return conditional_call(dynamodb, "PutItem", body, how);
}

outcome<bool> delete_item(json_client& dynamodb, const delete_item_request& request, const call_options& how) {
    nlohmann::json body{{"TableName", request.table_name}, {"Key", request.key}};
    add_condition(body, request.condition_expression, request.expression_attribute_names,
                  request.expression_attribute_values);
    auto deleted = conditional_call(dynamodb, "DeleteItem", body, how);
    if (!deleted) return deleted.error();
    return deleted->written;
}

}  // namespace alarmbridge::aws
