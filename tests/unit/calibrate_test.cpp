// `ftcost calibrate`: the file format, the model-dimension rule, the summary and the accuracy
// targets on the published measurements.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "ftcost/calibrate/calibration.hpp"
#include "ftcost/catalog/load.hpp"
#include "ftcost/scenario/assumptions.hpp"

using namespace ftcost;

namespace {

Document json_doc(const std::string& text) { return parse_document(text, "cases.json"); }

// The field that set aside the one case of `text` calibrate could not score, or "scored".
std::string set_aside_field(const std::string& text) {
  const CalibrationSet set = load_calibration(json_doc(text), shipped_catalog());
  return set.unscored.empty() ? "scored" : set.unscored.front().field;
}

}  // namespace

TEST_CASE("summary: median absolute error and shares within ±25% / ±50%") {
  std::vector<CaseResult> results;
  for (double error : {0.1, -0.3, 0.2, 0.6}) {
    CaseResult r;
    r.predicted = 1 + error;
    r.measured = 1;
    results.push_back(r);
  }
  const CalibrationSummary s = summarise(results);
  CHECK(s.median_abs_error == Approx(0.25));  // |errors| sorted .1 .2 .3 .6 → (.2 + .3) / 2
  CHECK(s.within_25 == Approx(0.5));
  CHECK(s.within_50 == Approx(0.75));
}

TEST_CASE("model dimensions: a close catalog match, else the 12·L·d² + V·d rule with a size-dependent aspect") {
  const Catalog& catalog = shipped_catalog();
  const ModelSpec matched = model_for_case(8e9, std::nullopt, {}, catalog);  // Llama 3 8B is 8.03B
  CHECK(matched.layers == 32);
  CHECK(matched.hidden_size == 4096);
  CHECK(matched.params == 8e9);
  // 5.2e9 is > 2% from every dense catalog model (GPT-J 6.05B, Qwen3 4B 4.02B). Aspect
  // r = 97.3 × (5.2 / 7)^0.157 = 92.86; 12·d³/r + 32000·d = 5.2e9 gives d = 3402.7 → 3392 (a multiple
  // of 64); layers = (5.2e9 − 32000 × 3392) / (12 × 3392²) = 36.9 → 37; 3392 / 128 = 26 heads.
  const ModelSpec rule = model_for_case(5.2e9, std::nullopt, {}, catalog);
  CHECK(rule.id == "scaling-rule");
  CHECK(rule.hidden_size == 3392);
  CHECK(rule.layers == 37);
  CHECK(rule.attention_heads == 26);
  CHECK(rule.kv_heads == rule.attention_heads);
  // A 250M case (no catalog model within 2%) is deep for its width, as published small models are:
  // r = 97.3 × (0.25 / 7)^0.157 = 57.66; d = 1014.9 → 1024, layers = (250e6 − 32000 × 1024) /
  // (12 × 1024²) = 17.3 → 17.
  const ModelSpec small = model_for_case(250e6, std::nullopt, {}, catalog);
  CHECK(small.id == "scaling-rule");
  CHECK(small.hidden_size == 1024);
  CHECK(small.layers == 17);
  // One dimension given: the other follows from the parameters. 30 layers: 12·30·d² + 32000·d =
  // 250e6 → d = 790.1 → 768; 768 wide: (250e6 − 32000 × 768) / (12 × 768²) = 31.8 → 32 layers.
  ModelHint thirty_layers;
  thirty_layers.layers = 30;
  const ModelSpec deep = model_for_case(250e6, std::nullopt, thirty_layers, catalog);
  CHECK(deep.layers == 30);
  CHECK(deep.hidden_size == 768);
  ModelHint narrow;
  narrow.hidden_size = 768;
  CHECK(model_for_case(250e6, std::nullopt, narrow, catalog).layers == 32);
  // SmolLM2-135M (134.5M, 30 × 576) is in the catalog: a 135M case takes its published shape.
  CHECK(model_for_case(135e6, std::nullopt, {}, catalog).id == "smollm2-135m");
  // A width far too narrow for the count asks for absurd depth: capped at 10M layers, not overflowed.
  ModelHint sliver;
  sliver.hidden_size = 16;
  CHECK(model_for_case(1e14, std::nullopt, sliver, catalog).layers == 10'000'000);
}

TEST_CASE("the scaling rule's aspect ratio is the least-squares fit over the catalog's dense models") {
  // log(hidden / layers) = log r₇ + b · log(params / 7B): recomputed from the shipped catalog, it must
  // be what data/defaults.json says (to its rounding), so a model added to the catalog moves it visibly.
  const Catalog& catalog = shipped_catalog();
  std::vector<double> x;
  std::vector<double> y;
  for (const ModelSpec& m : catalog.models) {
    if (m.moe()) continue;
    x.push_back(std::log(m.params / 7e9));
    y.push_back(std::log(static_cast<double>(m.hidden_size) / m.layers));
  }
  REQUIRE(x.size() >= 30);
  const double n = static_cast<double>(x.size());
  double mean_x = 0;
  double mean_y = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    mean_x += x[i] / n;
    mean_y += y[i] / n;
  }
  double covariance = 0;
  double variance = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    covariance += (x[i] - mean_x) * (y[i] - mean_y);
    variance += (x[i] - mean_x) * (x[i] - mean_x);
  }
  const double slope = covariance / variance;
  const double at_7b = std::exp(mean_y - slope * mean_x);
  CHECK(required_default(catalog, "calibration.hidden_per_layer").value == Approx(at_7b).epsilon(0.005));
  CHECK(required_default(catalog, "calibration.hidden_per_layer_exponent").value == Approx(slope).epsilon(0.005));
}

TEST_CASE("model dimensions: of several catalog models within 2%, the closest in parameters wins") {
  const Catalog& catalog = shipped_catalog();
  // 65e9: LLaMA 65B (65.29B, 0.45% away) over OPT-66B (65.72B, 1.1%).
  CHECK(model_for_case(65e9, std::nullopt, {}, catalog).id == "llama-1-65b");
  // 33e9: Qwen3-32B (32.76B, 0.73%) over LLaMA 33B (32.53B, 1.43%) and Qwen2.5-32B (32.5B, 1.53%): a
  // count alone cannot tell them apart, so a case that knows its model should name it.
  const ModelSpec near33 = model_for_case(33e9, std::nullopt, {}, catalog);
  CHECK(near33.id == "qwen3-32b");
  CHECK(near33.kv_heads == 8);
  ModelHint llama33;
  llama33.model = "huggyllama/llama-30b";
  const ModelSpec named = model_for_case(33e9, std::nullopt, llama33, catalog);
  CHECK(named.id == "llama-1-33b");
  CHECK(named.kv_heads == 52);  // multi-head attention
  // An exact count keeps the existing entry: 13e9 is Llama-2-13B (LLaMA 13B is 13.02B).
  CHECK(model_for_case(13e9, std::nullopt, {}, catalog).id == "llama-2-13b");
}

TEST_CASE("model dimensions: the catalog resolves Falcon 180B, Qwen (1) and Qwen1.5-MoE by their counts") {
  const Catalog& catalog = shipped_catalog();
  const ModelSpec falcon = model_for_case(180e9, std::nullopt, {}, catalog);  // 178.6B, 0.78% away
  CHECK(falcon.id == "falcon-180b");
  CHECK(falcon.kv_dim() == 8 * 64);  // grouped-query attention, not 14848 wide
  const ModelSpec qwen14 = model_for_case(14.2e9, std::nullopt, {}, catalog);  // 14.17B, not Phi-3-medium (14.0B)
  CHECK(qwen14.id == "qwen-14b");
  CHECK(qwen14.vocab_size == 152064);
  const ModelSpec moe = model_for_case(14.3e9, 2.7e9, {}, catalog);
  CHECK(moe.id == "qwen1.5-moe-a2.7b");
  CHECK(moe.experts == 60);
  // 175e9 is the MLPerf GPT-3 (174.6B, 0.23% away), not BLOOM (176.2B, 0.7%). A mixture of experts
  // matches on its pair of sizes within 12% (calibration.moe_match_tolerance): Grok-1's active count,
  // quoted as 86B or "25%" (78.5B) against the 83.8B its config gives, and rounded names.
  CHECK(model_for_case(175e9, std::nullopt, {}, catalog).id == "gpt-3-175b");
  CHECK(model_for_case(314e9, 86e9, {}, catalog).id == "grok-1");
  CHECK(model_for_case(314e9, 78.5e9, {}, catalog).id == "grok-1");
  CHECK(model_for_case(314e9, 83e9, {}, catalog).id == "grok-1");
  CHECK(model_for_case(120e9, 5.1e9, {}, catalog).id == "gpt-oss-120b");  // 116.8B: 2.7% away
  CHECK(model_for_case(20e9, 3.6e9, {}, catalog).id == "gpt-oss-20b");    // 20.9B: 4.4%
  CHECK(model_for_case(30e9, 3e9, {}, catalog).id == "qwen3-30b-a3b");    // "A3B": 3.3B active, 9.5%
  CHECK(model_for_case(132e9, 36e9, {}, catalog).id == "dbrx");           // nearer than Mixtral 8x22B
  CHECK(model_for_case(141e9, 39e9, {}, catalog).id == "mixtral-8x22b");
  CHECK(model_for_case(314e9, 60e9, {}, catalog).id == "moe-scaling-rule");  // 28% off Grok-1's active
  // A dense size keeps the 2% rule: 7.5B is Qwen2.5-7B (7.62B, 1.6% away), not a 7B 5% away.
  CHECK(model_for_case(7.5e9, std::nullopt, {}, catalog).id == "qwen2.5-7b");
  const ModelSpec phi = model_for_case(41.9e9, 6.6e9, {}, catalog);  // 41.87B / 6.64B from its dimensions
  CHECK(phi.id == "phi-3.5-moe");
  CHECK(phi.experts_per_token == 2);
  const ModelSpec v2 = model_for_case(236e9, 21e9, {}, catalog);
  CHECK(v2.id == "deepseek-v2");
  CHECK(v2.kv_cache_dim == 576);  // latent attention cache
}

TEST_CASE("the scaling rule multiplies every parameter it is given: no separate input embedding to take out") {
  // A 5M-parameter case: a 32,000-word untied embedding at the rule's width would be most of it.
  const ModelSpec tiny = model_for_case(5e6, std::nullopt, {}, shipped_catalog());
  CHECK(tiny.id == "scaling-rule");
  CHECK(tiny.lookup_params() == 0);
  CHECK(tiny.multiplied_params() == Approx(5e6));
}

