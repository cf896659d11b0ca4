#pragma once
// `ftcost calibrate`: published (or the user's own) measurements in the `ftcost-calibration/1`
// format, run through the same training and serving models `estimate` uses, with catalog defaults
// and no per-case tuning; and a fit of the utilisation defaults to those measurements.
#include <optional>
#include <string>
#include <vector>

#include "ftcost/catalog/catalog.hpp"
#include "ftcost/scenario/scenario.hpp"
#include "ftcost/util/document.hpp"

namespace ftcost {

inline constexpr const char* calibration_format = "ftcost-calibration/1";

// What a case may say about its model beyond the parameter counts: a catalog name, or dimensions
// that pin down a shape.
struct ModelHint {
  std::optional<std::string> model;
  std::optional<int> layers;
  std::optional<int> hidden_size;
  std::optional<int> experts;
  std::optional<int> experts_per_token;
};

struct TrainingCase {
  std::string id;
  std::string source;  // groups cases for leave-one-source-out cross-validation
  double params = 0;
  std::optional<double> active_params;
  ModelHint hint;
  std::string method;  // pretrain | full | lora | qlora
  GpuSpec gpu;
  std::optional<int> gpu_count;
  Precision precision = Precision::bf16;
  std::optional<double> seq_len;
  // The run checkpointed every layer's activations (its recipe turned gradient checkpointing on),
  // whether or not its memory needed it; unset: the memory plan decides.
  bool activation_checkpointing = false;
  // The recipe computes the loss in chunks from bf16 logits (TrainingPlan::chunked_loss).
  bool chunked_loss = false;
  // Packed examples with document-masked attention (xtuner's use_varlen_attn): the tokens a token's
  // attention spans (TrainingPlan::attention_span); unset, the sequence.
  std::optional<double> attention_span;
  // The attention kernel the run's stack used (TrainingPlan::attention_kernel); unset, fused.
  std::optional<AttentionKernel> attention_kernel;
  // Sequences per GPU in one pass (the recipe's per-device batch size); unset: as many as fit.
  std::optional<double> micro_batch;
  // Either a steady-state throughput or a whole run (tokens and GPU-hours).
  std::optional<double> tokens_per_s_per_gpu;
  std::optional<double> tokens;
  std::optional<double> gpu_hours;
  // How the case was read where it left something out or said it another way ("precision not
  // stated: bf16", "active_params 37B from deepseek-v3"): shown with its prediction.
  std::vector<std::string> assumed;
};

struct ServingCase {
  std::string id;
  std::string source;
  double params = 0;
  std::optional<double> active_params;
  ModelHint hint;
  GpuSpec gpu;
  // Unset: the fewest GPUs (a power of two) that hold the model, chosen when the file is read.
  std::optional<int> gpu_count;
  Precision precision = Precision::fp16;
  std::optional<double> concurrency;
  std::optional<double> input_tokens;
  std::optional<double> output_tokens;
  // Measured on decode-only GPUs (prefill/decode disaggregation): prompts were prefilled elsewhere.
  bool decode_only = false;
  // Measured offline (the engine's batch API, no HTTP server): the case's `offline`, else whether
  // its source says "offline". Engines whose API server shares the decode loop's process (vLLM
  // before 0.6) spend less per step offline.
  bool offline = false;
  // The serving engine measured (serving_engines()): the case's `engine`, else the one its source
  // names; "" = not known.
  std::string engine;
  double output_tokens_per_s_per_gpu = 0;
  double fit_weight = 1;             // from `confidence`: high (or unstated) 1, medium 0.5, low 0.25
  std::vector<std::string> assumed;  // as TrainingCase::assumed
  std::string entry;                 // where the case sits, for a message set_aside_unplaceable gives
  SourceLocation where;              // (e.g. serving[3], file:line:col of its GPU count or GPU)
};

// A well-formed case that names what the catalog lacks (a GPU, a model, a precision the GPU has no
// rate for): it cannot be predicted, so it is set aside and reported rather than sinking the file.
struct UnscoredCase {
  std::string kind;  // "training" or "serving"
  std::string id;
  SourceLocation where;
  std::string field;  // e.g. training[3].gpu
  std::string problem;
  std::string fix;
};

struct CalibrationSet {
  std::string file;
  std::vector<TrainingCase> training;
  std::vector<ServingCase> serving;
  std::vector<UnscoredCase> unscored;
  // Keys of a case that are neither fields calibrate reads nor text for people, nor a misspelling of
  // a field ("training[].batch_size"): accepted and not used; the CLI says so on stderr.
  std::vector<std::string> ignored_fields;
};

// Throws InputError naming file:line:col for a file that is not a calibration file (not a mapping,
// no or another `format`, cases not in a list, no cases at all). A case that cannot be predicted —
// a malformed field, a GPU or precision the catalog lacks, a method the models do not cover, a
// serving case whose model fits on none of its GPUs — goes to `unscored` with the field and why.
CalibrationSet load_calibration(const Document& doc, const Catalog& catalog);
// Gives each serving case without a GPU count the fewest GPUs (1, 2, 4, … 64) that hold its model,
// and moves a serving case whose model fits on none of them, or not on its stated count, to
// `unscored`: its prediction would be no throughput at all. (Part of load_calibration.)
void set_aside_unplaceable(CalibrationSet& set, const Catalog& catalog);

// The architecture a case stands for. A named catalog model; else the closest catalog model of the
// same kind (dense, or mixture of experts with matching active parameters) within
// `calibration.model_match_tolerance` whose given dimensions agree; else a scaling rule: a dense
// model's shape from its parameters (params = 12 · layers · hidden² + a tied `model.vocab_size`
// vocabulary × hidden, hidden / layers = `calibration.hidden_per_layer` · (params / 7B) ^
// `calibration.hidden_per_layer_exponent`, a given dimension kept and the other solved for,
// multi-head attention with `model.head_dim`); a mixture of
// experts' shape from its ACTIVE parameters, with grouped-query attention and its experts sized from
// total − active. Never a mixture of experts onto a dense shape or the reverse.
ModelSpec model_for_case(double params, std::optional<double> active_params, const ModelHint& hint,
                         const Catalog& catalog);

struct CaseResult {
  std::string id;
  std::string metric;  // tokens_per_s_per_gpu, gpu_hours or output_tokens_per_s_per_gpu
  double predicted = 0;
  double measured = 0;
  std::string detail;       // model dimensions and utilisation used, for people
  std::string default_id;   // the utilisation default the case used (training.mfu.*, serving.compute_efficiency.*)
  std::string overhead_id;  // serving: the per-step overhead default it used (serving.step_overhead_ms[.<engine>])
  bool peft = false;
  bool moe = false;
  double recompute_share = 0;  // training: the share of layers the memory plan recomputes
  double implied_mfu = 0;      // training: the MFU the measurement implies (the model's FLOPs per token)
  bool doubtful = false;       // training: implied_mfu above calibration.max_plausible_mfu
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

// Leave-one-source-out: the cases grouped by source; each group predicted with defaults fitted
// (`fit_defaults`) to all the other groups.
struct CrossValidation {
  std::vector<std::string> groups;  // one per held-out source
  CalibrationReport held_out;       // every case, predicted by the fit that did not see its source
};

// The source group a case belongs to: a GitHub repository (github.com/owner/repo, with or without
// the scheme or the host: the pages and tables of one project share its harness and its authors),
// else the source up to the first comma, parenthesis or semicolon.
std::string source_group(const std::string& source);
CrossValidation cross_validate(const CalibrationSet& set, const Catalog& catalog, const std::string& as_of);
// Fine-tuning cases (full, LoRA, QLoRA on at most 16 GPUs) of a report.
CalibrationSummary fine_tuning_summary(const CalibrationSet& set, const CalibrationReport& report);

CaseResult predict_training(const TrainingCase& c, const Catalog& catalog);
CaseResult predict_serving(const ServingCase& c, const Catalog& catalog);
CalibrationReport run_calibration(const CalibrationSet& set, const Catalog& catalog);

// Utilisation defaults fitted to the set: training matmul efficiency per default id the dense
// cases used (scaled by the median of measured/predicted), the mixture-of-experts share, and serving
// bandwidth/compute efficiencies and each engine's per-step overhead (coordinate search on the sum
// of |log(predicted/measured)|, every case at its engine's overhead), with the all-engine overhead
// searched on every case as if its engine were unknown; an engine without enough cases gets the
// all-engine value. A default moves only on at least three cases from at least two sources; values
// the set says too little about are left out. `priors` starts every default that has a prior from
// it (cross-validation), `current` from the catalog's value (`--fit`).
enum class FitStart { current, priors };
std::vector<DefaultValue> fit_defaults(const CalibrationSet& set, const Catalog& catalog, const std::string& as_of,
                                       FitStart start = FitStart::current);

// The catalog with fitted values in place, as `--catalog fitted.json` would give.
Catalog with_defaults(Catalog catalog, const std::vector<DefaultValue>& fitted);

// Several measurement files read as one set; `file` lists them. A case whose id an earlier file has
// is set aside (predictions are keyed by id).
CalibrationSet merge_sets(std::vector<CalibrationSet> sets);

// An `ftcost-catalog/1` overlay with a `defaults` section, for `estimate --catalog`.
std::string defaults_overlay(const std::vector<DefaultValue>& defaults);

}  // namespace ftcost
