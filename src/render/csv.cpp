#include "ftcost/render/csv.hpp"

#include <fmt/format.h>

namespace ftcost {

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Twelve significant digits: exact to well under a cent, without binary noise like 16122.599999999999.
std::string csv_number(double value) { return fmt::format("{:.12g}", value); }

namespace {

void add_row(std::string& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    out += csv_field(fields[i]);
  }
  out += "\r\n";  // RFC 4180 line break
}

}  // namespace

std::string render_csv(const Report& report) {
  std::string out;
  add_row(out, {"option", "stage", "item", "quantity", "unit", "unit_price_usd", "price_source", "as_of",
                "one_time_usd", "monthly_usd", "horizon_total_usd"});
  for (const auto& option : report.options) {
    for (const auto& line : option.lines) {
      const bool once = line.recurrence == Recurrence::one_time;
      const double amount = line.amount();
      add_row(out, {option.id, line.stage, line.item, csv_number(line.quantity), line.unit, csv_number(line.unit_price),
                    line.price.source, line.price.as_of, csv_number(once ? amount : 0), csv_number(once ? 0 : amount),
                    csv_number(once ? amount : amount * report.horizon_months)});
    }
  }
  return out;
}

std::string render_budget_csv(const BudgetResult& budget) {
  std::string out;
  add_row(out, {"option", "limit", "unit", "limit_value", "value", "overshoot", "status"});
  for (const auto& limit : budget.limits) {
    add_row(out, {budget.option, limit.limit, limit.unit, csv_number(limit.limit_value),
                  limit.value              ? csv_number(*limit.value)
                  : limit.unit == "months" ? "never"
                                           : "no queries",
                  csv_number(limit.overshoot), limit.exceeded ? "exceeded" : "ok"});
  }
  return out;
}

}  // namespace ftcost
