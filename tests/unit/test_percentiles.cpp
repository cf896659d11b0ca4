#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "ftcost/uncertainty/percentiles.hpp"

using namespace ftcost;

namespace {

constexpr double never = std::numeric_limits<double>::infinity();

// The definition the fast selection must reproduce exactly: sort, then take rank round(p × (n − 1)).
Percentiles by_sorting(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const double last = static_cast<double>(values.size() - 1);
  auto at = [&](double p) { return values[static_cast<std::size_t>(std::llround(p * last))]; };
  return {at(0.1), at(0.5), at(0.9)};
}

void require_same_as_sorting(std::vector<double> values) {
  const Percentiles expected = by_sorting(values);
  const Percentiles got = nearest_rank_percentiles(values);
  CHECK(got.p10 == expected.p10);
  CHECK(got.p50 == expected.p50);
  CHECK(got.p90 == expected.p90);
}

}  // namespace

TEST_CASE("nearest-rank percentiles equal those of the sorted series, whatever its shape", "[uncertainty]") {
  std::mt19937_64 engine(7);
  std::vector<double> values(100000);
  SECTION("uniform") {
    std::uniform_real_distribution<double> d(1000, 2000);
    for (auto& v : values) v = d(engine);
    require_same_as_sorting(values);
  }
  SECTION("heavily skewed: most values in the lowest buckets") {
    std::lognormal_distribution<double> d(0, 3);
    for (auto& v : values) v = d(engine);
    require_same_as_sorting(values);
  }
  SECTION("one huge outlier squeezes the rest into one bucket") {
    std::normal_distribution<double> d(100, 1);
    for (auto& v : values) v = d(engine);
    values[123] = 1e15;
    require_same_as_sorting(values);
  }
  SECTION("few distinct values: ranks share buckets and ties") {
    std::uniform_int_distribution<int> d(1, 5);
    for (auto& v : values) v = 250.0 * d(engine);
    require_same_as_sorting(values);
  }
  SECTION("a share of +inf ('never breaks even') sorts last") {
    std::uniform_real_distribution<double> d(3, 40);
    for (auto& v : values) v = d(engine) < 30 ? d(engine) : never;
    require_same_as_sorting(values);
  }
  SECTION("a spread so small that buckets cannot divide it") {
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = i % 3 == 0 ? 0.0 : 5e-324;
    require_same_as_sorting(values);
  }
  SECTION("short series take the plain selection path") {
    values.resize(101);
    std::exponential_distribution<double> d(0.5);
    for (auto& v : values) v = d(engine);
    require_same_as_sorting(values);
  }
}

TEST_CASE("nearest-rank percentiles of degenerate series", "[uncertainty]") {
  std::vector<double> empty;
  CHECK(nearest_rank_percentiles(empty).p50 == 0);
  std::vector<double> constant(50000, 42.5);
  const Percentiles c = nearest_rank_percentiles(constant);
  CHECK((c.p10 == 42.5 && c.p50 == 42.5 && c.p90 == 42.5));
  std::vector<double> nevers(20000, never);
  CHECK(nearest_rank_percentiles(nevers).p10 == never);
  // Ten values 1..10: ranks round(0.9) = 1, round(4.5) = 5 (half away from zero), round(8.1) = 8.
  std::vector<double> ten{10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
  const Percentiles t = nearest_rank_percentiles(ten);
  CHECK((t.p10 == 2 && t.p50 == 6 && t.p90 == 9));
}
