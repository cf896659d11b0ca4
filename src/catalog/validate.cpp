#include "ftcost/catalog/validate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "ftcost/util/date.hpp"

namespace ftcost {

namespace {

class Checker {
 public:
  Checker(std::vector<CatalogProblem>& out, bool strict) : out_(out), strict_(strict) {}

  void report(const std::string& section, const std::string& id, const std::string& field, const std::string& problem) {
    out_.push_back({section, id, field, problem});
  }

  void source(const std::string& section, const std::string& id, const Source& source) {
    if (source.text.empty()) report(section, id, "source", "is missing (say where the value comes from)");
    if (source.as_of.empty())
      report(section, id, "as_of", "is missing (the date the value was true, YYYY-MM-DD)");
    else if (!is_iso_date(source.as_of))
      report(section, id, "as_of", fmt::format("'{}' is not a calendar date", source.as_of));
    for (const auto& [field, date] :
         {std::pair{"deprecated", &source.deprecated}, std::pair{"sunset", &source.sunset}}) {
      if (!date->empty() && !is_iso_date(*date))
        report(section, id, field, fmt::format("'{}' is not a calendar date", *date));
    }
    if (!strict_) return;
    // --strict: a catalog to rely on has no unverified, deprecated or sunset entries.
    if (!source.verified)
      report(section, id, "verified", "is false (recalled, assumed or derived; re-check it at a primary source)");
    if (!source.deprecated.empty())
      report(section, id, "deprecated", fmt::format("since {} (replace or drop the entry)", source.deprecated));
    if (!source.sunset.empty())
      report(section, id, "sunset", fmt::format("on {} (replace or drop the entry)", source.sunset));
  }

  void price(const std::string& section, const std::string& id, const std::string& field, double value, bool zero_ok) {
    if (value < 0 || (!zero_ok && value == 0))
      report(section, id, field, fmt::format("{:g} is not a valid price", value));
  }
  void price(const std::string& section, const std::string& id, const std::string& field,
             const std::optional<double>& value) {
    if (value) price(section, id, field, *value, true);
  }

  // Ids and aliases answer look-ups, so no two entries of a section may share one.
  template <typename Entry>
  void unique_names(const std::string& section, const SharedList<Entry>& entries) {
    std::map<std::string, std::string> owner;
    for (const auto& entry : entries) {
      std::vector<std::string> names{entry.id};
      if constexpr (requires { entry.aliases; }) names.insert(names.end(), entry.aliases.begin(), entry.aliases.end());
      for (const auto& name : names) {
        auto [it, inserted] = owner.emplace(name, entry.id);
        if (!inserted && it->second != entry.id) {
          report(section, entry.id, name == entry.id ? "id" : "aliases",
                 fmt::format("'{}' is also a name of '{}'", name, it->second));
        } else if (!inserted && name != entry.id) {
          report(section, entry.id, "aliases", fmt::format("'{}' is listed twice", name));
        }
      }
    }
  }

