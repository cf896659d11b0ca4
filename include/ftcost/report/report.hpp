#pragma once
// The one result every renderer formats: per option its cost lines and totals, and the break-even
// of the self-hosted fine-tune against each pay-per-token option. All sums are computed here.
#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ftcost/catalog/catalog.hpp"
#include "ftcost/models/cost_line.hpp"
#include "ftcost/models/hosting.hpp"
#include "ftcost/report/analysis.hpp"
#include "ftcost/report/warning.hpp"
#include "ftcost/scenario/scenario.hpp"

namespace ftcost {

enum class OptionKind { self_hosted, managed_api, managed_finetune };
std::string to_string(OptionKind kind);

struct OptionTotals {
  double one_time = 0;
  double monthly = 0;
  double horizon_total = 0;  // one_time + horizon × monthly
  // horizon_total / (horizon × queries per month) × 1000; empty at zero volume (nothing to divide by)
  std::optional<double> cost_per_1k_queries;
  bool operator==(const OptionTotals&) const = default;
};

struct OptionReport {
  std::string id;            // unique: "self-hosted", "api:gpt-4o-mini", "api:custom/2" (see assign_option_ids)
  std::string label;         // what a person reads
  bool label_given = false;  // the scenario wrote `label:`; column titles then use it
  OptionKind kind = OptionKind::self_hosted;
  std::vector<CostLine> lines;
  OptionTotals totals;
  // Per-token options: monthly = fixed_monthly + cost_per_query × queries.
  // Self-hosted (and a dedicated deployment): monthly = fixed_monthly (data refresh, re-training,
  // storage) + hosting->monthly(queries).
  double cost_per_query = 0;
  double fixed_monthly = 0;
  std::optional<HostingCurve> hosting;  // self-hosted, or a managed fine-tune's dedicated deployment

