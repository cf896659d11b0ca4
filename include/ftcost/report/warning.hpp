#pragma once
// A warning about an estimate: printed on stderr (`ftcost: warning: <message>`) and listed in the
// JSON `warnings` with a stable code and the catalog prices it is about, so a script can act on it
// without parsing the text.
#include <string>
#include <vector>

#include "ftcost/models/cost_line.hpp"

namespace ftcost {

struct Warning {
  // stale_price, unverified_price, deprecated_price, price_past_sunset, price_sunset_ahead,
  // gpu_only_price, incomparable_price_kind, replica_spans_nodes, experts_fewer_than_gpus (README: Output schema).
  std::string code;
  std::string message;           // one line for people
  std::vector<PriceRef> prices;  // the prices it is about (one source and as-of date); empty otherwise
  bool operator==(const Warning&) const = default;
};

}  // namespace ftcost
