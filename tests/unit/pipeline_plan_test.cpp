// `ftcost plan` through the real executable: its totals equal `estimate --set` to the cent, `--apply`
// then `estimate FILE` reproduces them, and an impossible deadline exits 4 with one message.
#include <nlohmann/json.hpp>

#include <cmath>

#include "pipeline_support.hpp"

using pipeline_test::run_ftcost;

namespace {

double self_hosted_total(const std::string& estimate_json) {
  return nlohmann::json::parse(estimate_json)["options"][0]["horizon_total_usd"].get<double>();
}

std::string set_flags(const nlohmann::json& candidate) {
  std::string flags;
  for (const auto& [path, value] : candidate["set"].items()) flags += " --set " + path + "=" + value.get<std::string>();
  return flags;
}

}  // namespace

TEST_CASE("plan: the best plan and the frontier price as estimate --set does, to the cent", "[plan][pipeline]") {
  for (const char* example : {"examples/support-assistant-8b-lora.yaml", "examples/legal-70b-qlora.yaml"}) {
    INFO(example);
    const auto plan = run_ftcost(std::string("plan ") + example + " --max-training-hours 2 -f json");
    REQUIRE(plan.exit_code == 0);
    const auto json = nlohmann::json::parse(plan.out);
    CHECK(json["format"] == "ftcost-plan/1");
    CHECK(json["candidates_evaluated"].get<long long>() > 0);
    CHECK(json["candidates_feasible"].get<long long>() <= json["candidates_evaluated"].get<long long>());
    std::vector<nlohmann::json> checked = {json["best"], json["frontier"].front(), json["frontier"].back()};
    for (const auto& candidate : checked) {
      CHECK(candidate["training_wall_hours"].get<double>() <= 2);
      const auto estimate = run_ftcost(std::string("estimate ") + example + set_flags(candidate) + " -f json");
      REQUIRE(estimate.exit_code == 0);
      CHECK(std::round(self_hosted_total(estimate.out) * 100) ==
            std::round(candidate["horizon_total_usd"].get<double>() * 100));
    }
    const auto as_written = run_ftcost(std::string("estimate ") + example + " -f json");
    CHECK(json["best"]["horizon_total_usd"].get<double>() <= self_hosted_total(as_written.out));
  }
}

TEST_CASE("plan --apply -o FILE: estimate FILE reproduces the plan's total", "[plan][pipeline]") {
  const auto dir = pipeline_test::scratch_dir();
  const std::string out = (dir / "planned.yaml").string();
  const auto plan = run_ftcost(
      "plan examples/support-assistant-8b-lora.yaml --set hosting.queries_per_month=3M "
      "--apply -o '" +
      out + "' -f json");
  REQUIRE(plan.exit_code == 0);
  const auto json = nlohmann::json::parse(plan.out);
  const auto estimate = run_ftcost("estimate '" + out + "' -f json");
  REQUIRE(estimate.exit_code == 0);
  CHECK(std::round(self_hosted_total(estimate.out) * 100) ==
        std::round(json["best"]["horizon_total_usd"].get<double>() * 100));
  const std::string written = pipeline_test::read_text(out);
  CHECK(written.find("# scenario format version") != std::string::npos);  // comments kept
  CHECK(written.find("queries_per_month: 3M") != std::string::npos);      // the user's --set kept too
}

TEST_CASE("plan: the printed check command keeps the caller's --catalog and --set and prices the plan's total",
          "[plan][pipeline]") {
  // Price books first, then overrides: the order the printed command gives them in.
  const std::string args =
      "examples/support-assistant-8b-lora.yaml --catalog tests/fixtures/catalog/h100-nebius-2usd.yaml --set "
      "hosting.queries_per_month=30M --set horizon_months=12";
  const auto json = run_ftcost("plan " + args + " -f json");
  REQUIRE(json.exit_code == 0);
  const double best = nlohmann::json::parse(json.out)["best"]["horizon_total_usd"].get<double>();
  const auto table = run_ftcost("plan " + args);
  REQUIRE(table.exit_code == 0);
  const std::string prefix = "Check it:   ftcost ";
  const auto at = table.out.find(prefix);
  REQUIRE(at != std::string::npos);
  const std::string command = table.out.substr(at + prefix.size(), table.out.find('\n', at) - at - prefix.size());
  CHECK_THAT(command, Catch::StartsWith("estimate " + args + " --set "));
  const auto estimate = run_ftcost(command + " -f json");
  REQUIRE(estimate.exit_code == 0);
  CHECK(std::round(self_hosted_total(estimate.out) * 100) == std::round(best * 100));
}

