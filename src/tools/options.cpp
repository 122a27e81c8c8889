// The command line of one subcommand: see options.hpp.
#include "options.hpp"

#include <cerrno>
#include <cstdlib>

namespace alarmbridge::tools {

const char* const option_value_note = "  Options take their value as --name value or --name=value.\n";

std::optional<std::string> read_arguments(const std::vector<std::string>& args, const std::vector<option>& options,
                                          std::size_t max_operands, arguments& out) {
    bool options_ended = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (options_ended || a == "-" || a.empty() || a[0] != '-') {
            out.operands.push_back(a);
            continue;
        }
        if (a == "--") {
            options_ended = true;
            continue;
        }
        if (a == "-h" || a == "--help") {
            out.help = true;
            continue;
        }
        const auto eq = a.find('=');
        const std::string name = a.substr(0, eq);
        const option* found = nullptr;
        for (const auto& o : options)
            if (o.name == name) found = &o;
        if (found == nullptr) return "unknown option " + name;
        std::string value;
        if (eq != std::string::npos) {
            if (!found->takes_value) return name + " takes no value";
            value = a.substr(eq + 1);
        } else if (found->takes_value) {
            if (i + 1 >= args.size()) return name + " needs a value";
            value = args[++i];
        }
        if (auto problem = found->apply(value)) return problem;
    }
    if (out.operands.size() > max_operands) {
        if (max_operands == 0) return "unexpected argument " + out.operands[0] + " (this command reads no file)";
        return max_operands == 1 ? std::string("at most one input file") : "too many operands";
    }
    return std::nullopt;
}

std::optional<unsigned long long> whole_number(const std::string& text, unsigned long long most) {
    if (text.empty() || text[0] < '0' || text[0] > '9') return std::nullopt;
    char* end = nullptr;
    errno = 0;
    const unsigned long long n = std::strtoull(text.c_str(), &end, 10);
    if (*end != '\0' || errno != 0 || n < 1 || n > most) return std::nullopt;
    return n;
}

std::optional<double> seconds(const std::string& text, double most) {
    char* end = nullptr;
    const double s = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !(s > 0) || s > most) return std::nullopt;
    return s;
}

}  // namespace alarmbridge::tools
