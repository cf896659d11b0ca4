#include "ftcost/uncertainty/monte_carlo.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>
#include "ftcost/report/totals.hpp"
#include "ftcost/scenario/resolve.hpp"
#include "ftcost/uncertainty/percentiles.hpp"

#include "ftcost/util/error.hpp"

namespace ftcost {

namespace {

constexpr double never = std::numeric_limits<double>::infinity();

// One value per feasible sample. Most rows do not depend on any uncertain input (operations,
// prompt engineering, a vendor's training fee...), so a series keeps a single value until one
// differs: a run then touches a fraction of the memory and skips those rows' percentiles.
class SampleSeries {
 public:
  explicit SampleSeries(std::size_t capacity = 0) : capacity_(capacity) {}

  void push(double v) {
    if (!varies_) {
      if (count_ == 0 || v == first_) {
        if (count_ == 0) first_ = v;
        ++count_;
        return;
      }
      varies_ = true;
      values_.reserve(capacity_);
      values_.assign(count_, first_);
    }
    values_.push_back(v);
    ++count_;
  }
  std::size_t size() const { return count_; }
  bool varies() const { return varies_; }
  double first() const { return first_; }
  // Every value; materialised for a series that never varied.
  std::vector<double>& values() {
    if (!varies_ && values_.size() != count_) values_.assign(count_, first_);
    return values_;
  }
  Percentiles percentiles() {
    if (!varies_) return {first_, first_, first_};
    return nearest_rank_percentiles(values_);
  }
  bool operator==(const SampleSeries& other) const {
    return count_ == other.count_ && varies_ == other.varies_ &&
           (varies_ ? values_ == other.values_ : first_ == other.first_);
  }

