#pragma once
// A short, explained verdict: self-hosted fine-tune, managed fine-tune, or the base API with prompt
// engineering. Weighs horizon costs, break-even volume and the expected accuracy gain of
// fine-tuning (scenario section `decision:`), and says what would change the answer.
#include "ftcost/report/analysis.hpp"
#include "ftcost/report/report.hpp"
#include "ftcost/scenario/scenario.hpp"

namespace ftcost {

// Uses report.uncertainty, when present, to say how often the chosen option is cheapest. `today`
// (YYYY-MM-DD), when given, dates the prices' sunsets against the horizon: an option with one within
// it (or past) is not weighed while another of its kind lasts the horizon, and a chosen price's
// sunset gets a caution (past, within the horizon) or a note (after it); without a date every option
// is weighed and the caution only states the dates.
Recommendation recommend(const Scenario& scenario, const Report& report, const std::string& today = "");

}  // namespace ftcost
