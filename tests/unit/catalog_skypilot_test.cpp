// `catalog import --from skypilot`: real SkyPilot vms.csv slices of two clouds whose columns are in
// different orders become per-GPU on-demand and spot prices (tests/fixtures/skypilot/README.md).
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "ftcost/catalog/catalog.hpp"
#include "ftcost/catalog/csv.hpp"
#include "ftcost/catalog/listing.hpp"
#include "ftcost/catalog/load.hpp"
#include "ftcost/catalog/skypilot.hpp"
#include "ftcost/catalog/validate.hpp"
#include "ftcost/report/report.hpp"
#include "ftcost/scenario/load.hpp"
#include "ftcost/scenario/resolve.hpp"
#include "ftcost/util/document.hpp"
#include "ftcost/util/error.hpp"

using namespace ftcost;

namespace {

std::string fixture(const std::string& cloud) {
  // fmt, not a chain of operator+: g++ 12 -O3 misreads the moved temporaries as out-of-bounds copies.
  return fmt::format("{}/tests/fixtures/skypilot/{}/vms.csv", FTCOST_SOURCE_DIR, cloud);
}

std::string text_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

SkypilotImport import_cloud(const std::string& cloud) {
  const std::string path = fixture(cloud);
  return import_skypilot(text_of(path), path, shipped_catalog(), provider_from_path(path), "2026-01-01");
}

// The imported price of a GPU and basis, or -1.
double price_of(const SkypilotImport& result, const std::string& gpu, const std::string& basis) {
  for (const auto& price : result.overlay["gpu_prices"]) {
    if (price["gpu"] == gpu && price["basis"] == basis) return price["usd_per_gpu_hour"].get<double>();
  }
  return -1;
}

// Rows under Lambda's header (Price before Region, SpotPrice last), imported as lambda's.
SkypilotImport import_lambda_rows(const std::string& rows) {
  const std::string text =
      "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,Region,GpuInfo,SpotPrice\n" + rows;
  return import_skypilot(text, "lambda/vms.csv", shipped_catalog(), "lambda", "2026-01-01");
}

}  // namespace

TEST_CASE("a CSV reader keeps quoted commas, doubled quotes, line breaks and positions") {
  const auto rows = parse_csv("a,b,c\r\n1,\"x, \"\"y\"\"\",\n\n2,\"two\nlines\",z", "t.csv");
  REQUIRE(rows.size() == 3);  // the blank line is not a row
  CHECK(rows[1][1].text == "x, \"y\"");
  CHECK(rows[1][1].line == 2);
  CHECK(rows[1][1].column == 3);
  CHECK(rows[1][2].text.empty());
  CHECK(rows[2][1].text == "two\nlines");
  CHECK(rows[2][2].text == "z");
  CHECK(rows[2][2].line == 5);
  try {
    parse_csv("a,b\n1,\"open\n", "bad.csv");
    FAIL("an open quote was accepted");
  } catch (const InputError& error) {
    CHECK(error.where().line == 2);
    CHECK(error.where().column == 3);
  }
  CHECK_THROWS_AS(parse_csv("a,b\n1,x\"y\n", "bad.csv"), InputError);
  CHECK_THROWS_AS(parse_csv("a,b\n\"1\"x,2\n", "bad.csv"), InputError);
}

TEST_CASE("Lambda's vms.csv (Price before Region, memory in GpuInfo) imports per-GPU on-demand prices") {
  const SkypilotImport result = import_cloud("lambda");
  CHECK(result.overlay["gpu_prices"][0]["provider"] == "lambda");  // the folder name
  CHECK(result.rows == 17);
  // A100 with 40960 MiB → a100-40gb: gpu_8x_a100 $10.32 / 8 = $1.29, gpu_1x_a100 $1.29 / 1.
  CHECK(price_of(result, "a100-40gb", "on_demand") == 1.29);
  // A100-80GB: gpu_8x_a100_80gb_sxm4 $14.32 / 8 = $1.79.
  CHECK(price_of(result, "a100-80gb", "on_demand") == 1.79);
  // A6000 → rtx-a6000: gpu_4x_a6000 $3.2 / 4 = $0.80, gpu_1x_a6000 $0.80.
  CHECK(price_of(result, "rtx-a6000", "on_demand") == 0.8);
  // H100 in a "pcie" instance type → h100-pcie $2.49; the SXM5 ones: min($3.29 / 1, $23.92 / 8 = $2.99).
  CHECK(price_of(result, "h100-pcie", "on_demand") == 2.49);
  CHECK(price_of(result, "h100-sxm", "on_demand") == 2.99);
  CHECK(price_of(result, "a10", "on_demand") == 0.75);  // NVIDIA's A10, not AWS's A10G
  CHECK(price_of(result, "h100-sxm", "spot") == -1);    // Lambda has no spot prices
  CHECK(result.imported == 6);
  // Skipped: 2 CPU-only rows; V100 with 16 GB (the catalog's V100 has 32 GB), RTX6000, GH200 ×2.
  CHECK(result.skip_reasons.at("CPU-only instance") == 2);
  CHECK(result.skip_reasons.at("accelerator not in the catalog") == 4);
  REQUIRE(result.unknown.size() == 3);  // each reported once
  CHECK(result.unknown[0].name == "V100 (16 GB)");
  CHECK(result.unknown[2].name == "GH200 (96 GB)");
  CHECK(result.unknown[2].rows == 2);
  CHECK(result.unknown[2].line == 17);
  const auto& h100 = result.overlay["gpu_prices"][5];
  CHECK(h100["gpu"] == "h100-sxm");
  CHECK(h100["kind"] == "instance");
  CHECK(h100["offering"] == "gpu_8x_h100_sxm5");
  CHECK(h100["region"] == "europe-central-1");  // the first row at the lowest price
  CHECK(h100["source"] == skypilot_source);
  CHECK(h100["as_of"] == "2026-01-01");
}

