#include "ftcost/catalog/skypilot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <optional>
#include <set>
#include <tuple>

#include "ftcost/catalog/csv.hpp"
#include "ftcost/util/error.hpp"
#include "ftcost/util/text.hpp"

namespace ftcost {

namespace {

using nlohmann::ordered_json;

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// Rounded to a millionth of a dollar, so 12.96 / 8 prints as 1.62, not 1.6200000000000001.
double per_gpu(double instance_price, double gpus) { return std::round(instance_price / gpus * 1e6) / 1e6; }

// A column's number: empty → nullopt; anything but a finite number ≥ 0 → InputError at the field.
std::optional<double> number_in(const CsvField& field, const std::string& file, const std::string& column) {
  const std::string text = trimmed(field.text);
  if (text.empty()) return std::nullopt;
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value) || value < 0) {
    throw InputError({file, field.line, field.column}, column, fmt::format("'{}' is not a number ≥ 0", text),
                     "the file is not a SkyPilot vms.csv as published; re-download it");
  }
  return value;
}

// The memory SkyPilot writes in GpuInfo, e.g. "{'Gpus': [{'Name': 'A100', …, 'MemoryInfo':
// {'SizeInMiB': 40960}}], …}" → 40960; nullopt when absent. RunPod's GpuInfo is a bare name.
std::optional<double> size_in_mib(const std::string& gpu_info) {
  const auto at = gpu_info.find("SizeInMiB");
  if (at == std::string::npos) return std::nullopt;
  auto digit = gpu_info.find_first_of("0123456789", at);
  if (digit == std::string::npos) return std::nullopt;
  double mib = 0;
  const auto [end, error] = std::from_chars(gpu_info.data() + digit, gpu_info.data() + gpu_info.size(), mib);
  if (error != std::errc()) return std::nullopt;
  return mib;
}

// A row's count as written, or nullopt (the row is then judged later, where its count is read).
std::optional<double> count_of(const std::string& text) {
  const std::string count = trimmed(text);
  double value = 0;
  const auto [end, error] = std::from_chars(count.data(), count.data() + count.size(), value);
  if (error != std::errc() || end != count.data() + count.size()) return std::nullopt;
  return value;
}

// Whether the file writes each instance's total GPU memory as 'SizeInMiB' (Vast's catalogs/v8 file:
// 1, 2 and 4 A100s carry 40960, 81920 and 163840) rather than the memory per GPU (Lambda, AWS). The
// file's own rows tell: multi-GPU rows of an accelerator that also has one-GPU rows carry either
// the one-GPU size or that many times it.
bool sizes_are_totals(const std::vector<CsvRow>& rows, std::size_t accelerator_col, std::size_t count_col,
                      std::size_t info_col) {
  std::map<std::string, std::set<double>> one_gpu;  // accelerator → its one-GPU rows' sizes
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (std::max({accelerator_col, count_col, info_col}) >= row.size()) continue;
    const auto count = count_of(row[count_col].text);
    const auto size = size_in_mib(row[info_col].text);
    if (count && size && *count == 1) one_gpu[trimmed(row[accelerator_col].text)].insert(*size);
  }
  std::size_t totals = 0;
  std::size_t per_gpu = 0;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (std::max({accelerator_col, count_col, info_col}) >= row.size()) continue;
    const auto count = count_of(row[count_col].text);
    const auto size = size_in_mib(row[info_col].text);
    const auto single = one_gpu.find(trimmed(row[accelerator_col].text));
    if (!count || !size || *count <= 1 || single == one_gpu.end()) continue;
    if (single->second.count(*size / *count) != 0) ++totals;
    if (single->second.count(*size) != 0) ++per_gpu;
  }
  return totals > per_gpu;
}

