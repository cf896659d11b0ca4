// Hosting realism (issue #13, deliverable 5): scale to zero is priced with a cold start and a minimum
// billed time per start (catalog defaults) instead of served for free, and a replica that spans nodes
// pays its cross-node all-reduces, flagged and explained.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "ftcost/catalog/load.hpp"
#include "ftcost/report/report.hpp"
#include "ftcost/scenario/load.hpp"
#include "pipeline_support.hpp"

using namespace ftcost;

namespace {

Scenario load_text(const std::string& text) { return load_scenario(parse_document(text, "h.yaml"), shipped_catalog()); }

std::string scenario(const std::string& model, const std::string& hosting_extra, const std::string& queries = "1M") {
  return "version: 1\n"
         "data: {examples: 10k, tokens_per_example: 500}\n"
         "model: " +
         model +
         "\n"
         "training: {gpu: h100-sxm, method: qlora}\n"
         "hosting: {queries_per_month: " +
         queries + ", input_tokens: 400, output_tokens: 200, gpu: h100-sxm" + hosting_extra + "}\n";
}

}  // namespace

// The serving line of a report: replicas × GPUs × 730 h.
const CostLine& serving_line(const Report& report) {
  for (const auto& line : report.options[0].lines) {
    if (line.item == "gpu-serving") return line;
  }
  FAIL("no serving line");
  throw;
}

double derivation(const Report& report, std::string_view name) {
  for (const auto& d : report.derivations) {
    if (d.name == name) return d.value;
  }
  FAIL("no derivation " << name);
  return 0;
}

TEST_CASE("scale to zero pays a cold start and a minimum billed time per start") {
  // The example: a 70B model, min_replicas 0 with autoscaling, used to cost ~$4 a month.
  // Llama 3.3 70B in fp16 = 141.1 GB of weights on 2 × H100 (auto). Cold start = 60 s engine start +
  // 141.1 GB / 1 GB/s = 201.1 s; with the 300 s minimum billed, each wake bills w = 501.1 s.
  // At 1,000 queries a month, λ·w = 1000 / 2,628,000 s × 501.1 s = 0.19068, so one replica is up
  // 1 − e^(−0.19068) = 17.36% of the month (average load alone needs far less).
  const Scenario s = load_text(scenario("llama-3.3-70b", ", min_replicas: 0, autoscaling: true", "1000"));
  const Report report = build_report(s);
  const double weights_gb = derivation(report, "hosting.weights_gb");
  const double wake = 60 + weights_gb / 1.0 + 300;
  CHECK(derivation(report, "hosting.cold_start_s") == Approx(60 + weights_gb));
  const double warm = 1 - std::exp(-1000.0 / 2628000.0 * wake);
  CHECK(warm == Approx(0.1736).epsilon(0.01));
  CHECK(derivation(report, "hosting.warm_share") == Approx(warm));
  CHECK(derivation(report, "hosting.replicas") == Approx(warm));
  // GPU-hours: 17.4% × 2 GPUs × 730 h ≈ 253 GPU-hours, not the ~1.5 of average load alone.
  const CostLine& line = serving_line(report);
  CHECK(line.quantity == Approx(warm * 2 * 730));
  CHECK(line.quantity > 200);

  // The scenario's own cold start and minimum billing replace the defaults: w = 30 + 5 s.
  const Report own = build_report(load_text(
      scenario("llama-3.3-70b", ", min_replicas: 0, autoscaling: true, cold_start_s: 30, min_billed_s: 5", "1000")));
  CHECK(derivation(own, "hosting.warm_share") == Approx(1 - std::exp(-1000.0 / 2628000.0 * 35)));
  // At high volume scale to zero changes nothing: average load needs more than one replica anyway.
  const Report busy =
      build_report(load_text(scenario("llama-3.3-70b", ", min_replicas: 0, autoscaling: true", "100M")));
  const Report floor1 =
      build_report(load_text(scenario("llama-3.3-70b", ", min_replicas: 1, autoscaling: true", "100M")));
  CHECK(serving_line(busy).quantity == Approx(serving_line(floor1).quantity));
}