TEST_CASE("RunPod's vms.csv (SpotPrice before Price, bare GpuInfo) imports on-demand and spot prices") {
  const SkypilotImport result = import_cloud("runpod");
  // A100-80GB (PCIe) and A100-80GB-SXM both name a100-80gb: min($1.64, $12.96 / 8 = $1.62, $1.89,
  // $7.56 / 4 = $1.89) on demand; spot only for A100-80GB: $1.19, $9.52 / 8 = $1.19.
  CHECK(price_of(result, "a100-80gb", "on_demand") == 1.62);
  CHECK(price_of(result, "a100-80gb", "spot") == 1.19);
  // RTX4090: $0.69, $1.38 / 2, $5.52 / 8 = $0.69 on demand; $0.34, $0.68 / 2, $2.72 / 8 = $0.34 spot.
  CHECK(price_of(result, "rtx-4090", "on_demand") == 0.69);
  CHECK(price_of(result, "rtx-4090", "spot") == 0.34);
  // RTX3090 reads as rtx-3090 (RTX + model number → rtx-<model>): $1.72 / 4 = $3.44 / 8 = $0.43, no spot.
  CHECK(price_of(result, "rtx-3090", "on_demand") == 0.43);
  CHECK(price_of(result, "rtx-3090", "spot") == -1);
  CHECK(result.imported == 5);
  CHECK(result.skip_reasons.at("accelerator not in the catalog") == 1);  // RTX4000-Ada
  REQUIRE(result.unknown.size() == 1);
  CHECK(result.unknown[0].name == "RTX4000-Ada");
}

TEST_CASE("Workstation GPU names: A5000 is rtx-a5000, RTX6000-Ada is rtx-6000-ada, RTX6000 not the Ada card") {
  // RunPod-style rows (catalogs/v7 column order) for the names RunPod and Vast write. A Lambda RTX6000
  // (the 24 GB Quadro RTX 6000) must not land on any 48 GB card.
  const std::string text =
      "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,GpuInfo,Region,SpotPrice,Price,AvailabilityZone\n"
      "2x_A5000_SECURE,A5000,2.0,16.0,48.0,A5000,US,0.30,0.52,US-CA-1\n"
      "1x_RTX6000-Ada_SECURE,RTX6000-Ada,1.0,8.0,48.0,RTX6000-Ada,US,,0.79,US-CA-1\n"
      "1x_RTX6000_SECURE,RTX6000,1.0,8.0,24.0,RTX6000,US,,0.50,US-CA-1\n";
  const SkypilotImport result = import_skypilot(text, "v7/runpod/vms.csv", shipped_catalog(), "runpod", "2026-01-01");
  CHECK(price_of(result, "rtx-a5000", "on_demand") == 0.26);  // $0.52 / 2
  CHECK(price_of(result, "rtx-a5000", "spot") == 0.15);       // $0.30 / 2
  CHECK(price_of(result, "rtx-6000-ada", "on_demand") == 0.79);
  CHECK(result.imported == 3);
  REQUIRE(result.unknown.size() == 1);
  CHECK(result.unknown[0].name == "RTX6000");
}

TEST_CASE("RunPod's catalogs/v8 rows, GpuInfo last with GB written as 'SizeInMiB', import by name") {
  // Two rows as published in catalogs/v8/runpod/vms.csv (commit 01acdfd419ce5afae1289ff14825b893ced0c196):
  // 'SizeInMiB': 80 is 80 GB, no GPU's memory in MiB, so the accelerator name decides, and GpuInfo's
  // 'A100 PCIe' names the PCIe card (RunPod sells the SXM one as A100-80GB-SXM).
  const std::string text =
      "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Region,SpotPrice,Price,AvailabilityZone,GpuInfo\n"
      "1x_A100-80GB_SECURE,A100-80GB,1.0,8.0,117.0,US,1.39,1.39,US-CA-1,\"{'Gpus': [{'Name': 'A100 PCIe', "
      "'Manufacturer': 'Nvidia', 'Count': 1, 'MemoryInfo': {'SizeInMiB': 80}}], 'TotalGpuMemoryInMiB': 80}\"\n"
      "2x_A100-80GB_SECURE,A100-80GB,2.0,16.0,234.0,US,2.78,2.78,US-CA-1,\"{'Gpus': [{'Name': 'A100 PCIe', "
      "'Manufacturer': 'Nvidia', 'Count': 2, 'MemoryInfo': {'SizeInMiB': 80}}], 'TotalGpuMemoryInMiB': 160}\"\n";
  const SkypilotImport result = import_skypilot(text, "v8/runpod/vms.csv", shipped_catalog(), "runpod", "2026-01-01");
  CHECK(price_of(result, "a100-80gb-pcie", "on_demand") == 1.39);  // $1.39 and $2.78 / 2
  CHECK(price_of(result, "a100-80gb-pcie", "spot") == 1.39);
  CHECK(price_of(result, "a100-80gb", "on_demand") == -1);
  CHECK(result.imported == 2);
  CHECK(result.unknown.empty());
}