TEST_CASE("a serving case's engine picks its overhead, and an engine ftcost does not know is noted, not fatal") {
  const Catalog& catalog = shipped_catalog();
  const std::string text = R"({"format": "ftcost-calibration/1", "serving": [
    {"id": "named", "params": 8e9, "gpu": "h100-sxm", "engine": "TensorRT-LLM 1.0",
     "measured": {"output_tokens_per_s_per_gpu": 3000}},
    {"id": "from-source", "params": 8e9, "gpu": "h100-sxm", "source": "Lambda, vLLM v0.5.4 benchmark_serving",
     "measured": {"output_tokens_per_s_per_gpu": 3000}},
    {"id": "unknown", "params": 8e9, "gpu": "h100-sxm", "engine": "MLC-LLM 0.1",
     "measured": {"output_tokens_per_s_per_gpu": 3000}},
    {"id": "known-without-entry", "params": 8e9, "gpu": "h100-sxm", "engine": "LMDeploy 0.6 TurboMind",
     "measured": {"output_tokens_per_s_per_gpu": 3000}}]})";
  const CalibrationSet set = load_calibration(json_doc(text), catalog);
  CHECK(set.serving[0].engine == "tensorrt-llm");
  CHECK(set.serving[1].engine == "vllm-0.5");
  CHECK(set.serving[2].engine.empty());
  CHECK(set.ignored_fields == std::vector<std::string>{"serving[].engine 'MLC-LLM 0.1'"});
  // LMDeploy is an engine ftcost names, with too few measurements for an overhead of its own.
  CHECK(set.serving[3].engine == "lmdeploy");
  const CalibrationReport r = run_calibration(set, catalog);
  CHECK(r.serving[0].overhead_id == "serving.step_overhead_ms.tensorrt-llm");
  CHECK(r.serving[1].overhead_id == "serving.step_overhead_ms.vllm-0.5");
  CHECK(r.serving[2].overhead_id == "serving.step_overhead_ms");
  const double all_engines = required_default(catalog, "serving.step_overhead_ms").value;
  CHECK_THAT(r.serving[2].detail, Catch::Contains(fmt::format("all-engine overhead {:.1f} ms", all_engines)));
  CHECK(r.serving[3].overhead_id == "serving.step_overhead_ms");
}

TEST_CASE("a case may carry keys calibrate does not read — a misspelt field sets its case aside") {
  const Catalog& catalog = shipped_catalog();
  // What people keep beside a measurement: numbers, lists and objects as well as text. Names are
  // read as a scenario reads them ("BF16", "LoRA"), and fp16 training is a precision like bf16.
  const std::string extra = R"({"format": "ftcost-calibration/1",
    "training": [{"id": "t", "params": 7e9, "method": "LoRA", "gpu": "a100-80gb", "gpu_count": 1,
                  "precision": "FP16", "seq_len": 2048, "measured": {"tokens_per_s_per_gpu": 3000, "wall_h": 2},
                  "batch_size": 2, "tags": ["peft"], "engine": "peft", "extra": {"tp": 1}, "tp": 1}],
    "serving": [{"id": "s", "params": 7e9, "gpu": "a100-80gb", "gpu_count": 1, "precision": "BF16",
                 "concurrency": 8, "input_tokens": 100, "output_tokens": 100,
                 "measured": {"output_tokens_per_s_per_gpu": 400, "ttft_ms": 50}, "year": 2024}]})";
  const CalibrationSet set = load_calibration(json_doc(extra), catalog);
  REQUIRE(set.training.size() == 1);
  CHECK(set.training[0].method == "lora");
  CHECK(set.training[0].precision == Precision::fp16);
  CHECK(set.serving[0].precision == Precision::bf16);
  // A short key of its own ("tp") is not taken for "id": one edit at most for keys of four letters.
  CHECK(set.ignored_fields == std::vector<std::string>{"training[].batch_size", "training[].extra", "training[].tags",
                                                       "training[].tp", "training[].measured.wall_h", "serving[].year",
                                                       "serving[].measured.ttft_ms"});
  // Within two edits of a field it reads: taken for a misspelling, and the case is set aside with
  // the fix rather than predicted with the field at its default.
  const std::string typo = R"({"format": "ftcost-calibration/1", "training": [
    {"id": "t", "params": 7e9, "method": "lora", "gpu": "a100-80gb", "gpu_cont": 2,
     "measured": {"tokens_per_s_per_gpu": 3000}}]})";
  CHECK(set_aside_field(typo) == "training[0].gpu_cont");
  const std::string metric_typo = R"({"format": "ftcost-calibration/1", "training": [
    {"id": "t", "params": 7e9, "method": "lora", "gpu": "a100-80gb",
     "measured": {"tokens_per_s_per_gpus": 3000}}]})";
  CHECK(set_aside_field(metric_typo) == "training[0].measured.tokens_per_s_per_gpus");
  // A number under a key a letter off a text field ("rate" beside "date") is a field of its own.
  const std::string rate = R"({"format": "ftcost-calibration/1", "training": [
    {"id": "t", "params": 7e9, "method": "lora", "gpu": "a100-80gb", "rate": 1.5,
     "measured": {"tokens_per_s_per_gpu": 3000}}]})";
  CHECK(load_calibration(json_doc(rate), catalog).ignored_fields == std::vector<std::string>{"training[].rate"});
  // Each case's keys are its own: a number where another case keeps text is still said to be
  // ignored, and a key several cases carry is named once, in the order the cases first show them.
  const std::string two = R"({"format": "ftcost-calibration/1", "training": [
    {"id": "a", "params": 7e9, "method": "lora", "gpu": "a100-80gb", "run": "first",
     "measured": {"tokens_per_s_per_gpu": 3000, "wall_h": 2}},
    {"id": "b", "params": 7e9, "method": "lora", "gpu": "a100-80gb", "run": 2,
     "measured": {"tokens_per_s_per_gpu": 3100, "wall_h": 3}}]})";
  CHECK(load_calibration(json_doc(two), catalog).ignored_fields ==
        std::vector<std::string>{"training[].measured.wall_h", "training[].run"});
}

TEST_CASE("another tool's name for a field a prediction depends on is read as that field") {
  const Catalog& catalog = shipped_catalog();
  // Ignored, these would leave the sequence length, the GPU count or the serving batch to a default.
  const std::string training = R"({"format": "ftcost-calibration/1", "training": [
    {"id": "t", "params": 7e9, "method": "lora", "gpu": "a100-80gb", "seq_length": 4096, "num_gpus": 2,
     "measured": {"tokens_per_s_per_gpu": 3000}}]})";
  const CalibrationSet t = load_calibration(json_doc(training), catalog);
  REQUIRE(t.training.size() == 1);
  CHECK(t.training[0].seq_len == 4096);
  CHECK(t.training[0].gpu_count == 2);
  const std::string serving = R"({"format": "ftcost-calibration/1", "serving": [
    {"id": "s", "params": 7e9, "gpu": "a100-80gb", "num_gpus": 2, "batch_size": 64, "isl": 1000, "osl": 200,
     "measured": {"output_tokens_per_s_per_gpu": 3000}}]})";
  const CalibrationSet s = load_calibration(json_doc(serving), catalog);
  REQUIRE(s.serving.size() == 1);
  CHECK(s.serving[0].gpu_count == 2);
  CHECK(s.serving[0].concurrency == 64);
  CHECK(s.serving[0].input_tokens == 1000);
  CHECK(s.serving[0].output_tokens == 200);
  // Two names for one field: which wins would be a guess, so the case is set aside.
  const std::string both = R"({"format": "ftcost-calibration/1", "training": [
    {"id": "t", "params": 7e9, "method": "lora", "gpu": "a100-80gb", "seq_len": 2048, "seq_length": 4096,
     "measured": {"tokens_per_s_per_gpu": 3000}}]})";
  CHECK(set_aside_field(both) == "training[0].seq_length");
  // A training case's batch_size is not read and not mistaken: it is kept and noted.
  const std::string kept = R"({"format": "ftcost-calibration/1", "training": [
    {"id": "t", "params": 7e9, "method": "lora", "gpu": "a100-80gb", "batch_size": 8,
     "measured": {"tokens_per_s_per_gpu": 3000}}]})";
  CHECK(load_calibration(json_doc(kept), catalog).ignored_fields == std::vector<std::string>{"training[].batch_size"});
}

TEST_CASE("a case in other words: methods, precisions, totals over the GPUs, named mixtures of experts") {
  const Catalog& catalog = shipped_catalog();
  const std::string cases = R"({"format": "ftcost-calibration/1", "author": "someone", "training": [
    {"id": "sft", "params": "7b", "method": "SFT", "gpu": "NVIDIA A100-SXM4-80GB", "gpu_count": 8,
     "precision": "bfloat16", "measured": {"tokens_per_s": 24000}},
    {"id": "nf4", "params": 8e9, "method": "LoRA", "precision": "nf4", "gpu": "NVIDIA GeForce RTX 4090",
     "gpu_count": 1, "measured": {"tokens_per_s_per_gpu": 2400}},
    {"id": "run", "params": 7e9, "method": "continued pretraining", "gpu": "h100", "gpu_count": 64,
     "measured": {"tokens": 1e11, "wall_clock_hours": 100}},
    {"id": "moe", "model": "DeepSeek-V3-0324", "params": 671e9, "method": "pretrain", "gpu": "h800",
     "precision": "FP8", "gpu_count": 2048, "measured": {"tokens_per_s_per_gpu": 1000}},
    {"id": "unknown-model", "model": "llama-9", "params": 7e9, "method": "full", "gpu": "a100-80gb",
     "measured": {"tokens_per_s_per_gpu": 3000}}],
    "serving": [{"id": "awq", "params": 7e9, "gpu": "AMD Instinct MI300X", "precision": "AWQ", "gpu_count": 2,
     "measured": {"output_tokens_per_s": 4000}}]})";
  const CalibrationSet set = load_calibration(json_doc(cases), catalog);
  CHECK(set.unscored.empty());
  REQUIRE(set.training.size() == 5);
  const TrainingCase& sft = set.training[0];
  CHECK(sft.params == 7e9);
  CHECK(sft.method == "full");
  CHECK(sft.gpu.id == "a100-80gb");
  CHECK(sft.precision == Precision::bf16);
  CHECK(sft.tokens_per_s_per_gpu == 3000);  // 24,000 over 8 GPUs
  const TrainingCase& nf4 = set.training[1];
  CHECK(nf4.method == "qlora");  // a LoRA over 4-bit weights
  CHECK(nf4.gpu.id == "rtx-4090");
  CHECK(set.training[2].method == "pretrain");
  CHECK(set.training[2].gpu_hours == 6400);  // 100 h × 64 GPUs
  const TrainingCase& moe = set.training[3];
  CHECK(moe.hint.model == "deepseek-v3");
  // The named mixture's active parameters, not a dense 671B.
  REQUIRE(moe.active_params);
  CHECK(*moe.active_params == catalog.find_model("deepseek-v3")->active());
  CHECK(moe.precision == Precision::fp8);
  // A model the catalog lacks: placed by its parameters, and the detail says so.
  const TrainingCase& unknown = set.training[4];
  CHECK_FALSE(unknown.hint.model);
  CHECK_THAT(predict_training(unknown, catalog).detail,
             Catch::Contains("model 'llama-9' is not in the catalog, so the case is placed by its parameters"));
  CHECK_THAT(predict_training(unknown, catalog).detail, Catch::Contains("precision not stated: bf16"));
  REQUIRE(set.serving.size() == 1);
  CHECK(set.serving[0].gpu.id == "mi300x");
  CHECK(set.serving[0].precision == Precision::int4);
  CHECK(set.serving[0].output_tokens_per_s_per_gpu == 2000);
  // A total needs the GPU count to become a per-GPU figure.
  const std::string no_count = R"({"format": "ftcost-calibration/1", "training": [
    {"id": "t", "params": 7e9, "method": "full", "gpu": "a100-80gb", "measured": {"tokens_per_s": 24000}}]})";
  CHECK(set_aside_field(no_count) == "training[0].measured.tokens_per_s");
}

