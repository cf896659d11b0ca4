// The shipped catalog passes every sanity check, and each check catches what it is meant to.
#include <catch2/catch.hpp>

#include "ftcost/catalog/load.hpp"
#include "ftcost/catalog/validate.hpp"

#include <set>
#include <string>
#include <utility>

using namespace ftcost;

namespace {

bool has_problem(const std::vector<CatalogProblem>& problems, const std::string& id, const std::string& field) {
  for (const auto& p : problems) {
    if (p.id == id && p.field == field) return true;
  }
  return false;
}

Catalog with(const std::string& overlay) {
  Catalog catalog = shipped_catalog();
  merge_catalog(catalog, parse_document(overlay, "book.yaml"));
  return catalog;
}

}  // namespace

TEST_CASE("the shipped catalog has sources, dates, sane units and unique names") {
  const auto problems = validate_catalog(shipped_catalog());
  for (const auto& problem : problems) UNSCOPED_INFO(to_string(problem));
  CHECK(problems.empty());
}

TEST_CASE("shipped API prices: --strict flags exactly the entries no primary or maintained source backs") {
  // data/apis.json cites LiteLLM's price file or the vendor's page for every API price; what --strict still
  // reports is deliberate and documented in each entry's note and in the README.
  std::set<std::pair<std::string, std::string>> flagged;
  for (const auto& p : validate_catalog(shipped_catalog(), {}, true)) {
    if (p.section == "apis") flagged.emplace(p.id, p.field);
  }
  std::set<std::pair<std::string, std::string>> expected{
      {"mistral-small-3", "verified"},     // LiteLLM lists $0.10/$0.30 and $0.06/$0.18; no vendor page found
      {"claude-opus-4.1", "sunset"},       // retired on Anthropic's API
      {"gemini-2.0-flash", "deprecated"},  // LiteLLM's deprecation date
  };
  // OpenAI's deprecations page dates these (shut down 2026-10-23, 2026-12-11 or 2027-01-14).
  for (const char* id : {"gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-4.1", "gpt-4.1-mini", "gpt-4o", "gpt-4o-mini",
                         "gpt-4.1-nano", "o4-mini", "gpt-3.5-turbo"}) {
    expected.emplace(id, "deprecated");
    expected.emplace(id, "sunset");
  }
  CHECK(flagged == expected);
}

TEST_CASE("the shipped catalog covers the GPUs and labour roles estimates rely on") {
  const Catalog& catalog = shipped_catalog();
  for (const char* gpu : {"a10g", "l4", "l40s", "a40", "rtx-4090", "rtx-a6000", "a100-40gb", "a100-80gb", "h100-sxm",
                          "h100-pcie", "h800", "h200", "b200", "mi300x"}) {
    INFO(gpu);
    CHECK(catalog.find_gpu(gpu));
  }
  for (const char* role : {"annotator-general", "annotator-expert-legal", "annotator-expert-clinical",
                           "annotator-expert-financial", "ml-engineer", "data-engineer"}) {
    INFO(role);
    CHECK(catalog.find_labor(role));
  }
}

