// The DocumentLimits really bound what a hostile document can make the parser do, and what the
// parse produces for ordinary documents is unchanged by the streaming builder.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "ftcost/catalog/load.hpp"
#include "ftcost/report/report.hpp"
#include "ftcost/scenario/load.hpp"
#include "ftcost/util/document.hpp"
#include "ftcost/util/error.hpp"

#include <fmt/format.h>

using namespace ftcost;

namespace {

std::string repeat(const std::string& text, std::size_t count) {
  std::string out;
  out.reserve(text.size() * count);
  for (std::size_t i = 0; i < count; ++i) out += text;
  return out;
}

std::string error_of(const std::string& text, const std::string& name = "t.yaml", const DocumentLimits& limits = {}) {
  try {
    parse_document(text, name, limits);
  } catch (const InputError& error) {
    return error.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("nesting depth is bounded before any parser runs", "[document][limits]") {
  // 64 levels of containers around the innermost value are allowed; 65 are not.
  CHECK_NOTHROW(parse_document(repeat("[", 65) + repeat("]", 65), "t.yaml"));
  CHECK(error_of(repeat("[", 66) + repeat("]", 66)) ==
        "t.yaml:1:66: nesting is deeper than 64 levels (flatten the document)");
  // 100k levels: refused from the text, at the 66th bracket, without a stack overflow.
  CHECK(error_of(repeat("[", 100000) + repeat("]", 100000)).find("t.yaml:1:66: nesting") == 0);
  CHECK(error_of(repeat("{a: ", 100000)).find("nesting is deeper than 64") != std::string::npos);
  // Block nesting cannot be pre-scanned; the event builder stops at depth 65.
  CHECK(error_of(repeat("- ", 100000) + "x\n").find("nesting is deeper than 64") != std::string::npos);
  CHECK(error_of(repeat("[", 100000), "t.json").find("nesting is deeper than 64") != std::string::npos);
  // Brackets inside quotes and comments do not count.
  CHECK_NOTHROW(parse_document("a: \"" + repeat("[", 100) + "\"  # " + repeat("{", 100) + "\n", "t.yaml"));
}

TEST_CASE("the node limit stops alias bombs and huge collections", "[document][limits]") {
  const std::string bomb =
      "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
      "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
      "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
      "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n";
  // Aliases may repeat 10,000 values in all: b's ten *a repeat 110, c's ten *b 1,110, and each *c
  // of d 1,111 more: the 8th passes 10,000 (110 + 1,110 + 8 × 1,111 = 10,108), at line 4, column 36
  // ("d: &d [" is 7 characters, each "*c, " 4 more).
  CHECK(error_of(bomb) ==
        "t.yaml:4:36: YAML aliases repeat more than 10000 values (write the values out, or repeat fewer with aliases)");
  // Without that limit, the value limit stops it: a = 11 values, b = 1 + 10 × 11 = 111, c = 1111,
  // d = 11111, e = 111111: 1 + 11 + 111 + 1111 + 11111 + 111111 = 123466 values so far; f would add
  // 1111111, over 200000.
  DocumentLimits aliases_unlimited;
  aliases_unlimited.max_alias_values = aliases_unlimited.max_alias_bytes = std::size_t{1} << 40;
  CHECK(error_of(bomb, "t.yaml", aliases_unlimited).find("more than 200000 values") != std::string::npos);
  DocumentLimits small;
  small.max_nodes = 100;
  // root 1 + a 11 + b 1 = 13, then each *a adds a's 11 values: the 8th makes 13 + 88 = 101 > 100.
  // It sits at column 36 of line 2 ("b: &b [" is 7 characters, each "*a, " 4 more).
  CHECK(error_of(bomb, "t.yaml", small).find("t.yaml:2:36: /b/7: more than 100 values") == 0);
  // A flat flow list is counted while it is parsed: libyaml queues no tokens for it.
  CHECK(error_of(std::string("[").append(repeat("1,", 200001)).append("1]")).find("more than 200000 values") !=
        std::string::npos);
  // Few values but long text: a 4,000-byte string repeated 10, 100, 1,000, 10,000 times by aliases
  // is 1,111 values, but the 10,000 copies alone are 40 MB (the next level would be 400 MB).
  std::string long_text = "a: &a \"" + std::string(4000, 'x') + "\"\n";
  const char* const names = "abcde";
  for (int level = 1; level < 5; ++level) {
    long_text += fmt::format("{0}: &{0} [", names[level]);
    for (int i = 0; i < 10; ++i) long_text += fmt::format("{}*{}", i == 0 ? "" : ", ", names[level - 1]);
    long_text += "]\n";
  }
  // Aliases may repeat 1 MiB of text: b's ten *a repeat 40,000 bytes, c's 400,000, and d's first
  // *c 400,000 more (840,000); the second (1,240,000) passes 1,048,576 at line 4, column 12.
  CHECK(error_of(long_text) ==
        "t.yaml:4:12: YAML aliases repeat more than 1048576 bytes of text (write the text out, or repeat less with "
        "aliases)");
  // Without that limit, all text counts against 8 MiB: 4,000 + 40,000 + 400,000 + 4,000,000 bytes
  // before `e`; its first *d (4 MB more) passes 8,388,608 at line 5, column 8.
  CHECK(error_of(long_text, "t.yaml", aliases_unlimited) ==
        "t.yaml:5:8: YAML aliases repeat more than 8388608 bytes of text (a scenario needs a few kilobytes; "
        "remove repeated aliases)");
  // Aliases that repeat a few values are fine and copy the values.
  const Document doc = parse_document("a: &x {k: 1}\nb: *x\n", "t.yaml");
  CHECK(doc.root["b"]["k"] == 1);
}

TEST_CASE("the byte limit stops reading early", "[document][limits]") {
  CHECK(error_of(std::string(9 * 1024 * 1024, 'a')).find("larger than 8388608 bytes") != std::string::npos);
  // /dev/zero never ends: reading must stop at the limit.
  if (std::filesystem::exists("/dev/zero")) {
    try {
      read_input_file("/dev/zero", 100000);
      FAIL("read an endless file");
    } catch (const InputError& error) {
      CHECK(std::string(error.what()) ==
            "/dev/zero: the file is larger than 100000 bytes (a scenario is a few kilobytes and a price file a few "
            "megabytes; check that this is the right file)");
    }
  }
}

TEST_CASE("the streaming builder keeps types and positions", "[document]") {
  const Document doc = parse_document(
      "name: \"123\"\ncount: 123\nratio: 0.5\nempty:\nflag: true\n"
      "data:\n  examples: 10k\n  list: [a, 'b', ~]\n",
      "t.yaml");
  CHECK(doc.root["name"] == "123");  // quoted: text
  CHECK(doc.root["count"] == 123);
  CHECK(doc.root["ratio"] == 0.5);
  CHECK(doc.root["empty"].is_null());
  CHECK(doc.root["flag"] == true);
  CHECK(doc.root["data"]["examples"] == "10k");
  CHECK(doc.root["data"]["list"] == nlohmann::json::parse(R"(["a", "b", null])"));
  // Fields point at their key; list items at the item.
  const SourceLocation examples = doc.locate("/data/examples");
  CHECK(examples.line == 7);
  CHECK(examples.column == 3);
  const SourceLocation item = doc.locate("/data/list/1");
  CHECK(item.line == 8);
  CHECK(item.column == 13);
  CHECK(error_of("a: 1\na: 2\n") == "t.yaml:2:1: a: this key is given twice (keep one of the two)");
  CHECK(error_of("? [a, b]\n: 1\n") == "t.yaml:1:3: /: a key must be plain text (write `name: value`)");
  // A syntax error is reported ahead of a structural oddity it causes.
  CHECK(error_of("gpus: [ {id: x\n").find("invalid YAML") != std::string::npos);
}

TEST_CASE("YAML scalars, styles, anchors and errors as libyaml reads them", "[document]") {
  const Document doc = parse_document(
      "# a comment\n"
      "quoted: '42'\n"
      "tagged: !!str 42\n"
      "sci: 1e6\n"
      "suffix: 3M\n"
      "negative: -7  # trailing comment\n"
      "upper: TRUE\n"
      "yes_word: yes\n"  // YAML 1.1's boolean is text here, as in YAML 1.2's core schema
      "tilde: ~\n"
      "literal: |\n  line one\n  line two\n"
      "folded: >\n  one\n  two\n"
      "plain: a long\n  plain text\n"
      "flow: {k: [1, 2.5, 'x']}\n"
      "base: &b {gpu: h100-sxm, gpus: 8}\n"
      "copy: *b\n",
      "t.yaml");
  CHECK(doc.root["quoted"] == "42");
  CHECK(doc.root["tagged"] == "42");
  CHECK(doc.root["sci"] == 1e6);
  CHECK(doc.root["suffix"] == "3M");
  CHECK(doc.root["negative"] == -7);
  CHECK(doc.root["upper"] == true);
  CHECK(doc.root["yes_word"] == "yes");
  CHECK(doc.root["tilde"].is_null());
  CHECK(doc.root["literal"] == "line one\nline two\n");
  CHECK(doc.root["folded"] == "one two\n");
  CHECK(doc.root["plain"] == "a long plain text");
  CHECK(doc.root["flow"] == nlohmann::json::parse(R"({"k": [1, 2.5, "x"]})"));
  CHECK(doc.root["copy"] == doc.root["base"]);
  CHECK(doc.locate("/copy").line == 20);  // an alias points at its key; its inner values at the key too
  CHECK(doc.locate("/copy/gpus").line == 20);
  CHECK(doc.locate("/flow/k/2").column == 20);
  // Only the first document is read.
  CHECK(parse_document("a: 1\n---\nb: 2\n", "t.yaml").root == nlohmann::json::parse(R"({"a": 1})"));
  // Errors keep file:line:col and say where the unfinished construct began.
  CHECK(error_of("version: 1\ndata: [1, 2\n") ==
        "t.yaml:3:1: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence that starts at "
        "line 2, column 7) (fix the syntax at that position)");
  CHECK(error_of("data:\n\texamples: 1\n") ==
        "t.yaml:2:1: invalid YAML: found character that cannot start any token (indent with spaces, not tabs)");
  CHECK(error_of("a: *nowhere\n") ==
        "t.yaml:1:4: invalid YAML: the alias *nowhere names no anchor before it (write &nowhere on a value before "
        "using *nowhere)");
  CHECK(error_of("a: &x [*x]\n").find("t.yaml:1:8: an alias refers to an anchor that is not complete yet") == 0);
  CHECK(error_of("null: 1\n") == "t.yaml:1:1: /: a key must be plain text (write `name: value`)");
  CHECK(error_of("a: \x01\n").find("t.yaml:1:4: invalid YAML: control characters are not allowed") == 0);
  // A duplicate key names its dotted path, in nested maps too.
  CHECK(error_of("data:\n  examples: 1\n  examples: 2\n") ==
        "t.yaml:3:3: data.examples: this key is given twice (keep one of the two)");
}

TEST_CASE("JSON is read through SAX events with the same types, positions and errors", "[document]") {
  const std::string text =
      "{\n  \"name\": \"a \\\"quoted\\\" \\\\\",\n  \"count\": 123,\n  \"big\": 18446744073709551615,\n"
      "  \"ratio\": -0.5e1,\n  \"list\": [1, \"two\",\n           null, {\"k\": false}]\n}\n";
  const Document doc = parse_document(text, "t.json");
  // Positions are recorded only when first asked for (a second pass over the text).
  CHECK(doc.locations.empty());
  CHECK(doc.root["name"] == "a \"quoted\" \\");
  CHECK(doc.root["count"].is_number_integer());
  CHECK(doc.root["count"].get<std::int64_t>() == 123);
  CHECK(doc.root["big"] == 18446744073709551615.0);  // past int64: a double, as YAML reads it
  CHECK(doc.root["ratio"] == -5.0);
  CHECK(doc.root["list"][3]["k"] == false);
  // Fields point at their key, list items at the item (the string's opening quote, the number's
  // first character, the null's n).
  CHECK(doc.locate("/count").line == 3);
  CHECK(doc.locate("/count").column == 3);
  CHECK(doc.locate("/list/0").line == 6);
  CHECK(doc.locate("/list/0").column == 12);
  CHECK(doc.locate("/list/1").column == 15);
  CHECK(doc.locate("/list/2").line == 7);
  CHECK(doc.locate("/list/2").column == 12);
  CHECK(doc.locate("/list/3/k").column == 19);
  CHECK(doc.locate("/list/3/k").file == "t.json");
  CHECK(doc.locations.size() == 11);  // root, 5 fields, 4 list items, k
  CHECK(error_of("{\"a\": 1,\n \"a\": 2}", "t.json") == "t.json:2:2: a: this key is given twice (keep one of the two)");
  CHECK(error_of("{\"a\": [1, 2,]}", "t.json").find("t.json:1:13: invalid JSON: ") == 0);
  CHECK(error_of("{\"a\": 1e999}", "t.json") ==
        "t.json:1:11: invalid JSON: number overflow parsing '1e999' (fix the syntax at that position)");
  // A syntax error further on is reported ahead of the duplicate key before it.
  CHECK(error_of("{\"a\": 1, \"a\": 2, }", "t.json").find("invalid JSON") != std::string::npos);
  DocumentLimits small;
  small.max_nodes = 3;
  CHECK(error_of("[1, 2, 3]", "t.json", small) ==
        "t.json:1:8: /2: more than 3 values (or YAML aliases expanding "
        "to them) (a scenario needs a few hundred at most; remove "
        "repeated aliases)");
}

TEST_CASE("a JSON input builds what nlohmann's parser builds", "[document]") {
  // The document's SAX builder must give the tree nlohmann::json::parse builds, with whole numbers
  // as int64 where they fit (as the YAML reader types them).
  const std::vector<std::string> texts = {
      R"({"a": [1, -2, 0, -0, 3.25, -1.5e3, 2E-2, 1e308, true, false, null, {}, []], "b": {"c": "d"}})",
      R"(["\"\\\/\b\f\n\r\t", "\u00e9\u20ac", "\ud83d\ude80", "café 日本", ""])",
      "  \n\t{ \"spaced\" :\r\n [ 1 , 2 ] }  \n",
      "9223372036854775807",                            // int64's largest
      "[-9223372036854775808, -9223372036854775809]",   // past int64 below: a double (careful path)
      "[100000000000000000000, 1e-400, 4.94066e-324]",  // past uint64, underflow, subnormal (careful path)
      "\"top-level text\"",
      // Escapes in keys, nesting, exponents with signs, negative zero; a byte-order mark (nlohmann skips it).
      R"({"k\u00e9y": {"nested": [[], {}, [[1]], {"x": {"y": []}}]}, "e": 1E+2, "g": 5e-1, "f": -0.0})",
      "\xEF\xBB\xBF{\"bom\": 1}",
      // Long strings with quotes, escapes and UTF-8 past their first bytes.
      R"(["0123456789abcdef\"0123456789", "0123456789abcdefg\n", "ünïcödé, longer than eight bytes", "01234567"])",
  };
  for (const auto& text : texts) {
    INFO(text);
    const nlohmann::json ours = parse_document(text, "t.json").root;
    const nlohmann::json theirs = nlohmann::json::parse(text);
    CHECK(ours.dump() == theirs.dump());
  }
  // Past int64, whole numbers are doubles (nlohmann::json::parse keeps them as uint64).
  const nlohmann::json numbers = parse_document("[5, -5, 9223372036854775808, 2.0]", "t.json").root;
  CHECK(numbers[0].is_number_integer());
  CHECK(!numbers[0].is_number_unsigned());  // int64, as the YAML reader types it
  CHECK(numbers[1].get<std::int64_t>() == -5);
  CHECK(numbers[2].is_number_float());
  CHECK(numbers[3].is_number_float());
  // Every data file and JSON example reads as nlohmann reads it.
  for (const auto* folder : {FTCOST_SOURCE_DIR "/data", FTCOST_SOURCE_DIR "/examples"}) {
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
      if (entry.path().extension() != ".json") continue;
      INFO(entry.path().string());
      const std::string text = read_input_file(entry.path().string(), std::size_t{8} << 20);
      CHECK(parse_document(text, "t.json").root.dump() == nlohmann::json::parse(text).dump());
    }
  }
  // Bad JSON is refused with its position.
  CHECK(error_of("{\"a\": \"tab\there\"}", "t.json").find("t.json:1:11: invalid JSON: invalid string: control") == 0);
  CHECK(error_of("[1, 2] x", "t.json").find("t.json:1:8: invalid JSON: ") == 0);
  CHECK(error_of("[01]", "t.json").find("t.json:1:3: invalid JSON: ") == 0);
  CHECK(error_of("[\"\\ud800\"]", "t.json").find("invalid JSON") != std::string::npos);  // a lone surrogate
  // Syntax errors of every kind are refused with the position of the problem.
  for (const char* bad : {"",
                          " ",
                          "{\"a\" 1}",
                          "[1,]",
                          "{\"a\": 1,}",
                          "tru",
                          "[1 2]",
                          "{} {}",
                          "\"open",
                          "[-]",
                          "[1.]",
                          "[1e]",
                          "[.5]",
                          "{\"a\": 1",
                          "[\"\\x\"]",
                          "[\"\\u12\"]",
                          "{1: 2}",
                          "[1true]",
                          "[\"0123456789abcdef\tx\"]",
                          "[\"0123456789abcdef\x01\"]",
                          "[\"0123456789abcdef"}) {
    INFO(bad);
    CHECK(error_of(bad, "t.json").find("t.json:1:") == 0);
    CHECK(error_of(bad, "t.json").find("invalid JSON") != std::string::npos);
  }
  // Unclosed and too deep: the depth is what is wrong first.
  CHECK(error_of(repeat("[", 100), "t.json").find("t.json:1:66: /0/0/0/0") == 0);
}