TEST_CASE("a replica that spans nodes pays its cross-node all-reduces, and says so") {
  // Llama 3.1 405B in fp16: 405B × 2 bytes = 810 GB of weights; 8 × 80 GB H100s cannot hold them, so
  // `auto` takes 16 GPUs = 2 nodes of 8. Each decode step adds 126 layers × 2 all-reduces × (25 µs
  // (serving.cross_node_allreduce_latency_us) + 2 × batch × 16384 × 2 bytes / 50 GB/s).
  const Scenario s = load_text(scenario("llama-3.1-405b", ""));
  const Report big = build_report(s);
  const double batch = derivation(big, "hosting.batch");
  const double expected_ms = 126 * 2 * (25e-6 + 2 * batch * 16384 * 2 / 50e9) * 1000;
  CHECK(derivation(big, "hosting.cross_node_ms_per_step") == Approx(expected_ms));
  REQUIRE(big.warnings.size() == 1);
  CHECK(big.warnings[0].code == "replica_spans_nodes");
  CHECK(big.warnings[0].prices.empty());
  CHECK(big.warnings[0].message.rfind(
            "hosting: each replica of 16 × h100-sxm spans 2 nodes of 8 GPUs, so its tensor "
            "parallelism crosses the network between nodes (50 GB/s per GPU), slower than nvlink4 "
            "(450 GB/s each way) inside a node; the estimate adds the cross-node all-reduces, ",
            0) == 0);
  // The penalty is applied: the same replica without it (everything in one node of 16) is faster.
  Scenario one_node = s;
  one_node.hosting.assumptions.gpus_per_node = 16;
  const Report no_penalty = build_report(one_node);
  CHECK(no_penalty.warnings.empty());
  CHECK(derivation(big, "hosting.requests_per_s_per_replica") <
        derivation(no_penalty, "hosting.requests_per_s_per_replica"));
  // In fp8 the weights are 405 GB: 8 GPUs, one node, no warning.
  CHECK(build_report(load_text(scenario("llama-3.1-405b", ", precision: fp8"))).warnings.empty());
}

TEST_CASE("estimate and validate print the spanning-node warning on stderr") {
  const auto file = pipeline_test::scratch_dir() / "405b.yaml";
  pipeline_test::write_text(file, scenario("llama-3.1-405b", ""));
  const std::string warning = "ftcost: warning: hosting: each replica of 16 × h100-sxm spans 2 nodes";
  const auto estimate = pipeline_test::run_ftcost("estimate '" + file.string() + "' --max-price-age-days 36500");
  CHECK(estimate.exit_code == 0);
  CHECK(estimate.err.rfind(warning, 0) == 0);
  const auto validate = pipeline_test::run_ftcost("validate '" + file.string() + "'");
  CHECK(validate.exit_code == 0);
  CHECK(validate.err.rfind(warning, 0) == 0);
}

TEST_CASE("an expert-parallel replica with more GPUs than routed experts is flagged") {
  // Mixtral's 8 experts over 16 GPUs (2 nodes): half an expert per GPU, which plain expert
  // parallelism does not run.
  const Report wide = build_report(load_text(scenario("mixtral-8x7b", ", gpus_per_replica: 16")));
  const auto flagged = std::find_if(wide.warnings.begin(), wide.warnings.end(),
                                    [](const auto& w) { return w.code == "experts_fewer_than_gpus"; });
  REQUIRE(flagged != wide.warnings.end());
  CHECK(flagged->message.rfind("hosting: 8 routed experts over 16 expert-parallel GPUs is 0.5 of an expert per GPU",
                               0) == 0);
  // Within one node (tensor parallel) there is nothing to flag.
  const Report node = build_report(load_text(scenario("mixtral-8x7b", ", gpus_per_replica: 8")));
  CHECK(std::none_of(node.warnings.begin(), node.warnings.end(),
                     [](const auto& w) { return w.code == "experts_fewer_than_gpus"; }));
  // --explain says which layout each replica's experts have.
  auto layout_of = [](const Report& report) {
    for (const auto& d : report.derivations) {
      if (d.name == "hosting.gpus_per_replica") return d.formula.text();
    }
    return std::string();
  };
  CHECK(layout_of(wide).find("expert parallel across nodes") != std::string::npos);
  CHECK(layout_of(node).find("tensor parallel within the node") != std::string::npos);
}

