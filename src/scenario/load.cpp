#include "ftcost/scenario/load.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <stdexcept>

#include "ftcost/catalog/load.hpp"
#include "ftcost/scenario/assumptions.hpp"
#include "ftcost/scenario/field_reader.hpp"
#include "ftcost/scenario/resolve.hpp"
#include "ftcost/util/quantity.hpp"
#include "ftcost/util/suggest.hpp"
#include "ftcost/util/text.hpp"

namespace ftcost {

namespace {

using ranges::non_negative;
using ranges::positive;
using ranges::share;

// Writes a sampled value into one Scenario member (for fields given as ranges).
#define FTCOST_SET(member) [](Scenario& s, double v) { s.member = v; }

using ranges::months;
using ranges::tokens;
using ranges::whole_gpus;

PriceRef catalog_ref(const std::string& id, const Source& source) { return {id, source.text, source.as_of}; }
PriceRef scenario_ref(const FieldReader& r, const std::string& key) {
  return {"scenario", fmt::format("{} in {}", r.path(key), r.document().file), ""};
}
PriceRef default_ref(const DefaultValue& value) {
  return {"default:" + value.id, value.source.text, value.source.as_of};
}

class Loader {
 public:
  Loader(const Document& doc, const Catalog& catalog) : doc_(doc), catalog_(catalog) {}

  Scenario load() {
    FieldReader top(doc_, "", "", applied_,
                    {"version", "name", "horizon_months", "price_book", "data", "model", "training", "hosting",
                     "alternatives", "budget", "decision"},
                    &s_.uncertain);
    if (!doc_.root.is_object())
      top.fail("", "a scenario must be a mapping of sections", "start from `ftcost init` or examples/");
    const double version = top.required_number("version", positive, "1");
    if (version != scenario_format_version) {
      top.fail("version", fmt::format("version {:g} is not supported", version),
               fmt::format("this ftcost reads version {}", scenario_format_version));
    }
    s_.file = doc_.file;
    s_.name = top.text("name", std::filesystem::path(doc_.file).stem().string(), "the file name");
    s_.horizon_months =
        top.number("horizon_months", 24, months, "a two-year planning horizon", FTCOST_SET(horizon_months));
    for (const char* section : {"data", "model", "training", "hosting"}) {
      if (!top.has(section))
        top.fail(section, "this section is required", fmt::format("add a `{}:` section (see examples/)", section));
    }
    read_data(top);
    read_model(top);
    read_training(top);
    read_hosting(top);
    read_alternatives(top);
    assign_option_ids(s_);
    read_budget(top);
    read_decision(top);
    // Everything that defaults to another field, from the values just read: the step every override repeats.
    derive_defaults(s_);
    s_.defaults_applied = AppliedDefaults(std::move(applied_));
    s_.price_facts = PriceFacts(std::move(facts_));
    return std::move(s_);
  }

 private:
  std::vector<AppliedDefault> applied_;
  std::vector<PriceFact> facts_;

  // Remembers what a line's PriceRef cannot carry; the first record of an id wins.
  void note_fact(PriceFact fact, const Source& source) {
    for (const auto& known : facts_) {
      if (known.id == fact.id) return;
    }
    fact.verified = source.verified;
    fact.deprecated = source.deprecated;
    fact.sunset = source.sunset;
    facts_.push_back(std::move(fact));
  }

  const DefaultValue& need_default(const std::string& id) { return required_default(catalog_, id); }

  // A planning default a scenario may leave out: its value and reason are data (data/defaults.json),
  // so a price book can set a team's own; defaults_applied names the entry.
  double planned(FieldReader& r, const std::string& key, const std::string& id, const Range& range, const Setter& set) {
    const DefaultValue& value = need_default(id);
    return r.number(key, value.value, range, fmt::format("{} [{}]", value.description, value.id), set);
  }

  double default_value(FieldReader& r, const std::string& key, const std::string& default_id, const Range& range,
                       const Setter& set = {}) {
    if (r.has(key)) return r.required_number(key, range, "", set);
    const DefaultValue& value = need_default(default_id);
    r.note_default_number(key, value.value, fmt::format("{} ({})", value.description, value.source.text), value.unit);
    return value.value;
  }

  Rate rate(FieldReader& r, const std::string& key, const std::string& default_role, const Setter& set = {}) {
    const nlohmann::json* value = r.raw(key);
    if (value && !value->is_string()) {
      return {r.required_number(key, positive, "45", set), scenario_ref(r, key)};
    }
    if (value && value->is_string() && parse_quantity(value->get<std::string>()).value) {
      return {r.required_number(key, positive, "45", set), scenario_ref(r, key)};
    }
    const std::string role = value ? value->get<std::string>() : default_role;
    const LaborRate* found = catalog_.find_labor(role);
    if (!found) {
      r.fail(key, fmt::format("unknown labour role '{}'", role),
             suggestion_text(role, catalog_.labor_names()) + ", or an hourly rate in USD");
    }
    if (!value) {
      r.note_default_priced(key, found->id, found->usd_per_hour, "hour",
                            fmt::format("{} (${:.2f}/h)", found->id, found->usd_per_hour), found->basis);
    }
    note_fact({.id = "labor:" + found->id}, found->source);
    return {found->usd_per_hour, catalog_ref("labor:" + found->id, found->source)};
  }

  const ApiPrice& api_named(FieldReader& r, const std::string& key, const std::string& fallback) {
    const std::string name = r.text(key, fallback, "a low-cost general model");
    const ApiPrice* api = catalog_.find_api(name);
    if (!api) r.fail(key, fmt::format("unknown API model '{}'", name), suggestion_text(name, catalog_.api_names()));
    note_fact({.id = api->id + ":"}, api->source);
    return *api;
  }