TEST_CASE("RunPod's catalogs/v8 RTX 3090, 4090, A5000 and A6000 rows import the instance prices shipped from them") {
  // tests/fixtures/skypilot/v8/runpod: the US-TX-3 rows of every instance size of the four GPUs in
  // catalogs/v8/runpod/vms.csv at commit 01acdfd419ce5afae1289ff14825b893ced0c196. Every row of the four
  // blocks, in all 49 zones, is $0.50 (RTX 3090), $0.74 (RTX 4090), $0.27 (RTX A5000) or $0.53 (RTX A6000)
  // times its GPU count (the fixtures' README says what was read); SpotPrice repeats Price.
  const SkypilotImport result = import_cloud("v8/runpod");
  CHECK(price_of(result, "rtx-3090", "on_demand") == 0.5);    // $0.50 / 1 ... $4.00 / 8
  CHECK(price_of(result, "rtx-4090", "on_demand") == 0.74);   // $0.74 / 1 ... $5.92 / 8
  CHECK(price_of(result, "rtx-4090", "spot") == 0.74);        // SpotPrice = Price; not shipped as spot
  CHECK(price_of(result, "rtx-a5000", "on_demand") == 0.27);  // $2.70 / 10, $0.27 / 1 ... $2.43 / 9
  CHECK(price_of(result, "rtx-a6000", "on_demand") == 0.53);  // $5.30 / 10, $0.53 / 1 ... $4.77 / 9
  CHECK(result.imported == 8);  // on-demand and spot prices of the four GPUs, from 36 rows
  CHECK(result.unknown.empty());
  // The shipped entries carry the same prices.
  const Catalog& shipped = shipped_catalog();
  for (const char* gpu : {"rtx-3090", "rtx-4090", "rtx-a5000", "rtx-a6000"}) {
    const GpuPrice* price = select_gpu_price(shipped, gpu, "runpod", "on_demand");
    REQUIRE(price);
    CHECK(price->usd_per_gpu_hour == price_of(result, gpu, "on_demand"));
  }
}

TEST_CASE("a scenario training on an RTX 4090 is priced at RunPod's shipped on-demand instance price") {
  // Before the RTX 4090 instance price was shipped, `--set training.gpu=rtx-4090` stopped with
  // "no on_demand price"; RunPod's serverless 4090 worker is not an on-demand instance.
  const std::string example = std::string(FTCOST_SOURCE_DIR) + "/examples/support-assistant-8b-lora.yaml";
  const Catalog& catalog = shipped_catalog();
  const Scenario scenario = reload_with_overrides(load_document(example), catalog,
                                                  {{"training.gpu", "rtx-4090", "--set training.gpu=rtx-4090"}});
  CHECK(scenario.training.gpu.id == "rtx-4090");
  const Report report = build_report(scenario);
  int priced = 0;
  for (const auto& line : report.options.front().lines) {
    if (line.price.id != "rtx-4090@runpod/on_demand") continue;
    ++priced;
    CHECK(line.unit_price == 0.74);
  }
  CHECK(priced == 2);  // the training run and the periodic re-training
}

TEST_CASE("AWS's catalogs/v8 rows (quoted GpuInfo, memory in MiB) import the G6, G6e and P4d instance prices") {
  // Rows of catalogs/v8/aws/vms.csv at commit 00148f2af3672e2229b4f7bf8157d5a3f36e3c35: g6.xlarge
  // (1 L4, 22888 MiB) at $0.8048/h and g6e.xlarge (1 L40S, 45776 MiB) at $1.861/h in all four us-east-1
  // zones; spot is the lowest zone's: $0.3490 and $0.9154.
  const SkypilotImport result = import_cloud("aws");
  CHECK(price_of(result, "l4", "on_demand") == 0.8048);
  CHECK(price_of(result, "l40s", "on_demand") == 1.861);
  CHECK(price_of(result, "l4", "spot") == 0.349);
  CHECK(price_of(result, "l40s", "spot") == 0.9154);
  // p4d.24xlarge (8 A100, 40960 MiB) at $21.957642/h in all four zones: $2.744705/GPU-h (rounded to
  // 10⁻⁶); spot the lowest zone's $2.4655 / 8 = $0.3081875 → $0.308188.
  CHECK(price_of(result, "a100-40gb", "on_demand") == 2.744705);
  CHECK(price_of(result, "a100-40gb", "spot") == 0.308188);
  CHECK(result.imported == 6);
  CHECK(result.unknown.empty());
  CHECK(result.overlay["gpu_prices"][0]["kind"] == "instance");
  CHECK(result.overlay["gpu_prices"][0]["offering"] == "g6.xlarge");
}

TEST_CASE("GCP's catalogs/v8 rows list GPUs apart from their VMs: GPU-component prices, hosts skipped") {
  // Rows of catalogs/v8/gcp/vms.csv at commit 006059e0f18acb1341e22a27751e9f80df6ba92f. The a2/a3 host
  // rows carry no accelerator (the VM's vCPUs and memory only); the GPU rows have no instance type.
  const SkypilotImport result = import_cloud("gcp");
  CHECK(price_of(result, "a100-40gb", "on_demand") == 2.93391);
  CHECK(price_of(result, "a100-80gb", "on_demand") == 1.8462);
  CHECK(price_of(result, "l4", "on_demand") == 0.56004);
  CHECK(price_of(result, "t4", "on_demand") == 0.35);
  // H100 ×8: us-central1 $33.60609 / 8 = $4.200761 against us-east4 $78.37241 / 8; spot the other way
  // round: us-east4 $17.8848 / 8 = $2.2356.
  CHECK(price_of(result, "h100-sxm", "on_demand") == Approx(4.200761).epsilon(1e-9));
  CHECK(price_of(result, "h100-sxm", "spot") == Approx(2.2356).epsilon(1e-9));
  for (const auto& price : result.overlay["gpu_prices"]) CHECK(price["kind"] == "gpu_only");
  CHECK(result.imported == 10);
  CHECK(result.skip_reasons.at("CPU-only instance") == 3);
  // H100-MEGA (a3-megagpu) is not told apart in the catalog; GCP's V100 has 16 GB, the catalog's 32 GB.
  REQUIRE(result.unknown.size() == 2);
  CHECK(result.unknown[0].name == "H100-MEGA (80 GB)");
  CHECK(result.unknown[1].name == "V100 (16 GB)");
}

