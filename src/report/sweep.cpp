#include "ftcost/report/sweep.hpp"

#include <fmt/format.h>

#include <cmath>

#include "ftcost/util/quantity.hpp"

namespace ftcost {

const std::vector<NumericField>& sweepable_fields() { return numeric_fields(); }

SweepPath sweep_path(const NumericField& field) {
  if (field.name == "hosting.queries_per_month") return SweepPath::volume;
  if (field.name == "horizon_months") return SweepPath::horizon;
  return SweepPath::rebuild;
}

namespace {

constexpr double max_points_per_axis = 1e7;  // 80 MB of axis values

std::vector<std::string> field_names() {
  std::vector<std::string> names;
  for (const auto& field : sweepable_fields()) names.push_back(field.name);
  return names;
}

}  // namespace

SweepAxis parse_sweep_axis(const std::string& spec) {
  const SourceLocation where{"--vary " + spec, 0, 0};
  const std::size_t equals = spec.find('=');
  if (equals == std::string::npos) {
    throw InputError(where, "", "expected field=values", "e.g. --vary hosting.queries_per_month=10k..10M:log:25");
  }
  SweepAxis axis;
  axis.spec = spec;
  const std::string name = spec.substr(0, equals);
  axis.field = find_numeric_field(name);
  if (!axis.field) {
    throw InputError(where, name, "cannot be swept",
                     fmt::format("sweepable fields: {}", fmt::join(field_names(), ", ")));
  }
  const std::string values = spec.substr(equals + 1);
  auto number = [&](const std::string& text) {
    const QuantityParse parsed = parse_quantity(text);
    if (!parsed.value) throw InputError(where, name, parsed.problem, "write a number such as 10k or 2.5");
    return *parsed.value;
  };

  if (const std::size_t dots = values.find(".."); dots != std::string::npos) {
    // a..b:scale:N
    const std::string from_text = values.substr(0, dots);
    const std::string rest = values.substr(dots + 2);
    const std::size_t colon = rest.find(':');
    const std::size_t colon2 = colon == std::string::npos ? std::string::npos : rest.find(':', colon + 1);
    if (colon == std::string::npos || colon2 == std::string::npos) {
      throw InputError(where, name, "a range needs a scale and a point count", "write a..b:lin:N or a..b:log:N");
    }
    const double from = number(from_text);
    const double to = number(rest.substr(0, colon));
    const std::string scale = rest.substr(colon + 1, colon2 - colon - 1);
    const double count = number(rest.substr(colon2 + 1));
    if (scale != "lin" && scale != "log")
      throw InputError(where, name, fmt::format("unknown scale '{}'", scale), "use lin or log");
    if (count < 1 || count > max_points_per_axis || count != std::floor(count)) {
      throw InputError(where, name, fmt::format("{} is not a point count", count), "use a whole number from 1 to 10M");
    }
    if (scale == "log" && (from <= 0 || to <= 0))
      throw InputError(where, name, "a log range must be above 0", "use lin, or start above 0");
    const auto n = static_cast<std::size_t>(count);
    axis.values.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      const double t = n == 1 ? 0.0 : static_cast<double>(i) / static_cast<double>(n - 1);
      axis.values.push_back(scale == "lin" ? from + (to - from) * t : from * std::pow(to / from, t));
    }
    if (n > 1) axis.values.back() = to;
    // 12 significant digits, so 10k..10M:log:4 gives 100000 rather than 99999.99999999999.
    for (double& v : axis.values) {
      if (v != 0) {
        const double digits = std::pow(10.0, 11 - std::floor(std::log10(std::fabs(v))));
        v = std::round(v * digits) / digits;
      }
    }
  } else {
    std::size_t start = 0;
    while (start <= values.size()) {
      const std::size_t comma = values.find(',', start);
      axis.values.push_back(
          number(values.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  // The range the loader checks the field against: a point `estimate --set` refuses is refused here.
  for (double v : axis.values) check_range(v, *axis.field->range, where, name);
  return axis;
}

std::vector<std::string> sweep_option_ids(const Scenario& scenario) { return option_ids(scenario); }

namespace {

// What one option costs as a function of volume and horizon: its report without the lines, priced by
// OptionReport::horizon_total_at. At the volume and horizon the report was built for, the report's
// own total: that sums the lines in another order, and a total that lands on a half cent would
// round the other way than `estimate`'s.
struct OptionCurve {
  OptionReport option;
  double report_queries = 0;
  double report_horizon = 0;

  double total(double queries, double horizon) const {
    if (queries == report_queries && horizon == report_horizon) return option.totals.horizon_total;
    return option.horizon_total_at(queries, horizon);
  }
};

std::vector<OptionCurve> curves_of(const Scenario& scenario, const std::string& spec) {
  Report report;
  try {
    report = build_report(scenario);
  } catch (const InputError& error) {
    throw InputError({"--vary " + spec, 0, 0}, error.field(), error.problem(), error.fix());
  }
  std::vector<OptionCurve> curves;
  for (auto& option : report.options) {
    option.lines.clear();  // the curve needs the totals and the hosting curve only
    curves.push_back({std::move(option), scenario.hosting.queries_per_month, scenario.horizon_months});
  }
  return curves;
}

}  // namespace

void run_sweep(const Scenario& scenario, const std::vector<SweepAxis>& axes, const SweepRow& row) {
  Scenario current = scenario;
  const std::size_t dims = axes.size();
  std::vector<double> values(dims, 0.0);
  std::vector<std::size_t> index(dims, 0);
  std::vector<OptionCurve> curves;
  std::vector<double> totals;
  bool stale = true;             // curves must be rebuilt for the current rebuild-field values
  std::vector<SweepPath> paths;  // per axis, looked up once rather than per point
  paths.reserve(axes.size());
  for (const auto& axis : axes) paths.push_back(sweep_path(*axis.field));

  const bool any_rebuild = [&] {
    for (const auto& axis : axes) {
      if (sweep_path(*axis.field) == SweepPath::rebuild) return true;
    }
    return false;
  }();
  std::string rebuild_spec = axes.empty() ? std::string() : axes.front().spec;  // named in infeasibility errors
  for (const auto& axis : axes) {
    if (sweep_path(*axis.field) == SweepPath::rebuild) rebuild_spec = axis.spec;
  }
  if (!any_rebuild) curves = curves_of(current, rebuild_spec);

  // Odometer over the grid: the last axis moves fastest.
  std::size_t total_points = 1;
  for (const auto& axis : axes) total_points *= axis.values.size();
  for (std::size_t point = 0; point < total_points; ++point) {
    for (std::size_t d = 0; d < dims; ++d) {
      const double v = axes[d].values[index[d]];
      if (point == 0 || v != values[d]) {
        values[d] = v;
        axes[d].field->set(current, v);
        if (paths[d] == SweepPath::rebuild) stale = true;
      }
    }
    if (any_rebuild && stale) {
      // The values that follow the changed field (its range was checked when the axis was read).
      derive_defaults(current);
      curves = curves_of(current, rebuild_spec);
      stale = false;
    }
    totals.resize(curves.size());
    std::size_t cheapest = 0;
    for (std::size_t i = 0; i < curves.size(); ++i) {
      totals[i] = curves[i].total(current.hosting.queries_per_month, current.horizon_months);
      if (totals[i] < totals[cheapest]) cheapest = i;
    }
    row(values.data(), totals.data(), cheapest);
    for (std::size_t d = dims; d-- > 0;) {
      if (++index[d] < axes[d].values.size()) break;
      index[d] = 0;
    }
  }
}

}  // namespace ftcost
