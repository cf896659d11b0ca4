#include "ftcost/catalog/load.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "book_merger.hpp"
#include "ftcost/util/date.hpp"
#include "ftcost/util/suggest.hpp"
#include "ftcost/util/text.hpp"

namespace ftcost {

namespace {

using detail::EntryFields;
using nlohmann::json;

// The value of field `name`, or null when absent. Readers ask ~30 times per entry, mostly for
// fields that are absent: a scan of the entry's few names, comparing lengths first, does that with
// almost no string comparison (a look-up in a JSON object's std::map compared ~3 strings each).
const json* field(const EntryFields& fields, std::string_view name) {
  for (const auto& [field_name, value] : fields) {
    if (field_name == name) return value;
  }
  return nullptr;
}

// The source texts of the entries merged so far, shared: an imported book gives thousands of
// entries one source ("LiteLLM model_prices_and_context_window.json"), which is then one string.
class SourceTexts {
 public:
  SharedString share(const std::string& text) {
    if (recent_.str() != text) recent_ = SharedString(text);
    return recent_;
  }

 private:
  SharedString recent_;
};

// Reads fields of one catalog entry; every error names file:line and the entry's field.
class EntryReader {
 public:
  // Entry `index` of `section`; its pointer and name are only spelt out for an error.
  EntryReader(const Document& doc, const std::string& section, std::size_t index, const EntryFields& fields,
              SourceTexts& sources)
      : doc_(doc), section_(section), index_(index), fields_(fields), sources_(sources) {}

  bool has(std::string_view key) const { return find(key) != nullptr; }
  const json* find(std::string_view key) const { return field(fields_, key); }

  [[noreturn]] void fail(std::string_view key, const std::string& problem, const std::string& fix) const {
    // "peak_dense_tflops.bf16" names a nested value: locate it at /peak_dense_tflops/bf16.
    const std::string pointer = fmt::format("/{}/{}", section_, index_);
    const std::string name = fmt::format("{}[{}]", section_, index_);
    const std::string path(key);
    throw InputError(doc_.locate(key.empty() ? pointer : pointer + pointer_of_path(path).to_string()),
                     key.empty() ? name : name + "." + path, problem, fix);
  }

  void text(std::string_view key, std::string& out) const {
    const json* value = find(key);
    if (value == nullptr) return;
    if (!value->is_string()) fail(key, "expected text", "quote the value");
    out = value->get_ref<const std::string&>();
  }
  void lower_text(std::string_view key, std::string& out) const {
    text(key, out);
    lower_ascii(out);
  }
  // Absent leaves the value as it was: an overlay restates only the fields it changes.
  void number(std::string_view key, double& out, bool allow_zero = false) const {
    if (!has(key)) return;
    if (auto value = optional_number(key, allow_zero)) out = *value;
  }
  void integer(std::string_view key, int& out) const {
    if (auto value = optional_number(key, false)) out = whole(key, *value);
  }
  // Present-and-null clears the value; absent leaves it as it was.
  void optional(std::string_view key, std::optional<double>& out, bool allow_zero = true) const {
    if (!has(key)) return;
    if (find(key)->is_null()) {
      out.reset();
      return;
    }
    out = optional_number(key, allow_zero);
  }
  void optional_int(std::string_view key, std::optional<int>& out) const {
    std::optional<double> value;
    if (out) value = *out;
    optional(key, value, false);
    if (value)
      out = whole(key, *value);
    else
      out.reset();
  }
  void boolean(std::string_view key, bool& out) const {
    const json* value = find(key);
    if (value == nullptr) return;
    if (!value->is_boolean()) fail(key, "expected true or false", "write true or false");
    out = value->get<bool>();
  }
  void strings(std::string_view key, std::vector<std::string>& out) const {
    if (!has(key)) return;
    const json& value = *find(key);
    if (!value.is_array()) fail(key, "expected a list of names", "write [\"a\", \"b\"]");
    out.clear();
    for (const auto& item : value) {
      if (!item.is_string()) fail(key, "expected a list of names", "write [\"a\", \"b\"]");
      std::string name = item.get<std::string>();
      lower_ascii(name);
      out.push_back(std::move(name));
    }
  }
  void source(Source& out) const {
    // A new source makes the old note (about the old source) wrong: drop it unless restated.
    if (has("source") && !has("note")) out.note.clear();
    if (const json* given = find("source")) {
      if (!given->is_string()) fail("source", "expected text", "quote the value");
      out.text = sources_.share(given->get_ref<const std::string&>());
    }
    text("as_of", out.as_of);
    text("note", out.note);
    if (has("as_of_note")) {
      std::string extra;
      text("as_of_note", extra);
      out.note = out.note.empty() ? extra : out.note + "; " + extra;
    }
    if (has("as_of") && !is_iso_date(out.as_of)) {
      fail("as_of", fmt::format("'{}' is not an ISO date", out.as_of), "write YYYY-MM-DD");
    }
    if (has("verified")) {
      if (!find("verified")->is_boolean()) fail("verified", "expected true or false", "write verified: false");
      out.verified = find("verified")->get<bool>();
    }
    lifecycle_date("deprecated", out.deprecated);
    lifecycle_date("sunset", out.sunset);
  }
  // A lifecycle date: absent keeps it, null clears it.
  void lifecycle_date(std::string_view key, std::string& out) const {
    if (!has(key)) return;
    if (find(key)->is_null()) {
      out.clear();
      return;
    }
    text(key, out);
    if (!is_iso_date(out)) fail(key, fmt::format("'{}' is not an ISO date", out), "write YYYY-MM-DD, or null");
  }
  void require(std::initializer_list<const char*> keys) const {
    for (const char* key : keys) {
      if (!has(key)) fail(key, "is required for a new entry", fmt::format("add \"{}\"", key));
    }
  }
  // A changed number must not keep the old value's source and date: say where the new one comes from.
  void require_source_for_change() const {
    for (const char* key : {"source", "as_of"}) {
      if (!has(key)) {
        fail(key, "is required when a price book changes a value of an existing entry",
             fmt::format("add \"{}\" for the new value", key));
      }
    }
  }

