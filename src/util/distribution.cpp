#include "ftcost/util/distribution.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "ftcost/util/quantity.hpp"

namespace ftcost {

namespace {

// z such that Φ(z) = 0.9: the lognormal spread is the P90/P50 ratio.
constexpr double z90 = 1.2815515655446004;
constexpr double sqrt_two_pi = 2.5066282746310002;
// Intervals of the PERT CDF table: interpolation error below 1e-6 of (high − low) in the body.
constexpr int pert_grid = 2048;
constexpr std::size_t pert_guide = 1024;

// Big numbers the way scenarios write them (40M), small ones plainly (0.35).
std::string show(double value) { return std::fabs(value) >= 1e4 ? short_quantity(value) : fmt::format("{:g}", value); }

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

}  // namespace

std::string to_string(DistributionKind kind) {
  switch (kind) {
    case DistributionKind::pert:
      return "pert";
    case DistributionKind::triangular:
      return "triangular";
    case DistributionKind::lognormal:
      return "lognormal";
    case DistributionKind::uniform:
      return "uniform";
  }
  return "?";
}

double normal_quantile(double p) {
  if (p <= 0) return -std::numeric_limits<double>::infinity();
  if (p >= 1) return std::numeric_limits<double>::infinity();
  // Starting point: Abramowitz & Stegun 26.2.23 (error < 4.5e-4), then Halley steps on Φ(x) = p,
  // which converge cubically: one step takes the 4.5e-4 error below 1e-9.
  const double q = std::min(p, 1.0 - p);
  const double t = std::sqrt(-2.0 * std::log(q));
  double x =
      t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1.0 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
  if (p < 0.5) x = -x;
  for (int step = 0; step < 1; ++step) {
    const double e = normal_cdf(x) - p;
    const double u = e * sqrt_two_pi * std::exp(x * x / 2.0);
    x -= u / (1.0 + x * u / 2.0);
  }
  return x;
}

Distribution Distribution::pert(double low, double likely, double high) {
  Distribution d;
  d.kind_ = DistributionKind::pert;
  d.low_ = low;
  d.likely_ = likely;
  d.high_ = high;
  if (high <= low) return d;  // a point: quantile() returns it
  const double alpha = 1.0 + 4.0 * (likely - low) / (high - low);
  const double beta = 1.0 + 4.0 * (high - likely) / (high - low);
  // α, β ≥ 1, so the density t^(α−1)(1−t)^(β−1) is bounded: Simpson's rule on each interval,
  // normalised by the total (which is the Beta function B(α, β)).
  auto density = [&](double t) { return std::pow(t, alpha - 1.0) * std::pow(1.0 - t, beta - 1.0); };
  d.cdf_.resize(pert_grid + 1);
  d.cdf_[0] = 0;
  const double h = 1.0 / pert_grid;
  for (int i = 0; i < pert_grid; ++i) {
    const double a = i * h;
    d.cdf_[static_cast<std::size_t>(i) + 1] =
        d.cdf_[static_cast<std::size_t>(i)] + h / 6.0 * (density(a) + 4.0 * density(a + h / 2.0) + density(a + h));
  }
  const double total = d.cdf_.back();
  for (double& value : d.cdf_) value /= total;
  // Guide table: for each of `pert_guide` equal slices of p, the first grid point whose CDF reaches
  // the slice's start, so quantile() scans a few entries instead of bisecting the whole table.
  d.guide_.resize(pert_guide + 1);
  std::size_t at = 0;
  for (std::size_t b = 0; b <= pert_guide; ++b) {
    const double start = static_cast<double>(b) / pert_guide;
    while (at < d.cdf_.size() - 1 && d.cdf_[at] < start) ++at;
    d.guide_[b] = static_cast<std::uint32_t>(at);
  }
  return d;
}

Distribution Distribution::triangular(double low, double likely, double high) {
  Distribution d;
  d.kind_ = DistributionKind::triangular;
  d.low_ = low;
  d.likely_ = likely;
  d.high_ = high;
  return d;
}

Distribution Distribution::lognormal(double median, double spread) {
  Distribution d;
  d.kind_ = DistributionKind::lognormal;
  d.median_ = median;
  d.spread_ = spread;
  d.likely_ = median;
  d.low_ = median / spread;   // P10
  d.high_ = median * spread;  // P90
  return d;
}

Distribution Distribution::uniform(double low, double high) {
  Distribution d;
  d.kind_ = DistributionKind::uniform;
  d.low_ = low;
  d.high_ = high;
  d.likely_ = (low + high) / 2.0;
  return d;
}

double Distribution::deterministic() const {
  switch (kind_) {
    case DistributionKind::lognormal:
      return median_;
    case DistributionKind::uniform:
      return (low_ + high_) / 2.0;
    default:
      return likely_;
  }
}

double Distribution::quantile(double p) const {
  p = std::clamp(p, 0.0, 1.0);
  switch (kind_) {
    case DistributionKind::uniform:
      return low_ + p * (high_ - low_);
    case DistributionKind::lognormal:
      return spread_ <= 1.0 ? median_ : median_ * std::exp(normal_quantile(p) * std::log(spread_) / z90);
    case DistributionKind::triangular: {
      const double width = high_ - low_;
      if (width <= 0) return likely_;
      const double mode_share = (likely_ - low_) / width;
      if (p < mode_share) return low_ + std::sqrt(p * width * (likely_ - low_));
      return high_ - std::sqrt((1.0 - p) * width * (high_ - likely_));
    }
    case DistributionKind::pert: {
      if (cdf_.empty()) return likely_;
      // First grid point whose CDF reaches p (found from the guide table), then linear
      // interpolation inside its interval.
      const auto slice = std::min<std::size_t>(static_cast<std::size_t>(p * pert_guide), pert_guide);
      auto it = cdf_.begin() + static_cast<std::ptrdiff_t>(slice > 0 ? guide_[slice] - (guide_[slice] > 0) : 0);
      while (it != cdf_.end() && *it < p) ++it;
      if (it == cdf_.begin()) return low_;
      if (it == cdf_.end()) return high_;
      const auto i = static_cast<double>(it - cdf_.begin());
      const double below = *(it - 1);
      const double share = *it > below ? (p - below) / (*it - below) : 0.0;
      const double t = (i - 1.0 + share) / pert_grid;
      return low_ + t * (high_ - low_);
    }
  }
  return likely_;
}

std::string Distribution::describe() const {
  switch (kind_) {
    case DistributionKind::pert:
      return fmt::format("PERT({}, {}, {})", show(low_), show(likely_), show(high_));
    case DistributionKind::triangular:
      return fmt::format("triangular({}, {}, {})", show(low_), show(likely_), show(high_));
    case DistributionKind::lognormal:
      return fmt::format("lognormal(median {}, P90/P50 {:g})", show(median_), spread_);
    case DistributionKind::uniform:
      return fmt::format("uniform({}, {})", show(low_), show(high_));
  }
  return "?";
}

std::vector<std::pair<std::string, double>> Distribution::parameters() const {
  switch (kind_) {
    case DistributionKind::pert:
    case DistributionKind::triangular:
      return {{"low", low_}, {"likely", likely_}, {"high", high_}};
    case DistributionKind::lognormal:
      return {{"median", median_}, {"spread", spread_}};
    case DistributionKind::uniform:
      return {{"low", low_}, {"high", high_}};
  }
  return {};
}

}  // namespace ftcost
