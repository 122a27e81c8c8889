// The library's error values raised as the package's exceptions. The classes themselves are
// pure Python (alarmbridge/errors.py), so that they pickle and subclass like any exception.
#include "bindings.hpp"

namespace alarmbridge::python {

namespace {

py::object errors_module() { return py::module_::import("alarmbridge.errors"); }

/// The family of a code: 3xx signatures, 4xx delivery, 5xx AWS, no_text a validation, the rest parsing.
const char* class_for(errc code) {
    const int n = static_cast<int>(code);
    if (code == errc::no_text) return "ValidationError";
    if (n >= 300 && n < 400) return "SignatureError";
    if (n >= 400 && n < 500) return "DeliveryError";
    if (n >= 500 && n < 600) return "AwsError";
    return "ParseError";
}

[[noreturn]] void raise_object(const py::object& exc) {
    PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exc.ptr())), exc.ptr());
    throw py::error_already_set();
}

}  // namespace

py::object error_object(const alarmbridge::error& err, py::handle response) {
    auto cls = errors_module().attr(class_for(err.code));
    py::dict kwargs;
    kwargs["code"] = std::string(to_string(err.code));
    kwargs["where"] = err.where;
    if (!response.is_none()) kwargs["response"] = response;
    return cls(err.describe(), **kwargs);
}

void raise_error(const alarmbridge::error& err, py::handle response) { raise_object(error_object(err, response)); }

void raise_error(const aws::error& err) {
    auto cls = errors_module().attr(static_cast<int>(err.code) >= 500 ? "AwsError" : class_for(err.code));
    py::dict kwargs;
    kwargs["code"] = std::string(to_string(err.code));
    if (static_cast<int>(err.code) >= 500) {
        kwargs["status"] = err.http_status;
        kwargs["request_id"] = err.request_id;
        kwargs["aws_code"] = err.aws_code;
    }
    raise_object(cls(err.describe(), **kwargs));
}

void register_errors(py::module_& m) {
    // The stable code names and numbers (docs/errors.md), for code that wants the number.
    py::dict codes;
    for (int n = 100; n < 600; ++n) {
        const auto name = to_string(static_cast<errc>(n));
        if (name != "unknown") codes[py::str(std::string(name))] = n;
    }
    m.attr("ERROR_CODES") = codes;
}

}  // namespace alarmbridge::python