TEST_CASE("error messages stay on one short line", "[error]") {
  const std::string message = format_message({"f.yaml", 1, 2}, "da\nta", std::string(5000, 'x') + "\x01", "fix");
  CHECK(message.find('\n') == std::string::npos);
  CHECK(message.rfind("f.yaml:1:2: da\\nta: xxx", 0) == 0);
  CHECK(message.size() < 700);
  CHECK(message.find("…") != std::string::npos);
  CHECK(format_message({"f.yaml", 0, 0}, "", "bell\x07", "") == "f.yaml: bell\\x07");
}

TEST_CASE("huge but valid inputs give finite totals", "[limits]") {
  // tests/hostile/finite: every input at or near its upper bound. The range checks keep every
  // product within a double, so the estimate is absurd but finite, never inf or nan.
  for (const auto& entry : std::filesystem::directory_iterator(FTCOST_SOURCE_DIR "/tests/hostile/finite")) {
    INFO(entry.path().string());
    const Report report = build_report(load_scenario_file(entry.path().string(), shipped_catalog()));
    double largest = 0;
    for (const auto& option : report.options) {
      CHECK(std::isfinite(option.totals.horizon_total));
      CHECK(std::isfinite(option.totals.cost_per_1k_queries.value_or(0.0)));
      largest = std::max(largest, option.totals.horizon_total);
    }
    CHECK(largest > 1e20);  // the file really pushes the numbers
  }
}