TEST_CASE(
    "a serving case without a GPU count runs on the fewest GPUs that hold it, and one that fits none is set aside") {
  const Catalog& catalog = shipped_catalog();
  // Llama 3.1 70B in fp16: 141 GB of weights, more than one 80 GB A100 holds; two hold it.
  const std::string cases = R"({"format": "ftcost-calibration/1", "serving": [
    {"id": "70b", "model": "llama-3.1-70b", "params": 70.6e9, "gpu": "a100-80gb", "precision": "fp16",
     "measured": {"output_tokens_per_s_per_gpu": 500}},
    {"id": "70b-on-one", "model": "llama-3.1-70b", "params": 70.6e9, "gpu": "a100-80gb", "gpu_count": 1,
     "precision": "fp16", "measured": {"output_tokens_per_s_per_gpu": 500}}]})";
  const CalibrationSet set = load_calibration(json_doc(cases), catalog);
  REQUIRE(set.serving.size() == 1);
  CHECK(set.serving[0].gpu_count == 2);
  CHECK_THAT(predict_serving(set.serving[0], catalog).detail,
             Catch::Contains("on 2 × a100-80gb fp16") && Catch::Contains("gpu_count not stated: 2"));
  REQUIRE(set.unscored.size() == 1);
  CHECK(set.unscored[0].id == "70b-on-one");
  CHECK(set.unscored[0].problem == "llama-3.1-70b at fp16 does not fit on 1 × a100-80gb");
  CHECK(set.unscored[0].field == "serving[1].gpu_count");
  CHECK(set.unscored[0].where.line == 4);
}

TEST_CASE("bad calibration files name file:line:col and the field") {
  const Catalog& catalog = shipped_catalog();
  const std::string unknown_gpu = R"({"format": "ftcost-calibration/1", "training": [
    {"id": "a", "params": 7e9, "method": "full", "gpu": "h100x", "measured": {"tokens_per_s_per_gpu": 1}}]})";
  // A well-formed case naming a GPU the catalog lacks is set aside with where and why.
  const CalibrationSet set = load_calibration(json_doc(unknown_gpu), catalog);
  CHECK(set.training.empty());
  REQUIRE(set.unscored.size() == 1);
  CHECK(set.unscored[0].id == "a");
  CHECK(set.unscored[0].kind == "training");
  CHECK(set.unscored[0].field == "training[0].gpu");
  CHECK(set.unscored[0].problem == "unknown GPU 'h100x'");
  CHECK(set.unscored[0].where.file == "cases.json");
  CHECK(set.unscored[0].where.line == 2);
  // A malformed case is set aside with the field and the fix; the file is still read.
  const std::string no_measure = R"({"format": "ftcost-calibration/1", "serving": [
    {"id": "s", "params": 7e9, "gpu": "a100", "measured": {}}]})";
  CHECK(set_aside_field(no_measure) == "serving[0].measured.output_tokens_per_s_per_gpu");
  CHECK_THROWS_AS(load_calibration(json_doc(R"({"format": "ftcost-catalog/1"})"), catalog), InputError);
  // A misspelt method says so; a method the training model does not cover (DPO) says that.
  const std::string bad_method = R"({"format": "ftcost-calibration/1", "training": [
    {"id": "a", "params": 7e9, "method": "lorra", "gpu": "a100", "measured": {"tokens_per_s_per_gpu": 1}}]})";
  CHECK(load_calibration(json_doc(bad_method), catalog).unscored.at(0).problem == "unknown method 'lorra'");
  const std::string other_method = R"({"format": "ftcost-calibration/1", "training": [
    {"id": "a", "params": 7e9, "method": "dpo", "gpu": "a100", "measured": {"tokens_per_s_per_gpu": 1}},
    {"id": "b", "params": 7e9, "method": "DoRA", "gpu": "a100", "measured": {"tokens_per_s_per_gpu": 1}},
    {"id": "c", "params": 7e9, "method": "qlora", "precision": "nf4", "gpu": "a100", "measured": {"tokens_per_s_per_gpu": 1}},
    {"id": "d", "params": 7e9, "method": "full", "precision": "fp32", "gpu": "a100", "measured": {"tokens_per_s_per_gpu": 1}},
    {"id": "e", "params": 7e9, "method": "Pretraining", "gpu": "a100", "measured": {"tokens_per_s_per_gpu": 1}}]})";
  const CalibrationSet others = load_calibration(json_doc(other_method), catalog);
  REQUIRE(others.unscored.size() == 3);
  CHECK(others.unscored[0].problem == "calibrate does not model method 'dpo'");
  CHECK(others.unscored[1].problem == "calibrate does not model method 'dora'");
  CHECK(others.unscored[2].problem == "calibrate does not model training in fp32");
  REQUIRE(others.training.size() == 2);
  CHECK(others.training[0].precision == Precision::bf16);  // QLoRA's nf4 base, bf16 matmuls
  // On a GPU without bf16 tensor cores the matmuls are fp16, as when a case names no precision.
  const std::string v100 = R"({"format": "ftcost-calibration/1", "training": [
    {"id": "q", "params": 7e9, "method": "qlora", "precision": "nf4", "gpu": "v100", "measured": {"tokens_per_s_per_gpu": 1}}]})";
  const CalibrationSet on_v100 = load_calibration(json_doc(v100), catalog);
  REQUIRE(on_v100.training.size() == 1);
  CHECK(on_v100.training[0].precision == Precision::fp16);
  CHECK(predict_training(on_v100.training[0], catalog).predicted > 0);
  CHECK(others.training[1].method == "pretrain");
  const std::string shared_id = R"({"format": "ftcost-calibration/1",
    "training": [{"id": "a", "params": 7e9, "method": "full", "gpu": "a100", "measured": {"tokens_per_s_per_gpu": 1}}],
    "serving": [{"id": "a", "params": 7e9, "gpu": "a100", "measured": {"output_tokens_per_s_per_gpu": 1}}]})";
  CHECK(load_calibration(json_doc(shared_id), catalog).unscored.at(0).problem == "'a' is also a training case's id");
}

TEST_CASE("cases the catalog cannot place are left unscored and the rest of the file is scored") {
  const Catalog& catalog = shipped_catalog();
  const std::string cases = R"({"format": "ftcost-calibration/1", "training": [
    {"id": "ok", "params": 7e9, "method": "full", "gpu": "a100", "gpu_count": 8, "measured": {"tokens_per_s_per_gpu": 3000}},
    {"id": "new-gpu", "params": 7e9, "method": "full", "gpu": "gaudi3", "measured": {"tokens_per_s_per_gpu": 1}},
    {"id": "no-fp8", "params": 7e9, "method": "full", "gpu": "a100", "precision": "fp8", "measured": {"tokens_per_s_per_gpu": 1}},
    {"id": "new-model", "params": 7e9, "method": "full", "gpu": "a100", "model": "llama-9", "measured": {"tokens_per_s_per_gpu": 1}}],
    "serving": [{"id": "s-ok", "params": 7e9, "gpu": "a100", "measured": {"output_tokens_per_s_per_gpu": 1000}},
    {"id": "s-new-gpu", "params": 7e9, "gpu": "gaudi3", "measured": {"output_tokens_per_s_per_gpu": 1}}]})";
  const CalibrationSet set = load_calibration(json_doc(cases), catalog);
  // A model the catalog lacks is placed by its parameters, as a case that names none.
  REQUIRE(set.training.size() == 2);
  CHECK(set.training[0].id == "ok");
  CHECK(set.training[1].id == "new-model");
  REQUIRE(set.serving.size() == 1);
  REQUIRE(set.unscored.size() == 3);
  CHECK(set.unscored[0].field == "training[1].gpu");
  CHECK(set.unscored[1].field == "training[2].precision");
  CHECK(set.unscored[2].id == "s-new-gpu");
  CHECK(set.unscored[2].kind == "serving");
  CHECK(run_calibration(set, catalog).training_summary.cases == 2);
  // A case set aside is still read whole: a malformed field or a repeated id in it is an error of the file.
  const std::string malformed = R"({"format": "ftcost-calibration/1", "training": [
    {"id": "x", "params": 7e9, "method": "full", "gpu": "gaudi3", "gpu_count": "many", "measured": {"tokens_per_s_per_gpu": 1}}]})";
  CHECK(set_aside_field(malformed) == "training[0].gpu_count");  // the malformed field, not the GPU
  const std::string twice = R"({"format": "ftcost-calibration/1", "training": [
    {"id": "x", "params": 7e9, "method": "full", "gpu": "a100", "measured": {"tokens_per_s_per_gpu": 1}},
    {"id": "x", "params": 7e9, "method": "full", "gpu": "a100", "measured": {"tokens_per_s_per_gpu": 2}}]})";
  const CalibrationSet repeated = load_calibration(json_doc(twice), catalog);
  CHECK(repeated.training.size() == 1);
  CHECK(repeated.unscored.at(0).problem == "'x' is used twice");
  // Letters swapped are a misspelling, not a method calibrate does not model.
  const std::string swapped = R"({"format": "ftcost-calibration/1", "training": [
    {"id": "x", "params": 7e9, "method": "lroa", "gpu": "a100", "measured": {"tokens_per_s_per_gpu": 1}}]})";
  CHECK(load_calibration(json_doc(swapped), catalog).unscored.at(0).problem == "unknown method 'lroa'");
  // Ids are unique across files: a later file's case with a scored case's id is set aside. A case
  // already set aside (no prediction) keeps its own reason and claims nothing.
  std::vector<CalibrationSet> sets;
  sets.push_back(load_calibration(json_doc(R"({"format": "ftcost-calibration/1", "training": [
    {"id": "k", "params": 7e9, "method": "full", "gpu": "gaudi3", "measured": {"tokens_per_s_per_gpu": 1}}]})"),
                                  catalog));
  sets.push_back(load_calibration(json_doc(R"({"format": "ftcost-calibration/1", "training": [
    {"id": "k", "params": 7e9, "method": "full", "gpu": "a100", "measured": {"tokens_per_s_per_gpu": 1}}]})"),
                                  catalog));
  sets.push_back(load_calibration(json_doc(R"({"format": "ftcost-calibration/1", "training": [
    {"id": "k", "params": 7e9, "method": "full", "gpu": "a100", "measured": {"tokens_per_s_per_gpu": 2}}]})"),
                                  catalog));
  const CalibrationSet merged = merge_sets(std::move(sets));
  REQUIRE(merged.training.size() == 1);
  CHECK(merged.training[0].tokens_per_s_per_gpu == 1);
  REQUIRE(merged.unscored.size() == 2);
  CHECK(merged.unscored[0].problem == "unknown GPU 'gaudi3'");
  CHECK(merged.unscored[1].problem == "'k' is also a case of cases.json");
  // Malformed cases are set aside one by one, each with its own field; the file is still read.
  const std::string bad = R"({"format": "ftcost-calibration/1", "training": [
    {"id": "x", "params": 7e9, "method": "full", "gpu": "gaudi3", "measured": {"tokens_per_s_per_gpu": -1}},
    {"id": "y", "params": "seven", "method": "full", "gpu": "a100", "measured": {"tokens_per_s_per_gpu": 1}},
    {"id": "z", "params": 7e9, "method": "full", "gpu": "a100", "measured": {"tokens_per_s_per_gpu": 1}}]})";
  const CalibrationSet read = load_calibration(json_doc(bad), catalog);
  CHECK(read.training.size() == 1);
  REQUIRE(read.unscored.size() == 2);
  CHECK(read.unscored[0].field == "training[0].measured.tokens_per_s_per_gpu");
  CHECK(read.unscored[1].field == "training[1].params");
  // What is not a calibration file at all stays an error of the file.
  CHECK_THROWS_AS(load_calibration(json_doc(R"({"format": "ftcost-calibration/1", "training": {}})"), catalog),
                  InputError);
  CHECK_THROWS_AS(load_calibration(json_doc(R"([1, 2])"), catalog), InputError);
}

