#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "ftcost/report/report.hpp"

using namespace ftcost;

namespace {

// Self-hosting: $10,000 up front, $1,000/month fixed, $2,000 per replica-month carrying 1M queries;
// the API: nothing up front, $p per query. Horizon 10 months.
BreakEvenInputs base(double price_per_query) {
  BreakEvenInputs in;
  in.horizon_months = 10;
  in.self_one_time = 10000;
  in.self_fixed_monthly = 1000;
  in.replica_monthly = 2000;
  in.queries_per_replica_month = 1e6;
  in.min_replicas = 1;
  in.other_cost_per_query = price_per_query;
  return in;
}

// One month's horizon, replicas of 1,000 queries at $100 a month, one at least: the small fleet the
// hand-worked band cases below share.
BreakEvenInputs small_fleet(double self_fixed_monthly, double price_per_query) {
  BreakEvenInputs in;
  in.horizon_months = 1;
  in.self_fixed_monthly = self_fixed_monthly;
  in.replica_monthly = 100;
  in.queries_per_replica_month = 1000;
  in.min_replicas = 1;
  in.other_cost_per_query = price_per_query;
  return in;
}

double self_total(const BreakEvenInputs& in, double replicas) {
  return in.self_one_time + in.horizon_months * (in.self_fixed_monthly + in.replica_monthly * replicas);
}

}  // namespace

TEST_CASE("break-even within the first replica", "[break_even]") {
  const auto in = base(0.005);
  // c = 10,000/10 + 1,000 = 2,000; with one replica 2,000 + 2,000 = 4,000 = 0.005 × Q → Q = 800,000
  const auto q = break_even_volume(in);
  REQUIRE(q);
  CHECK(*q == Approx(800000));
  // Check: self 10,000 + 10 × 3,000 = 40,000; API 10 × 0.005 × 800,000 = 40,000
  CHECK(self_total(in, 1) == Approx(10 * 0.005 * *q));
}

TEST_CASE("break-even after adding replicas", "[break_even]") {
  const auto in = base(0.003);
  // One replica: 4,000 / 0.003 = 1.33M > 1M capacity. Each full replica saves 0.003 × 1M − 2,000 = 1,000,
  // so k = 2 replicas: Q = (2,000 + 2 × 2,000) / 0.003 = 2,000,000 (inside (1M, 2M]).
  const auto q = break_even_volume(in);
  REQUIRE(q);
  CHECK(*q == Approx(2e6));
  CHECK(self_total(in, 2) == Approx(10 * 0.003 * *q));
}

TEST_CASE("never when a replica costs more than the traffic it carries", "[break_even]") {
  std::string why;
  // 0.0015 × 1M = $1,500 of API traffic per replica-month < $2,000 per replica
  CHECK_FALSE(break_even_volume(base(0.0015), &why));
  CHECK_THAT(why, Catch::Contains("never pays"));
}

TEST_CASE("an always-on fleet's replica steps hand the lead back to a per-token API, in bands", "[break_even]") {
  // c = $10 a month, replicas of 1,000 queries at $100, the API $0.12 a query: each full replica's
  // traffic is worth $120 on the API, $20 more than the replica. Gap = 10 + 100·max(1, ceil(q/1000)) − 0.12·q:
  //   one replica: 110 − 0.12q ≤ 0 from 916.7 (the break-even);
  //   at 1,000 the second replica makes it 210 − 120 = +90, negative again from 210/0.12 = 1,750;
  //   then 310 − 240 → 2,000–2,583.3; 410 − 360 → 3,000–3,416.7; 510 − 480 → 4,000–4,250;
  //   610 − 600 → 5,000–5,083.3; at 7,000 710 − 840 < 0: self-hosting stays cheaper above 5,083.3.
  BreakEvenInputs in = small_fleet(10, 0.12);
  BreakEvenBands bands;
  const auto q = break_even_volume(in, nullptr, &bands);
  REQUIRE(q);
  CHECK(*q == Approx(916.6667));
  CHECK(bands.count == 5);
  CHECK(bands.first_from == Approx(1000));
  CHECK(bands.first_to == Approx(1750));
  CHECK(bands.last_crossing == Approx(5083.3333));
  REQUIRE(bands.all.size() == 5);
  CHECK(bands.all[3].first == Approx(4000));
  CHECK(bands.all[3].second == Approx(4250));
  // Autoscaled, the same fleet pays for the average load: no steps, no bands.
  in.autoscaling = true;
  BreakEvenBands none;
  CHECK(*break_even_volume(in, nullptr, &none) == Approx(916.6667));
  CHECK(none.count == 0);
}

