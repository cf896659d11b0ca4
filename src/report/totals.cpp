#include "ftcost/report/totals.hpp"

#include <algorithm>
#include <string>

#include "ftcost/models/alternatives.hpp"
#include "ftcost/models/data_prep.hpp"
#include "ftcost/models/hosting.hpp"
#include "ftcost/models/training.hpp"
#include "ftcost/models/units.hpp"

namespace ftcost {

namespace {

// Adds `amount` to the summary row with display order `order` (see summary_row()).
void add_row(OptionNumbers& option, int order, double amount) { option.rows[summary_row_slot(order)] += amount; }

void finish(OptionNumbers& option, double horizon_months) {
  for (std::size_t slot = 0; slot < summary_row_slots; ++slot) {
    (summary_row_recurrence(slot) == Recurrence::one_time ? option.one_time : option.monthly) += option.rows[slot];
  }
  option.horizon_total = option.one_time + horizon_months * option.monthly;
}

}  // namespace

ScenarioTotals totals_of(const Report& report) {
  ScenarioTotals out;
  out.horizon_months = report.horizon_months;
  for (const auto& option : report.options) {
    OptionNumbers numbers;
    numbers.one_time = option.totals.one_time;
    numbers.monthly = option.totals.monthly;
    numbers.horizon_total = option.totals.horizon_total;
    for (const auto& line : option.lines) numbers.rows[summary_row_slot(summary_row(line).order)] += line.amount();
    out.options.push_back(numbers);
  }
  for (const auto& be : report.break_even) out.break_even.push_back({be.queries_per_month, be.month});
  return out;
}

// The numeric twin of build_report: the same model cores, priced the way the models price their
// lines, summed into the summary rows that summary_row() assigns those lines to. Tests hold it
// equal to totals_of(build_report(...)).
EvaluationCache evaluation_cache_for(const Scenario& scenario) {
  EvaluationCache cache;
  // The inputs of size_replica() that a scenario can give as ranges.
  // (The served adapters follow the training plan's LoRA rank and share.)
  static const std::vector<std::string> replica_inputs = {
      "hosting.input_tokens",       "hosting.output_tokens", "hosting.max_ms_per_output_token",
      "hosting.max_time_to_first_token_ms", "training.lora_rank", "training.lora_target_share"};
  // The inputs of the training memory check (the GPU count search).
  // (training.seq_len follows data.tokens_per_example unless written.)
  static const std::vector<std::string> memory_inputs = {"training.seq_len", "data.tokens_per_example",
                                                         "training.lora_rank", "training.lora_target_share",
                                                         "training.prompt_virtual_tokens"};
  auto varies = [&](const std::vector<std::string>& fields) {
    return std::any_of(scenario.uncertain.begin(), scenario.uncertain.end(), [&](const UncertainInput& input) {
      return std::find(fields.begin(), fields.end(), input.field) != fields.end();
    });
  };
  if (!varies(replica_inputs)) cache.replica = size_replica(scenario.hosting, scenario.model);
  if (!varies(memory_inputs) && !scenario.training.gpu_count) {
    cache.training_gpus = training_core(scenario.training, scenario.model, scenario.data).gpu_count;
  }
  return cache;
}

ScenarioTotals evaluate_totals(const Scenario& scenario, const EvaluationCache* cache) {
  ScenarioTotals out;
  evaluate_totals_into(scenario, out, cache);
  return out;
}

void evaluate_totals_into(const Scenario& scenario, ScenarioTotals& out, const EvaluationCache* cache) {
  out.options.clear();
  out.break_even.clear();
  const double h = scenario.horizon_months;
  const double q = scenario.hosting.queries_per_month;
  out.horizon_months = h;

  const DataPrepCore data = data_prep_core(scenario.data);
  const TrainingPlan& t = scenario.training;
  const TrainingCore training =
      training_core(t, scenario.model, scenario.data, cache ? cache->training_gpus : std::nullopt);
  const HostingPlan& hp = scenario.hosting;
  const HostingCore hosting =
      cache && cache->replica ? hosting_core(hp, *cache->replica) : hosting_core(hp, scenario.model);

  OptionNumbers self;
  add_row(self, 10, data.one_time_usd);
  add_row(self, 50, data.monthly_usd);
  add_row(self, 20, training.round_gpu_hours * t.gpu_hour.usd + t.engineering_hours * t.engineering_rate.usd_per_hour);
  double training_monthly = 0;
  if (t.retrain_every_months > 0)
    training_monthly += training.round_gpu_hours / t.retrain_every_months * t.gpu_hour.usd;
  if (t.checkpoints_kept > 0 && t.storage_per_gb_month.usd > 0) {
    training_monthly += training.checkpoint_gb * t.checkpoints_kept * t.storage_per_gb_month.usd;
  }
  add_row(self, 60, training_monthly);
  add_row(self, 70, hosting.replicas * hosting.gpus * units::hours_per_month * hp.gpu_hour.usd);
  add_row(self, 80, hp.monitoring_per_month.usd + hp.ops_fte * units::fte_hours_per_month * hp.ops_rate.usd_per_hour);
  finish(self, h);
  out.options.push_back(self);

  BreakEvenInputs in;
  in.horizon_months = h;
  in.self_one_time = self.one_time;
  in.self_fixed_monthly = data.monthly_usd + training_monthly + hosting.curve.fixed_monthly;
  in.replica_monthly = hosting.curve.replica_monthly;
  in.queries_per_replica_month = hosting.curve.queries_per_replica_month;
  in.min_replicas = hosting.curve.min_replicas;
  in.wake_seconds = hosting.curve.wake_seconds;
  in.autoscaling = hosting.curve.autoscaling;
  auto compare = [&](const OptionNumbers& other, double other_fixed_monthly, double other_cost_per_query) {
    BreakEvenInputs with = in;
    with.other_one_time = other.one_time;
    with.other_fixed_monthly = other_fixed_monthly;
    with.other_cost_per_query = other_cost_per_query;
    out.break_even.push_back(
        {break_even_volume(with), break_even_month(self.one_time, self.monthly, other.one_time, other.monthly)});
  };

  for (const auto& alt : scenario.apis) {
    const ApiCore api = api_core(alt, hp);
    OptionNumbers option;
    add_row(option, 40, api.one_time);
    add_row(option, 70, q * api.cost_per_query);
    finish(option, h);
    out.options.push_back(option);
    compare(option, 0.0, api.cost_per_query);
  }
  for (const auto& alt : scenario.finetunes) {
    const ManagedFinetuneCore vendor = managed_finetune_core(alt, scenario.data, hp, t.retrain_every_months);
    OptionNumbers option;
    add_row(option, 10, data.one_time_usd);
    add_row(option, 50, data.monthly_usd);
    add_row(option, 30, vendor.one_time);
    add_row(option, 60, vendor.retraining_monthly);
    add_row(option, 70, q * vendor.cost_per_query + vendor.hosting_fee_monthly);
    finish(option, h);
    out.options.push_back(option);
    compare(option, vendor.fixed_monthly + data.monthly_usd, vendor.cost_per_query);
  }
}

}  // namespace ftcost