 private:
  // Model dimensions and counts: whole, and small enough that products of two stay within an int.
  int whole(std::string_view key, double value) const {
    if (value > max_whole)
      fail(key, fmt::format("{:g} is too large", value), fmt::format("use at most {:g}", max_whole));
    if (value != std::floor(value)) fail(key, "expected a whole number", "drop the fraction");
    return static_cast<int>(value);
  }
  static constexpr double max_whole = 1e7;

 public:
  // Below this a positive catalog number is a typo, and dividing by it overflows.
  static constexpr double min_positive = 1e-9;
  [[noreturn]] void too_small(std::string_view key, double number) const {
    fail(key, fmt::format("{:g} is too small to be meant", number),
         fmt::format("use 0 or a value of at least {:g}", min_positive));
  }

 private:
  std::optional<double> optional_number(std::string_view key, bool allow_zero) const {
    const json* found = find(key);
    if (found == nullptr) return std::nullopt;  // an overlay may change some fields of an entry only
    const json& value = *found;
    // Only an optional field may be null (optional() clears it before coming here): a null price
    // read as absent left a new entry at $0, the cheapest offer of all.
    if (value.is_null()) fail(key, "expected a number, got nothing (null)", "write the value");
    if (!value.is_number()) fail(key, "expected a number", "write a plain number");
    const double number = value.get<double>();
    if (!std::isfinite(number) || number < 0 || (!allow_zero && number == 0)) {
      fail(key, fmt::format("{:g} is not allowed", number), allow_zero ? "use a value ≥ 0" : "use a value > 0");
    }
    if (number > 0 && number < min_positive) too_small(key, number);
    return number;
  }