TEST_CASE("a whole-run case predicts GPU-hours through the same throughput model") {
  const std::string text = R"({"format": "ftcost-calibration/1", "training": [
    {"id": "run", "params": 8e9, "method": "pretrain", "gpu": "h100", "gpu_count": 8, "precision": "bf16",
     "seq_len": 4096, "measured": {"tokens": 1e9, "gpu_hours": 30}},
    {"id": "speed", "params": 8e9, "method": "pretrain", "gpu": "h100", "gpu_count": 8, "precision": "bf16",
     "seq_len": 4096, "measured": {"tokens_per_s_per_gpu": 9000}}]})";
  const Catalog& catalog = shipped_catalog();
  const CalibrationReport r = run_calibration(load_calibration(json_doc(text), catalog), catalog);
  REQUIRE(r.training.size() == 2);
  CHECK(r.training[0].metric == "gpu_hours");
  const double goodput = required_default(catalog, "training.run_goodput").value;
  // GPU-hours = tokens / (tokens/s per GPU) / 3600 / goodput
  CHECK(r.training[0].predicted == Approx(1e9 / r.training[1].predicted / 3600 / goodput));
}

namespace {

std::string published_file() {
  const std::filesystem::path shared =
      std::filesystem::path(FTCOST_SOURCE_DIR) / ".." / "shared" / "calibration" / "published.json";
  if (std::filesystem::exists(shared)) return shared.string();
  return (std::filesystem::path(FTCOST_SOURCE_DIR) / "tests" / "calibration" / "published.json").string();
}

}  // namespace

TEST_CASE("a training case whose recipe checkpointed activations is predicted with every layer recomputed") {
  // 7B LoRA on one A100-80GB at 2,048 tokens keeps all activations in memory; a recipe that turns
  // gradient checkpointing on (Qwen's fine-tuning scripts) runs one more forward pass.
  const std::string text = R"({"format": "ftcost-calibration/1", "training": [
    {"id": "kept", "params": 6.74e9, "method": "lora", "gpu": "a100-80gb", "gpu_count": 1, "seq_len": 2048,
     "measured": {"tokens_per_s_per_gpu": 3000}},
    {"id": "checkpointed", "params": 6.74e9, "method": "lora", "gpu": "a100-80gb", "gpu_count": 1, "seq_len": 2048,
     "activation_checkpointing": true, "measured": {"tokens_per_s_per_gpu": 3000}}]})";
  const Catalog& catalog = shipped_catalog();
  const CalibrationSet set = load_calibration(json_doc(text), catalog);
  CHECK_FALSE(set.training[0].activation_checkpointing);
  CHECK(set.training[1].activation_checkpointing);
  const CalibrationReport r = run_calibration(set, catalog);
  CHECK_THAT(r.training[0].detail, Catch::Contains("recompute 0%"));
  CHECK_THAT(r.training[1].detail, Catch::Contains("recompute 100%"));
  // LoRA: 4·N + attention without, plus one more forward (2·N + a third of attention) with, charged
  // at training.recompute_cost of its first run: 1 + ~0.45 × cost (1.45 were every FLOP repeated).
  const double cost = catalog.find_default("training.recompute_cost")->value;
  CHECK(r.training[0].predicted / r.training[1].predicted == Approx(1.0 + 0.45 * cost).margin(0.05));
  const std::string not_a_flag = R"({"format": "ftcost-calibration/1", "training": [
    {"id": "a", "params": 7e9, "method": "lora", "gpu": "a100", "activation_checkpointing": "yes",
     "measured": {"tokens_per_s_per_gpu": 1}}]})";
  CHECK(set_aside_field(not_a_flag) == "training[0].activation_checkpointing");
}

TEST_CASE("a training case whose recipe chunked its loss holds bf16 logits, and may fit more sequences") {
  // Llama 3.1 8B's full fine-tune on one RTX 4090 (torchtune's 2024-09 table: batch 2, packed to
  // 2,048, CEWithChunkedOutputLoss, 18.9 GiB peak): with fp32 logits (2,048 × 128,256 × 8 bytes =
  // 2.1 GB a sequence) only one sequence fits beside the paged optimizer's bf16 weights; with bf16
  // logits (1.05 GB) the recipe's two do, as its measured peak says they did.
  const std::string text = R"({"format": "ftcost-calibration/1", "training": [
    {"id": "fp32", "params": 8.03e9, "model": "llama-3.1-8b", "method": "full", "gpu": "rtx-4090", "gpu_count": 1,
     "seq_len": 2048, "activation_checkpointing": true, "micro_batch": 2, "measured": {"tokens_per_s_per_gpu": 1650}},
    {"id": "chunked", "params": 8.03e9, "model": "llama-3.1-8b", "method": "full", "gpu": "rtx-4090", "gpu_count": 1,
     "seq_len": 2048, "activation_checkpointing": true, "micro_batch": 2, "chunked_loss": true,
     "measured": {"tokens_per_s_per_gpu": 1650}}]})";
  const Catalog& catalog = shipped_catalog();
  const CalibrationSet set = load_calibration(json_doc(text), catalog);
  CHECK(set.ignored_fields.empty());
  CHECK_FALSE(set.training[0].chunked_loss);
  CHECK(set.training[1].chunked_loss);
  const CalibrationReport r = run_calibration(set, catalog);
  CHECK_THAT(r.training[0].detail, Catch::Contains("1 sequence per pass of the recipe's 2"));
  CHECK_THAT(r.training[1].detail, Catch::Contains("2 sequences per pass"));
  // The paged optimizer's step spreads over twice the tokens: the chunked run is faster.
  CHECK(r.training[1].predicted > r.training[0].predicted * 1.2);
}

TEST_CASE("a training case's attention span needs its packed seq_len and stays within it") {
  const Catalog& catalog = shipped_catalog();
  const auto load = [&](const std::string& fields) {
    return load_calibration(json_doc(R"({"format": "ftcost-calibration/1", "training": [
      {"id": "a", "params": 6.74e9, "method": "full", "gpu": "a100-80gb", "gpu_count": 8, )" +
                                     fields + R"(, "measured": {"tokens_per_s_per_gpu": 3000}}]})"),
                            catalog);
  };
  CHECK(load(R"("seq_len": 8192, "attention_span": 512)").training[0].attention_span == 512);
  const auto field_of = [&](const std::string& fields) {
    const CalibrationSet set = load(fields);
    return set.unscored.empty() ? std::string("no error") : set.unscored.front().field;
  };
  CHECK(field_of(R"("attention_span": 512)") == "training[0].attention_span");
  CHECK(field_of(R"("seq_len": 8192, "attention_span": 20000)") == "training[0].attention_span");
}

TEST_CASE("a training case's attention kernel: FlashAttention-2 on Hopper is slower, a misspelt one sets it aside") {
  const Catalog& catalog = shipped_catalog();
  const auto load = [&](const std::string& gpu, const std::string& fields) {
    return load_calibration(json_doc(R"({"format": "ftcost-calibration/1", "training": [
      {"id": "a", "params": 8.03e9, "model": "llama-3.1-8b", "method": "full", "gpu": ")" +
                                     gpu + R"(", "gpu_count": 8, "seq_len": 8192)" + fields +
                                     R"(, "measured": {"tokens_per_s_per_gpu": 6000}}]})"),
                            catalog);
  };
  CHECK(load("h100-sxm", R"(, "attention_kernel": "FlashAttention-2")").training[0].attention_kernel ==
        AttentionKernel::flash_attention_2);
  CHECK(load("h100-sxm", R"(, "attention_kernel": "cuDNN")").training[0].attention_kernel == AttentionKernel::fused);
  CHECK_FALSE(load("h100-sxm", "").training[0].attention_kernel.has_value());
  const CalibrationSet bad = load("h100-sxm", R"(, "attention_kernel": "flash-attention-9")");
  REQUIRE(bad.unscored.size() == 1);
  CHECK(bad.unscored.front().field == "training[0].attention_kernel");

  // On an H100 the FlashAttention-2 run is slower by its attention term alone; on an A100, where
  // FlashAttention-2 is the fused kernel, the two predictions are the same.
  const auto predicted = [&](const std::string& gpu, const std::string& fields) {
    const CalibrationSet set = load(gpu, fields);
    return run_calibration(set, catalog).training.at(0);
  };
  const CaseResult h100_fused = predicted("h100-sxm", "");
  const CaseResult h100_flash2 = predicted("h100-sxm", R"(, "attention_kernel": "flash-attention-2")");
  CHECK(h100_flash2.predicted < h100_fused.predicted * 0.95);
  CHECK_THAT(h100_flash2.detail, Catch::Contains("FlashAttention-2"));
  CHECK(predicted("a100-80gb", R"(, "attention_kernel": "flash-attention-2")").predicted ==
        Approx(predicted("a100-80gb", "").predicted));
}

// Issue 11's targets, on the cross-validated figures (each source predicted by defaults fitted to the
// others, starting from the priors), not on the in-sample ones: training median |error| ≤ 15% with
// ≥ 75% within ±25%; fine-tuning (≤ 16 GPUs) median ≤ 20%; serving median ≤ 25%.
TEST_CASE("published measurements: cross-validated accuracy targets hold") {
  const Catalog& catalog = shipped_catalog();
  const std::string file =
      GENERATE(published_file(), std::string(FTCOST_SOURCE_DIR) + "/tests/calibration/published.json");
  INFO(file);
  const CalibrationSet set = load_calibration(load_document(file), catalog);
  const CrossValidation cv = cross_validate(set, catalog, "2026-12-02");
  CHECK(cv.groups.size() >= 5);
  CHECK(cv.held_out.training_summary.median_abs_error <= 0.15);
  CHECK(cv.held_out.training_summary.within_25 >= 0.75);
  CHECK(fine_tuning_summary(set, cv.held_out).median_abs_error <= 0.20);
  CHECK(cv.held_out.serving_summary.median_abs_error <= 0.25);
  CHECK(cv.held_out.serving_summary.within_25 >= 0.60);
  // In-sample, with the shipped defaults (fitted on this file and tests/calibration/added.json).
  const CalibrationReport report = run_calibration(set, catalog);
  CHECK(report.training_summary.median_abs_error <= 0.15);
  CHECK(report.serving_summary.median_abs_error <= 0.25);
}

