#pragma once
// Probability distributions for uncertain scenario inputs, with our own inverse-CDF code so that a
// seed gives the same numbers with every compiler and standard library (std:: distributions do not).
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace ftcost {

enum class DistributionKind { pert, triangular, lognormal, uniform };
std::string to_string(DistributionKind kind);

class Distribution {
 public:
  // Three-point estimates: low ≤ likely ≤ high. PERT is Beta(α, β) on [low, high] with
  // α = 1 + 4(likely − low)/(high − low), β = 1 + 4(high − likely)/(high − low).
  static Distribution pert(double low, double likely, double high);
  static Distribution triangular(double low, double likely, double high);
  // ln X ~ Normal(ln median, σ) with σ = ln(spread) / z₀.₉, so that P90 = median × spread.
  static Distribution lognormal(double median, double spread);
  static Distribution uniform(double low, double high);

  DistributionKind kind() const { return kind_; }
  // The value a deterministic estimate uses: likely (PERT, triangular), median (lognormal), mean (uniform).
  double deterministic() const;
  // The inverse CDF: the value below which a share p of outcomes fall, 0 < p < 1.
  double quantile(double p) const;
  // A one-line description: "PERT(0.3, 0.4, 0.55)".
  std::string describe() const;
  // The parameters by the names a scenario writes them with: low, likely, high (PERT, triangular),
  // median, spread (lognormal) or low, high (uniform).
  std::vector<std::pair<std::string, double>> parameters() const;

  double low() const { return low_; }
  double likely() const { return likely_; }
  double high() const { return high_; }
  double median_param() const { return median_; }
  double spread() const { return spread_; }

 private:
  DistributionKind kind_ = DistributionKind::uniform;
  double low_ = 0, likely_ = 0, high_ = 0;
  double median_ = 0, spread_ = 1;
  // PERT: the CDF of Beta(α, β) tabulated on an even grid of [0, 1], inverted by interpolation.
  std::vector<double> cdf_;
  std::vector<std::uint32_t> guide_;
};

// The standard normal inverse CDF (Acklam's rational approximation refined by one Halley step).
double normal_quantile(double p);

// A uniform number in (0, 1) from the engine's 53 high bits: portable, never 0 or 1.
inline double uniform_open01(std::mt19937_64& engine) {
  return (static_cast<double>(engine() >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

}  // namespace ftcost
