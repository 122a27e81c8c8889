// alarmbridge._core: the C++ library for Python (issue 15). The public API is the pure-Python
// package alarmbridge (bindings/python/alarmbridge), which re-exports and shapes what is here.
#include "bindings.hpp"

#include <alarmbridge/version.hpp>

PYBIND11_MODULE(_core, m) {
    m.doc() = "alarmbridge's C++ core (use the alarmbridge package)";
    m.attr("__version__") = alarmbridge::version_string;
    alarmbridge::python::register_errors(m);
    alarmbridge::python::register_event(m);
    alarmbridge::python::register_format(m);
    alarmbridge::python::register_slack(m);
    alarmbridge::python::register_delivery(m);
    alarmbridge::python::register_aws(m);
    alarmbridge::python::register_sns(m);
    alarmbridge::python::register_lambda_handler(m);
}
