// The plan search. The self-hosted horizon total is data preparation (the same for every candidate)
// + training + serving. No training choice changes what serving costs except through the method (the
// served adapter's size: serving is searched once per adapter size) and the hosting price the loader
// inherits from training when hosting names none (a plan then pins hosting's GPU and price in its
// overrides). So each side is searched on its own, pruned to what fits, and the sides are combined as
// sums: the cheapest plan is the cheapest training plus the cheapest serving of the same method (a
// plan's own total sums its lines as `estimate` does: CandidatePricer::horizon_total). The best plan
// and every frontier entry are then priced again by the exact `--set` route.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "ftcost/models/hosting.hpp"
#include "ftcost/models/training.hpp"
#include "ftcost/plan/plan.hpp"
#include "ftcost/plan/pricer.hpp"
#include "ftcost/report/report.hpp"
#include "ftcost/scenario/assumptions.hpp"
#include "ftcost/uncertainty/monte_carlo.hpp"
#include "ftcost/util/money.hpp"

namespace ftcost {

namespace {

// How each side may be bought. A training run rents by the hour (on demand, spot, or a capacity block,
// a short reservation); reserved terms suit an always-on serving fleet whose horizon covers the term.
const std::vector<std::string> training_bases = {"on_demand", "spot", "capacity_block"};
struct ServingBasis {
  std::string basis;
  double term_months;
};
const std::vector<ServingBasis> serving_bases = {{"on_demand", 0}, {"reserved_1y", 12}, {"reserved_3y", 36}};
const std::vector<Precision> training_precisions = {Precision::bf16, Precision::fp16, Precision::fp8};
const std::vector<Precision> serving_precisions = {Precision::fp16, Precision::bf16, Precision::fp8, Precision::int8,
                                                   Precision::int4};
const std::vector<int> tensor_parallel_degrees = {1, 2, 4, 8};

bool listed(const std::vector<std::string>& list, const std::string& name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

bool same_cost(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(std::abs(a), std::abs(b)); }

const nlohmann::json* written_node(const Document& doc, const char* section, const char* key) {
  const nlohmann::json& root = doc.root;
  if (!root.is_object() || !root.contains(section) || !root.at(section).is_object()) return nullptr;
  const nlohmann::json& node = root.at(section);
  return node.contains(key) ? &node.at(key) : nullptr;
}

// A written field as `--set` text; "" when absent.
std::string written_text(const Document& doc, const char* section, const char* key) {
  const nlohmann::json* value = written_node(doc, section, key);
  if (!value) return "";
  if (value->is_string()) return value->get<std::string>();
  if (value->is_boolean()) return value->get<bool>() ? "true" : "false";
  if (value->is_number()) return fmt::format("{:g}", value->get<double>());
  return "(mapping)";
}

// The resolved GPU and price of one side, as the scenario is written.
struct Bought {
  const GpuSpec* gpu = nullptr;
  std::string provider;  // "" for a price the scenario gives itself
  std::string basis;
  double usd_per_gpu_hour = 0;
  bool pinned = false;  // the scenario's own price or GPU specs: not searched
};

Bought bought_from(const GpuSpec& gpu, const UnitPrice& price, bool gpu_is_mapping) {
  Bought out{&gpu, "", "", price.usd, true};
  const std::string& id = price.ref.id;
  const auto at = id.find('@');
  const auto slash = at == std::string::npos ? std::string::npos : id.find('/', at);
  if (slash == std::string::npos || gpu_is_mapping) return out;
  out.provider = id.substr(at + 1, slash - at - 1);
  out.basis = id.substr(slash + 1);
  out.pinned = false;
  return out;
}

bool same_offer(const GpuOffer& offer, const Bought& bought) {
  return offer.gpu->id == bought.gpu->id && offer.provider == bought.provider && offer.basis == bought.basis;
}

std::string whole(int n) { return std::to_string(n); }

struct TrainingOption {
  TrainingChoice choice;
  TrainingNumbers numbers;
  int changes = 0;  // attributes that differ from the scenario as written (ties prefer fewer)
  double metric() const { return numbers.wall_hours; }
  double cost() const { return numbers.horizon_usd; }
};

// `--mix`: the second GPU type of a serving fleet, and the replicas of each type.
struct MixedFleet {
  ServingChoice other;
  ServingNumbers other_numbers;
  int replicas = 0;  // of the option's own type
  int other_replicas = 0;
};

struct ServingOption {
  ServingChoice choice;
  ServingNumbers numbers;  // with a mix: the fleet's cost and its slower type's latency
  int changes = 0;
  std::optional<MixedFleet> mix;
  double metric() const { return numbers.ms_per_output_token; }
  double cost() const { return numbers.horizon_usd; }
};

// Cheaper first; on a tie the shorter run (lower latency), then fewer changes.
template <class Option>
bool better(const Option& a, const Option& b) {
  if (!same_cost(a.cost(), b.cost())) return a.cost() < b.cost();
  if (a.metric() != b.metric()) return a.metric() < b.metric();
  return a.changes < b.changes;
}

// The options no other beats on both cost and metric, cheapest first.
template <class Option>
std::vector<const Option*> pareto(const std::vector<Option>& options) {
  std::vector<const Option*> sorted;
  sorted.reserve(options.size());
  for (const auto& option : options) sorted.push_back(&option);
  std::sort(sorted.begin(), sorted.end(), [](const Option* a, const Option* b) { return better(*a, *b); });
  std::vector<const Option*> out;
  double best_metric = std::numeric_limits<double>::infinity();
  for (const Option* option : sorted) {
    if (option->metric() < best_metric * (1 - 1e-9)) {
      out.push_back(option);
      best_metric = option->metric();
    }
  }
  return out;
}

// The cheapest option. On a tie training prefers the shorter run (then fewer changes); serving keeps
// more of the scenario as written (then the lower latency): a change that saves nothing is not made.
bool preferred(const TrainingOption& a, const TrainingOption& b) { return better(a, b); }
bool preferred(const ServingOption& a, const ServingOption& b) {
  if (!same_cost(a.cost(), b.cost())) return a.cost() < b.cost();
  if (a.changes != b.changes) return a.changes < b.changes;
  return a.metric() < b.metric();
}

template <class Option>
const Option* cheapest(const std::vector<Option>& options) {
  const Option* best = nullptr;
  for (const auto& option : options) {
    if (!best || preferred(option, *best)) best = &option;
  }
  return best;
}

// A training option with a serving option of the same method, and their point total.
struct Combined {
  const TrainingOption* training;
  const ServingOption* serving;
  double total;
};

// Cheaper first; on a tie the shorter run, then fewer changes.
bool plan_better(const Combined& a, const Combined& b) {
  if (!same_cost(a.total, b.total)) return a.total < b.total;
  if (a.training->metric() != b.training->metric()) return a.training->metric() < b.training->metric();
  return a.training->changes + a.serving->changes < b.training->changes + b.serving->changes;
}

// Options that a range moves alike: at the same point cost, serving with the same replica price,
// capacity and scaling (a precision that changes neither), training on the same GPU and price.
bool alike(const ServingOption& a, const ServingOption& b) {
  return same_cost(a.cost(), b.cost()) && a.choice.autoscaling == b.choice.autoscaling &&
         same_cost(a.numbers.replica_monthly_usd, b.numbers.replica_monthly_usd) &&
         same_cost(a.numbers.queries_per_replica_month, b.numbers.queries_per_replica_month);
}
bool alike(const TrainingOption& a, const TrainingOption& b) {
  return same_cost(a.cost(), b.cost()) && a.choice.offer.gpu == b.choice.offer.gpu &&
         a.choice.offer.usd_per_gpu_hour == b.choice.offer.usd_per_gpu_hour;
}

// The `count` cheapest options, cheapest first, leaving out one alike to an option already taken (so
// ties at the point total do not fill the finalists with copies).
template <class Option>
std::vector<const Option*> cheapest_few(const std::vector<Option>& options, std::size_t count) {
  std::vector<const Option*> sorted;
  sorted.reserve(options.size());
  for (const auto& option : options) sorted.push_back(&option);
  std::sort(sorted.begin(), sorted.end(), [](const Option* a, const Option* b) { return preferred(*a, *b); });
  std::vector<const Option*> out;
  for (const Option* option : sorted) {
    if (out.size() == count) break;
    if (std::none_of(out.begin(), out.end(), [&](const Option* taken) { return alike(*option, *taken); })) {
      out.push_back(option);
    }
  }
  return out;
}

class PlanSearch {
 public:
  PlanSearch(const Document& doc, const Catalog& catalog, const PlanConstraints& constraints,
             const PlanObjective& objective)
      : doc_(doc),
        catalog_(catalog),
        constraints_(constraints),
        objective_(objective),
        pricer_(doc, catalog, constraints.methods) {
    const Scenario& s = pricer_.base();
    if (objective_.kind == PlanObjectiveKind::p90 && s.uncertain.empty()) {
      throw InputError({}, "--objective",
                       "p90 needs a scenario with ranges: this one gives every field as a number, so its p90 is the "
                       "point total",
                       "drop --objective p90, or write a field as a range, e.g. `mfu: {low: 0.3, likely: 0.4, "
                       "high: 0.5}`");
    }
    if (objective_.kind == PlanObjectiveKind::p90 && constraints_.mix) {
      throw InputError({}, "--mix",
                       "cannot be combined with --objective p90: Monte Carlo samples a scenario, and a scenario "
                       "cannot express a fleet of two GPU types",
                       "drop one of the two flags");
    }
    if (objective_.samples < 1) {
      throw InputError({}, "--samples", "--objective p90 needs at least one Monte Carlo sample",
                       "e.g. --samples 10000");
    }
    training_ = bought_from(s.training.gpu, s.training.gpu_hour, written_text(doc, "training", "gpu") == "(mapping)");
    hosting_ = bought_from(s.hosting.gpu, s.hosting.gpu_hour, written_text(doc, "hosting", "gpu") == "(mapping)");
    if (pricer_.hosting_inherits_training_price() && training_.pinned) hosting_.pinned = true;
    if (s.training.gpu_count) {
      training_gpus_ = *s.training.gpu_count;
    } else {
      training_gpus_ =
          auto_gpu_count(shape_for(s.model, s.training), s.training.gpu, s.training.precision, s.training.assumptions)
              .value_or(0);
    }
    const HostingPlan& h = s.hosting;
    if (h.gpus_per_replica) {
      hosting_gpus_ = *h.gpus_per_replica;
    } else {
      ServingShape shape = serving_shape_for(s.model, h.precision, h.input_tokens, h.output_tokens);
      add_served_adapters(shape, s.model, h.adapters, h.adapter_rank, h.adapter_target_share);
      hosting_gpus_ = min_gpus_for_serving(shape, h.gpu, h.assumptions).value_or(0);
    }
  }

  PlanResult run();

 private:
  std::vector<TrainingMethod> methods() const {
    if (!constraints_.methods.empty()) return constraints_.methods;
    return {pricer_.base().training.method};
  }
  bool provider_allowed(const std::string& provider) const {
    if (!constraints_.providers.empty() && !listed(constraints_.providers, provider)) return false;
    return !listed(constraints_.exclude_providers, provider);
  }
  bool gpu_allowed(const std::string& gpu) const { return constraints_.gpus.empty() || listed(constraints_.gpus, gpu); }
  bool allowed(const Bought& side) const { return gpu_allowed(side.gpu->id) && provider_allowed(side.provider); }

  std::vector<GpuOffer> catalog_offers(const std::vector<std::string>& bases, long long configurations,
                                       PlanSideCounts& counts) const;
  void search_training(TrainingMethod method, std::vector<TrainingOption>& feasible);
  void search_serving(TrainingMethod method, std::vector<ServingOption>& feasible);
  std::vector<PlanChange> changes_for(const TrainingChoice& training, const ServingChoice& serving) const;
  std::optional<PlanInfeasible> infeasibility(const std::vector<TrainingOption>& training,
                                              const std::vector<ServingOption>& serving) const;
  PlanCandidate numeric_candidate(const TrainingOption& t, const ServingOption& s) const;
  void add_cheapest_mix(std::vector<ServingOption>& feasible);
  PlanCandidate priced(const TrainingOption& t, const ServingOption& s);
  FleetPart fleet_part(const ServingChoice& choice, const PlanCandidate& alone, int replicas) const;
  std::optional<double> p90_of(const std::vector<PlanChange>& set) const;
  void choose_by_p90(PlanResult& result, const std::vector<Combined>& cheapest_plans);

  const Document& doc_;
  const Catalog& catalog_;
  PlanConstraints constraints_;
  PlanObjective objective_;
  CandidatePricer pricer_;
  Bought training_;
  Bought hosting_;
  int training_gpus_ = 0;  // as written (or derived for `auto`)
  int hosting_gpus_ = 0;
  PlanCounts counts_;
  // What the search saw, for the message of an infeasible request.
  long long training_offers_ = 0;
  long long serving_offers_ = 0;
  std::optional<TrainingOption> fastest_training_;  // among those that fit
  std::optional<TrainingOption> cheapest_fitting_training_;
  std::optional<ServingOption> fastest_serving_;  // among those that fit
  std::optional<ServingOption> cheapest_serving_;
};

// Every instance price of the catalog on the given bases, as the loader picks it for gpu + provider +
// basis. Only instance prices are comparable (a gpu_only price leaves the VM out); unverified and
// sunset prices are left out as the loader leaves them out of its own choice.
std::vector<GpuOffer> PlanSearch::catalog_offers(const std::vector<std::string>& bases, long long configurations,
                                                 PlanSideCounts& counts) const {
  std::vector<GpuOffer> out;
  std::set<std::string> seen;
  for (const GpuSpec& gpu : catalog_.gpus) {
    for (const GpuPrice* price : catalog_.prices_for(gpu.id)) {
      if (!listed(bases, price->basis) || price->kind != "instance" || !price->source.verified ||
          !price->source.sunset.empty()) {
        continue;
      }
      if (!seen.insert(gpu.id + "@" + price->provider + "/" + price->basis).second) continue;
      if (!gpu_allowed(gpu.id) || !provider_allowed(price->provider)) {
        counts.pruned += configurations;
        continue;
      }
      const GpuPrice* chosen = choose_gpu_price(catalog_, gpu.id, price->provider, price->basis).price;
      if (!chosen || chosen->kind != "instance") continue;
      out.push_back({&gpu, chosen->provider, chosen->basis, chosen->usd_per_gpu_hour});
    }
  }
  return out;
}

void PlanSearch::search_training(TrainingMethod method, std::vector<TrainingOption>& feasible) {
  const TrainingPlan& written = pricer_.base().training;
  std::vector<std::pair<GpuOffer, bool>> offers;  // offer, as written
  const int max_gpus = written.assumptions.max_gpus;
  long long per_offer = 0;
  for (int n = 1; n <= max_gpus; n *= 2) per_offer += static_cast<long long>(training_precisions.size());
  // The scenario's own GPU and price are always a choice (the only one when it gives its own price).
  if (allowed(training_)) {
    offers.push_back({{training_.gpu, training_.provider, training_.basis, training_.usd_per_gpu_hour}, true});
  } else {
    counts_.training.pruned += per_offer;
  }
  if (!training_.pinned) {
    for (const GpuOffer& offer : catalog_offers(training_bases, per_offer, counts_.training)) {
      offers.push_back({offer, false});
    }
  }
  training_offers_ += static_cast<long long>(offers.size());
  for (const auto& [offer, as_written] : offers) {
    const int limit = training_assumptions(catalog_, *offer.gpu).max_gpus;
    std::vector<Precision> precisions = training_precisions;
    if (!listed({"bf16", "fp16", "fp8"}, to_string(written.precision))) precisions.push_back(written.precision);
    for (Precision precision : precisions) {
      for (int n = 1; n <= limit; n *= 2) {
        if (!offer.gpu->peak_tflops(precision)) {
          ++counts_.training.pruned;
          continue;
        }
        TrainingOption option;
        option.choice = {as_written, offer, n, precision, method};
        option.numbers = pricer_.training(option.choice);
        if (!option.numbers.fits) {
          ++counts_.training.pruned;
          continue;
        }
        ++counts_.training.evaluated;
        option.changes = (as_written ? 0 : 1) + (precision != written.precision) + (method != written.method) +
                         (n != training_gpus_);
        if (!fastest_training_ || option.metric() < fastest_training_->metric()) fastest_training_ = option;
        if (!cheapest_fitting_training_ || better(option, *cheapest_fitting_training_)) {
          cheapest_fitting_training_ = option;
        }
        if (constraints_.max_training_hours && option.numbers.wall_hours > *constraints_.max_training_hours) continue;
        ++counts_.training.feasible;
        feasible.push_back(option);
      }
    }
  }
}

void PlanSearch::search_serving(TrainingMethod method, std::vector<ServingOption>& feasible) {
  const Scenario& s = pricer_.base();
  const HostingPlan& written = s.hosting;
  std::vector<int> degrees = tensor_parallel_degrees;
  if (hosting_gpus_ > 0 && !std::count(degrees.begin(), degrees.end(), hosting_gpus_)) degrees.push_back(hosting_gpus_);
  std::vector<Precision> precisions = serving_precisions;
  if (!std::count(precisions.begin(), precisions.end(), written.precision)) precisions.push_back(written.precision);
  const long long per_offer = static_cast<long long>(degrees.size()) * static_cast<long long>(precisions.size()) * 2;
  std::vector<std::pair<GpuOffer, bool>> offers;
  if (allowed(hosting_)) {
    offers.push_back({{hosting_.gpu, hosting_.provider, hosting_.basis, hosting_.usd_per_gpu_hour}, true});
  } else {
    counts_.serving.pruned += per_offer;
  }
  if (!hosting_.pinned) {
    std::vector<std::string> bases;
    for (const auto& basis : serving_bases) {
      if (s.horizon_months >= basis.term_months) bases.push_back(basis.basis);
    }
    for (const GpuOffer& offer : catalog_offers(bases, per_offer, counts_.serving)) offers.push_back({offer, false});
  }
  serving_offers_ += static_cast<long long>(offers.size());
  for (const auto& [offer, as_written] : offers) {
    const bool reserved = offer.basis.rfind("reserved", 0) == 0;
    for (Precision precision : precisions) {
      const bool supported = offer.gpu->peak_tflops(serving_compute_precision(precision, *offer.gpu)).has_value();
      for (int degree : degrees) {
        for (bool autoscaling : {false, true}) {
          // A reserved GPU is paid whether it serves or not: autoscaling saves nothing on it.
          if (!supported || (reserved && autoscaling)) {
            ++counts_.serving.pruned;
            continue;
          }
          ServingOption option;
          option.choice = {as_written, offer, precision, degree, autoscaling};
          option.numbers = pricer_.serving(option.choice, method);
          if (!option.numbers.fits) {
            ++counts_.serving.pruned;
            continue;
          }
          ++counts_.serving.evaluated;
          option.changes = (as_written ? 0 : 1) + (precision != written.precision) + (degree != hosting_gpus_) +
                           (autoscaling != written.autoscaling);
          if (!fastest_serving_ || option.metric() < fastest_serving_->metric()) fastest_serving_ = option;
          if (!option.numbers.meets_latency) continue;
          if (!cheapest_serving_ || preferred(option, *cheapest_serving_)) cheapest_serving_ = option;
          ++counts_.serving.feasible;
          feasible.push_back(option);
        }
      }
    }
  }
}

// The overrides that turn the scenario as written into this plan: the fields that change, plus those
// the loader would otherwise derive differently once others change (an absent provider is the cheapest
// for the GPU and basis; an absent or `auto` GPU count is the smallest that fits; hosting without a GPU
// of its own inherits the training GPU and price). A field is left out when the loader would derive
// the chosen value by itself.
std::vector<PlanChange> PlanSearch::changes_for(const TrainingChoice& t, const ServingChoice& sv) const {
  const Scenario& s = pricer_.base();
  const Scenario& for_method = *pricer_.base_for(t.method);
  std::vector<PlanChange> out;
  auto written = [&](const char* section, const char* key) { return written_text(doc_, section, key); };
  auto change = [&](const char* section, const char* key, const std::string& value, const std::string& resolved) {
    const std::string text = written(section, key);
    out.push_back({fmt::format("{}.{}", section, key), value, text.empty() ? resolved : text, text.empty()});
  };
  // The provider the loader picks when none is written: the cheapest of the basis for that GPU.
  auto default_provider = [&](const GpuOffer& offer) {
    const GpuPrice* price = choose_gpu_price(catalog_, offer.gpu->id, "", offer.basis).price;
    return price && price->usd_per_gpu_hour == offer.usd_per_gpu_hour ? price->provider : std::string();
  };
  auto set_offer = [&](const char* section, const GpuOffer& offer, const Bought& was, bool gpu_written_needed) {
    if (gpu_written_needed ? written(section, "gpu") != offer.gpu->id : offer.gpu->id != was.gpu->id) {
      change(section, "gpu", offer.gpu->id, was.gpu->id);
    }
    const std::string provider = written(section, "provider");
    if (provider.empty() ? default_provider(offer) != offer.provider : provider != offer.provider) {
      change(section, "provider", offer.provider, was.provider);
    }
    const std::string basis = written(section, "price_basis");
    if ((basis.empty() ? "on_demand" : basis) != offer.basis) change(section, "price_basis", offer.basis, was.basis);
  };

  if (t.method != s.training.method) change("training", "method", to_string(t.method), to_string(s.training.method));
  const bool training_moves = !t.as_written && !same_offer(t.offer, training_);
  if (training_moves) set_offer("training", t.offer, training_, false);
  const GpuSpec& training_gpu = t.as_written ? *training_.gpu : *t.offer.gpu;
  const std::string gpus = written("training", "gpus");
  if (!gpus.empty() && gpus != "auto") {
    if (gpus != whole(t.gpus)) change("training", "gpus", whole(t.gpus), gpus);
  } else {
    const TrainingAssumptions assume =
        t.as_written ? s.training.assumptions : training_assumptions(catalog_, training_gpu);
    const int derived =
        auto_gpu_count(shape_for(for_method.model, for_method.training), training_gpu, t.precision, assume).value_or(0);
    if (derived != t.gpus) change("training", "gpus", whole(t.gpus), whole(training_gpus_));
  }
  if (t.precision != s.training.precision) {
    change("training", "precision", to_string(t.precision), to_string(s.training.precision));
  }

  // Hosting: its own GPU and price when they change, or when it inherited training's and training moves.
  const GpuOffer offer =
      sv.as_written ? GpuOffer{hosting_.gpu, hosting_.provider, hosting_.basis, hosting_.usd_per_gpu_hour} : sv.offer;
  const bool hosting_moves = !sv.as_written && !same_offer(sv.offer, hosting_);
  const bool inherits = pricer_.hosting_inherits_training_price();
  if (inherits && (training_moves || hosting_moves)) {
    set_offer("hosting", offer, hosting_, true);
  } else if (hosting_moves) {
    set_offer("hosting", offer, hosting_, false);
  }
  const std::string degree = written("hosting", "gpus_per_replica");
  if (!degree.empty() && degree != "auto") {
    if (degree != whole(sv.gpus_per_replica)) change("hosting", "gpus_per_replica", whole(sv.gpus_per_replica), degree);
  } else {
    const HostingPlan& h = for_method.hosting;
    ServingShape shape = serving_shape_for(for_method.model, sv.precision, h.input_tokens, h.output_tokens);
    add_served_adapters(shape, for_method.model, h.adapters, h.adapter_rank, h.adapter_target_share);
    const ServingAssumptions assume =
        offer.gpu == hosting_.gpu ? h.assumptions : serving_assumptions(catalog_, *offer.gpu, h.engine);
    const int derived = min_gpus_for_serving(shape, *offer.gpu, assume).value_or(0);
    if (derived != sv.gpus_per_replica) {
      change("hosting", "gpus_per_replica", whole(sv.gpus_per_replica), whole(hosting_gpus_));
    }
  }
  if (sv.precision != s.hosting.precision) {
    change("hosting", "precision", to_string(sv.precision), to_string(s.hosting.precision));
  }
  if (sv.autoscaling != s.hosting.autoscaling) {
    change("hosting", "autoscaling", sv.autoscaling ? "true" : "false", s.hosting.autoscaling ? "true" : "false");
  }
  return out;
}

PlanCandidate PlanSearch::numeric_candidate(const TrainingOption& t, const ServingOption& s) const {
  PlanCandidate out;
  out.set = changes_for(t.choice, s.choice);
  out.horizon_total_usd = pricer_.horizon_total(t.numbers, s.numbers);
  out.training_wall_hours = t.numbers.wall_hours;
  out.ms_per_output_token = s.numbers.ms_per_output_token;
  out.time_to_first_token_ms = s.numbers.time_to_first_token_ms;
  out.training_gpus = t.choice.gpus;
  out.gpus_per_replica = s.choice.gpus_per_replica;
  return out;
}

std::string describe(const TrainingChoice& t) {
  return fmt::format("{} × {} {} ({} {}, {})", t.gpus, t.offer.gpu->id, to_string(t.precision), t.offer.provider,
                     t.offer.basis, to_string(t.method));
}

std::string describe(const ServingChoice& s) {
  return fmt::format("{} × {} {} per replica ({} {})", s.gpus_per_replica, s.offer.gpu->id, to_string(s.precision),
                     s.offer.provider, s.offer.basis);
}

// The first constraint, in the order the search applies them, that no candidate meets.
std::optional<PlanInfeasible> PlanSearch::infeasibility(const std::vector<TrainingOption>& training,
                                                        const std::vector<ServingOption>& serving) const {
  auto filters = [&] {
    std::vector<std::string> parts;
    if (!constraints_.gpus.empty()) parts.push_back(fmt::format("--gpus {}", fmt::join(constraints_.gpus, ",")));
    if (!constraints_.providers.empty()) {
      parts.push_back(fmt::format("--providers {}", fmt::join(constraints_.providers, ",")));
    }
    if (!constraints_.exclude_providers.empty()) {
      parts.push_back(fmt::format("--exclude-providers {}", fmt::join(constraints_.exclude_providers, ",")));
    }
    return fmt::format("{}", fmt::join(parts, " "));
  };
  if (training_offers_ == 0 || serving_offers_ == 0) {
    return PlanInfeasible{filters(),
                          fmt::format("no {} GPU price in the catalog passes the filters",
                                      training_offers_ == 0 ? "training" : "serving"),
                          std::nullopt};
  }
  if (!fastest_training_) {
    return PlanInfeasible{"memory fit (training)",
                          "no GPU and count in the search space holds the training run in memory", std::nullopt};
  }
  if (!fastest_serving_) {
    return PlanInfeasible{"memory fit (serving)",
                          "no GPU, precision and tensor-parallel degree holds the model and one sequence",
                          std::nullopt};
  }
  if (serving.empty()) {
    const HostingPlan& h = pricer_.base().hosting;
    const ServingOption& s = *fastest_serving_;
    const TrainingOption& t = training.empty() ? *cheapest_fitting_training_ : *cheapest(training);
    PlanCandidate closest = numeric_candidate(t, s);
    closest.horizon_total_usd = 0;  // not priceable: the model refuses a replica that misses the target
    const bool ttft = h.max_time_to_first_token_ms && s.numbers.ms_per_output_token <= *h.max_ms_per_output_token;
    if (ttft) {
      return PlanInfeasible{fmt::format("hosting.max_time_to_first_token_ms {:g}", *h.max_time_to_first_token_ms),
                            fmt::format("the closest, {}, takes {:.0f} ms to the first token", describe(s.choice),
                                        s.numbers.time_to_first_token_ms),
                            closest};
    }
    return PlanInfeasible{fmt::format("hosting.max_ms_per_output_token {:g}", h.max_ms_per_output_token.value_or(0)),
                          fmt::format("the fastest, {}, takes {:.1f} ms per output token", describe(s.choice),
                                      s.numbers.ms_per_output_token),
                          closest};
  }
  if (training.empty()) {
    const TrainingOption& t = *fastest_training_;
    return PlanInfeasible{fmt::format("--max-training-hours {:g}", constraints_.max_training_hours.value_or(0)),
                          fmt::format("the fastest run, {}, takes {:.3g} h", describe(t.choice), t.numbers.wall_hours),
                          numeric_candidate(t, *cheapest(serving))};
  }
  return std::nullopt;
}

PlanResult PlanSearch::run() {
  PlanResult result;
  const Scenario& s = pricer_.base();
  result.scenario_name = s.name;
  result.horizon_months = s.horizon_months;
  result.constraints = constraints_;
  try {
    result.as_written = pricer_.exact({});
  } catch (const InputError& error) {
    result.as_written_violation = fmt::format("{}: {}", error.field(), error.problem());
  }
  if (result.as_written && !result.as_written_violation) {
    const PlanCandidate& w = *result.as_written;
    if (constraints_.max_training_hours && w.training_wall_hours > *constraints_.max_training_hours) {
      result.as_written_violation = fmt::format("--max-training-hours {:g}", *constraints_.max_training_hours);
    } else if (constraints_.max_total_usd && w.horizon_total_usd > *constraints_.max_total_usd) {
      result.as_written_violation = fmt::format("--max-total {}", format_usd(*constraints_.max_total_usd));
    } else if (!allowed(training_) || !allowed(hosting_)) {
      result.as_written_violation = "the GPU and provider filters";
    } else if (!constraints_.methods.empty() &&
               !std::count(constraints_.methods.begin(), constraints_.methods.end(), s.training.method)) {
      result.as_written_violation = "--methods";
    }
  }

  // Each method's training options; serving once per distinct served-adapter size.
  std::map<TrainingMethod, std::vector<TrainingOption>> training;
  std::map<double, std::vector<ServingOption>> serving;
  std::vector<TrainingOption> all_training;
  std::vector<ServingOption> all_serving;
  for (TrainingMethod method : methods()) {
    search_training(method, training[method]);
    const Scenario& base = *pricer_.base_for(method);
    const double adapter =
        lora_adapter_params(base.model, base.hosting.adapter_rank, base.hosting.adapter_target_share);
    if (!serving.count(adapter)) {
      search_serving(method, serving[adapter]);
      if (constraints_.mix) add_cheapest_mix(serving[adapter]);
    }
  }
  for (const auto& [method, options] : training)
    all_training.insert(all_training.end(), options.begin(), options.end());
  for (const auto& [adapter, options] : serving) all_serving.insert(all_serving.end(), options.begin(), options.end());

  if (auto why = infeasibility(all_training, all_serving)) {
    result.infeasible = why;
    result.counts = counts_;
    return result;
  }

  // Per method: every feasible training plan combines with every feasible serving plan of its adapter size.
  std::vector<Combined> best_per_method;
  std::vector<Combined> cheapest_plans;  // the finalists of `--objective p90`
  std::vector<Combined> frontier_training;
  std::vector<Combined> frontier_latency;
  // A plan's total sums the same lines as `estimate` does (the sides' costs add up to it but for rounding).
  auto total = [&](const TrainingOption* a, const ServingOption* b) {
    return pricer_.horizon_total(a->numbers, b->numbers);
  };
  for (const auto& [method, options] : training) {
    const Scenario& base = *pricer_.base_for(method);
    const auto& served =
        serving.at(lora_adapter_params(base.model, base.hosting.adapter_rank, base.hosting.adapter_target_share));
    if (options.empty() || served.empty()) continue;
    counts_.plans_compared += static_cast<long long>(options.size() * served.size());
    const TrainingOption* t = cheapest(options);
    const ServingOption* sv = cheapest(served);
    best_per_method.push_back({t, sv, total(t, sv)});
    for (const TrainingOption* point : pareto(options)) {
      frontier_training.push_back({point, sv, total(point, sv)});
    }
    for (const ServingOption* point : pareto(served)) {
      frontier_latency.push_back({t, point, total(t, point)});
    }
    if (objective_.kind == PlanObjectiveKind::p90) {
      // The sides add up, and a range usually moves one side: the cheapest few of each side, each
      // with the other side's cheapest.
      const auto k = static_cast<std::size_t>(plan_p90_finalists_per_side);
      for (const TrainingOption* a : cheapest_few(options, k)) cheapest_plans.push_back({a, sv, total(a, sv)});
      for (const ServingOption* b : cheapest_few(served, k)) cheapest_plans.push_back({t, b, total(t, b)});
    }
  }
  if (best_per_method.empty()) {
    result.infeasible =
        PlanInfeasible{"--methods", "no method leaves both a training and a serving plan", std::nullopt};
    result.counts = counts_;
    return result;
  }
  const Combined best = *std::min_element(best_per_method.begin(), best_per_method.end(), plan_better);
  if (constraints_.max_total_usd && best.total > *constraints_.max_total_usd * (1 + 1e-12)) {
    PlanCandidate closest = priced(*best.training, *best.serving);
    result.infeasible =
        PlanInfeasible{fmt::format("--max-total {}", format_usd(*constraints_.max_total_usd)),
                       fmt::format("the cheapest plan costs {}", format_usd(closest.horizon_total_usd)), closest};
    result.counts = counts_;
    return result;
  }

  // Every number shown is the `--set` route's.
  result.best = priced(*best.training, *best.serving);
  result.best->numeric_total_usd = best.total;
  if (result.as_written && !result.as_written_violation &&
      result.as_written->horizon_total_usd < result.best->horizon_total_usd) {
    result.best = result.as_written;  // a rounding tie: keep the scenario as written
  }
  auto frontier = [&](std::vector<Combined>& points, auto metric, std::vector<PlanCandidate>& out) {
    std::sort(points.begin(), points.end(), plan_better);
    double best_metric = std::numeric_limits<double>::infinity();
    for (const Combined& point : points) {
      if (constraints_.max_total_usd && point.total > *constraints_.max_total_usd) break;
      if (!(metric(point) < best_metric * (1 - 1e-9))) continue;
      best_metric = metric(point);
      PlanCandidate candidate = priced(*point.training, *point.serving);
      candidate.numeric_total_usd = point.total;
      out.push_back(std::move(candidate));
    }
  };
  frontier(
      frontier_training, [](const Combined& c) { return c.training->metric(); }, result.frontier_training);
  frontier(
      frontier_latency, [](const Combined& c) { return c.serving->metric(); }, result.frontier_latency);
  if (objective_.kind == PlanObjectiveKind::p90) choose_by_p90(result, cheapest_plans);
  result.counts = counts_;
  return result;
}

// `--mix`: the cheapest fleet of two GPU types that carries the peak, when it is cheaper than every
// single-type fleet. Each type is a feasible always-on serving option (its replica meets the latency
// targets on its own); a type another beats on both replica price and capacity never helps, so only
// the others are paired. For types a and b, every count n_a from 1 up to what carries the traffic
// alone, with the fewest n_b ≥ 1 that carries the rest (n_a·q_a + n_b·q_b ≥ queries at the peak) and
// keeps n_a + n_b ≥ min_replicas.
void PlanSearch::add_cheapest_mix(std::vector<ServingOption>& feasible) {
  const Scenario& s = pricer_.base();
  const double queries = s.hosting.queries_per_month;
  const double min_replicas = s.hosting.min_replicas;
  std::vector<const ServingOption*> types;
  for (const auto& option : feasible) {
    if (!option.choice.autoscaling && !option.mix && option.numbers.queries_per_replica_month > 0) {
      types.push_back(&option);
    }
  }
  std::sort(types.begin(), types.end(), [](const ServingOption* a, const ServingOption* b) {
    if (a->numbers.replica_monthly_usd != b->numbers.replica_monthly_usd) {
      return a->numbers.replica_monthly_usd < b->numbers.replica_monthly_usd;
    }
    if (a->numbers.queries_per_replica_month != b->numbers.queries_per_replica_month) {
      return a->numbers.queries_per_replica_month > b->numbers.queries_per_replica_month;
    }
    return preferred(*a, *b);
  });
  std::vector<const ServingOption*> useful;
  double most = 0;
  for (const ServingOption* type : types) {
    if (type->numbers.queries_per_replica_month > most) {
      useful.push_back(type);
      most = type->numbers.queries_per_replica_month;
    }
  }
  const ServingOption* single = cheapest(feasible);
  double best_cost = single ? single->cost() : std::numeric_limits<double>::infinity();
  std::optional<ServingOption> best;
  for (const ServingOption* a : useful) {
    for (const ServingOption* b : useful) {
      if (a->choice.offer.gpu == b->choice.offer.gpu) continue;  // two GPU types
      const double qa = a->numbers.queries_per_replica_month, qb = b->numbers.queries_per_replica_month;
      const int most_a = static_cast<int>(std::max(std::ceil(queries / qa), min_replicas));
      for (int na = 1; na <= most_a; ++na) {
        ++counts_.mixes_compared;
        const double rest = queries - na * qa;
        const int nb = static_cast<int>(std::max({1.0, rest > 0 ? std::ceil(rest / qb) : 0.0, min_replicas - na}));
        const ServingNumbers fleet = pricer_.mixed_fleet(a->numbers, na, b->numbers, nb);
        if (fleet.horizon_usd < best_cost && !same_cost(fleet.horizon_usd, best_cost)) {
          best_cost = fleet.horizon_usd;
          best = *a;
          best->mix = MixedFleet{b->choice, b->numbers, na, nb};
          best->numbers = fleet;
          best->numbers.ms_per_output_token = std::max(a->numbers.ms_per_output_token, b->numbers.ms_per_output_token);
          best->numbers.time_to_first_token_ms =
              std::max(a->numbers.time_to_first_token_ms, b->numbers.time_to_first_token_ms);
          best->changes = a->changes + 1;
        }
      }
    }
  }
  if (best) feasible.push_back(*best);
}

FleetPart PlanSearch::fleet_part(const ServingChoice& choice, const PlanCandidate& alone, int replicas) const {
  const GpuOffer offer = choice.as_written
                             ? GpuOffer{hosting_.gpu, hosting_.provider, hosting_.basis, hosting_.usd_per_gpu_hour}
                             : choice.offer;
  return {offer.gpu->id,
          offer.provider,
          offer.basis,
          to_string(choice.precision),
          choice.gpus_per_replica,
          replicas,
          alone.replica_monthly_usd,
          alone.queries_per_replica_month,
          alone.ms_per_output_token};
}

// A plan priced by the `--set` route. A mixed fleet (which no scenario can write): the lines of the
// plan with the first type's fleet alone, its serving-GPU line replaced by one per type
// (CandidatePricer::exact_mix), the second type's replica price and capacity read from the plan with
// its fleet alone.
PlanCandidate PlanSearch::priced(const TrainingOption& t, const ServingOption& s) {
  if (!s.mix) {
    ++counts_.exact_repricings;
    return pricer_.exact(changes_for(t.choice, s.choice));
  }
  const MixedFleet& mix = *s.mix;
  PlanCandidate out = pricer_.exact_mix(changes_for(t.choice, s.choice), mix.replicas, changes_for(t.choice, mix.other),
                                        mix.other_replicas);
  const PlanCandidate other = pricer_.exact(changes_for(t.choice, mix.other));
  counts_.exact_repricings += 2;
  out.mix = {fleet_part(s.choice, out, mix.replicas), fleet_part(mix.other, other, mix.other_replicas)};
  out.replicas = mix.replicas + mix.other_replicas;
  out.ms_per_output_token = std::max(out.ms_per_output_token, other.ms_per_output_token);
  out.time_to_first_token_ms = std::max(out.time_to_first_token_ms, other.time_to_first_token_ms);
  return out;
}

// The p90 of the self-hosted horizon total of the plan `set`: Monte Carlo on the scenario `estimate
// --set` would price, with the seed of every finalist (common random numbers: plans differ only by
// what they change). Empty when every sample is infeasible.
std::optional<double> PlanSearch::p90_of(const std::vector<PlanChange>& set) const {
  try {
    const Scenario s = pricer_.scenario_for(set);
    const Report report = build_report(s);
    std::mt19937_64 engine(objective_.seed);
    const UncertaintyResult run = run_monte_carlo(s, report, objective_.samples, engine);
    return run.options.front().horizon_total.p90;
  } catch (const InputError&) {
    return std::nullopt;
  }
}

// `--objective p90`: the finalists are, per method, the plan_p90_finalists_per_side cheapest training
// options (with the cheapest serving) and serving options (with the cheapest training) by point total
// within --max-total, every frontier entry and the scenario as written (when it meets the
// constraints); the best is the lowest p90, ties to the shorter training run, then to fewer changes.
void PlanSearch::choose_by_p90(PlanResult& result, const std::vector<Combined>& cheapest_plans) {
  std::vector<Combined> sorted = cheapest_plans;
  std::sort(sorted.begin(), sorted.end(), plan_better);
  std::vector<PlanCandidate*> finalists;
  std::vector<PlanCandidate> extra;
  extra.reserve(cheapest_plans.size() + 1);  // `finalists` points into it
  std::set<std::vector<std::string>> seen;
  auto add = [&](PlanCandidate& candidate) {
    if (seen.insert(plan_set_arguments(candidate)).second) finalists.push_back(&candidate);
  };
  if (result.best) add(*result.best);
  for (auto& c : result.frontier_training) add(c);
  for (auto& c : result.frontier_latency) add(c);
  if (result.as_written && !result.as_written_violation) {
    extra.push_back(*result.as_written);
    add(extra.back());
  }
  for (const Combined& plan : sorted) {
    if (constraints_.max_total_usd && plan.total > *constraints_.max_total_usd) break;
    std::vector<PlanChange> set = changes_for(plan.training->choice, plan.serving->choice);
    PlanCandidate probe;
    probe.set = set;
    if (seen.count(plan_set_arguments(probe))) continue;  // the best plan or a frontier entry
    PlanCandidate candidate = pricer_.exact(set);
    candidate.numeric_total_usd = plan.total;
    ++counts_.exact_repricings;
    extra.push_back(std::move(candidate));
    add(extra.back());
  }
  const PlanCandidate* best = nullptr;
  for (PlanCandidate* candidate : finalists) {
    candidate->p90_horizon_total_usd = p90_of(candidate->set);
    ++result.finalists;
    if (!candidate->p90_horizon_total_usd) continue;
    if (!best) {
      best = candidate;
      continue;
    }
    const double a = *candidate->p90_horizon_total_usd, b = *best->p90_horizon_total_usd;
    if (!same_cost(a, b) ? a < b
        : candidate->training_wall_hours != best->training_wall_hours
            ? candidate->training_wall_hours < best->training_wall_hours
            : candidate->set.size() < best->set.size()) {
      best = candidate;
    }
  }
  // A plan met twice (the best plan heads both frontiers; the scenario as written may be a frontier
  // entry) was run once: every copy shows its p90. Read before the best is replaced, since the
  // first finalist is the point optimum in place.
  std::map<std::vector<std::string>, std::optional<double>> p90_by_set;
  for (const PlanCandidate* candidate : finalists)
    p90_by_set[plan_set_arguments(*candidate)] = candidate->p90_horizon_total_usd;
  if (best) {
    PlanCandidate chosen = *best;
    result.best = std::move(chosen);
  }
  auto fill = [&](PlanCandidate& candidate) {
    const auto found = p90_by_set.find(plan_set_arguments(candidate));
    if (found != p90_by_set.end()) candidate.p90_horizon_total_usd = found->second;
  };
  if (result.best) fill(*result.best);
  if (result.as_written) fill(*result.as_written);
  for (auto& c : result.frontier_training) fill(c);
  for (auto& c : result.frontier_latency) fill(c);
}

}  // namespace

PlanResult search_plan(const Document& doc, const Catalog& catalog, const PlanConstraints& constraints,
                       const PlanObjective& objective) {
  PlanResult result = PlanSearch(doc, catalog, constraints, objective).run();
  result.objective = objective;
  return result;
}

std::vector<std::string> plan_set_arguments(const PlanCandidate& candidate) {
  std::vector<std::string> out;
  for (const auto& change : candidate.set) out.push_back(change.path + "=" + change.value);
  return out;
}

}  // namespace ftcost
