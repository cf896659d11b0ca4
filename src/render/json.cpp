#include "ftcost/render/json.hpp"

#include <fmt/format.h>

#include <cmath>

namespace ftcost {

namespace {

using nlohmann::json;

json optional_number(const std::optional<double>& value) { return value ? json(*value) : json(nullptr); }

// A line's price; catalog prices also say their kind and basis (GPU prices), why that provider, and
// their trust and lifecycle flags.
json price_to_json(const PriceRef& ref, const PriceFacts& facts) {
  json price = {{"id", ref.id}, {"source", ref.source}, {"as_of", ref.as_of}};
  if (const PriceFact* fact = facts.find(ref.id)) {
    if (!fact->kind.empty()) {
      price["kind"] = fact->kind;
      price["basis"] = fact->basis;
      price["why"] = fact->why;
    }
    price["verified"] = fact->verified;
    price["deprecated"] = fact->deprecated.empty() ? json(nullptr) : json(fact->deprecated);
    price["sunset"] = fact->sunset.empty() ? json(nullptr) : json(fact->sunset);
  }
  return price;
}

json line_to_json(const CostLine& line, double horizon_months, const PriceFacts& facts) {
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
          {"formula", line.formula.text()},
          {"price", price_to_json(line.price, facts)}};
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
    // The distribution as the scenario writes it: {"dist": "pert", "low", "likely", "high"}.
    json distribution = {{"dist", input.kind}};
    for (const auto& [name, value] : input.parameters) distribution[name] = value;
    inputs.push_back({{"field", input.field},
                      {"distribution", distribution},
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
  return {{"samples", u.samples}, {"seed", u.seed},     {"infeasible_samples", u.infeasible_samples},
          {"inputs", inputs},     {"options", options}, {"break_even", break_even}};
}

json tornado_to_json(const Tornado& t) {
  json bars = json::array();
  for (const auto& bar : t.bars) {
    bars.push_back({{"field", bar.field},
                    {"input_low", bar.input_low},
                    {"input_high", bar.input_high},
                    {"output_at_low", optional_number(bar.output_at_low)},
                    {"output_at_high", optional_number(bar.output_at_high)},
                    {"infeasible_at_low", bar.infeasible_at_low},
                    {"infeasible_at_high", bar.infeasible_at_high},
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

// A default as data: numbers as numbers, yes/no as booleans, names as text; `text` is how the table
// shows it. A default that picked a priced entry adds the price (`usd_per_hour`, `usd_per_gpu_hour`).
json default_to_json(const AppliedDefault& d) {
  json out = {{"field", d.field}};
  if (d.number) {
    out["value"] = *d.number;
    if (!d.unit.empty()) out["unit"] = d.unit;
  } else if (d.flag) {
    out["value"] = *d.flag;
  } else {
    out["value"] = d.name.empty() ? d.value : d.name;
  }
  if (d.price_usd) out[d.price_per == "GPU-hour" ? "usd_per_gpu_hour" : "usd_per_" + d.price_per] = *d.price_usd;
  out["text"] = d.value;
  out["why"] = d.why;
  return out;
}

// {"code", "message", "price": {"ids", "source", "as_of"} or null}.
json warning_to_json(const Warning& w) {
  json price = nullptr;
  if (!w.prices.empty()) {
    json ids = json::array();
    for (const auto& p : w.prices) ids.push_back(p.id);
    price = {{"ids", ids}, {"source", w.prices.front().source.str()}, {"as_of", w.prices.front().as_of}};
  }
  return {{"code", w.code}, {"message", w.message}, {"price", price}};
}

json recommendation_to_json(const Recommendation& r) {
  return {{"verdict", to_string(r.verdict)},
          {"option", r.option},
          {"headline", r.headline},
          {"reasons", r.reasons},
          {"would_change", r.would_change}};
}

}  // namespace

json budget_to_json(const BudgetResult& budget) {
  json limits = json::array();
  for (const auto& limit : budget.limits) {
    limits.push_back({{"limit", limit.limit},
                      {"flag", limit.flag},
                      {"label", limit.label},
                      {"unit", limit.unit},
                      {"limit_value", limit.limit_value},
                      {"value", optional_number(limit.value)},
                      {"overshoot", limit.overshoot},
                      {"exceeded", limit.exceeded}});
  }
  return {
      {"option", budget.option}, {"exceeded", budget.exceeded()}, {"breaches", budget.breaches()}, {"limits", limits}};
}

json report_to_json(const Report& report, const RenderOptions& render_options) {
  json options = json::array();
  for (const auto& option : report.options) {
    json lines = json::array();
    for (const auto& line : option.lines)
      lines.push_back(line_to_json(line, report.horizon_months, report.price_facts));
    options.push_back({{"id", option.id},
                       {"label", option.label},
                       {"kind", to_string(option.kind)},
                       {"one_time_usd", option.totals.one_time},
                       {"monthly_usd", option.totals.monthly},
                       {"horizon_total_usd", option.totals.horizon_total},
                       {"cost_per_1k_queries_usd", optional_number(option.totals.cost_per_1k_queries)},
                       {"lines", lines}});
  }
  json break_even = json::array();
  for (const auto& be : report.break_even) {
    break_even.push_back({{"self_hosted", "self-hosted"},
                          {"against", be.against},
                          {"queries_per_month", optional_number(be.queries_per_month)},
                          {"volume_note", be.volume_note.text()},
                          {"month", optional_number(be.month)},
                          {"cheaper_until_month", optional_number(be.cheaper_until_month)},
                          {"month_note", be.month_note.text()},
                          {"self_hosted_cheaper_over_horizon", be.self_hosted_cheaper_over_horizon},
                          {"bands", be.bands},
                          {"always_cheaper_above", be.bands ? json(be.always_above) : json(nullptr)},
                          {"cheaper_only_below", optional_number(be.cheaper_only_below)}});
  }
  json derivations = json::array();
  for (const auto& d : report.derivations) {
    derivations.push_back({{"name", d.name}, {"value", d.value}, {"unit", d.unit}, {"formula", d.formula.text()}});
  }
  json defaults = json::array();
  for (const auto& d : report.defaults_applied) defaults.push_back(default_to_json(d));
  json warnings = json::array();
  for (const auto& w : report.warnings) warnings.push_back(warning_to_json(w));
  json out = {{"format", estimate_format},
              {"ftcost_version", FTCOST_VERSION},
              {"scenario",
               {{"name", report.scenario_name},
                {"file", report.scenario_file},
                {"horizon_months", report.horizon_months},
                {"queries_per_month", report.queries_per_month}}},
              {"currency", "USD"},
              {"options", options},
              {"cheapest_option", report.cheapest_option},
              {"break_even", break_even},
              {"derivations", derivations},
              {"defaults_applied", defaults},
              {"notes", report.notes},
              {"warnings", warnings}};
  // Present only when used, so plain estimates keep the same shape.
  if (!render_options.overrides.empty()) {
    json overrides = json::array();
    for (const auto& o : render_options.overrides)
      overrides.push_back({{"path", o.path}, {"value", o.value}, {"origin", o.origin}});
    out["overrides"] = overrides;
  }
  if (render_options.budget) out["budget"] = budget_to_json(*render_options.budget);
  // Absent without uncertain inputs, so a deterministic scenario's output is unchanged.
  if (report.uncertainty) out["uncertainty"] = uncertainty_to_json(*report.uncertainty);
  if (report.sensitivity) out["sensitivity"] = sensitivity_to_json(*report.sensitivity);
  if (report.recommendation) out["recommendation"] = recommendation_to_json(*report.recommendation);
  return out;
}

bool is_saved_estimate(const json& root) {
  return root.is_object() && root.contains("format") && root["format"].is_string() &&
         root["format"].get<std::string>().rfind("ftcost-estimate/", 0) == 0;
}

Report report_from_json(const json& root, const std::string& file) {
  if (root.value("format", "") != estimate_format) {
    throw InputError(
        {file, 0, 0}, "format", fmt::format("'{}' is not a format this ftcost reads", root.value("format", "")),
        fmt::format("expected {}; re-run `ftcost estimate --format json` with this version", estimate_format));
  }
  try {
    Report report;
    report.scenario_name = root.at("scenario").at("name").get<std::string>();
    report.scenario_file = root.at("scenario").at("file").get<std::string>();
    report.horizon_months = root.at("scenario").at("horizon_months").get<double>();
    report.queries_per_month = root.at("scenario").at("queries_per_month").get<double>();
    report.cheapest_option = root.at("cheapest_option").get<std::string>();
    for (const auto& o : root.at("options")) {
      OptionReport option;
      option.id = o.at("id").get<std::string>();
      option.label = o.at("label").get<std::string>();
      const std::string kind = o.at("kind").get<std::string>();
      option.kind = kind == "managed_api"        ? OptionKind::managed_api
                    : kind == "managed_finetune" ? OptionKind::managed_finetune
                                                 : OptionKind::self_hosted;
      option.totals.one_time = o.at("one_time_usd").get<double>();
      option.totals.monthly = o.at("monthly_usd").get<double>();
      option.totals.horizon_total = o.at("horizon_total_usd").get<double>();
      if (!o.at("cost_per_1k_queries_usd").is_null()) {
        option.totals.cost_per_1k_queries = o.at("cost_per_1k_queries_usd").get<double>();
      }
      for (const auto& l : o.at("lines")) {
        const std::string stage = l.at("stage").get<std::string>();
        const std::string item = l.at("item").get<std::string>();
        const std::optional<LineKind> line_kind = find_line_kind(stage, item);
        if (!line_kind) {
          throw InputError({file, 0, 0}, "options",
                           fmt::format("option '{}' has a line '{}' of stage '{}' that ftcost does not price",
                                       option.id, item, stage),
                           "pass the unedited output of `ftcost estimate --format json`");
        }
        CostLine line({*line_kind, l.at("quantity").get<double>(), l.at("unit_price_usd").get<double>()});
        line.label = l.at("label").get<std::string>();
        line.recurrence =
            l.at("recurrence").get<std::string>() == "monthly" ? Recurrence::monthly : Recurrence::one_time;
        line.unit = l.at("unit").get<std::string>();
        line.formula = l.value("formula", "");
        const json& price = l.at("price");
        line.price = {price.value("id", ""), price.value("source", ""), price.value("as_of", "")};
        option.lines.push_back(std::move(line));
      }
      report.options.push_back(std::move(option));
    }
    return report;
  } catch (const json::exception& error) {
    throw InputError({file, 0, 0}, "", fmt::format("not a complete {} estimate ({})", estimate_format, error.what()),
                     "pass the unedited output of `ftcost estimate --format json`");
  }
}

// Invalid UTF-8 can only come from a file name given on the command line (document text is checked
// on load); replace it rather than fail.
std::string render_json(const Report& report, const RenderOptions& options) {
  return report_to_json(report, options).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace ftcost
