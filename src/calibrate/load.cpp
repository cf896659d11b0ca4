// Reading an `ftcost-calibration/1` file: every field checked, every GPU resolved in the catalog.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <functional>
#include <iterator>
#include <map>
#include <set>
#include <unordered_set>

#include "ftcost/calibrate/calibration.hpp"
#include "ftcost/scenario/assumptions.hpp"
#include "ftcost/scenario/field_reader.hpp"
#include "ftcost/util/quantity.hpp"
#include "ftcost/util/suggest.hpp"
#include "ftcost/util/text.hpp"

namespace ftcost {

namespace {

using ranges::positive;

constexpr std::size_t max_source_length = 4096;
const Range parameter_count{1e6, 1e14, true, "a parameter count such as 7e9"};
const Range gpu_count_range{1, 1e6, true, "a whole number of GPUs such as 8"};
// Besides the measurement: where it was read (source, quote, date, derivation, doubt, confidence,
// note — kept for people, `source` also groups cross-validation) and optional model dimensions.
const std::vector<std::string> common_keys = {"id",        "params",        "active_params", "gpu",
                                              "gpu_count", "power_limit_w", "precision",     "measured",
                                              "source",    "note",          "confidence",    "quote",
                                              "date",      "derivation",    "doubt",         "model",
                                              "layers",    "hidden_size",   "experts",       "experts_per_token",
                                              "notes",     "quotes",        "dates",         "sources",
                                              "url",       "nodes",         "gpus_per_node"};
// Keys whose value is text: a key a letter off one of them that holds a number ("nodes": 2 beside
// "notes") is a field of its own, not a misspelling.
const std::vector<std::string> text_keys = {"id",     "gpu",   "precision",  "source", "note",   "confidence",
                                            "quote",  "date",  "derivation", "doubt",  "model",  "notes",
                                            "quotes", "dates", "sources",    "url",    "method", "engine"};

// Names other tools and papers give the fields a prediction depends on ("num_gpus", "seq_length",
// a serving "batch_size"): read as the field, never left for its default to stand in.
struct FieldSynonyms {
  const char* field;
  std::initializer_list<const char*> names;
};
const FieldSynonyms common_synonyms[] = {
    {"gpu_count", {"num_gpus", "n_gpus", "gpus", "num_gpu", "gpu_num", "world_size", "ngpus"}},
    {"params", {"parameters", "num_params", "n_params", "param_count", "num_parameters", "total_params"}},
    {"active_params", {"active_parameters", "activated_params", "num_active_params"}},
};
const FieldSynonyms training_synonyms[] = {
    {"seq_len", {"seq_length", "sequence_length", "max_seq_len", "max_seq_length", "seqlen", "sequence_len"}},
};
// A serving case's tensor-parallel size: the GPUs of one replica.
const FieldSynonyms tensor_parallel_synonyms[] = {{"tp", {"tp_size", "tensor_parallel_size", "tensor_parallel"}}};
const FieldSynonyms serving_synonyms[] = {
    // Not max_batch_size: an engine's cap, not the batch the measurement kept.
    {"concurrency",
     {"batch_size", "batch", "num_concurrent", "concurrent_requests", "max_concurrency", "concurrent_users"}},
    {"input_tokens", {"input_len", "input_length", "prompt_tokens", "prompt_len", "isl", "input_seq_len"}},
    {"output_tokens",
     {"output_len", "output_length", "completion_tokens", "generated_tokens", "osl", "output_seq_len", "max_tokens",
      "max_new_tokens"}},
};

template <std::size_t N>
std::vector<std::string> synonym_keys(const FieldSynonyms (&table)[N]) {
  std::vector<std::string> keys;
  for (const FieldSynonyms& entry : table) keys.insert(keys.end(), entry.names.begin(), entry.names.end());
  return keys;
}

// The key a case gives `field` under: its own name, or one other tools use for it; two of them at
// once are an error of the case (which would win is a guess).
template <std::size_t N>
std::string key_for(const FieldReader& r, const std::string& field, const FieldSynonyms (&table)[N],
                    std::vector<std::string>& assumed) {
  std::string found = r.has(field) ? field : "";
  for (const FieldSynonyms& entry : table) {
    if (entry.field != field) continue;
    for (const char* name : entry.names) {
      if (!r.has(name)) continue;
      if (!found.empty())
        r.fail(name, fmt::format("gives {} a second time (as \"{}\" does)", field, found),
               fmt::format("keep one of them, as \"{}\"", field));
      found = name;
    }
  }
  if (found.empty()) return field;
  if (found != field) assumed.push_back(fmt::format("{} as {}", found, field));
  return found;
}

std::vector<std::string> with(std::vector<std::string> keys, std::initializer_list<const char*> more) {
  keys.insert(keys.end(), more.begin(), more.end());
  return keys;
}

// Whether `key` reads as a misspelling of one of `known`: within two edits ("precison", "metod",
// "gpu_cont"), or one when either is as short as four letters, so that a short key of its own
// ("tp", "bs", "year") is not taken for "id" or "gpu". The lengths' difference bounds the distance
// from below, so a long key costs nothing.
bool misspells(const std::vector<std::string>& known, const std::string& key) {
  return std::any_of(known.begin(), known.end(), [&key](const std::string& k) {
    const std::size_t edits = std::min(key.size(), k.size()) <= 4 ? 1 : 2;
    const std::size_t apart = k.size() > key.size() ? k.size() - key.size() : key.size() - k.size();
    return apart <= edits && edit_distance(k, key) <= edits;
  });
}

// A key as a note names it: a long one cut short, so a hostile key does not fill the output.
std::string shown_key(const std::string& key) {
  constexpr std::size_t longest = 64;
  return key.size() <= longest ? key : key.substr(0, longest) + "…";
}

// The keys of `known` whose value is not text (see text_keys).
std::vector<std::string> numeric_keys(const std::vector<std::string>& known) {
  std::vector<std::string> out;
  std::copy_if(known.begin(), known.end(), std::back_inserter(out), [](const std::string& key) {
    return std::find(text_keys.begin(), text_keys.end(), key) == text_keys.end();
  });
  return out;
}

// The keys one case may carry. Keys a case adds for people (a `url`, a `notes`, a `table`, a
// `batch_size`) are accepted as they are: text is kept for people, and anything else is listed in
// `ignored` ("training[].batch_size") so that a number calibrate does not read is said to be ignored,
// not silently dropped. A key within two edits of a known one is taken for a misspelling
// ("precison", "gpu_cont") and stays an error. Each case's own keys only: a union over the cases
// made every case's check scan every other case's keys.
std::vector<std::string> with_notes(const nlohmann::json& entry, const char* section,
                                    const std::vector<std::string>& known, std::vector<std::string>& ignored) {
  std::vector<std::string> keys = known;
  if (!entry.is_object()) return keys;
  for (const auto& item : entry.items()) {
    const std::string& key = item.key();
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    if (misspells(item.value().is_string() ? known : numeric_keys(known), key)) continue;
    keys.push_back(key);
    if (!item.value().is_string()) ignored.push_back(fmt::format("{}[].{}", section, shown_key(key)));
  }
  return keys;
}

// The `measured` object's keys: its metrics, and any other key that is not a misspelling of one
// (a `ttft_ms` or `latency_ms` kept beside the throughput), listed in `ignored` like a case's (the
// list loses its repeats once the file is read).
FieldReader measured_of(const FieldReader& r, const char* section, std::vector<std::string> metrics,
                        std::vector<std::string>& ignored) {
  const std::vector<std::string> known = metrics;
  if (const nlohmann::json* measured = r.raw("measured"); measured && measured->is_object()) {
    for (const auto& item : measured->items()) {
      const std::string& key = item.key();
      if (std::find(known.begin(), known.end(), key) != known.end() || misspells(known, key)) continue;
      metrics.push_back(key);
      ignored.push_back(fmt::format("{}[].measured.{}", section, shown_key(key)));
    }
  }
  return r.child("measured", metrics);
}

// `fields` in the order first met, each once.
void drop_repeats(std::vector<std::string>& fields) {
  std::unordered_set<std::string> seen;
  std::erase_if(fields, [&seen](const std::string& field) { return !seen.insert(field).second; });
}

std::string required_text(FieldReader& r, const std::string& key, const std::string& example) {
  auto value = r.optional_text(key);
  if (!value || value->empty()) r.fail(key, "is required", fmt::format("add \"{}\": {}", key, example));
  return *value;
}

// The first reason a case cannot be scored (a GPU or precision the catalog lacks, a method it does
// not model), kept while the rest of the case is read: a malformed field elsewhere in it is the
// reason reported, not hidden behind the unknown GPU. Either sets the case aside.
class SetAside {
 public:
  void note(const FieldReader& r, const std::string& key, const std::string& problem, const std::string& fix) {
    if (first_) return;
    try {
      r.fail(key, problem, fix);
    } catch (const InputError& error) {
      first_.emplace(error);
    }
  }
  void throw_if_any() const {
    if (first_) throw *first_;
  }

