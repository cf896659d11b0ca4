// A GPU short of power sustains less than its datasheet peak: the rule, its data and its checks.
// Expected values are worked out by hand from data/gpus.json and gpu.power_scaling_exponent (0.56).
#include <catch2/catch.hpp>

#include <cmath>
#include <optional>
#include <string>

#include "ftcost/catalog/load.hpp"
#include "ftcost/catalog/validate.hpp"
#include "ftcost/report/report.hpp"
#include "ftcost/scenario/load.hpp"
#include "ftcost/util/error.hpp"

using namespace ftcost;

namespace {

const GpuSpec& gpu(const Catalog& catalog, const std::string& id) {
  const GpuSpec* spec = catalog.find_gpu(id);
  REQUIRE(spec != nullptr);
  return *spec;
}

Catalog with(const std::string& overlay) {
  Catalog catalog = shipped_catalog();
  merge_catalog(catalog, parse_document(overlay, "book.yaml"));
  return catalog;
}

std::optional<double> derivation(const Report& report, const std::string& name) {
  for (const auto& d : report.derivations) {
    if (d.name == name) return d.value;
  }
  return std::nullopt;
}

Report estimate(const std::string& gpu_yaml) {
  const std::string text =
      "version: 1\n"
      "data: {examples: 10k, tokens_per_example: 500}\n"
      "model: llama-3.1-8b\n"
      "training: {gpu: " +
      gpu_yaml +
      ", gpus: 1, usd_per_gpu_hour: 2}\n"
      "hosting: {queries_per_month: 1M, input_tokens: 400, output_tokens: 200, gpu: " +
      gpu_yaml + ", usd_per_gpu_hour: 2}\n";
  return build_report(load_scenario(parse_document(text, "power.yaml"), shipped_catalog()));
}

}  // namespace

TEST_CASE("a part on less power than its full-power sibling sustains peak × r ^ 0.56", "[catalog][power]") {
  const Catalog& catalog = shipped_catalog();
  // H100 PCIe: r = 350 W × (989.4 / 700 W) / 756 = 0.65437; 756 × 0.65437^0.56 = 596.19.
  CHECK(gpu(catalog, "h100-pcie").sustained_tflops(Precision::bf16).value() == Approx(596.185).epsilon(1e-5));
  CHECK(gpu(catalog, "h100-pcie").peak_tflops(Precision::bf16).value() == 756);
  // MI300X: the MI325X's peak on 750 W against 1,000 W, r = 0.75: fp8 2614.9 × 0.75^0.56 = 2225.82.
  CHECK(gpu(catalog, "mi300x").sustained_tflops(Precision::fp8).value() == Approx(2225.817).epsilon(1e-5));
  // Full-power parts, and parts whose reference is not itself power-bound (A100 PCIe), keep the peak
  // exactly.
  for (const char* id : {"h100-sxm", "mi325x", "a100-80gb-pcie", "b200", "rtx-4090"}) {
    const GpuSpec& spec = gpu(catalog, id);
    CHECK(spec.sustained_tflops(Precision::bf16) == spec.peak_tflops(Precision::bf16));
  }
  CHECK(power_ceiling_text(gpu(catalog, "h100-sxm"), Precision::bf16).empty());
  CHECK_THAT(power_ceiling_text(gpu(catalog, "h100-pcie"), Precision::bf16),
             Catch::Contains("350 W") && Catch::Contains("h100-sxm") && Catch::Contains("^ 0.56"));
}

TEST_CASE("a power limit below the TDP scales the GPU's own peak, one above it changes nothing", "[catalog][power]") {
  GpuSpec h100 = gpu(shipped_catalog(), "h100-sxm");
  h100.power_limit_w = 500;  // Meta's Grand Teton H100s (torchtitan's benchmarks)
  // 989.4 × (500 / 700)^0.56 = 819.48; fp8 1978.9 × the same 0.82826 = 1639.05.
  CHECK(h100.sustained_tflops(Precision::bf16).value() == Approx(819.483).epsilon(1e-5));
  CHECK(h100.sustained_tflops(Precision::fp8).value() == Approx(1639.050).epsilon(1e-5));
  CHECK_THAT(power_ceiling_text(h100, Precision::bf16), Catch::Contains("(power limit)"));
  h100.power_limit_w = 800;
  CHECK(h100.sustained_tflops(Precision::bf16) == h100.peak_tflops(Precision::bf16));
}

