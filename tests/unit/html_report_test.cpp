// The HTML report (`--format html`): one self-contained file (no scripts, nothing fetched), every
// text escaped, and the same numbers as the JSON output.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <regex>

#include "ftcost/catalog/load.hpp"
#include "ftcost/render/html.hpp"
#include "ftcost/render/json.hpp"
#include "ftcost/scenario/load.hpp"
#include "ftcost/util/money.hpp"
#include "ftcost/util/quantity.hpp"
#include "pipeline_support.hpp"

using namespace ftcost;
using nlohmann::json;
using pipeline_test::run_ftcost;

namespace {

// The support example with its L40S price marked unverified, to pin that warning.
const std::string unverified_l40s = "tests/fixtures/catalog/l40s-unverified.yaml";
// And with Claude Haiku 4.5 retiring (invented dates), to pin the lifecycle warnings.
const std::string retiring_haiku = "tests/fixtures/catalog/haiku-retiring.yaml";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++n;
  return n;
}

// The cells of one total row of the breakdown table: option id → (unrounded amount, text shown).
std::map<std::string, std::pair<double, std::string>> total_row(const std::string& html, const std::string& key) {
  const auto start = html.find("<tr class=\"total " + key + "\">");
  REQUIRE(start != std::string::npos);
  const std::string row = html.substr(start, html.find("</tr>", start) - start);
  std::map<std::string, std::pair<double, std::string>> cells;
  const std::regex cell(R"re(data-option="([^"]+)" data-usd="([^"]+)">([^<]+)</td>)re");
  for (std::sregex_iterator it(row.begin(), row.end(), cell), end; it != end; ++it) {
    cells[(*it)[1]] = {std::stod((*it)[2]), (*it)[3]};
  }
  return cells;
}

}  // namespace

TEST_CASE("html_escape turns the five special characters into entities") {
  CHECK(html_escape("<script>&\"'") == "&lt;script&gt;&amp;&quot;&apos;");
  CHECK(html_escape("Support assistant — Llama") == "Support assistant — Llama");
}

