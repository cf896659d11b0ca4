#include <catch2/catch.hpp>

#include <array>
#include <map>

#include "ftcost/catalog/load.hpp"
#include "ftcost/render/json.hpp"
#include "ftcost/report/report.hpp"
#include "ftcost/report/totals.hpp"
#include "ftcost/scenario/load.hpp"
#include "ftcost/util/document.hpp"
#include "pipeline_support.hpp"

using namespace ftcost;

namespace {

const std::string fixtures = std::string(FTCOST_SOURCE_DIR) + "/tests/fixtures/";

Report hand_worked_report() {
  const Catalog catalog = catalog_with_overlays({fixtures + "hand-worked-catalog.yaml"});
  return build_report(load_scenario_file(fixtures + "hand-worked.yaml", catalog));
}

const OptionReport& option(const Report& report, const std::string& id) {
  for (const auto& o : report.options) {
    if (o.id == id) return o;
  }
  FAIL("no option " << id);
  throw;
}

}  // namespace

TEST_CASE("TCO of a hand-worked scenario", "[report]") {
  const Report report = hand_worked_report();
  REQUIRE(report.options.size() == 3);

  // Data: cleaning 10k / 1k × 2 h × $50 = $1,000; pipeline 10 h × $100 = $1,000 → $2,000 one-time.
  // Training (LoRA, 1 GPU, MFU 0.5 × PEFT factor 1): adapters 16 × (9·4096 + 2·4096 + 3·11008) × 32
  //   = 16 × 78,080 × 32 = 39,976,960; FLOPs/token 4 × 7e9 + 6 × 39,976,960 + 12 × ½ × 32 × 4096 × 500
  //   (causal attention) = 28e9 + 0.23986e9 + 0.393216e9 = 28.63308e9. Tokens 10k × 500 × 2 = 1e7.
  //   GPU-s = 1e7 × 28.63308e9 / (300e12 × 0.5) = 1,908.87 s = 0.530242 GPU-h × $2 = $1.060484 for the
  //   matmuls (190.8872 µs per token), plus the fp32 logits' memory traffic, 16 bytes × 32,000
  //   vocabulary / 2,000 GB/s = 0.256 µs per token: × (190.8872 + 0.256) / 190.8872 = $1.061907;
  //   plus the job's start on its one GPU: 60 s + 7e9 × 2 bytes / 1 GB/s = 74 s = 0.0205556 GPU-h × $2
  //   = $0.0411111 → $1.103018.
  // Hosting: the 7B roofline of test_hosting.cpp at 100 ms/token (batch 178, 9.515487 req/s):
  //   10M / 5.834896M per replica → 2 replicas × 730 h × $2 = $2,920; monitoring $500;
  //   0.5 FTE × 173.333 h × $100 = $8,666.67 → $12,086.67 a month.
  const OptionReport& self = option(report, "self-hosted");
  CHECK(self.totals.one_time == Approx(2000 + 1.103018).epsilon(1e-5));
  CHECK(self.totals.monthly == Approx(12086.6667).epsilon(1e-6));
  CHECK(self.totals.horizon_total == Approx(2001.103018 + 12 * 12086.6667).epsilon(1e-6));

  // API: input (500 + 500 uncached few-shot) × 10M = 10,000M tokens... per query 1,000 × $1/1M = $0.001,
  //   cached 500 × $0.25/1M = $0.000125, output 200 × $4/1M = $0.0008 → $0.001925 × 10M = $19,250/month;
  //   prompt engineering 20 h × $100 = $2,000 once.
  const OptionReport& api = option(report, "api:test-api");
  CHECK(api.cost_per_query == Approx(0.001925));
  CHECK(api.totals.monthly == Approx(19250));
  CHECK(api.totals.one_time == Approx(2000));

  // Managed fine-tune: data $2,000 + training 1e7 tokens = 10M × $5 = $50 once;
  //   inference (500 × $0.5 + 200 × $2) / 1M = $0.00065 × 10M = $6,500 a month.
  const OptionReport& ft = option(report, "finetune:test-ft");
  CHECK(ft.totals.one_time == Approx(2050));
  CHECK(ft.totals.monthly == Approx(6500));

  // Per 1,000 queries over 12 months of 10M: API (2,000 + 12 × 19,250) / 120M × 1000 = $1.94167
  CHECK(*api.totals.cost_per_1k_queries == Approx(1.941667).epsilon(1e-6));
  CHECK(report.cheapest_option == "finetune:test-ft");
}

