#include "ftcost/util/document.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace ftcost {

namespace {

std::string escape_pointer_token(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out.push_back(c);
  }
  return out;
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// YAML 1.2 core-schema typing of an unquoted scalar.
nlohmann::json plain_scalar(const std::string& text) {
  if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL") return nullptr;
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  std::int64_t integer = 0;
  auto [iend, ierr] = std::from_chars(text.data(), text.data() + text.size(), integer);
  if (ierr == std::errc{} && iend == text.data() + text.size()) return integer;
  double real = 0;
  auto [rend, rerr] = std::from_chars(text.data(), text.data() + text.size(), real);
  if (rerr == std::errc{} && rend == text.data() + text.size() && std::isfinite(real)) return real;
  return text;  // "7B", "100k", ".inf", names: left as text for the readers to interpret
}

class Converter {
public:
  Converter(Document& doc, const DocumentLimits& limits) : doc_(doc), limits_(limits) {}

  nlohmann::json convert(const YAML::Node& node, const std::string& pointer, int depth) {
    const YAML::Mark mark = node.Mark();
    SourceLocation where{doc_.file, mark.line + 1, mark.column + 1};
    if (mark.is_null()) where = {doc_.file, 0, 0};
    doc_.locations[pointer] = where;
    if (depth > limits_.max_depth) {
      throw InputError(where, pointer.empty() ? "/" : pointer,
                       fmt::format("nesting is deeper than {} levels", limits_.max_depth),
                       "flatten the document");
    }
    if (++nodes_ > limits_.max_nodes) {
      throw InputError(where, pointer.empty() ? "/" : pointer,
                       fmt::format("more than {} values (or YAML aliases expanding to them)",
                                   limits_.max_nodes),
                       "a scenario needs a few hundred at most; remove repeated aliases");
    }
    switch (node.Type()) {
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined: return nullptr;
      case YAML::NodeType::Scalar:
        if (node.Tag() == "!") return node.Scalar();  // quoted: always text
        return plain_scalar(node.Scalar());
      case YAML::NodeType::Sequence: {
        nlohmann::json array = nlohmann::json::array();
        std::size_t index = 0;
        for (const auto& child : node) {
          array.push_back(convert(child, fmt::format("{}/{}", pointer, index++), depth + 1));
        }
        return array;
      }
      case YAML::NodeType::Map: {
        nlohmann::json object = nlohmann::json::object();
        for (const auto& entry : node) {
          if (!entry.first.IsScalar()) {
            throw InputError(where, pointer.empty() ? "/" : pointer, "a key must be plain text",
                             "write `name: value`");
          }
          const std::string key = entry.first.Scalar();
          const std::string child_pointer = pointer + "/" + escape_pointer_token(key);
          if (object.contains(key)) {
            const YAML::Mark key_mark = entry.first.Mark();
            std::string dotted = child_pointer.substr(1);
            std::replace(dotted.begin(), dotted.end(), '/', '.');
            throw InputError({doc_.file, key_mark.line + 1, key_mark.column + 1},
                             dotted, "this key is given twice",
                             "keep one of the two");
          }
          object[key] = convert(entry.second, child_pointer, depth + 1);
          // Point errors about a field at its key, which is where a reader looks.
          const YAML::Mark key_mark = entry.first.Mark();
          doc_.locations[child_pointer] = {doc_.file, key_mark.line + 1, key_mark.column + 1};
        }
        return object;
      }
    }
    return nullptr;
  }

private:
  Document& doc_;
  const DocumentLimits& limits_;
  std::size_t nodes_ = 0;
};

SourceLocation offset_to_location(const std::string& file, const std::string& text, std::size_t offset) {
  SourceLocation where{file, 1, 1};
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++where.line;
      where.column = 1;
    } else {
      ++where.column;
    }
  }
  return where;
}

