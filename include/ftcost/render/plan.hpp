#pragma once
// Renderers of `ftcost plan` (src/render/plan_*.cpp): formatting only, from the PlanResult.
#include <string>

#include "ftcost/plan/plan.hpp"
#include "ftcost/render/render.hpp"

namespace ftcost {

inline const std::vector<std::string> plan_format_names = {"table", "json", "csv"};

std::string render_plan(const PlanResult& plan, OutputFormat format);
std::string render_plan_table(const PlanResult& plan);
std::string render_plan_json(const PlanResult& plan);  // ftcost-plan/1 (schemas/plan.schema.json)
std::string render_plan_csv(const PlanResult& plan);
// The two Pareto frontiers as an SVG chart. Throws InputError when there is no plan.
std::string render_plan_chart(const PlanResult& plan);

// "--max-training-hours 2: the fastest run, … takes 3.1 h" — the message of an infeasible request.
std::string plan_infeasible_message(const PlanResult& plan);

}  // namespace ftcost
