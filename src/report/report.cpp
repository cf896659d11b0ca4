#include "ftcost/report/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>

#include "ftcost/models/alternatives.hpp"
#include "ftcost/models/data_prep.hpp"
#include "ftcost/models/hosting.hpp"
#include "ftcost/models/training.hpp"
#include "ftcost/util/error.hpp"
#include "ftcost/util/money.hpp"
#include "ftcost/util/quantity.hpp"

namespace ftcost {

std::string to_string(OptionKind kind) {
  switch (kind) {
    case OptionKind::self_hosted:
      return "self_hosted";
    case OptionKind::managed_api:
      return "managed_api";
    case OptionKind::managed_finetune:
      return "managed_finetune";
  }
  return "?";
}

OptionTotals totals_of(const std::vector<CostLine>& lines, double horizon_months, double queries_per_month) {
  OptionTotals totals;
  for (const auto& line : lines) {
    (line.recurrence == Recurrence::one_time ? totals.one_time : totals.monthly) += line.amount();
  }
  totals.horizon_total = totals.one_time + horizon_months * totals.monthly;
  const double queries = horizon_months * queries_per_month;
  if (queries > 0) totals.cost_per_1k_queries = totals.horizon_total / queries * 1000.0;
  return totals;
}

namespace {

void append(std::vector<CostLine>& to, const std::vector<CostLine>& from) {
  to.insert(to.end(), from.begin(), from.end());
}
void append(std::vector<CostLine>& to, std::vector<CostLine>&& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

BreakEven compare(const Report& report, const OptionReport& self, const HostingCurve& curve,
                  double self_fixed_monthly_without_hosting, const OptionReport& other) {
  BreakEven out;
  out.against = other.id;
  const double h = report.horizon_months;

  BreakEvenInputs in =
      self_hosted_break_even_inputs(h, self.totals.one_time, self_fixed_monthly_without_hosting, curve);
  in.other_one_time = other.totals.one_time;
  in.other_fixed_monthly = other.fixed_monthly;
  in.other_cost_per_query = other.cost_per_query;
  in.other_deployment = other.hosting;
  in.volume_of_interest = report.queries_per_month;
  std::string why_not;
  BreakEvenBands bands;
  out.queries_per_month = break_even_volume(in, &why_not, &bands);
  if (out.queries_per_month && bands.count > 0) {
    out.bands = bands.count;
    out.first_band_from = bands.first_from;
    out.first_band_to = bands.first_to;
    out.always_above = bands.last_crossing;
    out.band_list = bands.all;
    // The break-even and the first band's ends at one precision, so the band does not read as
    // starting below the break-even.
    const std::vector<std::string> ends =
        distinct_quantities({*out.queries_per_month, bands.first_from, bands.first_to});
    const std::string from = *out.queries_per_month > 0 ? fmt::format("above {} queries/month, except", ends[0])
                                                        : std::string("at every volume except");
    // A per-token option's bands come from self-hosting's own replica steps.
    const std::string who =
        other.hosting ? std::string("the dedicated deployment") : option_display_label(report, other.id);
    const std::string& band_from = ends[1];
    const std::string& band_to = ends[2];
    out.volume_note =
        bands.count == 1
            ? lazy_format(
                  "self-hosting costs less over {:g} months {} from {} to {} queries/month, where {} is cheaper", h,
                  from, band_from, band_to, who)
            : lazy_format(
                  "self-hosting costs less over {:g} months {} in {} bands where {} is cheaper (the first "
                  "{}–{}); above {} always",
                  h, from, count_text(bands.count), who, band_from, band_to, ShortQuantity{bands.last_crossing});
  } else if (out.queries_per_month) {
    out.volume_note = *out.queries_per_month == 0
                          ? lazy_format("self-hosting costs less over {:g} months at every volume", h)
                          : lazy_format("self-hosting costs less over {:g} months above {} queries/month", h,
                                        ShortQuantity{*out.queries_per_month});
  } else if (bands.only_below > 0) {
    out.cheaper_only_below = bands.only_below;
    out.cheaper_again_windows = bands.only_below_more;
    out.cheaper_again_up_to = bands.only_below_last;
    out.volume_note = Formula(why_not);
  } else {
    out.volume_note = "never: " + why_not;
  }

  const double self_monthly = self.totals.monthly;
  const double other_monthly = other.totals.monthly;
  const double upfront_gap = self.totals.one_time - other.totals.one_time;
  out.month = break_even_month(self.totals.one_time, self_monthly, other.totals.one_time, other_monthly, h);
  out.cheaper_until_month =
      cheaper_until_month(self.totals.one_time, self_monthly, other.totals.one_time, other_monthly);
  if (out.cheaper_until_month) {
    const double until = *out.cheaper_until_month;
    out.month_note = out.month
                         ? lazy_format(
                               "cheaper from the start: {} less up front and {}/month more to run, so the lead lasts "
                               "until month {:.1f} — after the horizon",
                               Usd{-upfront_gap}, Usd{self_monthly - other_monthly}, until)
                         : lazy_format(
                               "never: cheaper up front by {}, but costs {}/month more, so its lead is spent in month "
                               "{:.1f}, within the horizon",
                               Usd{-upfront_gap}, Usd{self_monthly - other_monthly}, until);
  } else if (out.month) {
    const double month = *out.month;
    out.month_note = month == 0 ? Formula("cheaper from the start")
                                : lazy_format("saves {}/month and recovers {} more up front in {} months{}",
                                              Usd{other_monthly - self_monthly}, Usd{upfront_gap}, months_text(month),
                                              month > h ? " — after the horizon" : "");
  } else {
    out.month_note = lazy_format("never at {} queries/month: self-hosting costs {}/month more to run",
                                 ShortQuantity{report.queries_per_month}, Usd{self_monthly - other_monthly});
  }
  out.self_hosted_cheaper_over_horizon = self.totals.horizon_total < other.totals.horizon_total;
  return out;
}

// The scenario field (or section) a cost line's inputs come from, for overflow messages.
std::string section_of(const std::string& stage) {
  if (stage == "api" || stage == "managed-finetune") return "alternatives";
  if (stage == "data" || stage == "training" || stage == "hosting") return stage;
  return "";
}

std::string price_origin(const PriceRef& price) {
  if (price.id == "scenario") return price.source;
  return fmt::format("the price '{}' ({})", price.id, price.source);
}

// Every number a renderer prints must be finite. Inputs are range-checked one by one, but their
// product can still overflow a double (examples × tokens × epochs × price) or a catalog value can
// divide by almost nothing; say which line and which inputs instead of printing inf or nan.
void check_finite(const Report& report) {
  for (const auto& option : report.options) {
    for (const auto& line : option.lines) {
      if (std::isfinite(line.quantity) && std::isfinite(line.unit_price) && std::isfinite(line.amount())) continue;
      const bool price_is_large = std::isfinite(line.quantity) && std::fabs(line.unit_price) > std::fabs(line.quantity);
      throw InputError({}, section_of(line.stage),
                       fmt::format("the {} line overflows: {:g} {} × {:g} USD per {} is too large to compute",
                                   line.label, line.quantity, line.unit, line.unit_price, line.unit),
                       price_is_large ? "lower " + price_origin(line.price)
                                      : "lower the quantities in this section (" + line.formula.text() + ")");
    }
    const OptionTotals& t = option.totals;
    if (!std::isfinite(t.one_time) || !std::isfinite(t.monthly) || !std::isfinite(t.horizon_total) ||
        (t.cost_per_1k_queries && !std::isfinite(*t.cost_per_1k_queries)) || !std::isfinite(option.cost_per_query) ||
        !std::isfinite(option.fixed_monthly)) {
      throw InputError({}, option.kind == OptionKind::self_hosted ? "horizon_months" : "alternatives",
                       fmt::format("the total of '{}' overflows: its line items add up to more than a number can hold",
                                   option.label),
                       "lower the largest quantities or prices");
    }
  }
  for (const auto& derivation : report.derivations) {
    if (std::isfinite(derivation.value)) continue;
    const std::string section(derivation.name.substr(0, derivation.name.find('.')));
    throw InputError({}, section,
                     fmt::format("{} works out to {:g} ({})", derivation.name, derivation.value, derivation.formula),
                     "check this section's values and the catalog values it uses");
  }
  for (const auto& comparison : report.break_even) {
    if ((comparison.queries_per_month && !std::isfinite(*comparison.queries_per_month)) ||
        (comparison.month && !std::isfinite(*comparison.month)) ||
        (comparison.cheaper_until_month && !std::isfinite(*comparison.cheaper_until_month))) {
      throw InputError({}, "hosting.queries_per_month",
                       fmt::format("the break-even against '{}' is too large to compute", comparison.against),
                       "lower the largest quantities or prices");
    }
  }
}

// A replica with more GPUs than a node holds runs tensor parallelism over the network between nodes,
// far slower than the link inside one. The serving model prices those all-reduces into every decode
// step and prefill; the warning says so, with the time they add, so a 405B replica does not span
// nodes silently.
void flag_replica_spanning_nodes(Report& report, const Scenario& scenario, const ServingPerformance& perf) {
  if (perf.nodes <= 1) return;
  const int per_node = scenario.hosting.assumptions.gpus_per_node;
  const GpuSpec& gpu = scenario.hosting.gpu;
  const std::string link =
      gpu.interconnect_kind.empty() ? std::string("the link")
      : gpu.interconnect_gb_s > 0
          // One way, as the network's per-GPU rate and the model's formulas count it.
          ? fmt::format("{} ({:g} GB/s each way)", gpu.interconnect_kind, gpu.interconnect_gb_s / 2)
          : gpu.interconnect_kind;
  if (perf.expert_parallel) {
    report.warnings.push_back(
        {"replica_spans_nodes",
         fmt::format("hosting: each replica of {} × {} spans {} nodes of {} GPUs, so the mixture of experts is served "
                     "expert-parallel and each MoE layer sends tokens to experts on other nodes over the network "
                     "({:g} GB/s per GPU), slower than {} inside a node; the estimate adds the all-to-alls, {:.1f} ms "
                     "to each {:.1f} ms decode step (see hosting.expert_parallel_all_to_all_ms in --explain)",
                     perf.gpus, gpu.id, perf.nodes, per_node, scenario.hosting.assumptions.network_gb_s_per_gpu, link,
                     perf.step_all_to_all_ms, perf.decode_step_ms),
         {}});
    // More ranks than routed experts: each GPU would hold part of an expert, which plain expert
    // parallelism does not do (engines split E experts over at most E ranks).
    if (perf.gpus > scenario.model.experts.value_or(perf.gpus)) {
      report.warnings.push_back(
          {"experts_fewer_than_gpus",
           fmt::format("hosting: {} routed experts over {} expert-parallel GPUs is {:g} of an expert per GPU, "
                       "which engines do not run (each rank holds whole experts); the estimate prices it as if "
                       "each GPU held that share: choose gpus_per_replica ≤ {} or a GPU with more memory",
                       *scenario.model.experts, perf.gpus, static_cast<double>(*scenario.model.experts) / perf.gpus,
                       *scenario.model.experts),
           {}});
    }
    return;
  }
  report.warnings.push_back(
      {"replica_spans_nodes",
       fmt::format(
           "hosting: each replica of {} × {} spans {} nodes of {} GPUs, so its tensor parallelism crosses the network "
           "between nodes ({:g} GB/s per GPU), slower than {} inside a node; the estimate adds the cross-node "
           "all-reduces, {:.1f} ms to each {:.1f} ms decode step and {:.0f} ms to each prefill (see "
           "hosting.cross_node_ms_per_step in --explain); fit a replica in one node (a GPU with more memory, or "
           "hosting.precision: fp8 or int4) to avoid them",
           perf.gpus, gpu.id, perf.nodes, per_node, scenario.hosting.assumptions.network_gb_s_per_gpu, link,
           perf.step_network_ms, perf.decode_step_ms, perf.prefill_network_ms),
       {}});
}

// The training model prices a mixture of experts the way Megatron and NeMo Automodel run it: grouped
// expert kernels, routed experts kept on their expert-parallel ranks. Hugging Face Transformers with
// DeepSpeed runs the experts one after another and gathers all of them; measured on the same GPUs
// it is several times slower (docs/models.md, "Mixture-of-experts fine-tuning stacks"). The
// estimate cannot tell which stack a team uses, so it says which one it priced.
void flag_moe_fine_tuning(Report& report, const Scenario& scenario) {
  if (!scenario.model.moe() || scenario.training.mfu_from_user) return;
  report.warnings.push_back(
      {"moe_training_stack",
       fmt::format("training: {} is a mixture of experts, priced as Megatron or NeMo Automodel run it (grouped "
                   "expert kernels, expert parallelism); Hugging Face Transformers with DeepSpeed runs the "
                   "experts one after another and measured 2× (ZeRO-2) to 8× (ZeRO-3) slower on the same GPUs "
                   "(see docs/models.md): with such a stack set training.mfu to what it achieves",
                   scenario.model.id),
       {}});
}

}  // namespace

const OptionReport* find_option(const Report& report, const std::string& id) {
  for (const auto& option : report.options) {
    if (option.id == id) return &option;
  }
  return nullptr;
}

std::string option_display_label(const Report& report, const std::string& id) {
  const OptionReport* option = find_option(report, id);
  if (!option) return id;
  return label_shared(report.options, option->label) ? fmt::format("{} ({})", option->label, option->id)
                                                     : option->label;
}

Report build_report(const Scenario& scenario) {
  Report report;
  report.scenario_name = scenario.name;
  report.scenario_file = scenario.file;
  report.horizon_months = scenario.horizon_months;
  report.queries_per_month = scenario.hosting.queries_per_month;
  report.defaults_applied = scenario.defaults_applied;
  report.price_facts = scenario.price_facts;
  const double h = scenario.horizon_months;
  const double q = scenario.hosting.queries_per_month;

  ModelResult data = estimate_data_prep(scenario.data);
  TrainingResult training = estimate_training(scenario.training, scenario.model, scenario.data);
  HostingResult hosting = estimate_hosting(scenario.hosting, scenario.model);
  flag_replica_spanning_nodes(report, scenario, hosting.performance);
  flag_moe_fine_tuning(report, scenario);
  for (const DefaultValue& assumption : scenario.training.unverified_assumptions) {
    report.warnings.push_back(
        {"unverified_assumption",
         fmt::format("training: {} = {:g} ({}) is unverified: derived, not measured (ftcost catalog show {} gives "
                     "its arithmetic); set it from your own runs with a --catalog overlay",
                     assumption.id, assumption.value, assumption.unit, assumption.id),
         {}});
  }
  report.derivations.reserve(data.derivations.size() + training.model.derivations.size() +
                             hosting.model.derivations.size());
  report.options.reserve(1 + scenario.apis.size() + scenario.finetunes.size());
  report.break_even.reserve(scenario.apis.size() + scenario.finetunes.size());
  for (ModelResult* part : {&data, &training.model, &hosting.model}) {
    report.derivations.insert(report.derivations.end(), std::make_move_iterator(part->derivations.begin()),
                              std::make_move_iterator(part->derivations.end()));
    report.notes.insert(report.notes.end(), std::make_move_iterator(part->notes.begin()),
                        std::make_move_iterator(part->notes.end()));
  }

  OptionReport self;
  self.id = self_hosted_option_id;
  self.label = fmt::format("Self-hosted {} {}", scenario.model.id, to_string(scenario.training.method));
  self.kind = OptionKind::self_hosted;
  // Monthly self-hosted costs outside hosting (data refresh, re-training, storage) do not scale with volume.
  const double self_other_monthly = data.monthly() + training.model.monthly();
  self.lines.reserve(data.lines.size() + training.model.lines.size() + hosting.model.lines.size());
  append(self.lines, data.lines);  // copied: the managed fine-tunes need the data lines too
  // Moved, not copied: a full estimate spends most of its time allocating. Do not read
  // training.model.lines or hosting.model.lines after this.
  append(self.lines, std::move(training.model.lines));
  append(self.lines, std::move(hosting.model.lines));
  self.totals = totals_of(self.lines, h, q);
  self.fixed_monthly = self_other_monthly;
  self.hosting = hosting.curve;
  report.options.push_back(std::move(self));

  for (const auto& alt : scenario.apis) {
    AlternativeResult api = estimate_api(alt, scenario.hosting);
    OptionReport option;
    option.id = alt.id;
    option.label = alt.label.empty() ? fmt::format("API {} + few-shot", alt.api.id) : alt.label;
    option.label_given = !alt.label.empty();
    option.kind = OptionKind::managed_api;
    option.lines = std::move(api.model.lines);
    option.cost_per_query = api.cost_per_query;
    option.fixed_monthly = api.fixed_monthly;
    option.totals = totals_of(option.lines, h, q);
    report.options.push_back(std::move(option));
  }
  for (const auto& alt : scenario.finetunes) {
    std::optional<HostingCurve> deployment;
    AlternativeResult vendor = estimate_managed_finetune(alt, scenario.data, scenario.hosting, scenario.model,
                                                         scenario.training.retrain_every_months, &deployment);
    OptionReport option;
    option.id = alt.id;
    option.label = alt.label.empty() ? fmt::format("Managed fine-tune {}", alt.offer.id) : alt.label;
    option.label_given = !alt.label.empty();
    option.kind = OptionKind::managed_finetune;
    option.lines.reserve(data.lines.size() + vendor.model.lines.size());
    append(option.lines, data.lines);
    append(option.lines, std::move(vendor.model.lines));
    option.cost_per_query = vendor.cost_per_query;
    option.fixed_monthly = vendor.fixed_monthly + data.monthly();
    option.hosting = deployment;
    option.totals = totals_of(option.lines, h, q);
    report.options.push_back(std::move(option));
  }

  const OptionReport& self_ref = report.options.front();
  for (std::size_t i = 1; i < report.options.size(); ++i) {
    report.break_even.push_back(compare(report, self_ref, hosting.curve, self_other_monthly, report.options[i]));
  }
  const OptionReport* cheapest = &report.options.front();
  for (const auto& option : report.options) {
    if (option.totals.horizon_total < cheapest->totals.horizon_total) cheapest = &option;
  }
  report.cheapest_option = cheapest->id;
  check_finite(report);
  return report;
}

}  // namespace ftcost
