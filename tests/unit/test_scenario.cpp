#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <algorithm>

#include "ftcost/catalog/load.hpp"
#include "ftcost/models/training.hpp"
#include "ftcost/render/json.hpp"
#include "ftcost/report/report.hpp"
#include "ftcost/scenario/load.hpp"
#include "ftcost/util/error.hpp"

using namespace ftcost;

namespace {

const std::string root = std::string(FTCOST_SOURCE_DIR) + "/";

Scenario load_text(const std::string& text, const std::string& name = "test.yaml") {
  return load_scenario(parse_document(text, name), shipped_catalog());
}

const std::string minimal = R"(version: 1
data: {examples: 10k, tokens_per_example: 500}
model: llama-3.1-8b
training: {gpu: h100-sxm}
hosting: {queries_per_month: 1M, input_tokens: 400, output_tokens: 200}
)";

// `minimal` less its model line, to follow a "version: 1\nmodel: …" of a test's own.
const std::string minimal_without_model = R"(
data: {examples: 10k, tokens_per_example: 500}
training: {gpu: h100-sxm}
hosting: {queries_per_month: 1M, input_tokens: 400, output_tokens: 200}
)";

InputError error_of(const std::string& text) {
  try {
    load_text(text);
  } catch (const InputError& error) {
    return error;
  }
  FAIL("expected an InputError");
  throw;
}

}  // namespace

TEST_CASE("YAML and JSON versions of a scenario give the same estimate", "[scenario]") {
  const Scenario yaml = load_scenario_file(root + "examples/low-volume-internal-tool.yaml", shipped_catalog());
  const Scenario json = load_scenario_file(root + "examples/low-volume-internal-tool.json", shipped_catalog());
  nlohmann::json a = report_to_json(build_report(yaml));
  nlohmann::json b = report_to_json(build_report(json));
  a["scenario"].erase("file");
  b["scenario"].erase("file");
  a.erase("break_even");  // its notes are equal; keep the comparison on numbers and lines
  b.erase("break_even");
  CHECK(a == b);
}

TEST_CASE("human quantities and defaults are read and recorded", "[scenario]") {
  const Scenario s = load_text(minimal);
  CHECK(s.data.examples == 10000);
  CHECK(s.hosting.queries_per_month == 1e6);
  CHECK(s.training.method == TrainingMethod::lora);
  CHECK(s.training.epochs == 3);
  CHECK(s.horizon_months == 24);
  const auto applied = [&](const std::string& field) {
    return std::any_of(s.defaults_applied.begin(), s.defaults_applied.end(),
                       [&](const AppliedDefault& d) { return d.field == field; });
  };
  CHECK(applied("training.method"));
  CHECK(applied("training.mfu"));
  CHECK(applied("hosting.peak_factor"));
  CHECK(applied("horizon_months"));
  CHECK_FALSE(applied("data.examples"));
}

TEST_CASE("a GPU may be given by its specs instead of a catalog name", "[scenario]") {
  const Scenario s = load_text(R"(version: 1
data: {examples: 10k, tokens_per_example: 500}
model: {params: 7B, layers: 32, hidden_size: 4096}
training:
  gpu: {memory_gb: 96, memory_bandwidth_gb_s: 4000, peak_tflops: {bf16: 1200}}
  usd_per_gpu_hour: 3
hosting: {queries_per_month: 1M, input_tokens: 400, output_tokens: 200}
)");
  CHECK(s.training.gpu.id == "custom-gpu");
  CHECK(s.training.gpu.memory_gb == 96);
  CHECK(*s.training.gpu.peak_tflops(Precision::bf16) == 1200);
  CHECK(s.training.gpu_hour.usd == 3);
  // Hosting defaults to the training GPU at the training price.
  CHECK(s.hosting.gpu.id == "custom-gpu");
  CHECK(s.hosting.gpu_hour.usd == 3);
  // An explicit model gets documented defaults for what it leaves out.
  CHECK(s.model.attention_heads == 32);
  CHECK(s.model.kv_heads == 32);
  CHECK(s.training.assumptions.mfu_default_id == "training.mfu.default");
  // Untied embeddings unless stated (most models since Llama): a default the user sees.
  CHECK_FALSE(s.model.tied_embeddings);
  CHECK(std::any_of(s.defaults_applied.begin(), s.defaults_applied.end(),
                    [](const AppliedDefault& d) { return d.field == "model.tied_embeddings"; }));
}

