#pragma once
// Where a unit price or assumption came from: a catalog entry, the scenario or a catalog default.
// Part of the catalog layer, so the scenario's plain structs and the models' cost lines share it.
#include <string>

#include "ftcost/util/shared_string.hpp"

namespace ftcost {

struct PriceRef {
  std::string id;       // catalog id ("h100-sxm@lambda/on_demand"), "scenario" or "default:<id>"
  SharedString source;  // human-readable source, shared by the lines that use the price
  std::string as_of;    // ISO date, "" for the user's own values
  bool operator==(const PriceRef&) const = default;
};

}  // namespace ftcost