TEST_CASE("a price book that changes the exponent or a reference's peak resolves the ceiling again",
          "[catalog][power]") {
  const Catalog linear = with(R"(format: ftcost-catalog/1
defaults:
  - {id: gpu.power_scaling_exponent, value: 1, source: a test, as_of: 2026-12-05}
)");
  // Energy per operation fixed: 350 W × 989.4 / 700 = 494.7.
  CHECK(gpu(linear, "h100-pcie").sustained_tflops(Precision::bf16).value() == Approx(494.7));
  const Catalog faster_reference = with(R"(format: ftcost-catalog/1
gpus:
  - {id: h100-sxm, peak_dense_tflops: {bf16: 1400}, source: a test, as_of: 2026-12-05}
)");
  // r = 350 × 1400 / 700 / 756 = 0.926: 756 × 0.926^0.56 = 723.0.
  CHECK(gpu(faster_reference, "h100-pcie").sustained_tflops(Precision::bf16).value() ==
        Approx(756 * std::pow(350.0 * 1400 / 700 / 756, 0.56)));
}

TEST_CASE("validate refuses a power reference that is unknown, not above the GPU's TDP, or another vendor's",
          "[catalog][power]") {
  const auto problems = [](const std::string& reference) {
    return validate_catalog(with("format: ftcost-catalog/1\ngpus:\n  - {id: h100-pcie, power_reference: " + reference +
                                 ", source: a test, as_of: 2026-12-05}\n"));
  };
  const auto names = [](const std::vector<CatalogProblem>& list) {
    std::string text;
    for (const auto& p : list) text += to_string(p) + "\n";
    return text;
  };
  CHECK_THAT(names(problems("h100-sxm-typo")), Catch::Contains("not a GPU in the catalog"));
  CHECK_THAT(names(problems("l4")), Catch::Contains("must have a tdp_w above"));
  CHECK_THAT(names(problems("mi325x")), Catch::Contains("another vendor's"));
  CHECK(names(problems("h200")).empty());
}

TEST_CASE("estimate runs training and serving compute at the sustained rate and explains it", "[power]") {
  const Report full = estimate("h100-sxm");
  const Report capped = estimate("{name: h100-sxm, power_limit_w: 500}");
  CHECK_FALSE(derivation(full, "training.sustained_tflops"));
  CHECK(derivation(capped, "training.sustained_tflops").value() == Approx(819.483).epsilon(1e-5));
  CHECK(derivation(capped, "hosting.sustained_tflops").value() == Approx(819.483).epsilon(1e-5));
  // MFU stays a share of the datasheet peak; the capped run is slower.
  CHECK(derivation(capped, "training.peak_tflops").value() == Approx(989.4));
  CHECK(derivation(capped, "training.tokens_per_s_per_gpu").value() <
        derivation(full, "training.tokens_per_s_per_gpu").value());
}

TEST_CASE("a power limit at or above the TDP, or below a quarter of it, is refused", "[power][scenario]") {
  for (const char* limit : {"700", "900", "174"}) {
    try {
      estimate(std::string("{name: h100-sxm, power_limit_w: ") + limit + "}");
      FAIL("expected an InputError for " << limit);
    } catch (const InputError& error) {
      CHECK(error.field().find("power_limit_w") != std::string::npos);
      CHECK_THAT(error.fix(), Catch::Contains("from 175 W up to below 700 W"));
    }
  }
  CHECK(derivation(estimate("{name: h100-sxm, power_limit_w: 175}"), "training.sustained_tflops"));
}

TEST_CASE("a peak written for one precision drops the power ceiling of that precision only", "[power][scenario]") {
  // fp8 written, bf16 training: still the H100 PCIe's sustained 596.19, not the datasheet 756.
  const Report report = estimate("{name: h100-pcie, peak_tflops: {fp8: 1400}}");
  CHECK(derivation(report, "training.sustained_tflops").value() == Approx(596.185).epsilon(1e-5));
  GpuSpec pcie = gpu(shipped_catalog(), "h100-pcie");
  pcie.peak_dense_tflops[Precision::fp8] = 1400;
  pcie.reference_tflops_per_w.erase(Precision::fp8);
  CHECK(pcie.sustained_tflops(Precision::fp8).value() == 1400);
}

TEST_CASE("a power limit needs a catalog GPU's TDP to scale from", "[power][scenario]") {
  try {
    estimate("{memory_gb: 80, memory_bandwidth_gb_s: 3350, peak_tflops: {bf16: 989}, power_limit_w: 500}");
    FAIL("expected an InputError");
  } catch (const InputError& error) {
    CHECK(error.field().find("power_limit_w") != std::string::npos);
    CHECK_THAT(error.problem(), Catch::Contains("no TDP"));
  }
}