TEST_CASE("catalogs/v9 rows import the prices shipped from them, AWS's new disk and Arch columns unused") {
  // tests/fixtures/skypilot/v9: us-east-1 rows of catalogs/v9/lambda/vms.csv and catalogs/v9/gcp/vms.csv at
  // commit 2c3d7ea7d76bf84cf80d382e946c1609571485fd (GCP: us-central1-a) and of catalogs/v9/aws/vms.csv at
  // commit 3e9a1751b1edfb3592877f242c2f8dc10fc1fc6e, which adds Arch and four local-disk columns.
  const SkypilotImport lambda = import_cloud("v9/lambda");
  CHECK(price_of(lambda, "h100-sxm", "on_demand") == 3.99);   // gpu_8x_h100_sxm5 $31.92 / 8 beats 1x $4.29
  CHECK(price_of(lambda, "a100-40gb", "on_demand") == 1.99);  // $15.92 / 8, the 1x price too
  CHECK(price_of(lambda, "b200", "on_demand") == 6.69);       // $53.52 / 8
  CHECK(lambda.imported == 7);
  REQUIRE(lambda.unknown.size() == 3);  // 16 GB V100, RTX6000, GH200

  const SkypilotImport aws = import_cloud("v9/aws");
  CHECK(price_of(aws, "l40s", "on_demand") == 1.861);
  CHECK(price_of(aws, "l4", "on_demand") == 0.8048);
  CHECK(price_of(aws, "a10g", "on_demand") == 1.006);
  CHECK(price_of(aws, "a100-40gb", "on_demand") == 2.744705);  // $21.957642 / 8
  CHECK(price_of(aws, "a100-80gb", "on_demand") == 3.430881);  // $27.44705 / 8 in both regions
  CHECK(price_of(aws, "a100-80gb", "spot") == 1.324663);       // the lower zone's $10.5973 / 8
  // p5.48xlarge $55.04 / 8 and p5.4xlarge $6.88 / 1 tie; p5.4xlarge has no spot price, so the spot
  // price is p5.48xlarge's zone price $55.04 / 8 too.
  CHECK(price_of(aws, "h100-sxm", "on_demand") == 6.88);
  CHECK(price_of(aws, "h100-sxm", "spot") == 6.88);
  CHECK(price_of(aws, "h200", "on_demand") == 7.912);  // p5en.48xlarge $63.296 / 8
  CHECK(aws.imported == 14);
  CHECK(aws.unknown.empty());

  const SkypilotImport gcp = import_cloud("v9/gcp");
  CHECK(price_of(gcp, "h100-sxm", "on_demand") == Approx(4.200761).epsilon(1e-9));  // $33.60609 / 8
  CHECK(price_of(gcp, "a100-80gb", "on_demand") == 1.8462);
  CHECK(price_of(gcp, "a100-80gb", "spot") == 2.1604);  // spot above on-demand, as the file says
  CHECK(gcp.skip_reasons.at("CPU-only instance") == 3);
  for (const auto& price : gcp.overlay["gpu_prices"]) CHECK(price["kind"] == "gpu_only");
}

TEST_CASE("Nebius's whole catalogs/v8 file: CRLF lines, Price before Region, SpotPrice last and sometimes empty") {
  // tests/fixtures/skypilot/nebius/vms.csv is the whole file at commit 0082b0435f3912ae4c566856b272455cc78f4f61
  // (6,302 bytes, CRLF line ends as Python's csv module writes them). CPU rows name no accelerator and
  // count 0 GPUs.
  const SkypilotImport result = import_cloud("nebius");
  CHECK(result.rows == 61);
  CHECK(price_of(result, "h100-sxm", "on_demand") == 2.95);  // $2.95 / 1 against $23.60 / 8 = $2.95
  CHECK(price_of(result, "h100-sxm", "spot") == 1.25);       // $1.25 / 1 against $10.00 / 8
  CHECK(price_of(result, "h200", "on_demand") == 3.5);       // 144384 MiB = 141 GiB, the catalog's H200
  CHECK(price_of(result, "h200", "spot") == 1.45);
  CHECK(price_of(result, "l40s", "on_demand") == 1.5484);  // the smallest host, gpu-l40s-a_1gpu-8vcpu-32gb
  CHECK(price_of(result, "l40s", "spot") == -1);           // L40S rows have no spot price
  CHECK(price_of(result, "b200", "on_demand") == 5.5);     // $44.00 / 8; 184320 MiB = 180 GiB
  CHECK(result.imported == 6);
  CHECK(result.skip_reasons.at(skip_cpu_only) == 40);
  CHECK(result.skip_reasons.size() == 1);
}