// The memory per GPU in GiB, or nullopt. A size under 1024 MiB is no GPU's memory in MiB (RunPod's
// catalogs/v8 writes GB there: 'SizeInMiB': 80 for an 80 GB A100), so it is not used: the
// accelerator name then decides alone.
std::optional<double> memory_gib(const std::string& gpu_info, double gpus, bool totals) {
  auto mib = size_in_mib(gpu_info);
  if (!mib) return std::nullopt;
  if (totals && gpus > 0) *mib /= gpus;
  if (*mib < 1024) return std::nullopt;
  return *mib / 1024.0;
}

// The catalog GPU an accelerator row names, or nullptr.
const GpuSpec* catalog_gpu(const Catalog& catalog, const std::string& accelerator, const std::string& instance_type,
                           std::optional<double> gib, bool pcie_in_info) {
  std::string name = lowercase(trimmed(accelerator));
  std::replace(name.begin(), name.end(), '_', '-');
  std::replace(name.begin(), name.end(), ' ', '-');
  std::vector<std::string> candidates;
  if (lowercase(instance_type).find("pcie") != std::string::npos || pcie_in_info) {
    candidates.push_back(name + "-pcie");
    if (gib) candidates.push_back(fmt::format("{}-{:.0f}gb-pcie", name, *gib));
  }
  candidates.push_back(name);
  // Vast writes RTXA6000 for the catalog's rtx-a6000.
  if (name.rfind("rtx", 0) == 0 && name.size() > 3 && name[3] != '-') candidates.push_back("rtx-" + name.substr(3));
  if (gib) candidates.push_back(fmt::format("{}-{:.0f}gb", name, *gib));
  // The memory must agree (within 10%: MiB counts against marketing GB) — a 16 GB V100 is not the
  // catalog's 32 GB one.
  auto memory_agrees = [&gib](const GpuSpec& gpu) {
    return !gib || std::abs(gpu.memory_gb - *gib) <= 0.1 * gpu.memory_gb;
  };
  for (const auto& candidate : candidates) {
    const GpuSpec* gpu = catalog.find_gpu(candidate);
    if (gpu && memory_agrees(*gpu)) return gpu;
  }
  // With the memory known, the one member of the name's family that has it: H100 with 94 GB is
  // h100-nvl (Vast names it plain H100).
  if (gib) {
    const GpuSpec* only = nullptr;
    for (const auto& gpu : catalog.gpus) {
      if (gpu.id.rfind(name + "-", 0) != 0 || !memory_agrees(gpu)) continue;
      if (only) return nullptr;  // two members fit: the name does not decide
      only = &gpu;
    }
    return only;
  }
  return nullptr;
}

// Whether an instance type's name carries a catalog GPU's id or alias as one of its parts
// (Standard_NCC40ads_H100_v5 → h100): a GPU VM, even when the file names no accelerator for it.
bool names_a_catalog_gpu(const Catalog& catalog, const std::string& instance_type) {
  std::string part;
  for (const char c : lowercase(instance_type) + "_") {
    if (c == '_' || c == '.' || c == '-') {
      if (!part.empty() && catalog.find_gpu(part)) return true;
      part.clear();
    } else {
      part += c;
    }
  }
  return false;
}

// 0.166667 → "1/6": the shares providers sell are unit fractions.
std::string share_text(double gpus) { return fmt::format("1/{:.0f}", 1 / gpus); }

// One notice per instance type, in file order, counting its rows.
void notice(SkypilotImport& result, const std::string& instance_type, int line, std::string problem) {
  for (auto& known : result.contradicted) {
    if (known.instance_type == instance_type) {
      ++known.rows;
      return;
    }
  }
  result.contradicted.push_back({instance_type, line, 1, std::move(problem)});
}

struct Best {
  const GpuSpec* gpu = nullptr;
  std::string basis;
  std::string kind;
  double usd_per_gpu_hour = 0;
  double instance_price = 0;
  double gpus = 0;
  std::string instance_type;
  std::string region;
  std::string named_as;  // the GPU the row's name gave, where the provider's documentation chose its form
  double lowest = 0;
  double highest = 0;
  std::size_t rows = 0;
  int order = 0;  // first appearance, so the output follows the file
};

