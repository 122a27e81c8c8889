// slack::validate on the formatter's rich message for the 3 KB SNS sample: the typed message
// (validate(const message&)) and the same message as a nlohmann document (validate(const json&)).
// items_per_second = messages checked per second.
#include <alarmbridge/alarmbridge.hpp>

#include <benchmark/benchmark.h>

#include "test_support.hpp"

namespace {

namespace ab = alarmbridge;

ab::slack::message rich_message() {
    const auto e = ab::parse_event(ab::test::read_data("events/alarmbridge-sns-metric-3kb.json"));
    return ab::format::alarm_message(std::get<ab::cloudwatch::alarm>(e.value().records.at(0).value().body));
}

void validate_typed_message(benchmark::State& state) {
    const auto m = rich_message();
    for (auto _ : state) {
        auto v = ab::slack::validate(m);
        benchmark::DoNotOptimize(v);
    }
    state.SetItemsProcessed(state.iterations());
}

void validate_json_document(benchmark::State& state) {
    const nlohmann::json j = rich_message();
    for (auto _ : state) {
        auto v = ab::slack::validate(j);
        benchmark::DoNotOptimize(v);
    }
    state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK(validate_typed_message);
BENCHMARK(validate_json_document);
BENCHMARK_MAIN();