TEST_CASE("the HTML totals are the JSON totals, shown as the table shows them") {
  const std::string overlays = " --catalog " + unverified_l40s + " --catalog " + retiring_haiku;
  const auto html_run =
      run_ftcost("estimate examples/support-assistant-8b-lora.yaml -f html --today 2026-12-02" + overlays);
  const auto json_run =
      run_ftcost("estimate examples/support-assistant-8b-lora.yaml -f json --today 2026-12-02" + overlays);
  REQUIRE(html_run.exit_code == 0);
  REQUIRE(json_run.exit_code == 0);
  const std::string& html = html_run.out;
  const json doc = json::parse(json_run.out);
  REQUIRE(doc["options"].size() == 3);

  const auto one_time = total_row(html, "one-time");
  const auto monthly = total_row(html, "monthly");
  const auto horizon = total_row(html, "horizon");
  const auto per_1k = total_row(html, "per-1k");
  for (const auto& option : doc["options"]) {
    const std::string id = option["id"];
    INFO(id);
    // The unrounded amounts are the JSON's, to the last bit; the text is the table's rounding.
    CHECK(one_time.at(id).first == option["one_time_usd"].get<double>());
    CHECK(monthly.at(id).first == option["monthly_usd"].get<double>());
    CHECK(horizon.at(id).first == option["horizon_total_usd"].get<double>());
    CHECK(per_1k.at(id).first == option["cost_per_1k_queries_usd"].get<double>());
    CHECK(horizon.at(id).second == format_usd(option["horizon_total_usd"].get<double>()));
    // The card repeats the horizon total.
    CHECK(contains(html,
                   fmt::format("<div class=\"big\" data-usd=\"{}\">{}</div>", option["horizon_total_usd"].get<double>(),
                               format_usd(option["horizon_total_usd"].get<double>()))));
    // Every line item is listed with its label.
    for (const auto& line : option["lines"]) CHECK(contains(html, "<td>" + line["label"].get<std::string>()));
  }
  // The example's figures as the README's table shows them.
  CHECK(horizon.at("self-hosted").second == "$271,284");
  CHECK(horizon.at("api:claude-haiku-4.5").second == "$59,441");
  CHECK(horizon.at("finetune:fireworks-lora-up-to-16b").second == "$386,572");
  CHECK(contains(html, "Cheapest over 24 months: <strong>API claude-haiku-4.5 + few-shot</strong> ($59,441)."));

  // Break-even: the volumes of the JSON, in short form.
  for (const auto& be : doc["break_even"]) {
    if (be["queries_per_month"].is_null()) continue;
    CHECK(contains(html, short_quantity(be["queries_per_month"].get<double>()) + " queries/month"));
  }
  // The API is cheaper again in one band above 4.89M; Fireworks' dedicated deployment wins above 15.4M.
  CHECK(contains(html, "<td class=\"num\">above 4.89M queries/month but 1 band</td><td class=\"num\">never</td>"));
  CHECK(contains(html, "<td class=\"num\">only below 15.4M queries/month</td><td class=\"num\">month 0.7</td>"));
  // At 60 ms per output token the deployment is cheaper again in two bands: no single volume, as the
  // table says.
  const auto relaxed = run_ftcost(
      "estimate examples/support-assistant-8b-lora.yaml -f html --today 2026-12-02 --set "
      "hosting.max_ms_per_output_token=60" +
      overlays);
  CHECK(contains(relaxed.out, "<td class=\"num\">every volume but 2 bands</td><td class=\"num\">month 0.7</td>"));

  // The recommendation with its reasons.
  CHECK(contains(html, "<p class=\"headline\">" + html_escape(doc["recommendation"]["headline"].get<std::string>())));
  for (const auto& reason : doc["recommendation"]["reasons"]) {
    CHECK(contains(html, "<li>" + html_escape(reason.get<std::string>()) + "</li>"));
  }

  // Every price used, with its as-of date; the unverified one is flagged.
  for (const auto& option : doc["options"]) {
    for (const auto& line : option["lines"]) {
      const json& price = line["price"];
      if (price["as_of"] == "") continue;
      CHECK(contains(html, "<tr><td><code>" + price["id"].get<std::string>() + "</code></td>"));
    }
  }
  CHECK(contains(html,
                 "<td class=\"num\">2024-08-15</td><td class=\"small source\">Nebius pricing page, gpu-l40s-a "
                 "1 GPU 8 vCPU 32 GB (test fixture)</td><td><span class=\"badge flag\">unverified</span></td>"));

  // The warnings, one item each with its code, and a notice at the top.
  CHECK(count(html, "<li><code>stale_price</code>") == 1);       // the L40S overlay
  CHECK(count(html, "<li><code>unverified_price</code>") == 1);  // the L40S overlay
  // The retiring Haiku, which prices both the synthetic data and the API option: one warning each.
  CHECK(count(html, "<li><code>deprecated_price</code>") == 1);
  CHECK(count(html, "<li><code>price_sunset_ahead</code>") == 1);
  CHECK(contains(html, "<strong>4 warnings</strong>"));
}

TEST_CASE("an HTML break-even cell never says more than the note beside it") {
  // A fixed deployment wins above 1.72M: self-hosting is cheaper only below it, not "never".
  const auto run = run_ftcost(
      "estimate examples/support-assistant-8b-lora.yaml -f html --set model=mixtral-8x7b --set "
      "'alternatives.managed_finetune[0].offer=fireworks-lora-16b-80b'");
  REQUIRE(run.exit_code == 0);
  CHECK(contains(run.out, "<td class=\"num\">only below 1.72M queries/month</td>"));
}

