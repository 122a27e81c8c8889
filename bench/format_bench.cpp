// The whole job's CPU part, measured per event: raw SNS Lambda event bytes in, the Slack body
// bytes out (parse_event -> format::alarm_message -> slack::serialize). items_per_second = events/s.
#include <alarmbridge/alarmbridge.hpp>

#include <benchmark/benchmark.h>

#include "test_support.hpp"

namespace {

const char* const samples[] = {
    "alarmbridge-sns-metric-3kb.json",
    "alarmbridge-sns-composite.json",
    "alarmbridge-eventbridge-metric-math.json",
};

void event_to_slack_body(benchmark::State& state) {
    const std::string bytes = alarmbridge::test::read_data(std::string("events/") + samples[state.range(0)]);
    alarmbridge::format::options options;
    options.style = static_cast<alarmbridge::format::style>(state.range(1));
    std::size_t out_bytes = 0;
    for (auto _ : state) {
        auto e = alarmbridge::parse_event(bytes);
        if (!e || e->records.empty() || !e->records[0]) {
            state.SkipWithError("parse failed");
            break;
        }
        const auto& alarm = std::get<alarmbridge::cloudwatch::alarm>(e->records[0]->body);
        std::string body = alarmbridge::slack::serialize(alarmbridge::format::alarm_message(alarm, options));
        out_bytes = body.size();
        benchmark::DoNotOptimize(body);
    }
    state.SetLabel(std::string(samples[state.range(0)]) + " -> " + std::to_string(out_bytes) + " B");
    state.SetItemsProcessed(state.iterations());
}

}  // namespace

// style: 0 rich, 1 compact, 2 blueprint
BENCHMARK(event_to_slack_body)->ArgsProduct({{0, 1, 2}, {0}})->Args({0, 1})->Args({0, 2});

BENCHMARK_MAIN();