 private:
  std::optional<InputError> first_;
};

// A suggestion ("did you mean 'h200'?", "expected one of: …") and the other way out.
std::string or_add_to_catalog(const std::string& suggestion, const char* what) {
  const bool question = !suggestion.empty() && suggestion.back() == '?';
  return fmt::format("{}{}add the {} with --catalog", suggestion, question ? " Or " : "; or ", what);
}

// The catalog GPU, or an empty one (and the case set aside) when the catalog has none by that name.
// A GPU named with its count ("8x H100", "H100 x 8"): the name and the count.
std::optional<std::pair<std::string, double>> split_count(const std::string& name) {
  // Up to 12 digits (a count the range check then refuses, never one that overflows).
  const auto digits = [](std::string_view text) {
    return !text.empty() && text.size() <= 12 && std::all_of(text.begin(), text.end(), [](char c) {
      return std::isdigit(static_cast<unsigned char>(c)) != 0;
    });
  };
  const std::string text = trimmed(lowercase(name));
  for (const std::string_view times : {"×", "x"}) {
    // "8x h100", "8 x h100": a count before the sign.
    if (const auto at = text.find(times); at != std::string::npos && at > 0) {
      const std::string count = trimmed(text.substr(0, at));
      const std::string rest = trimmed(text.substr(at + times.size()));
      if (digits(count) && !rest.empty()) return std::pair{rest, std::stod(count)};
    }
    // "h100 x 8", "h100x8": a count after it.
    if (const auto at = text.rfind(times); at != std::string::npos && at + times.size() < text.size()) {
      const std::string count = trimmed(text.substr(at + times.size()));
      const std::string rest = trimmed(text.substr(0, at));
      if (digits(count) && !rest.empty()) return std::pair{rest, std::stod(count)};
    }
  }
  return std::nullopt;
}

// The catalog GPU a case names (the name may carry its count, returned in `count`), or an empty one
// (and the case set aside) when the catalog has none by that name.
GpuSpec gpu_of(FieldReader& r, const Catalog& catalog, SetAside& aside, std::vector<std::string>& assumed,
               std::optional<double>& count) {
  const std::string name = required_text(r, "gpu", "\"h100-sxm\"");
  const GpuSpec* gpu = catalog.find_gpu(name);
  if (!gpu) {
    if (const auto counted = split_count(name)) {
      if ((gpu = catalog.find_gpu(counted->first))) count = counted->second;
    }
  }
  if (gpu && lowercase(trimmed(name)) != gpu->id) assumed.push_back(fmt::format("gpu '{}' as {}", name, gpu->id));
  if (!gpu) {
    aside.note(r, "gpu", fmt::format("unknown GPU '{}'", name),
               or_add_to_catalog(suggestion_text(name, catalog.gpu_names()), "GPU"));
    return {};
  }
  GpuSpec spec = *gpu;
  // A fleet run below its boards' TDP (the source says so): the models' compute rate follows it.
  if (auto limit = r.optional_number("power_limit_w", Range{1, 10000, true, "watts per GPU, e.g. 500"})) {
    if (const std::string problem = power_limit_problem(spec, *limit); !problem.empty())
      r.fail("power_limit_w", problem, "give the limit the source states, below the GPU's TDP, or leave it out");
    spec.power_limit_w = *limit;
  }
  return spec;
}

int whole_count(FieldReader& r, const std::string& key, double value) {
  if (value != static_cast<double>(static_cast<long long>(value))) {
    r.fail(key, fmt::format("{:g} is not a whole number", value), fmt::format("give {} as a whole number", key));
  }
  return static_cast<int>(value);
}

// The catalog model a case names, and the dimensions it gives. A name the catalog lacks does not
// stop the case: it is placed by its parameters, as a case that names none, and says so.
ModelHint hint_of(FieldReader& r, const Catalog& catalog, std::vector<std::string>& assumed) {
  ModelHint hint;
  if (auto name = r.optional_text("model")) {
    if (const ModelSpec* model = catalog.find_model(*name)) {
      hint.model = model->id;
      if (lowercase(trimmed(*name)) != model->id) assumed.push_back(fmt::format("model '{}' as {}", *name, model->id));
    } else {
      const std::string suggestion = suggestion_text(*name, catalog.model_names());
      assumed.push_back(fmt::format("model '{}' is not in the catalog, so the case is placed by its parameters{}",
                                    *name, suggestion.empty() ? "" : fmt::format(" ({})", suggestion)));
    }
  }
  const Range dimension{1, 1e6, true, "a whole number such as 32"};
  for (auto [key, field] :
       {std::pair{"layers", &hint.layers}, std::pair{"hidden_size", &hint.hidden_size},
        std::pair{"experts", &hint.experts}, std::pair{"experts_per_token", &hint.experts_per_token}}) {
    if (auto value = r.optional_number(key, dimension)) *field = whole_count(r, key, *value);
  }
  return hint;
}

// A case that gives only a total: the active parameters of the catalog's mixture of experts with that
// total, when one is the nearest catalog model within calibration.model_match_tolerance (a dense
// model nearer keeps the case dense). Published MoE figures often give the total alone (46.7B is
// Mixtral 8x7B); costed as dense, the case would run every parameter for every token.
std::optional<double> active_of_matching_moe(const Catalog& catalog, double params, const ModelHint& hint,
                                             std::vector<std::string>& assumed) {
  const double tolerance = std::log1p(required_default(catalog, "calibration.model_match_tolerance").value);
  const ModelSpec* nearest = nullptr;
  double nearest_distance = 0;
  for (const ModelSpec& model : catalog.models) {
    // Experts given by the case: only a mixture with that many can be it.
    if (hint.experts && (!model.moe() || model.experts != hint.experts)) continue;
    const double distance = std::abs(std::log(params / model.params));
    if (distance <= tolerance && (!nearest || distance < nearest_distance)) {
      nearest = &model;
      nearest_distance = distance;
    }
  }
  if (!nearest || !nearest->moe()) return std::nullopt;
  assumed.push_back(fmt::format("active_params not stated: {} is {}'s total, a mixture of experts with {} active",
                                short_quantity(params), nearest->id, short_quantity(nearest->active())));
  return nearest->active();
}

// The parameter counts of a case: its own, or a named mixture of experts' active count where the
// case leaves it out (a DeepSeek-V3 run costed on all 671B would be a dense model's).
void read_params(FieldReader& r, const Catalog& catalog, const ModelHint& hint, double& params,
                 std::optional<double>& active, std::vector<std::string>& assumed) {
  params = r.required_number(key_for(r, "params", common_synonyms, assumed), parameter_count, "7e9");
  const std::string active_key = key_for(r, "active_params", common_synonyms, assumed);
  active = r.optional_number(active_key, parameter_count);
  if (active && *active > params) r.fail(active_key, "cannot exceed params", "active parameters are a subset");
  if (!hint.model) {
    if (!active) active = active_of_matching_moe(catalog, params, hint, assumed);
    return;
  }
  const ModelSpec& model = *catalog.find_model(*hint.model);
  if (!active && model.moe()) {
    active = model.active();
    assumed.push_back(fmt::format("active_params {} from {}", short_quantity(model.active()), model.id));
  }
  constexpr double far_apart = 1.25;  // beyond rounding ("7B" for 6.74B) and vocabulary variants
  if (params > model.params * far_apart || params * far_apart < model.params) {
    assumed.push_back(fmt::format("params {} are not {}'s {}: its shape with the case's count", short_quantity(params),
                                  model.id, short_quantity(model.params)));
  }
}

// `ignore_stated`: the case's precision names no matmul precision (QLoRA's nf4), so it is read as
// if the case named none.
Precision precision_of(FieldReader& r, const GpuSpec& gpu, const std::vector<std::string>& allowed, Precision fallback,
                       bool serving, SetAside& aside, std::vector<std::string>& assumed, bool ignore_stated = false) {
  // As a scenario reads it: "BF16" is bf16, and a case that names none trains in fp16 on a GPU
  // without bf16 tensor cores (V100, T4).
  if (fallback == Precision::bf16 && !gpu.peak_tflops(Precision::bf16) && gpu.peak_tflops(Precision::fp16)) {
    fallback = Precision::fp16;
  }
  // Words that say mixed precision without its format ("AMP", "mixed") state nothing more.
  const std::string written = r.has("precision") ? trimmed(lowercase(r.text("precision", "", ""))) : "";
  const bool unstated = written.empty() || written == "amp" || written == "mixed" || written == "auto" ||
                        written == "default" || written == "mixed-precision" || written == "mixed precision";
  if (unstated)
    assumed.push_back(written.empty() ? fmt::format("precision not stated: {}", to_string(fallback))
                                      : fmt::format("precision '{}' as {}", written, to_string(fallback)));
  const std::string stated = ignore_stated || unstated ? to_string(fallback) : written;
  // Other names for the same format ("bfloat16", "AWQ") read as ftcost's, and say so.
  const auto known = precision_in_words(stated);
  const std::string name = known ? to_string(*known) : stated;
  if (known && name != stated && !ignore_stated) assumed.push_back(fmt::format("precision '{}' as {}", stated, name));
  if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
    // A precision ftcost knows but does not model for this kind of run (fp32 training) is a fact
    // about the case, not a typo: the case is set aside.
    if (!known) r.fail("precision", fmt::format("unknown precision '{}'", stated), suggestion_text(stated, allowed));
    aside.note(r, "precision", fmt::format("calibrate does not model {} in {}", serving ? "serving" : "training", name),
               fmt::format("calibrate scores {} in {}", serving ? "serving" : "training", fmt::join(allowed, ", ")));
    return fallback;
  }
  // Serving: weight-only kernels compute in 16-bit where the GPU lacks the weights' tensor cores.
  const Precision compute = serving ? serving_compute_precision(*known, gpu) : *known;
  if (!gpu.id.empty() && !gpu.peak_tflops(compute)) {
    aside.note(r, "precision", fmt::format("{} has no {} tensor throughput in the catalog", gpu.id, to_string(compute)),
               "use bf16/fp16, or a GPU that supports it");
  }
  return *known;
}

// The training method a case names, in ftcost's words: "SFT" and "full fine-tune" train every
// weight as `full` does, "continued pretraining" is `pretrain`, "PEFT" is LoRA (its common case);
// anything else as written.
std::string canonical_method(const std::string& method) {
  std::string name = lowercase(method);
  std::replace(name.begin(), name.end(), '_', '-');
  std::replace(name.begin(), name.end(), ' ', '-');
  // In words ("LoRA fine-tuning", "SFT (LoRA)", "4-bit LoRA", "supervised fine-tuning"): the adapter
  // named decides, then pre-training, then a fine-tune of every weight. A method ftcost does not
  // model (DPO, DoRA, prompt tuning) stays as written.
  const std::vector<std::string> words = words_of(method);
  const auto has = [&words](std::initializer_list<std::string_view> any) {
    return std::any_of(words.begin(), words.end(),
                       [&any](const std::string& w) { return std::find(any.begin(), any.end(), w) != any.end(); });
  };
  if (has({"dora", "ia3", "dpo", "ppo", "grpo", "rlhf", "orpo", "kto", "distillation", "prompt", "prefix"}))
    return name;
  bool four_bit = has({"nf4", "int4", "4bit"});
  bool q_lora = false;  // "q-lora"
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    four_bit = four_bit || (words[i] == "4" && words[i + 1] == "bit");
    q_lora = q_lora || (words[i] == "q" && words[i + 1] == "lora");
  }
  if (has({"qlora"}) || q_lora || (has({"lora", "peft"}) && four_bit)) return "qlora";
  if (has({"lora", "peft"})) return "lora";
  if (has({"pretrain", "pretraining", "cpt"}) || (has({"pre"}) && has({"train", "training"}))) return "pretrain";
  static constexpr std::string_view full_words[] = {"sft",        "full",  "fft",     "ft",       "finetune",
                                                    "finetuning", "fine",  "tune",    "tuning",   "supervised",
                                                    "parameter",  "param", "weights", "training", "instruction"};
  const bool only_full_words = !words.empty() && std::all_of(words.begin(), words.end(), [](const std::string& w) {
    return std::find(std::begin(full_words), std::end(full_words), w) != std::end(full_words);
  });
  if (only_full_words && has({"sft", "full", "fft", "ft", "finetune", "finetuning", "fine", "tuning", "supervised"}))
    return "full";
  return name;
}

