#pragma once
// Reading YAML text into a Document through libyaml's parse events. Internal to util/document: the
// size, encoding and flow-nesting checks run before this is called.
#include <cstddef>
#include <string>

#include "ftcost/util/document.hpp"

namespace ftcost::detail {

// Builds doc.root from YAML text (its first document), recording where each value was written in
// doc.unlocated_yaml. Throws InputError for a syntax error, a broken limit, a duplicate key or a key that
// is not plain text, always with the file, line and column.
void parse_yaml_tree(const std::string& text, Document& doc, const DocumentLimits& limits);

// Line and column (1-based, counted in bytes) of a byte offset into text.
SourceLocation offset_to_location(const std::string& file, const std::string& text, std::size_t offset);

}  // namespace ftcost::detail