TEST_CASE("a price book value that overflows a line is refused with its line and price", "[limits]") {
  Catalog catalog = shipped_catalog();
  merge_catalog(catalog, parse_document("format: ftcost-catalog/1\nlabor:\n  - {id: data-engineer, usd_per_hour: "
                                        "1e308, source: test, as_of: 2026-01-01}\n",
                                        "book.yaml"));
  const Scenario scenario = load_scenario_file(FTCOST_SOURCE_DIR "/examples/support-assistant-8b-lora.yaml", catalog);
  try {
    build_report(scenario);
    FAIL("an infinite total was not refused");
  } catch (const InputError& error) {
    CHECK(error.field() == "data");
    CHECK(error.problem().find("the Cleaning and filtering line overflows") == 0);
    CHECK(error.fix().find("labor:data-engineer") != std::string::npos);
  }
}

TEST_CASE("text must be UTF-8", "[document]") {
  // "caf\xE9" is Latin-1: 0xE9 starts a 3-byte sequence that 'x' does not continue.
  CHECK(error_of("name: caf\xE9x\n") ==
        "t.yaml:1:10: the input is not UTF-8 text (byte 0xE9) (save the file as UTF-8)");
  CHECK(error_of("a: 1\nb: \xC0\xAF\n") ==
        "t.yaml:2:4: the input is not UTF-8 text (byte 0xC0) (save the file as UTF-8)");  // overlong
  CHECK(error_of("a: \xED\xA0\x80\n").find("not UTF-8") != std::string::npos);            // a UTF-16 surrogate
  CHECK_NOTHROW(parse_document("name: café — 日本 🚀\n", "t.yaml"));
}
