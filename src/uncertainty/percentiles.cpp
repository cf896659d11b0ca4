#include "ftcost/uncertainty/percentiles.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>

namespace ftcost {

namespace {

constexpr std::size_t bucket_count = 4096;
// Below this, selection over the whole series is as quick as counting buckets.
constexpr std::size_t bucketing_threshold = 8192;

struct Ranks {
  std::array<std::size_t, 3> rank;
};

Ranks ranks_for(std::size_t n) {
  const double last = static_cast<double>(n - 1);
  auto at = [&](double p) { return static_cast<std::size_t>(std::llround(p * last)); };
  return {{at(0.1), at(0.5), at(0.9)}};
}

// nth_element three times, each in the part of the series its rank can still be in: about 2n steps.
Percentiles select_in_place(std::vector<double>& values, const Ranks& r) {
  const auto begin = values.begin();
  const auto p10 = begin + static_cast<std::ptrdiff_t>(r.rank[0]);
  const auto p50 = begin + static_cast<std::ptrdiff_t>(r.rank[1]);
  const auto p90 = begin + static_cast<std::ptrdiff_t>(r.rank[2]);
  std::nth_element(begin, p50, values.end());
  std::nth_element(begin, p10, p50);
  std::nth_element(p50 + 1, p90, values.end());
  return {*p10, *p50, *p90};
}

constexpr double never = std::numeric_limits<double>::infinity();

struct FiniteRange {
  double lowest = never, highest = -never;
  std::size_t nevers = 0;
};

// Kept in registers (a lambda capturing the bounds by reference made the compiler spill them).
FiniteRange finite_range(const std::vector<double>& values) {
  double lowest = never, highest = -never;
  std::size_t nevers = 0;
  for (const double v : values) {
    nevers += v == never;
    const double finite = v == never ? lowest : v;
    lowest = finite < lowest ? finite : lowest;
    highest = v != never && v > highest ? v : highest;
  }
  return {lowest, highest, nevers};
}

}  // namespace

Percentiles nearest_rank_percentiles(std::vector<double>& values) {
  if (values.empty()) return {};
  // One pass for the finite range; +∞ ("never") gets a bucket of its own after the others.
  const auto [lowest, highest, nevers] = finite_range(values);
  if (nevers == values.size()) return {never, never, never};
  if (lowest == highest && nevers == 0) return {lowest, lowest, lowest};
  const Ranks ranks = ranks_for(values.size());
  const double width = highest - lowest;
  if (values.size() < bucketing_threshold || !std::isfinite(width) || width == 0) return select_in_place(values, ranks);

  // Count the values per equal-width bucket (a monotone map, so bucket order is value order), find
  // the bucket holding each wanted rank, then select only among that bucket's values.
  const double scale = static_cast<double>(bucket_count) / width;
  if (!std::isfinite(scale)) return select_in_place(values, ranks);  // a spread too small to divide
  auto bucket_of = [lowest = lowest, highest = highest, scale](double v) -> std::size_t {
    if (!(v <= highest)) return bucket_count;  // +∞
    return std::min<std::int64_t>(bucket_count - 1, static_cast<std::int64_t>((v - lowest) * scale));
  };
  std::array<std::uint32_t, bucket_count + 1> counts{};
  for (const double v : values) ++counts[bucket_of(v)];

  std::array<std::size_t, 3> bucket{}, rank_in_bucket{};
  std::size_t below = 0, next = 0;
  for (std::size_t b = 0; b <= bucket_count && next < 3; ++b) {
    while (next < 3 && ranks.rank[next] < below + counts[b]) {
      bucket[next] = b;
      rank_in_bucket[next] = ranks.rank[next] - below;
      ++next;
    }
    below += counts[b];
  }
  std::array<std::vector<double>, 3> members;
  for (std::size_t k = 0; k < 3; ++k) {
    if (k > 0 && bucket[k] == bucket[k - 1]) continue;
    members[k].reserve(counts[bucket[k]]);
  }
  for (const double v : values) {
    const std::size_t b = bucket_of(v);
    for (std::size_t k = 0; k < 3; ++k) {
      if (b == bucket[k]) {
        members[k].push_back(v);
        break;
      }
    }
  }
  std::array<double, 3> result{};
  for (std::size_t k = 0; k < 3; ++k) {
    std::size_t owner = k;
    while (owner > 0 && bucket[owner - 1] == bucket[k]) --owner;  // ranks sharing a bucket share its members
    auto& m = members[owner];
    const auto nth = m.begin() + static_cast<std::ptrdiff_t>(rank_in_bucket[k]);
    std::nth_element(m.begin(), nth, m.end());
    result[k] = *nth;
  }
  return {result[0], result[1], result[2]};
}

}  // namespace ftcost
