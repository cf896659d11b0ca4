// Writing results (issue #13, deliverable 6): a write that fails is exit code 1 with one error line
// and nothing partial left behind; a failing --chart writes nothing; --samples without ranges says so.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "pipeline_support.hpp"

using pipeline_test::read_text;
using pipeline_test::run_ftcost;
using pipeline_test::run_ftcost_with_stdout;
using pipeline_test::scratch_dir;
using pipeline_test::write_text;

namespace {
const std::string support = "examples/support-assistant-8b-lora.yaml";
const std::string with_ranges = "examples/product-qa-high-volume.yaml";

std::size_t lines_in(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// Files in `dir` whose name starts with `prefix` (temporaries are ".NAME.tmp.PID").
std::size_t files_starting(const std::filesystem::path& dir, const std::string& prefix) {
  std::size_t n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    n += entry.path().filename().string().rfind(prefix, 0) == 0;
  return n;
}
}  // namespace

TEST_CASE("a full disk on stdout is exit 1 with one error line, for every command that prints") {
  const std::vector<std::string> commands = {"estimate " + support, "estimate " + support + " -f json",
                                             "validate " + support, "schema output", "catalog list gpus",
                                             // sweep writes through C's stdio in blocks: a short sweep that fits
                                             // in the buffer and one that flushes blocks on the way
                                             "sweep " + support + " --vary hosting.queries_per_month=1..1M:lin:10",
                                             "sweep " + support + " --vary hosting.queries_per_month=1..1M:lin:100000"};
  for (const auto& args : commands) {
    INFO(args);
    const auto run = run_ftcost_with_stdout(args, "/dev/full");
    CHECK(run.exit_code == 1);
    CHECK(lines_in(run.err) == 1);
    CHECK(run.err.rfind("ftcost: error: <stdout>: writing the output failed (No space left on device)", 0) == 0);
  }
}

TEST_CASE("a failing --chart writes nothing: no stdout, no -o file, exit 1") {
  const auto dir = scratch_dir();
  const std::string missing_folder = (dir / "no-such-folder" / "x.svg").string();
  const auto to_stdout = run_ftcost("estimate " + support + " --chart '" + missing_folder + "'");
  CHECK(to_stdout.exit_code == 1);
  CHECK(to_stdout.out.empty());
  CHECK(lines_in(to_stdout.err) == 1);
  CHECK(to_stdout.err.find("--chart: cannot create the output file") != std::string::npos);

  const auto out = dir / "estimate-with-chart.json";
  std::filesystem::remove(out);
  const auto to_file =
      run_ftcost("estimate " + support + " -f json -o '" + out.string() + "' --chart '" + missing_folder + "'");
  CHECK(to_file.exit_code == 1);
  CHECK_FALSE(std::filesystem::exists(out));
  CHECK(files_starting(dir, ".estimate-with-chart.json.tmp") == 0);
}

TEST_CASE("a failing output leaves no chart behind, and an existing chart untouched") {
  const auto dir = scratch_dir();
  const auto chart = dir / "kept.svg";
  write_text(chart, "previous chart\n");
  const auto run = run_ftcost_with_stdout("estimate " + support + " --chart '" + chart.string() + "'", "/dev/full");
  CHECK(run.exit_code == 1);
  CHECK(read_text(chart) == "previous chart\n");
  CHECK(files_starting(dir, ".kept.svg.tmp") == 0);
}

TEST_CASE("an -o file in a missing folder is exit 1, not a bad-input exit 2") {
  const auto run = run_ftcost("estimate " + support + " -o '" + (scratch_dir() / "nope" / "e.txt").string() + "'");
  CHECK(run.exit_code == 1);
  CHECK(run.out.empty());
  CHECK(lines_in(run.err) == 1);
}

TEST_CASE("samples on a scenario without ranges: a warning on stderr and the same output") {
  const auto plain = run_ftcost("estimate " + support + " -f json --max-price-age-days 36500");
  const auto sampled = run_ftcost("estimate " + support + " -f json --samples 500 --max-price-age-days 36500");
  CHECK(sampled.exit_code == 0);
  CHECK(sampled.out == plain.out);
  // The same warnings as without --samples (the example's unverified price), plus one line.
  CHECK(plain.err.find("nothing to sample") == std::string::npos);
  CHECK(sampled.err.find("ftcost: warning: --samples 500 has nothing to sample") != std::string::npos);
  CHECK(lines_in(sampled.err) == lines_in(plain.err) + 1);
  // With ranges there is something to sample: no such line.
  const auto ranged = run_ftcost("estimate " + with_ranges + " --samples 200 --max-price-age-days 36500");
  CHECK(ranged.exit_code == 0);
  CHECK(ranged.err.find("nothing to sample") == std::string::npos);
}

TEST_CASE("the chart and the estimate cannot share a destination") {
  const auto file = scratch_dir() / "same.txt";
  std::filesystem::remove(file);
  const auto same = run_ftcost("estimate " + support + " -o '" + file.string() + "' --chart '" + file.string() + "'");
  CHECK(same.exit_code == 2);
  CHECK_FALSE(std::filesystem::exists(file));
  CHECK(same.err.find("--chart: '" + file.string() + "' is also where the estimate goes") != std::string::npos);
  const auto both_stdout = run_ftcost("estimate " + support + " --chart -");
  CHECK(both_stdout.exit_code == 2);
  CHECK(both_stdout.out.empty());
}
