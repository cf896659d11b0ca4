#include "ftcost/report/diff.hpp"

#include <algorithm>
#include <cmath>

namespace ftcost {

std::optional<double> Change::percent() const {
  if (before == 0 || !before_defined || !after_defined) return std::nullopt;
  return delta() / std::fabs(before) * 100.0;
}

bool Change::changed() const {
  if (before_defined != after_defined) return true;
  if (!before_defined) return false;
  // Relative tolerance: a value recomputed from a saved JSON estimate may differ in the last bit.
  return std::fabs(delta()) > 1e-9 * std::max({1.0, std::fabs(before), std::fabs(after)});
}

std::string to_string(DiffKind kind) {
  switch (kind) {
    case DiffKind::unchanged:
      return "unchanged";
    case DiffKind::changed:
      return "changed";
    case DiffKind::added:
      return "added";
    case DiffKind::removed:
      return "removed";
  }
  return "?";
}

namespace {

double horizon_total_of(const CostLine& line, double horizon_months) {
  return line.recurrence == Recurrence::one_time ? line.amount() : line.amount() * horizon_months;
}

// Lines match on stage, item and recurrence; a repeated key matches its n-th occurrence.
struct LineKey {
  std::string stage, item;
  Recurrence recurrence;
  int occurrence;
  bool operator==(const LineKey&) const = default;
};

std::vector<LineKey> keys_of(const std::vector<CostLine>& lines) {
  std::vector<LineKey> keys;
  for (const auto& line : lines) {
    const int seen = static_cast<int>(std::count_if(keys.begin(), keys.end(), [&](const LineKey& k) {
      return k.stage == line.stage && k.item == line.item && k.recurrence == line.recurrence;
    }));
    keys.push_back({line.stage, line.item, line.recurrence, seen});
  }
  return keys;
}

// A value present on one side only: the other side has none at all (null in JSON, n/a in tables,
// as the cost per query at zero volume).
void set_one_side(Change& change, double value, bool is_new) {
  (is_new ? change.after : change.before) = value;
  (is_new ? change.before_defined : change.after_defined) = false;
}

LineDiff side_only(const CostLine& line, double horizon, bool is_new) {
  LineDiff d{
      line.stage, line.item, line.label, line.unit, line.recurrence, is_new ? DiffKind::added : DiffKind::removed,
      {},         {},        {},         {}};
  set_one_side(d.quantity, line.quantity, is_new);
  set_one_side(d.unit_price, line.unit_price, is_new);
  set_one_side(d.amount, line.amount(), is_new);
  set_one_side(d.horizon_total, horizon_total_of(line, horizon), is_new);
  return d;
}

std::vector<LineDiff> diff_lines(const std::vector<CostLine>& before, double before_h,
                                 const std::vector<CostLine>& after, double after_h) {
  const auto before_keys = keys_of(before);
  const auto after_keys = keys_of(after);
  std::vector<LineDiff> out;
  std::vector<bool> matched(before.size(), false);
  for (std::size_t i = 0; i < after.size(); ++i) {
    const auto found = std::find(before_keys.begin(), before_keys.end(), after_keys[i]);
    if (found == before_keys.end()) {
      out.push_back(side_only(after[i], after_h, true));
      continue;
    }
    const std::size_t j = static_cast<std::size_t>(found - before_keys.begin());
    matched[j] = true;
    const CostLine& a = before[j];
    const CostLine& b = after[i];
    LineDiff d{b.stage,
               b.item,
               b.label,
               b.unit,
               b.recurrence,
               DiffKind::unchanged,
               {a.quantity, b.quantity},
               {a.unit_price, b.unit_price},
               {a.amount(), b.amount()},
               {horizon_total_of(a, before_h), horizon_total_of(b, after_h)}};
    if (d.quantity.changed() || d.unit_price.changed() || d.amount.changed() || d.horizon_total.changed()) {
      d.kind = DiffKind::changed;
    }
    out.push_back(d);
  }
  for (std::size_t j = 0; j < before.size(); ++j) {
    if (!matched[j]) out.push_back(side_only(before[j], before_h, false));
  }
  return out;
}

OptionDiff side_only(const OptionReport& option, double horizon, bool is_new) {
  OptionDiff d;
  d.id = option.id;
  d.label = option.label;
  d.kind = is_new ? DiffKind::added : DiffKind::removed;
  set_one_side(d.one_time, option.totals.one_time, is_new);
  set_one_side(d.monthly, option.totals.monthly, is_new);
  set_one_side(d.horizon_total, option.totals.horizon_total, is_new);
  set_one_side(d.cost_per_1k_queries, option.totals.cost_per_1k_queries.value_or(0.0), is_new);
  (is_new ? d.cost_per_1k_queries.after_defined : d.cost_per_1k_queries.before_defined) =
      option.totals.cost_per_1k_queries.has_value();
  for (const auto& line : option.lines) d.lines.push_back(side_only(line, horizon, is_new));
  return d;
}

}  // namespace

bool ReportDiff::any_change() const {
  if (horizon_months.changed() || queries_per_month.changed()) return true;
  return std::any_of(options.begin(), options.end(), [](const OptionDiff& o) { return o.kind != DiffKind::unchanged; });
}

ReportDiff diff_reports(const Report& base, const Report& next) {
  ReportDiff diff;
  diff.base_name = base.scenario_name;
  diff.new_name = next.scenario_name;
  diff.horizon_months = {base.horizon_months, next.horizon_months};
  diff.queries_per_month = {base.queries_per_month, next.queries_per_month};
  diff.base_cheapest = base.cheapest_option;
  diff.new_cheapest = next.cheapest_option;
  for (const auto& after : next.options) {
    const auto before =
        std::find_if(base.options.begin(), base.options.end(), [&](const OptionReport& o) { return o.id == after.id; });
    if (before == base.options.end()) {
      diff.options.push_back(side_only(after, next.horizon_months, true));
      continue;
    }
    OptionDiff d;
    d.id = after.id;
    d.label = after.label;
    d.one_time = {before->totals.one_time, after.totals.one_time};
    d.monthly = {before->totals.monthly, after.totals.monthly};
    d.horizon_total = {before->totals.horizon_total, after.totals.horizon_total};
    d.cost_per_1k_queries = {
        before->totals.cost_per_1k_queries.value_or(0.0), after.totals.cost_per_1k_queries.value_or(0.0),
        before->totals.cost_per_1k_queries.has_value(), after.totals.cost_per_1k_queries.has_value()};
    d.lines = diff_lines(before->lines, base.horizon_months, after.lines, next.horizon_months);
    const bool lines_changed =
        std::any_of(d.lines.begin(), d.lines.end(), [](const LineDiff& l) { return l.kind != DiffKind::unchanged; });
    d.kind = lines_changed || d.horizon_total.changed() || d.cost_per_1k_queries.changed() ? DiffKind::changed
                                                                                           : DiffKind::unchanged;
    diff.options.push_back(std::move(d));
  }
  for (const auto& before : base.options) {
    const bool kept =
        std::any_of(next.options.begin(), next.options.end(), [&](const OptionReport& o) { return o.id == before.id; });
    if (!kept) diff.options.push_back(side_only(before, base.horizon_months, false));
  }
  return diff;
}

}  // namespace ftcost
