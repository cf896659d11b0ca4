// A .json price book merged as nlohmann's SAX parser reads it: each entry is read into a list of
// fields (values in slots reused from entry to entry), merged, and the book's tree is never built
// (building and freeing it was a quarter of what a 1 MB book cost). Only a book that merges cleanly is taken this way;
// on any problem the book is read again the usual way (load_document, merge_catalog), so every message, with its
// file:line:col and field, is that path's.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

#include "book_merger.hpp"
#include "ftcost/catalog/load.hpp"

namespace ftcost {

namespace {

using nlohmann::json;

// The stream met something it does not take: an error of any kind, a limit, or a shape the tree
// path reports on (a section that is not a list, sections out of merge order, a repeated key).
struct NotStreamable {};

class BookStream : public nlohmann::json_sax<json> {
 public:
  BookStream(detail::BookMerger& merger, const DocumentLimits& limits)
      : merger_(merger), limits_(limits), names_(max_fields), values_(max_fields) {}

  // After the parse: the format, which the tree path checks before merging anything.
  void finish() const {
    if (format_ != "ftcost-catalog/1") throw NotStreamable{};
  }

  bool null() override { return scalar(nullptr); }
  bool boolean(bool value) override { return scalar(value); }
  bool number_integer(number_integer_t value) override { return scalar(value); }
  // Typed as the tree builders type numbers (document.cpp): integers as int64 when they fit.
  bool number_unsigned(number_unsigned_t value) override {
    if (value <= static_cast<number_unsigned_t>(std::numeric_limits<std::int64_t>::max())) {
      return scalar(static_cast<std::int64_t>(value));
    }
    return scalar(static_cast<double>(value));
  }
  bool number_float(number_float_t value, const string_t&) override {
    if (!std::isfinite(value)) throw NotStreamable{};
    return scalar(value);
  }
  // Strings and keys are copied, not moved: `value` is the lexer's token buffer, and taking it made
  // the lexer grow a new one, character by character, for every long string that followed.
  bool string(string_t& value) override {
    if (!building_.empty() || !in_entry_) return scalar(json(value));
    begin_value();
    // A field of an entry: into the slot's string when it holds one (the same field of the entry
    // before, mostly), reusing its memory.
    json& slot = values_[fields_];
    if (slot.is_string()) {
      slot.get_ref<std::string&>().assign(value);
    } else {
      slot = value;
    }
    ++fields_;
    return true;
  }
  bool binary(binary_t&) override { throw NotStreamable{}; }

  bool key(string_t& name) override {
    if (!building_.empty()) {
      auto& object = building_.back().value.get_ref<json::object_t&>();
      auto [slot, added] = object.emplace(name, nullptr);
      if (!added) throw NotStreamable{};
      building_.back().slot = &slot->second;
      return true;
    }
    if (in_entry_) {
      // More fields than any section has: the tree path names the unknown one.
      if (fields_ == max_fields) throw NotStreamable{};
      names_[fields_].assign(name);
      return true;
    }
    // A key of the book itself.
    const auto& sections = detail::book_sections();
    const auto found = std::find(sections.begin(), sections.end(), name);
    if (found == sections.end()) throw NotStreamable{};
    const auto rank = static_cast<std::size_t>(found - sections.begin());
    if (seen_[rank]) throw NotStreamable{};
    seen_[rank] = true;
    if (rank >= detail::first_entry_section) {
      if (rank < last_section_) throw NotStreamable{};  // merged in the order of book_sections()
      last_section_ = rank;
    }
    key_ = name;
    key_rank_ = rank;
    return true;
  }

  bool start_object(std::size_t) override { return open(json::object()); }
  bool start_array(std::size_t) override { return open(json::array()); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }

  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    throw NotStreamable{};
  }

 private:
  struct Frame {
    json value;
    json* slot = nullptr;  // objects: where the value of the last key goes
  };
  // No section allows more fields than this.
  static constexpr std::size_t max_fields = 32;

  // The same depth and value limits as the tree builders.
  void begin_value() {
    if (open_ > limits_.max_depth || ++values_read_ > limits_.max_nodes) throw NotStreamable{};
  }

  bool entry_section() const { return key_rank_ >= detail::first_entry_section; }

  void attach(json value) {
    Frame& parent = building_.back();
    if (parent.value.is_object()) {
      *parent.slot = std::move(value);
    } else {
      parent.value.push_back(std::move(value));
    }
  }

  // A whole value outside the entries: the value of "format" or "note".
  void complete(const json& value) {
    if (key_ == "format" && value.is_string()) format_ = value.get<std::string>();
  }

  // A whole value of a field of the entry being read.
  void set_field(json value) {
    values_[fields_] = std::move(value);
    ++fields_;
  }

