// `calibrate --fit`: utilisation defaults fitted to the user's own measurements.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <type_traits>

#include "ftcost/calibrate/calibration.hpp"
#include "ftcost/scenario/assumptions.hpp"

namespace ftcost {

namespace {

DefaultValue& mutable_default(Catalog& catalog, const std::string& id) {
  for (DefaultValue& value : catalog.defaults) {
    if (value.id == id) return value;
  }
  throw std::logic_error("the catalog has no default '" + id + "'");
}

// Measured over predicted throughput: above 1 means the default is too pessimistic.
double speed_ratio(const CaseResult& r) {
  if (r.predicted <= 0 || r.measured <= 0) return 1;
  return r.metric == "gpu_hours" ? r.predicted / r.measured : r.measured / r.predicted;
}

// The median, robust to the odd case run on an unusual stack.
double median(std::vector<double> values) {
  if (values.empty()) return 1.0;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

const TrainingCase& case_of(const TrainingCase* c) { return *c; }
const ServingCase& case_of(const ServingCase& c) { return c; }

// Sum of |log(predicted / measured)|: absolute rather than squared, so one outlier cannot pull the
// defaults away from every other case; a source of n cases weighs √n, so one benchmark suite with
// many rows (and one set-up) cannot outvote the others, nor one odd case a whole suite; a serving
// case counts by its stated confidence (ServingCase::fit_weight); and a case the defaults make
// impossible (nothing fits) counts as a thousandfold miss.
template <class Cases>
double log_error(const Cases& cases, const Catalog& catalog) {
  std::map<std::string, int> per_source;
  for (const auto& item : cases) ++per_source[source_group(case_of(item).source)];
  double sum = 0;
  for (const auto& item : cases) {
    const auto& c = case_of(item);
    double weight = 1;
    CaseResult r;
    if constexpr (std::is_same_v<std::decay_t<decltype(c)>, ServingCase>) {
      weight = c.fit_weight;
      r = predict_serving(c, catalog);
    } else {
      r = predict_training(c, catalog);
    }
    const double ratio = r.predicted > 0 && r.measured > 0 ? r.predicted / r.measured : 1e-3;
    sum += weight * std::abs(std::log(ratio)) / std::sqrt(per_source[source_group(c.source)]);
  }
  return sum;
}

constexpr int training_rounds = 6;  // the GPU count of whole runs moves with the MFU: iterate
constexpr int search_rounds = 12;   // at most; the search stops when no knob moves
constexpr int grid_points = 100;
constexpr double min_share = 0.02;
constexpr double max_share = 1.0;
constexpr double max_overhead_ms = 50;
// A recomputed forward costs at most a whole forward (every FLOP again) and, measured, well over a
// tenth of one; steps of 0.05.
constexpr double min_recompute_cost = 0.1;
constexpr int recompute_grid_points = 18;

}  // namespace

namespace {

// The knob rule: a default moves only on at least three measurements from at least two sources;
// with less, one lab's set-up would become everyone's default.
constexpr std::size_t min_cases = 3;
constexpr std::size_t min_sources = 2;

struct Evidence {
  std::map<std::string, std::vector<double>> ratios_by_source;
  std::size_t cases = 0;
  void add(const std::string& source, double ratio) {
    ratios_by_source[source_group(source)].push_back(ratio);
    ++cases;
  }
  bool enough() const { return cases >= min_cases && ratios_by_source.size() >= min_sources; }
  // One vote per source: the median of the sources' medians.
  double ratio() const {
    std::vector<double> medians;
    for (const auto& entry : ratios_by_source) medians.push_back(median(entry.second));
    return median(medians);
  }
};

// What recomputing a checkpointed layer costs: the grid value whose predictions of the dense runs
// that recompute sit closest to their measurements (Σ |log(predicted/measured)|, a source of n cases
// weighing 1/√n), with the matmul efficiencies as they stand. False (nothing changed) without at
// least three such runs from two sources.
bool fit_recompute_cost(const std::vector<TrainingCase>& cases, Catalog& fitted) {
  std::vector<const TrainingCase*> recomputing;
  std::set<std::string> sources;
  for (const TrainingCase& c : cases) {
    const CaseResult r = predict_training(c, fitted);
    if (r.moe || r.recompute_share <= 0) continue;
    recomputing.push_back(&c);
    sources.insert(source_group(c.source));
  }
  if (recomputing.size() < min_cases || sources.size() < min_sources) return false;
  DefaultValue& value = mutable_default(fitted, "training.recompute_cost");
  double best_value = value.value;
  double best_error = std::numeric_limits<double>::infinity();
  for (int i = 0; i <= recompute_grid_points; ++i) {
    value.value = min_recompute_cost + (1.0 - min_recompute_cost) * i / recompute_grid_points;
    const double error = log_error(recomputing, fitted);
    if (error < best_error - 1e-12) {
      best_error = error;
      best_value = value.value;
    }
  }
  value.value = best_value;
  return true;
}

// The serving engines with enough cases (and sources) of their own for an overhead of their own.
// In a cross-validation fold the others' entries take the all-engine value (what they would get
// without one); `--fit` leaves them as they are.
std::set<std::string> engines_with_evidence(const std::vector<ServingCase>& cases, const Catalog& catalog) {
  std::set<std::string> out;
  for (const std::string& engine : serving_engines()) {
    if (!catalog.find_default("serving.step_overhead_ms." + engine)) continue;
    std::size_t count = 0;
    std::set<std::string> sources;
    for (const ServingCase& c : cases) {
      if (c.engine != engine) continue;
      ++count;
      sources.insert(source_group(c.source));
    }
    if (count >= min_cases && sources.size() >= min_sources) out.insert(engine);
  }
  return out;
}

}  // namespace

std::vector<DefaultValue> fit_defaults(const CalibrationSet& set, const Catalog& catalog, const std::string& as_of,
                                       FitStart start) {
  Catalog fitted = catalog;
  if (start == FitStart::priors) {
    for (DefaultValue& value : fitted.defaults) {
      if (value.prior) value.value = *value.prior;
    }
  }
  std::set<std::string> changed;

  // Training: the matmul efficiency of each default the dense cases used (the time model is not
  // linear in it: iterate), then the mixture-of-experts share on top.
  for (int round = 0; round < training_rounds; ++round) {
    std::map<std::string, Evidence> evidence;
    for (const TrainingCase& c : set.training) {
      const CaseResult r = predict_training(c, fitted);
      if (!r.moe) evidence[r.default_id].add(c.source, speed_ratio(r));
    }
    for (const auto& [id, e] : evidence) {
      if (!e.enough()) continue;
      DefaultValue& value = mutable_default(fitted, id);
      value.value = std::clamp(value.value * e.ratio(), min_share, max_share);
      changed.insert(id);
    }
    if (fit_recompute_cost(set.training, fitted)) changed.insert("training.recompute_cost");
  }
  for (int round = 0; round < training_rounds; ++round) {
    Evidence moe;
    for (const TrainingCase& c : set.training) {
      const CaseResult r = predict_training(c, fitted);
      if (r.moe) moe.add(c.source, speed_ratio(r));
    }
    if (!moe.enough()) break;
    DefaultValue& value = mutable_default(fitted, "training.moe_efficiency");
    value.value = std::clamp(value.value * moe.ratio(), min_share, max_share);
    changed.insert(value.id);
  }

  // Serving: coordinate search over the compute efficiency and the per-step overheads, each on
  // enough evidence. The bandwidth decode reaches is measured by streaming benchmarks, not fitted
  // (serving.bandwidth_efficiency): left free, a fold without the TensorRT-LLM tables traded it
  // down to about 0.6 against the overheads. The efficiency is the kernels' and is fitted with
  // every case at its engine's overhead; the all-engine overhead is fitted on every case as if its engine were unknown
  // (what a scenario without hosting.engine gets); an engine with too few cases takes that value.
  std::set<std::string> serving_sources;
  for (const ServingCase& c : set.serving) serving_sources.insert(source_group(c.source));
  std::vector<ServingCase> any_engine = set.serving;
  for (ServingCase& c : any_engine) c.engine.clear();
  if (set.serving.size() >= min_cases && serving_sources.size() >= min_sources) {
    struct Knob {
      std::string id;
      double low;
      double high;
      const std::vector<ServingCase>* cases;
    };
    std::vector<Knob> knobs;
    std::map<std::string, Evidence> compute;
    for (const ServingCase& c : set.serving) {
      compute[predict_serving(c, fitted).default_id].add(c.source, 1);
    }
    for (const auto& [id, e] : compute) {
      if (e.enough()) knobs.push_back({id, min_share, max_share, &set.serving});
    }
    const std::set<std::string> engines = engines_with_evidence(set.serving, fitted);
    for (const std::string& engine : engines) {
      knobs.push_back({"serving.step_overhead_ms." + engine, 0, max_overhead_ms, &set.serving});
    }
    knobs.push_back({"serving.step_overhead_ms", 0, max_overhead_ms, &any_engine});
    // From the priors (cross-validation), an engine the other folds say too little about takes the
    // all-engine value, what a scenario naming it would get without an entry; from the catalog's
    // values (`--fit`), its entry stays as shipped and out of the result.
    auto follow_all_engines = [&] {
      if (start != FitStart::priors) return;
      const double all_engines = required_default(fitted, "serving.step_overhead_ms").value;
      for (const std::string& engine : serving_engines()) {
        const std::string id = "serving.step_overhead_ms." + engine;
        if (fitted.find_default(id) && !engines.contains(engine)) mutable_default(fitted, id).value = all_engines;
      }
    };
    // Until no knob moves: from the priors (cross-validation) the overheads and efficiencies trade
    // off against each other for several rounds.
    bool moved = true;
    for (int round = 0; round < search_rounds && moved; ++round) {
      moved = false;
      for (const Knob& knob : knobs) {
        follow_all_engines();
        DefaultValue& value = mutable_default(fitted, knob.id);
        const double start_value = value.value;
        double best_value = value.value;
        double best_error = log_error(*knob.cases, fitted);
        for (int i = 0; i <= grid_points; ++i) {
          value.value = knob.low + (knob.high - knob.low) * i / grid_points;
          const double error = log_error(*knob.cases, fitted);
          if (error < best_error - 1e-12) {
            best_error = error;
            best_value = value.value;
          }
        }
        value.value = best_value;
        moved = moved || best_value != start_value;
      }
    }
    follow_all_engines();
    for (const Knob& knob : knobs) changed.insert(knob.id);
  }

  // Defaults reset to their priors but not refitted keep the prior: they are part of the result.
  if (start == FitStart::priors) {
    for (const DefaultValue& value : fitted.defaults) {
      if (value.prior) changed.insert(value.id);
    }
  }
  std::vector<DefaultValue> out;
  for (const std::string& id : changed) {
    DefaultValue value = mutable_default(fitted, id);
    const double before = required_default(catalog, id).value;
    value.source = {fmt::format("ftcost calibrate --fit {} ({} training, {} serving cases)", set.file,
                                set.training.size(), set.serving.size()),
                    as_of, fmt::format("shipped default {:.4g}", before)};
    out.push_back(value);
  }
  return out;
}

Catalog with_defaults(Catalog catalog, const std::vector<DefaultValue>& fitted) {
  for (const DefaultValue& value : fitted) mutable_default(catalog, value.id).value = value.value;
  return catalog;
}

std::string defaults_overlay(const std::vector<DefaultValue>& defaults) {
  nlohmann::ordered_json doc;
  doc["format"] = "ftcost-catalog/1";
  doc["defaults"] = nlohmann::ordered_json::array();
  for (const DefaultValue& value : defaults) {
    nlohmann::ordered_json entry;
    entry["id"] = value.id;
    entry["value"] = std::stod(fmt::format("{:.4g}", value.value));
    entry["unit"] = value.unit;
    entry["description"] = value.description;
    entry["source"] = value.source.text;
    entry["as_of"] = value.source.as_of;
    entry["note"] = value.source.note;
    doc["defaults"].push_back(entry);
  }
  return doc.dump(1) + "\n";
}

}  // namespace ftcost