TEST_CASE("catalog validation catches unit mistakes and dangling references") {
  SECTION("GPU figures beyond physical bounds, and fp8 below bf16") {
    const auto problems =
        validate_catalog(with("format: ftcost-catalog/1\n"
                              "gpus:\n"
                              "  - id: typo-gpu\n"
                              "    memory_gb: 2048\n"                 // > 1,024 GB
                              "    memory_bandwidth_gb_s: 3350000\n"  // MB/s written as GB/s
                              "    peak_dense_tflops: {bf16: 989000, fp8: 900}\n"
                              "    source: test\n"
                              "    as_of: 2026-01-01\n"));
    CHECK(has_problem(problems, "typo-gpu", "memory_gb"));
    CHECK(has_problem(problems, "typo-gpu", "memory_bandwidth_gb_s"));
    CHECK(has_problem(problems, "typo-gpu", "peak_dense_tflops.bf16"));
    CHECK(has_problem(problems, "typo-gpu", "peak_dense_tflops.fp8"));  // 900 < 989000
    CHECK(problems.size() == 4);
  }
  SECTION("a price for an unknown GPU") {
    const auto problems = validate_catalog(with(
        "format: ftcost-catalog/1\n"
        "gpu_prices:\n"
        "  - {gpu: h1000, provider: aws, basis: on_demand, usd_per_gpu_hour: 9, source: test, as_of: 2026-01-01}\n"));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].id == "h1000@aws/on_demand");
    CHECK(problems[0].field == "gpu");
  }
  SECTION("an alias shared by two entries") {
    const auto problems =
        validate_catalog(with("format: ftcost-catalog/1\n"
                              "apis:\n"
                              "  - {id: my-gpt, aliases: [gpt-4o], usd_per_1m_input: 1, usd_per_1m_output: 2, source: "
                              "test, as_of: 2026-01-01}\n"));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].id == "my-gpt");
    CHECK(problems[0].field == "aliases");
    CHECK(to_string(problems[0]) == "apis my-gpt: aliases: 'gpt-4o' is also a name of 'gpt-4o'");
  }
  SECTION("a fine-tune whose base model is not in the catalog") {
    const auto problems =
        validate_catalog(with("format: ftcost-catalog/1\n"
                              "finetune:\n"
                              "  - {id: my-ft, base_model: gpt-9, source: test, as_of: 2026-02-28}\n"));
    CHECK(has_problem(problems, "my-ft", "base_model"));
    CHECK(problems.size() == 1);
  }
  SECTION("an impossible date is refused where it is written, by the one ISO-date parser") {
    CHECK_THROWS_WITH(with("format: ftcost-catalog/1\n"
                           "finetune:\n"
                           "  - {id: my-ft, base_model: gpt-9, source: test, as_of: 2026-02-30}\n"),
                      Catch::EndsWith("finetune[0].as_of: '2026-02-30' is not an ISO date (write YYYY-MM-DD)"));
  }
  SECTION("missing source and date on an entry built in code") {
    Catalog catalog = shipped_catalog();
    catalog.labor.push_back({"intern", "Intern", 10, "", {}});
    const auto problems = validate_catalog(catalog);
    CHECK(has_problem(problems, "intern", "source"));
    CHECK(has_problem(problems, "intern", "as_of"));
  }
}

TEST_CASE("a GPU's product line is one of the known lines, and a typo is named with a suggestion") {
  const Catalog catalog = with(
      "format: ftcost-catalog/1\ngpus:\n  - {id: rtx-5090, memory_gb: 32, memory_bandwidth_gb_s: 1792, "
      "peak_dense_tflops: {bf16: 209.5}, product_line: GeForce, source: datasheet, "
      "as_of: \"2025-01-30\"}\n");
  CHECK(catalog.find_gpu("rtx-5090")->product_line == "geforce");
  CHECK_THROWS_WITH(
      with("format: ftcost-catalog/1\ngpus:\n  - {id: rtx-5090, memory_gb: 32, memory_bandwidth_gb_s: 1792, "
           "peak_dense_tflops: {bf16: 209.5}, product_line: gefroce, source: datasheet, "
           "as_of: \"2025-01-30\"}\n"),
      Catch::Contains("gpus[0].product_line: unknown product line 'gefroce' (did you mean 'geforce'?)"));
}

TEST_CASE("a model's tied_embeddings is read as a flag, and an untied embedding larger than the model is flagged") {
  // The shipped flags follow each model's config (Llama 3.2 1B ties, Llama 3.1 8B does not).
  CHECK(shipped_catalog().find_model("llama-3.2-1b")->tied_embeddings);
  CHECK_FALSE(shipped_catalog().find_model("llama-3.1-8b")->tied_embeddings);
  const Catalog tied = with("format: ftcost-catalog/1\nmodels:\n  - {id: llama-3.1-8b, tied_embeddings: true}\n");
  CHECK(tied.find_model("llama-3.1-8b")->tied_embeddings);
  CHECK_THROWS_WITH(with("format: ftcost-catalog/1\nmodels:\n  - {id: llama-3.1-8b, tied_embeddings: yes please}\n"),
                    Catch::Contains("models[0].tied_embeddings") && Catch::Contains("expected true or false"));
  // 1B parameters cannot hold a 256,000 × 8,192 input embedding (2.1B) beside the rest.
  const Catalog odd = with(
      "format: ftcost-catalog/1\nmodels:\n  - {id: odd-1b, params: 1e9, layers: 16, hidden_size: 8192, vocab_size: "
      "256000, "
      "source: test, as_of: \"2026-01-01\"}\n");
  CHECK(has_problem(validate_catalog(odd), "odd-1b", "vocab_size"));
}

