// Delivery speed against a live server (bench/compare_delivery.py starts nginx and runs this):
// sequential keep-alive posts of the formatted 3 KB alarm, and post_many with 16 in flight.
//
//   export ALARMBRIDGE_BENCH_URL=https://127.0.0.1:8443/services/T/B/x ALARMBRIDGE_BENCH_CA=ca.pem
//   build/bench/delivery_bench
//
// items_per_second = messages delivered per second. Without ALARMBRIDGE_BENCH_URL it skips.
#include <alarmbridge/alarmbridge.hpp>

#include <benchmark/benchmark.h>

#include "test_support.hpp"

#include <cstdlib>

namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v != nullptr ? v : "";
}

alarmbridge::slack::message sample_message() {
    const auto event = alarmbridge::parse_event(alarmbridge::test::read_data("events/alarmbridge-sns-metric-3kb.json"));
    return alarmbridge::format::alarm_message(std::get<alarmbridge::cloudwatch::alarm>(event->records[0]->body));
}

alarmbridge::slack::client_options bench_options() {
    alarmbridge::slack::client_options o;
    o.http.ca_file = env("ALARMBRIDGE_BENCH_CA");
    o.retry.max_attempts = 1;  // count answers, not retries
    return o;
}

void post_sequential(benchmark::State& state) {
    const std::string url = env("ALARMBRIDGE_BENCH_URL");
    if (url.empty()) {
        state.SkipWithError("set ALARMBRIDGE_BENCH_URL (bench/compare_delivery.py does)");
        return;
    }
    alarmbridge::slack::webhook_client client(url, bench_options());
    const auto message = sample_message();
    std::int64_t failed = 0;
    for (auto _ : state) {
        const auto d = client.post(message, std::chrono::seconds(10));
        failed += d.delivered ? 0 : 1;
    }
    state.counters["failed"] = static_cast<double>(failed);
    state.SetItemsProcessed(state.iterations());
}

void post_many_in_flight(benchmark::State& state) {
    const std::string url = env("ALARMBRIDGE_BENCH_URL");
    if (url.empty()) {
        state.SkipWithError("set ALARMBRIDGE_BENCH_URL (bench/compare_delivery.py does)");
        return;
    }
    auto options = bench_options();
    options.max_in_flight = static_cast<std::size_t>(state.range(0));
    alarmbridge::slack::webhook_client client(url, options);
    const std::vector<alarmbridge::slack::message> batch(static_cast<std::size_t>(state.range(1)), sample_message());
    std::int64_t failed = 0;
    for (auto _ : state) {
        for (const auto& d : client.post_many(batch, std::chrono::steady_clock::now() + std::chrono::seconds(30)))
            failed += d.delivered ? 0 : 1;
    }
    state.counters["failed"] = static_cast<double>(failed);
    state.SetItemsProcessed(state.iterations() * state.range(1));
}

}  // namespace

BENCHMARK(post_sequential)->UseRealTime();
BENCHMARK(post_many_in_flight)->Args({16, 256})->UseRealTime();
BENCHMARK_MAIN();
