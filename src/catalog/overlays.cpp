// The shipped catalog with price books layered on. Kept apart from load.cpp because
// shipped_catalog() is generated from data/ by a tool that itself uses load.cpp.
#include "ftcost/catalog/load.hpp"

namespace ftcost {

Catalog catalog_with_overlays(const std::vector<std::string>& overlay_paths) {
  Catalog catalog = shipped_catalog();
  for (const auto& path : overlay_paths) merge_catalog_file(catalog, path);
  return catalog;
}

}  // namespace ftcost