TEST_CASE("a thin margin per replica makes many bands, counted in closed form", "[break_even]") {
  // Replicas of 1,000 queries at $100, the API $0.1003 a query: a full replica saves only $0.30, so with
  // c = $10 self-hosting first gets cheaper in step k = ceil(10 / 0.3) = 34, at (10 + 3,400) / 0.1003
  // = 33,998; the API is cheaper again from the start of every step k with 110 − 0.3 (k − 1) > 0, i.e.
  // up to k = 367: 333 bands, the first 34,000–(10 + 3,500) / 0.1003 = 34,995, the last ending at
  // (10 + 36,700) / 0.1003 = 366,002.
  const BreakEvenInputs in = small_fleet(10, 0.1003);
  BreakEvenBands bands;
  const auto q = break_even_volume(in, nullptr, &bands);
  REQUIRE(q);
  CHECK(*q == Approx(3410 / 0.1003));
  CHECK(bands.count == 333);
  CHECK(bands.first_from == Approx(34000));
  CHECK(bands.first_to == Approx(3510 / 0.1003));
  CHECK(bands.last_crossing == Approx(36710 / 0.1003));
  CHECK(bands.all.size() == 333);
  // Check against the replica count itself: at the first band's middle the API is cheaper, just
  // past its end self-hosting is.
  auto gap = [&](double volume) { return 10 + 100 * std::ceil(volume / 1000) - 0.1003 * volume; };
  CHECK(gap(34500) > 0);
  CHECK(gap(35000) < 0);
  CHECK(gap(366001) > 0);  // the last band: step 367 starts at 366,000
  CHECK(gap(366003) < 0);  // past 366,002 self-hosting stays cheaper
}

TEST_CASE("an option whose cost does not grow with volume: self-hosting is cheaper only below a volume",
          "[break_even]") {
  // A managed fine-tune on a fixed deployment at $350 a month, tokens free; self-hosting's replicas of
  // 1,000 queries cost $100 each: cheaper while three replicas suffice (up to 3,000 queries), never after.
  BreakEvenInputs in = small_fleet(0, 0);
  in.other_fixed_monthly = 350;
  std::string why;
  CHECK_FALSE(break_even_volume(in, &why));
  CHECK(why ==
        "self-hosting costs less only below 3k queries/month: the other option's cost does not grow with volume, "
        "so more queries only favour it");
  // More expensive from the start: plain never.
  in.other_fixed_monthly = 50;
  CHECK_FALSE(break_even_volume(in, &why));
  CHECK(why == "the other option's cost does not grow with volume, so more queries only favour it");
}

TEST_CASE("an autoscaled fleet whose replica costs more than its traffic: cheaper only below", "[break_even]") {
  // c = −$200 (the API's fixed costs are larger), replicas of 1,000 queries at $100 carrying $50 of API
  // traffic. Gap = −200 + 100 · max(1, q/1,000) − 0.05 q: −100 at zero, then −200 + 0.05 q past 1,000,
  // zero at 4,000. Self-hosting is cheaper only below 4,000, not "above 0".
  BreakEvenInputs in = small_fleet(0, 0.05);
  in.other_fixed_monthly = 200;
  in.autoscaling = true;
  std::string why;
  BreakEvenBands bands;
  CHECK_FALSE(break_even_volume(in, &why, &bands));
  CHECK(bands.only_below == Approx(4000));
  CHECK_THAT(why,
             Catch::StartsWith("self-hosting costs less only below 4k queries/month: each replica costs $100/month "
                               "and carries traffic worth $50.00/month"));
}

TEST_CASE("autoscaled break-even is continuous", "[break_even]") {
  auto in = base(0.003);
  in.autoscaling = true;
  // Beyond one replica: 2,000 + 2,000 × Q/1M = 0.003 × Q → Q = 2,000 / 0.001 = 2M
  const auto q = break_even_volume(in);
  REQUIRE(q);
  CHECK(*q == Approx(2e6));
}

