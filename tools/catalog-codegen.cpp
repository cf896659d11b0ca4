// Build-time generator: reads data/*.json with the same merge_catalog() that reads price books, and
// writes a C++ source defining ftcost::shipped_catalog() as plain initializers. The binary then
// starts without parsing ~100 kB of JSON (1.4 ms, half of `ftcost estimate`'s own work), while
// data/ stays the single source. tests/unit/test_shipped_catalog.cpp checks that the generated
// catalog equals the parsed one, field by field (operator== on every entry type), so a field added
// to an entry type and not written here fails that test.
//   ftcost_catalog_codegen OUTPUT.cpp data/a.json data/b.json ...
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "ftcost/catalog/catalog.hpp"
#include "ftcost/catalog/load.hpp"

namespace {

using namespace ftcost;

// A C++ string literal: printable ASCII as is, everything else as octal escapes (never greedy).
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte >= 0x20 && byte < 0x7f) {
      out += c;
    } else {
      out += fmt::format("\\{:03o}", byte);
    }
  }
  return out + "\"";
}

// Exact: 17 significant digits round-trip every double.
std::string number(double value) { return fmt::format("{:.17g}", value); }
std::string optional(const std::optional<double>& value) {
  return value ? fmt::format("std::optional<double>{{{}}}", number(*value)) : "std::nullopt";
}
std::string optional(const std::optional<int>& value) {
  return value ? fmt::format("std::optional<int>{{{}}}", *value) : "std::nullopt";
}
std::string names(const std::vector<std::string>& list) {
  std::string out = "{";
  for (const auto& name : list) out += quoted(name) + ", ";
  return out + "}";
}
std::string source(const Source& s) {
  return fmt::format("Source{{{}, {}, {}, {}, {}, {}}}", quoted(s.text), quoted(s.as_of), quoted(s.note),
                     s.verified ? "true" : "false", quoted(s.deprecated), quoted(s.sunset));
}
std::string peaks(const std::map<Precision, double>& map) {
  std::string out = "{";
  for (const auto& [precision, tflops] : map) {
    out += fmt::format("{{static_cast<Precision>({}), {}}}, ", static_cast<int>(precision), number(tflops));
  }
  return out + "}";
}

void write_gpu(std::ostream& out, const GpuSpec& e) {
  out << "  {\n    GpuSpec& e = c.gpus.emplace_back();\n"
      << "    e.id = " << quoted(e.id) << ";\n    e.aliases = " << names(e.aliases) << ";\n"
      << "    e.name = " << quoted(e.name) << ";\n    e.vendor = " << quoted(e.vendor) << ";\n"
      << "    e.architecture = " << quoted(e.architecture) << ";\n"
      << "    e.product_line = " << quoted(e.product_line) << ";\n"
      << "    e.memory_gb = " << number(e.memory_gb) << ";\n"
      << "    e.memory_bandwidth_gb_s = " << number(e.memory_bandwidth_gb_s) << ";\n"
      << "    e.peak_dense_tflops = " << peaks(e.peak_dense_tflops) << ";\n"
      << "    e.interconnect_kind = " << quoted(e.interconnect_kind) << ";\n"
      << "    e.interconnect_gb_s = " << number(e.interconnect_gb_s) << ";\n"
      << "    e.interconnect_peers = " << e.interconnect_peers << ";\n"
      << "    e.pcie_gb_s = " << number(e.pcie_gb_s) << ";\n"
      << "    e.tdp_w = " << number(e.tdp_w) << ";\n"
      << "    e.power_reference = " << quoted(e.power_reference) << ";\n"
      << "    e.fp8_matmul_share = " << number(e.fp8_matmul_share) << ";\n"
      << "    e.reference_tflops_per_w = " << peaks(e.reference_tflops_per_w) << ";\n"
      << "    e.power_exponent = " << number(e.power_exponent) << ";\n"
      << "    e.power_limit_w = " << number(e.power_limit_w) << ";\n"
      << "    e.source = " << source(e.source) << ";\n  }\n";
}

