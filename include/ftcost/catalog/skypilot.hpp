#pragma once
// `ftcost catalog import --from skypilot`: turn a SkyPilot catalog `vms.csv`
// (github.com/skypilot-org/skypilot-catalog, catalogs/v7/<cloud>/vms.csv) into an `ftcost-catalog/1`
// price book with a `gpu_prices` section.
#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

#include "ftcost/catalog/catalog.hpp"

namespace ftcost {

inline constexpr const char* skypilot_source = "SkyPilot catalog vms.csv (github.com/skypilot-org/skypilot-catalog)";

// Why a row is skipped, as the summary line counts it.
inline constexpr const char* skip_cpu_only = "CPU-only instance";
inline constexpr const char* skip_no_accelerator = "GPU instance with no accelerator named";
inline constexpr const char* skip_no_count = "no AcceleratorCount";
inline constexpr const char* skip_fraction = "a fraction of a GPU";
inline constexpr const char* skip_count_contradicted = "GPU count contradicts the provider's documentation";
inline constexpr const char* skip_model_contradicted = "GPU model contradicts the provider's documentation";
inline constexpr const char* skip_unknown = "accelerator not in the catalog";
inline constexpr const char* skip_no_price = "no price (empty or 0)";

struct UnknownAccelerator {
  std::string name;  // "RTX6000 (24 GB)"
  int line = 0;      // first row that has it
  std::size_t rows = 0;
};

// Rows of an instance type that contradict the catalog's gpu_vms entry for it.
struct ContradictedInstance {
  std::string instance_type;
  int line = 0;  // first row that has it
  std::size_t rows = 0;
  std::string problem;  // "counts 12 GPUs; azure documents 8"
};

struct SkypilotImport {
  nlohmann::ordered_json overlay;                   // the price book, ready to write
  std::size_t rows = 0;                             // data rows read
  std::size_t imported = 0;                         // prices written (one per GPU and basis)
  std::map<std::string, std::size_t> skip_reasons;  // why → rows, for the summary line
  std::vector<UnknownAccelerator> unknown;          // each accelerator once, in file order
  std::vector<ContradictedInstance> contradicted;   // each instance type once, in file order
  bool memory_totals = false;                       // GpuInfo's SizeInMiB was read as the instance's total
  std::size_t spot_only_rows = 0;                   // rows with a SpotPrice but no Price (empty or 0)
  std::size_t spot_above_listed_rows = 0;           // rows whose SpotPrice exceeds their Price (kept as published)
  std::size_t gpu_info_unread_rows = 0;             // imported rows whose GpuInfo dictionary has no SizeInMiB
  bool marketplace = false;                         // provider vast's offers: kind and basis marketplace
};

// Columns are found by header name (InstanceType, AcceleratorName, AcceleratorCount, Price, Region
// required; SpotPrice and GpuInfo used when present), so any cloud's column order reads. Per row:
// the accelerator name and the memory in GpuInfo ('SizeInMiB') name a catalog GPU (`A100` with 40960
// MiB → a100-40gb, `A6000` → rtx-a6000; an instance type containing "pcie" prefers the PCIe model);
// per-GPU-hour = price ÷ AcceleratorCount; when the file's multi-GPU rows carry N times the memory of
// its one-GPU rows (Vast), SizeInMiB is read as the instance's total and divided by the count; `Price` gives basis
// on_demand and `SpotPrice` basis spot. One price is kept per GPU and basis: the lowest per-GPU-hour price over the
// file's instance types and regions (the offering and region where it is found are kept, the range goes in the note).
// Rows of an instance type the catalog documents (gpu_vms) are checked against it: a share of one GPU
// (also any AcceleratorCount below 1 or not whole), a GPU count or a GPU model the provider's
// documentation contradicts is skipped, with one notice per instance type. CPU-only rows, GPU
// instances with no accelerator named, rows without a count or price, and rows of accelerators the
// catalog lacks are skipped too; every skip is counted by reason. Kind: instance;
// rows without an instance type (GCP's accelerator-only prices) are gpu_only; provider vast's offers
// are kind marketplace and their Price basis marketplace. Throws InputError (file:line:column) for a file without a
// SkyPilot header, a column named twice, a missing column, a row whose field count is not the header's, a malformed
// number or a per-GPU price that rounds to $0.
SkypilotImport import_skypilot(const std::string& text, const std::string& file, const Catalog& catalog,
                               const std::string& provider, const std::string& as_of);

// The provider a vms.csv belongs to: the name of the folder it is in (catalogs/v7/lambda/vms.csv →
// "lambda"), lowercased; "" when there is no usable folder name.
std::string provider_from_path(const std::string& path);

// The clouds SkyPilot's catalog has a folder for (catalogs/v7/<cloud>/), and its own name for a
// provider written another way ("vastai" → "vast"); a name it does not know is returned as given.
const std::vector<std::string>& skypilot_clouds();
std::string skypilot_cloud_name(const std::string& provider);

// The file's format by its content: "litellm" (a JSON object), "skypilot" (a CSV header naming
// InstanceType and AcceleratorName) or "" when neither.
std::string detect_price_file_format(const std::string& text);

}  // namespace ftcost
