#include <nlohmann/json.hpp>

#include "ftcost/render/csv.hpp"
#include "ftcost/render/plan.hpp"

namespace ftcost {

namespace {

using nlohmann::json;

json candidate_json(const PlanCandidate& c) {
  json set = json::object();
  json changes = json::array();
  for (const auto& change : c.set) {
    set[change.path] = change.value;
    changes.push_back({{"path", change.path},
                       {"before", change.before},
                       {"before_derived", change.before_derived},
                       {"after", change.value}});
  }
  json out = {{"horizon_total_usd", c.horizon_total_usd},
              {"training_wall_hours", c.training_wall_hours},
              {"ms_per_output_token", c.ms_per_output_token},
              {"time_to_first_token_ms", c.time_to_first_token_ms},
              {"training_gpus", c.training_gpus},
              {"gpus_per_replica", c.gpus_per_replica},
              {"replicas", c.replicas},
              {"set", set},
              {"changes", changes}};
  if (c.p90_horizon_total_usd) out["p90_horizon_total_usd"] = *c.p90_horizon_total_usd;
  if (!c.mix.empty()) {
    json mix = json::array();
    for (const FleetPart& part : c.mix) {
      mix.push_back({{"gpu", part.gpu},
                     {"provider", part.provider},
                     {"price_basis", part.price_basis},
                     {"precision", part.precision},
                     {"gpus_per_replica", part.gpus_per_replica},
                     {"replicas", part.replicas},
                     {"replica_monthly_usd", part.replica_monthly_usd},
                     {"queries_per_replica_month", part.queries_per_replica_month},
                     {"ms_per_output_token", part.ms_per_output_token}});
    }
    out["hosting"] = {{"mix", mix}};
  }
  return out;
}

json optional_number(const std::optional<double>& value) { return value ? json(*value) : json(nullptr); }

}  // namespace

std::string render_plan_json(const PlanResult& plan) {
  json constraints = {{"max_training_hours", optional_number(plan.constraints.max_training_hours)},
                      {"max_total_usd", optional_number(plan.constraints.max_total_usd)},
                      {"providers", plan.constraints.providers},
                      {"exclude_providers", plan.constraints.exclude_providers},
                      {"gpus", plan.constraints.gpus},
                      {"methods", json::array()},
                      {"mix", plan.constraints.mix}};
  for (TrainingMethod method : plan.constraints.methods) constraints["methods"].push_back(to_string(method));
  json frontier = json::array();
  for (const auto& c : plan.frontier_training) {
    json entry = candidate_json(c);
    entry["trade_off"] = "training_wall_hours";
    frontier.push_back(entry);
  }
  for (const auto& c : plan.frontier_latency) {
    json entry = candidate_json(c);
    entry["trade_off"] = "ms_per_output_token";
    frontier.push_back(entry);
  }
  const PlanCounts& n = plan.counts;
  json out = {
      {"format", "ftcost-plan/1"},
      {"scenario", plan.scenario_name},
      {"horizon_months", plan.horizon_months},
      {"objective", plan.objective.kind == PlanObjectiveKind::p90 ? "p90" : "horizon_total"},
      {"constraints", constraints},
      {"as_written", plan.as_written ? candidate_json(*plan.as_written) : json(nullptr)},
      {"as_written_violation", plan.as_written_violation ? json(*plan.as_written_violation) : json(nullptr)},
      {"best", plan.best ? candidate_json(*plan.best) : json(nullptr)},
      {"saving_usd", plan.best && plan.as_written
                         ? json(plan.as_written->horizon_total_usd - plan.best->horizon_total_usd)
                         : json(nullptr)},
      {"frontier", frontier},
      {"infeasible", nullptr},
      {"candidates_evaluated", n.evaluated()},
      {"candidates_pruned", n.pruned()},
      {"candidates_feasible", n.feasible()},
      {"plans_compared", n.plans_compared},
      {"counts",
       {{"training",
         {{"evaluated", n.training.evaluated}, {"pruned", n.training.pruned}, {"feasible", n.training.feasible}}},
        {"serving",
         {{"evaluated", n.serving.evaluated}, {"pruned", n.serving.pruned}, {"feasible", n.serving.feasible}}},
        {"exact_repricings", n.exact_repricings},
        {"mixes_compared", n.mixes_compared}}}};
  if (plan.objective.kind == PlanObjectiveKind::p90) {
    out["monte_carlo"] = {
        {"samples", plan.objective.samples}, {"seed", plan.objective.seed}, {"finalists", plan.finalists}};
  }
  if (plan.infeasible) {
    out["infeasible"] = {
        {"constraint", plan.infeasible->constraint},
        {"problem", plan.infeasible->problem},
        {"message", plan_infeasible_message(plan)},
        {"closest", plan.infeasible->closest ? candidate_json(*plan.infeasible->closest) : json(nullptr)}};
  }
  return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string render_plan_csv(const PlanResult& plan) {
  // The p90 column only with `--objective p90`, so the default output keeps its columns.
  const bool p90 = plan.objective.kind == PlanObjectiveKind::p90;
  std::string out = "role,trade_off,horizon_total_usd,";
  out += p90 ? "p90_horizon_total_usd," : "";
  out += "training_wall_hours,ms_per_output_token,set";
  // The serving mix (`--mix`) as "3×l4@aws/on_demand/fp16/1 + 1×a10g@…" (replicas × gpu@provider/basis/
  // precision/GPUs per replica), only with --mix.
  const bool mix = plan.constraints.mix;
  out += mix ? ",hosting_mix\r\n" : "\r\n";
  auto row = [&out, p90, mix](const std::string& role, const std::string& trade_off, const PlanCandidate& c) {
    std::string set;
    for (const auto& change : c.set) set += (set.empty() ? "" : " ") + change.path + "=" + change.value;
    out += role + "," + trade_off + "," + csv_number(c.horizon_total_usd) + ",";
    if (p90) out += (c.p90_horizon_total_usd ? csv_number(*c.p90_horizon_total_usd) : "") + ",";
    out += csv_number(c.training_wall_hours) + "," + csv_number(c.ms_per_output_token) + "," + csv_field(set);
    if (mix) {
      std::string parts;
      for (const FleetPart& p : c.mix) {
        parts += (parts.empty() ? "" : " + ") + std::to_string(p.replicas) + "×" + p.gpu + "@" + p.provider + "/" +
                 p.price_basis + "/" + p.precision + "/" + std::to_string(p.gpus_per_replica);
      }
      out += ',';
      out += csv_field(parts);
    }
    out += "\r\n";
  };
  if (plan.as_written) row("as_written", "", *plan.as_written);
  if (plan.best) row("best", "", *plan.best);
  for (const auto& c : plan.frontier_training) row("frontier", "training_wall_hours", c);
  for (const auto& c : plan.frontier_latency) row("frontier", "ms_per_output_token", c);
  return out;
}

}  // namespace ftcost