TEST_CASE("a GPU given by its specs takes the measured parts' fp8 matmul share unless it states one", "[scenario]") {
  const std::string head = "version: 1\ndata: {examples: 10k, tokens_per_example: 500}\nmodel: llama-3.1-8b\n";
  const std::string tail = "hosting: {queries_per_month: 1M, input_tokens: 400, output_tokens: 200}\n";
  const std::string specs = "memory_gb: 96, memory_bandwidth_gb_s: 4000, peak_tflops: {bf16: 1000, fp8: 2000}";
  const Scenario unstated = load_text(head + "training: {gpu: {" + specs + "}, usd_per_gpu_hour: 3}\n" + tail);
  // data/defaults.json gpu.fp8_matmul_share: the median of the seven measured parts' ratios.
  CHECK(unstated.training.gpu.fp8_matmul_share == Approx(0.89));
  CHECK(*unstated.training.gpu.matmul_tflops(Precision::fp8) == Approx(2000 * 0.89));
  CHECK(std::any_of(unstated.defaults_applied.begin(), unstated.defaults_applied.end(),
                    [](const AppliedDefault& d) { return d.field == "training.gpu.fp8_matmul_share"; }));
  const Scenario stated =
      load_text(head + "training: {gpu: {" + specs + ", fp8_matmul_share: 0.95}, usd_per_gpu_hour: 3}\n" + tail);
  CHECK(stated.training.gpu.fp8_matmul_share == Approx(0.95));
  // Starting from a catalog part keeps that part's measured share (Hopper: 0.889).
  const Scenario named = load_text(head + "training: {gpu: {name: h100-sxm, memory_gb: 80}}\n" + tail);
  CHECK(named.training.gpu.fp8_matmul_share == Approx(0.889));
  CHECK_THROWS_WITH(
      load_text(head + "training: {gpu: {" + specs + ", fp8_matmul_share: 1.5}, usd_per_gpu_hour: 3}\n" + tail),
      Catch::Contains("fp8_matmul_share") && Catch::Contains("0.889"));
  // The value is the catalog's: a price book that moves it moves every GPU given by its specs.
  Catalog moved = shipped_catalog();
  for (DefaultValue& value : moved.defaults) {
    if (value.id == "gpu.fp8_matmul_share") value.value = 0.8;
  }
  const Scenario follows = load_scenario(
      parse_document(head + "training: {gpu: {" + specs + "}, usd_per_gpu_hour: 3}\n" + tail, "t.yaml"), moved);
  CHECK(follows.training.gpu.fp8_matmul_share == Approx(0.8));
  // Without an fp8 peak nothing uses it: no default recorded, and stating one is a mistake.
  const std::string bf16_only = "memory_gb: 96, memory_bandwidth_gb_s: 4000, peak_tflops: {bf16: 1000}";
  const Scenario plain = load_text(head + "training: {gpu: {" + bf16_only + "}, usd_per_gpu_hour: 3}\n" + tail);
  CHECK(std::none_of(plain.defaults_applied.begin(), plain.defaults_applied.end(),
                     [](const AppliedDefault& d) { return d.field.find("fp8_matmul_share") != std::string::npos; }));
  CHECK_THROWS_WITH(
      load_text(head + "training: {gpu: {" + bf16_only + ", fp8_matmul_share: 0.9}, usd_per_gpu_hour: 3}\n" + tail),
      Catch::Contains("has no fp8 peak"));
}

TEST_CASE("tied embeddings: the catalog's answer, a scenario's override, and an embedding larger than the model",
          "[scenario]") {
  const std::string& rest = minimal_without_model;
  CHECK(load_text("version: 1\nmodel: llama-3.2-1b" + rest).model.tied_embeddings);
  CHECK_FALSE(load_text("version: 1\nmodel: llama-3.1-8b" + rest).model.tied_embeddings);
  CHECK(load_text("version: 1\nmodel: {name: llama-3.1-8b, tied_embeddings: true}" + rest).model.tied_embeddings);
  // 256k words × 8,192 wide = 2.1B looked-up parameters in a "1B" model: a typo, said where.
  const InputError error =
      error_of("version: 1\nmodel: {params: 1B, layers: 16, hidden_size: 8192, vocab_size: 256000}" + rest);
  CHECK(error.field() == "model.vocab_size");
  CHECK_THAT(error.problem(), Catch::Contains("is not below the 1B active parameters"));
  CHECK_THAT(error.fix(), Catch::Contains("tied_embeddings: true"));
}