// The public file with tests/calibration/added.json (30 sources, a GitHub project counted once; 111 training and 98
// serving cases): what the cross-validated figures reached on 2026-12-02, guarded against regression on the way to
// issue 11's targets. Training 20.9% | 62%, fine-tuning subset 22.0% | 62% when written, after 36
// cases of one- to eight-GPU fine-tuning (RTX 4090, RTX 3090, A6000 and A5000 among them) joined;
// on the 75 cases before them the same model scores about 18.4% | 65% and 15.8% | 69%. Training
// 20.7% | 63% once activation all-reduces were priced on the link.
TEST_CASE("published and added measurements: cross-validated figures do not regress") {
  const Catalog& catalog = shipped_catalog();
  const std::string dir = std::string(FTCOST_SOURCE_DIR) + "/tests/calibration/";
  const CalibrationSet set = merge_sets({load_calibration(load_document(dir + "published.json"), catalog),
                                         load_calibration(load_document(dir + "added.json"), catalog)});
  const CrossValidation cv = cross_validate(set, catalog, "2026-12-02");
  // 17.1% | 68% and 13.3% | 70% once recomputation was charged at its fitted cost; 16.7% | 68% and
  // 14.2% | 69% once an untied input embedding was a lookup; 15.6% | 68% and 13.0% | 69% once 49
  // cases stated their recipe's micro-batch; 17.8% | 68.5% and 14.5% | 69% once attention ran at
  // the bf16 rate under fp8 recipes (the kept-back set's training went 23.9% | 52% → 21.2% | 67%):
  // the fold without Answer.AI no longer lands on a recompute cost of 0.35 (0.6, the full fit's
  // value, now), which had put its 19 bf16 runs 8 points nearer; 14.6% | 70% and 13.6% | 69% once
  // training.multi_node_efficiency took its measured 0.983 in place of the chosen 0.97. 15.9% | 68%
  // and 16.0% | 68% once fp8 recipes ran their output layer at the bf16 rate and their gradient GEMMs
  // at the measured fp8 matmul share (gpu fp8_matmul_share): the NeMo and Megatron-Bridge fp8 runs of
  // this set, predicted 8-18% too fast, came nearer, and the refit (training.mfu.default 0.451 →
  // 0.462, recompute cost 0.6 → 0.65) moved the bf16 LoRA/QLoRA folds 5-8% slower. That change took
  // the public file's cross-validated training from 13.4% | 91% to 11.5% | 100% and the kept-back
  // set's from 19.1% | 67% to 16.9% | 70%, and both fit 27 published bf16/fp8 pairs it was not
  // fitted to (NVIDIA dgxc-benchmarking, llm-foundry) as well as before. 16.5% | 68% and 17.1% |
  // 66% once training.cpu_optimizer_gb_s took the median of its four published CPU Adam rates (50
  // GB/s) in place of 100, which sat above all of them because it scored better here: torchtune's
  // full fine-tunes on RTX 4090s that reach the offload plan ran PagedAdamW, a recipe the planner
  // has only for one GPU, and 100 had been offsetting that.
  // 17.0% | 67% and 17.3% | 66% once a GitHub project counted as one source (TensorRT-LLM's two
  // performance pages, torchtune's two README tables, Meta's three model cards in llama-models, the
  // Llama 2 card under two spellings): a fold now holds out a project's pages together, where before
  // it fitted one page on its sibling's harness. 17.3% | 67% and 17.5% | 66% once the CPU Adam rate
  // took the point median of its four measurements, 45 GB/s, rather than 50 (two of them are lower
  // bounds), and the memory planner stopped losing a sequence to rounding.
  CHECK(cv.held_out.training_summary.median_abs_error <= 0.175);
  CHECK(cv.held_out.training_summary.within_25 >= 0.66);
  const CalibrationSummary fine_tuning = fine_tuning_summary(set, cv.held_out);
  CHECK(fine_tuning.median_abs_error <= 0.18);
  CHECK(fine_tuning.within_25 >= 0.66);
  // Serving on the 62 cases (30.0% | 45% before the engines' own per-step overheads, 27.2% | 44%
  // with them, 16.2% | 58% once decode's bandwidth was measured rather than fitted, 13.7% | 60%
  // once an untied input embedding was a lookup, 12.2% | 63% once MLPerf's prompts ran at their
  // datasets' mean length; 36.8% | 39% on the first 31 before expert parallelism, the engine batch
  // cap and the Little's-law readings). Issue 11's serving target is ≥ 60% within ±25%.
  // 2026-12-05: the per-layer floor of a decode step (serving.layer_overhead_ms, measured) took the
  // 62 cases to 11.7% | 69%; 36 cases naming vLLM ≥ 0.6 and SGLang joined (Qwen's batch-1 tables,
  // dstack, SkyPilot, the vLLM 0.6.0 blog, an L4 benchmark) and the 98 score 18.0% | 61%: dstack's
  // eight DeepSeek-R1 runs on one 8-GPU node are 2.1-3.8× too fast (SkyPilot's four 1.1-1.8×), and a
  // fold without Qwen's tables fits vLLM's per-step overhead to them. 23.2% | 54% once a GitHub
  // project counted as one source: TensorRT-LLM's 45 cases (two performance pages, 0.6.1 and 1.0)
  // are held out together, and the fold without them, whose overhead for that engine falls back to
  // its prior and whose compute efficiency comes from the other engines, predicts them a median 13%
  // too slow (17% off); before, each page was predicted by a fit that had the other. 21.1% | 60%
  // once the per-layer floor followed the weight matrices a layer multiplies (latent attention 6,
  // routed experts 3 and shared ones 2 more, against a dense layer's 4): DeepSeek-R1 on one 8-GPU
  // node went from 1.1-3.8x too fast to 0.8-2.9x, DeepSeek's production decode +22% → 0% (with the
  // refit the count brought: all-engine per-step overhead 4 → 3 ms, SGLang 3.5 → 3).
  CHECK(cv.held_out.serving_summary.median_abs_error <= 0.215);
  CHECK(cv.held_out.serving_summary.within_25 >= 0.59);
}

// tests/calibration/kept-back.json: 50 published measurements (27 training, 23 serving) from 10
// pages neither other file uses (7 sources of their own; the other three are pages of repositories,
// xtuner's, LMDeploy's and the SGLang blog's, that also hold pages added.json reads), gathered 2026-12-05 and never
// fitted to: scored with the shipped defaults, as a user's own run would be. Every model change is checked against
// them. When they were added: training 23.9% | 52%, fine-tuning 15.8% | 62.5%, serving 28.2% | 48%; training 21.2% |
// 67% and fine-tuning 18.6% once attention ran at the bf16 rate under fp8 recipes (MLPerf's LoRA runs, whose recipe
// runs attention in fp8 too, went slower); training 18.4% | 70%, fine-tuning 16.6% | 75% and serving 19.1% | 52% once a
// GPU short of power (H100 PCIe, MI300X, a 500 W limit the torchtitan source states) ran at its sustained rate. Those
// cases' misses prompted the rule, whose exponent comes from GEMM benchmarks outside the set
// (gpu.power_scaling_exponent). Training 19.1% | 63% once training.multi_node_efficiency took its measured 0.983 in
// place of the 0.97 chosen on whole runs: that value had offset runs already predicted too fast, fp8 on 32-256 GPUs and
// SmolLM2's whole runs (too few GPU-hours); both files' cross-validated training went 17.8% → 14.6%. Training 19.1% |
// 67% once the scaling rule for an unnamed model counted its vocabulary and took the catalog's size-dependent aspect
// ratio (SmolLM2-1.7B's whole run came within ±25%, −25%, and slipped back to −26% with the fp8 refit below; the 135M
// and 360M runs stay 55-62% too fast, 41% even at their published shapes). Training 16.9% | 70% and fine-tuning 15.0% |
// 75% once fp8 recipes ran their output layer at the bf16 rate and their gradient GEMMs at the measured fp8 matmul
// share, and the defaults were refitted: the torchao and MLPerf fp8 runs, 17-38% too fast, came nearer (the share comes
// from GEMM benchmarks and the recipes' accumulation settings, not from these cases). Training 16.9% | 74% once
// SmolLM2, OLMo 2 and Kimi K2 joined the catalog (the cases name them: identity, not fitting) and serving 19.9% | 65%
// (Kimi K2's decode 105% → 13% too fast at its published shape) once a decode step paid a measured floor per layer
// (serving.layer_overhead_ms) and the per-step overheads were refitted (LMDeploy's batch-1 run is still 37% too slow at
// the all-engine value; MI300X vLLM runs 45-114% too fast). Serving 20.3% | 65% once the defaults gave up values chosen
// for their score for their measured medians (vLLM 0.5's API-server share 0.53 → 0.475, the serving reserve 2 → 3 GB
// measured, fp8 shares pooled by architecture) and serving.compute_efficiency was refitted (0.5394 → 0.5492). Training
// 16.0% | 74% and serving 19.5% | 65% once a GitHub project counted as one source in the fit's
// weights and the defaults were refitted (training.mfu.default 0.4618 → 0.4676, recompute cost
// 0.65 → 0.7, serving.compute_efficiency 0.5492 → 0.5296). Fine-tuning 15.7% | 88% (from 75%)
// once the three xtuner rows, whose configs pack Alpaca samples with variable-length attention, said
// so (attention_span): the 7B rows came within ±25% or near it, the 70B row went out (+17% → +26%),
// so training stays 16.0% | 74%. Serving 18.1% | 65% once the per-layer floor counted a layer's
// weight matrices and the per-step overheads were refitted (all-engine 4 → 3 ms, SGLang 3.5 → 3):
// Kimi K2's decode +13% → +3%, SGLang's GB200 decode −40% → −43%. Training 13.8% | 89% once the
// seven H100/H200 cases whose stacks ran FlashAttention-2 (torchtitan through PyTorch's SDPA in
// builds from 2.5.1 to 2.10, SmolLM2 through nanotron's flash-attn 2 calls) said so
// (attention_kernel; OLMo-core's five say fused: their nightlies ran cuDNN's kernel) and Hopper ran
// it at its measured 0.57 of the fused kernels' rate (training.flash_attention_2_rate.hopper, from
// kernel benchmarks outside every file): torchtitan's fp8 runs +29% → +13% and +18%, SmolLM2's whole
// runs −42/−38/−22% → −24/−22/−12%.
// Training and serving are guarded against regression; the fine-tuning subset (8 cases, where one
// case moves the median 3 points) against issue 11's 20% target.
TEST_CASE("kept-back measurements: the shipped defaults, never fitted to them, do not regress") {
  const Catalog& catalog = shipped_catalog();
  const std::string file = std::string(FTCOST_SOURCE_DIR) + "/tests/calibration/kept-back.json";
  const CalibrationSet set = load_calibration(load_document(file), catalog);
  CHECK(set.training.size() == 27);
  CHECK(set.serving.size() == 23);
  CHECK(set.unscored.empty());
  const CalibrationReport report = run_calibration(set, catalog);
  CHECK(report.training_summary.median_abs_error <= 0.14);
  CHECK(report.training_summary.within_25 >= 0.88);
  const CalibrationSummary fine_tuning = fine_tuning_summary(set, report);
  CHECK(fine_tuning.median_abs_error <= 0.20);
  CHECK(fine_tuning.within_25 >= 0.875);
  CHECK(report.serving_summary.median_abs_error <= 0.185);
  CHECK(report.serving_summary.within_25 >= 0.65);
}

