#include <fmt/format.h>

#include <algorithm>

#include "ftcost/render/plan.hpp"
#include "ftcost/util/money.hpp"
#include "ftcost/util/text.hpp"

namespace ftcost {

namespace {

std::string hours(double h) {
  if (h < 1) return h * 60 < 10 ? fmt::format("{:.1f} min", h * 60) : fmt::format("{:.0f} min", h * 60);
  return h < 10 ? fmt::format("{:.2f} h", h) : fmt::format("{:.1f} h", h);
}

// A frontier entry as what it does differently from the best plan.
std::string difference_text(const PlanCandidate& c, const PlanCandidate& best) {
  std::vector<std::string> parts;
  for (const auto& change : c.set) {
    const bool shared = std::any_of(best.set.begin(), best.set.end(), [&](const PlanChange& b) {
      return b.path == change.path && b.value == change.value;
    });
    if (!shared) parts.push_back(change.path + "=" + change.value);
  }
  for (const auto& b : best.set) {
    const bool kept = std::any_of(c.set.begin(), c.set.end(), [&](const PlanChange& x) { return x.path == b.path; });
    if (!kept) parts.push_back(b.path + " as written");
  }
  if (!best.mix.empty() && c.mix.empty()) parts.push_back("one GPU type in the serving fleet");
  if (best.mix.empty() && !c.mix.empty()) parts.push_back("two GPU types in the serving fleet");
  return parts.empty() ? "the best plan" : fmt::format("best plan with {}", fmt::join(parts, " "));
}

void frontier(std::string& out, const char* title, const std::vector<PlanCandidate>& points, const PlanCandidate& best,
              bool p90) {
  if (points.empty()) return;
  out += fmt::format("\n{}\n", title);
  out += fmt::format("  {:>12}  {}{:>10}  {:>9}  {}\n", "total", p90 ? fmt::format("{:>12}  ", "p90") : "", "train/run",
                     "ms/token", "plan");
  for (const auto& p : points) {
    const std::string p90_text =
        p90 ? fmt::format("{:>12}  ", p.p90_horizon_total_usd ? format_usd(*p.p90_horizon_total_usd) : "n/a") : "";
    out += fmt::format("  {:>12}  {}{:>10}  {:>9.1f}  {}\n", format_usd(p.horizon_total_usd), p90_text,
                       hours(p.training_wall_hours), p.ms_per_output_token, difference_text(p, best));
  }
}

}  // namespace

std::string render_plan_table(const PlanResult& plan) {
  std::string out = fmt::format("Plan for {} — self-hosted, {:g} months\n", plan.scenario_name, plan.horizon_months);
  if (plan.as_written) {
    out += fmt::format("As written: {}  (training {} per run, {:.1f} ms per output token){}\n",
                       format_usd(plan.as_written->horizon_total_usd), hours(plan.as_written->training_wall_hours),
                       plan.as_written->ms_per_output_token,
                       plan.as_written_violation ? fmt::format(" — breaks {}", *plan.as_written_violation) : "");
  } else {
    out += fmt::format("As written: cannot be priced ({})\n", plan.as_written_violation.value_or(""));
  }
  if (plan.infeasible) {
    out += fmt::format("\n{}\n", plan_infeasible_message(plan));
  } else if (plan.best) {
    const PlanCandidate& best = *plan.best;
    const bool p90 = plan.objective.kind == PlanObjectiveKind::p90;
    out += fmt::format("Best plan:  {}  (training {} per run, {:.1f} ms per output token, first token {:.0f} ms)\n",
                       format_usd(best.horizon_total_usd), hours(best.training_wall_hours), best.ms_per_output_token,
                       best.time_to_first_token_ms);
    if (plan.objective.kind == PlanObjectiveKind::p90) {
      out += fmt::format(
          "Objective:  p90 {} (as written {}): the lowest 90th percentile of {} finalists, {} Monte Carlo samples "
          "each, seed {}\n",
          best.p90_horizon_total_usd ? format_usd(*best.p90_horizon_total_usd) : "n/a",
          plan.as_written && plan.as_written->p90_horizon_total_usd
              ? format_usd(*plan.as_written->p90_horizon_total_usd)
              : "n/a",
          plan.finalists, plan.objective.samples, plan.objective.seed);
    }
    if (plan.as_written) {
      const double saving = plan.as_written->horizon_total_usd - best.horizon_total_usd;
      out +=
          fmt::format("Saving:     {} ({:.1f}%) against the scenario as written\n", format_usd(saving),
                      plan.as_written->horizon_total_usd > 0 ? 100 * saving / plan.as_written->horizon_total_usd : 0);
    }
    if (!best.mix.empty()) {
      out += "\nServing fleet of two GPU types (--mix; a scenario file cannot express it, so --apply refuses it)\n";
      for (const FleetPart& part : best.mix) {
        out += fmt::format(
            "  {} × {} ({} {}, {}, {} GPU{} per replica): {} a replica-month, carries {} queries a "
            "month at the peak, {:.1f} ms per output token\n",
            part.replicas, part.gpu, part.provider, part.price_basis, part.precision, part.gpus_per_replica,
            part.gpus_per_replica == 1 ? "" : "s", format_usd(part.replica_monthly_usd),
            fmt::format("{:.4g}", part.queries_per_replica_month), part.ms_per_output_token);
      }
      out += "  The changes below are the plan with the first type's fleet alone.\n";
    }
    if (best.set.empty()) {
      out += "\nThe scenario as written is already the cheapest plan.\n";
    } else {
      std::size_t width = 0;
      for (const auto& change : best.set) width = std::max(width, change.path.size());
      out += "\nChanges\n";
      for (const auto& change : best.set) {
        out += fmt::format("  {:<{}}  {} → {}\n", change.path, width,
                           change.before_derived ? "(" + change.before + ")" : change.before, change.value);
      }
      out += "  (a value in parentheses is not written in the scenario: the loader derived it)\n";
    }
    frontier(out, "Frontier: total vs training wall time (each the fastest run at its cost)", plan.frontier_training,
             best, p90);
    frontier(out, "Frontier: total vs latency (each the fastest serving at its cost)", plan.frontier_latency, best,
             p90);
  }
  const PlanCounts& c = plan.counts;
  out += fmt::format(
      "\nSearched {} configurations: {} pruned before pricing, {} priced, {} feasible "
      "(pruned/priced/feasible: training {}/{}/{}, serving {}/{}/{}); {} plans compared",
      c.evaluated() + c.pruned(), c.pruned(), c.evaluated(), c.feasible(), c.training.pruned, c.training.evaluated,
      c.training.feasible, c.serving.pruned, c.serving.evaluated, c.serving.feasible, c.plans_compared);
  if (plan.constraints.mix) out += fmt::format(", {} two-type serving fleets priced", c.mixes_compared);
  out += plan.seconds > 0 ? fmt::format(" in {:.2f} s\n", plan.seconds) : "\n";
  if (plan.best && !plan.best->set.empty() && plan.best->mix.empty()) {
    // The caller's own price books and overrides first, then the plan's: the command prices what it did.
    // Appended piece by piece: g++ 12 misreads "literal" + std::string as an overlapping copy.
    out += "Check it:   ftcost estimate ";
    out += shell_word(plan.scenario_file);
    for (const auto& arg : plan.input_args) out.append(" ").append(shell_word(arg));
    for (const auto& change : plan.best->set)
      out.append(" --set ").append(shell_word(change.path + "=" + change.value));
    out += "\n";
  }
  return out;
}

}  // namespace ftcost