// Instance prices are preferred over a GPU component of the same GPU (they are what a default compares).
int kind_rank(const std::string& kind) { return kind == "instance" ? 0 : 1; }

// The file's rows, header first, after the checks that make every row's columns the header's.
std::vector<CsvRow> read_rows(const std::string& text, const std::string& file) {
  if (detect_price_file_format(text) != "skypilot") {
    throw InputError({file, 1, 1}, "csv",
                     text.find_first_not_of(" \t\r\n\xEF\xBB\xBF") == std::string::npos
                         ? "the file is empty"
                         : "the first line is not a SkyPilot header (it names InstanceType and AcceleratorName)",
                     "pass a SkyPilot vms.csv (catalogs/v7/<cloud>/vms.csv)");
  }
  std::vector<CsvRow> rows = parse_csv(text, file);
  // A line of nothing but spaces (an editor's trailing line, or one above the header) is no row.
  std::erase_if(rows, [](const CsvRow& row) { return row.size() == 1 && trimmed(row.front().text).empty(); });
  const CsvRow& header = rows.front();
  for (std::size_t i = 0; i < header.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (trimmed(header[i].text) == trimmed(header[j].text)) {
        throw InputError({file, header[i].line, header[i].column}, trimmed(header[i].text),
                         fmt::format("the header names this column twice (columns {} and {})", j + 1, i + 1),
                         "keep one column of each name");
      }
    }
  }
  // A row with more or fewer fields than the header shifts every value after the gap into the wrong
  // column (a missing Region made the GpuInfo text the region).
  for (std::size_t r = 1; r < rows.size(); ++r) {
    if (rows[r].size() != header.size()) {
      throw InputError({file, rows[r].front().line, 1}, "csv",
                       fmt::format("the row has {} fields, the header {}", rows[r].size(), header.size()),
                       "quote a field that holds a comma; every column needs a value, which may be empty");
    }
  }
  if (rows.size() < 2) {
    throw InputError({file, 2, 1}, "csv", "the file has a header but no rows", "pass a vms.csv with its instances");
  }
  return rows;
}

struct Columns {
  std::size_t instance = 0;
  std::size_t accelerator = 0;
  std::size_t count = 0;
  std::size_t price = 0;
  std::size_t region = 0;
  std::optional<std::size_t> spot;
  std::optional<std::size_t> info;
};

// Columns by header name: clouds order them differently.
Columns find_columns(const CsvRow& header, const std::string& file) {
  auto column = [&](const char* name, bool required) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (trimmed(header[i].text) == name) return i;
    }
    if (required) {
      throw InputError({file, 1, 1}, name, "the header has no such column",
                       "pass a SkyPilot vms.csv, whose header names InstanceType, AcceleratorName, AcceleratorCount, "
                       "Price and Region");
    }
    return std::nullopt;
  };
  Columns columns;
  columns.instance = *column("InstanceType", true);
  columns.accelerator = *column("AcceleratorName", true);
  columns.count = *column("AcceleratorCount", true);
  columns.price = *column("Price", true);
  columns.region = *column("Region", true);
  columns.spot = column("SpotPrice", false);
  columns.info = column("GpuInfo", false);
  return columns;
}

// What a row rents: a catalog GPU, how many, and as what kind of offering.
struct RowGpu {
  const GpuSpec* gpu = nullptr;
  double count = 0;
  std::string instance_type;
  std::string named_as;        // the GPU the name alone gave, when the provider's documentation named its form
  bool by_name_alone = false;  // GpuInfo is a dictionary without SizeInMiB
};

// GpuInfo written as SkyPilot writes a dictionary ("{'Gpus': …}") that gives no memory (cut short,
// or a hand edit): the accelerator name then chooses the GPU alone, which the summary says.
bool gpu_info_unreadable(const std::string& gpu_info) {
  const std::string info = trimmed(gpu_info);
  return !info.empty() && info.front() == '{' && !size_in_mib(info);  // RunPod writes a bare name
}

