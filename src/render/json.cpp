#include "ftcost/render/json.hpp"

#include <cmath>

namespace ftcost {

namespace {

using nlohmann::json;

json optional_number(const std::optional<double>& value) { return value ? json(*value) : json(nullptr); }

json line_to_json(const CostLine& line, double horizon_months) {
  const double amount = line.amount();
  return {{"stage", line.stage},
          {"item", line.item},
          {"label", line.label},
          {"recurrence", to_string(line.recurrence)},
          {"quantity", line.quantity},
          {"unit", line.unit},
          {"unit_price_usd", line.unit_price},
          {"amount_usd", amount},
          {"horizon_total_usd", line.recurrence == Recurrence::one_time ? amount : amount * horizon_months},
          {"formula", line.formula},
          {"price", {{"id", line.price.id}, {"source", line.price.source}, {"as_of", line.price.as_of}}}};
}

json percentiles(const Percentiles& p) { return {{"p10", p.p10}, {"p50", p.p50}, {"p90", p.p90}}; }

json never_percentiles(const NeverPercentiles& p) {
  return {{"p10", optional_number(p.p10)},
          {"p50", optional_number(p.p50)},
          {"p90", optional_number(p.p90)},
          {"share_never", p.share_never}};
}

json uncertainty_to_json(const UncertaintyResult& u) {
  json inputs = json::array();
  for (const auto& input : u.inputs) {
    inputs.push_back({{"field", input.field},
                      {"distribution", input.distribution},
                      {"deterministic", input.deterministic},
                      {"p10", input.p10},
                      {"p90", input.p90}});
  }
  json options = json::array();
  for (const auto& option : u.options) {
    json components = json::array();
    for (const auto& c : option.components) {
      components.push_back({{"label", c.label},
                            {"recurrence", to_string(c.recurrence)},
                            {"amount_usd", percentiles(c.amount)},
                            {"horizon_total_usd", percentiles(c.horizon)}});
    }
    options.push_back({{"id", option.id},
                       {"one_time_usd", percentiles(option.one_time)},
                       {"monthly_usd", percentiles(option.monthly)},
                       {"horizon_total_usd", percentiles(option.horizon_total)},
                       {"probability_cheapest", option.probability_cheapest},
                       {"components", components}});
  }
  json break_even = json::array();
  for (const auto& be : u.break_even) {
    break_even.push_back({{"against", be.against},
                          {"month", never_percentiles(be.month)},
                          {"queries_per_month", never_percentiles(be.queries_per_month)}});
  }
  return {{"samples", u.samples},
          {"seed", u.seed},
          {"infeasible_samples", u.infeasible_samples},
          {"inputs", inputs},
          {"options", options},
          {"break_even", break_even}};
}

json tornado_to_json(const Tornado& t) {
  json bars = json::array();
  for (const auto& bar : t.bars) {
    bars.push_back({{"field", bar.field},
                    {"input_low", bar.input_low},
                    {"input_high", bar.input_high},
                    {"output_at_low", optional_number(bar.output_at_low)},
                    {"output_at_high", optional_number(bar.output_at_high)},
                    {"swing", std::isfinite(bar.swing) ? json(bar.swing) : json(nullptr)}});
  }
  return {{"output", t.output}, {"option", t.option}, {"baseline", optional_number(t.baseline)}, {"bars", bars}};
}

json sensitivity_to_json(const SensitivityResult& s) {
  json horizon = json::array();
  for (const auto& t : s.horizon_cost) horizon.push_back(tornado_to_json(t));
  json break_even = json::array();
  for (const auto& t : s.break_even) break_even.push_back(tornado_to_json(t));
  return {{"horizon_cost", horizon}, {"break_even_volume", break_even}};
}

json recommendation_to_json(const Recommendation& r) {
  return {{"verdict", to_string(r.verdict)},
          {"option", r.option},
          {"headline", r.headline},
          {"reasons", r.reasons},
          {"would_change", r.would_change}};
}

}  // namespace

json report_to_json(const Report& report) {
  json options = json::array();
  for (const auto& option : report.options) {
    json lines = json::array();
    for (const auto& line : option.lines) lines.push_back(line_to_json(line, report.horizon_months));
    options.push_back({{"id", option.id},
                       {"label", option.label},
                       {"kind", to_string(option.kind)},
                       {"one_time_usd", option.totals.one_time},
                       {"monthly_usd", option.totals.monthly},
                       {"horizon_total_usd", option.totals.horizon_total},
                       {"cost_per_1k_queries_usd", option.totals.cost_per_1k_queries},
                       {"lines", lines}});
  }
  json break_even = json::array();
  for (const auto& be : report.break_even) {
    break_even.push_back({{"self_hosted", "self-hosted"},
                          {"against", be.against},
                          {"queries_per_month", optional_number(be.queries_per_month)},
                          {"volume_note", be.volume_note},
                          {"month", optional_number(be.month)},
                          {"month_note", be.month_note},
                          {"self_hosted_cheaper_over_horizon", be.self_hosted_cheaper_over_horizon}});
  }
  json derivations = json::array();
  for (const auto& d : report.derivations) {
    derivations.push_back({{"name", d.name}, {"value", d.value}, {"unit", d.unit}, {"formula", d.formula}});
  }
  json defaults = json::array();
  for (const auto& d : report.defaults_applied) {
    defaults.push_back({{"field", d.field}, {"value", d.value}, {"why", d.why}});
  }
  json out = {{"format", estimate_format},
          {"ftcost_version", FTCOST_VERSION},
          {"scenario", {{"name", report.scenario_name}, {"file", report.scenario_file},
                        {"horizon_months", report.horizon_months}, {"queries_per_month", report.queries_per_month}}},
          {"currency", "USD"},
          {"options", options},
          {"cheapest_option", report.cheapest_option},
          {"break_even", break_even},
          {"derivations", derivations},
          {"defaults_applied", defaults},
          {"notes", report.notes},
          {"warnings", report.warnings}};
  // Absent without uncertain inputs, so a deterministic scenario's output is unchanged.
  if (report.uncertainty) out["uncertainty"] = uncertainty_to_json(*report.uncertainty);
  if (report.sensitivity) out["sensitivity"] = sensitivity_to_json(*report.sensitivity);
  if (report.recommendation) out["recommendation"] = recommendation_to_json(*report.recommendation);
  return out;
}

std::string render_json(const Report& report) { return report_to_json(report).dump(2) + "\n"; }

}  // namespace ftcost
