// Hosting realism (issue #13, deliverable 5): scale to zero is refused instead of served for free,
// and a replica that spans nodes is flagged with the tensor-parallel factor it was given.
#include <catch2/catch.hpp>

#include <algorithm>

#include "ftcost/catalog/load.hpp"
#include "ftcost/report/report.hpp"
#include "ftcost/scenario/load.hpp"
#include "pipeline_support.hpp"

using namespace ftcost;

namespace {

Scenario load_text(const std::string& text) { return load_scenario(parse_document(text, "h.yaml"), shipped_catalog()); }

std::string scenario(const std::string& model, const std::string& hosting_extra) {
  return "version: 1\n"
         "data: {examples: 10k, tokens_per_example: 500}\n"
         "model: " +
         model +
         "\n"
         "training: {gpu: h100-sxm, method: qlora}\n"
         "hosting: {queries_per_month: 1M, input_tokens: 400, output_tokens: 200, gpu: h100-sxm" +
         hosting_extra + "}\n";
}

}  // namespace

TEST_CASE("scale to zero is refused, naming what it would cost") {
  // A 70B model at $4 a month with min_replicas 0: the example of a free cold start.
  try {
    load_text(scenario("llama-3.3-70b", ", min_replicas: 0, autoscaling: true"));
    FAIL("min_replicas: 0 was accepted");
  } catch (const InputError& error) {
    CHECK(error.field() == "hosting.min_replicas");
    CHECK(error.where().line == 5);
    CHECK(error.problem() == "0 is out of range: it must be at least 1 and at most 100000");
    CHECK(error.fix().rfind("scale to zero is not modelled", 0) == 0);
  }
  // One replica always up is still fine.
  CHECK(load_text(scenario("llama-3.3-70b", ", min_replicas: 1, autoscaling: true")).hosting.min_replicas == 1);
}

TEST_CASE("a replica that spans nodes is flagged with its tensor-parallel factor") {
  // Llama 3.1 405B in fp16: 405B × 2 bytes = 810 GB of weights; 8 × 80 GB H100s cannot hold them, so
  // `auto` takes 16 GPUs = 2 nodes of 8. Tensor-parallel factor 0.95 per doubling: 0.95⁴ = 0.8145.
  const Report big = build_report(load_text(scenario("llama-3.1-405b", "")));
  REQUIRE(big.warnings.size() == 1);
  CHECK(big.warnings[0].code == "replica_spans_nodes");
  CHECK(big.warnings[0].prices.empty());
  CHECK(big.warnings[0].message ==
        "hosting: each replica of 16 × h100-sxm spans 2 nodes of 8 GPUs, so its tensor parallelism crosses the "
        "network between nodes, slower than nvlink4 (900 GB/s) inside a node; the estimate applies only the "
        "tensor-parallel factor 0.815 (per doubling of GPUs), so expect less throughput than shown (fit a replica in "
        "one node: a GPU with more memory, or hosting.precision: fp8 or int4)");
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
