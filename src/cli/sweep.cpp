#include "sweep.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <iterator>

#include "ftcost/render/csv.hpp"
#include "ftcost/report/sweep.hpp"
#include "ftcost/util/money.hpp"
#include "ftcost/util/output.hpp"

namespace ftcost::cli {

void setup_sweep(CLI::App& app, SweepOptions& options) {
  auto* cmd = app.add_subcommand("sweep",
                                 "Horizon totals of every option over a range of one or two fields, one row per point");
  add_input_options(*cmd, options.input);
  cmd->add_option("--vary", options.vary, "field=a..b:lin:N, field=a..b:log:N or field=a,b,c; once or twice (a grid)")
      ->required()
      ->allow_extra_args(false);
  add_output_options(*cmd, options.output, {"csv", "json"});
  std::string fields;
  for (const auto& field : sweepable_fields()) fields += fmt::format("  {:<32} {}\n", field.name, field.description);
  cmd->footer(
      "Rows stream to stdout: CSV (a header, then the varied values, each option's total over the horizon in\n"
      "USD and the cheapest option) or, with -f json, one JSON object per line.\n"
      "Sweepable fields:\n" +
      fields +
      "Examples:\n"
      "  ftcost sweep scenario.yaml --vary hosting.queries_per_month=10k..10M:log:25\n"
      "  ftcost sweep scenario.yaml --vary hosting.queries_per_month=100k,1M,10M --vary horizon_months=12,24,36\n"
      "  ftcost sweep scenario.yaml --vary hosting.usd_per_gpu_hour=0.5..3:lin:11 -f json | jq .cheapest");
}

namespace {

// Rows are formatted into a buffer and written in large blocks: formatting, not the cost model, is the
// work per point.
class RowWriter {
 public:
  explicit RowWriter(bool to_stdout) : to_stdout_(to_stdout) { buffer_.reserve(block + 4096); }
  fmt::memory_buffer& buffer() { return buffer_; }
  void maybe_flush() {
    if (to_stdout_ && buffer_.size() >= block) flush();
  }
  void flush() {
    if (!to_stdout_) return;
    write_stdio_stdout(buffer_.data(), buffer_.size());
    buffer_.clear();
  }
  std::string text() const { return fmt::to_string(buffer_); }

 private:
  static constexpr std::size_t block = 1 << 20;
  bool to_stdout_;
  fmt::memory_buffer buffer_;
};

}  // namespace

int run_sweep(const SweepOptions& options) {
  if (options.vary.size() > 2) {
    throw InputError({"--vary", 0, 0}, "", "at most two fields can be varied", "run one sweep per pair of fields");
  }
  std::vector<SweepAxis> axes;
  for (const auto& spec : options.vary) axes.push_back(parse_sweep_axis(spec));
  if (axes.size() == 2 &&
      static_cast<double>(axes[0].values.size()) * static_cast<double>(axes[1].values.size()) > 1e9) {
    throw InputError({"--vary " + axes[1].spec, 0, 0}, "", "the grid has more than 1,000M points",
                     "use fewer points per field");
  }
  if (axes.size() == 2 && axes[0].field == axes[1].field) {
    throw InputError({"--vary " + axes[1].spec, 0, 0}, axes[1].field->name, "is already varied",
                     "vary two different fields");
  }
  const LoadedScenario loaded = load_scenario_with(options.input, nullptr);
  const std::vector<std::string> ids = sweep_option_ids(loaded.scenario);

  const bool to_stdout = options.output.output.empty() || options.output.output == "-";
  const bool json_lines = options.output.format == "json";
  RowWriter writer(to_stdout);
  auto& out = writer.buffer();
  auto it = std::back_inserter(out);
  std::vector<std::string> quoted_ids;  // JSON keys, escaped once
  quoted_ids.reserve(ids.size());
  for (const auto& id : ids) quoted_ids.push_back(nlohmann::json(id).dump());
  std::vector<std::string> quoted_fields;
  quoted_fields.reserve(axes.size());
  for (const auto& axis : axes) quoted_fields.push_back(nlohmann::json(axis.field->name).dump());

  if (!json_lines) {
    std::vector<std::string> header;
    header.reserve(axes.size() + ids.size() + 1);
    for (const auto& axis : axes) header.push_back(csv_field(axis.field->name));
    for (const auto& id : ids) header.push_back(csv_field(id));
    header.emplace_back("cheapest");
    fmt::format_to(it, "{}\r\n", fmt::join(header, ","));
  }
  const std::size_t dims = axes.size();
  try {
    run_sweep(loaded.scenario, axes, [&](const double* values, const double* totals, std::size_t cheapest) {
      if (json_lines) {
        out.push_back('{');
        for (std::size_t d = 0; d < dims; ++d) fmt::format_to(it, "{}:{},", quoted_fields[d], values[d]);
        out.append(std::string_view("\"totals_usd\":{"));
        for (std::size_t i = 0; i < ids.size(); ++i) {
          if (i) out.push_back(',');
          out.append(quoted_ids[i]);
          out.push_back(':');
          append_cents(out, totals[i]);
        }
        fmt::format_to(it, "}},\"cheapest\":{}}}\n", quoted_ids[cheapest]);
      } else {
        for (std::size_t d = 0; d < dims; ++d) fmt::format_to(it, "{},", values[d]);
        for (std::size_t i = 0; i < ids.size(); ++i) {
          append_cents(out, totals[i]);
          out.push_back(',');
        }
        out.append(csv_field(ids[cheapest]));
        out.append(std::string_view("\r\n"));
      }
      writer.maybe_flush();
    });
  } catch (const InputError&) {
    // A point the scenario as written cannot price either is the scenario's error, named in its file
    // (or --set), not the --vary's; else the point's own.
    (void)build_report_located(loaded);
    throw;
  }
  if (to_stdout) {
    writer.flush();
    flush_stdio_stdout();
  } else {
    write_output(options.output.output, writer.text());
  }
  return static_cast<int>(ExitCode::ok);
}

}  // namespace ftcost::cli