TEST_CASE("a prompt's time to first token cannot beat reading the weights its tokens touch") {
  // Mixtral 8x7B in fp8 on one H100, a 128-token prompt. Its tokens reach every expert
  // (1 − 0.75^128 ≈ 1), so the prompt reads 46.7B − the 131M-parameter input embedding (looked up)
  // = 46.57 GB at 3,350 GB/s × 0.88 = 15.79 ms; its FLOPs, 128 × (2 × (12.9B − 0.131B) + attention
  // 4 × 32 × 4096 × 64 = 33.6M) = 3.273 TFLOP at 1,978.9 × 0.5296 TFLOP/s, take 3.123 ms.
  const Scenario s = load_text(
      "version: 1\n"
      "data: {examples: 10k, tokens_per_example: 500}\n"
      "model: mixtral-8x7b\n"
      "training: {gpu: h100-sxm}\n"
      "hosting: {queries_per_month: 1M, input_tokens: 128, output_tokens: 200, gpu: h100-sxm, precision: fp8, "
      "gpus_per_replica: 1}\n");
  const Report report = build_report(s);
  CHECK(derivation(report, "hosting.time_to_first_token_ms") == Approx(15.79).epsilon(0.002));
  // A replica batching the prompt with decode steps (which stream the weights anyway) pays its compute:
  // requests/s = 1 / (3.123 ms + 200 × step / batch).
  const double step_ms = derivation(report, "hosting.decode_step_ms");
  const double batch = derivation(report, "hosting.batch");
  CHECK(derivation(report, "hosting.requests_per_s_per_replica") ==
        Approx(1000.0 / (3.1231 + 200 * step_ms / batch)).epsilon(0.001));
}

TEST_CASE("a tensor-parallel prompt's time to first token shows the all-reduces it adds") {
  // Mixtral 8x7B in fp16 over 2 H100s: the prompt's 1,000 tokens pay the decode step's all-reduces,
  // and the explanation prints that term, so its parts add up to the value.
  const Scenario s = load_text(
      "version: 1\n"
      "data: {examples: 10k, tokens_per_example: 1000}\n"
      "model: mixtral-8x7b\n"
      "training: {gpu: h100-sxm}\n"
      "hosting: {queries_per_month: 20M, input_tokens: 1000, output_tokens: 300, gpu: h100-sxm, precision: fp16, "
      "engine: vllm}\n");
  const Report report = build_report(s);
  CHECK(derivation(report, "hosting.gpus_per_replica") == 2);
  const double ttft = derivation(report, "hosting.time_to_first_token_ms");
  for (const auto& d : report.derivations) {
    if (d.name != "hosting.time_to_first_token_ms") continue;
    // "max(… = A ms, … = B ms) + the all-reduces …, C ms": max(A, B) + C is the value.
    const std::string text = d.formula.text();
    CHECK_THAT(text, Catch::Contains("+ the all-reduces of a decode step's layers for the prompt's tokens, "));
    const auto number_before = [&](std::size_t end) {
      const std::size_t start = text.rfind(' ', end - 1) + 1;
      return std::stod(text.substr(start, end - start));
    };
    const double compute = number_before(text.find(" ms, the weight bytes"));
    const double read = number_before(text.find(" ms) +"));
    const double links = number_before(text.rfind(" ms"));
    CHECK(links > 0);
    CHECK(std::max(compute, read) + links == Approx(ttft).margin(0.01));
  }
}

