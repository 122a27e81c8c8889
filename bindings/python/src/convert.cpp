// JSON across the border: Python values in as JSON text, the library's JSON out as Python values.
#include "bindings.hpp"

namespace alarmbridge::python {

std::string json_text(py::handle value) {
    if (PyBytes_Check(value.ptr())) return std::string(py::reinterpret_borrow<py::bytes>(value));
    if (PyByteArray_Check(value.ptr())) {
        return std::string(PyByteArray_AsString(value.ptr()), static_cast<std::size_t>(PyByteArray_Size(value.ptr())));
    }
    if (PyUnicode_Check(value.ptr())) return value.cast<std::string>();
    static const auto& dumps = *new py::object(py::module_::import("json").attr("dumps"));
    return dumps(value, py::arg("ensure_ascii") = false, py::arg("separators") = py::make_tuple(",", ":"))
        .cast<std::string>();
}

std::string_view json_view(py::handle value, std::string& owned) {
    if (PyBytes_Check(value.ptr())) {
        return {PyBytes_AS_STRING(value.ptr()), static_cast<std::size_t>(PyBytes_GET_SIZE(value.ptr()))};
    }
    owned = json_text(value);
    return owned;
}

slack::message message_of(py::handle value) {
    auto m = slack::parse_message(json_text(value));
    if (!m) raise_error(m.error());
    return std::move(*m);
}

py::object json_value(std::string_view text) {
    static const auto& loads = *new py::object(py::module_::import("json").attr("loads"));
    return loads(py::str(text.data(), text.size()));
}

}  // namespace alarmbridge::python