// nlohmann reports JSON syntax errors with a byte offset and a clear reason; use it for .json files.
void check_json_syntax(const std::string& text, const std::string& name) {
  try {
    [[maybe_unused]] const auto parsed = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& error) {
    std::string reason = error.what();
    if (auto pos = reason.find("syntax error while parsing value - "); pos != std::string::npos) {
      reason = reason.substr(pos + 35);
    } else if (auto colon = reason.rfind(": "); colon != std::string::npos) {
      reason = reason.substr(colon + 2);
    }
    const std::size_t offset = error.byte > 0 ? error.byte - 1 : 0;
    throw InputError(offset_to_location(name, text, offset), "", "invalid JSON: " + reason,
                     "fix the syntax at that position");
  }
}

}  // namespace

SourceLocation Document::locate(const std::string& pointer) const {
  std::string probe = pointer;
  while (true) {
    if (auto it = locations.find(probe); it != locations.end()) return it->second;
    if (probe.empty()) return {file, 0, 0};
    probe = probe.substr(0, probe.rfind('/'));
  }
}

Document parse_document(const std::string& text, const std::string& name, const DocumentLimits& limits) {
  Document doc;
  doc.file = name;
  if (text.size() > limits.max_bytes) {
    throw InputError({name, 0, 0}, "", fmt::format("the input is larger than {} bytes", limits.max_bytes),
                     "a scenario is a few kilobytes; check that this is the right file");
  }
  if (text.find('\0') != std::string::npos) {
    throw InputError({name, 0, 0}, "", "the input is binary, not YAML or JSON text",
                     "pass a .yaml or .json scenario");
  }
  if (ends_with(name, ".json")) check_json_syntax(text, name);
  YAML::Node node;
  try {
    node = YAML::Load(text);
  } catch (const YAML::Exception& error) {
    throw InputError({name, error.mark.line + 1, error.mark.column + 1}, "",
                     "invalid YAML: " + error.msg, "fix the syntax at that position");
  }
  Converter converter(doc, limits);
  doc.root = converter.convert(node, "", 0);
  return doc;
}

std::string read_input_file(const std::string& path, std::size_t max_bytes) {
  if (path == "-") {
    std::string text;
    char buffer[65536];
    while (std::cin.read(buffer, sizeof buffer) || std::cin.gcount() > 0) {
      text.append(buffer, static_cast<std::size_t>(std::cin.gcount()));
      if (text.size() > max_bytes) {
        throw InputError({"<stdin>", 0, 0}, "", fmt::format("the input is larger than {} bytes", max_bytes),
                         "a scenario is a few kilobytes");
      }
    }
    return text;
  }
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    throw InputError({path, 0, 0}, "", "no such file", "check the path");
  }
  if (std::filesystem::is_directory(status)) {
    throw InputError({path, 0, 0}, "", "this is a directory, not a file", "name a .yaml or .json file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError({path, 0, 0}, "", "cannot be read", "check its permissions");
  std::string text;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_bytes) {
      throw InputError({path, 0, 0}, "", fmt::format("the file is larger than {} bytes", max_bytes),
                       "a scenario is a few kilobytes; check that this is the right file");
    }
  }
  return text;
}

Document load_document(const std::string& path, const DocumentLimits& limits) {
  const std::string text = read_input_file(path, limits.max_bytes);
  return parse_document(text, path == "-" ? "<stdin>" : path, limits);
}

}  // namespace ftcost

namespace ftcost {

InputError locate_in(const InputError& error, const Document& doc) {
  if (!error.where().file.empty()) return error;
  std::string pointer;
  std::string token;
  for (char c : error.field()) {
    if (c == '.' || c == '[' || c == ']') {
      if (!token.empty()) pointer += "/" + token;
      token.clear();
    } else {
      token.push_back(c);
    }
  }
  if (!token.empty()) pointer += "/" + token;
  return InputError(doc.locate(pointer), error.field(), error.problem(), error.fix());
}

}  // namespace ftcost