TEST_CASE("self-hosting cheaper from zero volume", "[break_even]") {
  auto in = base(0.01);
  in.other_one_time = 100000;  // the other option costs far more up front
  // c = (10,000 − 100,000)/10 + 1,000 = −8,000; + 2,000 for the replica = −6,000 ≤ 0 → 0
  const auto q = break_even_volume(in);
  REQUIRE(q);
  CHECK(*q == 0);
}

TEST_CASE("break-even against a dedicated deployment walks both fleets' replica steps", "[report]") {
  // Self-hosting: $60 a month more fixed, replicas of 10 queries a month at $100; the deployment:
  // replicas of 12 at $150, always on, one at least. Gap = 60 + 100·ceil(q/10) − 150·ceil(q/12):
  //   (0,10] +10, (10,12] +110, (12,20] −40, (20,24] +60, (24,30] −90, (30,36] +10, then negative up to
  //   q_safe = (60 + 2 × 100) / (150/12 − 100/10) = 104, past which the lower slope keeps it so.
  BreakEvenInputs in;
  in.horizon_months = 1;
  in.self_fixed_monthly = 60;
  in.replica_monthly = 100;
  in.queries_per_replica_month = 10;
  in.min_replicas = 1;
  HostingCurve deployment;
  deployment.replica_monthly = 150;
  deployment.queries_per_replica_month = 12;
  deployment.min_replicas = 1;
  in.other_deployment = deployment;
  BreakEvenBands bands;
  const auto volume = break_even_volume(in, nullptr, &bands);
  REQUIRE(volume);
  CHECK(*volume == 12);
  CHECK(bands.count == 2);
  CHECK(bands.first_from == 20);
  CHECK(bands.first_to == 24);
  CHECK(bands.last_crossing == 36);
  // A self-hosted replica dearer per query of capacity than the deployment's: never.
  in.replica_monthly = 130;
  std::string why;
  CHECK_FALSE(break_even_volume(in, &why));
  CHECK(why ==
        "a self-hosted replica costs $130/month for 10 queries a month and the dedicated deployment's "
        "$150/month for 12, so more volume never pays the fixed costs back");
}

TEST_CASE("break-even month: a lead from the start counts only if it outlasts the horizon", "[break_even]") {
  // Self-hosting $100 up front and $10/month; the other option $200 and $5/month: self-hosting's $100
  // lead shrinks by $5 a month and is spent at month 100 / 5 = 20.
  CHECK(cheaper_until_month(100, 10, 200, 5) == Approx(20.0));
  CHECK(break_even_month(100, 10, 200, 5, 12) == Approx(0.0));  // cheaper through a 12-month horizon
  CHECK_FALSE(break_even_month(100, 10, 200, 5, 24));           // the other option leads from month 20 of 24
  CHECK_FALSE(break_even_month(100, 10, 200, 5, 20));           // level at the horizon's end is no lead
  // Cheaper up front and per month: from the start, with no lead to spend.
  CHECK(break_even_month(100, 5, 200, 10, 24) == Approx(0.0));
  CHECK_FALSE(cheaper_until_month(100, 5, 200, 10));
  // Dearer up front, cheaper per month: pays back the $100 at $5 a month in 20 months, whatever the horizon.
  CHECK(break_even_month(200, 5, 100, 10, 12) == Approx(20.0));
  CHECK_FALSE(cheaper_until_month(200, 5, 100, 10));
  // Dearer both ways: never.
  CHECK_FALSE(break_even_month(200, 10, 100, 5, 24));
  // Ties: level up front, it must save every month; level costs are no break-even and no lead.
  CHECK(break_even_month(100, 5, 100, 10, 24) == Approx(0.0));
  CHECK_FALSE(break_even_month(100, 10, 100, 5, 24));
  CHECK_FALSE(cheaper_until_month(100, 10, 100, 5));
  CHECK_FALSE(break_even_month(100, 10, 100, 10, 24));
  CHECK_FALSE(cheaper_until_month(100, 10, 100, 10));
}
