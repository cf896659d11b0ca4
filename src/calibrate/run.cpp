// Predicting each calibration case with the models `estimate` uses, and summarising the errors.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "ftcost/calibrate/calibration.hpp"
#include "ftcost/models/hosting.hpp"
#include "ftcost/models/training.hpp"
#include "ftcost/models/units.hpp"
#include "ftcost/scenario/assumptions.hpp"

namespace ftcost {

namespace {

// Scaling rule: a block holds 12·d² parameters (4·d² attention, 8·d² MLP with a 4·d hidden layer).
constexpr double params_per_hidden_squared = 12.0;
constexpr int hidden_multiple = 64;              // hidden sizes are multiples of 64 (tensor-core tiles)
constexpr double aspect_reference_params = 7e9;  // calibration.hidden_per_layer is the ratio at 7B
constexpr double max_layers = 1e7;
constexpr double seconds_per_day = 86400.0;

double default_value(const Catalog& catalog, const std::string& id) { return required_default(catalog, id).value; }

// How a case was read, after its prediction's detail: "; read as: precision not stated: bf16".
std::string assumed_text(const std::vector<std::string>& assumed) {
  std::string out;
  for (const std::string& item : assumed) {
    out += out.empty() ? "; read as: " : "; ";
    out += item;
  }
  return out;
}

int next_power_of_two(double value) {
  int out = 1;
  while (out < value && out < (1 << 24)) out *= 2;
  return out;
}

TrainingShape training_shape(const TrainingCase& c, const ModelSpec& model, const Catalog& catalog) {
  TrainingPlan plan;
  plan.method = c.method == "lora"    ? TrainingMethod::lora
                : c.method == "qlora" ? TrainingMethod::qlora
                                      : TrainingMethod::full;  // pretrain and full: every weight trained
  const double context =
      model.context_length > 0 ? model.context_length : default_value(catalog, "calibration.default_context");
  plan.seq_len = c.seq_len.value_or(std::min(context, default_value(catalog, "calibration.seq_len_cap")));
  // Measurements rarely give the adapter: the scenario defaults, from the same catalog entries.
  plan.lora_rank = default_value(catalog, "training.lora_rank");
  plan.lora_target_share = default_value(catalog, "training.lora_target_share");
  plan.prompt_virtual_tokens = default_value(catalog, "training.prompt_virtual_tokens");
  plan.activation_checkpointing = c.activation_checkpointing;
  plan.micro_batch = c.micro_batch;
  plan.chunked_loss = c.chunked_loss;
  plan.attention_span = c.attention_span;
  plan.attention_kernel = c.attention_kernel.value_or(AttentionKernel::fused);
  TrainingShape shape = shape_for(model, plan);
  shape.pretraining = c.method == "pretrain";
  return shape;
}

}  // namespace

namespace {

bool is_moe(double params, std::optional<double> active) { return active && *active < params; }

bool agrees(const ModelSpec& model, const ModelHint& hint) {
  return (!hint.layers || *hint.layers == model.layers) &&
         (!hint.hidden_size || *hint.hidden_size == model.hidden_size) &&
         (!hint.experts || hint.experts == model.experts) &&
         (!hint.experts_per_token || hint.experts_per_token == model.experts_per_token);
}

// A dense block of width d holds 12·d² parameters and the tied vocabulary V·d more; depth follows
// width at an aspect ratio that grows with size (d / L = r₇ · (N / 7B)^b: small models are deeper
// for their width). Given neither dimension, d solves N = 12·d³ / r + V·d; given one, the other
// follows from N.
void scaled_dense_shape(ModelSpec& out, double params, const ModelHint& hint, const Catalog& catalog) {
  const double vocabulary = out.vocab_size;
  const double aspect =
      default_value(catalog, "calibration.hidden_per_layer") *
      std::pow(params / aspect_reference_params, default_value(catalog, "calibration.hidden_per_layer_exponent"));
  auto round_hidden = [](double hidden) {
    return std::max(hidden_multiple, static_cast<int>(std::lround(hidden / hidden_multiple)) * hidden_multiple);
  };
  if (hint.hidden_size) {
    out.hidden_size = *hint.hidden_size;
  } else if (hint.layers) {
    // 12·L·d² + V·d = N, the positive root.
    const double a = params_per_hidden_squared * *hint.layers;
    out.hidden_size = round_hidden((-vocabulary + std::sqrt(vocabulary * vocabulary + 4 * a * params)) / (2 * a));
  } else {
    // f(d) = 12·d³/r + V·d − N rises with d: bisect between 0 and the width without a vocabulary.
    double low = 0;
    double high = std::cbrt(aspect * params / params_per_hidden_squared) + 1;
    for (int i = 0; i < 100; ++i) {
      const double mid = (low + high) / 2;
      (params_per_hidden_squared * mid * mid * mid / aspect + vocabulary * mid < params ? low : high) = mid;
    }
    out.hidden_size = round_hidden(low);
  }
  const double d = out.hidden_size;
  const double block_params = std::max(params - vocabulary * d, params_per_hidden_squared * d * d);
  // A given width far too narrow for the parameters asks for absurd depth: cap it where a scenario's
  // own `layers` stops (10M), in floating point before the conversion can overflow.
  const double layers = std::clamp(std::round(block_params / (params_per_hidden_squared * d * d)), 1.0, max_layers);
  out.layers = hint.layers ? *hint.layers : static_cast<int>(layers);
  const int head_dim = static_cast<int>(default_value(catalog, "model.head_dim"));
  out.attention_heads = std::max(1, out.hidden_size / head_dim);
  out.kv_heads = out.attention_heads;
  out.head_dim = head_dim;
}

// Attention and embedding weights of a shape: what every token of a mixture of experts uses.
double shared_params(const ModelSpec& m) {
  const double d = m.hidden_size;
  return m.layers * (2.0 * d * d + 2.0 * d * m.kv_dim()) + m.vocabulary_params();
}

}  // namespace

ModelSpec model_for_case(double params, std::optional<double> active_params, const ModelHint& hint,
                         const Catalog& catalog) {
  ModelSpec out;
  const bool moe = is_moe(params, active_params);
  if (hint.model) {
    out = *catalog.find_model(*hint.model);
  } else {
    // A dense size alone is ambiguous (7B: Llama 2, Mistral, Qwen); a mixture of experts' pair of
    // sizes is not, and published names round both.
    const double tolerance =
        default_value(catalog, moe ? "calibration.moe_match_tolerance" : "calibration.model_match_tolerance");
    const ModelSpec* best = nullptr;
    double best_distance = 0;
    for (const ModelSpec& model : catalog.models) {
      if (moe != model.moe() || !agrees(model, hint)) continue;
      double distance = std::abs(std::log(params / model.params));
      if (moe) distance = std::max(distance, std::abs(std::log(*active_params / model.active())));
      if (distance <= std::log1p(tolerance) && (!best || distance < best_distance)) {
        best = &model;
        best_distance = distance;
      }
    }
    if (best) {
      out = *best;
    } else {
      out.id = moe ? "moe-scaling-rule" : "scaling-rule";
      out.vocab_size = static_cast<int>(default_value(catalog, "model.vocab_size"));
      // The rule's shape multiplies every parameter it is given: no separate input embedding.
      out.tied_embeddings = true;
      out.context_length = static_cast<int>(default_value(catalog, "calibration.default_context"));
      // A mixture of experts computes like a dense model of its active size: the shape follows the
      // active parameters, never the total.
      scaled_dense_shape(out, moe ? *active_params : params, hint, catalog);
      if (moe) {
        // MoE models since 2023 use grouped-query or latent attention (Mixtral, DBRX, Qwen MoE, Llama 4,
        // DeepSeek): a few KV heads.
        out.kv_heads =
            std::min(out.attention_heads, static_cast<int>(default_value(catalog, "calibration.moe_kv_heads")));
        // Routed experts hold everything but the shared attention and embeddings; a token uses k of them.
        const int k = hint.experts_per_token.value_or(1);
        const double shared =
            std::min(shared_params(out), default_value(catalog, "calibration.moe_shared_share_cap") * *active_params);
        const double expert = (*active_params - shared) / k;
        out.experts_per_token = k;
        out.experts = hint.experts.value_or(std::max(k + 1, static_cast<int>(std::lround((params - shared) / expert))));
      }
    }
  }
  out.params = params;
  out.active_params = active_params;
  if (!moe) out.active_params.reset();
  return out;
}

CaseResult predict_training(const TrainingCase& c, const Catalog& catalog) {
  const ModelSpec model = model_for_case(c.params, c.active_params, c.hint, catalog);
  const TrainingShape shape = training_shape(c, model, catalog);
  const TrainingAssumptions assume = training_assumptions(catalog, c.gpu);
  const bool whole_run = c.tokens && c.gpu_hours;

  int gpus = c.gpu_count.value_or(auto_gpu_count(shape, c.gpu, c.precision, assume).value_or(assume.max_gpus));
  if (!c.gpu_count && whole_run) {
    // An unpublished GPU count: the run was sized to finish in `calibration.run_days`.
    const double days = default_value(catalog, "calibration.run_days");
    const double speed = training_throughput(shape, c.gpu, c.precision, gpus, assume).tokens_per_s_per_gpu;
    if (speed > 0) gpus = std::max(gpus, next_power_of_two(*c.tokens / (speed * days * seconds_per_day)));
  }
  const TrainingThroughput t = training_throughput(shape, c.gpu, c.precision, gpus, assume);

  CaseResult r;
  r.id = c.id;
  r.default_id = assume.mfu_default_id;
  r.peft = c.method == "lora" || c.method == "qlora";
  r.moe = shape.moe();
  r.recompute_share = t.memory.recompute_share;
  if (whole_run) {
    r.metric = "gpu_hours";
    r.measured = *c.gpu_hours;
    r.predicted = run_gpu_hours(*c.tokens, t.tokens_per_s_per_gpu, assume);
  } else {
    r.metric = "tokens_per_s_per_gpu";
    r.measured = *c.tokens_per_s_per_gpu;
    r.predicted = t.tokens_per_s_per_gpu;
  }
  // The measurement's own MFU, at the model's FLOPs per token: MFU scales with tokens/s, and a
  // whole run's GPU-hours inversely. Predicted hours divide by the goodput; the run's hours already
  // hold its restarts, so its MFU is over all of them (measured tokens/s = tokens / measured hours).
  if (r.predicted > 0 && r.measured > 0) {
    r.implied_mfu =
        whole_run ? t.mfu * assume.run_goodput * r.predicted / r.measured : t.mfu * r.measured / r.predicted;
  }
  const double plausible = default_value(catalog, "calibration.max_plausible_mfu");
  r.doubtful = r.implied_mfu > plausible;
  const TrainingTime& time = t.time;
  r.detail = fmt::format(
      "{} (L{} d{}) seq {:g}, {} × {}{} {}, MFU {:.1f}% (µs/token: matmul {:.0f}, activations {:.0f}, adapters {:.0f}, "
      "optimizer {:.0f}, dequant {:.0f}, all-to-all {:.0f}, gather {:.0f}, activation all-reduce {:.0f}{}; "
      "activations over {} GPUs, recompute {:.0f}%, {:g} sequence{} per pass{}){}{}{}",
      model.id, model.layers, model.hidden_size, shape.seq_len, gpus, c.gpu.id, c.gpu_count ? "" : " (assumed)",
      to_string(c.precision), 100 * t.mfu, 1e6 * time.matmul_s, 1e6 * time.activation_s, 1e6 * time.adapter_s,
      1e6 * time.optimizer_s, 1e6 * time.dequant_s, 1e6 * time.all_to_all_s, 1e6 * time.gather_s,
      1e6 * time.activation_comm_s,
      time.flash_attention_2_s > 0 ? fmt::format(", FlashAttention-2 {:.0f}", 1e6 * time.flash_attention_2_s) : "",
      t.memory.activation_shards, 100 * t.memory.recompute_share, t.memory.micro_batch,
      t.memory.micro_batch == 1 ? "" : "s",
      c.micro_batch && t.memory.micro_batch < *c.micro_batch
          ? fmt::format(
                " of the recipe's {:g}: {}", *c.micro_batch,
                t.memory.micro_batch < t.memory.most_sequences
                    ? fmt::format("{} {:g} fit with every layer recomputed, which the time model "
                                  "rates slower",
                                  t.memory.most_sequences < *c.micro_batch ? "up to" : "all", t.memory.most_sequences)
                    : std::string("no more fit, even with every layer recomputed"))
          : std::string{},
      t.memory.optimizer_offloaded ? ", Adam offloaded"
      : t.memory.optimizer_paged   ? ", 8-bit Adam paged"
                                   : "",
      whole_run ? fmt::format(", goodput {:.0f}%", 100 * assume.run_goodput) : "",
      t.memory.fits() ? "" : ", does not fit in memory");
  std::vector<std::string> read = c.assumed;
  if (!c.seq_len) {
    read.push_back(fmt::format("seq_len not stated: {:g} ({}, calibration.seq_len_cap {:g})", shape.seq_len,
                               model.context_length > 0 ? fmt::format("{}'s context {}", model.id, model.context_length)
                                                        : std::string("calibration.default_context"),
                               default_value(catalog, "calibration.seq_len_cap")));
  }
  r.detail += assumed_text(read);
  if (r.doubtful) {
    r.detail += fmt::format(
        "; doubtful: the measurement implies MFU {:.0f}%, above the {:.0f}% the best GPU's "
        "matmuls reach (calibration.max_plausible_mfu)",
        100 * r.implied_mfu, 100 * plausible);
  }
  return r;
}

namespace {

// What a serving case runs: its model's shape at its lengths, and the engine's assumptions.
struct ServingSetup {
  ModelSpec model;
  ServingShape shape;
  ServingAssumptions assume;
};
ServingSetup serving_setup(const ServingCase& c, const Catalog& catalog) {
  ServingSetup s{model_for_case(c.params, c.active_params, c.hint, catalog), {}, {}};
  const double input = c.input_tokens.value_or(default_value(catalog, "calibration.input_tokens"));
  const double output = c.output_tokens.value_or(default_value(catalog, "calibration.output_tokens"));
  s.shape = serving_shape_for(s.model, c.precision, input, output);
  s.shape.decode_only = c.decode_only;
  s.assume = serving_assumptions(catalog, c.gpu, c.engine, c.offline);
  return s;
}

// How a serving case was read, with the lengths and batch it left to the calibration conventions.
std::vector<std::string> serving_read(const ServingCase& c, const ServingPerformance& perf) {
  std::vector<std::string> read = c.assumed;
  if (!c.input_tokens || !c.output_tokens)
    read.emplace_back("prompt and answer lengths not stated: calibration.input_tokens/output_tokens");
  if (!c.concurrency) {
    read.push_back(fmt::format("concurrency not stated: {:g}, {} (the KV cache holds {:g}, the engine's cap is {:g})",
                               perf.batch,
                               perf.batch >= perf.max_concurrency ? "all the KV cache holds" : "the engine's cap",
                               perf.max_concurrency, perf.batch_cap));
  }
  return read;
}

}  // namespace

void set_aside_unplaceable(CalibrationSet& set, const Catalog& catalog) {
  constexpr int most_gpus = 64;
  std::erase_if(set.serving, [&](ServingCase& c) {
    const ServingSetup s = serving_setup(c, catalog);
    const auto fits = [&](int gpus) {
      return serving_performance(s.shape, c.gpu, gpus, s.assume, std::nullopt, c.concurrency).batch >= 1;
    };
    if (c.gpu_count) {
      if (fits(*c.gpu_count)) return false;
    } else {
      for (int gpus = 1; gpus <= most_gpus; gpus *= 2) {
        if (!fits(gpus)) continue;
        c.gpu_count = gpus;
        c.assumed.push_back(fmt::format("gpu_count not stated: {}, the fewest that hold {}", gpus, s.model.id));
        return false;
      }
    }
    const std::string where = c.gpu_count ? fmt::format("{} × {}", *c.gpu_count, c.gpu.id)
                                          : fmt::format("up to {} × {}", most_gpus, c.gpu.id);
    UnscoredCase unscored;
    unscored.kind = "serving";
    unscored.id = c.id;
    unscored.where = c.where;
    unscored.field = c.entry;
    unscored.problem = fmt::format("{} at {} does not fit on {}", s.model.id, to_string(c.precision), where);
    unscored.fix = "give the GPU count the measurement ran on";
    set.unscored.push_back(std::move(unscored));
    return true;
  });
}

CaseResult predict_serving(const ServingCase& c, const Catalog& catalog) {
  const auto [model, shape, assume] = serving_setup(c, catalog);
  const int gpus = c.gpu_count.value_or(1);
  const ServingPerformance perf = serving_performance(shape, c.gpu, gpus, assume, std::nullopt, c.concurrency);

  CaseResult r;
  r.id = c.id;
  r.metric = "output_tokens_per_s_per_gpu";
  r.default_id = assume.compute_efficiency_id;
  r.overhead_id = assume.step_overhead_id;
  r.measured = c.output_tokens_per_s_per_gpu;
  r.predicted = perf.batch >= 1 ? perf.output_tokens_per_s / gpus : 0;
  r.detail =
      perf.batch >= 1
          ? fmt::format(
                "{} (L{} kv {}) on {} × {} {}, {}batch {:g}{}, step {:.1f} ms ({}-bound{}, {} overhead {:.1f} ms{} + "
                "{:.4g} dense-layer equivalents × {:g} ms), TTFT {:.0f} ms{}{}",
                model.id, model.layers, shape.kv_values, gpus, c.gpu.id, to_string(c.precision),
                perf.expert_parallel ? "expert parallel, " : "", perf.batch,
                c.concurrency && perf.batch < *c.concurrency ? " (memory limit)" : "", perf.decode_step_ms,
                perf.step_expert_weights_ms > 0
                    ? fmt::format("shared {}-bound, experts {}", perf.decode_compute_bound ? "compute" : "bandwidth",
                                  perf.experts_compute_bound ? "compute" : "bandwidth")
                    : std::string(perf.decode_compute_bound ? "compute" : "bandwidth"),
                perf.expert_parallel ? fmt::format(", all-to-all {:.1f} ms", perf.step_all_to_all_ms) : "",
                assume.step_overhead_id == "serving.step_overhead_ms" ? "all-engine" : c.engine,
                assume.step_overhead_ms,
                assume.api_server_share_removed > 0
                    ? fmt::format(" ({:g} less its API server's {:.0f}%, offline)",
                                  assume.step_overhead_ms / (1.0 - assume.api_server_share_removed),
                                  100 * assume.api_server_share_removed)
                    : "",
                perf.overhead_layers, assume.layer_overhead_ms, perf.prefill_ms,
                c.decode_only ? " (prefilled elsewhere)" : "", assumed_text(serving_read(c, perf)))
          : fmt::format("{} does not fit on {} × {}", model.id, gpus, c.gpu.id);
  return r;
}

CalibrationSummary summarise(const std::vector<CaseResult>& results) {
  CalibrationSummary s;
  s.cases = results.size();
  if (results.empty()) return s;
  std::vector<double> errors;
  errors.reserve(results.size());
  for (const CaseResult& r : results) errors.push_back(std::abs(r.error()));
  std::sort(errors.begin(), errors.end());
  const std::size_t n = errors.size();
  s.median_abs_error = n % 2 == 1 ? errors[n / 2] : (errors[n / 2 - 1] + errors[n / 2]) / 2;
  // A hair of slack so that exactly 25.0% counts as within, whatever the rounding.
  constexpr double slack = 1e-9;
  const auto within = [&](double bound) {
    return static_cast<double>(
               std::count_if(errors.begin(), errors.end(), [&](double e) { return e <= bound + slack; })) /
           static_cast<double>(n);
  };
  s.within_25 = within(0.25);
  s.within_50 = within(0.50);
  return s;
}

CalibrationReport run_calibration(const CalibrationSet& set, const Catalog& catalog) {
  CalibrationReport report;
  for (const TrainingCase& c : set.training) report.training.push_back(predict_training(c, catalog));
  for (const ServingCase& c : set.serving) report.serving.push_back(predict_serving(c, catalog));
  report.training_summary = summarise(report.training);
  report.serving_summary = summarise(report.serving);
  return report;
}

}  // namespace ftcost
