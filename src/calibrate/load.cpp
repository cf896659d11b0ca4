// Reading an `ftcost-calibration/1` file: every field checked, every GPU resolved in the catalog.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_set>

#include "ftcost/calibrate/calibration.hpp"
#include "ftcost/scenario/assumptions.hpp"
#include "ftcost/scenario/field_reader.hpp"
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
                                              "url"};

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
    if (std::find(known.begin(), known.end(), key) != known.end() || misspells(known, key)) continue;
    keys.push_back(key);
    if (!item.value().is_string()) ignored.push_back(fmt::format("{}[].{}", section, key));
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
      ignored.push_back(fmt::format("{}[].measured.{}", section, key));
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

// A case calibrate cannot score (a GPU, model or precision the catalog lacks, a method it does not
// model): thrown like a field error, caught per case by load_calibration.
class Unscorable : public InputError {
 public:
  explicit Unscorable(const InputError& error)
      : InputError(error.where(), error.field(), error.problem(), error.fix()) {}
};

// The first reason a case cannot be scored, kept while the rest of the case is read: a malformed
// field elsewhere in it is still an error of the file, not hidden behind the unknown GPU.
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
    if (first_) throw Unscorable(*first_);
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
GpuSpec gpu_of(FieldReader& r, const Catalog& catalog, SetAside& aside) {
  const std::string name = required_text(r, "gpu", "\"h100-sxm\"");
  const GpuSpec* gpu = catalog.find_gpu(name);
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

ModelHint hint_of(FieldReader& r, const Catalog& catalog, SetAside& aside) {
  ModelHint hint;
  if (auto name = r.optional_text("model")) {
    if (const ModelSpec* model = catalog.find_model(*name)) {
      hint.model = model->id;
    } else {
      aside.note(r, "model", fmt::format("unknown model '{}'", *name),
                 or_add_to_catalog(suggestion_text(*name, catalog.model_names()), "model") +
                     ", or drop `model` to place the case by its parameters");
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

// `ignore_stated`: the case's precision names no matmul precision (QLoRA's nf4), so it is read as
// if the case named none.
Precision precision_of(FieldReader& r, const GpuSpec& gpu, const std::vector<std::string>& allowed, Precision fallback,
                       bool serving, SetAside& aside, bool ignore_stated = false) {
  // As a scenario reads it: "BF16" is bf16, and a case that names none trains in fp16 on a GPU
  // without bf16 tensor cores (V100, T4).
  if (fallback == Precision::bf16 && !gpu.peak_tflops(Precision::bf16) && gpu.peak_tflops(Precision::fp16)) {
    fallback = Precision::fp16;
  }
  const std::string name =
      ignore_stated ? to_string(fallback) : lowercase(r.text("precision", to_string(fallback), "the usual precision"));
  if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
    // A precision ftcost knows but does not model for this kind of run (fp32 training) is a fact
    // about the case, not a typo: the case is set aside.
    if (!parse_precision(name)) {
      r.fail("precision", fmt::format("unknown precision '{}'", name), suggestion_text(name, allowed));
    }
    aside.note(r, "precision", fmt::format("calibrate does not model {} in {}", serving ? "serving" : "training", name),
               fmt::format("calibrate scores {} in {}", serving ? "serving" : "training", fmt::join(allowed, ", ")));
    return fallback;
  }
  const Precision parsed = *parse_precision(name);
  // Serving: weight-only kernels compute in 16-bit where the GPU lacks the weights' tensor cores.
  const Precision compute = serving ? serving_compute_precision(parsed, gpu) : parsed;
  if (!gpu.id.empty() && !gpu.peak_tflops(compute)) {
    aside.note(r, "precision", fmt::format("{} has no {} tensor throughput in the catalog", gpu.id, to_string(compute)),
               "use bf16/fp16, or a GPU that supports it");
  }
  return parsed;
}

void check_active(FieldReader& r, double params, const std::optional<double>& active) {
  if (active && *active > params) r.fail("active_params", "cannot exceed params", "active parameters are a subset");
}

// Names other tools and papers give the fields a prediction depends on: kept beside a case they
// would be ignored and the field left to its default (the sequence length, the GPU count, a serving
// batch), so they are errors that name the field. Other extra keys are kept and noted.
struct FieldSynonyms {
  const char* field;
  std::initializer_list<const char*> names;
};
const FieldSynonyms common_synonyms[] = {
    {"gpu_count", {"num_gpus", "n_gpus", "gpus", "num_gpu", "gpu_num", "world_size", "ngpus"}},
    {"params", {"parameters", "num_params", "n_params", "param_count", "num_parameters"}},
    {"active_params", {"active_parameters", "activated_params", "num_active_params"}},
};
const FieldSynonyms training_synonyms[] = {
    {"seq_len", {"seq_length", "sequence_length", "max_seq_len", "max_seq_length", "seqlen", "sequence_len"}},
};
const FieldSynonyms serving_synonyms[] = {
    {"concurrency",
     {"batch_size", "batch", "max_batch_size", "num_concurrent", "concurrent_requests", "max_concurrency"}},
    {"input_tokens", {"input_len", "input_length", "prompt_tokens", "prompt_len", "isl"}},
    {"output_tokens", {"output_len", "output_length", "completion_tokens", "generated_tokens", "osl"}},
};

template <std::size_t N>
void reject_synonyms(FieldReader& r, const FieldSynonyms (&table)[N]) {
  for (const FieldSynonyms& entry : table) {
    for (const char* name : entry.names) {
      if (r.has(name)) {
        r.fail(
            name,
            fmt::format("is not a field calibrate reads (it would be ignored and {} left to its default)", entry.field),
            fmt::format("write it as \"{}\"", entry.field));
      }
    }
  }
}

TrainingCase read_training(FieldReader& r, const Catalog& catalog, std::vector<std::string>& ignored) {
  reject_synonyms(r, common_synonyms);
  reject_synonyms(r, training_synonyms);
  TrainingCase c;
  c.id = required_text(r, "id", "\"my-run-1\"");
  c.params = r.required_number("params", parameter_count, "7e9");
  c.active_params = r.optional_number("active_params", parameter_count);
  check_active(r, c.params, c.active_params);
  c.source = r.optional_text("source", max_source_length).value_or("");
  SetAside aside;
  c.hint = hint_of(r, catalog, aside);
  static const std::vector<std::string> methods = {"pretrain", "full", "lora", "qlora"};
  c.method = lowercase(required_text(r, "method", "\"full\""));
  if (c.method == "pretraining" || c.method == "pre-training" || c.method == "pre_train") c.method = "pretrain";
  if (std::find(methods.begin(), methods.end(), c.method) == methods.end()) {
    // A method ftcost's training model does not cover (DoRA, prompt tuning, RLHF) is set aside like
    // an unknown GPU; one a letter or two off a known name is a typo and stays an error.
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
  c.gpu = gpu_of(r, catalog, aside);
  if (auto count = r.optional_number("gpu_count", gpu_count_range)) c.gpu_count = whole_count(r, "gpu_count", *count);
  // QLoRA's base weights are 4-bit whatever the case calls them (nf4, int4): its matmuls run in
  // 16-bit, bf16 where the GPU has it (fp16 on a V100 or T4), as when the case names no precision.
  const std::string stated = r.has("precision") ? lowercase(r.text("precision", "bf16", "")) : "";
  const bool four_bit_base = c.method == "qlora" && (stated == "nf4" || stated == "int4" || stated == "4bit");
  c.precision = precision_of(r, c.gpu, {"bf16", "fp16", "fp8"}, Precision::bf16, false, aside, four_bit_base);
  c.seq_len = r.optional_number("seq_len", Range{1, 1e7, true, "tokens per sequence such as 4096"});
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
  c.chunked_loss = r.boolean("chunked_loss", false, "fp32 logits, as most trainers hold them");
  c.micro_batch = r.optional_number("micro_batch", Range{1, 1024, true, "sequences per GPU per pass, such as 2"});
  if (c.micro_batch) whole_count(r, "micro_batch", *c.micro_batch);
  if (!r.has("measured"))
    r.fail("measured", "is required", "add {\"tokens_per_s_per_gpu\": ...} or {\"tokens\": ..., \"gpu_hours\": ...}");
  FieldReader m = measured_of(r, "training", {"tokens_per_s_per_gpu", "tokens", "gpu_hours"}, ignored);
  c.tokens_per_s_per_gpu = m.optional_number("tokens_per_s_per_gpu", positive);
  c.tokens = m.optional_number("tokens", positive);
  c.gpu_hours = m.optional_number("gpu_hours", positive);
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
  reject_synonyms(r, common_synonyms);
  reject_synonyms(r, serving_synonyms);
  ServingCase c;
  c.id = required_text(r, "id", "\"my-endpoint-1\"");
  c.params = r.required_number("params", parameter_count, "7e9");
  c.active_params = r.optional_number("active_params", parameter_count);
  check_active(r, c.params, c.active_params);
  c.source = r.optional_text("source", max_source_length).value_or("");
  c.fit_weight = confidence_weight(r.optional_text("confidence", max_source_length).value_or(""));
  SetAside aside;
  c.hint = hint_of(r, catalog, aside);
  c.gpu = gpu_of(r, catalog, aside);
  c.gpu_count = whole_count(r, "gpu_count", r.number("gpu_count", 1, gpu_count_range, "one GPU per replica"));
  c.precision = precision_of(r, c.gpu, {"fp16", "bf16", "fp8", "int8", "int4", "fp4"}, Precision::fp16, true, aside);
  c.concurrency = r.optional_number("concurrency", Range{1, 1e7, true, "requests in flight such as 64"});
  c.input_tokens = r.optional_number("input_tokens", Range{1, 1e7, true, "prompt tokens such as 128"});
  c.output_tokens = r.optional_number("output_tokens", Range{1, 1e7, true, "answer tokens such as 128"});
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
  FieldReader m = measured_of(r, "serving", {"output_tokens_per_s_per_gpu"}, ignored);
  c.output_tokens_per_s_per_gpu = m.required_number("output_tokens_per_s_per_gpu", positive, "1500");
  aside.throw_if_any();
  return c;
}

// Reads each case of one list; a case calibrate cannot score goes to `unscored`.
template <typename Case, typename Read>
void read_cases(std::vector<FieldReader>& readers, const char* kind, std::vector<Case>& cases,
                std::vector<UnscoredCase>& unscored, Read read) {
  for (FieldReader& r : readers) {
    try {
      cases.push_back(read(r));
    } catch (const Unscorable& e) {
      unscored.push_back({kind, r.optional_text("id").value_or(""), e.where(), e.field(), e.problem(), e.fix()});
    }
  }
}

// Every case of a list, scored or set aside, has its own id.
void reject_duplicate_ids(std::vector<FieldReader>& readers) {
  std::vector<std::string> ids;
  ids.reserve(readers.size());
  for (FieldReader& r : readers) ids.push_back(r.optional_text("id").value_or(""));
  for (std::size_t i = 0; i < ids.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (!ids[i].empty() && ids[i] == ids[j]) {
        readers[i].fail("id", fmt::format("'{}' is used twice", ids[i]), "give every case its own id");
      }
    }
  }
}

}  // namespace

CalibrationSet load_calibration(const Document& doc, const Catalog& catalog) {
  std::vector<AppliedDefault> ignored;
  FieldReader top(doc, "", "", ignored, {"format", "note", "training", "serving"});
  if (!doc.root.is_object())
    top.fail("", "a calibration file must be a mapping", "start with {\"format\": \"ftcost-calibration/1\", ...}");
  const auto format = top.optional_text("format");
  if (!format) top.fail("format", "is required", fmt::format("add \"format\": \"{}\"", calibration_format));
  if (*format != calibration_format) {
    top.fail("format", fmt::format("'{}' is not a calibration file", *format),
             fmt::format("this ftcost reads \"{}\"", calibration_format));
  }
  CalibrationSet set;
  set.file = doc.file;
  const std::vector<std::string> training_keys = with(
      common_keys, {"method", "seq_len", "activation_checkpointing", "chunked_loss", "attention_span", "micro_batch"});
  auto training = top.list("training", [&](const nlohmann::json& entry) {
    return with_notes(entry, "training", training_keys, set.ignored_fields);
  });
  read_cases(training, "training", set.training, set.unscored,
             [&](FieldReader& r) { return read_training(r, catalog, set.ignored_fields); });
  reject_duplicate_ids(training);
  const std::vector<std::string> serving_keys =
      with(common_keys, {"concurrency", "input_tokens", "output_tokens", "decode_only", "offline", "engine"});
  auto serving = top.list("serving", [&](const nlohmann::json& entry) {
    return with_notes(entry, "serving", serving_keys, set.ignored_fields);
  });
  read_cases(serving, "serving", set.serving, set.unscored,
             [&](FieldReader& r) { return read_serving(r, catalog, set.ignored_fields); });
  reject_duplicate_ids(serving);
  drop_repeats(set.ignored_fields);
  // Predictions are keyed by id alone, so a serving case may not reuse a training case's id.
  std::set<std::string> training_ids;
  for (FieldReader& r : training) training_ids.insert(r.optional_text("id").value_or(""));
  for (FieldReader& r : serving) {
    const std::string id = r.optional_text("id").value_or("");
    if (!id.empty() && training_ids.count(id) != 0) {
      r.fail("id", fmt::format("'{}' is also a training case's id", id), "give every case its own id");
    }
  }
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
    const auto claim = [&](const std::string& id) {
      const auto [it, added] = file_of.emplace(id, set.file);
      if (!added) {
        throw InputError({set.file, 0, 0}, "id", fmt::format("'{}' is also a case of {}", id, it->second),
                         "give every case its own id across the files");
      }
    };
    for (TrainingCase& c : set.training) {
      claim(c.id);
      out.training.push_back(std::move(c));
    }
    for (ServingCase& c : set.serving) {
      claim(c.id);
      out.serving.push_back(std::move(c));
    }
    for (UnscoredCase& c : set.unscored) {
      if (!c.id.empty()) claim(c.id);
      out.unscored.push_back(std::move(c));
    }
    for (const std::string& field : set.ignored_fields) out.ignored_fields.push_back(set.file + ": " + field);
  }
  return out;
}

}  // namespace ftcost
