#include "ftcost/scenario/field_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_set>

#include "ftcost/util/quantity.hpp"
#include "ftcost/util/suggest.hpp"

namespace ftcost {

namespace {

std::string type_name(const nlohmann::json& value) {
  if (value.is_null()) return "nothing (null)";
  if (value.is_boolean()) return "true/false";
  if (value.is_number()) return "a number";
  if (value.is_string()) return fmt::format("the text '{}'", value.get<std::string>());
  if (value.is_array()) return "a list";
  return "a mapping";
}

std::string format_value(double value) { return fmt::format("{:g}", value); }

}  // namespace

FieldReader::FieldReader(const Document& doc, std::string pointer, std::string dotted,
                         std::vector<AppliedDefault>& applied, const std::vector<std::string>& allowed_keys,
                         std::vector<UncertainInput>* uncertain)
    : doc_(doc), pointer_(std::move(pointer)), dotted_(std::move(dotted)), applied_(applied), uncertain_(uncertain) {
  const nlohmann::json::json_pointer ptr(pointer_);
  if (!doc_.root.contains(ptr)) return;
  const nlohmann::json& value = doc_.root.at(ptr);
  if (value.is_null()) return;  // an empty section: every default applies
  if (!value.is_object()) {
    throw InputError(doc_.locate(pointer_), dotted_.empty() ? "(top level)" : dotted_,
                     fmt::format("expected a mapping of fields, got {}", type_name(value)),
                     "write `field: value` lines under it");
  }
  object_ = &value;
  // A calibration file's cases allow every key any of them carries: tens of thousands in a hostile
  // file, where a scan per key would take minutes.
  std::unordered_set<std::string_view> allowed;
  if (allowed_keys.size() > 32) allowed.insert(allowed_keys.begin(), allowed_keys.end());
  for (const auto& [key, child] : value.items()) {
    if (allowed.empty() ? std::find(allowed_keys.begin(), allowed_keys.end(), key) != allowed_keys.end()
                        : allowed.count(key) > 0)
      continue;
    throw InputError(doc_.locate(child_pointer(pointer_, key)), path(key), "unknown field",
                     suggestion_text(key, allowed_keys));
  }
}

bool FieldReader::has(const std::string& key) const {
  return object_ && object_->contains(key) && !object_->at(key).is_null();
}

std::string FieldReader::path(const std::string& key) const { return dotted_.empty() ? key : dotted_ + "." + key; }

SourceLocation FieldReader::where(const std::string& key) const { return doc_.locate(child_pointer(pointer_, key)); }

void FieldReader::fail(const std::string& key, const std::string& problem, const std::string& fix) const {
  throw InputError(key.empty() ? doc_.locate(pointer_) : where(key), key.empty() ? dotted_ : path(key), problem, fix);
}

const nlohmann::json* FieldReader::raw(const std::string& key) const { return has(key) ? &object_->at(key) : nullptr; }

double FieldReader::scalar(const nlohmann::json& value, const Range& range, const SourceLocation& at,
                           const std::string& field) const {
  auto fail_here = [&](const std::string& problem, const std::string& fix) {
    throw InputError(at, field, problem, fix);
  };
  double number = 0;
  if (value.is_number()) {
    number = value.get<double>();
  } else if (value.is_string()) {
    const QuantityParse parsed = parse_quantity(value.get<std::string>());
    if (!parsed.value) fail_here(parsed.problem, "write a number such as 1500, 1.5k, 2M or 30%");
    number = *parsed.value;
  } else {
    fail_here(fmt::format("expected a number, got {}", type_name(value)), "write a number such as 1500 or 1.5k");
  }
  check_range(number, range, at, field);
  return number;
}

double FieldReader::to_number(const std::string& key, const nlohmann::json& value, const Range& range,
                              const Setter& set) const {
  if (value.is_object()) return distribution(key, value, range, set);
  return scalar(value, range, where(key), path(key));
}

// {low, likely, high} (PERT, or `shape: triangular`), {dist: lognormal, median, spread} or
// {dist: uniform, low, high}: checked, recorded with its setter, and its deterministic value returned.
double FieldReader::distribution(const std::string& key, const nlohmann::json& value, const Range& range,
                                 const Setter& set) const {
  if (!set || !uncertain_) {
    fail(key, "cannot be a range here", "give a single number: counts, names and model sizes are not uncertain inputs");
  }
  static const std::vector<std::string> keys = {"low", "likely", "high", "shape", "dist", "median", "spread"};
  static const std::vector<std::string> kinds = {"pert", "triangular", "lognormal", "uniform"};
  const std::string base = child_pointer(pointer_, key);
  auto at = [&](const std::string& sub) { return doc_.locate(child_pointer(base, sub)); };
  auto field = [&](const std::string& sub) { return path(key) + "." + sub; };
  for (const auto& [sub, unused] : value.items()) {
    if (std::find(keys.begin(), keys.end(), sub) == keys.end()) {
      throw InputError(at(sub), field(sub), "unknown field in a range", suggestion_text(sub, keys));
    }
  }
  std::string kind = "pert";
  std::string kind_key;
  for (const char* name : {"shape", "dist"}) {
    if (!value.contains(name)) continue;
    if (!value.at(name).is_string()) {
      throw InputError(at(name), field(name), "expected a distribution name",
                       "write pert, triangular, lognormal or uniform");
    }
    kind = value.at(name).get<std::string>();
    kind_key = name;
  }
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
    throw InputError(at(kind_key), field(kind_key), fmt::format("unknown distribution '{}'", kind),
                     suggestion_text(kind, kinds));
  }
  std::vector<std::string> needed;
  if (kind == "pert" || kind == "triangular")
    needed = {"low", "likely", "high"};
  else if (kind == "lognormal")
    needed = {"median", "spread"};
  else
    needed = {"low", "high"};
  for (const char* name : {"low", "likely", "high", "median", "spread"}) {
    const std::string sub = name;
    const bool wanted = std::find(needed.begin(), needed.end(), sub) != needed.end();
    if (value.contains(sub) && !wanted) {
      throw InputError(at(sub), field(sub), fmt::format("is not used by a {} distribution", kind),
                       fmt::format("a {} range takes {}", kind, fmt::format("{}", fmt::join(needed, ", "))));
    }
    if (!value.contains(sub) && wanted) {
      throw InputError(doc_.locate(base), path(key), fmt::format("a {} range needs `{}`", kind, sub),
                       fmt::format("write {{{}}}", fmt::format("{}", fmt::join(needed, ", "))));
    }
  }
  auto read = [&](const std::string& sub, const Range& r) { return scalar(value.at(sub), r, at(sub), field(sub)); };
  auto ordered = [&](const std::string& lower, double a, const std::string& upper, double b) {
    if (a > b) {
      throw InputError(at(lower), field(lower),
                       fmt::format("{} {} is above {} {}", lower, format_value(a), upper, format_value(b)),
                       "write the range as low ≤ likely ≤ high");
    }
  };
  Distribution dist = Distribution::uniform(0, 0);
  if (kind == "lognormal") {
    const double median = read("median", range);
    const double spread = read("spread", Range{0, 1e15, false, ""});
    if (spread < 1) {
      throw InputError(at("spread"), field("spread"),
                       fmt::format("spread {} is below 1: it is the ratio P90 / median", format_value(spread)),
                       "write a ratio of at least 1, e.g. 1.5 for a P90 50% above the median");
    }
    dist = Distribution::lognormal(median, spread);
  } else if (kind == "uniform") {
    const double low = read("low", range);
    const double high = read("high", range);
    ordered("low", low, "high", high);
    dist = Distribution::uniform(low, high);
  } else {
    const double low = read("low", range);
    const double likely = read("likely", range);
    const double high = read("high", range);
    ordered("low", low, "likely", likely);
    ordered("likely", likely, "high", high);
    dist = kind == "pert" ? Distribution::pert(low, likely, high) : Distribution::triangular(low, likely, high);
  }
  uncertain_->push_back({path(key), dist, range.min, range.max, set, range.whole});
  // The point estimate is valid for the field as every sample is: a count is rounded (a uniform 1–2
  // replicas is 2, not 1.5).
  return uncertain_->back().bound(dist.deterministic());
}