// A measurement some write under another name, as a total over the run's GPUs, or in days: the
// metric, the name, and what turns one into the other (÷ or × the case's GPUs, × 24 hours).
struct MetricName {
  enum class Scale { same, per_gpu, times_gpus, days_to_hours };
  const char* metric;
  const char* name;
  Scale scale;
};
using MetricScale = MetricName::Scale;
const MetricName training_metric_names[] = {
    {"tokens_per_s_per_gpu", "tokens_per_second_per_gpu", MetricScale::same},
    {"tokens_per_s_per_gpu", "tokens_per_sec_per_gpu", MetricScale::same},
    {"tokens_per_s_per_gpu", "tgs", MetricScale::same},
    {"tokens_per_s_per_gpu", "tokens_per_s", MetricScale::per_gpu},
    {"tokens_per_s_per_gpu", "tokens_per_second", MetricScale::per_gpu},
    {"tokens_per_s_per_gpu", "tokens_per_sec", MetricScale::per_gpu},
    {"gpu_hours", "gpu_days", MetricScale::days_to_hours},
    {"gpu_hours", "wall_clock_hours", MetricScale::times_gpus},
    {"gpu_hours", "wall_hours", MetricScale::times_gpus},
    {"tokens", "training_tokens", MetricScale::same},
    {"tokens", "total_tokens", MetricScale::same},
};
const MetricName serving_metric_names[] = {
    {"output_tokens_per_s_per_gpu", "output_tokens_per_second_per_gpu", MetricScale::same},
    {"output_tokens_per_s_per_gpu", "output_tokens_per_sec_per_gpu", MetricScale::same},
    {"output_tokens_per_s_per_gpu", "output_tokens_per_s", MetricScale::per_gpu},
    {"output_tokens_per_s_per_gpu", "output_tokens_per_second", MetricScale::per_gpu},
    {"output_tokens_per_s_per_gpu", "output_throughput", MetricScale::per_gpu},
};

