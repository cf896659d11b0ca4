// `calibrate --fit`: utilisation defaults fitted to the user's own measurements.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "ftcost/calibrate/calibration.hpp"

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

// Sum of |log(predicted / measured)|: absolute rather than squared, so one outlier cannot pull the
// defaults away from every other case.
double log_error(const std::vector<ServingCase>& cases, const Catalog& catalog) {
  double sum = 0;
  for (const ServingCase& c : cases) {
    const CaseResult r = predict_serving(c, catalog);
    const double ratio = r.predicted > 0 ? r.predicted / r.measured : 1e-3;
    sum += std::abs(std::log(ratio));
  }
  return sum;
}

constexpr int training_rounds = 3;  // the GPU count of whole runs moves with the MFU: iterate
constexpr int search_rounds = 3;
constexpr int grid_points = 100;
constexpr double min_share = 0.02;
constexpr double max_share = 1.0;
constexpr double max_overhead_ms = 50;

}  // namespace

std::vector<DefaultValue> fit_defaults(const CalibrationSet& set, const Catalog& catalog, const std::string& as_of) {
  Catalog fitted = catalog;
  std::set<std::string> changed;

  // Training: MFU of each default the full-training cases used, then the PEFT factor on top.
  for (int round = 0; round < training_rounds; ++round) {
    std::map<std::string, std::vector<double>> ratios;
    for (const TrainingCase& c : set.training) {
      const CaseResult r = predict_training(c, fitted);
      if (!r.peft) ratios[r.default_id].push_back(speed_ratio(r));
    }
    for (const auto& [id, values] : ratios) {
      DefaultValue& value = mutable_default(fitted, id);
      value.value = std::clamp(value.value * median(values), min_share, max_share);
      changed.insert(id);
    }
  }
  std::vector<double> peft;
  for (const TrainingCase& c : set.training) {
    const CaseResult r = predict_training(c, fitted);
    if (r.peft) peft.push_back(speed_ratio(r));
  }
  if (!peft.empty()) {
    DefaultValue& value = mutable_default(fitted, "training.peft_mfu_factor");
    value.value = std::clamp(value.value * median(peft), min_share, 2.0);
    changed.insert(value.id);
  }

  // Serving: coordinate search over the efficiencies and the per-step overhead.
  if (!set.serving.empty()) {
    std::vector<std::pair<std::string, std::pair<double, double>>> knobs = {
        {"serving.bandwidth_efficiency", {min_share, max_share}}, {"serving.step_overhead_ms", {0, max_overhead_ms}}};
    std::set<std::string> compute_ids;
    for (const ServingCase& c : set.serving) compute_ids.insert(predict_serving(c, fitted).default_id);
    for (const std::string& id : compute_ids) knobs.push_back({id, {min_share, max_share}});
    for (int round = 0; round < search_rounds; ++round) {
      for (const auto& [id, range] : knobs) {
        DefaultValue& value = mutable_default(fitted, id);
        double best_value = value.value;
        double best_error = log_error(set.serving, fitted);
        for (int i = 0; i <= grid_points; ++i) {
          value.value = range.first + (range.second - range.first) * i / grid_points;
          const double error = log_error(set.serving, fitted);
          if (error < best_error - 1e-12) {
            best_error = error;
            best_value = value.value;
          }
        }
        value.value = best_value;
      }
    }
    for (const auto& knob : knobs) changed.insert(knob.first);
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
