#include "cloudwatch/reason_data.hpp"

#include "detail/json_reader.hpp"

namespace alarmbridge::detail {

namespace {

/// The root object's last "recentDatapoints" array, numbers only, read by nlohmann's SAX parser
/// from what simdjson refused (nested past its depth limit): iterative, and no tree is built, so
/// neither the stack nor the heap grows with the nesting.
class datapoints_handler {
public:
    explicit datapoints_handler(std::vector<double>& out) : out_(out) {}

    bool null() { return true; }
    bool boolean(bool) { return true; }
    bool number_integer(std::int64_t n) { return number(static_cast<double>(n)); }
    bool number_unsigned(std::uint64_t n) { return number(static_cast<double>(n)); }
    bool number_float(double d, const std::string&) { return number(d); }
    bool string(std::string&) { return true; }
    bool binary(nlohmann::json::binary_t&) { return true; }
    bool key(std::string& k) {
        if (depth_ == 1 && is_object_root_) {
            latest_ = is_key(k, "recentDatapoints");  // the last one counts, whatever it holds
            if (latest_) out_.clear();
        }
        return true;
    }
    bool start_object(std::size_t) {
        if (depth_ == 0) is_object_root_ = true;
        return open();
    }
    bool end_object() { return close(); }
    bool start_array(std::size_t) {
        if (depth_ == 1 && latest_) collecting_ = true;
        return open();
    }
    bool end_array() {
        if (depth_ == 2) collecting_ = false;
        return close();
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

private:
    bool number(double d) {
        if (collecting_ && depth_ == 2) out_.push_back(d);
        return true;
    }
    bool open() {
        ++depth_;
        if (depth_ == 2 && !collecting_) latest_ = false;  // an object under the key: no datapoints
        return true;
    }
    bool close() {
        --depth_;
        return true;
    }

    std::vector<double>& out_;
    std::size_t depth_ = 0;
    bool is_object_root_ = false;
    bool latest_ = false;
    bool collecting_ = false;
};

}  // namespace

template <class S>
void read_reason_data(cloudwatch::basic_state<S>& s, std::vector<cloudwatch::basic_triggering_child<S>>* children) {
    s.recent_datapoints.clear();
    if (!s.reason_data) return;
    const std::string_view text = *s.reason_data;
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos || text[first] != '{') return;  // not an object: no JSON to read
    auto& p = thread_parsers();
    auto root = p.reason.parse(p.reason_data.assign(text));
    if (!root) {
        if (root.error().code != errc::too_deep) return;
        datapoints_handler handler(s.recent_datapoints);
        if (!nlohmann::json::sax_parse(text.begin(), text.end(), &handler)) s.recent_datapoints.clear();
        return;
    }
    dom::object obj;
    if (root->get_object().get(obj) != simdjson::SUCCESS) return;
    dom::array values, alarms;
    bool has_values = false, has_alarms = false;
    for (const auto field : obj) {  // the last of a duplicated key counts, as nlohmann/json reads it
        if (is_key(field.key, "recentDatapoints"))
            has_values = field.value.get_array().get(values) == simdjson::SUCCESS;
        else if (is_key(field.key, "triggeringAlarms"))
            has_alarms = field.value.get_array().get(alarms) == simdjson::SUCCESS;
    }
    if (has_values) {
        for (const json_value v : values) {
            double d = 0;
            if (v.get_double().get(d) == simdjson::SUCCESS) s.recent_datapoints.push_back(d);  // numbers only
        }
    }
    if (!children || !has_alarms) return;
    for (const json_value child : alarms) {
        dom::object c;
        std::string_view arn;
        if (child.get_object().get(c) != simdjson::SUCCESS || c["arn"].get_string().get(arn) != simdjson::SUCCESS)
            continue;
        auto& out = children->emplace_back();
        out.arn = typename S::string(arn);
        dom::object state;
        if (c["state"].get_object().get(state) != simdjson::SUCCESS) continue;
        std::string_view value, timestamp;
        if (state["value"].get_string().get(value) == simdjson::SUCCESS)
            out.state = cloudwatch::alarm_state_from_string(value);
        if (state["timestamp"].get_string().get(timestamp) == simdjson::SUCCESS) {
            out.timestamp.raw = typename S::string(timestamp);
            out.timestamp.epoch_ms = cloudwatch::parse_epoch_ms(timestamp);
        }
    }
}

template void read_reason_data<owning>(cloudwatch::state&, std::vector<cloudwatch::triggering_child>*);
template void read_reason_data<viewing>(cloudwatch::basic_state<viewing>&,
                                        std::vector<cloudwatch::basic_triggering_child<viewing>>*);

}  // namespace alarmbridge::detail
