#include "ftcost/catalog/listing.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "ftcost/util/error.hpp"
#include "ftcost/util/suggest.hpp"
#include "ftcost/util/text.hpp"

namespace ftcost {

namespace {

using nlohmann::json;
using Fields = std::vector<std::pair<std::string, json>>;

json optional_value(const std::optional<double>& value) { return value ? json(*value) : json(nullptr); }
json optional_value(const std::optional<int>& value) { return value ? json(*value) : json(nullptr); }

void add_source(Fields& fields, const Source& source) {
  fields.emplace_back("source", source.text);
  fields.emplace_back("as_of", source.as_of);
  fields.emplace_back("note", source.note.empty() ? json(nullptr) : json(source.note));
  fields.emplace_back("verified", source.verified);
  fields.emplace_back("deprecated", source.deprecated.empty() ? json(nullptr) : json(source.deprecated));
  fields.emplace_back("sunset", source.sunset.empty() ? json(nullptr) : json(source.sunset));
  const std::string flags = trust_flags(source);
  fields.emplace_back("flags", flags.empty() ? json(nullptr) : json(flags));
}

std::string price_key(const GpuPrice& price) { return fmt::format("{}@{}/{}", price.gpu, price.provider, price.basis); }

CatalogEntryView view_of(const GpuSpec& gpu) {
  Fields f{{"id", gpu.id},
           {"aliases", gpu.aliases},
           {"name", gpu.name},
           {"vendor", gpu.vendor},
           {"architecture", gpu.architecture},
           {"product_line", gpu.product_line},
           {"memory_gb", gpu.memory_gb},
           {"memory_bandwidth_gb_s", gpu.memory_bandwidth_gb_s}};
  for (const auto& [precision, tflops] : gpu.peak_dense_tflops)
    f.emplace_back("tflops_" + to_string(precision), tflops);
  f.emplace_back("interconnect", gpu.interconnect_kind);
  f.emplace_back("interconnect_gb_s", gpu.interconnect_gb_s);
  if (gpu.interconnect_peers > 0) f.emplace_back("interconnect_peers", gpu.interconnect_peers);
  if (gpu.pcie_gb_s > 0) f.emplace_back("pcie_gb_s", gpu.pcie_gb_s);
  f.emplace_back("tdp_w", gpu.tdp_w > 0 ? json(gpu.tdp_w) : json(nullptr));
  if (!gpu.power_reference.empty()) f.emplace_back("power_reference", gpu.power_reference);
  if (gpu.fp8_matmul_share != 1) f.emplace_back("fp8_matmul_share", gpu.fp8_matmul_share);
  // What the board's power sustains, where that is below the datasheet (docs/models.md, power-bound GPUs).
  for (const Precision precision : {Precision::bf16, Precision::fp8}) {
    const auto peak = gpu.peak_tflops(precision);
    const auto sustained = gpu.sustained_tflops(precision);
    const std::string key = "sustained_tflops_" + to_string(precision);
    if (peak && sustained && *sustained < *peak) {
      f.emplace_back(key, std::round(*sustained * 10) / 10);
    } else if (precision == Precision::bf16) {
      f.emplace_back(key, nullptr);
    }
  }
  add_source(f, gpu.source);
  return {"gpus", gpu.id, std::move(f)};
}

CatalogEntryView view_of(const GpuPrice& price) {
  Fields f{{"id", price_key(price)},     {"gpu", price.gpu},      {"provider", price.provider},
           {"basis", price.basis},       {"kind", price.kind},    {"usd_per_gpu_hour", price.usd_per_gpu_hour},
           {"offering", price.offering}, {"region", price.region}};
  add_source(f, price.source);
  return {"prices", price_key(price), std::move(f)};
}

CatalogEntryView view_of(const ModelSpec& model) {
  Fields f{{"id", model.id},
           {"aliases", model.aliases},
           {"family", model.family},
           {"params", model.params},
           {"active_params", optional_value(model.active_params)},
           {"layers", model.layers},
           {"hidden_size", model.hidden_size},
           {"intermediate_size", model.intermediate_size},
           {"attention_heads", model.attention_heads},
           {"kv_heads", model.kv_heads},
           {"head_dim", model.head_dim},
           {"vocab_size", model.vocab_size},
           {"context_length", model.context_length},
           {"experts", optional_value(model.experts)},
           {"experts_per_token", optional_value(model.experts_per_token)},
           {"moe_layers", optional_value(model.moe_layers)},
           {"shared_expert_intermediate_size", optional_value(model.shared_expert_intermediate_size)},
           {"dense_intermediate_size", optional_value(model.dense_intermediate_size)},
           {"kv_cache_dim", optional_value(model.kv_cache_dim)},
           {"query_projected_directly", model.query_projected_directly},
           {"tied_embeddings", model.tied_embeddings},
           {"active_params_exclude_input_embedding", model.active_params_exclude_input_embedding}};
  add_source(f, model.source);
  return {"models", model.id, std::move(f)};
}

CatalogEntryView view_of(const ApiPrice& api) {
  Fields f{{"id", api.id},
           {"aliases", api.aliases},
           {"vendor", api.vendor},
           {"name", api.name},
           {"usd_per_1m_input", api.usd_per_1m_input},
           {"usd_per_1m_cached_input", optional_value(api.usd_per_1m_cached_input)},
           {"usd_per_1m_output", api.usd_per_1m_output}};
  add_source(f, api.source);
  return {"apis", api.id, std::move(f)};
}

CatalogEntryView view_of(const FinetunePrice& offer) {
  Fields f{{"id", offer.id},
           {"aliases", offer.aliases},
           {"vendor", offer.vendor},
           {"base_model", offer.base_model},
           {"params_above", optional_value(offer.params_above)},
           {"params_up_to", optional_value(offer.params_up_to)},
           {"usd_per_1m_training_tokens", optional_value(offer.usd_per_1m_training_tokens)},
           {"usd_per_1m_input", optional_value(offer.usd_per_1m_input)},
           {"usd_per_1m_cached_input", optional_value(offer.usd_per_1m_cached_input)},
           {"usd_per_1m_output", optional_value(offer.usd_per_1m_output)},
           {"hosting_usd_per_hour", optional_value(offer.hosting_usd_per_hour)},
           {"hosting_gpu", offer.hosting_gpu.empty() ? json(nullptr) : json(offer.hosting_gpu)},
           {"min_charge_usd", optional_value(offer.min_charge_usd)}};
  add_source(f, offer.source);
  return {"finetune", offer.id, std::move(f)};
}

CatalogEntryView view_of(const LaborRate& rate) {
  Fields f{{"id", rate.id}, {"name", rate.name}, {"usd_per_hour", rate.usd_per_hour}, {"basis", rate.basis}};
  add_source(f, rate.source);
  return {"labor", rate.id, std::move(f)};
}

CatalogEntryView view_of(const DefaultValue& value) {
  Fields f{{"id", value.id}, {"value", value.value}, {"unit", value.unit}, {"description", value.description}};
  add_source(f, value.source);
  return {"defaults", value.id, std::move(f)};
}

CatalogEntryView view_of(const GpuVm& vm) {
  const std::string id = vm.provider + "/" + vm.instance_type;
  Fields f{{"provider", vm.provider},
           {"instance_type", vm.instance_type},
           {"gpu", vm.gpu},
           {"gpus", vm.gpus > 0 ? json(vm.gpus) : json(nullptr)}};
  add_source(f, vm.source);
  return {"gpu_vms", id, std::move(f)};
}

template <typename Entry>
void append_views(std::vector<CatalogEntryView>& out, const SharedList<Entry>& entries) {
  for (const auto& entry : entries) out.push_back(view_of(entry));
}

std::vector<CatalogEntryView> views_of(const Catalog& catalog, const std::string& section) {
  std::vector<CatalogEntryView> out;
  if (section == "gpus")
    append_views(out, catalog.gpus);
  else if (section == "prices")
    append_views(out, catalog.gpu_prices);
  else if (section == "models")
    append_views(out, catalog.models);
  else if (section == "apis")
    append_views(out, catalog.apis);
  else if (section == "finetune")
    append_views(out, catalog.finetunes);
  else if (section == "labor")
    append_views(out, catalog.labor);
  else if (section == "defaults")
    append_views(out, catalog.defaults);
  else if (section == "gpu_vms")
    append_views(out, catalog.gpu_vms);
  return out;
}

// The columns a listing shows; `catalog show` prints every field.
std::vector<std::string> columns_of(const std::string& section) {
  if (section == "gpus") {
    return {"id",           "name",       "memory_gb", "memory_bandwidth_gb_s",
            "tflops_bf16",  "tflops_fp8", "tdp_w",     "sustained_tflops_bf16",
            "interconnect", "as_of",      "source"};
  }
  if (section == "prices") {
    return {"gpu", "provider", "basis", "kind", "usd_per_gpu_hour", "offering", "region", "flags", "as_of", "source"};
  }
  if (section == "models") {
    return {"id",          "family",   "params",         "active_params", "layers",
            "hidden_size", "kv_heads", "context_length", "as_of",         "source"};
  }
  if (section == "apis") {
    return {"id",    "vendor", "usd_per_1m_input", "usd_per_1m_cached_input", "usd_per_1m_output", "flags",
            "as_of", "source"};
  }
  if (section == "finetune") {
    return {"id",
            "vendor",
            "base_model",
            "usd_per_1m_training_tokens",
            "usd_per_1m_input",
            "usd_per_1m_output",
            "hosting_usd_per_hour",
            "hosting_gpu",
            "flags",
            "as_of",
            "source"};
  }
  if (section == "labor") return {"id", "name", "usd_per_hour", "as_of", "source"};
  if (section == "gpu_vms") return {"provider", "instance_type", "gpu", "gpus", "as_of", "source"};
  return {"id", "value", "unit", "description", "as_of", "source"};
}

json field_or_null(const CatalogEntryView& view, const std::string& name) {
  for (const auto& [key, value] : view.fields) {
    if (key == name) return value;
  }
  return nullptr;
}

// The id and aliases an entry answers to.
std::vector<std::string> names_of(const CatalogEntryView& view) {
  std::vector<std::string> names{lowercase(view.id)};
  const json aliases = field_or_null(view, "aliases");
  if (aliases.is_array()) {
    for (const auto& alias : aliases) names.push_back(lowercase(alias.get<std::string>()));
  }
  return names;
}

}  // namespace

const std::vector<std::string>& catalog_sections() {
  static const std::vector<std::string> sections = {"gpus",  "models", "apis",     "finetune",
                                                    "labor", "prices", "defaults", "gpu_vms"};
  return sections;
}

CatalogTable list_section(const Catalog& catalog, const std::string& section) {
  const auto& sections = catalog_sections();
  if (std::find(sections.begin(), sections.end(), section) == sections.end()) {
    throw InputError({}, "section", fmt::format("unknown catalog section '{}'", section),
                     suggestion_text(section, sections));
  }
  CatalogTable table{section, columns_of(section), {}};
  for (const auto& view : views_of(catalog, section)) {
    std::vector<json> row;
    row.reserve(table.columns.size());
    for (const auto& column : table.columns) row.push_back(field_or_null(view, column));
    table.rows.push_back(std::move(row));
  }
  return table;
}

std::vector<CatalogEntryView> find_entries(const Catalog& catalog, const std::string& name) {
  std::string wanted = lowercase(name);
  // "section:name" limits the search to one section ("apis:gpt-4o").
  std::vector<std::string> sections = catalog_sections();
  if (const auto colon = wanted.find(':'); colon != std::string::npos) {
    const std::string prefix = wanted.substr(0, colon);
    if (std::find(sections.begin(), sections.end(), prefix) != sections.end()) {
      sections = {prefix};
      wanted = wanted.substr(colon + 1);
    }
  }
  std::vector<CatalogEntryView> exact;
  std::vector<CatalogEntryView> partial;
  for (const auto& section : sections) {
    for (auto& view : views_of(catalog, section)) {
      const auto names = names_of(view);
      if (std::find(names.begin(), names.end(), wanted) != names.end()) {
        exact.push_back(std::move(view));
      } else if (!wanted.empty() && std::any_of(names.begin(), names.end(), [&](const std::string& n) {
                   return n.find(wanted) != std::string::npos;
                 })) {
        partial.push_back(std::move(view));
      }
    }
  }
  if (exact.empty() && partial.empty() && wanted.find_first_of(" _") != std::string::npos) {
    // As scenarios read names: spaces and underscores stand for the ids' hyphens ("H100 SXM").
    std::string hyphenated = name;
    std::replace(hyphenated.begin(), hyphenated.end(), ' ', '-');
    std::replace(hyphenated.begin(), hyphenated.end(), '_', '-');
    return find_entries(catalog, hyphenated);
  }
  return exact.empty() ? partial : exact;
}

CatalogEntryView show_entry(const Catalog& catalog, const std::string& name) {
  auto found = find_entries(catalog, name);
  if (found.size() == 1) {
    CatalogEntryView view = std::move(found.front());
    // A GPU's page also lists what it costs where, so one look answers "how much is an H100?".
    if (view.section == "gpus") {
      json prices = json::array();
      for (const GpuPrice* price : catalog.prices_for(view.id)) {
        prices.push_back(fmt::format("{}/{} ${}/GPU-h (as of {})", price->provider, price->basis,
                                     price->usd_per_gpu_hour, price->source.as_of));
      }
      view.fields.emplace_back("prices", std::move(prices));
    }
    return view;
  }
  if (found.empty()) {
    std::vector<std::string> every;
    for (const auto& section : catalog_sections()) {
      for (const auto& view : views_of(catalog, section)) every.push_back(view.id);
    }
    throw InputError({}, "name", fmt::format("no catalog entry is named '{}'", name), suggestion_text(name, every));
  }
  std::vector<std::string> matches;
  matches.reserve(found.size());
  for (const auto& view : found) matches.push_back(view.section + ":" + view.id);
  throw InputError({}, "name", fmt::format("'{}' is ambiguous: {} entries match", name, found.size()),
                   fmt::format("name one of: {}", fmt::join(matches, ", ")));
}

}  // namespace ftcost