template <std::size_t N>
std::vector<std::string> with_metric_names(std::vector<std::string> metrics, const MetricName (&names)[N]) {
  for (const MetricName& n : names) metrics.emplace_back(n.name);
  return metrics;
}

// `metric` as the case measured it, under its own name or another (converted with the case's GPU
// count, which a total then needs). Two names for one metric are an error of the case.
template <std::size_t N>
std::optional<double> metric_of(FieldReader& m, const char* metric, const MetricName (&names)[N],
                                std::optional<int> gpu_count, std::vector<std::string>& assumed) {
  std::optional<double> value = m.optional_number(metric, positive);
  std::string found = value ? metric : "";
  for (const MetricName& n : names) {
    if (std::string_view(n.metric) != metric || !m.has(n.name)) continue;
    if (!found.empty())
      m.fail(n.name, fmt::format("measures {} a second time (as \"{}\" does)", metric, found), "keep one of them");
    found = n.name;
    double v = m.required_number(n.name, positive, "1500");
    if (n.scale == MetricScale::per_gpu || n.scale == MetricScale::times_gpus) {
      if (!gpu_count) {
        m.fail(
            n.name,
            fmt::format("is a total over the run's GPUs, and the case gives no gpu_count to turn it into {}", metric),
            fmt::format("add gpu_count, or give the measurement as {}", metric));
      }
      const bool divide = n.scale == MetricScale::per_gpu;
      assumed.push_back(fmt::format("{} {:g} {} {} GPUs", n.name, v, divide ? "over" : "on", *gpu_count));
      v = divide ? v / *gpu_count : v * *gpu_count;
    } else if (n.scale == MetricScale::days_to_hours) {
      v *= 24.0;
    }
    value = v;
  }
  return value;
}

// A token length: "2K", "4k", "32K" are 2,048, 4,096 and 32,768, as sequence lengths are written,
// not thousands.
std::optional<double> length_of(FieldReader& r, const std::string& key, const Range& range,
                                std::vector<std::string>& assumed) {
  if (const nlohmann::json* raw = r.raw(key); raw && raw->is_string()) {
    const std::string text = trimmed(raw->get<std::string>());
    if (text.size() > 1 && (text.back() == 'k' || text.back() == 'K')) {
      if (const auto value = parse_quantity(text.substr(0, text.size() - 1)).value; value && *value > 0) {
        const double tokens = *value * 1024;
        if (tokens >= range.min && tokens <= range.max) {
          assumed.push_back(fmt::format("{} '{}' as {:g} tokens", key, text, tokens));
          return tokens;
        }
      }
    }
  }
  return r.optional_number(key, range);
}