TEST_CASE("plan: an impossible request exits 4 naming the constraint and the closest candidate", "[plan][pipeline]") {
  const auto plan = run_ftcost("plan examples/support-assistant-8b-lora.yaml --max-training-hours 0.00001");
  CHECK(plan.exit_code == 4);
  CHECK(plan.out.empty());
  CHECK(plan.err.rfind("ftcost: no plan meets --max-training-hours 1e-05: the fastest run, ", 0) == 0);
  CHECK(plan.err.find("(closest: --set ") != std::string::npos);
  CHECK(std::count(plan.err.begin(), plan.err.end(), '\n') == 1);
  const auto bad = run_ftcost("plan examples/support-assistant-8b-lora.yaml --gpus h10");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("unknown GPU 'h10'") != std::string::npos);
}

TEST_CASE("plan --chart: the frontiers as SVG, one point per frontier entry plus the scenario as written",
          "[plan][pipeline]") {
  const auto dir = pipeline_test::scratch_dir();
  const std::string chart = (dir / "pareto.svg").string();
  const auto plan = run_ftcost("plan examples/support-assistant-8b-lora.yaml -f json --chart '" + chart + "'");
  REQUIRE(plan.exit_code == 0);
  const auto json = nlohmann::json::parse(plan.out);
  const std::string svg = pipeline_test::read_text(chart);
  CHECK(svg.find("<svg") != std::string::npos);
  CHECK(svg.find("</svg>") != std::string::npos);
  std::size_t circles = 0;
  for (std::size_t at = svg.find("<circle"); at != std::string::npos; at = svg.find("<circle", at + 1)) ++circles;
  // Each panel marks the scenario as written once besides its frontier's points.
  CHECK(circles == json["frontier"].size() + 2);
}

TEST_CASE("plan --mix --apply: a mixed winner is refused (exit 2) and nothing is written", "[plan][pipeline][mix]") {
  // tests/unit/plan_mix_test.cpp's hand-worked case: one test-gpu and one wide-gpu carry 20M queries a
  // month for less than any one type; the provider filter keeps only the test catalogs' prices.
  const std::string out = (pipeline_test::scratch_dir() / "plan-mix-applied.yaml").string();
  const std::string flags =
      "plan tests/fixtures/plan/tiny.yaml --set hosting.queries_per_month=20M --catalog "
      "tests/fixtures/plan/tiny-catalog.yaml --catalog tests/fixtures/plan/mix-catalog.yaml --providers "
      "testcloud,reservecloud --mix";
  const auto json = run_ftcost(flags + " --format json");
  REQUIRE(json.exit_code == 0);
  const auto plan = nlohmann::json::parse(json.out);
  REQUIRE(plan["best"]["hosting"]["mix"].size() == 2);
  CHECK(plan["best"]["hosting"]["mix"][0]["gpu"] == "test-gpu");
  CHECK(plan["best"]["hosting"]["mix"][1]["gpu"] == "wide-gpu");
  CHECK(std::abs(plan["best"]["horizon_total_usd"].get<double>() - 126016.859163) < 0.005);
  const auto applied = run_ftcost(flags + " --apply -o " + out);
  CHECK(applied.exit_code == 2);
  CHECK(applied.err.find("--apply: the best plan mixes two GPU types") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(out));
}

TEST_CASE("plan --objective p90: exit 2 without ranges — with ranges the JSON names the objective",
          "[plan][pipeline]") {
  const auto none = run_ftcost("plan examples/support-assistant-8b-lora.yaml --objective p90");
  CHECK(none.exit_code == 2);
  CHECK(none.err ==
        "ftcost: error: --objective: p90 needs a scenario with ranges: this one gives every field as a "
        "number, so its p90 is the point total (drop --objective p90, or write a field as a range, e.g. "
        "`mfu: {low: 0.3, likely: 0.4, high: 0.5}`)\n");
  const auto p90 =
      run_ftcost("plan examples/product-qa-high-volume.yaml --objective p90 --samples 300 --seed 3 --format json");
  REQUIRE(p90.exit_code == 0);
  const auto plan = nlohmann::json::parse(p90.out);
  CHECK(plan["objective"] == "p90");
  CHECK(plan["monte_carlo"]["samples"] == 300);
  CHECK(plan["monte_carlo"]["seed"] == 3);
  REQUIRE(plan["best"].contains("p90_horizon_total_usd"));
  // The best plan's p90 is estimate's with the same --set values, samples and seed.
  const auto estimate = run_ftcost(
      "estimate examples/product-qa-high-volume.yaml --samples 300 --seed 3 --format json" + set_flags(plan["best"]));
  REQUIRE(estimate.exit_code == 0);
  const auto report = nlohmann::json::parse(estimate.out);
  CHECK(std::abs(report["uncertainty"]["options"][0]["horizon_total_usd"]["p90"].get<double>() -
                 plan["best"]["p90_horizon_total_usd"].get<double>()) < 0.005);
}