// tests/calibration/bf16-fp8-pairs.json: 27 published pairs of the same run in bf16 and in fp8 (NVIDIA
// dgxc-benchmarking's NeMo, MaxText and Paxml tables, llm-foundry's MPT benchmarks, Megatron-Bridge's
// DeepSeek-V3), never fitted to. They measure what fp8 buys end to end: 1.0-1.7×, mostly 1.3-1.5×.
// With fp8 matmuls at the datasheet's doubled rate the model predicted 1.65-1.75×, a median 1.3×
// the measured speedup; with the output layer at bf16 and the gradient GEMMs at the measured
// fp8_matmul_share, 1.17× (the fp8 casts' memory traffic is not counted). Guarded against going back.
TEST_CASE("published bf16/fp8 pairs: the predicted fp8 speedup stays near the measured one") {
  const Catalog& catalog = shipped_catalog();
  const std::string file = std::string(FTCOST_SOURCE_DIR) + "/tests/calibration/bf16-fp8-pairs.json";
  const CalibrationSet set = load_calibration(load_document(file), catalog);
  REQUIRE(set.training.size() == 54);
  CHECK(set.unscored.empty());
  const CalibrationReport report = run_calibration(set, catalog);
  std::map<std::string, const CaseResult*> by_id;
  for (const CaseResult& r : report.training) by_id[r.id] = &r;
  std::vector<double> overestimate;
  for (const auto& [id, bf16] : by_id) {
    if (!id.ends_with("-bf16")) continue;
    const auto fp8 = by_id.find(id.substr(0, id.size() - 5) + "-fp8");
    REQUIRE(fp8 != by_id.end());
    const double predicted = fp8->second->predicted / bf16->predicted;
    const double measured = fp8->second->measured / bf16->measured;
    overestimate.push_back(predicted / measured);
  }
  REQUIRE(overestimate.size() == 27);
  std::sort(overestimate.begin(), overestimate.end());
  const double median = overestimate[overestimate.size() / 2];
  CHECK(median < 1.20);
  CHECK(median > 0.95);
}

TEST_CASE("a case's power_limit_w runs its GPU below the TDP, as the source states") {
  const Catalog& catalog = shipped_catalog();
  const std::string text = R"json({"format": "ftcost-calibration/1", "training": [
    {"id": "full", "params": 8.03e9, "method": "pretrain", "gpu": "h100-sxm", "gpu_count": 8, "seq_len": 8192, "source": "lab", "measured": {"tokens_per_s_per_gpu": 6667}},
    {"id": "capped", "params": 8.03e9, "method": "pretrain", "gpu": "h100-sxm", "gpu_count": 8, "power_limit_w": 500, "seq_len": 8192, "source": "lab", "measured": {"tokens_per_s_per_gpu": 6667}}]})json";
  const CalibrationSet set = load_calibration(json_doc(text), catalog);
  REQUIRE(set.training.size() == 2);
  CHECK(set.training[0].gpu.power_limit_w == 0);
  CHECK(set.training[1].gpu.power_limit_w == 500);
  // 989.4 × (500 / 700)^0.56 = 819.48 TFLOP/s: the matmuls slow by that ratio, the memory terms do not.
  CHECK(set.training[1].gpu.sustained_tflops(Precision::bf16).value() == Approx(819.483).epsilon(1e-5));
  const CalibrationReport report = run_calibration(set, catalog);
  const double ratio = report.training[1].predicted / report.training[0].predicted;
  CHECK(ratio < 1.0);
  CHECK(ratio > 819.483 / 989.4);
}

TEST_CASE("cross-validation: a held-out source never sees its own cases") {
  // Two sources that disagree by a factor of two on the same GPU and model: each is predicted from
  // the other's fit, so each is off by ×2 or ×½, where an in-sample fit would split the difference.
  const Catalog& catalog = shipped_catalog();
  const std::string text = R"json({"format": "ftcost-calibration/1", "training": [
    {"id": "a1", "params": 8.03e9, "method": "full", "gpu": "h100-sxm", "gpu_count": 8, "seq_len": 4096, "source": "lab A, run 1", "measured": {"tokens_per_s_per_gpu": 8000}},
    {"id": "a2", "params": 8.03e9, "method": "full", "gpu": "h100-sxm", "gpu_count": 8, "seq_len": 4096, "source": "lab A, run 2", "measured": {"tokens_per_s_per_gpu": 8000}},
    {"id": "a3", "params": 8.03e9, "method": "full", "gpu": "h100-sxm", "gpu_count": 8, "seq_len": 4096, "source": "lab A (again)", "measured": {"tokens_per_s_per_gpu": 8000}},
    {"id": "b1", "params": 8.03e9, "method": "full", "gpu": "h100-sxm", "gpu_count": 8, "seq_len": 4096, "source": "lab B; table 1", "measured": {"tokens_per_s_per_gpu": 4000}},
    {"id": "b2", "params": 8.03e9, "method": "full", "gpu": "h100-sxm", "gpu_count": 8, "seq_len": 4096, "source": "lab B; table 2", "measured": {"tokens_per_s_per_gpu": 4000}},
    {"id": "b3", "params": 8.03e9, "method": "full", "gpu": "h100-sxm", "gpu_count": 8, "seq_len": 4096, "source": "lab B", "measured": {"tokens_per_s_per_gpu": 4000}}]})json";
  const CalibrationSet set = load_calibration(json_doc(text), catalog);
  CHECK(source_group(set.training[0].source) == "lab A");
  CHECK(source_group(set.training[3].source) == "lab B");
  // One GitHub project is one source, however its pages are named: the tables of a README and the
  // pages of its docs share a harness and authors, so a fold must hold them out together.
  CHECK(source_group("github.com/NVIDIA/TensorRT-LLM docs/source/performance.md") == "github.com/nvidia/tensorrt-llm");
  CHECK(source_group("https://github.com/nvidia/TensorRT-LLM/blob/main/docs/perf-overview.md (v1.0)") ==
        "github.com/nvidia/tensorrt-llm");
  CHECK(source_group("https://github.com/o/r, table 3") == "github.com/o/r");
  CHECK(source_group("github.com/o/r.git's README") == "github.com/o/r");
  CHECK(source_group("meta-llama/llama MODEL_CARD.md") == "github.com/meta-llama/llama");
  CHECK(source_group("github.com/pytorch/torchtune README.md 'Optimization flags' table") ==
        "github.com/pytorch/torchtune");
  // Without the host, only what reads as a repository and a path in it.
  CHECK(source_group("vLLM/SGLang comparison, 2024") == "vLLM/SGLang comparison");
  CHECK(source_group("Qwen/Qwen2.5-7B-Instruct model card") == "Qwen/Qwen2.5-7B-Instruct model card");
  CHECK(source_group("docs/results.md table 2") == "docs/results.md table 2");
  CHECK(source_group("huggingface.co/mosaicml/mpt-7b model card") == "huggingface.co/mosaicml/mpt-7b model card");
  CHECK(source_group("vLLM blog 'v0.6.0: 2.7x Throughput', 2024-09") == "vLLM blog 'v0.6.0: 2.7x Throughput'");
  // One source alone is not enough evidence to move a default (three cases from two sources are):
  // each fold keeps the prior, so both labs are predicted with the same, prior-based throughput.
  const CrossValidation cv = cross_validate(set, catalog, "2026-12-02");
  REQUIRE(cv.groups.size() == 2);
  CHECK(cv.held_out.training[0].predicted == Approx(cv.held_out.training[3].predicted));
  // Fitted on both (six cases, two sources): the median of the two sources' medians sits between them.
  const Catalog fitted = with_defaults(catalog, fit_defaults(set, catalog, "2026-12-02", FitStart::priors));
  const double both = predict_training(set.training[0], fitted).predicted;
  CHECK(both > 4000);
  CHECK(both < 8000);
}

TEST_CASE("the shipped fitted defaults are what --fit returns on the two files they were fitted to") {
  // data/defaults.json says its fitted values come from `calibrate published.json added.json --fit`;
  // a model change that moves the fit must ship the new values (and say what moved).
  const Catalog& catalog = shipped_catalog();
  const std::string dir = std::string(FTCOST_SOURCE_DIR) + "/tests/calibration/";
  const CalibrationSet set = merge_sets({load_calibration(load_document(dir + "published.json"), catalog),
                                         load_calibration(load_document(dir + "added.json"), catalog)});
  const std::vector<DefaultValue> fitted = fit_defaults(set, catalog, "2026-12-05");
  REQUIRE(fitted.size() >= 8);
  for (const DefaultValue& value : fitted) {
    INFO(value.id);
    const DefaultValue* shipped = catalog.find_default(value.id);
    REQUIRE(shipped != nullptr);
    CHECK(value.value == Approx(shipped->value).epsilon(1e-4));  // the catalog keeps four significant digits
  }
}

TEST_CASE("fit: writes an overlay estimate can load, and it does not worsen the fit") {
  const Catalog& catalog = shipped_catalog();
  const std::string file = std::string(FTCOST_SOURCE_DIR) + "/tests/calibration/published.json";
  const CalibrationSet set = load_calibration(load_document(file), catalog);
  const std::vector<DefaultValue> fitted = fit_defaults(set, catalog, "2026-11-29");
  REQUIRE_FALSE(fitted.empty());
  // The public file's only engine with cases is TensorRT-LLM, from one source: no engine's own
  // overhead has the evidence to move, so none is in the result (an overlay of them would replace
  // the shipped values with the all-engine one).
  for (const DefaultValue& value : fitted) {
    INFO(value.id);
    CHECK(value.id.rfind("serving.step_overhead_ms.", 0) == std::string::npos);
  }
  Catalog layered = catalog;
  merge_catalog(layered, parse_document(defaults_overlay(fitted), "fitted.json"));
  CHECK(layered.find_default("training.mfu.default") != nullptr);
  CHECK(layered.find_default("training.mfu.default")->source.as_of == "2026-11-29");
  const CalibrationReport before = run_calibration(set, catalog);
  const CalibrationReport after = run_calibration(set, layered);
  // What the training fit promises: one vote per source, the median of the sources' median speed
  // ratios (measured / predicted throughput) lands on 1 for the default the dense cases used.
  std::map<std::string, std::vector<double>> ratios;
  for (std::size_t i = 0; i < after.training.size(); ++i) {
    const CaseResult& r = after.training[i];
    if (r.moe || r.default_id != "training.mfu.default") continue;
    ratios[source_group(set.training[i].source)].push_back(r.metric == "gpu_hours" ? r.predicted / r.measured
                                                                                   : r.measured / r.predicted);
  }
  const auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
  };
  std::vector<double> source_medians;
  for (const auto& entry : ratios) source_medians.push_back(median(entry.second));
  REQUIRE(source_medians.size() >= 2);
  CHECK(median(source_medians) == Approx(1.0).margin(0.02));
  // ... which keeps the in-sample median error near where the shipped defaults (fitted on more files)
  // have it: the recompute cost is searched on Σ |log error| of the runs that recompute, not on the
  // median, so the median may move by a point or two.
  CHECK(after.training_summary.median_abs_error <= before.training_summary.median_abs_error + 0.02);
  // Serving is fitted on the mean |log(predicted / measured)| (sources weighted by √cases), not on
  // the median: that is what must not get worse.
  const auto mean_log_error = [](const std::vector<CaseResult>& results) {
    double sum = 0;
    for (const CaseResult& r : results) sum += std::abs(std::log(r.predicted / r.measured));
    return sum / static_cast<double>(results.size());
  };
  CHECK(mean_log_error(after.serving) <= mean_log_error(before.serving) + 0.05);
}