// Where a case was read: its `source`, text (a list or an object of links is kept as written, for
// the cross-validation's grouping and for people).
std::string source_of(FieldReader& r) {
  const nlohmann::json* raw = r.raw("source");
  if (raw && !raw->is_null() && !raw->is_string()) return raw->dump().substr(0, max_source_length);
  return r.optional_text("source", max_source_length).value_or("");
}

// The GPU count a case gives: `gpu_count` (or another tool's name for it), else the count its GPU's
// name carries ("8x H100"), else nodes × gpus_per_node.
std::optional<int> gpu_count_of(FieldReader& r, std::optional<double> in_name, std::vector<std::string>& assumed) {
  if (in_name && (*in_name < gpu_count_range.min || *in_name > gpu_count_range.max))
    r.fail("gpu", fmt::format("names {:g} GPUs", *in_name), "write between 1 and 1,000,000 GPUs, or give gpu_count");
  const std::string key = key_for(r, "gpu_count", common_synonyms, assumed);
  if (auto count = r.optional_number(key, gpu_count_range)) {
    // Two counts that disagree: which is the run's would be a guess.
    if (in_name && *in_name != *count)
      r.fail(key, fmt::format("is {:g}, and the GPU's name says {:g}", *count, *in_name), "keep one count");
    return whole_count(r, key, *count);
  }
  if (in_name) {
    assumed.push_back(fmt::format("gpu_count {:g} from the GPU's name", *in_name));
    return static_cast<int>(*in_name);
  }
  const auto nodes = r.optional_number("nodes", gpu_count_range);
  const auto per_node = r.optional_number("gpus_per_node", gpu_count_range);
  if (nodes && per_node) {
    whole_count(r, "nodes", *nodes);
    whole_count(r, "gpus_per_node", *per_node);
    const double count = *nodes * *per_node;  // in double: two large counts overflow an int
    if (count > gpu_count_range.max)
      r.fail("gpus_per_node",
             fmt::format("nodes × gpus_per_node is {:g} GPUs, more than {:g}", count, gpu_count_range.max),
             "check the two counts");
    assumed.push_back(fmt::format("gpu_count {:g} = nodes {:g} × gpus_per_node {:g}", count, *nodes, *per_node));
    return static_cast<int>(count);
  }
  return std::nullopt;
}

TrainingCase read_training(FieldReader& r, const Catalog& catalog, std::vector<std::string>& ignored) {
  TrainingCase c;
  c.id = required_text(r, "id", "\"my-run-1\"");
  c.source = source_of(r);
  SetAside aside;
  c.hint = hint_of(r, catalog, c.assumed);
  read_params(r, catalog, c.hint, c.params, c.active_params, c.assumed);
  static const std::vector<std::string> methods = {"pretrain", "full", "lora", "qlora"};
  const std::string method = required_text(r, "method", "\"full\"");
  c.method = canonical_method(method);
  if (c.method != lowercase(method) &&
      (c.method == "pretrain" || c.method == "full" || c.method == "lora" || c.method == "qlora"))
    c.assumed.push_back(fmt::format("method '{}' as {}", method, c.method));
  // A LoRA over 4-bit base weights is QLoRA, whichever of the two fields says so.
  const std::string stated = r.has("precision") ? lowercase(r.text("precision", "bf16", "")) : "";
  const bool four_bit_base = !stated.empty() && precision_in_words(stated) == Precision::int4;
  if (c.method == "lora" && four_bit_base) {
    c.method = "qlora";
    c.assumed.push_back(fmt::format("LoRA over {} base weights: QLoRA", stated));
  }
  if (std::find(methods.begin(), methods.end(), c.method) == methods.end()) {
    // A method ftcost's training model does not cover (DoRA, prompt tuning, RLHF) is set aside like
    // an unknown GPU; one a letter or two off a known name is a typo, and says so.
    static const std::vector<std::string> other_methods = {"dora", "ia3", "prompt_tuning", "p_tuning", "prefix_tuning",
                                                           "dpo",  "ppo", "grpo",          "rlhf",     "distillation"};
    const bool other = std::find(other_methods.begin(), other_methods.end(), c.method) != other_methods.end();
    // Letters swapped ("lroa") are a misspelling too, which edit distance counts as two edits.
    const auto swapped = [&](const std::string& known) {
      std::string a = known;
      std::string b = c.method;
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      return a == b;
    };
    if (!other && (misspells(methods, c.method) || std::any_of(methods.begin(), methods.end(), swapped))) {
      r.fail("method", fmt::format("unknown method '{}'", c.method), suggestion_text(c.method, methods));
    }
    aside.note(r, "method", fmt::format("calibrate does not model method '{}'", c.method),
               fmt::format("calibrate scores {} runs", fmt::join(methods, ", ")));
  }
  std::optional<double> count_in_name;
  c.gpu = gpu_of(r, catalog, aside, c.assumed, count_in_name);
  c.gpu_count = gpu_count_of(r, count_in_name, c.assumed);
  // QLoRA's base weights are 4-bit whatever the case calls them (nf4, int4): its matmuls run in
  // 16-bit, bf16 where the GPU has it (fp16 on a V100 or T4), as when the case names no precision.
  c.precision = precision_of(r, c.gpu, {"bf16", "fp16", "fp8"}, Precision::bf16, false, aside, c.assumed,
                             c.method == "qlora" && four_bit_base);
  const std::string seq_key = key_for(r, "seq_len", training_synonyms, c.assumed);
  c.seq_len = length_of(r, seq_key, Range{1, 1e7, true, "tokens per sequence such as 4096"}, c.assumed);
  c.activation_checkpointing =
      r.boolean("activation_checkpointing", false, "the memory plan decides what is recomputed");
  c.attention_span = r.optional_number("attention_span", Range{1, 1e7, true, "tokens, such as 300"});
  if (c.attention_span && !c.seq_len)
    r.fail("attention_span", "describes examples packed into longer sequences, but the case gives no seq_len",
           "add the packed length as seq_len, or leave attention_span out");
  if (c.attention_span && *c.attention_span > *c.seq_len)
    r.fail("attention_span",
           fmt::format("{:g} is longer than the sequence ({:g} tokens)", *c.attention_span, *c.seq_len),
           "write at most seq_len, or leave it out when attention spans the whole sequence");
  c.attention_kernel = read_attention_kernel(r);
  if (!c.attention_kernel && training_assumptions(catalog, c.gpu).flash_attention_2_rate < 1) {
    // Only where the kernel changes the prediction (Hopper, datacenter Blackwell): said, as every
    // convention is.
    c.assumed.push_back("attention_kernel not stated: fused");
  }
  c.chunked_loss = r.boolean("chunked_loss", false, "fp32 logits, as most trainers hold them");
  c.micro_batch = r.optional_number("micro_batch", Range{1, 1024, true, "sequences per GPU per pass, such as 2"});
  if (c.micro_batch) whole_count(r, "micro_batch", *c.micro_batch);
  if (!r.has("measured"))
    r.fail("measured", "is required", "add {\"tokens_per_s_per_gpu\": ...} or {\"tokens\": ..., \"gpu_hours\": ...}");
  FieldReader m =
      measured_of(r, "training",
                  with_metric_names({"tokens_per_s_per_gpu", "tokens", "gpu_hours"}, training_metric_names), ignored);
  c.tokens_per_s_per_gpu = metric_of(m, "tokens_per_s_per_gpu", training_metric_names, c.gpu_count, c.assumed);
  c.tokens = metric_of(m, "tokens", training_metric_names, c.gpu_count, c.assumed);
  c.gpu_hours = metric_of(m, "gpu_hours", training_metric_names, c.gpu_count, c.assumed);
  const bool whole_run = c.tokens || c.gpu_hours;
  if (c.tokens_per_s_per_gpu && whole_run) {
    m.fail("", "give either tokens_per_s_per_gpu or tokens with gpu_hours, not both", "keep one measurement per case");
  }
  if (!c.tokens_per_s_per_gpu && !(c.tokens && c.gpu_hours)) {
    m.fail(c.tokens      ? "gpu_hours"
           : c.gpu_hours ? "tokens"
                         : "tokens_per_s_per_gpu",
           "is required", "give tokens_per_s_per_gpu, or tokens and gpu_hours for a whole run");
  }
  aside.throw_if_any();
  return c;
}

