#pragma once
// The price-book options every command that reads the catalog shares: `--catalog FILE`
// (repeatable) and the FTCOST_CATALOG environment variable.
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "ftcost/catalog/catalog.hpp"

namespace ftcost::cli {

struct CatalogOptions {
  std::vector<std::string> overlays;  // --catalog, in the order given
};

void add_catalog_options(CLI::App& command, CatalogOptions& options);

// Price books given before the subcommand come before the subcommand's own.
void apply_global(CatalogOptions& command, const CatalogOptions& global);

// The shipped catalog, then FTCOST_CATALOG's files, then `scenario_books`, then --catalog files:
// later layers win, so the command line has the last word.
Catalog load_catalog(const CatalogOptions& options, const std::vector<std::string>& scenario_books = {});

}  // namespace ftcost::cli
