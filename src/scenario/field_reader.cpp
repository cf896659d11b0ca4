#include "field_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "ftcost/util/quantity.hpp"
#include "ftcost/util/suggest.hpp"

namespace ftcost::detail {

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
                         std::vector<AppliedDefault>& applied, std::vector<std::string> allowed_keys)
    : doc_(doc), pointer_(std::move(pointer)), dotted_(std::move(dotted)), applied_(applied) {
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
  for (const auto& [key, child] : value.items()) {
    if (std::find(allowed_keys.begin(), allowed_keys.end(), key) != allowed_keys.end()) continue;
    throw InputError(doc_.locate(pointer_ + "/" + key), path(key), "unknown field",
                     suggestion_text(key, allowed_keys));
  }
}

bool FieldReader::has(const std::string& key) const {
  return object_ && object_->contains(key) && !object_->at(key).is_null();
}

std::string FieldReader::path(const std::string& key) const {
  return dotted_.empty() ? key : dotted_ + "." + key;
}

SourceLocation FieldReader::where(const std::string& key) const { return doc_.locate(pointer_ + "/" + key); }

void FieldReader::fail(const std::string& key, const std::string& problem, const std::string& fix) const {
  throw InputError(key.empty() ? doc_.locate(pointer_) : where(key), key.empty() ? dotted_ : path(key), problem, fix);
}

const nlohmann::json* FieldReader::raw(const std::string& key) const {
  return has(key) ? &object_->at(key) : nullptr;
}

double FieldReader::to_number(const std::string& key, const nlohmann::json& value, const Range& range) const {
  double number = 0;
  if (value.is_number()) {
    number = value.get<double>();
  } else if (value.is_string()) {
    const QuantityParse parsed = parse_quantity(value.get<std::string>());
    if (!parsed.value) fail(key, parsed.problem, "write a number such as 1500, 1.5k, 2M or 30%");
    number = *parsed.value;
  } else {
    fail(key, fmt::format("expected a number, got {}", type_name(value)), "write a number such as 1500 or 1.5k");
  }
  if (!std::isfinite(number)) fail(key, "must be a finite number", "write an ordinary number");
  const bool too_low = range.min_inclusive ? number < range.min : number <= range.min;
  if (too_low || number > range.max) {
    std::string bound = range.min_inclusive ? fmt::format("at least {}", format_value(range.min))
                                            : fmt::format("greater than {}", format_value(range.min));
    if (range.max < 1e15) bound += fmt::format(" and at most {}", format_value(range.max));
    fail(key, fmt::format("{} is out of range: it must be {}", format_value(number), bound),
         range.hint.empty() ? "change the value" : range.hint);
  }
  return number;
}

double FieldReader::number(const std::string& key, double fallback, const Range& range, const std::string& why) {
  if (const auto* value = raw(key)) return to_number(key, *value, range);
  note_default(key, format_value(fallback), why);
  return fallback;
}

double FieldReader::required_number(const std::string& key, const Range& range, const std::string& example) {
  if (const auto* value = raw(key)) return to_number(key, *value, range);
  fail(key, "is required", fmt::format("add `{}: {}`", key, example));
}

std::optional<double> FieldReader::optional_number(const std::string& key, const Range& range) {
  if (const auto* value = raw(key)) return to_number(key, *value, range);
  return std::nullopt;
}

std::string FieldReader::text(const std::string& key, const std::string& fallback, const std::string& why) {
  if (auto value = optional_text(key)) return *value;
  note_default(key, fallback, why);
  return fallback;
}

std::optional<std::string> FieldReader::optional_text(const std::string& key) {
  const auto* value = raw(key);
  if (!value) return std::nullopt;
  if (value->is_string()) {
    std::string text = value->get<std::string>();
    if (text.size() > 256) fail(key, "is longer than 256 characters", "shorten it");
    return text;
  }
  if (value->is_number()) return value->dump();
  fail(key, fmt::format("expected a name, got {}", type_name(*value)), "write a name such as h100-sxm");
}

bool FieldReader::boolean(const std::string& key, bool fallback, const std::string& why) {
  const auto* value = raw(key);
  if (!value) {
    note_default(key, fallback ? "true" : "false", why);
    return fallback;
  }
  if (!value->is_boolean()) fail(key, fmt::format("expected true or false, got {}", type_name(*value)), "write true or false");
  return value->get<bool>();
}

std::optional<double> FieldReader::number_or_auto(const std::string& key, const Range& range) {
  const auto* value = raw(key);
  if (!value || (value->is_string() && value->get<std::string>() == "auto")) return std::nullopt;
  return to_number(key, *value, range);
}

FieldReader FieldReader::child(const std::string& key, std::vector<std::string> allowed_keys) const {
  return FieldReader(doc_, pointer_ + "/" + key, path(key), applied_, std::move(allowed_keys));
}

std::vector<FieldReader> FieldReader::list(const std::string& key, const std::vector<std::string>& allowed_keys) const {
  std::vector<FieldReader> out;
  const auto* value = raw(key);
  if (!value) return out;
  if (!value->is_array()) fail(key, fmt::format("expected a list, got {}", type_name(*value)), "write one `- item` per entry");
  for (std::size_t i = 0; i < value->size(); ++i) {
    out.emplace_back(doc_, fmt::format("{}/{}/{}", pointer_, key, i), fmt::format("{}[{}]", path(key), i), applied_,
                     allowed_keys);
  }
  return out;
}

void FieldReader::note_default(const std::string& key, const std::string& value, const std::string& why) {
  applied_.push_back({path(key), value, why});
}

}  // namespace ftcost::detail