  // A GPU is a catalog name, or a mapping with explicit specs (optionally starting from a catalog
  // `name`). `fallback` is used when the field is absent.
  GpuSpec gpu_field(FieldReader& r, const std::string& key, const GpuSpec& fallback, const std::string& why) {
    const nlohmann::json* value = r.raw(key);
    if (!value) {
      r.note_default(key, fallback.id, why);
      return fallback;
    }
    if (!value->is_object()) return gpu_named(r, key, *r.optional_text(key));
    FieldReader g = r.child(key, {"name", "memory_gb", "memory_bandwidth_gb_s", "peak_tflops", "architecture",
                                  "product_line", "power_limit_w", "fp8_matmul_share"});
    GpuSpec gpu;
    if (g.has("name")) {
      gpu = gpu_named(g, "name", *g.optional_text("name"));
    } else {
      for (const char* required : {"memory_gb", "memory_bandwidth_gb_s", "peak_tflops"}) {
        if (!g.has(required))
          g.fail(required, "is required for a GPU not in the catalog",
                 "give its datasheet value, or `name:` a catalog GPU");
      }
      gpu.id = "custom-gpu";
      gpu.name = "custom GPU";
      gpu.source = {"scenario " + doc_.file, "", ""};
    }
    if (auto v = g.optional_number("memory_gb", Range{0.001, 100000, true, "GB of memory, e.g. 80"}))
      gpu.memory_gb = *v;
    if (auto v = g.optional_number("memory_bandwidth_gb_s", Range{1, 1e6, true, "GB/s, e.g. 3350"}))
      gpu.memory_bandwidth_gb_s = *v;
    // Lower-cased as the catalog's are: the defaults it picks are named so (training.mfu.hopper).
    if (auto arch = g.optional_text("architecture")) gpu.architecture = lowercase(trimmed(*arch));
    if (auto line = g.optional_text("product_line")) {
      const auto& lines = gpu_product_lines();
      if (std::find(lines.begin(), lines.end(), *line) == lines.end())
        g.fail("product_line", fmt::format("unknown product line '{}'", *line), suggestion_text(*line, lines));
      gpu.product_line = *line;
    }
    if (auto v = g.optional_number("power_limit_w", Range{1, 10000, true, "watts per GPU, e.g. 500"})) {
      if (const std::string problem = power_limit_problem(gpu, *v); !problem.empty()) {
        g.fail("power_limit_w", problem,
               gpu.tdp_w <= 0 ? "name a catalog GPU (`name: h100-sxm`), or give its peak_tflops at that power instead"
                              : fmt::format("give a limit from {:g} W up to below {:g} W, or leave it out",
                                            gpu.tdp_w / 4, gpu.tdp_w));
      }
      gpu.power_limit_w = *v;
    }
    if (g.has("peak_tflops")) {
      const nlohmann::json& peaks = *g.raw("peak_tflops");
      if (!peaks.is_object())
        g.fail("peak_tflops", "expected a mapping of precision to dense TFLOP/s", "write {bf16: 989, fp8: 1979}");
      std::vector<std::string> keys;
      for (const auto& [name, _] : peaks.items()) keys.push_back(name);
      FieldReader p = g.child("peak_tflops", {"fp32", "tf32", "fp16", "bf16", "fp8", "int8", "int4", "fp4"});
      for (const auto& name : keys) {
        const Precision precision = *parse_precision(name);
        gpu.peak_dense_tflops[precision] =
            p.required_number(name, Range{0.001, 1e6, true, "dense TFLOP/s, e.g. 989"}, "989");
        // A peak written is what the GPU runs at: no ceiling from the catalog's full-power part for it.
        gpu.reference_tflops_per_w.erase(precision);
      }
    }
    fp8_share_field(g, gpu);
    return gpu;
  }

  // The share of its fp8 peak an fp8 recipe's gradient GEMMs reach: the catalog part's measured one,
  // the mapping's own, or for a GPU given only by its specs the measured parts' median — datasheet
  // peaks alone would overstate those GEMMs as they would a catalog part's. Only an fp8 peak uses it.
  void fp8_share_field(FieldReader& g, GpuSpec& gpu) {
    const bool has_fp8 = gpu.peak_tflops(Precision::fp8).has_value();
    if (g.has("fp8_matmul_share")) {
      if (!has_fp8)
        g.fail("fp8_matmul_share", "is set, but the GPU has no fp8 peak", "give peak_tflops.fp8, or drop it");
      gpu.fp8_matmul_share =
          *g.optional_number("fp8_matmul_share", Range{0, 1, false, "a share above 0, at most 1, e.g. 0.889"});
    } else if (!g.has("name") && has_fp8) {
      const DefaultValue& median_share = need_default("gpu.fp8_matmul_share");
      gpu.fp8_matmul_share = median_share.value;
      g.note_default_number("fp8_matmul_share", median_share.value,
                            fmt::format("the measured parts' median [{}]", median_share.id));
    }
  }

  const GpuSpec& gpu_named(FieldReader& r, const std::string& key, const std::string& name) {
    const GpuSpec* gpu = catalog_.find_gpu(name);
    if (!gpu) r.fail(key, fmt::format("unknown GPU '{}'", name), suggestion_text(name, catalog_.gpu_names()));
    return *gpu;
  }

  UnitPrice gpu_price(FieldReader& r, const GpuSpec& gpu, const Setter& set) {
    if (r.has("usd_per_gpu_hour")) {
      return {r.required_number("usd_per_gpu_hour", positive, "2.5", set), scenario_ref(r, "usd_per_gpu_hour")};
    }
    const std::string provider = r.optional_text("provider").value_or("");
    const std::string basis = r.text("price_basis", "on_demand", "pay-as-you-go prices");
    const GpuPriceChoice choice = choose_gpu_price(catalog_, gpu.id, provider, basis);
    const GpuPrice* price = choice.price;
    if (!price) {
      std::vector<std::string> offered;
      for (const GpuPrice* p : catalog_.prices_for(gpu.id)) offered.push_back(p->provider + "/" + p->basis);
      const std::string key = r.has("provider") ? "provider" : r.has("price_basis") ? "price_basis" : "gpu";
      r.fail(
          key,
          fmt::format("the catalog has no {} price for {}{}", basis, gpu.id, provider.empty() ? "" : " at " + provider),
          offered.empty()
              ? "set usd_per_gpu_hour, or add a price with --catalog"
              : "prices exist for: " + fmt::format("{}", fmt::join(offered, ", ")) + "; or set usd_per_gpu_hour");
    }
    if (!r.has("provider")) {
      r.note_default_priced("provider", price->provider, price->usd_per_gpu_hour, "GPU-hour",
                            fmt::format("{} (${:.2f}/GPU-h, {}, {})", price->provider, price->usd_per_gpu_hour,
                                        basis_kind_text(price->basis, price->kind), price->source.as_of),
                            choice.why);
    }
    const std::string id = fmt::format("{}@{}/{}", price->gpu, price->provider, price->basis);
    note_fact({.id = id, .kind = price->kind, .basis = price->basis, .why = choice.why}, price->source);
    return {price->usd_per_gpu_hour, catalog_ref(id, price->source)};
  }