TEST_CASE("Nebius's whole catalogs/v9 file: memory written as 0 MiB, GPUs matched by name — the shipped prices") {
  // tests/fixtures/skypilot/v9/nebius/vms.csv is the whole file at commit d9bf3aa4d21f5c1e1f3d8fde27adf0204c46fbc8
  // (6,907 characters, CRLF line ends). Against v8 it writes every GPU's SizeInMiB as 0, adds a second
  // B200 instance type (me-west1) and 12 CPU rows; the per-GPU prices are v8's.
  const SkypilotImport result = import_cloud("v9/nebius");
  CHECK(result.rows == 74);
  CHECK(price_of(result, "h100-sxm", "on_demand") == 2.95);  // "H100" with no memory: the SXM part
  CHECK(price_of(result, "h200", "on_demand") == 3.5);
  CHECK(price_of(result, "l40s", "on_demand") == 1.5484);
  CHECK(price_of(result, "b200", "on_demand") == 5.5);  // $44.00 / 8 in both regions
  CHECK(result.imported == 7);
  CHECK(result.skip_reasons.at(skip_cpu_only) == 52);
  CHECK(result.unknown.empty());
  // The shipped Nebius prices are these rows': on demand, and the preemptible (spot) list prices,
  // fixed across regions and sizes, of the three GPUs that have them.
  for (const char* gpu : {"h100-sxm", "h200", "l40s", "b200"}) {
    INFO(gpu);
    const GpuPrice* shipped = select_gpu_price(shipped_catalog(), gpu, "nebius", "on_demand");
    REQUIRE(shipped);
    CHECK(shipped->usd_per_gpu_hour == price_of(result, gpu, "on_demand"));
    CHECK(shipped->source.as_of == "2026-07-09");
  }
  CHECK(price_of(result, "h100-sxm", "spot") == 1.25);
  CHECK(price_of(result, "h200", "spot") == 1.45);
  CHECK(price_of(result, "b200", "spot") == 2.9);  // $23.20 / 8
  for (const char* gpu : {"h100-sxm", "h200", "b200"}) {
    INFO(gpu);
    const GpuPrice* shipped = select_gpu_price(shipped_catalog(), gpu, "nebius", "spot");
    REQUIRE(shipped);
    CHECK(shipped->usd_per_gpu_hour == price_of(result, gpu, "spot"));
  }
  CHECK_FALSE(select_gpu_price(shipped_catalog(), "l40s", "nebius", "spot"));
}

TEST_CASE("Vast's whole catalogs/v8 file: GpuInfo's SizeInMiB is each offer's total, names without hyphens") {
  // tests/fixtures/skypilot/vast/vms.csv is the whole file at commit 01b8cdda287814b30ff0acb49746cca19fbd4355
  // (12,085 characters, CRLF line ends). Its 1, 2 and 4 A100 SXM4 offers carry 40960, 81920 and 163840
  // MiB, so the size is a total; read per GPU, the 2x offer became an 80 GB A100 at $0.745 and every
  // multi-GPU H200 offer an unknown 281 GB GPU.
  const SkypilotImport result = import_cloud("vast");
  CHECK(result.memory_totals);
  CHECK(result.rows == 67);
  CHECK(price_of(result, "a100-40gb", "marketplace") == 0.745);      // 2x A100 SXM4 40 GB: $1.49 / 2
  CHECK(price_of(result, "a100-80gb-pcie", "marketplace") == 0.87);  // 1x A100_PCIE, 81920 MiB
  CHECK(price_of(result, "a100-80gb", "marketplace") == -1);         // every 80 GB A100 offer is a PCIe card
  CHECK(price_of(result, "rtx-5090", "marketplace") == 0.426875);    // 16x RTX5090: $6.83 / 16, the cheapest
  CHECK(price_of(result, "rtx-6000-ada", "marketplace") == 0.37);    // RTX6000-Ada, 49140 MiB
  CHECK(price_of(result, "h200", "marketplace") == 2.235);           // 8x H200: $17.88 / 8, 1150168 / 8 MiB each
  CHECK(price_of(result, "h100-nvl", "marketplace") == 2.08);        // H100 with 95830 MiB: the 94 GB member
  CHECK(price_of(result, "h100-sxm", "marketplace") == 1.865);       // 2x H100 SXM: $3.73 / 2
  CHECK(price_of(result, "rtx-a6000", "marketplace") == 0.425);      // RTXA6000 ×2: $0.85 / 2
  CHECK(price_of(result, "b200", "marketplace") == 4.705);           // 4x B200: $18.82 / 4
  CHECK(price_of(result, "h200", "spot") == -1);                     // SpotPrice 0.00 is no price
  // A marketplace's listed price is its own basis: not comparable with a cloud's on-demand rate.
  CHECK(result.marketplace);
  for (const auto& price : result.overlay["gpu_prices"]) CHECK(price["kind"] == "marketplace");
  CHECK(price_of(result, "h100-sxm", "on_demand") == -1);
  CHECK(price_of(result, "rtx-3090", "marketplace") == 0.165);  // RTX3090 ×2: $0.33 / 2 (×4: $0.67 / 4)
  CHECK(result.imported == 13);
  CHECK(result.skip_reasons.at(skip_unknown) == 13);  // 25 before the RTX 5090's 11 rows and the RTX 6000 Ada's 1
  // The per-GPU sizes name the cards right: a 48 GB RTX 4090 is not the catalog's 24 GB one, and
  // 8 V100s with 131072 MiB are 16 GB V100s.
  bool modded_4090 = false;
  bool v100_16 = false;
  for (const auto& unknown : result.unknown) {
    modded_4090 = modded_4090 || unknown.name == "RTX4090 (48 GB)";
    v100_16 = v100_16 || unknown.name == "V100 (16 GB)";
  }
  CHECK(modded_4090);
  CHECK(v100_16);
  CHECK_FALSE(import_cloud("lambda").memory_totals);  // 1 and 8 A100s both carry 40960 MiB there
}