// How much a serving case weighs in `--fit`: a measurement its own file marks as doubtful (a
// second-hand figure, unstated lengths or set-up) counts for less than one read off a clear table.
double confidence_weight(const std::string& confidence) {
  if (confidence == "medium") return 0.5;
  if (confidence == "low") return 0.25;
  return 1.0;  // "high", or not stated (the user's own measurement)
}

// "Offline" as a word in a case's source ("'Offline Batch Benchmarking'", "offline large-batch").
bool says_offline(const std::string& source) { return has_word(lowercase(source), "offline"); }

ServingCase read_serving(FieldReader& r, const Catalog& catalog, std::vector<std::string>& ignored) {
  ServingCase c;
  c.id = required_text(r, "id", "\"my-endpoint-1\"");
  c.source = source_of(r);
  c.fit_weight = confidence_weight(r.optional_text("confidence", max_source_length).value_or(""));
  SetAside aside;
  c.hint = hint_of(r, catalog, c.assumed);
  read_params(r, catalog, c.hint, c.params, c.active_params, c.assumed);
  std::optional<double> count_in_name;
  c.gpu = gpu_of(r, catalog, aside, c.assumed, count_in_name);
  c.gpu_count = gpu_count_of(r, count_in_name, c.assumed);
  // A tensor-parallel size: one replica's GPUs. Beside a larger gpu_count the rest are more replicas,
  // each as fast per GPU, so the replica is what the model runs (after a total is divided by all).
  std::optional<int> tensor_parallel;
  const std::string tp_key = key_for(r, "tp", tensor_parallel_synonyms, c.assumed);
  if (auto tp = r.optional_number(tp_key, gpu_count_range)) tensor_parallel = whole_count(r, tp_key, *tp);
  if (tensor_parallel && c.gpu_count && (*tensor_parallel > *c.gpu_count || *c.gpu_count % *tensor_parallel != 0)) {
    r.fail(tp_key, fmt::format("{} GPUs a replica does not divide gpu_count {}", *tensor_parallel, *c.gpu_count),
           "give the replica's tensor-parallel size and the GPUs of all replicas");
  }
  if (tensor_parallel && !c.gpu_count) {
    c.gpu_count = tensor_parallel;
    c.assumed.push_back(fmt::format("gpu_count {} from its tensor-parallel size", *tensor_parallel));
  }
  const std::string count_field = r.has("gpu_count") ? "gpu_count" : "gpu";
  c.entry = r.path(count_field);
  c.where = r.where(count_field);
  c.precision =
      precision_of(r, c.gpu, {"fp16", "bf16", "fp8", "int8", "int4", "fp4"}, Precision::fp16, true, aside, c.assumed);
  c.concurrency = r.optional_number(key_for(r, "concurrency", serving_synonyms, c.assumed),
                                    Range{1, 1e7, true, "requests in flight such as 64"});
  c.input_tokens = length_of(r, key_for(r, "input_tokens", serving_synonyms, c.assumed),
                             Range{1, 1e7, true, "prompt tokens such as 128"}, c.assumed);
  c.output_tokens = length_of(r, key_for(r, "output_tokens", serving_synonyms, c.assumed),
                              Range{1, 1e7, true, "answer tokens such as 128"}, c.assumed);
  c.decode_only = r.boolean("decode_only", false, "prefill and decode on the same GPUs");
  c.offline = r.has("offline") ? r.boolean("offline", false, "") : says_offline(c.source);
  if (const auto engine = r.optional_text("engine")) {
    // An engine ftcost has no name for (a vendor's own) is a fact about the measurement,
    // not a mistake: the case runs at the all-engine overhead and the CLI says the value went unused.
    c.engine = engine_named_in(*engine);
    if (c.engine.empty()) ignored.push_back(fmt::format("serving[].engine '{}'", *engine));
  } else {
    c.engine = engine_named_in(c.source);
  }
  if (!r.has("measured")) r.fail("measured", "is required", "add {\"output_tokens_per_s_per_gpu\": ...}");
  FieldReader m =
      measured_of(r, "serving", with_metric_names({"output_tokens_per_s_per_gpu"}, serving_metric_names), ignored);
  const auto output = metric_of(m, "output_tokens_per_s_per_gpu", serving_metric_names, c.gpu_count, c.assumed);
  if (!output) m.fail("output_tokens_per_s_per_gpu", "is required", "add \"output_tokens_per_s_per_gpu\": 1500");
  c.output_tokens_per_s_per_gpu = *output;
  if (tensor_parallel && tensor_parallel != c.gpu_count) {
    c.assumed.push_back(
        fmt::format("tensor parallel {} of {} GPUs: replicas of {}", *tensor_parallel, *c.gpu_count, *tensor_parallel));
    c.gpu_count = tensor_parallel;
  }
  aside.throw_if_any();
  return c;
}