// The row's catalog GPU, or nullopt with the reason it is skipped counted (and noticed, where the
// provider's documentation contradicts it).
std::optional<RowGpu> identify_row(const CsvRow& row, const Columns& columns, const std::string& file,
                                   const Catalog& catalog, const std::string& provider, SkypilotImport& result,
                                   std::map<std::string, std::size_t>& unknown_index) {
  const std::string accelerator = trimmed(row[columns.accelerator].text);
  const std::string instance_type = trimmed(row[columns.instance].text);
  const int line = row.front().line;
  const GpuVm* documented = instance_type.empty() ? nullptr : catalog.find_gpu_vm(provider, instance_type);
  if (accelerator.empty()) {
    ++result.skip_reasons[documented || names_a_catalog_gpu(catalog, instance_type) ? skip_no_accelerator
                                                                                    : skip_cpu_only];
    return std::nullopt;
  }
  const auto count = number_in(row[columns.count], file, "AcceleratorCount");
  if (!count || *count <= 0) {
    ++result.skip_reasons[skip_no_count];
    return std::nullopt;
  }
  // A share of one GPU (Azure's NVadsA10 v5 sizes) is a vGPU slice, not a GPU-hour: SkyPilot writes
  // it as a fraction (0.167) or, in older files, as a whole GPU.
  if (*count < 1 || *count != std::floor(*count) || (documented && documented->gpus > 0 && documented->gpus < 1)) {
    ++result.skip_reasons[skip_fraction];
    if (documented && *count >= 1) {
      notice(result, instance_type, line,
             fmt::format("counts {:g} {}; {} documents {} of one", *count, accelerator, provider,
                         share_text(documented->gpus)));
    }
    return std::nullopt;
  }
  if (documented && documented->gpus > 0 && documented->gpus != *count) {
    ++result.skip_reasons[skip_count_contradicted];
    notice(result, instance_type, line,
           fmt::format("counts {:g} GPUs; {} documents {:g}", *count, provider, documented->gpus));
    return std::nullopt;
  }
  const std::string info = columns.info ? row[*columns.info].text : std::string();
  const auto gib = memory_gib(info, *count, result.memory_totals);
  // RunPod's v8 file names its plain A100-80GB 'A100 PCIe' in GpuInfo: the PCIe card, not the SXM one.
  const bool pcie_in_info = lowercase(info).find("pcie") != std::string::npos;
  RowGpu found{catalog_gpu(catalog, accelerator, instance_type, gib, pcie_in_info),
               *count,
               instance_type,
               {},
               gpu_info_unreadable(info)};
  // The name gives the chip and its memory; the provider's documentation may say which form of it
  // (Azure's NC A100 v4 sizes hold the PCIe A100 80GB that SkyPilot calls A100-80GB).
  if (const GpuSpec* form = documented ? catalog.find_gpu(documented->gpu) : nullptr;
      found.gpu && form && form != found.gpu && form->architecture == found.gpu->architecture &&
      form->memory_gb == found.gpu->memory_gb && form->id.rfind(found.gpu->id + "-", 0) == 0) {
    found.named_as = found.gpu->id;
    found.gpu = form;
  }
  if (documented && found.gpu != catalog.find_gpu(documented->gpu)) {
    ++result.skip_reasons[skip_model_contradicted];
    notice(result, instance_type, line,
           fmt::format("names {} (catalog {}); {} documents {}{}", accelerator, found.gpu ? found.gpu->id : "none",
                       provider, documented->gpu, catalog.find_gpu(documented->gpu) ? "" : ", not a catalog GPU"));
    return std::nullopt;
  }
  if (!found.gpu) {
    ++result.skip_reasons[skip_unknown];
    const std::string name = gib ? fmt::format("{} ({:.0f} GB)", accelerator, *gib) : accelerator;
    auto [it, added] = unknown_index.try_emplace(name, result.unknown.size());
    if (added) result.unknown.push_back({name, line, 0});
    ++result.unknown[it->second].rows;
    return std::nullopt;
  }
  return found;
}