TEST_CASE("a fine-tuning tier's size band is read, applied and checked") {
  const FinetunePrice& small = *shipped_catalog().find_finetune("fireworks-lora-up-to-16b");
  CHECK(small.covers(8.03e9));
  CHECK(small.covers(16e9));
  CHECK_FALSE(small.covers(46.7e9));
  const FinetunePrice& medium = *shipped_catalog().find_finetune("fireworks-lora-16b-80b");
  CHECK_FALSE(medium.covers(16e9));
  CHECK(medium.covers(70.6e9));
  CHECK(shipped_catalog().find_finetune("openai-gpt-4.1-ft")->covers(1e12));  // no band: any size
  const Catalog inverted = with(
      "format: ftcost-catalog/1\nfinetune:\n  - {id: fireworks-lora-16b-80b, params_above: 80e9, params_up_to: 16e9, "
      "source: test, as_of: \"2026-01-01\"}\n");
  CHECK(has_problem(validate_catalog(inverted), "fireworks-lora-16b-80b", "params_up_to"));
}

TEST_CASE("a directly projected query belongs to latent attention") {
  CHECK(shipped_catalog().find_model("deepseek-v2-lite")->query_projected_directly);
  CHECK_FALSE(shipped_catalog().find_model("deepseek-v2")->query_projected_directly);
  const Catalog dense =
      with("format: ftcost-catalog/1\nmodels:\n  - {id: llama-3.1-8b, query_projected_directly: true}\n");
  CHECK(has_problem(validate_catalog(dense), "llama-3.1-8b", "query_projected_directly"));
}

TEST_CASE("an active count published without the input embedding gets it back before the embedding is taken out") {
  // gpt-oss-20b: 3.6B active as published = attention + 4 experts + the unembedding; the untied
  // 201,088 × 2,880 input embedding (579,133,440) is looked up on top of them. Multiplied: 3.6B.
  const ModelSpec& oss = *shipped_catalog().find_model("gpt-oss-20b");
  CHECK(oss.active_params_exclude_input_embedding);
  CHECK(oss.lookup_params() == Approx(579133440));
  CHECK(oss.active_touched() == Approx(3.6e9 + 579133440));
  CHECK(oss.multiplied_params() == Approx(3.6e9));
  // Mixtral's 12.9B counts both of its 32,000 × 4,096 embeddings: 12.9B − 131M multiplied.
  const ModelSpec& mixtral = *shipped_catalog().find_model("mixtral-8x7b");
  CHECK_FALSE(mixtral.active_params_exclude_input_embedding);
  CHECK(mixtral.multiplied_params() == Approx(12.9e9 - 131072000));
}

TEST_CASE("an fp8 matmul share belongs to a GPU with an fp8 peak") {
  const auto problems =
      validate_catalog(with("format: ftcost-catalog/1\ngpus:\n  - {id: a100-40gb, fp8_matmul_share: 0.7, source: test, "
                            "as_of: 2026-12-05}\n"));
  CHECK(has_problem(problems, "a100-40gb", "fp8_matmul_share"));
  CHECK_FALSE(has_problem(validate_catalog(shipped_catalog()), "h100-sxm", "fp8_matmul_share"));
}

TEST_CASE("a catalog model's expert fields: within its layers, and shared-expert widths only on a mixture") {
  const auto problems = validate_catalog(with(R"(format: ftcost-catalog/1
models:
  - {id: dense-with-shared, params: 8e9, layers: 32, hidden_size: 4096, intermediate_size: 14336, attention_heads: 32,
     kv_heads: 8, head_dim: 128, vocab_size: 128256, context_length: 8192, shared_expert_intermediate_size: 2048,
     source: test, as_of: 2026-12-05}
  - {id: too-many-moe-layers, params: 16e9, active_params: 3e9, layers: 28, hidden_size: 2048, intermediate_size: 1408,
     attention_heads: 16, kv_heads: 16, head_dim: 128, vocab_size: 102400, context_length: 4096, experts: 64,
     experts_per_token: 6, moe_layers: 30, dense_intermediate_size: 10944, source: test, as_of: 2026-12-05}
)"));
  CHECK(has_problem(problems, "dense-with-shared", "shared_expert_intermediate_size"));
  CHECK(has_problem(problems, "too-many-moe-layers", "moe_layers"));
  CHECK(has_problem(problems, "too-many-moe-layers", "dense_intermediate_size"));  // 30 ≥ 28: no dense layer left
}