TEST_CASE("a directly projected query is read for latent attention and refused without it", "[scenario]") {
  const std::string& rest = minimal_without_model;
  CHECK(load_text("version: 1\nmodel: deepseek-v2-lite" + rest).model.query_projected_directly);
  CHECK_FALSE(load_text("version: 1\nmodel: deepseek-v3" + rest).model.query_projected_directly);
  CHECK(load_text("version: 1\nmodel: {name: deepseek-v3, query_projected_directly: true}" + rest)
            .model.query_projected_directly);
  const InputError error = error_of("version: 1\nmodel: {name: llama-3.1-8b, query_projected_directly: true}" + rest);
  CHECK(error.field() == "model.query_projected_directly");
  CHECK_THAT(error.problem(), Catch::Contains("is for latent attention"));
  CHECK_THAT(error.fix(), Catch::Contains("kv_cache_dim"));
}

TEST_CASE("a mixture of experts routes in at most all of its layers", "[scenario]") {
  const std::string& rest = minimal_without_model;
  const InputError error = error_of(
      "version: 1\nmodel: {params: 10B, active_params: 2B, layers: 8, hidden_size: 4096, experts: 8, "
      "experts_per_token: 2, moe_layers: 20}" +
      rest);
  CHECK(error.field() == "model.moe_layers");
  CHECK_THAT(error.problem(), Catch::Contains("more than the model's 8 layers"));
}

TEST_CASE("shared-expert and dense-layer widths belong to a mixture of experts", "[scenario]") {
  const std::string rest = R"(
data: {examples: 10k, tokens_per_example: 500}
training: {gpu: h100-sxm, method: lora}
hosting: {queries_per_month: 1M, input_tokens: 400, output_tokens: 200}
)";
  const InputError error = error_of(
      "version: 1\nmodel: {params: 8B, layers: 32, hidden_size: 4096, shared_expert_intermediate_size: 2048}" + rest);
  CHECK(error.field() == "model.shared_expert_intermediate_size");
  CHECK_THAT(error.problem(), Catch::Contains("is for a mixture of experts"));
  const Scenario moe = load_text(
      "version: 1\nmodel: {params: 16B, active_params: 3B, layers: 28, hidden_size: 2048, experts: 64, "
      "experts_per_token: 6, moe_layers: 27, shared_expert_intermediate_size: 2816, dense_intermediate_size: "
      "10944}" +
      rest);
  CHECK(moe.model.shared_expert_intermediate_size == 2816);
  CHECK(moe.model.dense_intermediate_size == 10944);
  // A catalog mixture made dense drops the widths it inherited instead of blaming the user for them.
  const Scenario dense = load_text("version: 1\nmodel: {name: qwen1.5-moe-a2.7b, active_params: 14.32B}" + rest);
  CHECK_FALSE(dense.model.shared_expert_intermediate_size);
  // A dense-layer width where every layer routes to experts has nothing to apply to.
  const InputError all_routed = error_of(
      "version: 1\nmodel: {params: 16B, active_params: 3B, layers: 28, hidden_size: 2048, experts: 64, "
      "experts_per_token: 6, dense_intermediate_size: 10944}" +
      rest);
  CHECK(all_routed.field() == "model.dense_intermediate_size");
  CHECK_THAT(all_routed.fix(), Catch::Contains("moe_layers below layers"));
}

TEST_CASE("training.micro_batch: the recipe's per-GPU batch, a whole number", "[scenario]") {
  const std::string head = "version: 1\nmodel: llama-3.1-8b\ndata: {examples: 10k, tokens_per_example: 500}\n";
  const std::string tail = "hosting: {queries_per_month: 1M, input_tokens: 400, output_tokens: 200}\n";
  CHECK_FALSE(load_text(head + "training: {gpu: h100-sxm}\n" + tail).training.micro_batch);
  CHECK(load_text(head + "training: {gpu: h100-sxm, micro_batch: 2}\n" + tail).training.micro_batch == 2);
  const InputError error = error_of(head + "training: {gpu: h100-sxm, micro_batch: 1.5}\n" + tail);
  CHECK(error.field() == "training.micro_batch");
}