TEST_CASE("the HTML report is one self-contained, printable file") {
  const auto run = run_ftcost("estimate examples/product-qa-high-volume.yaml -f html --today 2026-12-02 --catalog " +
                              retiring_haiku);  // a warning, for the warnings section
  REQUIRE(run.exit_code == 0);
  const std::string& html = run.out;
  CHECK(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0) == 0);
  CHECK(contains(html, "<meta charset=\"utf-8\">"));
  CHECK(contains(html, "@media print"));
  CHECK(contains(html, ".new-page { break-before: page;"));
  // Nothing runs and nothing is fetched: no scripts, links, images, imports or url() — the only
  // address is the SVG namespace, which names the vocabulary and is never loaded.
  for (const char* banned : {"<script", "<link", "<img", "<iframe", "@import", "url(", "src=", "@font-face"}) {
    INFO(banned);
    CHECK_FALSE(contains(html, banned));
  }
  CHECK(count(html, "http") == count(html, "xmlns=\"http://www.w3.org/2000/svg\""));
  // The charts are inline: cumulative, volume, and the tornado of the self-hosted option (which is
  // also the recommended one here), without an XML declaration inside the HTML.
  CHECK(count(html, "<svg ") == 3);
  CHECK(count(html, "</svg>") == 3);
  CHECK_FALSE(contains(html, "<?xml"));
  CHECK(contains(html, "What drives the 24-month cost of Self-hosted llama-3.1-8b lora"));
  // Sections in order, each closed.
  std::size_t at = 0;
  for (const char* id : {"recommendation", "totals", "breakdown", "break-even", "uncertainty", "charts", "line-items",
                         "prices", "defaults", "warnings"}) {
    INFO(id);
    const auto found = html.find(fmt::format("id=\"{}\"", id));
    REQUIRE(found != std::string::npos);
    CHECK(found > at);
    at = found;
  }
  for (const char* tag : {"section", "table", "tr", "ul", "li", "figure", "div", "main"}) {
    INFO(tag);
    CHECK(count(html, fmt::format("<{}>", tag)) + count(html, fmt::format("<{} ", tag)) ==
          count(html, fmt::format("</{}>", tag)));
  }
  // Monte Carlo results with exact shares.
  CHECK(contains(html, "<td class=\"num\">99.8% of samples</td>"));
  CHECK(contains(html, "<td class=\"num\">0.01% of samples</td>"));
  CHECK(html.back() == '\n');
}

TEST_CASE("every text in the HTML report is escaped") {
  // A label and a scenario name written to break out of the page.
  const std::string scenario = R"(version: 1
name: "Evil <script>alert(1)</script> & co"
data: {examples: 1000, tokens_per_example: 500}
model: llama-3.1-8b
training: {method: lora}
hosting: {queries_per_month: 100k, input_tokens: 500, output_tokens: 200, gpu: l40s}
alternatives:
  managed_api:
    - {model: gpt-4o-mini, label: "<script>&\"'"}
)";
  const Report report = build_report(load_scenario(parse_document(scenario, "evil.yaml"), shipped_catalog()));
  const std::string html = render_html(report);
  CHECK_FALSE(contains(html, "<script"));
  CHECK(contains(html, "<h1>Evil &lt;script&gt;alert(1)&lt;/script&gt; &amp; co</h1>"));
  CHECK(contains(html, "<title>Evil &lt;script&gt;alert(1)&lt;/script&gt; &amp; co — ftcost</title>"));
  CHECK(contains(html, "&lt;script&gt;&amp;&quot;&apos;"));
  // Inside the inline SVG charts the label is XML-escaped the same way.
  CHECK(contains(html, "&lt;script&gt;&amp;&quot;&apos;"));
}

TEST_CASE("check and estimate --check put the budget result at the top of the HTML report") {
  const auto run = run_ftcost("check tests/fixtures/pipeline/budget-breached.yaml -f html");
  CHECK(run.exit_code == 3);
  CHECK(contains(run.out, "<span class=\"fail\">Budget exceeded</span>"));
  CHECK(contains(run.out, "id=\"budget\""));
  CHECK(contains(run.out, "<td class=\"fail\">exceeded</td>"));
  const auto estimate = run_ftcost("estimate tests/fixtures/pipeline/budget-breached.yaml -f html --check");
  CHECK(estimate.exit_code == 3);
  CHECK(contains(estimate.out, "<span class=\"fail\">Budget exceeded</span>"));
}