// The row's Price and SpotPrice per GPU-hour, each kept where it is the lowest of its GPU and basis
// so far (an instance price before a GPU component's).
void price_row(const CsvRow& row, const Columns& columns, const std::string& file, const RowGpu& rented,
               SkypilotImport& result, std::map<std::string, Best>& best) {
  const std::string kind = result.marketplace ? "marketplace" : rented.instance_type.empty() ? "gpu_only" : "instance";
  // A marketplace's listed price is its own basis: not comparable with a cloud's on-demand rate.
  const std::string listed = result.marketplace ? "marketplace" : "on_demand";
  // Each column is read and judged in turn (a Price that rounds to $0 is reported before a broken
  // SpotPrice after it).
  std::optional<double> listed_price;
  std::optional<double> spot_price;
  bool priced = false;
  for (const auto& [basis, column, read] : {std::tuple{listed, std::optional(columns.price), &listed_price},
                                            std::tuple{std::string("spot"), columns.spot, &spot_price}}) {
    if (!column) continue;
    const char* column_name = basis == "spot" ? "SpotPrice" : "Price";
    *read = number_in(row[*column], file, column_name);
    if (!*read || **read <= 0) continue;
    priced = true;
    const double price = **read;
    const double value = per_gpu(price, rented.count);
    if (!(value > 0)) {
      const CsvField& field = row[*column];
      throw InputError({file, field.line, field.column}, column_name,
                       fmt::format("${:g} over {:g} GPU{} rounds to $0 per GPU-hour", price, rented.count,
                                   rented.count == 1 ? "" : "s"),
                       "check the row's AcceleratorCount");
    }
    Best& b = best[rented.gpu->id + "@" + basis];
    if (b.rows == 0) {
      b.gpu = rented.gpu;
      b.basis = basis;
      b.order = static_cast<int>(best.size());
      b.lowest = b.highest = value;
    }
    ++b.rows;
    b.lowest = std::min(b.lowest, value);
    b.highest = std::max(b.highest, value);
    const bool better = b.rows == 1 || kind_rank(kind) < kind_rank(b.kind) ||
                        (kind_rank(kind) == kind_rank(b.kind) && value < b.usd_per_gpu_hour);
    if (better) {
      b.kind = kind;
      b.usd_per_gpu_hour = value;
      b.instance_price = price;
      b.gpus = rented.count;
      b.instance_type = rented.instance_type;
      b.named_as = rented.named_as;
      b.region = trimmed(row[columns.region].text);
    }
  }
  if (priced && rented.by_name_alone) ++result.gpu_info_unread_rows;
  if (!priced) {
    ++result.skip_reasons[skip_no_price];
  } else if (!listed_price || *listed_price <= 0) {
    ++result.spot_only_rows;  // its spot price is kept; it has no on-demand price to give
  } else if (spot_price && *spot_price > *listed_price) {
    ++result.spot_above_listed_rows;
  }
}