TEST_CASE("Azure's catalogs/v5 rows: shares of a GPU, wrong GPU counts and unnamed GPU models are skipped") {
  // Rows of catalogs/v5/azure/vms.csv at commit 3f5f697196c9278346b0271342031fff6b37036d, checked
  // against the catalog's gpu_vms (Microsoft's size pages). Imported as is, this slice gave the A10
  // $0.454/GPU-h (Standard_NV6ads_A10_v5, 1/6 of an A10, counted as 1) and h100-sxm $6.98 (an H100 NVL VM).
  const std::string path = std::string(FTCOST_SOURCE_DIR) + "/tests/fixtures/skypilot/v5/azure/vms.csv";
  const SkypilotImport result =
      import_skypilot(text_of(path), path, shipped_catalog(), provider_from_path(path), "2026-01-01");
  CHECK(result.rows == 24);
  // A10: NV36ads_A10_v5 $3.2 / 1, NV36adms $4.52 / 1, NV72ads $6.52 / 2 = $3.26; spot $0.8.
  CHECK(price_of(result, "a10", "on_demand") == 3.2);
  CHECK(price_of(result, "a10", "spot") == 0.8);
  // NC A100 v4 holds the PCIe card (Microsoft's size page), the NDm A100 v4 the SXM one.
  CHECK(price_of(result, "a100-80gb-pcie", "on_demand") == 3.673);  // NC24ads $3.673 / 1
  CHECK(price_of(result, "a100-80gb", "on_demand") == 4.09625);     // ND96amsr $32.77 / 8
  CHECK(price_of(result, "a100-40gb", "on_demand") == 3.399625);    // ND96asr_v4 $27.197 / 8
  CHECK(price_of(result, "v100", "on_demand") == 2.754);            // ND40rs_v2 V100-32GB $22.032 / 8
  CHECK(price_of(result, "t4", "on_demand") == 0.526);
  CHECK(price_of(result, "h100-sxm", "on_demand") == -1);  // ND H100 v5 counts 12, NC H100 v5 is the NVL
  CHECK(price_of(result, "h100-nvl", "on_demand") == -1);
  CHECK(result.imported == 12);
  CHECK(result.skip_reasons.at(skip_fraction) == 3);            // NV6ads, NV12ads, NV18ads
  CHECK(result.skip_reasons.at(skip_count_contradicted) == 2);  // ND96isr and ND96is H100 v5: 12, not 8
  CHECK(result.skip_reasons.at(skip_model_contradicted) == 5);  // NCv3 ×3 (16 GB V100), NC H100 v5 ×2 (NVL)
  CHECK(result.skip_reasons.at(skip_no_accelerator) == 1);      // NC16ads_A10_v4
  CHECK(result.skip_reasons.at(skip_cpu_only) == 2);            // Basic_A0, PB6s (an FPGA VM)
  CHECK(result.skip_reasons.at(skip_unknown) == 3);             // K80 ×2, Radeon MI25
  REQUIRE(result.contradicted.size() == 10);
  CHECK(result.contradicted[0].instance_type == "Standard_NC12s_v3");
  CHECK(result.contradicted[0].line == 3);
  CHECK(result.contradicted[0].problem == "names V100 (catalog v100); azure documents v100-16gb, not a catalog GPU");
  CHECK(result.contradicted[5].problem == "counts 12 GPUs; azure documents 8");
  CHECK(result.contradicted[9].problem == "counts 1 A10; azure documents 1/6 of one");
}

TEST_CASE("Azure's catalogs/v6 rows: the confidential H100 VM without an accelerator is a GPU VM") {
  // tests/fixtures/skypilot/azure/vms.csv: catalogs/v6/azure/vms.csv at commit
  // 098741e70562f65d7af1cceb81e33b284f742604.
  const SkypilotImport result = import_cloud("azure");
  CHECK(price_of(result, "a100-80gb-pcie", "on_demand") == 3.673);  // NC24ads_A100_v4: the PCIe card
  CHECK(price_of(result, "a100-80gb-pcie", "spot") == 0.444433);
  CHECK_THAT(result.overlay["gpu_prices"][0]["note"].get<std::string>(),
             Catch::Contains("the row names a100-80gb, which azure documents as a100-80gb-pcie (ftcost catalog show "
                             "azure/Standard_NC24ads_A100_v4)"));
  CHECK(result.imported == 2);
  CHECK(result.skip_reasons.at(skip_no_accelerator) == 1);      // Standard_NCC40ads_H100_v5
  CHECK(result.skip_reasons.at(skip_model_contradicted) == 1);  // Standard_NC40ads_H100_v5: H100 NVL
  CHECK(result.skip_reasons.at(skip_count_contradicted) == 1);  // Standard_ND96isr_H100_v5: 12 GPUs
  CHECK(result.skip_reasons.count(skip_cpu_only) == 0);
}

TEST_CASE("fractional or missing GPU counts and zero prices skip their row, not the file") {
  // SkyPilot's fetcher now writes Azure's GPU shares as fractions (round(6 / 36, 3) = 0.167) and fills
  // unpriced H100 rows with 0.
  const std::string text =
      "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,GpuInfo,Price,SpotPrice,Region,Generation\n"
      "Standard_NV6ads_A10_v5,A10,0.167,6.0,55,A10,0.454,0.1135,eastus,\"V1,V2\"\n"
      "Standard_NVx_A10,A10,1.5,6.0,55,A10,0.454,0.1135,eastus,V2\n"
      "Standard_NCx_T4,T4,,4.0,28,T4,0.526,0.06,eastus,V2\n"
      "Standard_NC40ads_H100_v5,H100,1,40.0,320,H100,0,0,eastus,V2\n"
      "Standard_NC4as_T4_v3,T4,1,4.0,28,T4,0.526,0.062699,eastus,\"V1,V2\"\n";
  const SkypilotImport result = import_skypilot(text, "vms.csv", shipped_catalog(), "other", "2026-01-01");
  CHECK(result.skip_reasons.at(skip_fraction) == 2);
  CHECK(result.skip_reasons.at(skip_no_count) == 1);
  CHECK(result.skip_reasons.at(skip_no_price) == 1);  // provider "other": no gpu_vms entry applies
  CHECK(price_of(result, "t4", "on_demand") == 0.526);
  CHECK(result.contradicted.empty());
}