TEST_CASE("a price-book model named by string is checked for an embedding larger than the model too", "[scenario]") {
  Catalog catalog = shipped_catalog();
  merge_catalog(catalog, parse_document("format: ftcost-catalog/1\nmodels:\n  - {id: odd-1b, params: 1e9, layers: 16, "
                                        "hidden_size: 8192, vocab_size: 256000, source: test, as_of: \"2026-01-01\"}\n",
                                        "book.yaml"));
  try {
    load_scenario(parse_document(R"(version: 1
model: odd-1b
data: {examples: 10k, tokens_per_example: 500}
training: {gpu: h100-sxm}
hosting: {queries_per_month: 1M, input_tokens: 400, output_tokens: 200}
)",
                                 "test.yaml"),
                  catalog);
    FAIL("expected an InputError");
  } catch (const InputError& error) {
    CHECK(error.field() == "model");
    CHECK_THAT(error.problem(), Catch::Contains("odd-1b: vocab_size × hidden_size"));
  }
}

namespace {

// An RTX 5090-like card the catalog does not know, given by its specs and a product line (line 5).
std::string custom_gpu_scenario(const std::string& product_line) {
  return R"(version: 1
data: {examples: 10k, tokens_per_example: 500}
model: llama-3.1-8b
training:
  gpu: {memory_gb: 32, memory_bandwidth_gb_s: 1792, peak_tflops: {bf16: 209.5}, product_line: )" +
         product_line + R"(}
  usd_per_gpu_hour: 0.9
hosting: {queries_per_month: 1M, input_tokens: 400, output_tokens: 200}
)";
}

}  // namespace

TEST_CASE("a GPU given by its specs may name its product line, which picks the matmul efficiency", "[scenario]") {
  // GeForce runs get the GeForce efficiency.
  const Scenario s = load_text(custom_gpu_scenario("geforce"));
  CHECK(s.training.gpu.product_line == "geforce");
  CHECK(s.training.assumptions.mfu_default_id == "training.mfu.geforce");
  CHECK(s.training.assumptions.mfu == Approx(required_default(shipped_catalog(), "training.mfu.geforce").value));
}

TEST_CASE("errors name file, line, column and field", "[scenario]") {
  std::string text = minimal;
  text.replace(text.find("gpu: h100-sxm"), 13, "gpu: h100-sxn");
  const InputError error = error_of(text);
  CHECK(error.where().file == "test.yaml");
  CHECK(error.where().line == 4);
  CHECK(error.field() == "training.gpu");
  CHECK_THAT(error.fix(), Catch::Contains("h100-sxm"));
}

TEST_CASE("JSON syntax errors point at the offending character", "[scenario]") {
  try {
    parse_document("{\n  \"version\": 1,\n  \"data\": {\"examples\": 10,}\n}\n", "s.json");
    FAIL("expected an InputError");
  } catch (const InputError& error) {
    CHECK(error.where().line == 3);
    CHECK_THAT(error.problem(), Catch::StartsWith("invalid JSON"));
  }
}

TEST_CASE("YAML alias bombs stop at the node limit", "[scenario]") {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char previous = 'a';
  for (char name = 'b'; name <= 'j'; ++name) {
    bomb += fmt::format("{}: &{} [*{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}]\n", name, name, previous, previous,
                        previous, previous, previous, previous, previous, previous, previous, previous);
    previous = name;
  }
  CHECK_THROWS_AS(parse_document(bomb, "bomb.yaml"), InputError);
}

TEST_CASE("training.activation_checkpointing: written, every layer is recomputed — unset, memory decides",
          "[scenario]") {
  const Scenario plain = load_text(minimal);
  CHECK_FALSE(plain.training.activation_checkpointing);
  std::string text = minimal;
  text.replace(text.find("training: {gpu: h100-sxm}"), 25,
               "training: {gpu: h100-sxm, gpus: 1, activation_checkpointing: true}");
  const Scenario checkpointed = load_text(text);
  CHECK(checkpointed.training.activation_checkpointing);
  const TrainingShape shape = shape_for(checkpointed.model, checkpointed.training);
  CHECK(shape.min_recompute_share == 1);
  const TrainingMemory memory =
      training_memory(shape, checkpointed.training.gpu, Precision::bf16, 1, checkpointed.training.assumptions);
  CHECK(memory.recompute_share == 1);
  CHECK(error_of(std::string(minimal).replace(minimal.find("training: {gpu: h100-sxm}"), 25,
                                              "training: {gpu: h100-sxm, activation_checkpointing: yes please}"))
            .field() == "training.activation_checkpointing");
}

