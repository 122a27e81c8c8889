// The input of parse, format, send and validate: one JSON document (FILE or standard input), or
// with --lines one per line (newline-delimited JSON), read a piece at a time so that a file of a
// day's alarms is one process and memory stays that of the longest line.
#pragma once

#include "options.hpp"

#include <alarmbridge/parse_options.hpp>
#include <alarmbridge/result.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace alarmbridge::tools {

struct input_settings {
    /// Without --lines, max_input_bytes bounds the whole input; with --lines, each line.
    parse_options parsing;
    bool lines = false;
    /// With --lines: the most the whole input may hold (1 GiB: 20 000 events of 2.5 KB are 50 MB).
    std::size_t max_total_bytes = std::size_t{1} << 30;
};

/// --lines, --max-input-bytes, --max-total-bytes and, when records, --max-records.
void add_input_options(std::vector<option>& options, input_settings& settings, bool records);

/// The --help lines of --max-input-bytes and --max-total-bytes, and of --max-records.
extern const char* const input_options_usage;
extern const char* const records_option_usage;

/// One document of the input.
struct input_document {
    std::size_t line = 0;       ///< with --lines: its line number, from 1; 0 without
    std::string_view bytes;     ///< the document (a line without its line break)
    std::optional<error> refused;  ///< set instead of bytes when it was not read (too_large)
};

/// Reads the input named (a file, or '-' for standard input) and hands each(...) every
/// document: the whole input, or with --lines every line that is not blank. A line longer than
/// max_input_bytes is handed on refused (and skipped, never held); past max_total_bytes the
/// input ends with one refused document. Returns the problem when the input cannot be opened or
/// read (for a usage-style exit 2), or nothing.
std::optional<std::string> read_documents(const std::string& name, const input_settings& settings,
                                          const std::function<void(const input_document&)>& each);

}  // namespace alarmbridge::tools