  Precision precision(FieldReader& r, const std::string& key, Precision fallback, const GpuSpec& gpu, bool serving) {
    // Training defaults to bf16, or fp16 mixed precision on a GPU without bf16 tensor cores (V100, T4).
    std::string why = "the usual precision";
    if (fallback == Precision::bf16 && !gpu.peak_tflops(Precision::bf16) && gpu.peak_tflops(Precision::fp16)) {
      fallback = Precision::fp16;
      why = fmt::format("{} has no bf16 tensor cores: fp16 mixed precision", gpu.id);
    }
    const std::string name = r.text(key, to_string(fallback), why);
    auto parsed = parse_precision(name);
    if (!parsed) r.fail(key, fmt::format("unknown precision '{}'", name), "use bf16, fp16, fp8, int8 or int4");
    const Precision compute = serving ? serving_compute_precision(*parsed, gpu) : *parsed;
    if (!gpu.peak_tflops(compute)) {
      r.fail(key, fmt::format("{} has no {} tensor throughput", gpu.id, to_string(compute)),
             compute == Precision::bf16 ? "use fp16 on this GPU" : "use bf16/fp16, or a GPU that supports it");
    }
    return *parsed;
  }

  // The serving engine picks its own fitted per-step overhead when the catalog has one.
  static std::string serving_engine(FieldReader& r) {
    const auto written = r.optional_text("engine");
    if (!written) {
      r.note_default("engine", "not stated", "the per-step overhead fitted across engines (serving.step_overhead_ms)");
      return "";
    }
    std::string engine = engine_named_in(*written);
    if (engine.empty()) {
      r.fail("engine", fmt::format("unknown serving engine '{}'", *written),
             fmt::format("use {}, or leave it out for the all-engine overhead", fmt::join(serving_engines(), ", ")));
    }
    return engine;
  }

  void read_data(FieldReader& top) {
    FieldReader r = top.child("data", {"examples", "tokens_per_example", "collection", "cleaning", "annotation",
                                       "synthetic", "pipeline", "refresh"});
    DataPlan& d = s_.data;
    d.examples = r.required_number("examples", non_negative, "100k", FTCOST_SET(data.examples));
    d.tokens_per_example = r.required_number("tokens_per_example", tokens, "600", FTCOST_SET(data.tokens_per_example));

    FieldReader collection = r.child("collection", {"cost_per_example"});
    d.collection_per_example = {collection.number("cost_per_example", 0, non_negative, "data you already own",
                                                  FTCOST_SET(data.collection_per_example.usd)),
                                scenario_ref(collection, "cost_per_example")};

    FieldReader cleaning = r.child("cleaning", {"hours_per_1k_examples", "rate"});
    d.cleaning_hours_per_1k = planned(cleaning, "hours_per_1k_examples", "data.cleaning_hours_per_1k_examples",
                                      non_negative, FTCOST_SET(data.cleaning_hours_per_1k));
    d.cleaning_rate = rate(cleaning, "rate", "data-engineer", FTCOST_SET(data.cleaning_rate.usd_per_hour));

    FieldReader annotation = r.child(
        "annotation", {"share", "minutes_per_example", "rate", "review_share", "review_minutes", "review_rate"});
    d.annotation_share =
        planned(annotation, "share", "data.annotation_share", share, FTCOST_SET(data.annotation_share));
    d.minutes_per_label = planned(annotation, "minutes_per_example", "data.annotation_minutes_per_example",
                                  non_negative, FTCOST_SET(data.minutes_per_label));
    d.annotation_rate = rate(annotation, "rate", "annotator-general", FTCOST_SET(data.annotation_rate.usd_per_hour));
    d.review_share =
        planned(annotation, "review_share", "data.annotation_review_share", share, FTCOST_SET(data.review_share));
    s_.written.review_minutes = annotation.has("review_minutes");
    d.review_minutes_per_label =
        annotation.number("review_minutes", d.minutes_per_label / 2, non_negative, "half the labelling time",
                          FTCOST_SET(data.review_minutes_per_label));
    s_.written.review_rate = annotation.has("review_rate");
    if (s_.written.review_rate) {
      d.review_rate = rate(annotation, "review_rate", "annotator-general", FTCOST_SET(data.review_rate.usd_per_hour));
    }

    FieldReader synthetic = r.child("synthetic", {"examples", "api", "input_tokens", "output_tokens"});
    d.synthetic.examples =
        synthetic.number("examples", 0, non_negative, "no synthetic data", FTCOST_SET(data.synthetic.examples));
    // Read (and checked) even without synthetic examples, so an override that adds some prices them as
    // a file that had them would; only then are the defaults worth listing.
    const bool generating = d.synthetic.examples > 0;
    s_.written.synthetic_input_tokens = synthetic.has("input_tokens");
    s_.written.synthetic_output_tokens = synthetic.has("output_tokens");
    if (generating) {
      d.synthetic.api = api_named(synthetic, "api", "gpt-4o-mini");
    } else if (const ApiPrice* api = catalog_.find_api(synthetic.optional_text("api").value_or("gpt-4o-mini"))) {
      d.synthetic.api = *api;
    }
    auto synthetic_tokens = [&](const char* key, const char* why, const Setter& set) {
      if (generating) return synthetic.number(key, d.tokens_per_example, non_negative, why, set);
      return synthetic.optional_number(key, non_negative, set).value_or(0);
    };
    d.synthetic.input_tokens_per_example = synthetic_tokens("input_tokens", "one example's worth of prompt",
                                                            FTCOST_SET(data.synthetic.input_tokens_per_example));
    d.synthetic.output_tokens_per_example = synthetic_tokens("output_tokens", "one example's worth of generated text",
                                                             FTCOST_SET(data.synthetic.output_tokens_per_example));

    FieldReader pipeline = r.child("pipeline", {"engineering_hours", "rate"});
    d.pipeline_hours = planned(pipeline, "engineering_hours", "data.pipeline_engineering_hours", non_negative,
                               FTCOST_SET(data.pipeline_hours));
    d.engineering_rate = rate(pipeline, "rate", "data-engineer", FTCOST_SET(data.engineering_rate.usd_per_hour));

    FieldReader refresh = r.child("refresh", {"every_months", "share"});
    d.refresh_every_months = refresh.number("every_months", 0, non_negative, "the data set is not refreshed",
                                            FTCOST_SET(data.refresh_every_months));
    d.refresh_share = d.refresh_every_months > 0
                          ? planned(refresh, "share", "data.refresh_share", share, FTCOST_SET(data.refresh_share))
                          : 0;
  }