TEST_CASE("utilisation defaults: GPU id first, then product line, then architecture, then the fallback") {
  const Catalog& catalog = shipped_catalog();
  const GpuSpec* a100_80 = catalog.find_gpu("a100-80gb");
  const GpuSpec* t4 = catalog.find_gpu("t4");
  const GpuSpec* rtx4090 = catalog.find_gpu("rtx-4090");
  const GpuSpec* rtx3090 = catalog.find_gpu("rtx-3090");
  REQUIRE((a100_80 && t4 && rtx4090 && rtx3090));
  // One product-line knob ships (GeForce cards, fitted on two sources' runs); no per-GPU or
  // per-architecture one (issue 11: none rests on three measurements from two sources); an overlay
  // may still add one.
  CHECK(training_assumptions(catalog, *a100_80).mfu_default_id == "training.mfu.default");
  CHECK(training_assumptions(catalog, *t4).mfu_default_id == "training.mfu.default");
  CHECK(training_assumptions(catalog, *rtx4090).mfu_default_id == "training.mfu.geforce");
  CHECK(training_assumptions(catalog, *rtx3090).mfu_default_id == "training.mfu.geforce");
  // GeForce cards stay within one machine when ftcost picks the count (training.max_gpus.geforce).
  CHECK(training_assumptions(catalog, *rtx4090).max_gpus == 8);
  CHECK(training_assumptions(catalog, *a100_80).max_gpus == 1024);
  CHECK(training_assumptions(catalog, *catalog.find_gpu("rtx-a6000")).mfu_default_id == "training.mfu.default");
  Catalog layered = catalog;
  merge_catalog(
      layered, parse_document("format: ftcost-catalog/1\ndefaults:\n"
                              "  - {id: training.mfu.ampere, value: 0.6, source: my runs, as_of: \"2026-12-01\"}\n"
                              "  - {id: training.mfu.a100-80gb, value: 0.7, source: my runs, as_of: \"2026-12-01\"}\n"
                              "  - {id: training.mfu.datacenter, value: 0.55, source: my runs, as_of: \"2026-12-01\"}\n"
                              "  - {id: training.mfu.rtx-3090, value: 0.5, source: my runs, as_of: \"2026-12-01\"}\n",
                              "mine.yaml"));
  CHECK(training_assumptions(layered, *a100_80).mfu_default_id == "training.mfu.a100-80gb");
  // The product line comes before the architecture; a GPU id before both.
  CHECK(training_assumptions(layered, *catalog.find_gpu("a100-40gb")).mfu_default_id == "training.mfu.datacenter");
  CHECK(training_assumptions(layered, *rtx3090).mfu_default_id == "training.mfu.rtx-3090");
  CHECK(training_assumptions(layered, *rtx4090).mfu_default_id == "training.mfu.geforce");
  GpuSpec unlined = *catalog.find_gpu("a100-40gb");
  unlined.product_line.clear();
  CHECK(training_assumptions(layered, unlined).mfu_default_id == "training.mfu.ampere");
  CHECK(serving_assumptions(catalog, *t4).compute_efficiency_id == "serving.compute_efficiency");
  // One tensor-parallel sharding efficiency for every GPU; the all-reduce hops cost NCCL's per-link
  // latency: 1.0 µs over PCIe, 0.47 µs over NVLink (src/graph/tuning.cc, ring LL).
  CHECK(serving_assumptions(catalog, *t4).tensor_parallel_efficiency ==
        serving_assumptions(catalog, *a100_80).tensor_parallel_efficiency);
  CHECK(serving_assumptions(catalog, *t4).allreduce_hop_latency_us == 1.0);
  CHECK(serving_assumptions(catalog, *a100_80).allreduce_hop_latency_us == 0.47);
  CHECK(serving_assumptions(catalog, *a100_80).allreduce_base_latency_us == 3.6);
}

TEST_CASE("a mixture-of-experts case keeps its active parameters on the matched model") {
  const ModelSpec m = model_for_case(46.7e9, 12.9e9, {}, shipped_catalog());
  CHECK(m.id == "mixtral-8x7b");
  CHECK(m.active() == 12.9e9);
}

TEST_CASE("model identity: a mixture of experts never resolves to a dense shape") {
  const Catalog& catalog = shipped_catalog();
  // 400B total / 17B active is Llama 4 Maverick, not the dense Llama 3.1 405B (1.2% away in total).
  const ModelSpec maverick = model_for_case(400e9, 17e9, {}, catalog);
  CHECK(maverick.id == "llama-4-maverick");
  CHECK(maverick.hidden_size == 5120);
  // An unknown MoE (300B / 20B) gets the scaling rule on its ACTIVE parameters:
  // aspect 97.3 × (20 / 7)^0.157 = 114.7, 12·d³/114.7 + 32000·d = 20e9 → d = 5743.5 → 5760 (a multiple
  // of 64), layers = (20e9 − 32000 × 5760) / (12 × 5760²) = 49.8 → 50, grouped-query attention with 8
  // KV heads, experts sized from total − active.
  const ModelSpec rule = model_for_case(300e9, 20e9, {}, catalog);
  CHECK(rule.id == "moe-scaling-rule");
  CHECK(rule.hidden_size == 5760);
  CHECK(rule.layers == 50);
  CHECK(rule.kv_heads == 8);
  CHECK(rule.moe());
  // A dense 405B case still matches the dense catalog model.
  CHECK(model_for_case(405e9, std::nullopt, {}, catalog).id == "llama-3.1-405b");
  // Hints pin the shape: a named model, or dimensions the match must agree with.
  ModelHint named;
  named.model = "mistral-7b";
  CHECK(model_for_case(7e9, std::nullopt, named, catalog).id == "mistral-7b");
  ModelHint deep;
  deep.layers = 40;
  CHECK(model_for_case(8e9, std::nullopt, deep, catalog).layers == 40);
}

TEST_CASE("a serving case's stated confidence sets its weight in the fit") {
  const Catalog& catalog = shipped_catalog();
  const std::string text = R"json({"format": "ftcost-calibration/1", "serving": [
    {"id": "h", "params": 7e9, "gpu": "a100-80gb", "confidence": "high", "source": "lab A", "measured": {"output_tokens_per_s_per_gpu": 1000}},
    {"id": "m", "params": 7e9, "gpu": "a100-80gb", "confidence": "medium", "source": "lab B", "measured": {"output_tokens_per_s_per_gpu": 1000}},
    {"id": "l", "params": 7e9, "gpu": "a100-80gb", "confidence": "low", "source": "lab C", "measured": {"output_tokens_per_s_per_gpu": 1000}},
    {"id": "u", "params": 7e9, "gpu": "a100-80gb", "source": "my endpoint", "measured": {"output_tokens_per_s_per_gpu": 1000}}]})json";
  const CalibrationSet set = load_calibration(json_doc(text), catalog);
  REQUIRE(set.serving.size() == 4);
  CHECK(set.serving[0].fit_weight == 1.0);
  CHECK(set.serving[1].fit_weight == 0.5);
  CHECK(set.serving[2].fit_weight == 0.25);
  CHECK(set.serving[3].fit_weight == 1.0);  // the user's own measurement, unqualified
}

TEST_CASE("an offline vLLM 0.5 measurement does not pay the API server's share of the per-step overhead") {
  // The server's share of the overhead is the median of four published splits, one per source:
  // vLLM's profile of 0.5.3 (API server 33% of the step, scheduling 29%: 33 / 62 = 0.53), PR #6883
  // (0.42), PR #5046 (0.29) and issue #580 (0.67): 0.475. An offline case (its `offline`, or a source
  // that says so) runs at overhead × (1 − 0.475); an online one, and every estimate, at the whole
  // overhead.
  const Catalog& catalog = shipped_catalog();
  const std::string text = R"({"format": "ftcost-calibration/1", "serving": [
    {"id": "online", "params": 8e9, "gpu": "h100-sxm", "engine": "vllm 0.5.4", "concurrency": 64,
     "measured": {"output_tokens_per_s_per_gpu": 3000}},
    {"id": "said", "params": 8e9, "gpu": "h100-sxm", "engine": "vllm-0.5", "offline": true, "concurrency": 64,
     "measured": {"output_tokens_per_s_per_gpu": 3000}},
    {"id": "read", "params": 8e9, "gpu": "h100-sxm", "engine": "vllm-0.5", "concurrency": 64,
     "source": "a guide's 'Offline Batch Benchmarking' section", "measured": {"output_tokens_per_s_per_gpu": 3000}},
    {"id": "not-a-word", "params": 8e9, "gpu": "h100-sxm", "engine": "vllm-0.5", "concurrency": 64,
     "source": "offlined results", "measured": {"output_tokens_per_s_per_gpu": 3000}},
    {"id": "trt", "params": 8e9, "gpu": "h100-sxm", "engine": "tensorrt-llm", "offline": true, "concurrency": 64,
     "measured": {"output_tokens_per_s_per_gpu": 3000}}]})";
  const CalibrationSet set = load_calibration(json_doc(text), catalog);
  CHECK_FALSE(set.serving[0].offline);
  CHECK(set.serving[1].offline);
  CHECK(set.serving[2].offline);
  CHECK_FALSE(set.serving[3].offline);
  const double share = required_default(catalog, "serving.api_server_share.vllm-0.5").value;
  CHECK(share == Approx((0.42 + 0.53) / 2).margin(0.005));
  const GpuSpec& h100 = *catalog.find_gpu("h100-sxm");
  const ServingAssumptions online = serving_assumptions(catalog, h100, "vllm-0.5");
  const ServingAssumptions offline = serving_assumptions(catalog, h100, "vllm-0.5", true);
  CHECK(offline.step_overhead_ms == Approx(online.step_overhead_ms * (1 - share)));
  CHECK(offline.api_server_share_removed == share);
  // TensorRT-LLM's server is a process of its own: offline or not, the same overhead.
  CHECK(serving_assumptions(catalog, h100, "tensorrt-llm", true).step_overhead_ms ==
        serving_assumptions(catalog, h100, "tensorrt-llm").step_overhead_ms);
  const CalibrationReport r = run_calibration(set, catalog);
  CHECK_THAT(r.serving[1].detail, Catch::Contains("less its API server's 48%, offline)"));
  CHECK(r.serving[1].predicted > r.serving[0].predicted);
  CHECK(set.serving[4].offline);
  CHECK_THAT(r.serving[4].detail, !Catch::Contains("API server"));
}

TEST_CASE("a training case may state its recipe's micro-batch: a whole number of sequences") {
  const Catalog& catalog = shipped_catalog();
  const std::string base = R"({"format": "ftcost-calibration/1", "training": [
    {"id": "a", "params": 7e9, "method": "qlora", "gpu": "a100-80gb", "seq_len": 2048, MB
     "measured": {"tokens_per_s_per_gpu": 2000}}]})";
  auto with = [&](const std::string& field) {
    std::string text = base;
    text.replace(text.find("MB"), 2, field);
    return text;
  };
  const CalibrationSet stated = load_calibration(json_doc(with(R"("micro_batch": 1,)")), catalog);
  CHECK(stated.training[0].micro_batch == 1);
  const CalibrationSet unstated = load_calibration(json_doc(with("")), catalog);
  CHECK_FALSE(unstated.training[0].micro_batch);
  // Batch 1 pays QLoRA's dequantisation per sequence: slower than as many as fit.
  CHECK(run_calibration(stated, catalog).training[0].predicted <
        run_calibration(unstated, catalog).training[0].predicted);
  CHECK(set_aside_field(with(R"("micro_batch": 1.5,)")) == "training[0].micro_batch");
}