  // The entry read: its fields in the order of a JSON object's members, merged.
  void finish_entry() {
    entry_.clear();
    for (std::size_t i = 0; i < fields_; ++i) entry_.push_back({names_[i], &values_[i]});
    std::sort(entry_.begin(), entry_.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    const auto repeated =
        std::adjacent_find(entry_.begin(), entry_.end(), [](const auto& a, const auto& b) { return a.name == b.name; });
    if (repeated != entry_.end()) throw NotStreamable{};
    merger_.add(entries_++, entry_);
  }

  bool scalar(json value) {
    begin_value();
    if (!building_.empty()) {
      attach(std::move(value));
    } else if (in_entry_) {
      set_field(std::move(value));
    } else if (open_ == 1 && !entry_section()) {
      complete(value);
    } else {
      throw NotStreamable{};  // a scalar book, a section that is not a list, an entry that is not an object
    }
    return true;
  }

  bool open(json empty) {
    begin_value();
    if (building_.empty() && !in_entry_) {
      if (open_ == 0) {  // the book
        if (!empty.is_object()) throw NotStreamable{};
        ++open_;
        return true;
      }
      if (open_ == 1 && entry_section()) {  // a section's list
        if (!empty.is_array()) throw NotStreamable{};
        merger_.begin(key_, 0);
        entries_ = 0;
        ++open_;
        return true;
      }
      if (open_ == 2) {  // an entry
        if (!empty.is_object()) throw NotStreamable{};
        in_entry_ = true;
        fields_ = 0;
        ++open_;
        return true;
      }
    }
    building_.push_back({std::move(empty), nullptr});
    ++open_;
    return true;
  }

  bool close() {
    --open_;
    if (building_.empty()) {
      if (in_entry_) {  // the entry's own end
        in_entry_ = false;
        finish_entry();
      } else if (open_ == 1) {  // a section's list
        merger_.end();
      }
      return true;
    }
    json value = std::move(building_.back().value);
    building_.pop_back();
    if (!building_.empty()) {
      attach(std::move(value));
    } else if (in_entry_) {
      set_field(std::move(value));
    } else {
      complete(value);
    }
    return true;
  }

  detail::BookMerger& merger_;
  const DocumentLimits& limits_;
  // The entry being read, field by field: names and values in slots reused from entry to entry
  // (a JSON object per entry, built and freed, cost more than merging it).
  bool in_entry_ = false;
  std::vector<std::string> names_;
  std::vector<json> values_;
  std::size_t fields_ = 0;  // slots filled
  detail::EntryFields entry_;
  std::vector<Frame> building_;  // a value inside an entry (or the book's note) being built, and its open values
  int open_ = 0;                 // arrays and objects open, the book's own included
  std::size_t values_read_ = 0;
  std::size_t entries_ = 0;  // of the current section
  std::string key_;          // the book's key whose value is being read
  std::size_t key_rank_ = 0;
  std::size_t last_section_ = 0;
  bool seen_[16] = {};
  std::string format_;
};

bool is_json_name(const std::string& name) {
  return name.size() >= 5 && name.compare(name.size() - 5, 5, ".json") == 0;
}

}  // namespace

namespace detail {

std::optional<Catalog> merged_json_stream(const Catalog& base, const std::string& text, const std::string& name) {
  const DocumentLimits limits;
  if (text.size() > limits.max_bytes) return std::nullopt;
  // nlohmann's lexer ends the input at a NUL byte; the tree path refuses binary input instead.
  if (text.find('\0') != std::string::npos) return std::nullopt;
  Catalog merged = base;
  Document doc;  // positions only for errors, which go to the tree path instead
  doc.file = name;
  BookMerger merger(merged, doc);
  BookStream stream(merger, limits);
  try {
    if (!json::sax_parse(text.data(), text.data() + text.size(), &stream)) return std::nullopt;
    stream.finish();
  } catch (const NotStreamable&) {
    return std::nullopt;
  } catch (const InputError&) {
    return std::nullopt;
  }
  return merged;
}

}  // namespace detail

void merge_catalog_text(Catalog& catalog, const std::string& text, const std::string& name) {
  if (is_json_name(name)) {
    if (auto merged = detail::merged_json_stream(catalog, text, name)) {
      catalog = std::move(*merged);
      return;
    }
  }
  merge_catalog(catalog, parse_document(text, name));
}

void merge_catalog_file(Catalog& catalog, const std::string& path) {
  if (!is_json_name(path)) {
    merge_catalog(catalog, load_document(path));
    return;
  }
  const DocumentLimits limits;
  const std::string text = read_input_file(path, limits.max_bytes);
  if (auto merged = detail::merged_json_stream(catalog, text, path)) {
    catalog = std::move(*merged);
    return;
  }
  merge_catalog(catalog, parse_document(text, path, limits));
}

}  // namespace ftcost
