// --locale and --style: see format_options.hpp.
#include "format_options.hpp"

namespace alarmbridge::tools {

void add_format_options(std::vector<option>& options, format::options& opts) {
    options.push_back({"--locale", true, [&opts](const std::string& v) -> std::optional<std::string> {
                           if (!format::find_locale(v)) return "unknown locale " + v + " (en, ko)";
                           opts.locale = v;
                           return std::nullopt;
                       }});
    options.push_back({"--style", true, [&opts](const std::string& v) -> std::optional<std::string> {
                           const auto s = format::style_from(v);
                           if (!s) return "unknown style " + v + " (rich, compact, blueprint)";
                           opts.style = *s;
                           return std::nullopt;
                       }});
}

}  // namespace alarmbridge::tools
