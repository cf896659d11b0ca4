#include "ftcost/plan/pricer.hpp"

#include "ftcost/models/data_prep.hpp"
#include "ftcost/models/hosting.hpp"
#include "ftcost/models/training.hpp"
#include "ftcost/report/report.hpp"
#include "ftcost/scenario/assumptions.hpp"
#include "ftcost/scenario/load.hpp"
#include "ftcost/scenario/resolve.hpp"

namespace ftcost {

namespace {

std::vector<Override> overrides_of(const std::vector<PlanChange>& set) {
  std::vector<Override> out;
  out.reserve(set.size());
  for (const auto& change : set) {
    out.push_back({change.path, change.value, "ftcost plan: --set " + change.path + "=" + change.value});
  }
  return out;
}

// A plan's numbers read off the report of its scenario and the models' cores.
PlanCandidate priced_by_report(const std::vector<PlanChange>& set, const Scenario& s, const Report& report) {
  const TrainingCore training = training_core(s.training, s.model, s.data);
  const HostingCore hosting = hosting_core(s.hosting, s.model);
  PlanCandidate out;
  out.set = set;
  out.horizon_total_usd = report.options.front().totals.horizon_total;
  out.training_wall_hours = training.wall_clock_hours_per_run;
  out.ms_per_output_token = hosting.performance.ms_per_output_token;
  out.time_to_first_token_ms = hosting.performance.prefill_ms;
  out.training_gpus = training.gpu_count;
  out.replicas = hosting.replicas;
  out.gpus_per_replica = hosting.gpus;
  out.replica_monthly_usd = hosting.curve.replica_monthly;
  out.queries_per_replica_month = hosting.curve.queries_per_replica_month;
  return out;
}

}  // namespace

CandidatePricer::CandidatePricer(const Document& doc, const Catalog& catalog,
                                 const std::vector<TrainingMethod>& methods)
    : doc_(doc), catalog_(catalog) {
  Scenario written = load_scenario(doc, catalog);
  const TrainingMethod as_written = written.training.method;
  bases_.push_back({as_written, std::move(written), {}, {}});
  for (TrainingMethod method : methods) {
    if (base_for(method)) continue;
    // The loader derives what depends on the method (LoRA rank, the served adapter's size): the one
    // resolution step, as `--set training.method=...` would.
    Scenario for_method =
        apply_overrides(base(), doc, catalog, {{"training.method", to_string(method), "ftcost plan"}});
    bases_.push_back({method, std::move(for_method), {}, {}});
  }
  for (MethodBase& entry : bases_) {
    entry.training_work = entry.scenario;
    entry.serving_work = entry.scenario;
  }
  data_lines_ = data_prep_lines(base().data, data_prep_core(base().data));
}

double CandidatePricer::horizon_total(const TrainingNumbers& training, const ServingNumbers& serving) const {
  OptionNumbers sum;
  add_lines(sum, data_lines_);
  add_lines(sum, training.lines);
  add_lines(sum, serving.lines);
  finish_option(sum, base().horizon_months);
  return sum.horizon_total;
}

const Scenario* CandidatePricer::base_for(TrainingMethod method) const {
  for (const auto& entry : bases_) {
    if (entry.method == method) return &entry.scenario;
  }
  return nullptr;
}

CandidatePricer::MethodBase& CandidatePricer::entry_for(TrainingMethod method) {
  for (auto& entry : bases_) {
    if (entry.method == method) return entry;
  }
  throw std::logic_error("ftcost plan: a method the pricer was not built for");
}

TrainingNumbers CandidatePricer::training(const TrainingChoice& choice) {
  MethodBase& entry = entry_for(choice.method);
  const Scenario& s = entry.scenario;
  Scenario& work = entry.training_work;
  TrainingPlan& t = work.training;
  const TrainingPlan& written = s.training;
  if (choice.as_written) {
    t.gpu = written.gpu;
    t.assumptions = written.assumptions;
    t.gpu_hour = written.gpu_hour;
    t.spot = written.spot;
  } else {
    // What the loader does for training.gpu, provider and price_basis (src/scenario/load.cpp): the
    // GPU's catalog assumptions, keeping an MFU the file wrote; spot capacity redoes lost work.
    t.gpu = *choice.offer.gpu;
    t.assumptions = training_assumptions(catalog_, t.gpu);
    if (written.mfu_from_user) {
      t.assumptions.mfu = written.assumptions.mfu;
      t.assumptions.mfu_default_id.clear();
    }
    t.gpu_hour.usd = choice.offer.usd_per_gpu_hour;
    t.spot = choice.offer.basis == "spot";
  }
  t.gpu_count = choice.gpus;
  t.precision = choice.precision;
  derive_defaults(work);
  TrainingNumbers out;
  const TrainingMemory memory =
      training_memory(shape_for(work.model, t), t.gpu, t.precision, choice.gpus, t.assumptions, true);
  if (!memory.fits()) return out;
  out.fits = true;
  const TrainingCore core = training_core(t, work.model, work.data);
  out.lines = training_lines(t, core);
  out.horizon_usd = horizon_usd(out.lines, work.horizon_months);
  out.wall_hours = core.wall_clock_hours_per_run;
  return out;
}

ServingNumbers CandidatePricer::serving(const ServingChoice& choice, TrainingMethod method) {
  MethodBase& entry = entry_for(method);
  const Scenario& s = entry.scenario;
  Scenario& work = entry.serving_work;
  HostingPlan& h = work.hosting;
  if (choice.as_written) {
    h.gpu = s.hosting.gpu;
    h.assumptions = s.hosting.assumptions;
    h.gpu_hour = s.hosting.gpu_hour;
    work.written.hosting_price = s.written.hosting_price;  // an inherited price follows training's again
  } else {
    // `--set hosting.gpu=...` gives hosting a price of its own (Scenario::written).
    h.gpu = *choice.offer.gpu;
    h.assumptions = serving_assumptions(catalog_, h.gpu, h.engine);
    h.gpu_hour.usd = choice.offer.usd_per_gpu_hour;
    work.written.hosting_price = true;
  }
  h.precision = choice.precision;
  h.gpus_per_replica = choice.gpus_per_replica;
  h.autoscaling = choice.autoscaling;
  derive_defaults(work);
  ServingNumbers out;
  ServingShape shape = serving_shape_for(work.model, h.precision, h.input_tokens, h.output_tokens);
  add_served_adapters(shape, work.model, h.adapters, h.adapter_rank, h.adapter_target_share);
  const std::optional<int> fewest = min_gpus_for_serving(shape, h.gpu, h.assumptions);
  if (!fewest || *fewest > choice.gpus_per_replica) return out;
  out.fits = true;
  // The latency checks are size_replica's own; a candidate that fails them is priced but infeasible.
  const ServingPerformance perf =
      serving_performance(shape, h.gpu, choice.gpus_per_replica, h.assumptions, h.max_ms_per_output_token);
  out.ms_per_output_token = perf.ms_per_output_token;
  out.time_to_first_token_ms = perf.prefill_ms;
  HostingCore core;
  try {
    core = hosting_core(h, work.model);
  } catch (const InputError&) {
    if (perf.max_concurrency < 1) out.fits = false;
    // What it reaches one request at a time: how close it comes to the target.
    const ServingPerformance single =
        serving_performance(shape, h.gpu, choice.gpus_per_replica, h.assumptions, std::nullopt, 1.0);
    out.ms_per_output_token = single.ms_per_output_token;
    out.time_to_first_token_ms = single.prefill_ms;
    return out;
  }
  out.meets_latency = true;
  out.ms_per_output_token = core.performance.ms_per_output_token;
  out.time_to_first_token_ms = core.performance.prefill_ms;
  out.gpus_per_replica = core.gpus;
  out.usd_per_gpu_hour = h.gpu_hour.usd;
  out.replica_monthly_usd = core.curve.replica_monthly;
  out.queries_per_replica_month = core.curve.queries_per_replica_month;
  for (const PricedLine& line : hosting_lines(h, core)) out.lines.add(line);
  out.horizon_usd = horizon_usd(out.lines, work.horizon_months);
  return out;
}

namespace {

// Each of `lines` in order, the serving-GPU line replaced by one line per GPU type of a mixed fleet.
template <class Lines, class Sink>
void with_fleet(const Lines& lines, const PricedLine& first, const PricedLine& other, Sink&& add) {
  for (const auto& line : lines) {
    if (line.kind == LineKind::serving_gpus) {
      add(first);
      add(other);
    } else {
      add(PricedLine{line.kind, line.quantity, line.unit_price});
    }
  }
}

}  // namespace

ServingNumbers CandidatePricer::mixed_fleet(const ServingNumbers& first, int replicas, const ServingNumbers& other,
                                            int other_replicas) const {
  ServingNumbers out = first;
  out.lines = {};
  with_fleet(first.lines, serving_gpus_line(replicas, first.gpus_per_replica, first.usd_per_gpu_hour),
             serving_gpus_line(other_replicas, other.gpus_per_replica, other.usd_per_gpu_hour),
             [&](const PricedLine& line) { out.lines.add(line); });
  out.horizon_usd = horizon_usd(out.lines, base().horizon_months);
  return out;
}

Scenario CandidatePricer::scenario_for(const std::vector<PlanChange>& set) const {
  // The one resolution step: the library form of `estimate --set`.
  return apply_overrides(base(), doc_, catalog_, overrides_of(set));
}

PlanCandidate CandidatePricer::exact(const std::vector<PlanChange>& set) const {
  const Scenario s = scenario_for(set);
  return priced_by_report(set, s, build_report(s));
}

PlanCandidate CandidatePricer::exact_mix(const std::vector<PlanChange>& set, int replicas,
                                         const std::vector<PlanChange>& other_set, int other_replicas) const {
  const Scenario s = scenario_for(set);
  const Report report = build_report(s);
  PlanCandidate out = priced_by_report(set, s, report);
  const Scenario other = scenario_for(other_set);
  const int other_gpus = hosting_core(other.hosting, other.model).gpus;
  // The self-hosted option's lines as build_report describes them, in their order.
  const std::vector<CostLine>& lines = report.options.front().lines;
  std::vector<PricedLine> priced;
  priced.reserve(lines.size() + 1);
  with_fleet(lines, serving_gpus_line(replicas, out.gpus_per_replica, s.hosting.gpu_hour.usd),
             serving_gpus_line(other_replicas, other_gpus, other.hosting.gpu_hour.usd),
             [&](const PricedLine& line) { priced.push_back(line); });
  out.horizon_total_usd = horizon_usd(priced, s.horizon_months);
  return out;
}

}  // namespace ftcost