  const Document& doc_;
  const std::string& section_;
  std::size_t index_;
  const EntryFields& fields_;
  SourceTexts& sources_;
};

void read_gpu(const EntryReader& r, GpuSpec& gpu, bool added) {
  if (added) r.require({"id", "memory_gb", "memory_bandwidth_gb_s", "peak_dense_tflops", "source", "as_of"});
  r.lower_text("id", gpu.id);
  r.strings("aliases", gpu.aliases);
  r.text("name", gpu.name);
  r.text("vendor", gpu.vendor);
  r.lower_text("architecture", gpu.architecture);
  r.lower_text("product_line", gpu.product_line);
  const auto& lines = gpu_product_lines();
  if (!gpu.product_line.empty() && std::find(lines.begin(), lines.end(), gpu.product_line) == lines.end()) {
    r.fail("product_line", fmt::format("unknown product line '{}'", gpu.product_line),
           suggestion_text(gpu.product_line, lines));
  }
  r.number("memory_gb", gpu.memory_gb);
  r.number("memory_bandwidth_gb_s", gpu.memory_bandwidth_gb_s);
  if (r.has("peak_dense_tflops")) {
    const json& peaks = *r.find("peak_dense_tflops");
    if (!peaks.is_object())
      r.fail("peak_dense_tflops", "expected a mapping of precision to TFLOP/s", "write {\"bf16\": 989}");
    for (const auto& [name, value] : peaks.items()) {
      // The catalog's own names only: a key is not a place for another spelling of a format.
      auto precision = parse_precision(name);
      if (!precision || to_string(*precision) != name)
        r.fail("peak_dense_tflops." + name, "unknown precision", "use fp32, tf32, fp16, bf16, fp8, int8, int4 or fp4");
      if (value.is_null()) {
        gpu.peak_dense_tflops.erase(*precision);
        continue;
      }
      if (!value.is_number() || !(value.get<double>() > 0) || !std::isfinite(value.get<double>())) {
        r.fail("peak_dense_tflops." + name, "expected a positive number or null", "write TFLOP/s, dense");
      }
      if (value.get<double>() < EntryReader::min_positive)
        r.too_small("peak_dense_tflops." + name, value.get<double>());
      gpu.peak_dense_tflops[*precision] = value.get<double>();
    }
  }
  if (r.has("interconnect") && r.find("interconnect")->is_object()) {
    const json& link = *r.find("interconnect");
    if (link.contains("kind") && link.at("kind").is_string())
      gpu.interconnect_kind = link.at("kind").get<std::string>();
    if (link.contains("gb_s") && link.at("gb_s").is_number()) gpu.interconnect_gb_s = link.at("gb_s").get<double>();
    if (link.contains("peers")) {
      const json& peers = link.at("peers");
      if (!peers.is_number_integer() || peers.get<long long>() < 2 || peers.get<long long>() > 1024) {
        r.fail("interconnect.peers", "expected a whole number of GPUs from 2 to 1024",
               "write how many GPUs one NVLink connection joins, e.g. 2 for a bridge");
      }
      gpu.interconnect_peers = static_cast<int>(peers.get<long long>());
    }
    if (link.contains("pcie_gb_s")) {
      const json& pcie = link.at("pcie_gb_s");
      if (!pcie.is_number() || !(pcie.get<double>() > 0) || !std::isfinite(pcie.get<double>())) {
        r.fail("interconnect.pcie_gb_s", "expected a positive number",
               "write the host PCIe link in GB/s, both directions");
      }
      gpu.pcie_gb_s = pcie.get<double>();
    }
  }
  r.number("tdp_w", gpu.tdp_w);
  r.lower_text("power_reference", gpu.power_reference);
  r.number("fp8_matmul_share", gpu.fp8_matmul_share);
  if (gpu.fp8_matmul_share > 1)
    r.fail("fp8_matmul_share", "is a share, at most 1",
           "give the fp8 matmuls' share of their peak over the bf16 ones' share of theirs, e.g. 0.889");
  r.source(gpu.source);
}

void read_gpu_price(const EntryReader& r, GpuPrice& price, bool added) {
  // The basis first: a misspelt basis makes a new entry, whose missing fields would hide the typo.
  r.lower_text("basis", price.basis);
  if (price.basis == "community") price.basis = "marketplace";  // the name before ftcost 0.x; same meaning
  const auto& bases = gpu_price_bases();
  if (std::find(bases.begin(), bases.end(), price.basis) == bases.end()) {
    r.fail("basis", fmt::format("unknown price basis '{}'", price.basis), suggestion_text(price.basis, bases));
  }
  r.lower_text("kind", price.kind);
  const auto& kinds = gpu_price_kinds();
  if (std::find(kinds.begin(), kinds.end(), price.kind) == kinds.end()) {
    r.fail("kind", fmt::format("unknown price kind '{}'", price.kind), suggestion_text(price.kind, kinds));
  }
  if (added) r.require({"gpu", "provider", "basis", "usd_per_gpu_hour", "source", "as_of"});
  r.lower_text("gpu", price.gpu);
  r.lower_text("provider", price.provider);
  // The provider is part of the price's key and what `training.provider` names: an empty one was
  // chosen as the default, nameless.
  if (price.provider.find_first_not_of(" \t") == std::string::npos) {
    r.fail("provider", "is empty", "name who sells the GPU-hour, e.g. runpod");
  }
  r.text("offering", price.offering);
  r.text("region", price.region);
  r.number("usd_per_gpu_hour", price.usd_per_gpu_hour);
  r.source(price.source);
}

void read_model(const EntryReader& r, ModelSpec& model, bool added) {
  if (added) r.require({"id", "params", "layers", "hidden_size", "source", "as_of"});
  r.lower_text("id", model.id);
  r.strings("aliases", model.aliases);
  r.text("family", model.family);
  r.number("params", model.params);
  r.optional("active_params", model.active_params, false);
  r.integer("layers", model.layers);
  r.integer("hidden_size", model.hidden_size);
  r.integer("intermediate_size", model.intermediate_size);
  r.integer("attention_heads", model.attention_heads);
  r.integer("kv_heads", model.kv_heads);
  r.integer("head_dim", model.head_dim);
  r.integer("vocab_size", model.vocab_size);
  r.integer("context_length", model.context_length);
  r.optional_int("experts", model.experts);
  r.optional_int("experts_per_token", model.experts_per_token);
  r.optional_int("moe_layers", model.moe_layers);
  r.optional_int("shared_expert_intermediate_size", model.shared_expert_intermediate_size);
  r.optional_int("dense_intermediate_size", model.dense_intermediate_size);
  r.optional_int("kv_cache_dim", model.kv_cache_dim);
  r.boolean("query_projected_directly", model.query_projected_directly);
  r.boolean("tied_embeddings", model.tied_embeddings);
  r.boolean("active_params_exclude_input_embedding", model.active_params_exclude_input_embedding);
  r.source(model.source);
}

void read_api(const EntryReader& r, ApiPrice& api, bool added) {
  if (added) r.require({"id", "usd_per_1m_input", "usd_per_1m_output", "source", "as_of"});
  r.lower_text("id", api.id);
  r.strings("aliases", api.aliases);
  r.lower_text("vendor", api.vendor);
  r.text("name", api.name);
  r.number("usd_per_1m_input", api.usd_per_1m_input, true);
  r.optional("usd_per_1m_cached_input", api.usd_per_1m_cached_input);
  r.number("usd_per_1m_output", api.usd_per_1m_output, true);
  r.source(api.source);
}

void read_finetune(const EntryReader& r, FinetunePrice& offer, bool added) {
  if (added) r.require({"id", "source", "as_of"});
  r.lower_text("id", offer.id);
  r.strings("aliases", offer.aliases);
  r.lower_text("vendor", offer.vendor);
  r.lower_text("base_model", offer.base_model);
  r.optional("params_above", offer.params_above);
  r.optional("params_up_to", offer.params_up_to);
  r.optional("usd_per_1m_training_tokens", offer.usd_per_1m_training_tokens);
  r.optional("usd_per_1m_input", offer.usd_per_1m_input);
  r.optional("usd_per_1m_cached_input", offer.usd_per_1m_cached_input);
  r.optional("usd_per_1m_output", offer.usd_per_1m_output);
  r.optional("hosting_usd_per_hour", offer.hosting_usd_per_hour);
  r.lower_text("hosting_gpu", offer.hosting_gpu);
  r.optional("min_charge_usd", offer.min_charge_usd);
  r.source(offer.source);
}

void read_labor(const EntryReader& r, LaborRate& rate, bool added) {
  if (added) r.require({"id", "usd_per_hour", "source", "as_of"});
  r.lower_text("id", rate.id);
  r.text("name", rate.name);
  r.number("usd_per_hour", rate.usd_per_hour);
  r.text("basis", rate.basis);
  r.source(rate.source);
}

void read_gpu_vm(const EntryReader& r, GpuVm& vm, bool added) {
  if (added) r.require({"provider", "instance_type", "gpu", "source", "as_of"});
  r.lower_text("provider", vm.provider);
  r.text("instance_type", vm.instance_type);
  r.lower_text("gpu", vm.gpu);
  std::optional<double> gpus;  // absent: only the GPU model is documented
  r.optional("gpus", gpus, false);
  if (gpus) vm.gpus = *gpus;
  r.source(vm.source);
}

// What the models can take for each default they use; a price book that changes one is checked here,
// where its file and line are known. Counts are whole numbers; shares and efficiencies lie in (0, 1],
// multipliers in (0, 2].
struct DefaultRange {
  const char* id_prefix;
  double min;  // exclusive, unless min_inclusive
  double max;  // inclusive
  bool whole;
  bool min_inclusive = false;
};
constexpr DefaultRange default_ranges[] = {
    {"training.mfu.", 0, 1, false},
    // A share of the fused kernel's rate: 1 is the fused kernel; none measured comes near a twentieth.
    {"training.flash_attention_2_rate.", 0.05, 1, false},
    {"training.moe_efficiency", 0, 1, false},
    {"training.host_link_gb_s", 0, 1e6, false},
    {"training.cpu_optimizer_gb_s", 0, 1e6, false},
    {"training.low_memory_state_bytes_per_param", 0, 1e3, false},
    {"training.low_memory_step_bytes", 0, 1e3, false},
    {"training.network_gb_s_per_gpu", 0, 1e6, false},
    {"training.max_micro_batch", 0, 1024, true},
    {"training.tokens_per_step_per_gpu", 0, 1e9, false},
    {"training.multi_node_efficiency", 0, 1, false},
    {"training.gpus_per_node", 0, 1024, true},
    {"training.max_gpus", 0, 1e6, true},
    {"training.memory_usable_share", 0, 1, false},
    {"gpu.power_scaling_exponent", 0, 1, false},  // 1: energy per operation fixed, the physical bound
    {"gpu.fp8_matmul_share", 0, 1, false},
    {"serving.bandwidth_efficiency", 0, 1, false},
    {"serving.compute_efficiency", 0, 1, false},
    {"serving.tensor_parallel_efficiency", 0, 1, false},
    {"serving.allreduce_base_latency_us", 0, 1e6, false},
    {"serving.allreduce_hop_latency_us.", 0, 1e6, false},
    {"serving.memory_usable_share", 0, 1, false},
    {"serving.max_batch", 0, 1e6, true},
    {"serving.max_batch_large_gpu", 0, 1e6, true},
    {"serving.max_batch_large_gpu_min_gb", 0, 1e6, false},
    {"serving.scale_to_zero_min_billed_s", 0, 86400, true},
    {"serving.cold_start_fixed_s", 0, 86400, true},
    {"serving.cold_start_load_gb_s", 0, 1e6, false},
    {"serving.cross_node_allreduce_latency_us", 0, 1e6, true},
    {"serving.layer_overhead_ms", 0, 10, false, true},    // 0 switches it off
    {"serving.api_server_share.", 0, 0.95, false, true},  // 0 switches it off
    {"calibration.model_match_tolerance", 0, 1, false},
    {"data.cleaning_hours_per_1k_examples", 0, 1e6, false, true},
    {"data.annotation_share", 0, 1, false, true},
    {"data.annotation_minutes_per_example", 0, 1e4, false, true},
    {"data.annotation_review_share", 0, 1, false, true},
    {"data.pipeline_engineering_hours", 0, 1e6, false, true},
    {"data.refresh_share", 0, 1, false, true},
    {"training.epochs", 0, 1000, false},
    {"training.hyperparameter_trials", 0, 10000, false},
    {"training.validation_overhead", 0, 10, false, true},
    {"training.checkpoints_kept", 0, 1e6, false, true},
    {"training.engineering_hours", 0, 1e6, false, true},
    {"hosting.peak_factor", 1, 1000, false, true},
    {"hosting.max_ms_per_output_token", 0, 1e6, false},
    {"hosting.target_utilization", 0, 1, false},
    {"hosting.ops_fte", 0, 1000, false, true},
    {"finetune.engineering_hours", 0, 1e6, false, true},
    {"calibration.moe_shared_share_cap", 0, 1, false},
    {"model.head_dim", 0, 4096, true},
    {"model.vocab_size", 0, 1e7, true},
    {"calibration.hidden_per_layer", 0, 1e5, false},
    {"calibration.hidden_per_layer_exponent", -1, 1, false, true},
    {"calibration.moe_kv_heads", 0, 1024, true},
    {"calibration.seq_len_cap", 0, 1e7, true},
    {"calibration.default_context", 0, 1e7, true},
    {"calibration.run_days", 0, 3650, false},
    {"calibration.input_tokens", 0, 1e7, true},
    {"calibration.output_tokens", 0, 1e7, true},
    {"calibration.max_plausible_mfu", 0, 1, false},
    {"calibration.moe_match_tolerance", 0, 1, false},
};

// A range covers its id, the ids under it ("serving.compute_efficiency.h100"), and every id of a family
// written with a trailing dot ("training.mfu."); never a longer name ("…hidden_per_layer_exponent").
bool range_covers(std::string_view range_id, std::string_view id) {
  if (id.rfind(range_id, 0) != 0) return false;
  return id.size() == range_id.size() || range_id.back() == '.' || id[range_id.size()] == '.';
}

void check_default_range(const EntryReader& r, const DefaultValue& value) {
  for (const auto& range : default_ranges) {
    if (!range_covers(range.id_prefix, value.id)) continue;
    const bool whole_ok = !range.whole || value.value == std::floor(value.value);
    const bool above_min = range.min_inclusive ? value.value >= range.min : value.value > range.min;
    if (above_min && value.value <= range.max && whole_ok) return;
    r.fail("value", fmt::format("{:g} is not a usable value for {}", value.value, value.id),
           fmt::format("use {}a value {} {:g} and at most {:g}", range.whole ? "a whole number, " : "",
                       range.min_inclusive ? "of at least" : "above", range.min, range.max));
  }
}

void read_default(const EntryReader& r, DefaultValue& value, bool added) {
  if (added) r.require({"id", "value", "source", "as_of"});
  r.text("id", value.id);
  r.number("value", value.value, true);
  check_default_range(r, value);
  r.text("unit", value.unit);
  r.text("description", value.description);
  r.optional("prior", value.prior, false);
  r.source(value.source);
}

std::string lowered(const EntryFields& fields, const char* key) {
  const json* found = field(fields, key);
  if (found == nullptr || !found->is_string()) return {};
  std::string text = found->get<std::string>();
  lower_ascii(text);
  return text;
}

// Numbers (prices, sizes), mappings of numbers and nulls (clearing a price) are values with a source;
// names, aliases and notes are not.
bool changes_a_value(const EntryFields& item) {
  for (const auto& [key, value] : item) {
    if (value->is_number() || value->is_null() || value->is_object()) return true;
  }
  return false;
}

// An overlay may name an existing entry by an alias; the entry keeps its id.
template <typename Entry>
void keep_identity(Entry& entry, const Entry& before) {
  if constexpr (requires { entry.aliases; }) entry.id = before.id;
  if constexpr (requires { entry.gpu; }) entry.gpu = before.gpu;
}

// Where an entry's numbers come from, which every section's entries carry.
std::vector<std::string> with_provenance(std::vector<std::string> keys) {
  keys.insert(keys.end(), {"source", "as_of", "as_of_note", "note", "verified", "deprecated", "sunset"});
  return keys;
}

std::vector<std::string> model_entry_keys() {
  std::vector<std::string> keys = {"id", "aliases", "family"};
  keys.insert(keys.end(), model_dimension_keys().begin(), model_dimension_keys().end());
  return with_provenance(std::move(keys));
}

// The fields an entry of each section may have: a misspelt field is an error, not silently ignored.
const std::vector<std::string>& fields_of(const std::string& section) {
  static const std::map<std::string, std::vector<std::string>> fields = {
      {"gpus", with_provenance({"id", "aliases", "name", "vendor", "architecture", "product_line", "memory_gb",
                                "memory_bandwidth_gb_s", "peak_dense_tflops", "interconnect", "tdp_w",
                                "power_reference", "fp8_matmul_share"})},
      {"gpu_prices", with_provenance({"gpu", "provider", "offering", "region", "basis", "kind", "usd_per_gpu_hour"})},
      {"models", model_entry_keys()},
      {"apis", with_provenance({"id", "aliases", "vendor", "name", "usd_per_1m_input", "usd_per_1m_cached_input",
                                "usd_per_1m_output"})},
      {"finetune", with_provenance({"id", "aliases", "vendor", "base_model", "params_above", "params_up_to",
                                    "usd_per_1m_training_tokens", "usd_per_1m_input", "usd_per_1m_cached_input",
                                    "usd_per_1m_output", "hosting_usd_per_hour", "hosting_gpu", "min_charge_usd"})},
      {"labor", with_provenance({"id", "name", "usd_per_hour", "basis"})},
      {"defaults", with_provenance({"id", "value", "unit", "description", "prior"})},
      {"gpu_vms", with_provenance({"provider", "instance_type", "gpu", "gpus"})},
  };
  return fields.at(section);
}

// Merges the entries of one section, one at a time (so that a price book read as a stream needs no
// tree): `entries` indexed by key once, each new entry appended, an existing one changed in place.
template <typename Entry, typename Read, typename Key>
class SectionMerge {
 public:
  SectionMerge(const Document& doc, const std::string& section, std::vector<Entry>& entries, Read read, Key key_of,
               std::size_t expected)
      : doc_(doc),
        section_(section),
        entries_(entries),
        read_(read),
        key_of_(std::move(key_of)),
        allowed_(fields_of(section)) {
    // Entries by key, built once: the shipped catalog merges hundreds of entries at every start.
    index_.reserve(entries.size() + expected);
    for (std::size_t i = 0; i < entries.size(); ++i) index_.emplace(key_of_(entries[i]), i);
    entries.reserve(entries.size() + expected);
  }