TEST_CASE("a fine-tune served on a dedicated deployment is billed per GPU-hour, not per token", "[report]") {
  // As Fireworks prices it: $0 a token, $8 an hour per GPU of the deployment.
  Catalog catalog = catalog_with_overlays({fixtures + "hand-worked-catalog.yaml"});
  merge_catalog(catalog,
                parse_document("format: ftcost-catalog/1\nfinetune:\n  - {id: test-ft, usd_per_1m_input: 0, "
                               "usd_per_1m_output: 0, hosting_usd_per_hour: 8, source: test, as_of: \"2026-01-01\"}\n",
                               "dedicated.yaml"));
  std::string text = pipeline_test::read_text(fixtures + "hand-worked.yaml");
  const std::string trials = "      trials: 1\n";
  REQUIRE(text.find(trials) != std::string::npos);
  const Report one = build_report(load_scenario(parse_document(text, "hand-worked.yaml"), catalog));
  text.replace(text.find(trials), trials.size(), trials + "      hosting_units: 3\n");
  const Report three = build_report(load_scenario(parse_document(text, "hand-worked.yaml"), catalog));

  // One GPU: 730 h × $8 = $5,840 a month and no token lines; three: $17,520. One-time unchanged ($2,050).
  for (const auto& [report, units] : {std::pair{&one, 1.0}, std::pair{&three, 3.0}}) {
    const OptionReport& ft = option(*report, "finetune:test-ft");
    CHECK(ft.totals.one_time == Approx(2050));
    CHECK(ft.totals.monthly == Approx(units * 5840));
    CHECK(ft.cost_per_query == 0);
    for (const auto& line : ft.lines) {
      CHECK(line.kind != LineKind::finetune_input_tokens);
      CHECK(line.kind != LineKind::finetune_output_tokens);
      if (line.kind == LineKind::finetune_hosting_fee) CHECK(line.quantity == Approx(units * 730));
    }
  }

  // An offer without an hourly fee has nothing to multiply.
  const std::string plain = pipeline_test::read_text(fixtures + "hand-worked.yaml");
  std::string wrong = plain;
  wrong.replace(wrong.find(trials), trials.size(), trials + "      hosting_units: 2\n");
  CHECK_THROWS_WITH(load_scenario(parse_document(wrong, "hand-worked.yaml"),
                                  catalog_with_overlays({fixtures + "hand-worked-catalog.yaml"})),
                    Catch::Contains("test-ft has no hourly hosting fee to multiply"));
}

TEST_CASE("an offer with a hosting GPU is a dedicated deployment sized by the hosting model", "[report]") {
  // test-ft served on its own test-gpu deployment at $8 a GPU-hour, tokens free (as Fireworks bills).
  Catalog catalog = catalog_with_overlays({fixtures + "hand-worked-catalog.yaml"});
  merge_catalog(catalog, parse_document("format: ftcost-catalog/1\nfinetune:\n  - {id: test-ft, usd_per_1m_input: 0, "
                                        "usd_per_1m_output: 0, hosting_usd_per_hour: 8, hosting_gpu: test-gpu, "
                                        "source: test, as_of: \"2026-01-01\"}\n",
                                        "dedicated.yaml"));
  const Scenario scenario = load_scenario_file(fixtures + "hand-worked.yaml", catalog);
  const Report report = build_report(scenario);
  const OptionReport& self = option(report, "self-hosted");
  const OptionReport& ft = option(report, "finetune:test-ft");
  // The same traffic on the same GPU: the self-hosted fleet's 2 replicas of 1 GPU (5.834896M queries
  // a month each), at $8 instead of $2: 2 × 730 h × $8 = $11,680 a month; $2,050 once as before.
  REQUIRE(ft.hosting);
  const double capacity = self.hosting->queries_per_replica_month;
  CHECK(ft.hosting->queries_per_replica_month == capacity);
  CHECK(capacity == Approx(5.834896e6).epsilon(1e-6));
  CHECK(ft.totals.one_time == Approx(2050));
  CHECK(ft.totals.monthly == Approx(11680));
  int fee_lines = 0;
  for (const auto& line : ft.lines) {
    if (line.kind != LineKind::finetune_hosting_fee) continue;
    ++fee_lines;
    CHECK(line.quantity == Approx(2 * 730));
    CHECK(line.unit_price == 8);
  }
  CHECK(fee_lines == 1);
  // Its cost follows the volume: 20M queries take ceil(20 / 5.834896) = 4 replicas → 2,050 + 12 × 4 × 5,840.
  CHECK(ft.horizon_total_at(20e6, 12) == Approx(2050 + 12 * 4 * 5840.0));
  // Break-even: both sides add a replica at the same volumes; over 12 months self-hosting is ahead when
  //   (2,001.103 − 2,050) / 12 + 9,166.67 (monitoring + staff) + k × 1,460 ≤ k × 5,840, i.e. k ≥ 2.092:
  //   from the third replica on, just above 2 × 5.834896M queries a month.
  const BreakEven& vs_ft = report.break_even.at(1);
  REQUIRE(vs_ft.against == "finetune:test-ft");
  REQUIRE(vs_ft.queries_per_month);
  // (The volume is where the third replica starts, the bound of the volumes above it.)
  CHECK(*vs_ft.queries_per_month == Approx(2 * capacity).epsilon(1e-9));
  for (const double above : {1 + 1e-9, 1.3, 2.0, 10.0}) {
    const double q = *vs_ft.queries_per_month * above;
    CHECK(self.horizon_total_at(q, 12) < ft.horizon_total_at(q, 12));
  }
  CHECK(self.horizon_total_at(*vs_ft.queries_per_month * 0.999, 12) >
        ft.horizon_total_at(*vs_ft.queries_per_month * 0.999, 12));
  CHECK_FALSE(vs_ft.month);  // at 10M (2 replicas each) self-hosting costs $402.59 a month more
  // The numeric fast path prices it the same way, to the last bit.
  const ScenarioTotals fast = evaluate_totals(scenario);
  const ScenarioTotals slow = totals_of(report);
  CHECK(fast.options.back().horizon_total == slow.options.back().horizon_total);
  CHECK(fast.break_even.back().queries_per_month == slow.break_even.back().queries_per_month);
}

