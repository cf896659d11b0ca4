// `validate` runs what `estimate` runs short of rendering (issue #13, deliverable 4): a scenario
// estimate refuses is never valid, so CI cannot get a false green.
#include <catch2/catch.hpp>

#include "pipeline_support.hpp"

using pipeline_test::run_ftcost;

TEST_CASE("validate refuses what estimate refuses, with the same error line") {
  for (const std::string file : {"tests/bad/does-not-fit.yaml", "tests/bad/latency-unreachable.yaml"}) {
    INFO(file);
    const auto estimate = run_ftcost("estimate " + file);
    const auto validate = run_ftcost("validate " + file);
    REQUIRE(estimate.exit_code == 2);
    CHECK(validate.exit_code == 2);
    CHECK(validate.out.empty());
    CHECK(validate.err == estimate.err);
  }
}

TEST_CASE("validate refuses a --set that makes the model miss its latency target") {
  // 1 ms per output token is below the floor of any decode step: 3 ms per step (no engine named) + 32 layers × 0.13 ms.
  const auto run =
      run_ftcost("validate examples/support-assistant-8b-lora.yaml --set hosting.max_ms_per_output_token=1");
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("max_ms_per_output_token") != std::string::npos);
  // check (with or without limits) and sweep report the same error, named where it was written, not
  // "no budget limits" or the --vary.
  const std::string tail = " --set hosting.max_ms_per_output_token=1";
  for (const std::string& command : {"check examples/support-assistant-8b-lora.yaml" + tail,
                                     "check examples/support-assistant-8b-lora.yaml --max-total 1M" + tail,
                                     "sweep examples/support-assistant-8b-lora.yaml --vary training.epochs=2" + tail}) {
    INFO(command);
    const auto other = run_ftcost(command);
    CHECK(other.exit_code == 2);
    CHECK(other.err == run.err);
  }
}

TEST_CASE("validate accepts what estimate accepts and says how many options it estimated") {
  const auto run = run_ftcost("validate examples/support-assistant-8b-lora.yaml");
  CHECK(run.exit_code == 0);
  CHECK(run.err.empty());
  CHECK(run.out ==
        "examples/support-assistant-8b-lora.yaml: valid scenario 'Support assistant — Llama 3.1 8B LoRA' "
        "(23 defaults applied; 3 options estimated)\n");
}

TEST_CASE("validate, check and chart refuse ranges none of whose Monte Carlo samples can be priced") {
  // The likely input (75,860 tokens) is the last the models can serve; every sample above it is
  // infeasible, so estimate refuses the ranges, and the commands that judge a scenario must too.
  const std::string scenario =
      "examples/support-assistant-8b-lora.yaml --set 'hosting.input_tokens={low: 75860.58, likely: 75860.58, "
      "high: 200000}'";
  const auto estimate = run_ftcost("estimate " + scenario + " --check --max-total 1M");
  REQUIRE(estimate.exit_code == 2);
  REQUIRE(estimate.err.find("every one of the 10000 Monte Carlo samples was infeasible") != std::string::npos);
  for (const std::string& command : {"validate " + scenario, "check " + scenario + " --max-total 1M",
                                     "chart " + scenario + " --kind cumulative -o -"}) {
    INFO(command);
    const auto run = run_ftcost(command);
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
    CHECK(run.err == estimate.err);
  }
}

TEST_CASE("a GPU given by its specs and serving scaled to zero validate, and match the scenario schema") {
  // The schema test (pipeline_render_test) checks every fixture with a hosting section against
  // schemas/scenario.schema.json; this fixture writes the keys it once lacked.
  const auto run = run_ftcost("validate tests/fixtures/pipeline/own-gpu-scale-to-zero.yaml");
  CHECK(run.exit_code == 0);
  CHECK(run.err.empty());
}
