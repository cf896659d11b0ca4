#pragma once
// A fast reader for well-formed JSON, used before nlohmann's SAX parser on .json inputs. Internal
// to util/document: nlohmann's lexer spends ~80 instructions per byte (it keeps every character
// twice, for its error messages), most of what a megabyte price book costs.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "ftcost/util/document.hpp"

namespace ftcost::detail {

// The tree of `text` when it is strict JSON within `limits` and nothing about it needs a careful
// answer: no syntax error, duplicate key, broken limit, integer beyond 64 bits or number that does
// not convert exactly. Otherwise nullopt, and the caller reads the text with nlohmann's parser,
// which builds the same tree (the same types: integers as int64, larger whole numbers and
// fractions as double) or reports the problem with its position.
std::optional<nlohmann::json> read_plain_json(const std::string& text, const DocumentLimits& limits);

}  // namespace ftcost::detail