// A key as calibrate names its fields: lower case, words joined by underscores — "GPU" is gpu,
// "gpuCount" and "GPU count" are gpu_count, "numGPUs" is num_gpus.
std::string canonical_key(const std::string& key) {
  std::string out;
  for (std::size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    const bool upper = c >= 'A' && c <= 'Z';
    const auto lower_at = [&key](std::size_t at) {
      return at < key.size() && ((key[at] >= 'a' && key[at] <= 'z') || (key[at] >= '0' && key[at] <= '9'));
    };
    const auto upper_at = [&key](std::size_t at) { return at < key.size() && key[at] >= 'A' && key[at] <= 'Z'; };
    // A new word starts at a capital after a small letter, or at the last capital of a run that a
    // small letter follows ("tokensPerSPerGpu", "GPUCount").
    if (upper && i > 0 && (lower_at(i - 1) || (upper_at(i - 1) && lower_at(i + 1)))) out.push_back('_');
    out.push_back(c == ' ' || c == '-' ? '_' : upper ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

// Two keys of one object that name the same field once written calibrate's way ("gpu" and "GPU"):
// the one spelt otherwise (reported) and the other.
std::optional<std::pair<std::string, std::string>> key_clash(const nlohmann::json& object) {
  if (!object.is_object()) return std::nullopt;
  std::map<std::string, std::string> seen;  // canonical key → the key written
  for (const auto& item : object.items()) {
    const auto [it, added] = seen.emplace(canonical_key(item.key()), item.key());
    if (added) continue;
    const bool first_is_odd = canonical_key(it->second) != it->second;
    return first_is_odd ? std::pair{it->second, item.key()} : std::pair{item.key(), it->second};
  }
  return std::nullopt;
}

// Reads each case of the list under `kind` on its own: a case calibrate cannot score, or one with a
// malformed field, goes to `unscored` with its reason and leaves the others scored.
template <typename Case, typename Read>
void read_cases(const FieldReader& top, const char* kind,
                const std::function<std::vector<std::string>(const nlohmann::json&)>& allowed_for,
                std::vector<Case>& cases, std::vector<UnscoredCase>& unscored, Read read) {
  const nlohmann::json* list = top.raw(kind);
  if (!list) return;
  if (!list->is_array()) top.fail(kind, "expected a list of cases", "write [ {...}, ... ], one mapping per case");
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const nlohmann::json& entry = (*list)[i];
    const std::string id =
        entry.is_object() && entry.contains("id") && entry["id"].is_string() ? entry["id"].get<std::string>() : "";
    try {
      // A key written twice in two spellings ("gpu" and "GPU") is one field given twice.
      const auto clash = key_clash(entry);
      std::vector<std::string> allowed = allowed_for(entry);
      if (clash) allowed.insert(allowed.end(), {clash->first, clash->second});
      FieldReader r = top.element(kind, i, allowed);
      if (clash) {
        r.fail(clash->first,
               fmt::format("gives {} a second time (as \"{}\" does)", canonical_key(clash->first), clash->second),
               "keep one of them");
      }
      if (!id.empty() && std::find(ids.begin(), ids.end(), id) != ids.end())
        r.fail("id", fmt::format("'{}' is used twice", id), "give every case its own id");
      cases.push_back(read(r));
    } catch (const InputError& e) {
      unscored.push_back({kind, id, e.where(), e.field(), e.problem(), e.fix()});
    }
    ids.push_back(id);
  }
}

// The pointer's segments, unescaped ("/training/0/GPU" → {"training", "0", "GPU"}).
std::vector<std::string> pointer_segments(const std::string& pointer) {
  std::vector<std::string> out;
  std::size_t at = 1;
  while (at <= pointer.size() && !pointer.empty()) {
    const std::size_t end = std::min(pointer.find('/', at), pointer.size());
    std::string segment;
    for (std::size_t i = at; i < end; ++i) {
      if (pointer[i] == '~' && i + 1 < end) {
        segment.push_back(pointer[i + 1] == '1' ? '/' : '~');
        ++i;
      } else {
        segment.push_back(pointer[i]);
      }
    }
    out.push_back(segment);
    at = end + 1;
  }
  return out;
}

// The file with its keys as calibrate names them where an author wrote them otherwise ("GPU",
// "gpuCount", "Measured"): the top level, each case and its `measured`, every value where it was
// written (so errors still name the line). An object whose keys would collide once renamed keeps them.
Document with_canonical_keys(const Document& doc) {
  const auto renamed = [](const nlohmann::json& object) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, value] : object.items()) {
      if (out.contains(canonical_key(key))) return object;
      out[canonical_key(key)] = value;
    }
    return out;
  };
  const auto differs = [](const nlohmann::json& object) {
    if (!object.is_object()) return false;
    for (const auto& item : object.items()) {
      if (canonical_key(item.key()) != item.key()) return true;
    }
    return false;
  };
  bool any = differs(doc.root);
  if (doc.root.is_object()) {
    for (const auto& item : doc.root.items()) {
      if (!item.value().is_array()) continue;
      for (const auto& entry : item.value()) {
        any = any || differs(entry);
        if (entry.is_object() && entry.contains("measured")) any = any || differs(entry["measured"]);
      }
    }
  }
  if (!any) return doc;
  Document out;
  out.file = doc.file;
  out.root = renamed(doc.root);
  for (auto& [key, list] : out.root.items()) {
    if (!list.is_array()) continue;
    for (auto& entry : list) {
      if (!entry.is_object()) continue;
      entry = renamed(entry);
      if (entry.contains("measured") && entry["measured"].is_object()) entry["measured"] = renamed(entry["measured"]);
    }
  }
  // Every position again, under the renamed keys (depth 0: the file's, 2: a case's, 3: its measurement's).
  doc.fill_locations();
  for (const auto& [pointer, where] : doc.locations) {
    std::vector<std::string> segments = pointer_segments(pointer);
    for (std::size_t depth : {std::size_t{0}, std::size_t{2}, std::size_t{3}}) {
      if (depth >= segments.size()) break;
      if (depth == 3 && segments[2] != "measured") break;
      const std::string key = canonical_key(segments[depth]);
      // Renamed only where the object was (a colliding one kept its keys).
      nlohmann::json::json_pointer parent;
      for (std::size_t i = 0; i < depth; ++i) parent /= segments[i];
      if (out.root.contains(parent) && out.root.at(parent).is_object() && out.root.at(parent).contains(key) &&
          !out.root.at(parent).contains(segments[depth]))
        segments[depth] = key;
    }
    std::string renamed_pointer;
    for (const std::string& segment : segments) renamed_pointer = child_pointer(renamed_pointer, segment);
    out.locations.emplace(renamed_pointer, where);
  }
  return out;
}

}  // namespace