TEST_CASE("the shipped gpu_vms entries name their GPU and count as the provider documents them") {
  const Catalog& catalog = shipped_catalog();
  const GpuVm* nd = catalog.find_gpu_vm("Azure", "standard_nd96isr_h100_v5");
  REQUIRE(nd != nullptr);
  CHECK(nd->gpu == "h100-sxm");
  CHECK(nd->gpus == 8);
  const GpuVm* slice = catalog.find_gpu_vm("azure", "Standard_NV6ads_A10_v5");
  REQUIRE(slice != nullptr);
  CHECK(slice->gpus == Approx(1.0 / 6).epsilon(1e-5));
  CHECK(catalog.find_gpu(catalog.find_gpu_vm("azure", "Standard_NC40ads_H100_v5")->gpu)->id == "h100-nvl");
  CHECK(catalog.find_gpu_vm("azure", "Standard_NC24rs_v3")->gpus == 0);  // only its GPU model is documented
}

TEST_CASE("a price book's gpu_vms entry is checked like a shipped one, and a bad one is a located error") {
  // A user documents Lambda's 1x A10 as half a GPU (a made-up fact, to see the check apply to any cloud).
  Catalog catalog = shipped_catalog();
  merge_catalog(catalog, parse_document(R"({"format": "ftcost-catalog/1", "gpu_vms": [
    {"provider": "lambda", "instance_type": "gpu_1x_a10", "gpu": "a10", "gpus": 0.5,
     "source": "test", "as_of": "2026-01-01"}]})",
                                        "book.json"));
  const std::string path = fixture("lambda");
  const SkypilotImport result = import_skypilot(text_of(path), path, catalog, "lambda", "2026-01-01");
  CHECK(result.skip_reasons.at(skip_fraction) == 1);
  CHECK(price_of(result, "a10g", "on_demand") == -1);  // its only row
  try {
    merge_catalog(catalog, parse_document(R"({"format": "ftcost-catalog/1", "gpu_vms": [
      {"provider": "lambda", "instance_type": "gpu_1x_h100_pcie", "gpu": "h100-pcie", "gpus": 0,
       "source": "test", "as_of": "2026-01-01"}]})",
                                          "bad.json"));
    FAIL("a VM with 0 GPUs was accepted");
  } catch (const InputError& error) {
    CHECK(error.field() == "gpu_vms[0].gpus");
    CHECK(error.where().line == 2);  // the line of "gpus": 0
  }
}

TEST_CASE("imported SkyPilot prices load, validate and list as gpu/provider/basis/usd_per_gpu_hour") {
  Catalog catalog = shipped_catalog();
  for (const char* cloud : {"lambda", "runpod"}) {
    merge_catalog(catalog, parse_document(import_cloud(cloud).overlay.dump(1), std::string(cloud) + ".json"));
  }
  CHECK(validate_catalog(catalog).empty());
  const CatalogTable table = list_section(catalog, "prices");
  auto column = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(table.columns.begin(), table.columns.end(), name) -
                                    table.columns.begin());
  };
  bool found = false;
  for (const auto& row : table.rows) {
    if (row[column("gpu")] == "a100-80gb" && row[column("provider")] == "runpod" && row[column("basis")] == "spot") {
      CHECK(row[column("usd_per_gpu_hour")] == 1.19);
      CHECK(row[column("kind")] == "instance");
      found = true;
    }
  }
  CHECK(found);
}

TEST_CASE("a vms.csv without a needed column, or with a bad number, is one located error") {
  CHECK(detect_price_file_format(text_of(fixture("runpod"))) == "skypilot");
  CHECK(detect_price_file_format("  {\"a\": 1}") == "litellm");
  CHECK(detect_price_file_format("a,b\n1,2\n").empty());
  try {
    import_skypilot("InstanceType,AcceleratorName,AcceleratorCount,Region\nx,A100,1,us\n", "v.csv", shipped_catalog(),
                    "lambda", "2026-01-01");
    FAIL("a file without Price was accepted");
  } catch (const InputError& error) {
    CHECK(error.field() == "Price");
  }
  try {
    import_skypilot("InstanceType,AcceleratorName,AcceleratorCount,Price,Region\nx,A6000,1,cheap,us\n", "v.csv",
                    shipped_catalog(), "lambda", "2026-01-01");
    FAIL("a text price was accepted");
  } catch (const InputError& error) {
    CHECK(error.where().line == 2);
    CHECK(error.where().column == 11);  // x,A6000,1, is 10 bytes
  }
  CHECK(provider_from_path("catalogs/v7/Lambda/vms.csv") == "lambda");
  CHECK(provider_from_path("vms.csv").empty());
}

