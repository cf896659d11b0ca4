#pragma once
// The one seam through which `ftcost plan` prices a candidate, on the library's one resolution step
// (scenario/resolve.hpp). The exact route is `apply_overrides` (the library form of `estimate --set`)
// and build_report; the numeric route writes a candidate's GPU, price, count and precision into a
// working copy of the loaded scenario as the loader would, marks what `--set` would mark as written
// (Scenario::written: a serving GPU of its own no longer inherits training's price), runs
// derive_defaults() and the models' numeric cores. Neither route prices anything itself: both sum
// the models' priced lines (data_prep_lines, training_lines, hosting_lines) with add_lines, each by
// its kind's recurrence, as evaluate_totals does (tests hold the two routes equal to the last bit).
#include <optional>
#include <string>
#include <vector>

#include "ftcost/catalog/catalog.hpp"
#include "ftcost/models/data_prep.hpp"
#include "ftcost/models/hosting.hpp"
#include "ftcost/models/training.hpp"
#include "ftcost/plan/plan.hpp"
#include "ftcost/report/totals.hpp"
#include "ftcost/scenario/scenario.hpp"
#include "ftcost/util/document.hpp"

namespace ftcost {

// A GPU bought one way: the catalog price the loader picks for gpu + provider + basis.
struct GpuOffer {
  const GpuSpec* gpu = nullptr;
  std::string provider;
  std::string basis;
  double usd_per_gpu_hour = 0;
};

struct TrainingChoice {
  bool as_written = false;  // the scenario's own GPU and price (then `offer` is unused)
  GpuOffer offer;
  int gpus = 1;
  Precision precision = Precision::bf16;
  TrainingMethod method = TrainingMethod::lora;
};

struct ServingChoice {
  bool as_written = false;  // the scenario's own hosting GPU and price
  GpuOffer offer;
  Precision precision = Precision::fp16;
  int gpus_per_replica = 1;
  bool autoscaling = false;
};

// What a side's lines cost over the horizon: their one-time amounts plus the horizon times their
// monthly ones, each line by its kind's recurrence, summed as evaluate_totals sums an option.
template <class Lines>
double horizon_usd(const Lines& lines, double horizon_months) {
  OptionNumbers sum;
  add_lines(sum, lines);
  finish_option(sum, horizon_months);
  return sum.horizon_total;
}

// A serving fleet's hosting lines: one serving-GPU line per GPU type (two with `--mix`), then
// monitoring and operations.
using FleetLines = LineTable<HostingLines::capacity() + 1>;

// A side's numbers: its priced lines, their horizon cost and what the constraints read.
struct TrainingNumbers {
  bool fits = false;       // memory holds the run on this many GPUs
  TrainingLines lines;     // training_lines(): first round, engineering, re-training, checkpoint storage
  double horizon_usd = 0;  // horizon_usd(lines)
  double wall_hours = 0;   // one run
};

struct ServingNumbers {
  bool fits = false;           // the weights and one sequence fit the replica
  bool meets_latency = false;  // the scenario's ms per output token and time to first token
  FleetLines lines;            // hosting_lines(): replicas, monitoring, operations
  double horizon_usd = 0;      // horizon_usd(lines)
  int gpus_per_replica = 0;
  double usd_per_gpu_hour = 0;           // the hosting price the lines use
  double replica_monthly_usd = 0;        // one replica, always on
  double queries_per_replica_month = 0;  // what one replica carries (at the peak factor when always on)
  double ms_per_output_token = 0;
  double time_to_first_token_ms = 0;
};

class CandidatePricer {
 public:
  // `doc` is the scenario with the user's overrides applied. Loads it, and resolves it once per other
  // training method searched (apply_overrides); throws InputError when it does not load.
  CandidatePricer(const Document& doc, const Catalog& catalog, const std::vector<TrainingMethod>& methods);

  const Scenario& base() const { return bases_.front().scenario; }
  const Scenario* base_for(TrainingMethod method) const;
  // Data preparation over the horizon: the same for every candidate.
  double data_horizon_usd() const { return horizon_usd(data_lines_, base().horizon_months); }
  // A plan's self-hosted horizon total: the data, training and serving lines summed in the report's
  // order, so it is evaluate_totals' (and build_report's) total for the same scenario to the last bit.
  double horizon_total(const TrainingNumbers& training, const ServingNumbers& serving) const;
  // Hosting names no GPU, provider, basis or price of its own: it follows training's (derive_defaults).
  bool hosting_inherits_training_price() const { return !base().written.hosting_price; }

  // The numeric route: the loaded scenario for the choice's method with the choice written in and
  // derive_defaults() run. Not const: each side reuses one working copy per method (no allocation
  // per candidate beyond the GPU spec's).
  TrainingNumbers training(const TrainingChoice& choice);
  ServingNumbers serving(const ServingChoice& choice, TrainingMethod method);
  // `--mix`: a fleet of `replicas` replicas of `first`'s type and `other_replicas` of `other`'s. The
  // scenario format has one serving GPU type, so no scenario prices this fleet: its lines are `first`'s
  // with the serving-GPU line replaced by one per type (serving_gpus_line), monitoring and operations
  // kept. Returns `first` with those lines and their horizon cost.
  ServingNumbers mixed_fleet(const ServingNumbers& first, int replicas, const ServingNumbers& other,
                             int other_replicas) const;

  // The exact route: the scenario `estimate --set` would price (apply_overrides), priced by build_report.
  PlanCandidate exact(const std::vector<PlanChange>& set) const;
  // The exact route of a `--mix` fleet: the report of `set` (the first type's fleet alone) with its
  // serving-GPU line replaced by `replicas` of that type and `other_replicas` of the type `other_set`
  // serves on, summed as above.
  PlanCandidate exact_mix(const std::vector<PlanChange>& set, int replicas, const std::vector<PlanChange>& other_set,
                          int other_replicas) const;
  Scenario scenario_for(const std::vector<PlanChange>& set) const;

 private:
  struct MethodBase {
    TrainingMethod method;
    Scenario scenario;
    Scenario training_work;  // reused by training(): only its training plan changes
    Scenario serving_work;   // reused by serving(): only its hosting plan (and written.hosting_price)
  };
  MethodBase& entry_for(TrainingMethod method);

  const Document& doc_;
  const Catalog& catalog_;
  std::vector<MethodBase> bases_;
  DataPrepLines data_lines_;  // the same for every candidate
};

}  // namespace ftcost