  void read_model(FieldReader& top) {
    static const std::vector<std::string> fields = [] {
      std::vector<std::string> keys = {"name"};
      keys.insert(keys.end(), model_dimension_keys().begin(), model_dimension_keys().end());
      return keys;
    }();
    const nlohmann::json& node = doc_.root.at("model");
    ModelSpec& m = s_.model;
    if (node.is_string()) {
      const std::string name = node.get<std::string>();
      const ModelSpec* found = catalog_.find_model(name);
      if (!found)
        top.fail("model", fmt::format("unknown model '{}'", name), suggestion_text(name, catalog_.model_names()));
      m = *found;
      check_embedding(top, "model", m);
      check_dimensions(top, "model", m);
      return;
    }
    FieldReader r = top.child("model", fields);
    if (auto name = r.optional_text("name")) {
      const ModelSpec* found = catalog_.find_model(*name);
      if (!found)
        r.fail("name", fmt::format("unknown model '{}'", *name), suggestion_text(*name, catalog_.model_names()));
      m = *found;
    } else {
      if (!r.has("params"))
        r.fail("", "name a catalog model or give its parameters",
               "add `name: llama-3.1-8b` or `params: 8B` with layers and hidden_size");
      m = ModelSpec{};
      m.id = "custom";
      m.source = {"scenario " + doc_.file, "", ""};
    }
    auto integer = [&](const std::string& key, int& out) {
      if (auto v = r.optional_number(key, Range{0, 1e7, false, "a whole positive number up to 10M"})) {
        if (*v != std::floor(*v)) r.fail(key, fmt::format("{:g} is not a whole number", *v), "drop the fraction");
        out = static_cast<int>(*v);
      }
    };
    if (auto v = r.optional_number("params", Range{1e6, 1e14, true, "a parameter count such as 8B"})) m.params = *v;
    if (auto v = r.optional_number("active_params", Range{1e6, 1e14, true, "active parameters per token, e.g. 13B"}))
      m.active_params = *v;
    integer("layers", m.layers);
    integer("hidden_size", m.hidden_size);
    integer("intermediate_size", m.intermediate_size);
    integer("attention_heads", m.attention_heads);
    integer("kv_heads", m.kv_heads);
    integer("head_dim", m.head_dim);
    integer("vocab_size", m.vocab_size);
    integer("context_length", m.context_length);
    auto optional_integer = [&](const std::string& key, std::optional<int>& out) {
      int value = out.value_or(0);
      integer(key, value);
      if (value > 0) out = value;
    };
    optional_integer("experts", m.experts);
    optional_integer("experts_per_token", m.experts_per_token);
    optional_integer("moe_layers", m.moe_layers);
    optional_integer("shared_expert_intermediate_size", m.shared_expert_intermediate_size);
    optional_integer("dense_intermediate_size", m.dense_intermediate_size);
    optional_integer("kv_cache_dim", m.kv_cache_dim);
    if (m.experts_per_token && m.experts && *m.experts_per_token >= *m.experts)
      r.fail("experts_per_token", "must be fewer than experts", "e.g. experts: 8, experts_per_token: 2");
    if (m.layers == 0) r.fail("layers", "is required for a model not in the catalog", "add `layers: 32`");
    if (m.moe_layers && *m.moe_layers > m.layers)
      r.fail("moe_layers", fmt::format("{} is more than the model's {} layers", *m.moe_layers, m.layers),
             "give how many of its layers route to experts, at most `layers`");
    // A catalog mixture of experts made dense (active_params = params) leaves its expert widths behind;
    // one the scenario writes itself on a dense model is a mistake.
    for (auto [key, width] : {std::pair{"shared_expert_intermediate_size", &m.shared_expert_intermediate_size},
                              std::pair{"dense_intermediate_size", &m.dense_intermediate_size}}) {
      if (!*width || m.moe()) continue;
      if (r.has(key))
        r.fail(key, "is for a mixture of experts", "give experts, experts_per_token and active_params, or drop it");
      width->reset();
    }
    if (m.dense_intermediate_size && m.moe() && !m.has_dense_layers() && r.has("dense_intermediate_size"))
      r.fail("dense_intermediate_size", "is for layers without routed experts, and every layer routes",
             "give moe_layers below layers, or drop it");
    if (m.hidden_size == 0)
      r.fail("hidden_size", "is required for a model not in the catalog", "add `hidden_size: 4096`");
    if (m.attention_heads == 0) {
      const DefaultValue& head_dim = need_default("model.head_dim");
      m.attention_heads = std::max(1, m.hidden_size / static_cast<int>(head_dim.value));
      r.note_default_number("attention_heads", m.attention_heads,
                            fmt::format("hidden_size / {:g}, the head size [{}]", head_dim.value, head_dim.id));
    }
    if (m.kv_heads == 0) {
      m.kv_heads = m.attention_heads;
      r.note_default_number("kv_heads", m.kv_heads, "no grouped-query attention");
    }
    if (m.vocab_size == 0) {
      const DefaultValue& vocab = need_default("model.vocab_size");
      m.vocab_size = static_cast<int>(vocab.value);
      r.note_default_number("vocab_size", m.vocab_size, fmt::format("a Llama-2-sized vocabulary [{}]", vocab.id));
    }
    if (m.active_params && *m.active_params > m.params)
      r.fail("active_params", "cannot exceed params", "active parameters are a subset of all parameters");
    // A catalog model keeps the catalog's answer unless the scenario states one.
    if (m.id == "custom" || r.has("tied_embeddings"))
      m.tied_embeddings = r.boolean("tied_embeddings", m.tied_embeddings,
                                    "the input embedding is a matrix of its own, looked up and not multiplied "
                                    "(config.json tie_word_embeddings false, as in Llama, Mistral and Qwen 7B and up)");
    if (r.has("query_projected_directly")) {
      m.query_projected_directly = r.boolean("query_projected_directly", false, "");
      if (m.query_projected_directly && !m.kv_cache_dim)
        r.fail("query_projected_directly", "is for latent attention, which caches kv_cache_dim values a token",
               "add `kv_cache_dim` (DeepSeek-V2-Lite: 576) or drop `query_projected_directly`");
    }
    if (r.has("active_params_exclude_input_embedding"))
      m.active_params_exclude_input_embedding = r.boolean("active_params_exclude_input_embedding", false, "");
    check_embedding(r, r.has("vocab_size") ? "vocab_size" : "params", m);
    check_dimensions(r, r.has("head_dim") ? "head_dim" : r.has("kv_heads") ? "kv_heads" : "", m);
  }

  // An untied input embedding is part of the active parameters: a vocabulary × hidden larger than
  // them is a typo (or a price-book model whose output layer is its embedding).
  static void check_embedding(const FieldReader& r, const std::string& key, const ModelSpec& m) {
    if (m.lookup_params() < m.active_touched()) return;
    r.fail(key,
           fmt::format("{}: vocab_size × hidden_size = {} input-embedding parameters is not below the {} active "
                       "parameters",
                       m.id, short_quantity(m.lookup_params()), short_quantity(m.active_touched())),
           "check vocab_size, hidden_size and params, or set `tied_embeddings: true` if the output layer "
           "reuses the input embedding");
  }