 private:
  std::vector<CatalogProblem>& out_;
  bool strict_ = false;
};

bool high_precision(Precision p) {
  return p == Precision::fp32 || p == Precision::tf32 || p == Precision::fp16 || p == Precision::bf16;
}

// A power reference is the full-power part of the same silicon: a catalog GPU of the same vendor with
// a TDP above this one's (else the ceiling it lends would not be a ceiling).
void check_power_reference(Checker& check, const Catalog& catalog, const GpuSpec& gpu) {
  if (gpu.power_reference.empty()) return;
  const GpuSpec* reference = catalog.find_gpu(gpu.power_reference);
  if (!reference) {
    check.report("gpus", gpu.id, "power_reference",
                 fmt::format("'{}' is not a GPU in the catalog", gpu.power_reference));
  } else if (gpu.tdp_w <= 0 || reference->tdp_w <= gpu.tdp_w) {
    check.report("gpus", gpu.id, "power_reference",
                 fmt::format("'{}' must have a tdp_w above this GPU's ({:g} W against {:g} W)", reference->id,
                             reference->tdp_w, gpu.tdp_w));
  } else if (reference->vendor != gpu.vendor) {
    check.report("gpus", gpu.id, "power_reference",
                 fmt::format("'{}' is another vendor's ({}) GPU", reference->id, reference->vendor));
  }
}

void check_gpus(Checker& check, const Catalog& catalog, const GpuBounds& bounds) {
  for (const auto& gpu : catalog.gpus) {
    check.source("gpus", gpu.id, gpu.source);
    if (gpu.memory_gb <= 0 || gpu.memory_gb > bounds.max_memory_gb) {
      check.report("gpus", gpu.id, "memory_gb",
                   fmt::format("{:g} GB is outside (0, {:g}]", gpu.memory_gb, bounds.max_memory_gb));
    }
    if (gpu.memory_bandwidth_gb_s <= 0 || gpu.memory_bandwidth_gb_s > bounds.max_bandwidth_gb_s) {
      check.report("gpus", gpu.id, "memory_bandwidth_gb_s",
                   fmt::format("{:g} GB/s is outside (0, {:g}]", gpu.memory_bandwidth_gb_s, bounds.max_bandwidth_gb_s));
    }
    if (gpu.peak_dense_tflops.empty()) check.report("gpus", gpu.id, "peak_dense_tflops", "lists no precision");
    if (gpu.fp8_matmul_share != 1 && !gpu.peak_tflops(Precision::fp8))
      check.report("gpus", gpu.id, "fp8_matmul_share", "is set, but the GPU has no fp8 peak for it to scale");
    for (const auto& [precision, tflops] : gpu.peak_dense_tflops) {
      const double limit =
          high_precision(precision) ? bounds.max_high_precision_tflops : bounds.max_low_precision_tflops;
      if (tflops <= 0 || tflops > limit) {
        check.report("gpus", gpu.id, "peak_dense_tflops." + to_string(precision),
                     fmt::format("{:g} TFLOP/s is outside (0, {:g}] (dense, not sparse?)", tflops, limit));
      }
    }
    const auto bf16 = gpu.peak_tflops(Precision::bf16);
    const auto fp8 = gpu.peak_tflops(Precision::fp8);
    if (bf16 && fp8 && *fp8 < *bf16) {
      check.report("gpus", gpu.id, "peak_dense_tflops.fp8", fmt::format("{:g} is below bf16's {:g}", *fp8, *bf16));
    }
    check_power_reference(check, catalog, gpu);
  }
  check.unique_names("gpus", catalog.gpus);
}

void check_prices(Checker& check, const Catalog& catalog) {
  std::map<std::string, int> seen;
  for (const auto& price : catalog.gpu_prices) {
    const std::string id = fmt::format("{}@{}/{}", price.gpu, price.provider, price.basis);
    check.source("prices", id, price.source);
    check.price("prices", id, "usd_per_gpu_hour", price.usd_per_gpu_hour, false);
    if (!catalog.find_gpu(price.gpu))
      check.report("prices", id, "gpu", fmt::format("'{}' is not a GPU in the catalog", price.gpu));
    if (++seen[id] == 2) check.report("prices", id, "id", "two prices share this gpu, provider and basis");
  }
}

void check_models(Checker& check, const Catalog& catalog) {
  for (const auto& model : catalog.models) {
    check.source("models", model.id, model.source);
    if (model.params <= 0) check.report("models", model.id, "params", "must be positive");
    if (model.active_params && *model.active_params > model.params) {
      check.report("models", model.id, "active_params", "exceeds params");
    }
    if (model.layers <= 0 || model.hidden_size <= 0)
      check.report("models", model.id, "layers", "layers and hidden_size must be positive");
    if (model.moe_layers && *model.moe_layers > model.layers)
      check.report("models", model.id, "moe_layers",
                   fmt::format("{} is more than its {} layers", *model.moe_layers, model.layers));
    if ((model.shared_expert_intermediate_size || model.dense_intermediate_size) && !model.moe())
      check.report(
          "models", model.id,
          model.shared_expert_intermediate_size ? "shared_expert_intermediate_size" : "dense_intermediate_size",
          "is for a mixture of experts (experts, experts_per_token and active_params)");
    if (model.dense_intermediate_size && model.moe() && !model.has_dense_layers())
      check.report("models", model.id, "dense_intermediate_size",
                   "is for layers without routed experts, and moe_layers leaves none");
    if (model.query_projected_directly && !model.kv_cache_dim)
      check.report("models", model.id, "query_projected_directly",
                   "is for latent attention (kv_cache_dim); other attention projects its query directly anyway");
    if (model.params > 0 && model.lookup_params() >= model.active_touched())
      check.report("models", model.id, "vocab_size",
                   "vocab_size × hidden_size (the untied input embedding) is not below the active parameters");
  }
  check.unique_names("models", catalog.models);
}

void check_apis(Checker& check, const Catalog& catalog) {
  for (const auto& api : catalog.apis) {
    check.source("apis", api.id, api.source);
    check.price("apis", api.id, "usd_per_1m_input", api.usd_per_1m_input, true);
    check.price("apis", api.id, "usd_per_1m_output", api.usd_per_1m_output, true);
    check.price("apis", api.id, "usd_per_1m_cached_input", api.usd_per_1m_cached_input);
    if (api.usd_per_1m_cached_input && *api.usd_per_1m_cached_input > api.usd_per_1m_input) {
      check.report("apis", api.id, "usd_per_1m_cached_input", "is above the uncached input price");
    }
  }
  check.unique_names("apis", catalog.apis);
}

// A base model written as an identifier ("gpt-4.1-mini") must be a catalog API or model; free text
// ("open model <=16B") describes a size class and is not checked.
bool looks_like_id(const std::string& text) { return !text.empty() && text.find(' ') == std::string::npos; }

void check_finetunes(Checker& check, const Catalog& catalog) {
  for (const auto& offer : catalog.finetunes) {
    check.source("finetune", offer.id, offer.source);
    check.price("finetune", offer.id, "usd_per_1m_training_tokens", offer.usd_per_1m_training_tokens);
    check.price("finetune", offer.id, "usd_per_1m_input", offer.usd_per_1m_input);
    check.price("finetune", offer.id, "usd_per_1m_cached_input", offer.usd_per_1m_cached_input);
    check.price("finetune", offer.id, "usd_per_1m_output", offer.usd_per_1m_output);
    check.price("finetune", offer.id, "hosting_usd_per_hour", offer.hosting_usd_per_hour);
    check.price("finetune", offer.id, "min_charge_usd", offer.min_charge_usd);
    if (!offer.hosting_gpu.empty()) {
      if (!catalog.find_gpu(offer.hosting_gpu)) {
        check.report("finetune", offer.id, "hosting_gpu",
                     fmt::format("'{}' is not a GPU in the catalog", offer.hosting_gpu));
      } else if (!offer.hosting_usd_per_hour) {
        check.report("finetune", offer.id, "hosting_gpu",
                     "needs hosting_usd_per_hour, the price of one of its GPUs an hour");
      }
    }
    if (offer.params_above && offer.params_up_to && *offer.params_up_to <= *offer.params_above)
      check.report("finetune", offer.id, "params_up_to", "is not above params_above: no model size fits");
    for (auto [key, bound] : {std::pair{"params_above", offer.params_above}, {"params_up_to", offer.params_up_to}}) {
      if (bound && !(*bound > 0)) check.report("finetune", offer.id, key, "must be a positive parameter count");
    }
    if (looks_like_id(offer.base_model) && !catalog.find_api(offer.base_model) &&
        !catalog.find_model(offer.base_model)) {
      check.report("finetune", offer.id, "base_model",
                   fmt::format("'{}' is neither an API nor a model in the catalog", offer.base_model));
    }
  }
  check.unique_names("finetune", catalog.finetunes);
}

void check_labor_and_defaults(Checker& check, const Catalog& catalog) {
  for (const auto& rate : catalog.labor) {
    check.source("labor", rate.id, rate.source);
    check.price("labor", rate.id, "usd_per_hour", rate.usd_per_hour, false);
  }
  check.unique_names("labor", catalog.labor);
  for (const auto& value : catalog.defaults) check.source("defaults", value.id, value.source);
  check.unique_names("defaults", catalog.defaults);
  for (const auto& vm : catalog.gpu_vms) {
    const std::string id = vm.provider + "/" + vm.instance_type;
    check.source("gpu_vms", id, vm.source);
    if (vm.gpus != 0) check.price("gpu_vms", id, "gpus", vm.gpus, false);
  }
}

}  // namespace

std::vector<CatalogProblem> validate_catalog(const Catalog& catalog, const GpuBounds& bounds, bool strict) {
  std::vector<CatalogProblem> problems;
  Checker check(problems, strict);
  check_gpus(check, catalog, bounds);
  check_prices(check, catalog);
  check_models(check, catalog);
  check_apis(check, catalog);
  check_finetunes(check, catalog);
  check_labor_and_defaults(check, catalog);
  return problems;
}

std::string to_string(const CatalogProblem& problem) {
  return fmt::format("{} {}: {}: {}", problem.section, problem.id, problem.field, problem.problem);
}

namespace {

template <typename List, typename Key>
const typename List::value_type* entry_in(const List& list, const std::string& id, Key key) {
  for (const auto& entry : list) {
    if (key(entry) == id) return &entry;
  }
  return nullptr;
}

template <typename List, typename Key>
bool same_in(const List& a, const List& b, const std::string& id, Key key) {
  if (a == b) return true;  // a section the book left alone is still shared
  const auto* before = entry_in(a, id, key);
  const auto* after = entry_in(b, id, key);
  return before && after && *before == *after;
}

// Whether the entry a problem names is in `merged` as it is in `base`.
bool unchanged(const Catalog& base, const Catalog& merged, const CatalogProblem& problem) {
  const std::string& s = problem.section;
  const std::string& id = problem.id;
  const auto by_id = [](const auto& entry) { return entry.id; };
  if (s == "gpus") return same_in(base.gpus, merged.gpus, id, by_id);
  if (s == "models") return same_in(base.models, merged.models, id, by_id);
  if (s == "apis") return same_in(base.apis, merged.apis, id, by_id);
  if (s == "finetune") return same_in(base.finetunes, merged.finetunes, id, by_id);
  if (s == "labor") return same_in(base.labor, merged.labor, id, by_id);
  if (s == "defaults") return same_in(base.defaults, merged.defaults, id, by_id);
  if (s == "prices") {
    return same_in(base.gpu_prices, merged.gpu_prices, id,
                   [](const GpuPrice& p) { return fmt::format("{}@{}/{}", p.gpu, p.provider, p.basis); });
  }
  if (s == "gpu_vms") {
    return same_in(base.gpu_vms, merged.gpu_vms, id,
                   [](const GpuVm& vm) { return fmt::format("{}/{}", vm.provider, vm.instance_type); });
  }
  return false;
}

}  // namespace

BookValidation validate_book(const Catalog& base, const Catalog& merged, bool strict) {
  BookValidation out;
  std::vector<std::string> base_faults;
  for (const auto& problem : validate_catalog(base)) base_faults.push_back(to_string(problem));
  for (auto& problem : validate_catalog(merged, {}, strict)) {
    // An entry the book left alone: a fault it already had is the catalog's, a trust flag only counted.
    // Anything else is the book's (a price it adds that repeats another's gpu, provider and basis).
    const bool catalog_entry = unchanged(base, merged, problem);
    if (catalog_entry && std::find(base_faults.begin(), base_faults.end(), to_string(problem)) != base_faults.end()) {
      out.catalog.push_back(std::move(problem));
    } else if (catalog_entry && strict) {
      ++out.catalog_flags;
    } else {
      out.book.push_back(std::move(problem));
    }
  }
  return out;
}

}  // namespace ftcost
