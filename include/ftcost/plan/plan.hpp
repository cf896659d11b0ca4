#pragma once
// `ftcost plan`: the cheapest self-hosted plan for a scenario under a training deadline, the
// scenario's latency target and the user's filters. A plan is a set of overrides (the dotted paths
// `--set` takes), and every number shown for it is that set priced exactly as `estimate --set` would.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "ftcost/catalog/catalog.hpp"
#include "ftcost/scenario/scenario.hpp"
#include "ftcost/util/document.hpp"

namespace ftcost {

struct PlanConstraints {
  std::optional<double> max_training_hours;    // wall clock of one training run
  std::optional<double> max_total_usd;         // self-hosted horizon total
  std::vector<std::string> providers;          // only these providers (empty = all)
  std::vector<std::string> exclude_providers;  // never these
  std::vector<std::string> gpus;               // only these GPU ids (empty = all)
  std::vector<TrainingMethod> methods;         // empty = the method as written
  bool mix = false;                            // the serving fleet may mix two GPU types (always-on replicas)
};

// What the search minimises. `horizon_total` ranks by the point estimate; `p90` (a scenario with
// ranges only) ranks the finalists — per method the `plan_p90_finalists_per_side` cheapest training
// options (with the cheapest serving) and serving options (with the cheapest training) by point
// total, every frontier entry and the scenario as written — by the 90th percentile of their horizon
// total over a Monte Carlo run (the one of `estimate --samples`, the same seed for every finalist).
enum class PlanObjectiveKind { horizon_total, p90 };
struct PlanObjective {
  PlanObjectiveKind kind = PlanObjectiveKind::horizon_total;
  int samples = 10000;
  std::uint64_t seed = 42;
};
inline constexpr int plan_p90_finalists_per_side = 8;

// One field a plan sets: `path=value` as `--set` takes it, and the value the scenario had (as written,
// or as the loader derived it when the field is absent: `before_derived`).
struct PlanChange {
  std::string path;
  std::string value;
  std::string before;
  bool before_derived = false;  // the field is not written in the scenario; `before` is the loader's value
};

// One GPU type of a mixed serving fleet (`--mix`): its replicas, each meeting the latency target on
// its own.
struct FleetPart {
  std::string gpu;
  std::string provider;
  std::string price_basis;
  std::string precision;
  int gpus_per_replica = 0;
  int replicas = 0;
  double replica_monthly_usd = 0;        // one replica, always on (the --set route's)
  double queries_per_replica_month = 0;  // what one replica carries at the peak
  double ms_per_output_token = 0;
};

// A candidate plan priced exactly (the `--set` route).
struct PlanCandidate {
  std::vector<PlanChange> set;
  double horizon_total_usd = 0;    // the self-hosted option's horizon total
  double training_wall_hours = 0;  // wall clock of one training run
  double ms_per_output_token = 0;  // time per output token each sequence sees (ServingPerformance)
  double time_to_first_token_ms = 0;
  int training_gpus = 0;
  double replicas = 0;
  int gpus_per_replica = 0;
  double replica_monthly_usd = 0;        // one replica, always on (the --set route's)
  double queries_per_replica_month = 0;  // what one replica carries at the peak
  // What the search's numeric route predicted for this set before the exact re-pricing (tests hold
  // the two equal); NaN for the scenario as written.
  double numeric_total_usd = std::numeric_limits<double>::quiet_NaN();
  // With `--objective p90`: the 90th percentile of the horizon total over the Monte Carlo run.
  std::optional<double> p90_horizon_total_usd;
  // With `--mix`, a fleet of two GPU types (empty: one type). `set` is then the plan with the first
  // type's fleet alone; the total is that plan's `--set` total with its replica line replaced by the
  // two types' replicas, each type's replica price and capacity priced by the `--set` route. A
  // scenario file cannot express a mix: `--apply` refuses it.
  std::vector<FleetPart> mix;
};

// The constraint no candidate meets, and the candidate that comes closest to meeting it.
struct PlanInfeasible {
  std::string constraint;  // "--max-training-hours 2", "hosting.max_ms_per_output_token 5", ...
  std::string problem;     // what the closest candidate reaches
  std::optional<PlanCandidate> closest;
};

struct PlanSideCounts {
  long long pruned = 0;     // rejected before pricing: filters, memory fit, unsupported precision or basis
  long long evaluated = 0;  // priced by the numeric route
  long long feasible = 0;   // priced and within every constraint of that side
};

struct PlanCounts {
  PlanSideCounts training;
  PlanSideCounts serving;
  long long plans_compared = 0;  // feasible training × feasible serving (same method), compared as sums
  long long exact_repricings = 0;
  long long mixes_compared = 0;  // `--mix`: fleets of two GPU types priced
  long long evaluated() const { return training.evaluated + serving.evaluated; }
  long long pruned() const { return training.pruned + serving.pruned; }
  long long feasible() const { return training.feasible + serving.feasible; }
};

struct PlanResult {
  std::string scenario_name;
  double horizon_months = 0;
  PlanConstraints constraints;
  PlanObjective objective;
  int finalists = 0;                                // plans run through Monte Carlo (`--objective p90`)
  std::optional<PlanCandidate> as_written;          // the scenario unchanged; empty when it cannot be priced
  std::optional<std::string> as_written_violation;  // the constraint the scenario as written breaks
  std::optional<PlanCandidate> best;                // empty when infeasible
  std::optional<PlanInfeasible> infeasible;
  std::vector<PlanCandidate> frontier_training;  // total vs training wall hours, fastest last
  std::vector<PlanCandidate> frontier_latency;   // total vs ms per output token, fastest last
  PlanCounts counts;
  double seconds = 0;  // search time, filled in by the caller that measures it
  // How the caller read the scenario, for the `estimate` command that checks the best plan: its file
  // and its own --catalog and --set arguments (the plan's changes go after them). Filled in by the CLI.
  std::string scenario_file = "SCENARIO";
  std::vector<std::string> input_args;
};

// Searches the self-hosted option of the scenario in `doc` (user overrides already applied) over the
// catalog. Throws InputError when the scenario itself does not load, or when `objective` is p90 and the
// scenario gives no field as a range (the p90 would be the point total).
PlanResult search_plan(const Document& doc, const Catalog& catalog, const PlanConstraints& constraints,
                       const PlanObjective& objective = {});

// The `--set` arguments of a plan: "training.gpu=a100-80gb".
std::vector<std::string> plan_set_arguments(const PlanCandidate& candidate);

}  // namespace ftcost