TEST_CASE("a vms.csv whose rows do not line up with its header is refused at the row") {
  const std::string header =
      "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,Region,GpuInfo,SpotPrice\n";
  const auto error_of = [](const std::string& text) -> std::string {
    try {
      import_skypilot(text, "lambda/vms.csv", shipped_catalog(), "lambda", "2026-01-01");
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  };
  // Lambda's column order with Region left out: read by position, the GpuInfo text became the region.
  CHECK(error_of(header + "gpu_1x_a10,A10,1.0,30,200.0,0.75,\"{'Gpus': [{'Name': 'A10'}]}\",\n") ==
        "lambda/vms.csv:2:1: csv: the row has 8 fields, the header 9 (quote a field that holds a comma; every column "
        "needs a value, which may be empty)");
  CHECK_THAT(error_of(header + "gpu_1x_a10,A10,1.0,30,200.0,0.75,us-east-1,,,extra\n"),
             Catch::Contains("the row has 10 fields, the header 9"));
  CHECK(error_of("InstanceType,AcceleratorName,AcceleratorCount,Price,Price,Region\nx,A10,1,1,2,us\n") ==
        "lambda/vms.csv:1:53: Price: the header names this column twice (columns 4 and 5) (keep one column of each "
        "name)");
  CHECK_THAT(error_of(header), Catch::Contains("the file has a header but no rows"));
  // Lines of nothing but spaces, above the header or below the rows, are no rows.
  CHECK(error_of("  \n" + header + "gpu_1x_a10,A10,1.0,30,200.0,0.75,us-east-1,,\n   \n").empty());
  CHECK_THAT(error_of("{\"gpt-4o\": {}}"), Catch::Contains("the first line is not a SkyPilot header"));
  // $0.82 over 10¹² GPUs rounds to $0.000000: written, it was a price the catalog then refused.
  CHECK(error_of(header + "gpu_1x_a10,A10,1e12,30,200.0,0.82,us-east-1,,\n") ==
        "lambda/vms.csv:2:30: Price: $0.82 over 1e+12 GPUs rounds to $0 per GPU-hour (check the row's "
        "AcceleratorCount)");
}

TEST_CASE("provider vast's offers are marketplace prices, and another cloud's like-named offers are not") {
  // Two rows as published in catalogs/v8/vast/vms.csv (tests/fixtures/skypilot/vast).
  const std::string text =
      "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,GpuInfo,Price,SpotPrice,Region\n"
      "1x-A100_SXM4-32-65536,A100,1,32,64.0,\"{'Gpus': [{'Name': 'A100', 'Count': 1, 'MemoryInfo': {'SizeInMiB': "
      "40960}}], 'TotalGpuMemoryInMiB': 40960}\",0.76,0.00,\"Georgia, US, NA\"\n"
      "2x-A100_SXM4-32-65536,A100,2,32,64.0,\"{'Gpus': [{'Name': 'A100', 'Count': 2, 'MemoryInfo': {'SizeInMiB': "
      "81920}}], 'TotalGpuMemoryInMiB': 81920}\",1.49,0.00,\"Slovenia, SI, EU\"\n";
  const SkypilotImport vast = import_skypilot(text, "vast/vms.csv", shipped_catalog(), "vast", "2026-01-01");
  CHECK(vast.marketplace);
  CHECK(price_of(vast, "a100-40gb", "marketplace") == 0.745);
  // Hyperbolic names its instances much as Vast does (1x-H100-75-722): still a cloud's on-demand price.
  const SkypilotImport other =
      import_skypilot(text, "hyperbolic/vms.csv", shipped_catalog(), "hyperbolic", "2026-01-01");
  CHECK_FALSE(other.marketplace);
  CHECK(price_of(other, "a100-40gb", "on_demand") == 0.745);
  CHECK(skypilot_cloud_name("VastAI") == "vast");
  CHECK(skypilot_cloud_name("mycloud") == "mycloud");
}

TEST_CASE("a row with a spot price but no on-demand price is counted, its spot price kept") {
  const SkypilotImport result = import_lambda_rows(
      "gpu_1x_a10,A10,1.0,30,200.0,0,us-east-1,,0.3\n"
      "gpu_1x_h100_sxm5,H100,1.0,26,225.0,2.99,us-east-1,,\n");
  CHECK(result.spot_only_rows == 1);
  CHECK(price_of(result, "a10", "spot") == 0.3);
  CHECK(price_of(result, "a10", "on_demand") == -1);
  CHECK(price_of(result, "h100-sxm", "on_demand") == 2.99);
}

TEST_CASE("a spot price above its row's on-demand price and a GpuInfo without memory are counted, prices kept") {
  const SkypilotImport result = import_lambda_rows(
      "gpu_1x_h100_sxm5,H100,1.0,26,225.0,2.99,us-east-1,,3.10\n"
      "gpu_1x_a100,A100,1.0,30,200.0,1.29,us-east-1,\"{'Gpus': [{'Name': 'A100', 'MemoryInfo': {'SizeInMiB': "
      "40960}}]\",0.9\n"
      "gpu_1x_a100_sxm4,A100,1.0,30,200.0,1.99,us-east-1,\"{'Gpus': [{'Name': 'A100'}]}\",\n"
      // Skipped rows are not counted: an accelerator the catalog lacks, and a row with no price.
      "gpu_1x_zz900,ZZ900,1.0,30,200.0,1.0,us-east-1,\"{'Gpus': [{'Name': 'ZZ900'}]}\",\n"
      "gpu_1x_a100_x,A100,1.0,30,200.0,,us-east-1,\"{'Gpus': [{'Name': 'A100'}]}\",\n");
  CHECK(result.spot_above_listed_rows == 1);
  CHECK(price_of(result, "h100-sxm", "on_demand") == 2.99);
  CHECK(price_of(result, "h100-sxm", "spot") == 3.1);
  // The first A100's GpuInfo is cut short after its memory, which is read; the second gives none,
  // so its name alone chose the GPU.
  CHECK(result.gpu_info_unread_rows == 1);
  CHECK(result.rows == 5);
  // A row is judged column by column: a Price that rounds to $0 is reported before a broken SpotPrice.
  try {
    (void)import_lambda_rows("gpu_1x_h100_sxm5,H100,1.0,26,225.0,0.0000001,us-east-1,,abc\n");
    FAIL("accepted");
  } catch (const InputError& error) {
    CHECK(std::string(error.what()).find("Price") != std::string::npos);
    CHECK(std::string(error.what()).find("rounds to $0") != std::string::npos);
  }
}