CalibrationSet load_calibration(const Document& written, const Catalog& catalog) {
  const Document doc = with_canonical_keys(written);
  std::vector<AppliedDefault> ignored;
  if (!doc.root.is_object()) {
    throw InputError(doc.locate(""), "(top level)", "a calibration file must be a mapping",
                     fmt::format("start with {{\"format\": \"{}\", ...}}", calibration_format));
  }
  if (const auto clash = key_clash(written.root)) {
    throw InputError(written.locate(child_pointer("", clash->first)), clash->first,
                     fmt::format("gives {} a second time (as \"{}\" does)", canonical_key(clash->first), clash->second),
                     "keep one of them");
  }
  // Keys of the file besides its cases (an author, a version, a licence) are kept for people.
  std::vector<std::string> top_keys = {"format", "note", "training", "serving"};
  CalibrationSet set;
  set.file = doc.file;
  for (const auto& item : doc.root.items()) {
    if (std::find(top_keys.begin(), top_keys.end(), item.key()) != top_keys.end()) continue;
    // A misspelt list of cases ("trainings") would drop them unseen: an error. Text or a list of it
    // beside the cases ("notes" for "note") is for people, whatever its key.
    const nlohmann::json& value = item.value();
    const bool may_hold_cases =
        value.is_object() ||
        (value.is_array() && std::any_of(value.begin(), value.end(), [](const auto& e) { return e.is_object(); }));
    if (may_hold_cases && misspells(top_keys, item.key())) continue;
    top_keys.push_back(item.key());
    if (!value.is_string()) set.ignored_fields.push_back(item.key());
  }
  FieldReader top(doc, "", "", ignored, top_keys);
  const auto format = top.optional_text("format");
  if (!format) top.fail("format", "is required", fmt::format("add \"format\": \"{}\"", calibration_format));
  if (*format != calibration_format) {
    top.fail("format", fmt::format("'{}' is not a calibration file", *format),
             fmt::format("this ftcost reads \"{}\"", calibration_format));
  }
  std::vector<std::string> training_keys =
      with(common_keys, {"method", "seq_len", "activation_checkpointing", "chunked_loss", "attention_span",
                         "attention_kernel", "micro_batch"});
  for (const auto& table : {synonym_keys(common_synonyms), synonym_keys(training_synonyms)})
    training_keys.insert(training_keys.end(), table.begin(), table.end());
  read_cases(
      top, "training",
      [&](const nlohmann::json& entry) { return with_notes(entry, "training", training_keys, set.ignored_fields); },
      set.training, set.unscored, [&](FieldReader& r) { return read_training(r, catalog, set.ignored_fields); });
  std::vector<std::string> serving_keys =
      with(common_keys, {"concurrency", "input_tokens", "output_tokens", "decode_only", "offline", "engine", "tp",
                         "tp_size", "tensor_parallel_size", "tensor_parallel"});
  for (const auto& table : {synonym_keys(common_synonyms), synonym_keys(serving_synonyms)})
    serving_keys.insert(serving_keys.end(), table.begin(), table.end());
  read_cases(
      top, "serving",
      [&](const nlohmann::json& entry) { return with_notes(entry, "serving", serving_keys, set.ignored_fields); },
      set.serving, set.unscored, [&](FieldReader& r) { return read_serving(r, catalog, set.ignored_fields); });
  drop_repeats(set.ignored_fields);
  // Predictions are keyed by id alone, so a serving case may not reuse a training case's id.
  std::set<std::string> training_ids;
  for (const TrainingCase& c : set.training) training_ids.insert(c.id);
  std::erase_if(set.serving, [&](const ServingCase& c) {
    if (training_ids.count(c.id) == 0) return false;
    UnscoredCase unscored;
    unscored.kind = "serving";
    unscored.id = c.id;
    unscored.where.file = doc.file;
    unscored.field = "serving.id";
    unscored.problem = fmt::format("'{}' is also a training case's id", c.id);
    unscored.fix = "give every case its own id";
    set.unscored.push_back(std::move(unscored));
    return true;
  });
  set_aside_unplaceable(set, catalog);
  if (set.training.empty() && set.serving.empty() && set.unscored.empty()) {
    top.fail("training", "the file has no cases", "add a `training` or `serving` list");
  }
  return set;
}

CalibrationSet merge_sets(std::vector<CalibrationSet> sets) {
  if (sets.size() == 1) return std::move(sets.front());
  CalibrationSet out;
  std::map<std::string, std::string> file_of;  // case id → the file that has it
  for (CalibrationSet& set : sets) {
    out.file += (out.file.empty() ? "" : " + ") + set.file;
    // An id an earlier file's scored case has: this one is set aside (predictions are keyed by id).
    const auto claimed = [&](const std::string& id, const char* kind) {
      const auto [it, added] = file_of.emplace(id, set.file);
      if (added) return true;
      UnscoredCase repeated;
      repeated.kind = kind;
      repeated.id = id;
      repeated.where.file = set.file;
      repeated.field = "id";
      repeated.problem = fmt::format("'{}' is also a case of {}", id, it->second);
      repeated.fix = "give every case its own id across the files";
      out.unscored.push_back(std::move(repeated));
      return false;
    };
    for (TrainingCase& c : set.training) {
      if (claimed(c.id, "training")) out.training.push_back(std::move(c));
    }
    for (ServingCase& c : set.serving) {
      if (claimed(c.id, "serving")) out.serving.push_back(std::move(c));
    }
    // A case already set aside keeps its own reason (a repeat inside its file says so).
    for (UnscoredCase& c : set.unscored) out.unscored.push_back(std::move(c));
    for (const std::string& field : set.ignored_fields) out.ignored_fields.push_back(set.file + ": " + field);
  }
  return out;
}

}  // namespace ftcost