  // The models multiply a few dimensions in int (kv_heads × head_dim); keep every product sane.
  static void check_dimensions(const FieldReader& r, const std::string& key, const ModelSpec& m) {
    const double kv_width = static_cast<double>(m.kv_heads) * m.head_dim;
    if (kv_width > 1e7) {
      r.fail(key, fmt::format("kv_heads × head_dim = {:g} is larger than any real model's", kv_width),
             "check kv_heads and head_dim (e.g. 8 × 128)");
    }
  }

  void read_training(FieldReader& top) {
    FieldReader r = top.child("training", {"method",
                                           "epochs",
                                           "seq_len",
                                           "gpu",
                                           "gpus",
                                           "provider",
                                           "price_basis",
                                           "usd_per_gpu_hour",
                                           "precision",
                                           "mfu",
                                           "lora_rank",
                                           "lora_target_share",
                                           "prompt_virtual_tokens",
                                           "activation_checkpointing",
                                           "chunked_loss",
                                           "attention_span",
                                           "attention_kernel",
                                           "micro_batch",
                                           "hyperparameter_trials",
                                           "validation_overhead",
                                           "retrain_every_months",
                                           "checkpoints_kept",
                                           "storage_usd_per_gb_month",
                                           "engineering_hours",
                                           "engineering_rate"});
    TrainingPlan& t = s_.training;
    const std::string method = r.text("method", "lora", "parameter-efficient fine-tuning, the usual choice");
    static const std::vector<std::string> methods = {"full", "lora", "qlora", "prompt_tuning"};
    if (method == "full")
      t.method = TrainingMethod::full;
    else if (method == "lora")
      t.method = TrainingMethod::lora;
    else if (method == "qlora")
      t.method = TrainingMethod::qlora;
    else if (method == "prompt_tuning")
      t.method = TrainingMethod::prompt_tuning;
    else
      r.fail("method", fmt::format("unknown method '{}'", method), suggestion_text(method, methods));

    t.epochs = planned(r, "epochs", "training.epochs", ranges::epochs, FTCOST_SET(training.epochs));
    const double context = s_.model.context_length > 0 ? s_.model.context_length : 1e7;
    s_.written.seq_len = r.has("seq_len");
    t.seq_len =
        r.number("seq_len", s_.data.tokens_per_example, Range{0, context, false, "at most the model's context length"},
                 "one example per sequence (no packing)", FTCOST_SET(training.seq_len));
    const GpuSpec* common = catalog_.find_gpu("h100-sxm");
    if (!common) throw std::logic_error("the catalog has no h100-sxm, the default training GPU");
    t.gpu = gpu_field(r, "gpu", *common, "the most common training GPU in clouds");
    if (auto count = r.number_or_auto("gpus", whole_gpus))
      t.gpu_count = static_cast<int>(*count);
    else if (!r.has("gpus"))
      r.note_default("gpus", "auto", "smallest power-of-two count that fits in memory");
    t.gpu_hour = gpu_price(r, t.gpu, FTCOST_SET(training.gpu_hour.usd));
    // Spot capacity is interrupted: the run redoes the work since its last checkpoint.
    t.spot = r.optional_text("price_basis").value_or("") == "spot";
    t.precision = precision(r, "precision", Precision::bf16, t.gpu, false);

    TrainingAssumptions& a = t.assumptions;
    a = training_assumptions(catalog_, t.gpu);
    if (t.spot) {
      const DefaultValue& overhead = required_default(catalog_, "training.spot_interruption_overhead");
      if (!overhead.source.verified) t.unverified_assumptions.push_back(overhead);
    }
    if (r.has("mfu")) {
      a.mfu = r.required_number("mfu", Range{0, 1, false, "a share of peak, typically 0.3 to 0.6"}, "0.4",
                                FTCOST_SET(training.assumptions.mfu));
      a.mfu_default_id.clear();
      t.mfu_from_user = true;
    } else {
      // Not a number to write back: `training.mfu` is the achieved MFU, all costs included, and
      // the default is the time model (training.mfu in the derivations gives what it achieved).
      const DefaultValue& mfu = required_default(catalog_, a.mfu_default_id);
      // A mixture of experts runs its matmuls at the default × the MoE factor: say so, with the product.
      const std::string moe = s_.model.moe() ? fmt::format(" × MoE {:g} (training.moe_efficiency) = {:.4g}",
                                                           a.moe_efficiency, mfu.value * a.moe_efficiency)
                                             : "";
      r.note_default("mfu", "time model",
                     fmt::format("matmuls at {:g} of the peak the GPU sustains ({}){}, × {:g} per doubling of "
                                 "machines beyond one (training.multi_node_efficiency), plus the memory-bound terms; "
                                 "what it achieves is training.mfu under 'How the models got there'",
                                 mfu.value, mfu.id, moe, a.multi_node_efficiency));
    }

    // Read for the methods that use them; otherwise the catalog's values, silently (a multi-LoRA
    // endpoint serves adapters of this rank whatever the training method).
    t.lora_rank = need_default("training.lora_rank").value;
    t.lora_target_share = need_default("training.lora_target_share").value;
    t.prompt_virtual_tokens = need_default("training.prompt_virtual_tokens").value;
    if (t.method == TrainingMethod::lora || t.method == TrainingMethod::qlora) {
      t.lora_rank = r.number("lora_rank", t.lora_rank, Range{0, 4096, false, "usually 8 to 64"}, "a common LoRA rank",
                             FTCOST_SET(training.lora_rank));
      t.lora_target_share = r.number("lora_target_share", t.lora_target_share, share, "adapters on every linear layer",
                                     FTCOST_SET(training.lora_target_share));
    }
    if (t.method == TrainingMethod::prompt_tuning) {
      t.prompt_virtual_tokens =
          r.number("prompt_virtual_tokens", t.prompt_virtual_tokens, Range{0, 10000, false, "usually 10 to 100"},
                   "Lester et al. 2021 use 20-100", FTCOST_SET(training.prompt_virtual_tokens));
    }
    // Read only when written: unset, the memory plan decides what is recomputed (shown in --explain).
    if (r.has("activation_checkpointing")) {
      t.activation_checkpointing = r.boolean("activation_checkpointing", false, "the memory plan decides");
    }
    // Read only when written: unset, fp32 logits as most trainers hold them (shown in --explain).
    if (r.has("chunked_loss")) t.chunked_loss = r.boolean("chunked_loss", false, "fp32 logits");
    // Read only when written: unset, attention spans the whole sequence (shown in --explain). A span
    // means packing, so it needs a written seq_len: the default one holds a single example.
    t.attention_span = r.optional_number(
        "attention_span", Range{1, context, true, "tokens, such as the mean example length of a packed data set"});
    if (t.attention_span && !s_.written.seq_len)
      r.fail("attention_span", "describes examples packed into longer sequences, but training.seq_len is not written",
             "write training.seq_len (the packed length, such as 4096), or leave attention_span out");
    if (t.attention_span && *t.attention_span > t.seq_len)
      r.fail("attention_span",
             fmt::format("{:g} is longer than the sequence ({:g} tokens)", *t.attention_span, t.seq_len),
             "write at most training.seq_len, or leave it out when attention spans the whole sequence");
    // Written, or fused: the kernel current stacks pick on every GPU (PyTorch's SDPA prefers cuDNN's
    // on Hopper and Blackwell from 2.11's wheels; Megatron and NeMo run Transformer Engine's). Noted as a
    // default only where the choice moves the estimate (a GPU with a FlashAttention-2 rate below 1).
    if (const auto kernel = read_attention_kernel(r)) {
      t.attention_kernel = *kernel;
    } else if (a.flash_attention_2_rate < 1 && !t.mfu_from_user) {
      r.note_default(
          "attention_kernel", to_string(AttentionKernel::fused),
          "the GPU's fused kernel (cuDNN, FlashAttention-3 or -4); write flash-attention-2 for a stack that runs it");
    }
    // Read only when written: unset, as many sequences as fit (shown in --explain).
    if (auto v = r.optional_number("micro_batch", Range{1, 1024, true, "sequences per GPU per pass, such as 2"})) {
      if (*v != std::floor(*v))
        r.fail("micro_batch", fmt::format("{:g} is not a whole number", *v), "drop the fraction");
      t.micro_batch = *v;
    }
    t.trials = planned(r, "hyperparameter_trials", "training.hyperparameter_trials", ranges::trials,
                       FTCOST_SET(training.trials));
    t.validation_overhead = planned(r, "validation_overhead", "training.validation_overhead",
                                    Range{0, 10, true, "a share such as 5%"}, FTCOST_SET(training.validation_overhead));
    t.retrain_every_months =
        r.number("retrain_every_months", 0, Range{0, 1200, true, "months between re-training rounds, 0 = never"},
                 "the model is trained once", FTCOST_SET(training.retrain_every_months));
    t.checkpoints_kept = planned(r, "checkpoints_kept", "training.checkpoints_kept", non_negative,
                                 FTCOST_SET(training.checkpoints_kept));
    if (r.has("storage_usd_per_gb_month")) {
      t.storage_per_gb_month = {r.required_number("storage_usd_per_gb_month", non_negative, "0.023",
                                                  FTCOST_SET(training.storage_per_gb_month.usd)),
                                scenario_ref(r, "storage_usd_per_gb_month")};
    } else {
      const DefaultValue& storage = need_default("storage.usd_per_gb_month");
      t.storage_per_gb_month = {storage.value, default_ref(storage)};
    }
    t.engineering_hours = planned(r, "engineering_hours", "training.engineering_hours", non_negative,
                                  FTCOST_SET(training.engineering_hours));
    t.engineering_rate = rate(r, "engineering_rate", "ml-engineer", FTCOST_SET(training.engineering_rate.usd_per_hour));
  }