TEST_CASE("training.chunked_loss: written, the logits are bf16 — unset, fp32", "[scenario]") {
  const Scenario plain = load_text(minimal);
  CHECK_FALSE(plain.training.chunked_loss);
  std::string text = minimal;
  text.replace(text.find("training: {gpu: h100-sxm}"), 25, "training: {gpu: h100-sxm, chunked_loss: true}");
  const Scenario chunked = load_text(text);
  CHECK(chunked.training.chunked_loss);
  CHECK(shape_for(chunked.model, chunked.training).chunked_loss);
  const InputError error = error_of(std::string(minimal).replace(minimal.find("training: {gpu: h100-sxm}"), 25,
                                                                 "training: {gpu: h100-sxm, chunked_loss: 8}"));
  CHECK(error.field() == "training.chunked_loss");
  CHECK_THAT(error.what(), Catch::Contains("true or false"));
}

TEST_CASE("training.attention_span: packed, document-masked examples — at most the sequence", "[scenario]") {
  CHECK_FALSE(load_text(minimal).training.attention_span);
  const auto with = [](const std::string& training) {
    return std::string(minimal).replace(minimal.find("training: {gpu: h100-sxm}"), 25, training);
  };
  const Scenario packed = load_text(with("training: {gpu: h100-sxm, seq_len: 4096, attention_span: 500}"));
  CHECK(packed.training.attention_span == 500);
  CHECK(shape_for(packed.model, packed.training).attention_span == 500);
  const InputError longer = error_of(with("training: {gpu: h100-sxm, seq_len: 4096, attention_span: 8192}"));
  CHECK(longer.field() == "training.attention_span");
  CHECK_THAT(longer.what(), Catch::Contains("longer than the sequence"));
  CHECK(error_of(with("training: {gpu: h100-sxm, seq_len: 4096, attention_span: -1}")).field() ==
        "training.attention_span");
  CHECK(error_of(with("training: {gpu: h100-sxm, seq_len: 4096, attention_span: 0.5}")).field() ==
        "training.attention_span");
  // Without a written seq_len a sequence holds one example: a span would contradict it.
  const InputError unpacked = error_of(with("training: {gpu: h100-sxm, attention_span: 300}"));
  CHECK(unpacked.field() == "training.attention_span");
  CHECK_THAT(unpacked.what(), Catch::Contains("seq_len is not written"));
}

TEST_CASE("training.attention_kernel: fused unless written, a visible default where it matters", "[scenario]") {
  const auto with = [](const std::string& training) {
    return std::string(minimal).replace(minimal.find("training: {gpu: h100-sxm}"), 25, training);
  };
  const auto noted = [](const Scenario& s) {
    return std::any_of(s.defaults_applied.begin(), s.defaults_applied.end(),
                       [](const AppliedDefault& d) { return d.field == "training.attention_kernel"; });
  };
  const Scenario plain = load_text(minimal);
  CHECK(plain.training.attention_kernel == AttentionKernel::fused);
  CHECK(plain.training.assumptions.flash_attention_2_rate == Approx(0.57));
  CHECK(noted(plain));  // an H100: FlashAttention-2 would cost more, so the default is shown
  const Scenario flash2 = load_text(with("training: {gpu: h100-sxm, attention_kernel: fa2}"));
  CHECK(flash2.training.attention_kernel == AttentionKernel::flash_attention_2);
  CHECK(shape_for(flash2.model, flash2.training).attention_kernel == AttentionKernel::flash_attention_2);
  CHECK_FALSE(noted(flash2));
  // On an A100 FlashAttention-2 is the fused kernel: nothing to choose, nothing noted.
  const Scenario ampere = load_text(with("training: {gpu: a100-80gb}"));
  CHECK(ampere.training.assumptions.flash_attention_2_rate == 1);
  CHECK_FALSE(noted(ampere));
  const InputError error = error_of(with("training: {gpu: h100-sxm, attention_kernel: flash-attn-7}"));
  CHECK(error.field() == "training.attention_kernel");
  CHECK_THAT(error.what(), Catch::Contains("flash-attention-2"));
  // SDPA is either kernel, by PyTorch release: the message says which.
  CHECK_THAT(error_of(with("training: {gpu: h100-sxm, attention_kernel: sdpa}")).what(),
             Catch::Contains("2.5.1 to 2.10"));
  CHECK(load_text(with("training: {gpu: h100-sxm, attention_kernel: flash_attn_3}")).training.attention_kernel ==
        AttentionKernel::fused);
  // A written MFU bypasses the time model: the kernel changes nothing, so no default is noted.
  CHECK_FALSE(noted(load_text(with("training: {gpu: h100-sxm, mfu: 0.4}"))));
  // Datacenter Blackwell has a rate of its own; GeForce Blackwell (no tcgen05) runs FlashAttention-2
  // as its fused kernel.
  CHECK(load_text(with("training: {gpu: b200}")).training.assumptions.flash_attention_2_rate == Approx(0.32));
  CHECK(
      load_text(with("training: {gpu: rtx-5090, usd_per_gpu_hour: 0.9}")).training.assumptions.flash_attention_2_rate ==
      1);
  CHECK(load_text(with("training: {gpu: h100-sxm, attention_kernel: flex_attention}")).training.attention_kernel ==
        AttentionKernel::flash_attention_2);
  CHECK(load_text(with("training: {gpu: h100-sxm, attention_kernel: FA4}")).training.attention_kernel ==
        AttentionKernel::fused);
  CHECK_THAT(error_of(with("training: {gpu: h100-sxm, attention_kernel: scaled-dot-product-attention}")).what(),
             Catch::Contains("2.5.1 to 2.10"));
  // The fixture that writes every recipe field loads with FlashAttention-2.
  const Scenario recipe =
      load_scenario_file(root + "tests/fixtures/pipeline/training-recipe-fields.yaml", shipped_catalog());
  CHECK(recipe.training.attention_kernel == AttentionKernel::flash_attention_2);
}