 private:
  std::size_t capacity_ = 0, count_ = 0;
  bool varies_ = false;
  double first_ = 0;
  std::vector<double> values_;
};

NeverPercentiles never_percentiles_of(SampleSeries& series) {
  NeverPercentiles out;
  const std::size_t n = series.size();
  const auto nevers = series.varies()
                          ? static_cast<std::size_t>(std::count(series.values().begin(), series.values().end(), never))
                      : series.first() == never ? n
                                                : 0;
  out.share_never = n == 0 ? 0.0 : static_cast<double>(nevers) / static_cast<double>(n);
  auto finite = [](double v) { return std::isfinite(v) ? std::optional<double>(v) : std::nullopt; };
  const Percentiles p = series.percentiles();
  out.p10 = finite(p.p10);
  out.p50 = finite(p.p50);
  out.p90 = finite(p.p90);
  return out;
}

// Which summary rows an option has lines in: only those get percentiles.
std::vector<SummaryRow> rows_present(const OptionReport& option) {
  std::vector<SummaryRow> rows;
  for (const auto& line : option.lines) {
    const SummaryRow row = summary_row_of(line.kind);
    if (std::find(rows.begin(), rows.end(), row) == rows.end()) rows.push_back(row);
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

}  // namespace

void apply_input(Scenario& scenario, const UncertainInput& input, double value) {
  input.set(scenario, input.bound(value));
  derive_defaults(scenario);
}

UncertaintyResult run_monte_carlo(const Scenario& scenario, const Report& report, int samples,
                                  std::mt19937_64& engine) {
  UncertaintyResult result;
  result.samples = samples;
  for (const auto& input : scenario.uncertain) {
    const Distribution& d = input.distribution;
    UncertainInputSummary summary;
    summary.field = input.field;
    summary.distribution = d.describe();
    summary.deterministic = d.deterministic();
    summary.p10 = input.bound(d.quantile(0.1));
    summary.p90 = input.bound(d.quantile(0.9));
    summary.kind = to_string(d.kind());
    summary.parameters = d.parameters();
    result.inputs.push_back(std::move(summary));
  }
  const std::size_t n_options = report.options.size();
  const std::size_t n_break_even = report.break_even.size();
  const auto count = static_cast<std::size_t>(std::max(samples, 0));

  // Series, one value per feasible sample: per option one-time, monthly, horizon and each row.
  struct OptionSeries {
    SampleSeries one_time, monthly, horizon;
    std::vector<SummaryRow> slots;
    std::vector<SampleSeries> rows;  // parallel to slots
    std::size_t cheapest = 0;
  };
  std::vector<OptionSeries> series(n_options);
  for (std::size_t i = 0; i < n_options; ++i) {
    series[i].slots = rows_present(report.options[i]);
    series[i].rows.assign(series[i].slots.size(), SampleSeries(count));
    series[i].one_time = series[i].monthly = series[i].horizon = SampleSeries(count);
  }
  SampleSeries horizon_months(count);
  std::vector<SampleSeries> be_month(n_break_even, SampleSeries(count)), be_volume(n_break_even, SampleSeries(count));

  const EvaluationCache cache = evaluation_cache_for(scenario);
  Scenario working = scenario;
  ScenarioTotals totals;  // reused: no allocation per sample
  for (std::size_t s = 0; s < count; ++s) {
    // Every input of the sample, then the values that follow them: the loader's one resolution step.
    for (const auto& input : scenario.uncertain) {
      input.set(working, input.bound(input.distribution.quantile(uniform_open01(engine))));
    }
    derive_defaults(working);
    try {
      evaluate_totals_into(working, totals, &cache);
    } catch (const InputError&) {
      ++result.infeasible_samples;
      continue;
    }
    std::size_t cheapest = 0;
    for (std::size_t i = 0; i < n_options; ++i) {
      const OptionNumbers& o = totals.options[i];
      OptionSeries& out = series[i];
      out.one_time.push(o.one_time);
      out.monthly.push(o.monthly);
      out.horizon.push(o.horizon_total);
      for (std::size_t r = 0; r < out.slots.size(); ++r) out.rows[r].push(o.row(out.slots[r]));
      if (o.horizon_total < totals.options[cheapest].horizon_total) cheapest = i;
    }
    ++series[cheapest].cheapest;
    horizon_months.push(totals.horizon_months);
    for (std::size_t b = 0; b < n_break_even; ++b) {
      be_month[b].push(totals.break_even[b].month.value_or(never));
      be_volume[b].push(totals.break_even[b].queries_per_month.value_or(never));
    }
  }
  const std::size_t feasible = horizon_months.size();
  if (count > 0 && feasible == 0) {
    throw InputError({}, scenario.uncertain.empty() ? "" : scenario.uncertain.front().field,
                     fmt::format("every one of the {} Monte Carlo samples was infeasible", count),
                     "narrow the ranges so the models can serve and train the sampled values");
  }

  const bool fixed_horizon = !horizon_months.varies();
  // Rows that repeat an earlier option's row sample for sample (the data set shared by the
  // self-hosted and managed fine-tunes) reuse its percentiles. Found before any series is reordered.
  std::vector<std::vector<std::optional<std::pair<std::size_t, std::size_t>>>> same_as(n_options);
  for (std::size_t i = 0; i < n_options; ++i) {
    same_as[i].resize(series[i].slots.size());
    for (std::size_t r = 0; r < series[i].slots.size(); ++r) {
      for (std::size_t j = 0; j < i && !same_as[i][r]; ++j) {
        for (std::size_t rj = 0; rj < series[j].slots.size(); ++rj) {
          if (series[j].slots[rj] == series[i].slots[r] && !same_as[j][rj] && series[j].rows[rj] == series[i].rows[r]) {
            same_as[i][r] = std::pair{j, rj};
            break;
          }
        }
      }
    }
  }
  for (std::size_t i = 0; i < n_options; ++i) {
    OptionSeries& in = series[i];
    OptionUncertainty out;
    out.id = report.options[i].id;
    out.probability_cheapest = feasible ? static_cast<double>(in.cheapest) / static_cast<double>(feasible) : 0.0;
    for (std::size_t r = 0; r < in.slots.size(); ++r) {
      ComponentUncertainty component;
      component.label = summary_row_info(in.slots[r]).label;
      component.recurrence = summary_row_info(in.slots[r]).recurrence;
      if (same_as[i][r]) {
        const ComponentUncertainty& earlier = result.options[same_as[i][r]->first].components[same_as[i][r]->second];
        component.amount = earlier.amount;
        component.horizon = earlier.horizon;
      } else if (component.recurrence == Recurrence::one_time) {
        component.amount = in.rows[r].percentiles();
        component.horizon = component.amount;
      } else if (fixed_horizon) {
        // A positive constant factor keeps every rank: scale the percentiles instead of the series.
        component.amount = in.rows[r].percentiles();
        const double h = horizon_months.first();
        component.horizon = {component.amount.p10 * h, component.amount.p50 * h, component.amount.p90 * h};
      } else {
        std::vector<double> horizon = in.rows[r].values();
        const std::vector<double>& months = horizon_months.values();
        for (std::size_t s = 0; s < horizon.size(); ++s) horizon[s] *= months[s];
        component.amount = in.rows[r].percentiles();
        component.horizon = nearest_rank_percentiles(horizon);
      }
      out.components.push_back(std::move(component));
    }
    // An option with a single row of one recurrence has that row as its total: reuse its percentiles.
    auto total_of = [&](Recurrence recurrence, SampleSeries& series_total) {
      const ComponentUncertainty* only = nullptr;
      int rows = 0;
      for (const auto& c : out.components) {
        if (c.recurrence == recurrence) {
          only = &c;
          ++rows;
        }
      }
      return rows == 1 ? only->amount : series_total.percentiles();
    };
    out.one_time = total_of(Recurrence::one_time, in.one_time);
    out.monthly = total_of(Recurrence::monthly, in.monthly);
    out.horizon_total = in.horizon.percentiles();
    result.options.push_back(std::move(out));
  }
  for (std::size_t b = 0; b < n_break_even; ++b) {
    result.break_even.push_back(
        {report.break_even[b].against, never_percentiles_of(be_month[b]), never_percentiles_of(be_volume[b])});
  }
  return result;
}

SensitivityResult run_sensitivity(const Scenario& scenario, const Report& report) {
  SensitivityResult result;
  const ScenarioTotals base = totals_of(report);
  for (std::size_t i = 0; i < report.options.size(); ++i) {
    result.horizon_cost.push_back({"horizon_total_usd", report.options[i].id, base.options[i].horizon_total, {}});
  }
  for (std::size_t b = 0; b < report.break_even.size(); ++b) {
    result.break_even.push_back(
        {"break_even_queries_per_month", report.break_even[b].against, base.break_even[b].queries_per_month, {}});
  }
  const EvaluationCache cache = evaluation_cache_for(scenario);
  Scenario working = scenario;
  for (const auto& input : scenario.uncertain) {
    const double low = input.bound(input.distribution.quantile(0.1));
    const double high = input.bound(input.distribution.quantile(0.9));
    auto at = [&](double value) -> std::optional<ScenarioTotals> {
      apply_input(working, input, value);
      try {
        return evaluate_totals(working, &cache);
      } catch (const InputError&) {
        return std::nullopt;
      }
    };
    const std::optional<ScenarioTotals> at_low = at(low);
    const std::optional<ScenarioTotals> at_high = at(high);
    apply_input(working, input, input.distribution.deterministic());

    auto bar = [&](std::optional<double> a, std::optional<double> b) {
      TornadoBar out{input.field, low, high, a, b, !at_low, !at_high, 0};
      out.swing = a && b ? std::fabs(*b - *a) : (a || b) ? never : 0.0;
      return out;
    };
    for (std::size_t i = 0; i < result.horizon_cost.size(); ++i) {
      auto horizon = [&](const std::optional<ScenarioTotals>& t) {
        return t ? std::optional<double>(t->options[i].horizon_total) : std::nullopt;
      };
      result.horizon_cost[i].bars.push_back(bar(horizon(at_low), horizon(at_high)));
    }
    for (std::size_t b = 0; b < result.break_even.size(); ++b) {
      auto volume = [&](const std::optional<ScenarioTotals>& t) {
        return t ? t->break_even[b].queries_per_month : std::nullopt;
      };
      result.break_even[b].bars.push_back(bar(volume(at_low), volume(at_high)));
    }
  }
  auto rank = [](Tornado& tornado) {
    std::stable_sort(tornado.bars.begin(), tornado.bars.end(),
                     [](const TornadoBar& a, const TornadoBar& b) { return a.swing > b.swing; });
  };
  for (auto& t : result.horizon_cost) rank(t);
  for (auto& t : result.break_even) rank(t);
  return result;
}

}  // namespace ftcost