// The book's gpu_prices, in the order their GPU and basis first appear in the file.
ordered_json price_entries(const std::map<std::string, Best>& best, const std::string& file,
                           const std::string& provider, const std::string& as_of) {
  std::vector<const Best*> ordered;
  ordered.reserve(best.size());
  for (const auto& [key, b] : best) ordered.push_back(&b);
  std::sort(ordered.begin(), ordered.end(), [](const Best* a, const Best* b) { return a->order < b->order; });
  const std::string file_name = std::filesystem::path(file).filename().string();
  ordered_json prices = ordered_json::array();
  for (const Best* b : ordered) {
    ordered_json price = {{"gpu", b->gpu->id},
                          {"provider", lowercase(provider)},
                          {"basis", b->basis},
                          {"kind", b->kind},
                          {"usd_per_gpu_hour", b->usd_per_gpu_hour}};
    price["offering"] = b->instance_type.empty() ? std::string("GPU component") : b->instance_type;
    price["region"] = b->region;
    price["source"] = skypilot_source;
    price["as_of"] = as_of;
    std::string note =
        fmt::format("imported from {} by ftcost catalog import --from skypilot: {} ${:g}/h ÷ {:g} GPU{}", file_name,
                    b->basis == "spot" ? "SpotPrice" : "Price", b->instance_price, b->gpus, b->gpus == 1 ? "" : "s");
    if (!b->named_as.empty()) {
      note += fmt::format("; the row names {}, which {} documents as {} (ftcost catalog show {}/{})", b->named_as,
                          lowercase(provider), b->gpu->id, lowercase(provider), b->instance_type);
    }
    if (b->rows > 1) {
      note += b->highest > b->lowest
                  ? fmt::format("; lowest of {} rows (instance types × regions), which range ${:g}–${:g}/GPU-h",
                                b->rows, b->lowest, b->highest)
                  : fmt::format("; the same per-GPU price in all {} rows", b->rows);
    }
    price["note"] = note;
    prices.push_back(std::move(price));
  }
  return prices;
}

}  // namespace

std::string provider_from_path(const std::string& path) {
  const std::filesystem::path folder = std::filesystem::path(path).parent_path().filename();
  std::string name = lowercase(folder.string());
  if (name.empty() || name == "." || name == "..") return {};
  return name;
}

const std::vector<std::string>& skypilot_clouds() {
  // The folders of github.com/skypilot-org/skypilot-catalog's catalogs/v7 to v9.
  static const std::vector<std::string> clouds = {
      "aws",        "azure",      "cudo",       "daytona",        "do",     "fluidstack", "gcp",
      "hyperbolic", "hyperstack", "ibm",        "jarvislabs",     "lambda", "lium",       "mithril",
      "nebius",     "oci",        "paperspace", "primeintellect", "runpod", "scp",        "seeweb",
      "shadeform",  "simplepod",  "spheron",    "vast",           "verda",  "vsphere",    "yotta"};
  return clouds;
}

std::string skypilot_cloud_name(const std::string& provider) {
  std::string name = lowercase(trimmed(provider));
  if (name == "vastai" || name == "vast.ai" || name == "vast-ai") return "vast";
  if (name == "lambdalabs" || name == "lambda-labs" || name == "lambda-cloud") return "lambda";
  if (name == "digitalocean") return "do";
  return name;
}

std::string detect_price_file_format(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (first == std::string::npos) return {};
  if (text[first] == '{') return "litellm";
  const std::string header = text.substr(first, text.find('\n', first) - first);
  if (header.find("InstanceType") != std::string::npos && header.find("AcceleratorName") != std::string::npos) {
    return "skypilot";
  }
  return {};
}

SkypilotImport import_skypilot(const std::string& text, const std::string& file, const Catalog& catalog,
                               const std::string& provider, const std::string& as_of) {
  const std::vector<CsvRow> rows = read_rows(text, file);
  const Columns columns = find_columns(rows.front(), file);
  SkypilotImport result;
  result.marketplace = lowercase(provider) == "vast";
  result.memory_totals = columns.info && sizes_are_totals(rows, columns.accelerator, columns.count, *columns.info);
  std::map<std::string, Best> best;  // gpu@basis
  std::map<std::string, std::size_t> unknown_index;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    ++result.rows;
    const auto identified = identify_row(rows[r], columns, file, catalog, provider, result, unknown_index);
    if (identified) price_row(rows[r], columns, file, *identified, result, best);
  }
  result.overlay = {{"format", "ftcost-catalog/1"},
                    {"note", fmt::format("{} GPU prices imported from {} ({}), as of {}", lowercase(provider),
                                         std::filesystem::path(file).filename().string(), skypilot_source, as_of)},
                    {"gpu_prices", price_entries(best, file, provider, as_of)}};
  result.imported = result.overlay["gpu_prices"].size();
  return result;
}

}  // namespace ftcost