double FieldReader::number(const std::string& key, double fallback, const Range& range, const std::string& why,
                           const Setter& set) {
  if (const auto* value = raw(key)) return to_number(key, *value, range, set);
  note_default_number(key, fallback, why);
  return fallback;
}

double FieldReader::required_number(const std::string& key, const Range& range, const std::string& example,
                                    const Setter& set) {
  if (const auto* value = raw(key)) return to_number(key, *value, range, set);
  fail(key, "is required", fmt::format("add `{}: {}`", key, example));
}

std::optional<double> FieldReader::optional_number(const std::string& key, const Range& range, const Setter& set) {
  if (const auto* value = raw(key)) return to_number(key, *value, range, set);
  return std::nullopt;
}

std::string FieldReader::text(const std::string& key, const std::string& fallback, const std::string& why) {
  if (auto value = optional_text(key)) return *value;
  note_default(key, fallback, why);
  return fallback;
}

std::optional<std::string> FieldReader::optional_text(const std::string& key, std::size_t max_length) {
  const auto* value = raw(key);
  if (!value) return std::nullopt;
  if (value->is_string()) {
    std::string text = value->get<std::string>();
    if (text.size() > max_length) fail(key, fmt::format("is longer than {} characters", max_length), "shorten it");
    return text;
  }
  if (value->is_number()) return value->dump();
  fail(key, fmt::format("expected a name, got {}", type_name(*value)), "write one name as text");
}

