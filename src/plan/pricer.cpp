#include "ftcost/plan/pricer.hpp"

#include "ftcost/models/data_prep.hpp"
#include "ftcost/models/hosting.hpp"
#include "ftcost/models/training.hpp"
#include "ftcost/models/units.hpp"
#include "ftcost/report/report.hpp"
#include "ftcost/scenario/assumptions.hpp"
#include "ftcost/scenario/load.hpp"
#include "ftcost/scenario/override.hpp"

namespace ftcost {

namespace {

Scenario load_with(const Document& doc, const Catalog& catalog, const std::vector<PlanChange>& set) {
  if (set.empty()) return load_scenario(doc, catalog);
  Document changed = doc;
  for (const auto& change : set) {
    apply_override(changed, {change.path, change.value, "ftcost plan: --set " + change.path + "=" + change.value});
  }
  return load_scenario(changed, catalog);
}

bool has_field(const Document& doc, const char* section, const char* key) {
  const nlohmann::json& root = doc.root;
  return root.is_object() && root.contains(section) && root.at(section).is_object() && root.at(section).contains(key);
}

}  // namespace

CandidatePricer::CandidatePricer(const Document& doc, const Catalog& catalog,
                                 const std::vector<TrainingMethod>& methods)
    : doc_(doc), catalog_(catalog) {
  Scenario written = load_scenario(doc, catalog);
  const TrainingMethod as_written = written.training.method;
  bases_.push_back({as_written, std::move(written)});
  for (TrainingMethod method : methods) {
    if (base_for(method)) continue;
    // The loader derives what depends on the method (LoRA rank, the served adapter's size): load it.
    bases_.push_back({method, load_with(doc, catalog, {{"training.method", to_string(method), ""}})});
  }
  const Scenario& s = base();
  const DataPrepCore data = data_prep_core(s.data);
  data_horizon_usd_ = data.one_time_usd + s.horizon_months * data.monthly_usd;
  // The loader gives hosting the training GPU and price when hosting names none of its own.
  hosting_inherits_ = !has_field(doc, "hosting", "gpu") && !has_field(doc, "hosting", "provider") &&
                      !has_field(doc, "hosting", "price_basis") && !has_field(doc, "hosting", "usd_per_gpu_hour");
}

const Scenario* CandidatePricer::base_for(TrainingMethod method) const {
  for (const auto& base : bases_) {
    if (base.method == method) return &base.scenario;
  }
  return nullptr;
}

TrainingNumbers CandidatePricer::training(const TrainingChoice& choice) const {
  const Scenario& s = *base_for(choice.method);
  TrainingPlan t = s.training;
  if (!choice.as_written) {
    // What the loader does for training.gpu, provider and price_basis (src/scenario/load.cpp).
    t.gpu = *choice.offer.gpu;
    const bool user_mfu = t.mfu_from_user;
    const double mfu = t.assumptions.mfu;
    t.assumptions = training_assumptions(catalog_, t.gpu);
    if (user_mfu) {
      t.assumptions.mfu = mfu;
      t.assumptions.mfu_default_id.clear();
    }
    t.gpu_hour.usd = choice.offer.usd_per_gpu_hour;
    t.spot = choice.offer.basis == "spot";
  }
  t.gpu_count = choice.gpus;
  t.precision = choice.precision;
  TrainingNumbers out;
  const TrainingMemory memory = training_memory(shape_for(s.model, t), t.gpu, choice.gpus, t.assumptions, true);
  if (!memory.fits()) return out;
  out.fits = true;
  const TrainingCore core = training_core(t, s.model, s.data);
  double monthly = 0;
  if (t.retrain_every_months > 0) monthly += core.round_gpu_hours / t.retrain_every_months * t.gpu_hour.usd;
  if (t.checkpoints_kept > 0 && t.storage_per_gb_month.usd > 0) {
    monthly += core.checkpoint_gb * t.checkpoints_kept * t.storage_per_gb_month.usd;
  }
  out.horizon_usd = core.round_gpu_hours * t.gpu_hour.usd + t.engineering_hours * t.engineering_rate.usd_per_hour +
                    s.horizon_months * monthly;
  out.wall_hours = core.wall_clock_hours_per_run;
  return out;
}

ServingNumbers CandidatePricer::serving(const ServingChoice& choice, TrainingMethod method) const {
  const Scenario& s = *base_for(method);
  HostingPlan h = s.hosting;
  if (!choice.as_written) {
    h.gpu = *choice.offer.gpu;
    h.gpu_hour.usd = choice.offer.usd_per_gpu_hour;
    h.assumptions = serving_assumptions(catalog_, h.gpu);
  }
  h.precision = choice.precision;
  h.gpus_per_replica = choice.gpus_per_replica;
  h.autoscaling = choice.autoscaling;
  ServingNumbers out;
  ServingShape shape = serving_shape_for(s.model, h.precision, h.input_tokens, h.output_tokens);
  shape.adapters = h.adapters;
  shape.adapter_params = lora_adapter_params(s.model, h.adapter_rank, h.adapter_target_share);
  const std::optional<int> fewest = min_gpus_for_serving(shape, h.gpu, h.assumptions);
  if (!fewest || *fewest > choice.gpus_per_replica) return out;
  out.fits = true;
  // The latency checks are size_replica's own; a candidate that fails them is priced but infeasible.
  const ServingPerformance perf =
      serving_performance(shape, h.gpu, choice.gpus_per_replica, h.assumptions, h.max_ms_per_output_token);
  out.ms_per_output_token = perf.decode_step_ms;
  out.time_to_first_token_ms = perf.prefill_ms;
  HostingCore core;
  try {
    core = hosting_core(h, s.model);
  } catch (const InputError&) {
    if (perf.max_concurrency < 1) out.fits = false;
    // What it reaches one request at a time: how close it comes to the target.
    const ServingPerformance single =
        serving_performance(shape, h.gpu, choice.gpus_per_replica, h.assumptions, std::nullopt, 1.0);
    out.ms_per_output_token = single.decode_step_ms;
    out.time_to_first_token_ms = single.prefill_ms;
    return out;
  }
  out.meets_latency = true;
  out.ms_per_output_token = core.performance.decode_step_ms;
  out.time_to_first_token_ms = core.performance.prefill_ms;
  out.horizon_usd = s.horizon_months *
                    (core.replicas * core.gpus * units::hours_per_month * h.gpu_hour.usd + h.monitoring_per_month.usd +
                     h.ops_fte * units::fte_hours_per_month * h.ops_rate.usd_per_hour);
  return out;
}

PlanCandidate CandidatePricer::exact(const std::vector<PlanChange>& set) const {
  const Scenario s = load_with(doc_, catalog_, set);
  const Report report = build_report(s);
  const TrainingCore training = training_core(s.training, s.model, s.data);
  const HostingCore hosting = hosting_core(s.hosting, s.model);
  PlanCandidate out;
  out.set = set;
  out.horizon_total_usd = report.options.front().totals.horizon_total;
  out.training_wall_hours = training.wall_clock_hours_per_run;
  out.ms_per_output_token = hosting.performance.decode_step_ms;
  out.time_to_first_token_ms = hosting.performance.prefill_ms;
  out.training_gpus = training.gpu_count;
  out.replicas = hosting.replicas;
  out.gpus_per_replica = hosting.gpus;
  return out;
}

}  // namespace ftcost
