// The pieces of the module alarmbridge._core (issue 15), one file per topic; module.cpp calls
// each register_*() once.
#pragma once

#include <alarmbridge/aws/error.hpp>
#include <alarmbridge/result.hpp>
#include <alarmbridge/slack/message.hpp>

#include <pybind11/pybind11.h>

#include <string>
#include <string_view>

namespace alarmbridge::python {

namespace py = pybind11;

void register_errors(py::module_& m);
void register_event(py::module_& m);
void register_format(py::module_& m);
void register_slack(py::module_& m);
void register_delivery(py::module_& m);
void register_aws(py::module_& m);
void register_sns(py::module_& m);
void register_lambda_handler(py::module_& m);

// convert.cpp: what crosses the border as JSON.
/// The JSON text of what Python handed over: bytes and bytearray as they are, str as UTF-8, any
/// other object (a dict, a list) through json.dumps.
std::string json_text(py::handle value);
/// The JSON text of value without a copy when it is bytes (a view into the object, which the
/// caller's argument keeps alive and which cannot change), else json_text(value) kept in `owned`.
std::string_view json_view(py::handle value, std::string& owned);
/// A Slack message from a dict or JSON text, read by slack::parse_message; raises its error.
slack::message message_of(py::handle value);
/// json.loads(text): the Python value of JSON text the library wrote.
py::object json_value(std::string_view text);

// errors.cpp: the library's error values as the package's exceptions (alarmbridge.errors).
/// Raises the exception of err's family: ParseError, ValidationError, DeliveryError, AwsError,
/// SignatureError (all AlarmBridgeError), with .code (the errc name) and .where.
[[noreturn]] void raise_error(const alarmbridge::error& err, py::handle response = py::none());
[[noreturn]] void raise_error(const aws::error& err);
/// The exception object raise_error would raise, not raised (a record's own error).
py::object error_object(const alarmbridge::error& err, py::handle response = py::none());

/// Inputs at least this long are parsed and formatted with the GIL released.
inline constexpr std::size_t large_input_bytes = 16 * 1024;

}  // namespace alarmbridge::python