void write_gpu_price(std::ostream& out, const GpuPrice& e) {
  out << "  {\n    GpuPrice& e = c.gpu_prices.emplace_back();\n"
      << "    e.gpu = " << quoted(e.gpu) << ";\n    e.provider = " << quoted(e.provider) << ";\n"
      << "    e.offering = " << quoted(e.offering) << ";\n    e.region = " << quoted(e.region) << ";\n"
      << "    e.basis = " << quoted(e.basis) << ";\n    e.kind = " << quoted(e.kind) << ";\n"
      << "    e.usd_per_gpu_hour = " << number(e.usd_per_gpu_hour) << ";\n"
      << "    e.source = " << source(e.source) << ";\n  }\n";
}

void write_model(std::ostream& out, const ModelSpec& e) {
  out << "  {\n    ModelSpec& e = c.models.emplace_back();\n"
      << "    e.id = " << quoted(e.id) << ";\n    e.aliases = " << names(e.aliases) << ";\n"
      << "    e.family = " << quoted(e.family) << ";\n    e.params = " << number(e.params) << ";\n"
      << "    e.active_params = " << optional(e.active_params) << ";\n"
      << "    e.layers = " << e.layers << ";\n    e.hidden_size = " << e.hidden_size << ";\n"
      << "    e.intermediate_size = " << e.intermediate_size << ";\n"
      << "    e.attention_heads = " << e.attention_heads << ";\n    e.kv_heads = " << e.kv_heads << ";\n"
      << "    e.head_dim = " << e.head_dim << ";\n    e.vocab_size = " << e.vocab_size << ";\n"
      << "    e.context_length = " << e.context_length << ";\n"
      << "    e.experts = " << optional(e.experts) << ";\n"
      << "    e.experts_per_token = " << optional(e.experts_per_token) << ";\n"
      << "    e.moe_layers = " << optional(e.moe_layers) << ";\n"
      << "    e.shared_expert_intermediate_size = " << optional(e.shared_expert_intermediate_size) << ";\n"
      << "    e.dense_intermediate_size = " << optional(e.dense_intermediate_size) << ";\n"
      << "    e.kv_cache_dim = " << optional(e.kv_cache_dim) << ";\n"
      << "    e.query_projected_directly = " << (e.query_projected_directly ? "true" : "false") << ";\n"
      << "    e.tied_embeddings = " << (e.tied_embeddings ? "true" : "false") << ";\n"
      << "    e.active_params_exclude_input_embedding = "
      << (e.active_params_exclude_input_embedding ? "true" : "false") << ";\n"
      << "    e.source = " << source(e.source) << ";\n  }\n";
}

void write_api(std::ostream& out, const ApiPrice& e) {
  out << "  {\n    ApiPrice& e = c.apis.emplace_back();\n"
      << "    e.id = " << quoted(e.id) << ";\n    e.aliases = " << names(e.aliases) << ";\n"
      << "    e.vendor = " << quoted(e.vendor) << ";\n    e.name = " << quoted(e.name) << ";\n"
      << "    e.usd_per_1m_input = " << number(e.usd_per_1m_input) << ";\n"
      << "    e.usd_per_1m_cached_input = " << optional(e.usd_per_1m_cached_input) << ";\n"
      << "    e.usd_per_1m_output = " << number(e.usd_per_1m_output) << ";\n"
      << "    e.source = " << source(e.source) << ";\n  }\n";
}

void write_finetune(std::ostream& out, const FinetunePrice& e) {
  out << "  {\n    FinetunePrice& e = c.finetunes.emplace_back();\n"
      << "    e.id = " << quoted(e.id) << ";\n    e.aliases = " << names(e.aliases) << ";\n"
      << "    e.vendor = " << quoted(e.vendor) << ";\n    e.base_model = " << quoted(e.base_model) << ";\n"
      << "    e.params_above = " << optional(e.params_above) << ";\n"
      << "    e.params_up_to = " << optional(e.params_up_to) << ";\n"
      << "    e.usd_per_1m_training_tokens = " << optional(e.usd_per_1m_training_tokens) << ";\n"
      << "    e.usd_per_1m_input = " << optional(e.usd_per_1m_input) << ";\n"
      << "    e.usd_per_1m_cached_input = " << optional(e.usd_per_1m_cached_input) << ";\n"
      << "    e.usd_per_1m_output = " << optional(e.usd_per_1m_output) << ";\n"
      << "    e.hosting_usd_per_hour = " << optional(e.hosting_usd_per_hour) << ";\n"
      << "    e.hosting_gpu = " << quoted(e.hosting_gpu) << ";\n"
      << "    e.min_charge_usd = " << optional(e.min_charge_usd) << ";\n"
      << "    e.source = " << source(e.source) << ";\n  }\n";
}