  void read_hosting(FieldReader& top) {
    FieldReader r = top.child("hosting", {"queries_per_month",
                                          "input_tokens",
                                          "output_tokens",
                                          "peak_factor",
                                          "max_ms_per_output_token",
                                          "max_time_to_first_token_ms",
                                          "gpu",
                                          "gpus_per_replica",
                                          "provider",
                                          "price_basis",
                                          "usd_per_gpu_hour",
                                          "precision",
                                          "engine",
                                          "min_replicas",
                                          "autoscaling",
                                          "target_utilization",
                                          "adapters",
                                          "monitoring_usd_per_month",
                                          "ops_fte",
                                          "ops_rate",
                                          "cold_start_s",
                                          "min_billed_s"});
    HostingPlan& h = s_.hosting;
    h.queries_per_month =
        r.required_number("queries_per_month", non_negative, "1M", FTCOST_SET(hosting.queries_per_month));
    h.input_tokens = r.required_number("input_tokens", tokens, "400", FTCOST_SET(hosting.input_tokens));
    h.output_tokens = r.required_number("output_tokens", tokens, "200", FTCOST_SET(hosting.output_tokens));
    h.peak_factor =
        planned(r, "peak_factor", "hosting.peak_factor", ranges::peak_factor, FTCOST_SET(hosting.peak_factor));
    h.max_ms_per_output_token =
        r.optional_number("max_ms_per_output_token", positive, FTCOST_SET(hosting.max_ms_per_output_token));
    if (!h.max_ms_per_output_token) {
      const DefaultValue& target = need_default("hosting.max_ms_per_output_token");
      h.max_ms_per_output_token = target.value;
      r.note_default_number("max_ms_per_output_token", target.value,
                            fmt::format("{} [{}]", target.description, target.id));
    }
    h.max_time_to_first_token_ms =
        r.optional_number("max_time_to_first_token_ms", positive, FTCOST_SET(hosting.max_time_to_first_token_ms));
    h.gpu = gpu_field(r, "gpu", s_.training.gpu, "the training GPU");
    if (auto count = r.number_or_auto("gpus_per_replica", whole_gpus)) h.gpus_per_replica = static_cast<int>(*count);
    const bool own_price = r.has("gpu") || r.has("provider") || r.has("price_basis") || r.has("usd_per_gpu_hour");
    s_.written.hosting_price = own_price;
    if (own_price) {
      h.gpu_hour = gpu_price(r, h.gpu, FTCOST_SET(hosting.gpu_hour.usd));
    } else {
      // derive_defaults() copies it (and does again after a sample or override of the training price).
      r.note_default_number("usd_per_gpu_hour", s_.training.gpu_hour.usd, "the training GPU's price");
    }
    h.precision = precision(r, "precision", Precision::fp16, h.gpu, true);
    h.engine = serving_engine(r);
    // 0 with autoscaling scales to zero, priced with a cold start and a minimum billed time per start.
    h.min_replicas =
        r.number("min_replicas", 1, ranges::min_replicas, "one replica always up", FTCOST_SET(hosting.min_replicas));
    h.adapters = r.number("adapters", 1, Range{1, 100000, true, "LoRA adapters served on one base model, e.g. 10"},
                          "one fine-tuned model per replica");
    // The served adapters' rank and layers follow the training plan (derive_defaults()).
    h.autoscaling = r.boolean("autoscaling", false, "replicas sized for the peak hour, always on");
    h.cold_start_s = r.optional_number("cold_start_s",
                                       Range{0, 86400, true,
                                             "seconds from a request to a started "
                                             "replica serving it, e.g. 120"},
                                       FTCOST_SET(hosting.cold_start_s));
    h.min_billed_s = r.optional_number("min_billed_s",
                                       Range{0, 86400, true,
                                             "seconds billed at least per start, "
                                             "e.g. 300"},
                                       FTCOST_SET(hosting.min_billed_s));
    h.target_utilization = planned(r, "target_utilization", "hosting.target_utilization",
                                   Range{0, 1, false, "a share such as 70%"}, FTCOST_SET(hosting.target_utilization));
    if (r.has("monitoring_usd_per_month")) {
      h.monitoring_per_month = {r.required_number("monitoring_usd_per_month", non_negative, "500",
                                                  FTCOST_SET(hosting.monitoring_per_month.usd)),
                                scenario_ref(r, "monitoring_usd_per_month")};
    } else {
      const DefaultValue& monitoring = need_default("hosting.monitoring_usd_per_month");
      h.monitoring_per_month = {monitoring.value, default_ref(monitoring)};
      r.note_default_number("monitoring_usd_per_month", monitoring.value, monitoring.source.text);
    }
    h.ops_fte = planned(r, "ops_fte", "hosting.ops_fte", ranges::ops_fte, FTCOST_SET(hosting.ops_fte));
    h.ops_rate = rate(r, "ops_rate", "mlops-engineer", FTCOST_SET(hosting.ops_rate.usd_per_hour));

    h.assumptions = serving_assumptions(catalog_, h.gpu, h.engine);
  }

