#pragma once
// What changed between two estimates (`ftcost diff`): per option its totals, and per line item its
// quantity, unit price and amount, before and after. Computed here; renderers only format it.
#include <optional>
#include <string>
#include <vector>

#include "ftcost/report/report.hpp"

namespace ftcost {

struct Change {
  double before = 0;
  double after = 0;
  // A side without a value (the cost per query at zero volume): rendered n/a, null in JSON.
  bool before_defined = true;
  bool after_defined = true;
  double delta() const { return after - before; }
  std::optional<double> percent() const;  // empty when before is 0
  bool changed() const;                   // beyond rounding noise
};

enum class DiffKind { unchanged, changed, added, removed };
std::string to_string(DiffKind kind);

struct LineDiff {
  std::string stage;
  std::string item;
  std::string label;
  std::string unit;
  Recurrence recurrence = Recurrence::one_time;
  DiffKind kind = DiffKind::unchanged;
  Change quantity;
  Change unit_price;
  Change amount;         // once, or per month
  Change horizon_total;  // over each side's own horizon
};

struct OptionDiff {
  std::string id;
  std::string label;
  DiffKind kind = DiffKind::unchanged;
  Change one_time;
  Change monthly;
  Change horizon_total;
  Change cost_per_1k_queries;
  std::vector<LineDiff> lines;  // every line of either side, in the new order, removed ones last
};

struct ReportDiff {
  std::string base_name;
  std::string new_name;
  Change horizon_months;
  Change queries_per_month;
  std::vector<OptionDiff> options;
  std::string base_cheapest;
  std::string new_cheapest;

  bool any_change() const;
};

ReportDiff diff_reports(const Report& base, const Report& next);

}  // namespace ftcost