  // Monthly cost at another volume, everything else equal (break-even, `ftcost sweep`).
  double monthly_at(double queries_per_month) const {
    return fixed_monthly + cost_per_query * queries_per_month + (hosting ? hosting->monthly(queries_per_month) : 0.0);
  }
  // Total over `horizon_months` at another volume: what the break-even volume equates between two
  // options (one-time cost included), and what the volume chart plots (divided by the horizon).
  double horizon_total_at(double queries_per_month, double horizon_months) const {
    return totals.one_time + horizon_months * monthly_at(queries_per_month);
  }
  bool operator==(const OptionReport&) const = default;
};

struct BreakEven {
  std::string against;  // option id
  // Monthly volume above which self-hosting costs less over the horizon; empty = never.
  std::optional<double> queries_per_month;
  Formula volume_note;
  // Month from which the self-hosted option's cumulative cost stays below the other's at the
  // scenario's volume; 0 = cheaper from the start through the horizon; empty = never.
  std::optional<double> month;
  // Cheaper from the start but dearer per month: the month its up-front lead is spent, after which
  // the other option costs less (past the horizon, self-hosting stays cheaper over it); empty
  // otherwise.
  std::optional<double> cheaper_until_month;
  Formula month_note;
  bool self_hosted_cheaper_over_horizon = false;
  // Bands above queries_per_month where the other option is cheaper again (a dedicated deployment's
  // replicas, or self-hosting's own steps against a per-token option), and the volume above which
  // self-hosting always costs less (0 without bands).
  int bands = 0;
  double first_band_from = 0, first_band_to = 0;
  double always_above = 0;
  std::vector<std::pair<double, double>> band_list;  // each band, from–to
  // Never cheaper above some volume, yet cheaper below this one (an option whose cost grows more
  // slowly with volume, such as a fixed deployment); empty otherwise.
  std::optional<double> cheaper_only_below;
  int cheaper_again_windows = 0;   // windows above it where self-hosting is cheaper again,
  double cheaper_again_up_to = 0;  // the last ending here
  bool operator==(const BreakEven&) const = default;
};

struct Report {
  std::string scenario_name;
  std::string scenario_file;
  double horizon_months = 0;
  double queries_per_month = 0;
  std::vector<OptionReport> options;  // self-hosted first
  std::vector<BreakEven> break_even;
  std::vector<Derivation> derivations;
  AppliedDefaults defaults_applied;  // shared with the scenario
  PriceFacts price_facts;            // kind, choice and trust flags of the catalog prices used
  std::vector<std::string> notes;
  std::vector<Warning> warnings;  // e.g. stale prices (report/staleness.hpp); printed on stderr
  std::string cheapest_option;    // id of the lowest horizon total
  // Filled by `estimate` when the scenario has uncertain inputs (see ftcost/report/analysis.hpp).
  std::optional<UncertaintyResult> uncertainty;
  std::optional<SensitivityResult> sensitivity;
  std::optional<Recommendation> recommendation;
  bool operator==(const Report&) const = default;
};

OptionTotals totals_of(const std::vector<CostLine>& lines, double horizon_months, double queries_per_month);

// Runs the three cost models and the alternatives, then TCO and break-even. Throws InputError when
// a model finds the scenario infeasible (the field names where).
Report build_report(const Scenario& scenario);

// The option with this id, or null.
const OptionReport* find_option(const Report& report, const std::string& id);
// Whether another option of `options` (a report's, a diff's) has the same label as `label`: the
// renderers then name the option by its id as well.
template <class Options>
bool label_shared(const Options& options, const std::string& label) {
  return std::count_if(options.begin(), options.end(), [&](const auto& other) { return other.label == label; }) > 1;
}

// The option's label as the renderers print it: with its id when another option has the same label
// (two price-only APIs both read "API custom + few-shot"; their ids are custom/1 and custom/2); the
// id itself for an id the report does not hold.
std::string option_display_label(const Report& report, const std::string& id);

// The smallest monthly volume at which `self_curve` plus the other costs undercuts a per-token option
// over `horizon` months. Exposed for tests.
struct BreakEvenInputs {
  double horizon_months = 0;
  double self_one_time = 0;
  double self_fixed_monthly = 0;  // self-hosted monthly costs that do not scale with volume
  double replica_monthly = 0;
  double queries_per_replica_month = 0;
  double min_replicas = 1;
  bool autoscaling = false;
  double wake_seconds = 0;  // scale to zero (HostingCurve::wake_seconds); 0 = not scaling to zero
  double other_one_time = 0;
  double other_fixed_monthly = 0;
  double other_cost_per_query = 0;
  // A managed fine-tune on a dedicated deployment: its GPUs follow the volume like self-hosting's.
  std::optional<HostingCurve> other_deployment;
  // The volume the scenario expects: the band holding it, if any, is listed even when the bands are
  // too many to list them all.
  double volume_of_interest = 0;
};
// The self-hosted side of those inputs: its one-time cost, its monthly costs outside hosting and its
// hosting curve. build_report and the fast path (evaluate_totals) both start from it.
BreakEvenInputs self_hosted_break_even_inputs(double horizon_months, double self_one_time,
                                              double self_fixed_monthly_without_hosting, const HostingCurve& curve);
// Against a dedicated deployment the two fleets add replicas at different volumes, so above the
// first crossing the deployment can be cheaper again, in bands: the first one, how many, and the
// volume above which self-hosting stays cheaper.
struct BreakEvenBands {
  int count = 0;
  double first_from = 0, first_to = 0;
  double last_crossing = 0;
  std::vector<std::pair<double, double>> all;  // each band, from–to, in order
  double only_below = 0;                       // "never", yet cheaper below this volume (0: not so)
  double only_below_last = 0;                  // ... and again in only_below_more windows up to this volume
  int only_below_more = 0;
};
std::optional<double> break_even_volume(const BreakEvenInputs& in, std::string* why_not = nullptr,
                                        BreakEvenBands* bands = nullptr);

// The month from which the self-hosted option's cumulative cost stays below the other's at a fixed
// volume: 0 when cheaper from the start through the horizon, empty when never (a lead from the
// start that is spent within the horizon included).
std::optional<double> break_even_month(double self_one_time, double self_monthly, double other_one_time,
                                       double other_monthly, double horizon_months);
// Cheaper up front but dearer per month: the month the lead is spent; empty otherwise.
std::optional<double> cheaper_until_month(double self_one_time, double self_monthly, double other_one_time,
                                          double other_monthly);

}  // namespace ftcost

namespace ftcost {

// The summary row a line belongs to in tables and Markdown ("Data preparation", "Inference") is its
// kind's: summary_row_of(line.kind), labelled by summary_row_info (models/line_kind.hpp).

// Every distinct price the report uses, once, for the "prices used" listing (with as-of dates).
std::vector<PriceRef> prices_used(const Report& report);

}  // namespace ftcost
