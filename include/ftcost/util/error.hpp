#pragma once
// Errors that reach the user. Everything the user can fix is an InputError carrying where it
// happened (file, line, column, field) and how to fix it; the CLI turns it into one stderr line.
#include <stdexcept>
#include <string>

namespace ftcost {

// Documented process exit codes (README "Exit codes").
enum class ExitCode : int {
  ok = 0,
  internal_error = 1,   // a bug in ftcost: please report it
  output_failed = 1,    // the output could not be written (disk full, closed stdout, missing folder)
  input_error = 2,      // bad scenario, price book, flag or usage
  budget_exceeded = 3,  // the estimate ran fine but broke a budget limit
  no_feasible_plan = 4  // `ftcost plan`: no candidate meets the constraints
};

struct SourceLocation {
  std::string file;  // "" when the input has no file (e.g. built in code)
  int line = 0;      // 1-based; 0 when unknown
  int column = 0;    // 1-based; 0 when unknown
};

class InputError : public std::runtime_error {
 public:
  InputError(SourceLocation where, std::string field, std::string problem, std::string fix = {});

  const SourceLocation& where() const { return where_; }
  const std::string& field() const { return field_; }
  const std::string& problem() const { return problem_; }
  const std::string& fix() const { return fix_; }

 private:
  SourceLocation where_;
  std::string field_;
  std::string problem_;
  std::string fix_;
};

// The result could not be written (stdout or a file): exit code 1, nothing partial left behind.
// `where` names the file (or "<stdout>"), `field` the flag that chose it.
class OutputError : public std::runtime_error {
 public:
  OutputError(const std::string& path, const std::string& field, const std::string& problem,
              const std::string& fix = {});
};

// "file:line:col: field: problem (fix)" — the one line printed after "ftcost: error: ".
std::string format_message(const SourceLocation& where, const std::string& field, const std::string& problem,
                           const std::string& fix);

}  // namespace ftcost