bool FieldReader::boolean(const std::string& key, bool fallback, const std::string& why) {
  const auto* value = raw(key);
  if (!value) {
    note_default_flag(key, fallback, why);
    return fallback;
  }
  if (!value->is_boolean())
    fail(key, fmt::format("expected true or false, got {}", type_name(*value)), "write true or false");
  return value->get<bool>();
}

std::optional<double> FieldReader::number_or_auto(const std::string& key, const Range& range) {
  const auto* value = raw(key);
  if (!value || (value->is_string() && value->get<std::string>() == "auto")) return std::nullopt;
  return to_number(key, *value, range);
}

FieldReader FieldReader::child(const std::string& key, const std::vector<std::string>& allowed_keys) const {
  return FieldReader(doc_, child_pointer(pointer_, key), path(key), applied_, allowed_keys, uncertain_);
}

std::vector<FieldReader> FieldReader::list(const std::string& key, const std::vector<std::string>& allowed_keys) const {
  return list(key, [&allowed_keys](const nlohmann::json&) { return allowed_keys; });
}

std::vector<FieldReader> FieldReader::list(
    const std::string& key, const std::function<std::vector<std::string>(const nlohmann::json&)>& allowed_for) const {
  std::vector<FieldReader> out;
  const auto* value = raw(key);
  if (!value) return out;
  if (!value->is_array())
    fail(key, fmt::format("expected a list, got {}", type_name(*value)), "write one `- item` per entry");
  out.reserve(value->size());
  for (std::size_t i = 0; i < value->size(); ++i) out.push_back(element(key, i, allowed_for((*value)[i])));
  return out;
}

FieldReader FieldReader::element(const std::string& key, std::size_t index,
                                 const std::vector<std::string>& allowed_keys) const {
  return FieldReader(doc_, child_pointer(child_pointer(pointer_, key), std::to_string(index)),
                     fmt::format("{}[{}]", path(key), index), applied_, allowed_keys, uncertain_);
}

void FieldReader::note_default(const std::string& key, const std::string& value, const std::string& why) {
  AppliedDefault applied;
  applied.field = path(key);
  applied.value = value;
  applied.why = why;
  applied_.push_back(std::move(applied));
}

void FieldReader::note_default_number(const std::string& key, double value, const std::string& why,
                                      const std::string& unit) {
  note_default(key, unit.empty() ? format_value(value) : fmt::format("{} {}", format_value(value), unit), why);
  applied_.back().number = value;
  applied_.back().unit = unit;
}

void FieldReader::note_default_flag(const std::string& key, bool value, const std::string& why) {
  note_default(key, value ? "true" : "false", why);
  applied_.back().flag = value;
}

void FieldReader::note_default_priced(const std::string& key, const std::string& name, double price_usd,
                                      const std::string& per, const std::string& shown, const std::string& why) {
  note_default(key, shown, why);
  applied_.back().name = name;
  applied_.back().price_usd = price_usd;
  applied_.back().price_per = per;
}

void check_range(double value, const Range& range, const SourceLocation& where, const std::string& field) {
  if (!std::isfinite(value)) throw InputError(where, field, "must be a finite number", "write an ordinary number");
  const bool too_low = range.min_inclusive ? value < range.min : value <= range.min;
  if (too_low || value > range.max) {
    std::string bound =
        range.min_inclusive ? fmt::format("at least {:g}", range.min) : fmt::format("greater than {:g}", range.min);
    // The upper bound is named when it is a real limit or the one crossed.
    if (range.max < 1e15) {
      bound += fmt::format(" and at most {:g}", range.max);
    } else if (!too_low) {
      bound = fmt::format("at most {:g}", range.max);
    }
    throw InputError(where, field, fmt::format("{:g} is out of range: it must be {}", value, bound),
                     range.hint.empty() ? "change the value" : range.hint);
  }
  if (range.whole && value != std::floor(value)) {
    throw InputError(where, field, fmt::format("{:g} is not a whole number: these come whole", value),
                     range.hint.empty() ? "write a whole number" : range.hint);
  }
}

std::optional<AttentionKernel> read_attention_kernel(FieldReader& r) {
  const auto text = r.optional_text("attention_kernel");
  if (!text) return std::nullopt;
  const auto kernel = parse_attention_kernel(*text);
  if (!kernel)
    r.fail("attention_kernel", fmt::format("unknown attention kernel '{}'", *text), attention_kernel_fix(*text));
  return kernel;
}

}  // namespace ftcost