  // Entry `i` of the section, an object.
  void add(std::size_t i, const EntryFields& item) {
    EntryReader reader(doc_, section_, i, item, sources_);
    for (const auto& [name, value] : item) {
      if (std::find(allowed_.begin(), allowed_.end(), name) == allowed_.end()) {
        const std::string unknown(name);
        reader.fail(unknown, "unknown field", suggestion_text(unknown, allowed_));
      }
    }
    const std::string key = key_of_(item);
    if (key.empty()) reader.fail("", "has no id", "add \"id\" (for GPU prices: gpu, provider and basis)");
    auto [position, added] = index_.try_emplace(key, entries_.size());
    if (added) entries_.emplace_back();
    Entry& entry = entries_[position->second];
    std::optional<Entry> before;  // an entry the overlay changes, as it was
    if (!added) before = entry;
    try {
      read_(reader, entry, added);  // type and range errors first: they point at the faulty line
      if (before) {
        if (changes_a_value(item)) reader.require_source_for_change();
        keep_identity(entry, *before);
      }
    } catch (...) {
      // No half-read entry stays behind (entries merged before this one stay: the CLI stops on the error).
      if (added) {
        index_.erase(position);
        entries_.pop_back();
      } else {
        entry = *before;
      }
      throw;
    }
  }

