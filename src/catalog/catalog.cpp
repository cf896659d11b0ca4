#include "ftcost/catalog/catalog.hpp"
#include "ftcost/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <span>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace ftcost {

namespace {

template <typename Entry>
const Entry* find_exact(const SharedList<Entry>& entries, const std::string& wanted) {
  for (const auto& entry : entries) {
    if (entry.id == wanted) return &entry;
  }
  for (const auto& entry : entries) {
    for (const auto& alias : entry.aliases) {
      if (alias == wanted) return &entry;
    }
  }
  return nullptr;
}

// An id or alias, in any case; failing that, with spaces and underscores read as the hyphens ids
// use, as names are written in prose and tables ("RTX 4090", "H100 SXM", "Llama 3.1 8B").
template <typename Entry>
const Entry* find_named(const SharedList<Entry>& entries, const std::string& name) {
  std::string wanted = lowercase(name);
  if (const Entry* entry = find_exact(entries, wanted)) return entry;
  if (wanted.find_first_of(" _") == std::string::npos) return nullptr;
  std::replace(wanted.begin(), wanted.end(), ' ', '-');
  std::replace(wanted.begin(), wanted.end(), '_', '-');
  return find_exact(entries, wanted);
}

// Words a name carries besides the identity of what it names, and whether four digits are a release
// date ("2507", "0324") rather than part of the name (the RTX 4090).
struct NameNoise {
  std::span<const std::string_view> words;
  bool dates = false;
};

// A name reduced to the words that identify the thing: lower case, hyphen-separated, without an
// "org/" prefix and without the noise words (a vendor, a memory type, an instruction-tuned suffix)
// or, in a name being looked up (`looked_up`), dates. "NVIDIA H100 80GB HBM3" and "h100-80gb" reduce
// alike, as do "Qwen/Qwen3-235B-A22B-Instruct-2507" and "qwen3-235b-a22b"; a catalog alias keeps
// its date, so "Mistral-Small-2409" is not the alias mistral-small-2501.
std::string name_key(const std::string& name, const NameNoise& noise, bool looked_up) {
  std::string text = lowercase(name);
  if (const auto slash = text.rfind('/'); slash != std::string::npos) text.erase(0, slash + 1);
  for (char& c : text) {
    if (c == ' ' || c == '_' || c == ':' || c == '\t') c = '-';
  }
  const auto is_date = [&noise, looked_up](std::string_view word) {
    return looked_up && noise.dates && word.size() == 4 &&
           std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  std::string key;
  std::size_t at = 0;
  while (at <= text.size()) {
    const std::size_t end = std::min(text.find('-', at), text.size());
    const std::string_view word = std::string_view(text).substr(at, end - at);
    if (!word.empty() && !is_date(word) &&
        std::find(noise.words.begin(), noise.words.end(), word) == noise.words.end()) {
      if (!key.empty()) key += '-';
      key += word;
    }
    at = end + 1;
  }
  return key;
}

// The entry whose id, alias or name reduces to the same key as `name` (see name_key), when only
// one does: a key two entries share names neither.
template <typename Entry>
const Entry* find_by_key(const SharedList<Entry>& entries, const std::string& name, const NameNoise& noise) {
  // The words in any order: "H100 80GB PCIe" is the alias "h100-pcie-80gb".
  const auto words = [&noise](const std::string& text, bool looked_up) {
    std::vector<std::string> out;
    const std::string key = name_key(text, noise, looked_up);
    std::size_t at = 0;
    while (at <= key.size()) {
      const std::size_t end = std::min(key.find('-', at), key.size());
      if (end > at) out.push_back(key.substr(at, end - at));
      at = end + 1;
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  const std::vector<std::string> wanted = words(name, true);
  if (wanted.empty()) return nullptr;
  const Entry* found = nullptr;
  for (const auto& entry : entries) {
    bool matches = words(entry.id, false) == wanted;
    for (const auto& alias : entry.aliases) matches = matches || words(alias, false) == wanted;
    if constexpr (requires { entry.name; }) matches = matches || words(entry.name, false) == wanted;
    if (!matches) continue;
    if (found && found != &entry) return nullptr;
    found = &entry;
  }
  return found;
}

// A GPU's vendor and brand and its memory technology.
// Not HBM2 or HBM2e: they tell A100 40 GB from 80 GB and the H100 PCIe from the SXM part.
constexpr std::array<std::string_view, 13> gpu_noise_words = {
    "nvidia", "amd", "geforce", "tesla", "instinct", "radeon", "gpu", "hbm3", "hbm3e", "gddr6", "gddr6x", "dgx", "hgx"};
// A model's tuning, checkpoint format and publisher ("Meta-Llama-3.1-8B"), and its release date.
constexpr std::array<std::string_view, 14> model_noise_words = {
    "meta", "instruct", "chat", "base", "hf", "it", "fp8", "bf16", "fp16", "awq", "gptq", "int4", "int8", "dynamic"};
const NameNoise gpu_noise{gpu_noise_words, false};
const NameNoise model_noise{model_noise_words, true};

template <typename Entry>
std::vector<std::string> ids_of(const SharedList<Entry>& entries) {
  std::vector<std::string> out;
  out.reserve(entries.size());
  for (const auto& entry : entries) out.push_back(entry.id);
  return out;
}

}  // namespace

std::string to_string(Precision precision) {
  switch (precision) {
    case Precision::fp32:
      return "fp32";
    case Precision::tf32:
      return "tf32";
    case Precision::fp16:
      return "fp16";
    case Precision::bf16:
      return "bf16";
    case Precision::fp8:
      return "fp8";
    case Precision::int8:
      return "int8";
    case Precision::int4:
      return "int4";
    case Precision::fp4:
      return "fp4";
  }
  return "?";
}

std::optional<Precision> parse_precision(const std::string& text) {
  std::string wanted = lowercase(text);
  std::replace(wanted.begin(), wanted.end(), '_', '-');
  std::replace(wanted.begin(), wanted.end(), ' ', '-');
  for (Precision p : {Precision::fp32, Precision::tf32, Precision::fp16, Precision::bf16, Precision::fp8,
                      Precision::int8, Precision::int4, Precision::fp4}) {
    if (to_string(p) == wanted) return p;
  }
  // Names frameworks and papers give the same formats: PyTorch's dtypes, Lightning's mixed-precision
  // flags, fp8's element format, and the weight-quantisation schemes by their bits (AWQ and GPTQ
  // store 4-bit weights, W8A8 8-bit, NVFP4 and MXFP4 4-bit floats).
  static const std::pair<const char*, Precision> other_names[] = {
      {"float32", Precision::fp32},    {"float16", Precision::fp16},    {"half", Precision::fp16},
      {"fp16-mixed", Precision::fp16}, {"16-mixed", Precision::fp16},   {"amp-fp16", Precision::fp16},
      {"bfloat16", Precision::bf16},   {"bf16-mixed", Precision::bf16}, {"amp-bf16", Precision::bf16},
      {"float8", Precision::fp8},      {"fp8-e4m3", Precision::fp8},    {"e4m3", Precision::fp8},
      {"fp8-hybrid", Precision::fp8},  {"fp8-mixed", Precision::fp8},   {"fp8-dynamic", Precision::fp8},
      {"w8a8-fp8", Precision::fp8},    {"w8a8", Precision::int8},       {"w8a8-int8", Precision::int8},
      {"int8-sq", Precision::int8},    {"awq", Precision::int4},        {"gptq", Precision::int4},
      {"w4a16", Precision::int4},      {"int4-awq", Precision::int4},   {"awq-int4", Precision::int4},
      {"gptq-int4", Precision::int4},  {"nvfp4", Precision::fp4},       {"mxfp4", Precision::fp4}};
  for (const auto& [name, precision] : other_names) {
    if (wanted == name) return precision;
  }
  return std::nullopt;
}

std::optional<Precision> precision_in_words(const std::string& text) {
  if (auto named = parse_precision(text)) return named;
  std::vector<std::string> words = words_of(text);
  // "8 bit", "4 bit": one word.
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    if ((words[i] == "4" || words[i] == "8") && words[i + 1] == "bit") words[i] += "bit";
  }
  const auto has = [&words](std::initializer_list<std::string_view> any) {
    return std::any_of(words.begin(), words.end(),
                       [&any](const std::string& w) { return std::find(any.begin(), any.end(), w) != any.end(); });
  };
  // The formats the words name; an integer scheme (AWQ, GPTQ) is 4-bit unless 8 bits are said.
  std::vector<Precision> named;
  if (has({"nvfp4", "mxfp4", "fp4", "e2m1"})) named.push_back(Precision::fp4);
  if (has({"fp8", "float8", "e4m3", "e5m2"})) named.push_back(Precision::fp8);
  if (has({"int8", "8bit", "w8a8", "w8a16"})) {
    named.push_back(Precision::int8);
  } else if (has({"int4", "4bit", "nf4", "w4a16", "awq", "gptq"})) {
    named.push_back(Precision::int4);
  }
  if (has({"bf16", "bfloat16"})) named.push_back(Precision::bf16);
  if (has({"fp16", "float16", "half"})) named.push_back(Precision::fp16);
  if (has({"fp32", "float32"})) named.push_back(Precision::fp32);
  // "bf16 with an fp8 KV cache" names two: which the weights are is a guess.
  if (named.size() != 1) return std::nullopt;
  return named.front();
}

double bytes_per_value(Precision precision) {
  switch (precision) {
    case Precision::fp32:
    case Precision::tf32:
      return 4.0;
    case Precision::fp16:
    case Precision::bf16:
      return 2.0;
    case Precision::fp8:
    case Precision::int8:
      return 1.0;
    case Precision::int4:
    case Precision::fp4:
      return 0.5;
  }
  return 2.0;
}

// A low-precision float format computes at its own rate where the GPU has tensor cores for it;
// elsewhere its weights are dequantised into 16-bit matmuls (weight-only, as vLLM's Marlin kernels
// run fp8 on an A100 and fp4 on an H100), like int8 and int4 weights everywhere.
Precision serving_compute_precision(Precision weights, const GpuSpec& gpu) {
  if ((weights == Precision::fp4 || weights == Precision::fp8) && gpu.peak_tflops(weights)) return weights;
  return Precision::fp16;
}

std::optional<double> GpuSpec::peak_tflops(Precision precision) const {
  auto it = peak_dense_tflops.find(precision);
  if (it != peak_dense_tflops.end()) return it->second;
  // fp16 and bf16 run at the same tensor-core rate wherever both exist; a spec listing one of them
  // (a user's custom GPU, say) serves for the other. GPUs without bf16 (T4, V100) list fp16 only and
  // are still refused bf16, which they truly lack.
  if (precision == Precision::fp16) {
    if (auto bf16 = peak_dense_tflops.find(Precision::bf16); bf16 != peak_dense_tflops.end()) return bf16->second;
  }
  return std::nullopt;
}

GpuSpec::PowerCeiling GpuSpec::power_ceiling(Precision precision) const {
  PowerCeiling ceiling;
  const auto peak = peak_tflops(precision);
  if (!peak || tdp_w <= 0) return ceiling;
  ceiling.limited = power_limit_w > 0 && power_limit_w < tdp_w;
  ceiling.board_w = ceiling.limited ? power_limit_w : tdp_w;
  if (!power_reference.empty()) {
    auto rate = reference_tflops_per_w.find(precision);
    if (rate == reference_tflops_per_w.end() && precision == Precision::fp16)
      rate = reference_tflops_per_w.find(Precision::bf16);
    if (rate != reference_tflops_per_w.end()) {
      ceiling.per_watt = rate->second;
      ceiling.reference = power_reference;
      return ceiling;
    }
  }
  // Its own rate per watt: only a limit below the TDP makes it a ceiling.
  if (ceiling.limited) {
    ceiling.per_watt = *peak / tdp_w;
    ceiling.reference = id;
  }
  return ceiling;
}

std::string power_limit_problem(const GpuSpec& gpu, double limit_w) {
  if (gpu.tdp_w <= 0) return fmt::format("{} has no TDP in the catalog to scale from", gpu.id);
  if (limit_w >= gpu.tdp_w)
    return fmt::format("{:g} W is not below {}'s {:g} W TDP, so it would change nothing", limit_w, gpu.id, gpu.tdp_w);
  if (limit_w < gpu.tdp_w / 4)
    return fmt::format("{:g} W is below a quarter of {}'s {:g} W TDP, far outside the power rule's measurements",
                       limit_w, gpu.id, gpu.tdp_w);
  return "";
}

std::string power_ceiling_text(const GpuSpec& gpu, Precision precision) {
  const auto peak = gpu.peak_tflops(precision);
  const auto sustained = gpu.sustained_tflops(precision);
  if (!peak || !sustained || *sustained >= *peak) return "";
  const GpuSpec::PowerCeiling ceiling = gpu.power_ceiling(precision);
  const std::string whose = ceiling.reference == gpu.id
                                ? fmt::format("{}'s own peak at its {:g} W TDP", gpu.id, gpu.tdp_w)
                                : fmt::format("the full-power {} of the same silicon", ceiling.reference);
  return fmt::format(
      "power-bound: datasheet {:g} × ({:g} W{} × {:.4g} TFLOP/s per W ({}) / {:g}) ^ {:g} "
      "(gpu.power_scaling_exponent)",
      *peak, ceiling.board_w, ceiling.limited ? " (power limit)" : "", ceiling.per_watt, whose, *peak,
      gpu.power_exponent);
}

std::optional<double> GpuSpec::sustained_tflops(Precision precision) const {
  const auto peak = peak_tflops(precision);
  const PowerCeiling ceiling = power_ceiling(precision);
  if (!peak || ceiling.per_watt <= 0) return peak;
  const double share = ceiling.board_w * ceiling.per_watt / *peak;
  return share < 1 ? *peak * std::pow(share, power_exponent) : *peak;
}

std::optional<double> GpuSpec::matmul_tflops(Precision precision) const {
  const auto sustained = sustained_tflops(precision);
  if (!sustained) return sustained;
  return *sustained * matmul_share(precision);
}

const GpuSpec* Catalog::find_gpu(const std::string& name) const {
  if (const GpuSpec* gpu = find_named(gpus, name)) return gpu;
  return find_by_key(gpus, name, gpu_noise);
}
const ModelSpec* Catalog::find_model(const std::string& name) const {
  if (const ModelSpec* model = find_named(models, name)) return model;
  return find_by_key(models, name, model_noise);
}
const ApiPrice* Catalog::find_api(const std::string& name) const { return find_named(apis, name); }
const FinetunePrice* Catalog::find_finetune(const std::string& name) const { return find_named(finetunes, name); }
const LaborRate* Catalog::find_labor(const std::string& name) const {
  const std::string wanted = lowercase(name);
  for (const auto& rate : labor) {
    if (rate.id == wanted) return &rate;
  }
  return nullptr;
}
const GpuVm* Catalog::find_gpu_vm(const std::string& provider, const std::string& instance_type) const {
  const std::string wanted_provider = lowercase(provider);
  const std::string wanted_type = lowercase(instance_type);
  for (const auto& vm : gpu_vms) {
    if (vm.provider == wanted_provider && lowercase(vm.instance_type) == wanted_type) return &vm;
  }
  return nullptr;
}
const DefaultValue* Catalog::find_default(const std::string& id) const {
  for (const auto& entry : defaults) {
    if (entry.id == id) return &entry;
  }
  return nullptr;
}

std::vector<const GpuPrice*> Catalog::prices_for(const std::string& gpu_id) const {
  std::vector<const GpuPrice*> out;
  for (const auto& price : gpu_prices) {
    if (price.gpu == gpu_id) out.push_back(&price);
  }
  return out;
}

std::vector<std::string> Catalog::gpu_names() const { return ids_of(gpus); }
std::vector<std::string> Catalog::model_names() const { return ids_of(models); }
std::vector<std::string> Catalog::api_names() const { return ids_of(apis); }
std::vector<std::string> Catalog::finetune_names() const { return ids_of(finetunes); }
std::vector<std::string> Catalog::labor_names() const { return ids_of(labor); }

std::string trust_flags(const Source& source, const std::string& today) {
  std::vector<std::string> flags;
  if (!source.verified) flags.push_back("unverified");
  if (!source.deprecated.empty()) flags.push_back("deprecated " + source.deprecated);
  if (!source.sunset.empty()) {
    // ISO dates compare as text.
    flags.push_back(!today.empty() && source.sunset <= today ? "sunset (gone since " + source.sunset + ")"
                                                             : "sunset " + source.sunset);
  }
  std::string out;
  for (const auto& flag : flags) out += (out.empty() ? "" : "; ") + flag;
  return out;
}

std::string comparable_kind(const std::string& basis) {
  std::string wanted = lowercase(basis);
  if (wanted == "serverless" || wanted == "marketplace") return wanted;
  return "instance";
}

namespace {

// Cheapest first; ties broken by provider name so the choice never depends on file order.
bool cheaper(const GpuPrice* a, const GpuPrice* b) {
  return a->usd_per_gpu_hour < b->usd_per_gpu_hour ||
         (a->usd_per_gpu_hour == b->usd_per_gpu_hour && a->provider < b->provider);
}

}  // namespace

GpuPriceChoice choose_gpu_price(const Catalog& catalog, const std::string& gpu_id, const std::string& provider,
                                const std::string& basis) {
  std::string wanted_basis = basis.empty() ? "on_demand" : lowercase(basis);
  if (wanted_basis == "community") wanted_basis = "marketplace";  // the earlier name of the basis
  GpuPriceChoice choice;
  if (!provider.empty()) {
    for (const GpuPrice* price : catalog.prices_for(gpu_id)) {
      if (price->basis == wanted_basis && price->provider == lowercase(provider)) choice.price = price;
    }
    if (choice.price) choice.why = fmt::format("{} price of the provider the scenario names", choice.price->kind);
    return choice;
  }
  const std::string kind = comparable_kind(wanted_basis);
  std::vector<const GpuPrice*> same_kind;
  std::vector<const GpuPrice*> other_kinds;
  for (const GpuPrice* price : catalog.prices_for(gpu_id)) {
    if (price->basis != wanted_basis) continue;
    (price->kind == kind ? same_kind : other_kinds).push_back(price);
  }
  // A price nobody checked (verified: false) is chosen only when no checked one of that kind exists:
  // a recalled or second-hand figure should not undercut a sourced one by being lower.
  std::vector<const GpuPrice*> unverified;
  const auto drop_unverified = [&unverified](std::vector<const GpuPrice*>& prices) {
    if (std::none_of(prices.begin(), prices.end(), [](const GpuPrice* p) { return p->source.verified; })) return;
    for (const GpuPrice* p : prices) {
      if (!p->source.verified) unverified.push_back(p);
    }
    prices.erase(std::remove_if(prices.begin(), prices.end(), [](const GpuPrice* p) { return !p->source.verified; }),
                 prices.end());
  };
  drop_unverified(same_kind);
  std::sort(same_kind.begin(), same_kind.end(), cheaper);
  std::sort(other_kinds.begin(), other_kinds.end(), cheaper);
  std::sort(unverified.begin(), unverified.end(), cheaper);
  auto names = [](const std::vector<const GpuPrice*>& prices, bool with_kind) {
    std::vector<std::string> out;
    out.reserve(prices.size());
    for (const GpuPrice* p : prices) {
      out.push_back(with_kind ? fmt::format("{} {} ${:.2f}", p->provider, p->kind, p->usd_per_gpu_hour)
                              : fmt::format("{} ${:.2f}", p->provider, p->usd_per_gpu_hour));
    }
    return fmt::format("{}", fmt::join(out, ", "));
  };
  std::string not_compared =
      other_kinds.empty() ? "" : fmt::format("; not comparable, so not considered: {}", names(other_kinds, true));
  if (!unverified.empty()) not_compared += fmt::format("; unverified, so not considered: {}", names(unverified, false));
  const std::string basis_kind = basis_kind_text(wanted_basis, kind);
  if (!same_kind.empty()) {
    choice.price = same_kind.front();
    choice.why = fmt::format("cheapest {} price for {} of {} ({}){}", basis_kind, gpu_id, same_kind.size(),
                             names(same_kind, false), not_compared);
  } else if (!other_kinds.empty()) {
    choice.price = other_kinds.front();
    choice.other_kind = true;
    choice.why = fmt::format("no {} price for {}; cheapest of another kind: {} ({})", basis_kind, gpu_id,
                             choice.price->kind, names(other_kinds, true));
  }
  return choice;
}

std::string basis_kind_text(const std::string& basis, const std::string& kind) {
  return basis == kind || kind.empty() ? basis : fmt::format("{} {}", basis, kind);
}

const GpuPrice* select_gpu_price(const Catalog& catalog, const std::string& gpu_id, const std::string& provider,
                                 const std::string& basis) {
  return choose_gpu_price(catalog, gpu_id, provider, basis).price;
}

const DefaultValue& required_default(const Catalog& catalog, const std::string& id) {
  if (const DefaultValue* found = catalog.find_default(id)) return *found;
  throw std::logic_error("the catalog has no default '" + id + "' (data/defaults.json)");
}

}  // namespace ftcost