TEST_CASE("a training measurement that implies an MFU above what matmuls reach is flagged as doubtful") {
  // 6.44B parameters match no catalog model within 2%; the cases give 32 layers of hidden 4096, and
  // every parameter is multiplied (the scaling rule's tied vocabulary). Pre-training at 2,048 tokens:
  // 6 × 6,442,450,944 + 12 × ½ × 32 × 4096 × 2048 = 40,265,318,400 FLOPs per token; on an H100
  // (989.4 TFLOP/s dense bf16) 24,000 tokens/s is an MFU of 0.9767, 12,000 of 0.4884.
  const std::string text = R"({"format": "ftcost-calibration/1", "training": [
    {"id": "too-fast", "params": 6442450944, "layers": 32, "hidden_size": 4096, "method": "pretrain", "gpu": "h100", "gpu_count": 8,
     "precision": "bf16", "seq_len": 2048, "measured": {"tokens_per_s_per_gpu": 24000}},
    {"id": "plausible", "params": 6442450944, "layers": 32, "hidden_size": 4096, "method": "pretrain", "gpu": "h100", "gpu_count": 8,
     "precision": "bf16", "seq_len": 2048, "measured": {"tokens_per_s_per_gpu": 12000}},
    {"id": "whole-run", "params": 6442450944, "layers": 32, "hidden_size": 4096, "method": "pretrain", "gpu": "h100", "gpu_count": 64,
     "precision": "bf16", "seq_len": 2048, "measured": {"tokens": 1e12, "gpu_hours": 22610}}]})";
  const Catalog& catalog = shipped_catalog();
  const CalibrationReport r = run_calibration(load_calibration(json_doc(text), catalog), catalog);
  REQUIRE(r.training.size() == 3);
  CHECK_THAT(r.training[0].detail, Catch::Contains("(L32 d4096)"));
  CHECK(r.training[0].implied_mfu == Approx(0.9767).epsilon(1e-3));
  CHECK(r.training[0].doubtful);  // above calibration.max_plausible_mfu (0.87, the A100's best matmul)
  CHECK_THAT(r.training[0].detail, Catch::Contains("doubtful: the measurement implies MFU 98%"));
  CHECK(r.training[1].implied_mfu == Approx(0.4884).epsilon(1e-3));
  CHECK_FALSE(r.training[1].doubtful);
  // A whole run over all its hours, restarts included (not at ftcost's goodput): 1e12 tokens ×
  // 40,265,318,400 FLOPs / (989.4e12 × 3600 × 22,610 GPU-hours) = 0.5000.
  CHECK(r.training[2].metric == "gpu_hours");
  CHECK(r.training[2].implied_mfu == Approx(0.5).epsilon(1e-3));
}

TEST_CASE("more of an author's words: counts in names, tensor-parallel sizes, methods and precisions in prose") {
  const Catalog& catalog = shipped_catalog();
  const std::string cases = R"json({"format": "ftcost-calibration/1", "notes": "for people", "training": [
    {"id": "moe-total", "params": 46.7e9, "method": "LoRA fine-tuning", "gpu": "8x H100",
     "measured": {"tokens_per_s_per_gpu": 3000}},
    {"id": "nodes", "params": 8e9, "method": "SFT (LoRA)", "gpu": "DGX H100", "nodes": 4, "gpus_per_node": 8,
     "precision": "BF16 AMP", "seq_len": "2K", "measured": {"tokens_per_s_per_gpu": 3000}},
    {"id": "qlora", "params": 8e9, "method": "4-bit LoRA", "gpu": "H100 80GB PCIe", "gpu_count": 1,
     "measured": {"tokens_per_s_per_gpu": 2000}},
    {"id": "full", "params": 8e9, "method": "supervised fine-tuning", "gpu": "h100", "gpu_count": 8,
     "precision": "FP8 (E4M3)", "source": {"url": "https://example.org"}, "measured": {"tokens_per_s_per_gpu": 9000}}],
    "serving": [{"id": "tp", "params": 70.6e9, "gpu": "h100", "gpu_count": 8, "tp": 2, "precision": "GPTQ-Int8",
     "source": "TGI vs vLLM", "measured": {"output_tokens_per_s": 8000}}]})json";
  const CalibrationSet set = load_calibration(json_doc(cases), catalog);
  CHECK(set.unscored.empty());
  REQUIRE(set.training.size() == 4);
  // 46.7B is Mixtral 8x7B's total: its 12.9B active, not a dense 46.7B.
  const TrainingCase& moe = set.training[0];
  REQUIRE(moe.active_params);
  CHECK(*moe.active_params == catalog.find_model("mixtral-8x7b")->active());
  CHECK(moe.method == "lora");
  CHECK(moe.gpu.id == "h100-sxm");
  CHECK(moe.gpu_count == 8);
  const TrainingCase& nodes = set.training[1];
  CHECK(nodes.gpu.id == "h100-sxm");
  CHECK(nodes.gpu_count == 32);
  CHECK(nodes.method == "lora");
  CHECK(nodes.precision == Precision::bf16);
  CHECK(nodes.seq_len == 2048);
  CHECK(set.training[2].method == "qlora");
  CHECK(set.training[2].gpu.id == "h100-pcie");
  CHECK(set.training[3].method == "full");
  CHECK(set.training[3].precision == Precision::fp8);
  CHECK(set.training[3].source == R"({"url":"https://example.org"})");
  REQUIRE(set.serving.size() == 1);
  const ServingCase& tp = set.serving[0];
  CHECK(tp.gpu_count == 2);                       // replicas of two GPUs
  CHECK(tp.output_tokens_per_s_per_gpu == 1000);  // 8,000 over all 8 GPUs
  CHECK(tp.precision == Precision::int8);
  CHECK(tp.engine == "tgi");  // the first engine named
  const std::string detail = predict_serving(tp, catalog).detail;
  CHECK_THAT(detail, Catch::Contains("tensor parallel 2 of 8 GPUs: replicas of 2") &&
                         Catch::Contains("precision 'gptq-int8' as int8"));
  CHECK_THAT(predict_training(moe, catalog).detail,
             Catch::Contains("active_params not stated: 46.7B is mixtral-8x7b's total") &&
                 Catch::Contains("gpu_count 8 from the GPU's name") &&
                 Catch::Contains("method 'LoRA fine-tuning' as lora"));
}

TEST_CASE("readings that would guess are refused: two formats, impossible counts, dates and memory types") {
  const Catalog& catalog = shipped_catalog();
  // A phrase naming two formats is no precision; "8 bit" is one word, and beats a scheme's 4-bit default.
  CHECK_FALSE(precision_in_words("bf16 with an fp8 KV cache"));
  CHECK(precision_in_words("AWQ 8-bit") == Precision::int8);
  CHECK(precision_in_words("4-bit") == Precision::int4);
  CHECK(precision_in_words("torch.bfloat16") == Precision::bf16);
  CHECK_FALSE(parse_precision("BF16 AMP"));  // scenarios take names, not phrases
  // A release date is dropped from the name looked up, never from the catalog's aliases: a 2409
  // Mistral Small is not the 2501 one. HBM2e tells the A100 80 GB from the 40 GB: not dropped.
  CHECK(catalog.find_model("mistralai/Mistral-Small-24B-Instruct-2501") != nullptr);
  CHECK(catalog.find_model("Mistral-Small-2409") == nullptr);
  CHECK(catalog.find_gpu("A100 HBM2e") == nullptr);
  CHECK(catalog.find_gpu("NVIDIA H100 80GB HBM3")->id == "h100-sxm");
  const std::string cases = R"({"format": "ftcost-calibration/1", "training": [
    {"id": "zero", "params": 7e9, "method": "full", "gpu": "0x H100", "measured": {"tokens_per_s_per_gpu": 1000}},
    {"id": "huge", "params": 7e9, "method": "full", "gpu": "h100", "nodes": 100000, "gpus_per_node": 100000,
     "measured": {"tokens_per_s_per_gpu": 1000}}],
    "serving": [
    {"id": "tp-wider", "params": 7e9, "gpu": "h100", "gpu_count": 2, "tp": 8, "measured": {"output_tokens_per_s_per_gpu": 100}},
    {"id": "tp-total", "params": 7e9, "gpu": "h100", "tp": 2, "measured": {"output_throughput": 5000}}]})";
  const CalibrationSet set = load_calibration(json_doc(cases), catalog);
  // "0x H100" gives no count: unknown GPU, set aside, never a division by zero.
  std::vector<std::string> aside;
  for (const UnscoredCase& u : set.unscored) aside.push_back(u.id);
  CHECK(aside == std::vector<std::string>{"zero", "huge", "tp-wider"});
  REQUIRE(set.serving.size() == 1);
  CHECK(set.serving[0].gpu_count == 2);
  CHECK(set.serving[0].output_tokens_per_s_per_gpu == 2500);  // the total over the replica's two GPUs
}

TEST_CASE("keys written in capitals or camelCase are calibrate's fields, and errors keep their lines") {
  const std::string cases = R"({"Format": "ftcost-calibration/1", "Training": [
    {"ID": "a", "Params": 8e9, "Method": "LoRA", "GPU": "h100", "gpuCount": 2, "Measured": {"tokensPerSecPerGpu": 5000}},
    {"ID": "b", "Params": -8e9, "Method": "LoRA", "GPU": "h100", "GPU count": 1,
     "Measured": {"tokens_per_s_per_gpu": 5000}}]})";
  const CalibrationSet set = load_calibration(json_doc(cases), shipped_catalog());
  REQUIRE(set.training.size() == 1);
  CHECK(set.training[0].id == "a");
  CHECK(set.training[0].gpu_count == 2);
  CHECK(set.training[0].tokens_per_s_per_gpu == 5000);
  REQUIRE(set.unscored.size() == 1);
  CHECK(set.unscored[0].field == "training[1].params");
  CHECK(set.unscored[0].where.line == 3);
}

TEST_CASE("camelCase acronyms split where a word starts, and one field in two spellings is given twice") {
  const std::string cases = R"({"format": "ftcost-calibration/1", "training": [
    {"id": "camel", "params": 8e9, "method": "lora", "gpu": "h100", "GPUCount": 2,
     "Measured": {"tokensPerSPerGpu": 5000}},
    {"id": "twice", "params": 8e9, "method": "lora", "gpu": "h100",
     "GPU": "a100", "measured": {"tokens_per_s_per_gpu": 5000}},
    {"id": "counts", "params": 8e9, "method": "lora", "gpu": "8x H100", "gpu_count": 4,
     "measured": {"tokens_per_s_per_gpu": 5000}},
    {"id": "none", "params": 8e9, "method": "lora", "gpu": "H100 x 0", "measured": {"tokens_per_s_per_gpu": 5000}}]})";
  const CalibrationSet set = load_calibration(json_doc(cases), shipped_catalog());
  REQUIRE(set.training.size() == 1);
  CHECK(set.training[0].gpu_count == 2);
  CHECK(set.training[0].tokens_per_s_per_gpu == 5000);
  REQUIRE(set.unscored.size() == 3);
  CHECK(set.unscored[0].field == "training[1].GPU");
  CHECK(set.unscored[0].problem == "gives gpu a second time (as \"gpu\" does)");
  CHECK(set.unscored[0].where.line == 5);
  CHECK(set.unscored[1].problem == "is 4, and the GPU's name says 8");
  CHECK(set.unscored[2].problem == "names 0 GPUs");
}