void write_labor(std::ostream& out, const LaborRate& e) {
  out << "  {\n    LaborRate& e = c.labor.emplace_back();\n"
      << "    e.id = " << quoted(e.id) << ";\n    e.name = " << quoted(e.name) << ";\n"
      << "    e.usd_per_hour = " << number(e.usd_per_hour) << ";\n    e.basis = " << quoted(e.basis) << ";\n"
      << "    e.source = " << source(e.source) << ";\n  }\n";
}

void write_default(std::ostream& out, const DefaultValue& e) {
  out << "  {\n    DefaultValue& e = c.defaults.emplace_back();\n"
      << "    e.id = " << quoted(e.id) << ";\n    e.value = " << number(e.value) << ";\n"
      << "    e.unit = " << quoted(e.unit) << ";\n    e.description = " << quoted(e.description) << ";\n"
      << "    e.prior = " << optional(e.prior) << ";\n"
      << "    e.source = " << source(e.source) << ";\n  }\n";
}

void write_gpu_vm(std::ostream& out, const GpuVm& e) {
  out << "  {\n    GpuVm& e = c.gpu_vms.emplace_back();\n"
      << "    e.provider = " << quoted(e.provider) << ";\n    e.instance_type = " << quoted(e.instance_type) << ";\n"
      << "    e.gpu = " << quoted(e.gpu) << ";\n    e.gpus = " << number(e.gpus) << ";\n"
      << "    e.source = " << source(e.source) << ";\n  }\n";
}

// One function per section keeps each function small for the optimiser.
template <typename Entry, typename Write>
void write_section(std::ostream& out, const char* name, const SharedList<Entry>& entries, Write write) {
  out << "void add_" << name << "(Catalog& c) {\n  c." << name << ".reserve(" << entries.size() << ");\n";
  for (const auto& entry : entries) write(out, entry);
  out << "}\n\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: ftcost_catalog_codegen OUTPUT.cpp data/*.json\n";
    return 2;
  }
  Catalog catalog;
  try {
    for (int i = 2; i < argc; ++i) {
      std::ifstream in(argv[i], std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      Document doc;
      doc.file = argv[i];
      doc.root = nlohmann::json::parse(text.str());
      merge_catalog(catalog, doc);
    }
  } catch (const std::exception& error) {
    std::cerr << "ftcost_catalog_codegen: " << error.what() << "\n";
    return 1;
  }
  std::ostringstream out;
  out << "// Generated from data/*.json by tools/catalog-codegen.cpp. Do not edit.\n"
      << "#include \"ftcost/catalog/load.hpp\"\n\nnamespace ftcost {\n\nnamespace {\n\n";
  write_section(out, "gpus", catalog.gpus, write_gpu);
  write_section(out, "gpu_prices", catalog.gpu_prices, write_gpu_price);
  write_section(out, "models", catalog.models, write_model);
  write_section(out, "apis", catalog.apis, write_api);
  write_section(out, "finetunes", catalog.finetunes, write_finetune);
  write_section(out, "labor", catalog.labor, write_labor);
  write_section(out, "defaults", catalog.defaults, write_default);
  write_section(out, "gpu_vms", catalog.gpu_vms, write_gpu_vm);
  out << "}  // namespace\n\nconst Catalog& shipped_catalog() {\n"
      << "  static const Catalog catalog = [] {\n    Catalog c;\n"
      << "    add_gpus(c);\n    add_gpu_prices(c);\n    add_models(c);\n    add_apis(c);\n"
      << "    add_finetunes(c);\n    add_labor(c);\n    add_defaults(c);\n    add_gpu_vms(c);\n    return c;\n  }();\n"
      << "  return catalog;\n}\n\n}  // namespace ftcost\n";
  // Write only when different, so an unchanged catalog does not recompile.
  const std::string text = out.str();
  std::ifstream existing(argv[1], std::ios::binary);
  std::stringstream previous;
  previous << existing.rdbuf();
  if (existing && previous.str() == text) return 0;
  existing.close();
  std::ofstream file(argv[1], std::ios::binary | std::ios::trunc);
  file << text;
  return file ? 0 : 1;
}