TEST_CASE("a mixture of experts' prompt pays for the experts its tokens touch beyond the decode batch's") {
  // Qwen3-30B-A3B on one H100 held to 14 ms a decode step runs a batch of 4 (its 48 layers pay the
  // per-layer floor 60 times: 5 weight matrices a layer against a dense layer's 4), whose tokens touch about a
  // quarter of the experts; an 800-token prompt touches nearly all of them, and the step that carries
  // it reads the rest too. Its cost to the replica is the larger of its compute and that extra read.
  const Scenario s = load_text(
      "version: 1\n"
      "data: {examples: 10k, tokens_per_example: 1000}\n"
      "model: qwen3-30b-a3b\n"
      "training: {method: lora, gpu: h100-sxm}\n"
      "hosting: {queries_per_month: 2M, input_tokens: 800, output_tokens: 300, gpu: h100-sxm, precision: fp16, "
      "max_ms_per_output_token: 14, engine: vllm}\n");
  const Report report = build_report(s);
  const double batch = derivation(report, "hosting.batch");
  const double step_ms = derivation(report, "hosting.decode_step_ms");
  CHECK(batch == 4);
  for (const auto& d : report.derivations) {
    if (d.name != "hosting.requests_per_s_per_replica") continue;
    const std::string text = d.formula.text();
    // "max(its compute C ms, the experts its tokens touch beyond the decode batch's R ms) + its links L ms"
    const auto number_after = [&](std::string_view label) {
      const std::size_t at = text.find(label);
      REQUIRE(at != std::string::npos);
      return std::stod(text.substr(at + label.size()));
    };
    const double compute = number_after("its compute ");
    const double extra_read = number_after("beyond the decode batch's ");
    const double links = number_after("its links ");
    CHECK(extra_read > compute);  // bandwidth-bound: reading the experts outlasts the prompt's FLOPs
    CHECK(d.value == Approx(1000.0 / (std::max(compute, extra_read) + links + 300 * step_ms / batch)).epsilon(0.002));
  }
  // A dense model's prompt reads nothing the decode step does not: it costs its compute.
  const Report dense = build_report(load_text(
      "version: 1\n"
      "data: {examples: 10k, tokens_per_example: 1000}\n"
      "model: llama-3.1-8b\n"
      "training: {method: lora, gpu: h100-sxm}\n"
      "hosting: {queries_per_month: 2M, input_tokens: 800, output_tokens: 300, gpu: h100-sxm, precision: fp16, "
      "engine: vllm}\n"));
  for (const auto& d : dense.derivations) {
    if (d.name == "hosting.requests_per_s_per_replica")
      CHECK_THAT(d.formula.text(), Catch::Contains("its compute and links, not another read of the weights"));
  }
}

TEST_CASE("a lone prompt reads one served adapter, and a refused first-token target says what sets it") {
  auto text = [](const std::string& extra) {
    return "version: 1\n"
           "data: {examples: 10k, tokens_per_example: 500}\n"
           "model: llama-3.1-8b\n"
           "training: {gpu: h100-sxm}\n"
           "hosting: {queries_per_month: 1M, input_tokens: 64, output_tokens: 200, gpu: h100-sxm, "
           "gpus_per_replica: 1" +
           extra + "}\n";
  };
  // 64 prompt tokens of an 8B model take ~2 ms of compute and ~5 ms to read the weights: read-bound,
  // and the same with 2 or 50 adapters served (one of them runs), though 50 adapters take more memory.
  const double two = derivation(build_report(load_text(text(", adapters: 2"))), "hosting.time_to_first_token_ms");
  const double fifty = derivation(build_report(load_text(text(", adapters: 50"))), "hosting.time_to_first_token_ms");
  CHECK(fifty == Approx(two));
  try {
    build_report(load_text(text(", max_time_to_first_token_ms: 3")));
    FAIL("expected the first-token target to be refused");
  } catch (const InputError& error) {
    CHECK_THAT(error.problem(), Catch::Contains("reading the weights its tokens touch sets it"));
    CHECK_THAT(error.fix(), Catch::Contains("lower precision"));
  }
}
