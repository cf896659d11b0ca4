#pragma once
// A strict JSON reader for large inputs (price books). Internal to util/document: it reads the
// common case fast and gives up on anything else, which nlohmann's parser then reads and reports
// with file, line and column.
#include <optional>
#include <string>

#include "ftcost/util/document.hpp"

namespace ftcost::detail {

// The tree of `text` (already checked to be UTF-8) when it is one strict JSON value (RFC 8259)
// within `limits`, with no key given twice and only finite numbers; integers that fit are int64,
// others double, as the SAX tree builder types them. nullopt for anything else, including valid
// input it leaves to nlohmann (a byte-order mark, a number that underflows).
std::optional<nlohmann::json> read_json_fast(const std::string& text, const DocumentLimits& limits);

}  // namespace ftcost::detail
