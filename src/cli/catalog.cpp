#include "catalog.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cctype>
#include <iostream>
#include <set>

#include "ftcost/catalog/import.hpp"
#include "ftcost/catalog/listing.hpp"
#include "ftcost/catalog/skypilot.hpp"
#include "ftcost/catalog/validate.hpp"
#include "ftcost/render/catalog.hpp"
#include "ftcost/util/date.hpp"
#include "ftcost/util/document.hpp"
#include "ftcost/util/error.hpp"
#include "ftcost/util/output.hpp"
#include "terminal.hpp"

namespace ftcost::cli {

void setup_catalog(CLI::App& app, CatalogCommandOptions& options) {
  auto* cmd =
      app.add_subcommand("catalog", "List, show, validate and import catalog entries (prices, hardware, models)");
  cmd->require_subcommand(1);
  const auto formats = CLI::IsMember({"table", "json", "csv"});

  auto* list = cmd->add_subcommand("list", "List one section of the catalog");
  list->add_option("section", options.section, "gpus, gpu_vms, models, apis, finetune, labor, prices or defaults")
      ->required()
      ->check(CLI::IsMember(catalog_sections()));
  list->add_option("-f,--format", options.format, "Output format")->check(formats)->capture_default_str();
  add_catalog_options(*list, options.catalog);
  list->callback([&options] { options.action = "list"; });
  list->footer(
      "Examples:\n"
      "  ftcost catalog list gpus\n"
      "  ftcost catalog list prices --format csv > prices.csv\n"
      "  ftcost catalog list apis --catalog litellm-prices.json");

  auto* show = cmd->add_subcommand("show", "Show every field of one entry, with its source and date");
  show->add_option("name", options.name,
                   "An id or alias (\"h100\", \"gpt-4o\"); section:name to narrow (\"apis:gpt-4o\")")
      ->required();
  show->add_option("-f,--format", options.format, "Output format")->check(formats)->capture_default_str();
  add_catalog_options(*show, options.catalog);
  show->callback([&options] { options.action = "show"; });
  show->footer(
      "Examples:\n"
      "  ftcost catalog show h100-sxm\n"
      "  ftcost catalog show apis:gpt-4o --format json\n"
      "  ftcost catalog show h100-sxm@lambda/on_demand --catalog my-prices.yaml");

  auto* validate =
      cmd->add_subcommand("validate", "Check the catalog (and optionally one price book over it) for problems");
  validate->add_option("file", options.file, "A price book (YAML/JSON) to check, layered over the shipped catalog");
  validate->add_flag("--strict", options.strict, "Also fail on entries marked verified: false, deprecated or sunset");
  add_catalog_options(*validate, options.catalog);
  validate->callback([&options] { options.action = "validate"; });
  validate->footer(
      "Examples:\n"
      "  ftcost catalog validate\n"
      "  ftcost catalog validate my-prices.yaml\n"
      "  ftcost catalog validate --strict");

  auto* import = cmd->add_subcommand(
      "import", "Turn a LiteLLM model_prices_and_context_window.json or a SkyPilot vms.csv into a price book");
  import
      ->add_option("file", options.file,
                   "LiteLLM JSON (per-token API prices) or SkyPilot catalogs/v7/<cloud>/vms.csv (GPU instance prices)")
      ->required();
  import->add_option("--from", options.from, "The file's format (default: detected from its content)")
      ->check(CLI::IsMember({"litellm", "skypilot"}));
  import->add_option("--provider", options.provider,
                     "SkyPilot: the provider id of the prices (default: the file's folder name, e.g. lambda)");
  import->add_option("-o,--output", options.output, "Write the price book here (atomically) instead of stdout");
  import->add_option("--as-of", options.as_of,
                     "Date stamped on every imported price (default: LiteLLM's last_updated stamp, else the file's "
                     "modification date)");
  add_catalog_options(*import, options.catalog);
  import->callback([&options] { options.action = "import";
});
import->footer(
    "Examples:\n"
    "  ftcost catalog import model_prices_and_context_window.json -o litellm-prices.json\n"
    "  ftcost catalog import catalogs/v7/lambda/vms.csv -o lambda-prices.json\n"
    "  ftcost catalog import vms.csv --from skypilot --provider runpod -o runpod-prices.json\n"
    "  ftcost estimate scenario.yaml --catalog litellm-prices.json");

cmd->footer(
    "Examples:\n"
    "  ftcost catalog list gpus\n"
    "  ftcost catalog show h100-sxm\n"
    "  ftcost catalog validate my-prices.yaml\n"
    "  ftcost catalog import model_prices_and_context_window.json -o litellm-prices.json\n"
    "  ftcost catalog <command> --help        examples for each command");
}  // namespace ftcost::cli

namespace {

std::size_t entry_count(const Catalog& c) {
  return c.gpus.size() + c.gpu_prices.size() + c.models.size() + c.apis.size() + c.finetunes.size() + c.labor.size() +
         c.defaults.size() + c.gpu_vms.size();
}

// Schema errors in the price book surface as InputErrors (file:line: field) from merge_catalog;
// what remains are problems of the merged whole, printed one a line on stderr.
int run_validate(const CatalogCommandOptions& options) {
  CatalogOptions layers = options.catalog;
  if (!options.file.empty()) layers.overlays.push_back(options.file);
  const Catalog catalog = load_catalog(layers);
  const std::string what = options.file.empty() ? "catalog" : options.file;
  std::vector<std::pair<std::string, CatalogProblem>> problems;  // where, what
  if (options.file.empty()) {
    for (auto& problem : validate_catalog(catalog, {}, options.strict)) problems.emplace_back(what, std::move(problem));
  } else {
    const BookValidation judged = validate_book(load_catalog(options.catalog), catalog, options.strict);
    for (const auto& problem : judged.book) problems.emplace_back(what, problem);
    for (const auto& problem : judged.catalog) problems.emplace_back("catalog", problem);
    if (judged.catalog_flags > 0) {
      note(
          fmt::format("ftcost: {} trust flags (verified: false, deprecated, sunset) of the catalog under {} are "
                      "not counted here; `ftcost catalog validate --strict` lists them\n",
                      judged.catalog_flags, what));
    }
  }
  for (const auto& [where, problem] : problems) {
    std::cerr << "ftcost: error: " << where << ": " << to_string(problem) << "\n";
  }
  if (!problems.empty()) {
    std::cerr << fmt::format("ftcost: {} problem{} found\n", problems.size(), problems.size() == 1 ? "" : "s");
    return static_cast<int>(ExitCode::input_error);
  }
  write_output("", fmt::format("{}: ok ({} entries checked)\n", what, entry_count(catalog)));
  return static_cast<int>(ExitCode::ok);
}

// Price files are larger than scenarios: LiteLLM's published file is ~1.6 MB with ~100k values.
constexpr DocumentLimits import_limits{std::size_t{64} << 20, 64, 4000000};

std::string plural(std::size_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

int run_import(const CatalogCommandOptions& options) {
  if (!options.as_of.empty() && !days_since_epoch(options.as_of)) {
    throw InputError({}, "--as-of", "'" + options.as_of + "' is not a date", "write YYYY-MM-DD");
  }
  const std::string text = read_input_file(options.file, import_limits.max_bytes);
  std::string from = options.from;
  if (from.empty()) from = detect_price_file_format(text);
  if (from.empty()) {
    throw InputError({options.file, 1, 1}, "file",
                     "is neither LiteLLM JSON (an object of models) nor a SkyPilot vms.csv (a header naming "
                     "InstanceType and AcceleratorName)",
                     "pass --from litellm or --from skypilot if it is one of them");
  }
  const Catalog catalog = load_catalog(options.catalog);
  if (from == "skypilot") {
    const std::string folder = provider_from_path(options.file);
    const std::string provider = skypilot_cloud_name(options.provider.empty() ? folder : options.provider);
    const auto& clouds = skypilot_clouds();
    // The provider becomes part of every price's key (gpu@provider/basis) and of `--set
    // training.provider=`: a plain name.
    if (!options.provider.empty() &&
        (provider.empty() || std::isalnum(static_cast<unsigned char>(provider.front())) == 0 ||
         provider.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789._-") != std::string::npos)) {
      throw InputError({}, "--provider", fmt::format("'{}' is not a provider name", options.provider),
                       "start with a letter or digit; then letters, digits, '.', '_' or '-', e.g. --provider runpod");
    }
    // A folder that is no SkyPilot cloud (a download folder) would name the provider by accident.
    if (options.provider.empty() && std::find(clouds.begin(), clouds.end(), provider) == clouds.end()) {
      throw InputError({options.file, 0, 0}, "--provider",
                       folder.empty() ? "the file's folder does not name a provider"
                                      : fmt::format("the file's folder '{}' is not a SkyPilot cloud", folder),
                       fmt::format("pass --provider NAME; SkyPilot's clouds are {}", fmt::join(clouds, ", ")));
    }
    const std::string as_of = options.as_of.empty() ? file_modification_date(options.file) : options.as_of;
    const SkypilotImport result = import_skypilot(text, options.file, catalog, provider, as_of);
    for (const auto& unknown : result.unknown) {
      warn(fmt::format(
          "{}:{}: accelerator {} is not a catalog GPU; its {} skipped (add the GPU with --catalog to import it)",
          options.file, unknown.line, unknown.name, plural(unknown.rows, "row is", "rows are")));
    }
    for (const auto& instance : result.contradicted) {
      warn(fmt::format("{}:{}: {} {} (source: ftcost catalog show {}/{}); its {} skipped", options.file, instance.line,
                       instance.instance_type, instance.problem, provider, instance.instance_type,
                       plural(instance.rows, "row is", "rows are")));
    }
    if (result.spot_only_rows > 0) {
      note(
          fmt::format("ftcost: {}: {} a spot price but no {} price (Price empty or 0); only the spot "
                      "price is imported from {}\n",
                      options.file, plural(result.spot_only_rows, "row has", "rows have"),
                      result.marketplace ? "listed" : "on-demand", result.spot_only_rows == 1 ? "it" : "them"));
    }
    if (result.spot_above_listed_rows > 0) {
      note(fmt::format(
          "ftcost: {}: {} a spot price above {} {} price; both are imported as published (check "
          "the file if a spot price should be the lower)\n",
          options.file, plural(result.spot_above_listed_rows, "row lists", "rows list"),
          result.spot_above_listed_rows == 1 ? "its" : "their", result.marketplace ? "listed" : "on-demand"));
    }
    if (result.gpu_info_unread_rows > 0) {
      note(
          fmt::format("ftcost: {}: {} no SizeInMiB in GpuInfo, so the accelerator name alone chose {} catalog "
                      "GPU\n",
                      options.file, plural(result.gpu_info_unread_rows, "imported row gives", "imported rows give"),
                      result.gpu_info_unread_rows == 1 ? "its" : "their"));
    }
    if (result.memory_totals) {
      note(
          fmt::format("ftcost: {}: GpuInfo's SizeInMiB is read as each instance's total GPU memory (its multi-GPU "
                      "rows carry that many times the memory of its one-GPU rows) and divided by the GPU count\n",
                      options.file));
    }
    write_output(options.output, result.overlay.dump(1) + "\n");
    std::size_t skipped = 0;
    for (const auto& [why, count] : result.skip_reasons) skipped += count;
    note(fmt::format("ftcost: imported {} for {} as of {} from {}; skipped {}: {}\n",
                     plural(result.imported, "GPU price", "GPU prices"), provider, as_of,
                     plural(result.rows, "row", "rows"), plural(skipped, "row", "rows"),
                     skip_summary(result.skip_reasons)));
    return static_cast<int>(ExitCode::ok);
  }
  const Document doc = parse_document(text, options.file, import_limits);
  std::string as_of = options.as_of;
  if (as_of.empty()) as_of = litellm_stamp_date(doc);
  if (as_of.empty()) {
    as_of = file_modification_date(options.file);
    if (const std::string stamp = litellm_stamp_text(doc); !stamp.empty()) {
      warn(
          fmt::format("{}: its date stamp '{}' is not a date, so the prices are dated {} (the file's modification "
                      "date); give --as-of YYYY-MM-DD when you know when they were published",
                      options.file, stamp, as_of));
    }
  }
  const LitellmImport result = import_litellm(doc, catalog, as_of);
  if (!result.bad_deprecation_dates.empty()) {
    warn(fmt::format("{}: {} not a date, so {} imported without one: {}", options.file,
                     plural(result.bad_deprecation_dates.size(), "deprecation_date is", "deprecation_dates are"),
                     result.bad_deprecation_dates.size() == 1 ? "its entry is" : "their entries are",
                     fmt::join(result.bad_deprecation_dates, ", ")));
  }
  write_output(options.output, result.overlay.dump(1) + "\n");
  note(fmt::format("ftcost: imported {} as of {}; skipped {}: {}\n", plural(result.imported, "API price", "API prices"),
                   as_of, plural(result.skipped.size(), "key", "keys"), skip_summary(result.skip_reasons)));
  return static_cast<int>(ExitCode::ok);
}

}  // namespace

int run_catalog(const CatalogCommandOptions& options) {
  if (options.action == "validate") return run_validate(options);
  if (options.action == "import") return run_import(options);
  const Catalog catalog = load_catalog(options.catalog);
  if (options.action == "list") {
    write_output("", render_catalog_table(list_section(catalog, options.section), options.format));
  } else if (options.action == "show") {
    write_output("", render_catalog_entry(show_entry(catalog, options.name), options.format));
  }
  return static_cast<int>(ExitCode::ok);
}

}  // namespace ftcost::cli
