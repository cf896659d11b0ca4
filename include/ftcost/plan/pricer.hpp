#pragma once
// The one seam through which `ftcost plan` prices a candidate, on the library's one resolution step
// (scenario/resolve.hpp). The exact route is `apply_overrides` (the library form of `estimate --set`)
// and build_report; the numeric route writes a candidate's GPU, price, count and precision into a
// working copy of the loaded scenario as the loader would, marks what `--set` would mark as written
// (Scenario::written: a serving GPU of its own no longer inherits training's price), runs
// derive_defaults() and the models' numeric cores (tests hold the two routes equal).
#include <optional>
#include <string>
#include <vector>

#include "ftcost/catalog/catalog.hpp"
#include "ftcost/plan/plan.hpp"
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

// A side's numbers: its horizon cost and what the constraints read.
struct TrainingNumbers {
  bool fits = false;       // memory holds the run on this many GPUs
  double horizon_usd = 0;  // first round + engineering + re-training and storage over the horizon
  double wall_hours = 0;   // one run
};

struct ServingNumbers {
  bool fits = false;                     // the weights and one sequence fit the replica
  bool meets_latency = false;            // the scenario's ms per output token and time to first token
  double horizon_usd = 0;                // replicas, monitoring and operations over the horizon
  double replica_monthly_usd = 0;        // one replica, always on
  double queries_per_replica_month = 0;  // what one replica carries (at the peak factor when always on)
  double fixed_monthly_usd = 0;          // monitoring and operations
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
  double data_horizon_usd() const { return data_horizon_usd_; }
  // Hosting names no GPU, provider, basis or price of its own: it follows training's (derive_defaults).
  bool hosting_inherits_training_price() const { return !base().written.hosting_price; }

  // The numeric route: the loaded scenario for the choice's method with the choice written in and
  // derive_defaults() run. Not const: each side reuses one working copy per method (no allocation
  // per candidate beyond the GPU spec's).
  TrainingNumbers training(const TrainingChoice& choice);
  ServingNumbers serving(const ServingChoice& choice, TrainingMethod method);

  // The exact route: the scenario `estimate --set` would price (apply_overrides), priced by build_report.
  PlanCandidate exact(const std::vector<PlanChange>& set) const;
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
  double data_horizon_usd_ = 0;
};

}  // namespace ftcost
