#include <fmt/format.h>

#include "ftcost/render/plan.hpp"
#include "ftcost/util/money.hpp"

namespace ftcost {

std::string render_plan(const PlanResult& plan, OutputFormat format) {
  switch (format) {
    case OutputFormat::json:
      return render_plan_json(plan);
    case OutputFormat::csv:
      return render_plan_csv(plan);
    default:
      return render_plan_table(plan);
  }
}

std::string plan_infeasible_message(const PlanResult& plan) {
  if (!plan.infeasible) return "";
  const PlanInfeasible& why = *plan.infeasible;
  std::string text = fmt::format("no plan meets {}: {}", why.constraint, why.problem);
  if (why.closest && !why.closest->set.empty()) {
    std::vector<std::string> sets;
    for (const auto& change : why.closest->set) sets.push_back("--set " + change.path + "=" + change.value);
    text += fmt::format(" (closest: {})", fmt::join(sets, " "));
  }
  return text;
}

}  // namespace ftcost