TEST_CASE("break-even of the hand-worked scenario", "[report]") {
  const Report report = hand_worked_report();
  const BreakEven& vs_api = report.break_even.at(0);
  REQUIRE(vs_api.against == "api:test-api");
  // Per month: self $12,086.67 < API $19,250, and self costs $1.103 more up front → 1.118 / 7,163.33 months
  REQUIRE(vs_api.month);
  CHECK(*vs_api.month == Approx(1.103018 / (19250 - 12086.6667)).epsilon(1e-4));
  // Volume: c = 1.103018 / 12 + 9,166.67 (monitoring + staff) = 9,166.759; with one replica
  //   (9,166.756 + 1,460) / 0.001925 = 5.5203M ≤ 5.834896M capacity → 5.5203M queries/month.
  REQUIRE(vs_api.queries_per_month);
  CHECK(*vs_api.queries_per_month == Approx((1.103018 / 12 + 9166.6667 + 1460) / 0.001925).epsilon(1e-5));
  CHECK(vs_api.self_hosted_cheaper_over_horizon);

  // Against the managed fine-tune ($0.00065 per query): one replica carries 5.834896M × $0.00065 = $3,792.68
  // of its traffic for $1,460, so k ≥ c / (3,792.68 − 1,460): c = (2,001.103 − 2,050) / 12 + 9,166.67 = 9,162.59
  //   → k = ceil(3.928) = 4 replicas: Q = max(3 × 5.834896M, (9,162.59 + 4 × 1,460) / 0.00065) = 23.08M.
  const BreakEven& vs_ft = report.break_even.at(1);
  REQUIRE(vs_ft.queries_per_month);
  CHECK(*vs_ft.queries_per_month == Approx((9162.59 + 4 * 1460) / 0.00065).epsilon(1e-4));
  // At 10M self-hosting is $48.90 cheaper up front (2,001.103 against 2,050) but costs more per month,
  // so its lead is spent within days of the 12-month horizon's start: it never breaks even.
  CHECK_FALSE(vs_ft.month);
  const OptionTotals& self = report.options.front().totals;
  const OptionTotals& ft = report.options.back().totals;
  REQUIRE(vs_ft.cheaper_until_month);
  CHECK(*vs_ft.cheaper_until_month == Approx((2050 - 2001.103018) / (self.monthly - ft.monthly)).epsilon(1e-6));
  CHECK(vs_ft.month_note.text().starts_with("never: cheaper up front by $48.90"));
}