TEST_CASE("a GPU given by its specs names its architecture in any case", "[scenario]") {
  // The defaults it picks are named in lower case (training.flash_attention_2_rate.hopper).
  std::string text = custom_gpu_scenario("datacenter");
  text.replace(text.find("product_line: datacenter"), 24, "product_line: datacenter, architecture: Hopper");
  const Scenario s = load_text(text);
  CHECK(s.training.gpu.architecture == "hopper");
  CHECK(s.training.assumptions.flash_attention_2_rate == Approx(0.57));
}

TEST_CASE("a GPU's product line in a scenario is checked against the known lines", "[scenario]") {
  const InputError error = error_of(custom_gpu_scenario("consumer"));
  CHECK(error.field() == "training.gpu.product_line");
  CHECK(error.where().line == 5);
  CHECK(std::string(error.what()).find("unknown product line 'consumer'") != std::string::npos);
}

TEST_CASE("names in prose resolve, and training on a GPU without bf16 defaults to fp16", "[scenario]") {
  // "RTX 4090", "H100 SXM", "Llama 3.1 8B": spaces and underscores read as the ids' hyphens, any case.
  const Catalog& catalog = shipped_catalog();
  REQUIRE(catalog.find_gpu("RTX 4090"));
  CHECK(catalog.find_gpu("RTX 4090")->id == "rtx-4090");
  CHECK(catalog.find_gpu("H100 SXM")->id == "h100-sxm");
  CHECK(catalog.find_gpu("a100_80gb")->id == "a100-80gb");
  CHECK(catalog.find_model("Llama 3.1 8B")->id == "llama-3.1-8b");
  CHECK(catalog.find_gpu("RTX 9999") == nullptr);

  // The V100 has fp16 tensor cores only: a scenario that names no precision trains in fp16 there
  // (bf16 elsewhere), and one that asks for bf16 is told to use fp16.
  const std::string v100 = R"(version: 1
data: {examples: 10k, tokens_per_example: 500}
model: llama-3.1-8b
training: {gpu: v100, gpus: 8, usd_per_gpu_hour: 2.0, method: lora}
hosting: {queries_per_month: 1M, input_tokens: 400, output_tokens: 200}
)";
  CHECK(load_text(v100).training.precision == Precision::fp16);
  CHECK(load_text(minimal).training.precision == Precision::bf16);
  const std::string v100_bf16 = R"(version: 1
data: {examples: 10k, tokens_per_example: 500}
model: llama-3.1-8b
training: {gpu: v100, gpus: 8, usd_per_gpu_hour: 2.0, method: lora, precision: bf16}
hosting: {queries_per_month: 1M, input_tokens: 400, output_tokens: 200}
)";
  CHECK(error_of(v100_bf16).fix() == "use fp16 on this GPU");
}