 private:
  const Document& doc_;
  const std::string& section_;
  std::vector<Entry>& entries_;
  Read read_;
  Key key_of_;
  const std::vector<std::string>& allowed_;
  std::unordered_map<std::string, std::size_t> index_;
  SourceTexts sources_;
};

std::string id_of(const EntryFields& fields) { return lowered(fields, "id"); }

// An id in the overlay that is an alias of an existing entry names that entry.
template <typename Entries>
auto by_id_in(const Entries& entries) {
  // Ids and aliases indexed as the merge appends entries, so that a price book of thousands of
  // new entries does not compare each with all before it. A matched entry may be given other
  // aliases by the merge: the next look-up indexes everything again only if it was (re-indexing
  // on every match made a book updating 29 of LiteLLM's 2,173 prices rebuild the index 29 times).
  struct Index {
    std::unordered_map<std::string, std::size_t> ids;          // id → position in entries
    std::unordered_map<std::string, std::string> alias_to_id;  // the first entry with an alias wins
    std::size_t indexed = 0;
    std::optional<std::size_t> matched;  // the entry the last look-up found, and its aliases then
    std::vector<std::string> matched_aliases;
  };
  auto index = std::make_shared<Index>();
  return [&entries, index](const auto& entry_or_json) {
    if constexpr (std::is_same_v<std::decay_t<decltype(entry_or_json)>, EntryFields>) {
      if (index->matched) {
        const std::size_t at = *index->matched;
        if (at >= entries.size() || entries[at].aliases != index->matched_aliases) *index = Index{};
        index->matched.reset();
      }
      for (; index->indexed < entries.size(); ++index->indexed) {
        const auto& entry = entries[index->indexed];
        index->ids.emplace(entry.id, index->indexed);
        for (const auto& alias : entry.aliases) index->alias_to_id.emplace(alias, entry.id);
      }
      auto watch = [&](const std::string& id) {
        const auto at = index->ids.find(id);
        if (at == index->ids.end()) return;
        index->matched = at->second;
        index->matched_aliases = entries[at->second].aliases;
      };
      std::string id = id_of(entry_or_json);
      if (index->ids.count(id) != 0) {
        watch(id);
        return id;
      }
      if (const auto found = index->alias_to_id.find(id); found != index->alias_to_id.end()) {
        watch(found->second);
        return found->second;
      }
      return id;
    } else {
      return entry_or_json.id;
    }
  };
}

// GPU prices match on the GPU's id even when the overlay names it by an alias ("h100").
std::string gpu_id_in(const Catalog& catalog, const std::string& name) {
  const GpuSpec* gpu = catalog.find_gpu(name);
  return gpu ? gpu->id : name;
}

auto price_key_in(const Catalog& catalog) {
  return [&catalog](const auto& entry_or_json) {
    if constexpr (std::is_same_v<std::decay_t<decltype(entry_or_json)>, EntryFields>) {
      const std::string gpu = lowered(entry_or_json, "gpu");
      if (gpu.empty()) return std::string();
      std::string basis = lowered(entry_or_json, "basis");
      if (basis == "community") basis = "marketplace";
      return gpu_id_in(catalog, gpu) + "@" + lowered(entry_or_json, "provider") + "/" + basis;
    } else {
      return entry_or_json.gpu + "@" + entry_or_json.provider + "/" + entry_or_json.basis;
    }
  };
}

auto default_key = [](const auto& entry_or_json) {
  if constexpr (std::is_same_v<std::decay_t<decltype(entry_or_json)>, EntryFields>) {
    const json* id = field(entry_or_json, "id");
    return id != nullptr && id->is_string() ? id->template get<std::string>() : std::string();
  } else {
    return entry_or_json.id;
  }
};
auto gpu_vm_key = [](const auto& entry_or_json) {
  if constexpr (std::is_same_v<std::decay_t<decltype(entry_or_json)>, EntryFields>) {
    const std::string type = lowered(entry_or_json, "instance_type");
    return type.empty() ? type : lowered(entry_or_json, "provider") + "/" + type;
  } else {
    return entry_or_json.provider + "/" + lowercase(entry_or_json.instance_type);
  }
};
auto labor_key = [](const auto& entry_or_json) {
  if constexpr (std::is_same_v<std::decay_t<decltype(entry_or_json)>, EntryFields>)
    return id_of(entry_or_json);
  else
    return entry_or_json.id;
};

template <typename Entry, typename Read, typename Key>
std::function<void(std::size_t, const EntryFields&)> section_merge(const Document& doc, const std::string& section,
                                                                   std::vector<Entry>& entries, Read read, Key key_of,
                                                                   std::size_t expected) {
  auto merge =
      std::make_shared<SectionMerge<Entry, Read, Key>>(doc, section, entries, read, std::move(key_of), expected);
  return [merge](std::size_t i, const EntryFields& item) { merge->add(i, item); };
}

}  // namespace

namespace detail {

const std::vector<std::string>& book_sections() {
  static const std::vector<std::string> sections = {"format", "note",     "gpus",  "gpu_prices", "models",
                                                    "apis",   "finetune", "labor", "defaults",   "gpu_vms"};
  return sections;
}

BookMerger::BookMerger(Catalog& catalog, const Document& doc) : catalog_(catalog), doc_(doc) {}

void BookMerger::begin(const std::string& section, std::size_t expected) {
  section_ = section;
  Catalog& c = catalog_;
  if (section == "gpus")
    add_ = section_merge(doc_, section_, c.gpus.edit(), read_gpu, by_id_in(c.gpus), expected);
  else if (section == "gpu_prices")
    add_ = section_merge(doc_, section_, c.gpu_prices.edit(), read_gpu_price, price_key_in(c), expected);
  else if (section == "models")
    add_ = section_merge(doc_, section_, c.models.edit(), read_model, by_id_in(c.models), expected);
  else if (section == "apis")
    add_ = section_merge(doc_, section_, c.apis.edit(), read_api, by_id_in(c.apis), expected);
  else if (section == "finetune")
    add_ = section_merge(doc_, section_, c.finetunes.edit(), read_finetune, by_id_in(c.finetunes), expected);
  else if (section == "labor")
    add_ = section_merge(doc_, section_, c.labor.edit(), read_labor, labor_key, expected);
  else if (section == "defaults")
    add_ = section_merge(doc_, section_, c.defaults.edit(), read_default, default_key, expected);
  else if (section == "gpu_vms")
    add_ = section_merge(doc_, section_, c.gpu_vms.edit(), read_gpu_vm, gpu_vm_key, expected);
  else
    throw std::logic_error("not a section of entries: " + section);
}

void BookMerger::add(std::size_t index, const json& object) {
  fields_.clear();
  for (const auto& [name, value] : object.get_ref<const json::object_t&>()) fields_.push_back({name, &value});
  add_(index, fields_);
}

void BookMerger::add(std::size_t index, const EntryFields& entry) { add_(index, entry); }

// Each GPU's power_reference, by then merged, lends it that part's tensor rates per watt; an
// unknown or powerless reference lends none (`ftcost catalog validate` reports it). The exponent is a default,
// so a book that changes either section resolves them again.
void resolve_power_references(Catalog& catalog) {
  const DefaultValue* exponent_default = catalog.find_default("gpu.power_scaling_exponent");
  const double exponent = exponent_default ? exponent_default->value : 1.0;
  std::vector<std::pair<std::size_t, std::map<Precision, double>>> rates;
  for (std::size_t i = 0; i < catalog.gpus.size(); ++i) {
    const GpuSpec& gpu = catalog.gpus[i];
    std::map<Precision, double> per_watt;
    if (!gpu.power_reference.empty()) {
      const GpuSpec* reference = catalog.find_gpu(gpu.power_reference);
      if (reference && reference->tdp_w > 0) {
        for (const auto& [precision, tflops] : reference->peak_dense_tflops)
          per_watt[precision] = tflops / reference->tdp_w;
      }
    }
    if (per_watt != gpu.reference_tflops_per_w || gpu.power_exponent != exponent)
      rates.emplace_back(i, std::move(per_watt));
  }
  if (rates.empty()) return;  // the section stays shared with the catalog it was copied from
  auto& gpus = catalog.gpus.edit();
  for (auto& [i, per_watt] : rates) {
    gpus[i].reference_tflops_per_w = std::move(per_watt);
    gpus[i].power_exponent = exponent;
  }
}

void BookMerger::end() {
  add_ = nullptr;
  if (section_ == "gpu_prices") {
    for (auto& price : catalog_.gpu_prices) price.gpu = gpu_id_in(catalog_, price.gpu);
  }
  if (section_ == "gpus" || section_ == "defaults") resolve_power_references(catalog_);
}

}  // namespace detail

void merge_catalog(Catalog& catalog, const Document& doc) {
  if (!doc.root.is_object()) {
    throw InputError(doc.locate(""), "(top level)", "a price book must be a mapping",
                     "start with `format: ftcost-catalog/1`");
  }
  const auto& sections = detail::book_sections();
  for (const auto& [key, value] : doc.root.items()) {
    if (std::find(sections.begin(), sections.end(), key) == sections.end()) {
      throw InputError(doc.locate(child_pointer("", key)), key, "unknown section", suggestion_text(key, sections));
    }
  }
  if (!doc.root.contains("format") || doc.root.at("format") != "ftcost-catalog/1") {
    throw InputError(doc.locate("/format"), "format", "must be \"ftcost-catalog/1\"", "add `format: ftcost-catalog/1`");
  }
  // Merged into a copy (its sections stay shared until edited), so a book refused at its tenth entry
  // leaves `catalog` as it was, not with nine entries merged.
  Catalog merged = catalog;
  detail::BookMerger merger(merged, doc);
  for (std::size_t s = detail::first_entry_section; s < sections.size(); ++s) {
    const std::string& section = sections[s];
    if (!doc.root.contains(section)) continue;
    const json& items = doc.root.at(section);
    const std::string pointer = child_pointer("", section);
    if (!items.is_array()) {
      throw InputError(doc.locate(pointer), section, "expected a list of entries", "write [ {...}, {...} ]");
    }
    merger.begin(section, items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (!items[i].is_object()) {
        throw InputError(doc.locate(fmt::format("{}/{}", pointer, i)), fmt::format("{}[{}]", section, i),
                         "expected an entry {…}", "write a mapping of fields");
      }
      merger.add(i, items[i]);
    }
    merger.end();
  }
  catalog = std::move(merged);
}

// shipped_catalog() is generated at build time from data/*.json (tools/catalog-codegen.cpp);
// catalog_with_overlays() is in overlays.cpp, since it needs it.

std::vector<std::string> overlay_paths_from_env(const char* value) {
  std::vector<std::string> paths;
  if (!value) return paths;
  const std::string text = value;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t colon = std::min(text.find(':', start), text.size());
    if (colon > start) paths.push_back(text.substr(start, colon - start));
    start = colon + 1;
  }
  return paths;
}

}  // namespace ftcost