TEST_CASE("JSON amounts of the hand-worked scenario", "[report][json]") {
  const nlohmann::json json = report_to_json(hand_worked_report());
  CHECK(json["format"] == "ftcost-estimate/1");
  const auto find = [&](const std::string& id) {
    for (const auto& o : json["options"]) {
      if (o["id"] == id) return o;
    }
    FAIL("no option " << id);
    throw;
  };
  // The API's lines, each worked out from the scenario (10M queries/month; test-api $1 input, $0.25
  // cached input, $4 output per 1M tokens; 500 prompt + 1,000 few-shot tokens, half cached; 200 output):
  //   input   10M × (500 + 500) / 1M = 10,000 × $1    = $10,000 a month
  //   cached  10M × 500 / 1M         =  5,000 × $0.25 =  $1,250 a month
  //   output  10M × 200 / 1M         =  2,000 × $4    =  $8,000 a month
  //   prompt engineering 20 h × $100 = $2,000 once; horizon 2,000 + 12 × 19,250 = $233,000
  const std::map<std::string, std::array<double, 3>> api_lines = {{"input-tokens", {10000, 1, 10000}},
                                                                  {"cached-input-tokens", {5000, 0.25, 1250}},
                                                                  {"output-tokens", {2000, 4, 8000}},
                                                                  {"prompt-engineering", {20, 100, 2000}}};
  const auto api = find("api:test-api");
  REQUIRE(api["lines"].size() == api_lines.size());
  for (const auto& line : api["lines"]) {
    const auto& expected = api_lines.at(line["item"].get<std::string>());
    INFO(line["item"]);
    CHECK(line["quantity"].get<double>() == Approx(expected[0]).epsilon(1e-12));
    CHECK(line["unit_price_usd"].get<double>() == Approx(expected[1]).epsilon(1e-12));
    CHECK(line["amount_usd"].get<double>() == Approx(expected[2]).epsilon(1e-12));
  }
  CHECK(api["one_time_usd"].get<double>() == Approx(2000).epsilon(1e-12));
  CHECK(api["monthly_usd"].get<double>() == Approx(19250).epsilon(1e-12));
  CHECK(api["horizon_total_usd"].get<double>() == Approx(233000).epsilon(1e-12));
  // Managed fine-tune (see above): $2,050 once, $6,500 a month → 2,050 + 12 × 6,500 = $80,050.
  const auto ft = find("finetune:test-ft");
  CHECK(ft["one_time_usd"].get<double>() == Approx(2050).epsilon(1e-12));
  CHECK(ft["monthly_usd"].get<double>() == Approx(6500).epsilon(1e-12));
  CHECK(ft["horizon_total_usd"].get<double>() == Approx(80050).epsilon(1e-12));
  // Self-hosted: $2,001.103018 once, $12,086.6667 a month.
  const auto self = find("self-hosted");
  CHECK(self["one_time_usd"].get<double>() == Approx(2001.103018).epsilon(1e-6));
  CHECK(self["horizon_total_usd"].get<double>() == Approx(2001.103018 + 12 * 12086.6667).epsilon(1e-6));
}

TEST_CASE("an option's display label carries its id only when another option has the same label") {
  Report report;
  OptionReport first;
  first.id = "api:custom/1";
  first.label = "API custom + few-shot";
  OptionReport second = first;
  second.id = "api:custom/2";
  OptionReport hosted;
  hosted.id = "self-hosted";
  hosted.label = "Self-hosted llama-3.1-8b lora";
  report.options = {first, second, hosted};
  CHECK(option_display_label(report, "api:custom/2") == "API custom + few-shot (api:custom/2)");
  CHECK(option_display_label(report, "self-hosted") == "Self-hosted llama-3.1-8b lora");
  CHECK(option_display_label(report, "api:none") == "api:none");
}

TEST_CASE("reports compare by content: the same scenario twice is equal, one changed price is not", "[report]") {
  const Report first = hand_worked_report();
  CHECK(first == hand_worked_report());
  Catalog catalog = catalog_with_overlays({fixtures + "hand-worked-catalog.yaml"});
  bool found = false;
  for (auto& price : catalog.gpu_prices.edit()) {
    if (price.gpu != "test-gpu") continue;
    price.usd_per_gpu_hour = 2.0000001;  // prints as $2.00 in the table; the report still differs
    found = true;
  }
  REQUIRE(found);
  const Report repriced = build_report(load_scenario_file(fixtures + "hand-worked.yaml", catalog));
  CHECK_FALSE(first == repriced);
}
