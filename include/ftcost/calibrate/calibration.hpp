#pragma once
// `ftcost calibrate`: published (or the user's own) measurements in the `ftcost-calibration/1`
// format, run through the same training and serving models `estimate` uses, with catalog defaults
// and no per-case tuning; and a fit of the utilisation defaults to those measurements.
#include <optional>
#include <string>
#include <vector>

#include "ftcost/catalog/catalog.hpp"
#include "ftcost/util/document.hpp"

namespace ftcost {

inline constexpr const char* calibration_format = "ftcost-calibration/1";

struct TrainingCase {
  std::string id;
  double params = 0;
  std::optional<double> active_params;
  std::string method;  // pretrain | full | lora | qlora
  GpuSpec gpu;
  std::optional<int> gpu_count;
  Precision precision = Precision::bf16;
  std::optional<double> seq_len;
  // Either a steady-state throughput or a whole run (tokens and GPU-hours).
  std::optional<double> tokens_per_s_per_gpu;
  std::optional<double> tokens;
  std::optional<double> gpu_hours;
};

struct ServingCase {
  std::string id;
  double params = 0;
  std::optional<double> active_params;
  GpuSpec gpu;
  int gpu_count = 1;
  Precision precision = Precision::fp16;
  std::optional<double> concurrency;
  std::optional<double> input_tokens;
  std::optional<double> output_tokens;
  double output_tokens_per_s_per_gpu = 0;
};

struct CalibrationSet {
  std::string file;
  std::vector<TrainingCase> training;
  std::vector<ServingCase> serving;
};

// Throws InputError naming file:line:col and the field (e.g. training[3].gpu).
CalibrationSet load_calibration(const Document& doc, const Catalog& catalog);

// The dimensions a bare parameter count stands for: the closest catalog model when within
// `calibration.model_match_tolerance`, else the scaling rule params = 12 · layers · hidden² with
// hidden = `calibration.hidden_per_layer` · layers (multi-head attention, 32k vocabulary).
ModelSpec model_for_params(double params, std::optional<double> active_params, const Catalog& catalog);

struct CaseResult {
  std::string id;
  std::string metric;  // tokens_per_s_per_gpu, gpu_hours or output_tokens_per_s_per_gpu
  double predicted = 0;
  double measured = 0;
  std::string detail;       // model dimensions and utilisation used, for people
  std::string default_id;   // the utilisation default the case used (training.mfu.*, serving.compute_efficiency.*)
  bool peft = false;
  double error() const { return measured != 0 ? (predicted - measured) / measured : 0; }
};

struct CalibrationSummary {
  std::size_t cases = 0;
  double median_abs_error = 0;  // a share: 0.1 = 10%
  double within_25 = 0;         // share of cases within ±25%
  double within_50 = 0;
};
CalibrationSummary summarise(const std::vector<CaseResult>& results);

struct CalibrationReport {
  std::vector<CaseResult> training;
  std::vector<CaseResult> serving;
  CalibrationSummary training_summary;
  CalibrationSummary serving_summary;
};

CaseResult predict_training(const TrainingCase& c, const Catalog& catalog);
CaseResult predict_serving(const ServingCase& c, const Catalog& catalog);
CalibrationReport run_calibration(const CalibrationSet& set, const Catalog& catalog);

// Utilisation defaults fitted to the set: training MFU per default id the cases used (scaled by the
// median of measured/predicted), the PEFT factor, and serving bandwidth/compute efficiencies and
// per-step overhead (coordinate search on the sum of |log(predicted/measured)|). Values the set says nothing about
// are left out.
std::vector<DefaultValue> fit_defaults(const CalibrationSet& set, const Catalog& catalog, const std::string& as_of);

// An `ftcost-catalog/1` overlay with a `defaults` section, for `estimate --catalog`.
std::string defaults_overlay(const std::vector<DefaultValue>& defaults);

}  // namespace ftcost
