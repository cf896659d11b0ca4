#pragma once
// Results of the analyses built on top of the deterministic estimate: Monte Carlo percentiles,
// the tornado (one-at-a-time sensitivity) and the recommendation. Plain data the renderers print.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ftcost/models/cost_line.hpp"

namespace ftcost {

struct Percentiles {
  double p10 = 0, p50 = 0, p90 = 0;
  bool operator==(const Percentiles&) const = default;
};

// Percentiles of a quantity that may not exist in some samples (a break-even that never comes):
// a percentile that falls among those samples is empty.
struct NeverPercentiles {
  std::optional<double> p10, p50, p90;
  double share_never = 0;
  bool operator==(const NeverPercentiles&) const = default;
};

struct ComponentUncertainty {
  std::string label;  // summary row: "Training"
  Recurrence recurrence = Recurrence::one_time;
  Percentiles amount;   // one-time amount, or per month
  Percentiles horizon;  // over the horizon
  bool operator==(const ComponentUncertainty&) const = default;
};

struct OptionUncertainty {
  std::string id;
  Percentiles one_time, monthly, horizon_total;
  double probability_cheapest = 0;  // share of samples in which it has the lowest horizon total
  std::vector<ComponentUncertainty> components;
  bool operator==(const OptionUncertainty&) const = default;
};

struct BreakEvenUncertainty {
  std::string against;  // option id
  NeverPercentiles month;
  NeverPercentiles queries_per_month;
  bool operator==(const BreakEvenUncertainty&) const = default;
};

struct UncertainInputSummary {
  std::string field;
  std::string distribution;  // "PERT(0.3, 0.4, 0.55)"
  double deterministic = 0;
  double p10 = 0, p90 = 0;
  std::string kind;  // "pert", "triangular", "lognormal", "uniform"
  // By the names a scenario writes them with: low, likely, high / median, spread / low, high.
  std::vector<std::pair<std::string, double>> parameters;
  bool operator==(const UncertainInputSummary&) const = default;
};

struct UncertaintyResult {
  int samples = 0;
  std::uint64_t seed = 0;
  int infeasible_samples = 0;  // samples a model rejected (e.g. a latency target became unreachable)
  std::vector<UncertainInputSummary> inputs;
  std::vector<OptionUncertainty> options;  // in report order
  std::vector<BreakEvenUncertainty> break_even;
  bool operator==(const UncertaintyResult&) const = default;
};

// One bar of a tornado: the output with this input at its P10 and at its P90, others at likely.
struct TornadoBar {
  std::string field;
  double input_low = 0, input_high = 0;
  std::optional<double> output_at_low, output_at_high;         // empty: infeasible, or no break-even
  bool infeasible_at_low = false, infeasible_at_high = false;  // the models refuse the input there
  double swing = 0;  // |high − low|; a break-even that appears or vanishes counts as infinite
  bool operator==(const TornadoBar&) const = default;
};

struct Tornado {
  std::string output;  // "horizon_total_usd" or "break_even_queries_per_month"
  std::string option;  // option id (horizon cost), or the option compared against (break-even)
  std::optional<double> baseline;
  std::vector<TornadoBar> bars;  // largest swing first
  bool operator==(const Tornado&) const = default;
};

struct SensitivityResult {
  std::vector<Tornado> horizon_cost;  // one per option
  std::vector<Tornado> break_even;    // one per comparison of the self-hosted option
  bool operator==(const SensitivityResult&) const = default;
};

enum class Verdict { self_hosted_finetune, managed_finetune, base_api };
std::string to_string(Verdict verdict);

struct Recommendation {
  Verdict verdict = Verdict::base_api;
  std::string option;                     // id of the recommended option
  std::string headline;                   // one sentence
  std::vector<std::string> reasons;       // the facts that drove it
  std::vector<std::string> would_change;  // what would change it
  bool operator==(const Recommendation&) const = default;
};

}  // namespace ftcost
