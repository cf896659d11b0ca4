#include "catalog_options.hpp"

#include <cstdlib>
#include <filesystem>

#include "ftcost/catalog/load.hpp"
#include "ftcost/util/error.hpp"

namespace ftcost::cli {

void add_catalog_options(CLI::App& command, CatalogOptions& options) {
  command
      .add_option("--catalog", options.overlays,
                  "Price book (YAML/JSON, ftcost-catalog/1) layered over the shipped catalog entry by entry; "
                  "repeatable, later files win. FTCOST_CATALOG (colon-separated paths) is applied first.")
      ->allow_extra_args(false);  // one file per --catalog, so a scenario path after it stays positional
}

void apply_global(CatalogOptions& command, const CatalogOptions& global) {
  command.overlays.insert(command.overlays.begin(), global.overlays.begin(), global.overlays.end());
}

Catalog load_catalog(const CatalogOptions& options, const std::vector<std::string>& scenario_books) {
  std::vector<std::string> paths = overlay_paths_from_env(std::getenv("FTCOST_CATALOG"));
  for (const auto& path : paths) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) {
      throw InputError({}, "FTCOST_CATALOG", "'" + path + "' is not a readable file",
                       "fix the path, or unset FTCOST_CATALOG");
    }
  }
  paths.insert(paths.end(), scenario_books.begin(), scenario_books.end());
  paths.insert(paths.end(), options.overlays.begin(), options.overlays.end());
  return paths.empty() ? shipped_catalog() : catalog_with_overlays(paths);
}

}  // namespace ftcost::cli
