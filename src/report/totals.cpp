#include "ftcost/report/totals.hpp"

#include <algorithm>
#include <string>

#include "ftcost/models/alternatives.hpp"
#include "ftcost/models/data_prep.hpp"
#include "ftcost/models/hosting.hpp"
#include "ftcost/models/training.hpp"

namespace ftcost {

ScenarioTotals totals_of(const Report& report) {
  ScenarioTotals out;
  out.horizon_months = report.horizon_months;
  for (const auto& option : report.options) {
    OptionNumbers numbers;
    numbers.one_time = option.totals.one_time;
    numbers.monthly = option.totals.monthly;
    numbers.horizon_total = option.totals.horizon_total;
    for (const auto& line : option.lines) numbers.rows[row_index(summary_row_of(line.kind))] += line.amount();
    out.options.push_back(numbers);
  }
  for (const auto& be : report.break_even) out.break_even.push_back({be.queries_per_month, be.month});
  return out;
}

EvaluationCache evaluation_cache_for(const Scenario& scenario) {
  EvaluationCache cache;
  // The inputs of size_replica() that a scenario can give as ranges.
  // (The served adapters follow the training plan's LoRA rank and share.)
  static const std::vector<std::string> replica_inputs = {"hosting.input_tokens",
                                                          "hosting.output_tokens",
                                                          "hosting.max_ms_per_output_token",
                                                          "hosting.max_time_to_first_token_ms",
                                                          "training.lora_rank",
                                                          "training.lora_target_share"};
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
  if (!varies(replica_inputs)) {
    cache.replica = size_replica(scenario.hosting, scenario.model);
    for (const auto& alt : scenario.finetunes) {
      cache.deployments.push_back(alt.deployment_gpu
                                      ? std::optional<ReplicaSizing>(size_deployment(
                                            alt, dedicated_deployment(alt, scenario.hosting), scenario.model))
                                      : std::nullopt);
    }
  }
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

// The numeric twin of build_report: the same model cores and the same priced lines (each model's
// LineTable, which its line builder describes), summed in the same order into the rows of their
// kinds. Tests hold it equal to totals_of(build_report(...)) to the last bit.
void evaluate_totals_into(const Scenario& scenario, ScenarioTotals& out, const EvaluationCache* cache) {
  out.options.clear();
  out.break_even.clear();
  const double h = scenario.horizon_months;
  out.horizon_months = h;

  const DataPrepLines data = data_prep_lines(scenario.data, data_prep_core(scenario.data));
  const TrainingPlan& t = scenario.training;
  const TrainingLines training =
      training_lines(t, training_core(t, scenario.model, scenario.data, cache ? cache->training_gpus : std::nullopt));
  const HostingPlan& hp = scenario.hosting;
  const HostingCore hosting =
      cache && cache->replica ? hosting_core(hp, *cache->replica) : hosting_core(hp, scenario.model);

  // The data lines open the self-hosted option and every managed fine-tune: summed once.
  OptionNumbers with_data;
  add_lines(with_data, data);
  OptionNumbers self = with_data;
  add_lines(self, training);
  add_lines(self, hosting_lines(hp, hosting));
  finish_option(self, h);
  out.options.push_back(self);

  const double data_monthly = data.monthly();
  const BreakEvenInputs in =
      self_hosted_break_even_inputs(h, self.one_time, data_monthly + training.monthly(), hosting.curve);
  auto compare = [&](const OptionNumbers& other, double other_fixed_monthly, double other_cost_per_query,
                     const std::optional<HostingCurve>& other_deployment = std::nullopt) {
    BreakEvenInputs with = in;
    with.other_one_time = other.one_time;
    with.other_fixed_monthly = other_fixed_monthly;
    with.other_cost_per_query = other_cost_per_query;
    with.other_deployment = other_deployment;
    out.break_even.push_back(
        {break_even_volume(with), break_even_month(self.one_time, self.monthly, other.one_time, other.monthly, h)});
  };

  for (const auto& alt : scenario.apis) {
    const ApiCore api = api_core(alt, hp);
    OptionNumbers option;
    add_lines(option, api_lines(alt, hp, api));
    finish_option(option, h);
    out.options.push_back(option);
    compare(option, 0.0, api.cost_per_query);
  }
  for (std::size_t i = 0; i < scenario.finetunes.size(); ++i) {
    const FinetuneAlternative& alt = scenario.finetunes[i];
    const ReplicaSizing* sizing =
        cache && i < cache->deployments.size() && cache->deployments[i] ? &*cache->deployments[i] : nullptr;
    const ManagedFinetuneCore vendor =
        managed_finetune_core(alt, scenario.data, hp, scenario.model, t.retrain_every_months, sizing);
    OptionNumbers option = with_data;
    add_lines(option, managed_finetune_lines(alt, hp, t.retrain_every_months, vendor));
    finish_option(option, h);
    out.options.push_back(option);
    compare(option, vendor.fixed_monthly + data_monthly, vendor.cost_per_query,
            vendor.deployment ? std::optional<HostingCurve>(vendor.deployment->curve) : std::nullopt);
  }
}

}  // namespace ftcost
