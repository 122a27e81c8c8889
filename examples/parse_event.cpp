// Reads an event (a file, or standard input) and prints one line per record: what a Lambda
// function does first with whatever AWS handed it.
//
//   example_parse_event tests/data/events/alarmbridge-sns-mixed-records.json
#include <alarmbridge/alarmbridge.hpp>

#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

int main(int argc, char** argv) {
    std::string bytes;
    if (argc > 1) {
        std::ifstream in(argv[1], std::ios::binary);
        if (!in) {
            std::cerr << "cannot open " << argv[1] << '\n';
            return 2;
        }
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    } else {
        bytes.assign(std::istreambuf_iterator<char>(std::cin), {});
    }

    const auto event = alarmbridge::parse_event(bytes);
    if (!event) {  // not JSON, or no event shape we know: nothing to do record by record
        std::cerr << "unusable input: " << event.error().describe() << '\n';
        return 1;
    }
    int failed = 0;
    for (std::size_t i = 0; i < event->records.size(); ++i) {
        const auto& record = event->records[i];
        if (!record) {  // this record alone is bad; the others are still delivered
            std::cout << i << " error   " << record.error().describe() << '\n';
            ++failed;
            continue;
        }
        if (const auto* alarm = std::get_if<alarmbridge::cloudwatch::alarm>(&record->body)) {
            const auto previous = alarm->previous_state ? to_string(alarm->previous_state->value) : "?";
            std::cout << i << " alarm   " << alarm->name << ": " << previous << " -> "
                      << to_string(alarm->state.value) << " (" << to_string(alarm->kind) << ", "
                      << alarm->region.value_or("unknown region") << ")";
            if (const auto url = alarmbridge::cloudwatch::console_url(*alarm)) std::cout << ' ' << *url;
            std::cout << '\n';
        } else {
            const auto& text = std::get<alarmbridge::text_message>(record->body).text;
            std::cout << i << " text    " << text.substr(0, text.find('\n')) << '\n';
        }
    }
    return failed ? 1 : 0;
}