  void read_alternatives(FieldReader& top) {
    FieldReader r = top.child("alternatives", {"managed_api", "managed_finetune"});
    for (FieldReader& item :
         r.list("managed_api", {"model", "label", "few_shot_tokens", "cached_share", "prompt_engineering_hours",
                                "engineering_rate", "usd_per_1m_input", "usd_per_1m_output"})) {
      const std::size_t i = s_.apis.size();
      auto set = [i](double ApiAlternative::*member) -> Setter {
        return [i, member](Scenario& s, double v) { s.apis[i].*member = v; };
      };
      ApiAlternative alt;
      if (item.has("model")) {
        alt.api = api_named(item, "model", "");
      } else if (item.has("usd_per_1m_input") && item.has("usd_per_1m_output")) {
        alt.api.id = "custom";
        alt.api.source = {"scenario " + doc_.file, "", ""};
      } else {
        item.fail("model", "is required",
                  "name a catalog API such as gpt-4o-mini, or give usd_per_1m_input and usd_per_1m_output");
      }
      if (auto v = item.optional_number("usd_per_1m_input", non_negative,
                                        [i](Scenario& s, double x) { s.apis[i].api.usd_per_1m_input = x; })) {
        alt.api.usd_per_1m_input = *v;
      }
      if (auto v = item.optional_number("usd_per_1m_output", non_negative,
                                        [i](Scenario& s, double x) { s.apis[i].api.usd_per_1m_output = x; })) {
        alt.api.usd_per_1m_output = *v;
      }
      alt.label = item.optional_text("label").value_or("");
      alt.few_shot_tokens = item.number("few_shot_tokens", 0, Range{0, 10e6, true, "extra prompt tokens per query"},
                                        "no few-shot examples", set(&ApiAlternative::few_shot_tokens));
      alt.cached_share = item.number("cached_share", 0, share, "no prompt caching", set(&ApiAlternative::cached_share));
      alt.prompt_engineering_hours = item.number("prompt_engineering_hours", 40, non_negative,
                                                 "one engineer-week to build and evaluate the prompt",
                                                 set(&ApiAlternative::prompt_engineering_hours));
      alt.engineering_rate = rate(item, "engineering_rate", "ml-engineer",
                                  [i](Scenario& s, double x) { s.apis[i].engineering_rate.usd_per_hour = x; });
      s_.apis.push_back(std::move(alt));
    }
    for (FieldReader& item : r.list("managed_finetune", {"offer", "label", "epochs", "trials", "engineering_hours",
                                                         "engineering_rate", "usd_per_1m_training_tokens",
                                                         "usd_per_1m_input", "usd_per_1m_output", "hosting_units"})) {
      const std::size_t i = s_.finetunes.size();
      auto set = [i](double FinetuneAlternative::*member) -> Setter {
        return [i, member](Scenario& s, double v) { s.finetunes[i].*member = v; };
      };
      FinetuneAlternative alt;
      alt.field = fmt::format("alternatives.managed_finetune[{}]", i);
      const std::string name = item.text("offer", "", "");
      const FinetunePrice* offer = catalog_.find_finetune(name);
      if (!offer) {
        item.fail("offer", name.empty() ? "is required" : fmt::format("unknown managed fine-tuning offer '{}'", name),
                  suggestion_text(name, catalog_.finetune_names()));
      }
      alt.offer = *offer;
      check_size_band(item, *offer);
      note_fact({.id = offer->id + ":"}, offer->source);
      if (auto v = item.optional_number("usd_per_1m_training_tokens", non_negative, [i](Scenario& s, double x) {
            s.finetunes[i].offer.usd_per_1m_training_tokens = x;
          })) {
        alt.offer.usd_per_1m_training_tokens = *v;
      }
      if (auto v = item.optional_number("usd_per_1m_input", non_negative,
                                        [i](Scenario& s, double x) { s.finetunes[i].offer.usd_per_1m_input = x; })) {
        alt.offer.usd_per_1m_input = *v;
      }
      if (auto v = item.optional_number("usd_per_1m_output", non_negative,
                                        [i](Scenario& s, double x) { s.finetunes[i].offer.usd_per_1m_output = x; })) {
        alt.offer.usd_per_1m_output = *v;
      }
      for (const char* key : {"usd_per_1m_training_tokens", "usd_per_1m_input", "usd_per_1m_output"}) {
        const bool missing =
            (std::string(key) == "usd_per_1m_training_tokens" && !alt.offer.usd_per_1m_training_tokens) ||
            (std::string(key) == "usd_per_1m_input" && !alt.offer.usd_per_1m_input) ||
            (std::string(key) == "usd_per_1m_output" && !alt.offer.usd_per_1m_output);
        if (missing) {
          item.fail("offer", fmt::format("{} publishes no {} price", alt.offer.id, key),
                    fmt::format("add `{}:` to this entry", key));
        }
      }
      alt.label = item.optional_text("label").value_or("");
      alt.epochs_written = item.has("epochs");
      alt.trials_written = item.has("trials");
      alt.epochs = item.number("epochs", s_.training.epochs, ranges::epochs, "training.epochs",
                               set(&FinetuneAlternative::epochs));
      alt.trials = item.number("trials", s_.training.trials, Range{0, 10000, false, "training jobs per round"},
                               "training.hyperparameter_trials", set(&FinetuneAlternative::trials));
      alt.engineering_hours = planned(item, "engineering_hours", "finetune.engineering_hours", non_negative,
                                      set(&FinetuneAlternative::engineering_hours));
      alt.engineering_rate = rate(item, "engineering_rate", "ml-engineer",
                                  [i](Scenario& s, double x) { s.finetunes[i].engineering_rate.usd_per_hour = x; });
      if (!alt.offer.hosting_gpu.empty() && !item.has("hosting_units")) {
        // Sized by the hosting model: the GPU count follows the traffic at every volume.
        const GpuSpec* gpu = catalog_.find_gpu(alt.offer.hosting_gpu);
        if (!gpu) {
          item.fail("offer",
                    fmt::format("{}'s hosting_gpu '{}' is not a catalog GPU", alt.offer.id, alt.offer.hosting_gpu),
                    "fix the price book's hosting_gpu, or write hosting_units: to price a fixed deployment");
        }
        alt.deployment_gpu = *gpu;
        alt.deployment_assumptions = serving_assumptions(catalog_, *gpu, "");
        alt.deployment_precision = s_.hosting.precision;
        alt.deployment_autoscaling = s_.hosting.autoscaling;
        item.note_default(
            "hosting_units", fmt::format("sized on {}", gpu->id),
            fmt::format("{}'s dedicated deployment: the scenario's traffic and latency target on {} at ${:g} a "
                        "GPU-hour, replicas as the hosting model sizes them",
                        alt.offer.id, gpu->id, alt.offer.hosting_usd_per_hour.value_or(0.0)));
      } else if (alt.offer.hosting_usd_per_hour) {
        alt.hosting_units =
            item.number("hosting_units", 1, Range{1, 10000, true, "GPUs or deployments, such as 2", true},
                        "one GPU or deployment at the offer's hourly fee", set(&FinetuneAlternative::hosting_units));
      } else if (item.has("hosting_units")) {
        item.fail("hosting_units", fmt::format("{} has no hourly hosting fee to multiply", alt.offer.id),
                  "remove `hosting_units:` from this entry");
      }
      s_.finetunes.push_back(std::move(alt));
    }
  }

