// Random choices for property tests: a seeded PRNG, so every run makes the same cases.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>

namespace alarmbridge::test {

class seeded_choices {
public:
    explicit seeded_choices(std::uint32_t seed) : rng_(seed) {}
    /// 0 .. n-1 (0 when n is 0).
    std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(rng_() % n); }
    bool one_in(std::size_t n) { return below(n) == 0; }

private:
    std::mt19937 rng_;
};

}  // namespace alarmbridge::test
