// alarmbridge/aws/dynamodb.hpp - DynamoDB PutItem and DeleteItem with conditions: enough for a
// table of claims that several functions race on (remediate::state_store).
//
//   auto ddb = aws::json_client::create(aws::dynamodb_service);
//   aws::put_item_request req{"alarmbridge-remediation",
//                             {{"pk", {{"S", "event|arn|time"}}}, {"expires_at", {{"N", "1764559999"}}}},
//                             "attribute_not_exists(pk)", nullptr, nullptr};
//   req.return_old_item_on_condition_failure = true;
//   auto put = aws::put_item(*ddb, req, {deadline});
//   if (put && put->written) ...                 // else put->old_item: the item that held it
//
// A PutItem whose answer was lost is sent again (PutItem is idempotent): when the first one was
// written, the second meets its own item and fails its condition. Write something of your own
// into the item (remediate::state_store writes a random owner token) and ask for the old item
// to recognise it.
#pragma once

#include <alarmbridge/aws/client.hpp>
#include <alarmbridge/export.hpp>

#include <nlohmann/json.hpp>

#include <string>

namespace alarmbridge::aws {

/// DynamoDB speaks the JSON 1.0 protocol; see docs/remediation.md on the Content-Type.
inline constexpr service dynamodb_service{"dynamodb", "dynamodb", "DYNAMODB", "DynamoDB_20120810",
                                          "application/x-amz-json-1.0"};

struct put_item_request {
    std::string table_name;
    nlohmann::json item;                         ///< attribute-value form: {"pk": {"S": "..."}}
    std::string condition_expression;            ///< empty: unconditional
    nlohmann::json expression_attribute_names;   ///< null, or {"#n": "name"}
    nlohmann::json expression_attribute_values;  ///< null, or {":v": {"N": "1"}}
    /// ReturnValuesOnConditionCheckFailure ALL_OLD: a failed condition answers the item that failed it.
    bool return_old_item_on_condition_failure{false};
};

struct put_item_result {
    bool written{false};  ///< false: the condition failed (ConditionalCheckFailedException)
    /// When the condition failed and the request asked for it: the item that failed it, in
    /// attribute-value form; else null.
    nlohmann::json old_item;
};

/// PutItem. written when the item was written, not when its condition failed; every other
/// failure is an error.
ALARMBRIDGE_API outcome<put_item_result> put_item(json_client& dynamodb, const put_item_request& request,
                                                  const call_options& how = {});

struct delete_item_request {
    std::string table_name;
    nlohmann::json key;  ///< attribute-value form
    std::string condition_expression;
    nlohmann::json expression_attribute_names;
    nlohmann::json expression_attribute_values;
};

/// DeleteItem. true when deleted (or there was nothing to delete), false when the condition failed.
ALARMBRIDGE_API outcome<bool> delete_item(json_client& dynamodb, const delete_item_request& request,
                                         const call_options& how = {});

}  // namespace alarmbridge::aws