  // A vendor prices fine-tuning by model size: a tier's price says nothing of a model outside it.
  void check_size_band(FieldReader& item, const FinetunePrice& offer) const {
    const double params = s_.model.params;
    if (offer.covers(params)) return;
    std::string band;
    if (offer.params_above) band = fmt::format("more than {}", short_quantity(*offer.params_above));
    if (offer.params_up_to)
      band += fmt::format("{}at most {}", band.empty() ? "" : " and ", short_quantity(*offer.params_up_to));
    std::vector<std::string> fitting;
    for (const FinetunePrice& other : catalog_.finetunes) {
      if (other.vendor == offer.vendor && (other.params_above || other.params_up_to) && other.covers(params))
        fitting.push_back("`offer: " + other.id + "`");
    }
    item.fail("offer",
              fmt::format("{} prices models of {} parameters, and {} has {}", offer.id, band, s_.model.id,
                          short_quantity(params)),
              fitting.empty() ? fmt::format("the price book has no {} tier for a model this size: compare another "
                                            "offer, or add the vendor's price for it with --catalog",
                                            offer.vendor)
                              : fmt::format("use {}", fmt::join(fitting, " or ")));
  }

  void read_decision(FieldReader& top) {
    FieldReader r = top.child("decision", {"expected_accuracy_gain", "accuracy_gain_threshold", "value_per_query_usd"});
    const Range gain{-1, 1, true, "a share such as 12%: accuracy points fine-tuning adds over the base model"};
    DecisionPlan& d = s_.decision;
    d.expected_accuracy_gain = r.optional_number("expected_accuracy_gain", gain);
    if (auto v = r.optional_number("accuracy_gain_threshold", Range{0, 1, true, "a share such as 10%"})) {
      d.accuracy_gain_threshold = *v;
    }
    d.value_per_query_usd = r.optional_number("value_per_query_usd", non_negative);
  }

  void read_budget(FieldReader& top) {
    FieldReader r =
        top.child("budget", {"option", "max_total_usd", "max_monthly_usd", "max_one_time_usd", "max_training_usd",
                             "max_cost_per_1k_queries_usd", "require_break_even_within_months"});
    BudgetLimits& b = s_.budget;
    // Read without note_default: an absent limit is no limit, not a default worth listing.
    b.option_where = r.where("option");
    if (auto option = r.optional_text("option"))
      b.option = resolve_option_id(s_, *option, b.option_where, "budget.option");
    b.max_total_usd = r.optional_number("max_total_usd", non_negative);
    b.max_monthly_usd = r.optional_number("max_monthly_usd", non_negative);
    b.max_one_time_usd = r.optional_number("max_one_time_usd", non_negative);
    b.max_training_usd = r.optional_number("max_training_usd", non_negative);
    b.max_cost_per_1k_queries_usd = r.optional_number("max_cost_per_1k_queries_usd", non_negative);
    b.require_break_even_within_months = r.optional_number("require_break_even_within_months", non_negative);
  }

  const Document& doc_;
  const Catalog& catalog_;
  Scenario s_;
};

}  // namespace

Scenario load_scenario(const Document& doc, const Catalog& catalog) { return Loader(doc, catalog).load(); }

std::optional<std::string> scenario_price_book(const Document& doc) {
  if (!doc.root.is_object() || !doc.root.contains("price_book")) return std::nullopt;
  const nlohmann::json& value = doc.root.at("price_book");
  if (!value.is_string() || value.get<std::string>().empty()) {
    throw InputError(doc.locate("/price_book"), "price_book", "expected the path of a price book (YAML or JSON)",
                     "write `price_book: prices.yaml` (relative to the scenario file)");
  }
  const std::filesystem::path book = value.get<std::string>();
  const bool relative_to_scenario = !book.is_absolute() && !doc.file.empty() && doc.file != "-";
  const std::string path =
      relative_to_scenario ? (std::filesystem::path(doc.file).parent_path() / book).string() : book.string();
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    throw InputError(doc.locate("/price_book"), "price_book", fmt::format("'{}' is not a readable file", path),
                     "the path is relative to the scenario file");
  }
  return path;
}

Scenario load_scenario_file(const std::string& path, const Catalog& catalog) {
  const Document doc = load_document(path);
  if (const auto book = scenario_price_book(doc)) {
    Catalog with_book = catalog;
    merge_catalog_file(with_book, *book);
    return load_scenario(doc, with_book);
  }
  return load_scenario(doc, catalog);
}

}  // namespace ftcost
#undef FTCOST_SET
