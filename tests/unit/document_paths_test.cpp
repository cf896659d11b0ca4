// Dotted paths and JSON pointers (issue #13, deliverable 8): one parser for the paths people write,
// nlohmann::json_pointer for every escape, so a key holding '/' or '~' is named and found correctly.
#include <catch2/catch.hpp>

#include "ftcost/catalog/load.hpp"
#include "ftcost/scenario/load.hpp"
#include "ftcost/scenario/override.hpp"
#include "ftcost/util/document.hpp"

using namespace ftcost;

TEST_CASE("a dotted path splits into keys and list indices") {
  CHECK(split_dotted_path("alternatives.managed_api[1].label") ==
        std::vector<std::string>{"alternatives", "managed_api", "1", "label"});
  CHECK(pointer_of_path("a/b.c~d[0]").to_string() == "/a~1b/c~0d/0");
  CHECK_THROWS_WITH(split_dotted_path("hosting..gpu"),
                    "hosting..gpu: has an empty part (write a dotted path such as "
                    "hosting.queries_per_month)");
  CHECK_THROWS_WITH(split_dotted_path("a[0"), "a[0: has an unclosed '[' (write a list index as [0])");
}

TEST_CASE("pointers of keys with '/' and '~' are escaped once, and errors name them unescaped") {
  const Document doc = parse_document("top:\n  a/b: 1\n  c~d: [x, y]\n", "keys.yaml");
  CHECK(doc.locate("/top/a~1b").line == 2);
  CHECK(doc.locate("/top/c~0d/1").line == 3);
  CHECK(doc.locate("/top/c~0d/1").column == 12);  // "  c~d: [x, y]": y is the 12th character
  CHECK(child_pointer("/top", "a/b") == "/top/a~1b");
  CHECK_THROWS_WITH(parse_document("top:\n  a/b: 1\n  a/b: 2\n", "twice.yaml"),
                    "twice.yaml:3:3: top.a/b: this key is given twice (keep one of the two)");
}

TEST_CASE("a YAML document locates values from its compact positions as the whole map would") {
  const std::string text =
      "top:\n  a/b: 1\n  c~d: [x, {k: y}, [z]]\n  '': empty key\n  \"0\": zero\n"
      "list:\n  - 1\n  - n: 2\n    m: [3, 4]\n  - &anchor {p: 5}\n  - *anchor\n"
      "flow: {q: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]}\n";
  const Document doc = parse_document(text, "compact.yaml");
  CHECK(doc.locations.empty());  // nothing is spelt out per value while parsing
  Document filled = doc;
  filled.fill_locations();
  REQUIRE(filled.locations.size() == 34);  // the alias is one value; what it repeats is not recorded
  CHECK(filled.locations.at("/top/c~0d/1/k").line == 3);
  CHECK(filled.locations.at("/top/c~0d/1/k").column == 13);  // at its key
  CHECK(filled.locations.at("/list/1/m/1").column == 12);
  CHECK(filled.locations.at("/flow/q/10").column == 43);
  CHECK(filled.locations.at("/top/").line == 4);  // the key '' escapes to nothing
  // Every recorded pointer, and pointers below or beside them that name nothing recorded (which
  // fall back to their nearest recorded parent), are located the same both ways.
  std::vector<std::string> probes = {"",
                                     "/missing",
                                     "/top/c~2d",
                                     "/top/c~0d/01",
                                     "/top/c~0d/-1",
                                     "/list/4",
                                     "/list/3/p",  // inside an alias: located at the alias
                                     "/top/a~1b/deeper",
                                     "/flow/q/11",
                                     "/top/0",
                                     "/list/1/m/18446744073709551616"};
  for (const auto& [pointer, where] : filled.locations) probes.push_back(pointer);
  for (const std::string& pointer : probes) {
    INFO(pointer);
    const SourceLocation lazy = doc.locate(pointer);
    const SourceLocation mapped = filled.locate(pointer);
    CHECK(lazy.file == mapped.file);
    CHECK(lazy.line == mapped.line);
    CHECK(lazy.column == mapped.column);
  }
  CHECK(doc.locate("/list/3/p").line == 11);
  CHECK(doc.locate("/top/0").column == 3);  // the key "0" of a map, not an index
  // An empty stream has no values: the file as a whole.
  CHECK(parse_document("# nothing\n", "empty.yaml").locate("/a").line == 0);
}

TEST_CASE("an error naming a field is located through the same path parser") {
  const Document doc = parse_document("top:\n  list:\n    - {a: 1}\n    - {a: 2}\n", "list.yaml");
  const InputError located = locate_in(InputError({}, "top.list[1].a", "bad"), doc);
  CHECK(located.where().line == 4);
  CHECK(located.where().column == 8);  // "    - {a: 2}": a mapping entry is located at its key
  // Not a path at all: the document as a whole (its first line).
  CHECK(locate_in(InputError({}, "top..x", "bad"), doc).where().line == 1);
}

TEST_CASE("a --set override writes through the same escaping") {
  Document doc = parse_document("top: {}\n", "set.yaml");
  apply_override(doc, parse_override("top.a/b=3"));
  CHECK(doc.root["top"]["a/b"] == 3);
  CHECK(doc.locate("/top/a~1b").file == "--set top.a/b=3");
}

TEST_CASE("a pointer reads back as a dotted path, unescaped") {
  CHECK(dotted_of_pointer("/a/b~1c/0/d~0e") == "a.b/c.0.d~e");
  CHECK(dotted_of_pointer("") == "");
  // JSON names a repeated key the way YAML does (it used to say "top.a~1b.x"), at the quote that
  // opens it: column 26 of {"top": {"a/b": {"x": 1, "x": 2}}}.
  CHECK_THROWS_WITH(parse_document(R"({"top": {"a/b": {"x": 1, "x": 2}}})", "twice.json"),
                    "twice.json:1:26: top.a/b.x: this key is given twice (keep one of the two)");
}

TEST_CASE("an unknown field whose name holds '/' is located at its own line") {
  // Its pointer used to be joined unescaped ("/training/a/b"), which is not in the document, so the
  // error fell back to the section's line (4) instead of the key's (6).
  const std::string text =
      "version: 1\ndata: {examples: 10k, tokens_per_example: 500}\nmodel: llama-3.1-8b\ntraining:\n"
      "  gpu: h100-sxm\n  a/b: 1\nhosting: {queries_per_month: 1M, input_tokens: 400, output_tokens: 200}\n";
  try {
    load_scenario(parse_document(text, "slash.yaml"), shipped_catalog());
    FAIL("expected an unknown-field error");
  } catch (const InputError& error) {
    CHECK(error.field() == "training.a/b");
    CHECK(error.where().line == 6);
    CHECK(error.where().column == 3);
  }
}

TEST_CASE("a pointer that does not start with '/' is located at the root, in JSON as in YAML") {
  // Not a pointer ftcost writes, but locate() must answer rather than loop.
  const Document json = parse_document("{\"top\": {\"a\": 1}}", "doc.json");
  CHECK(json.locate("top").line == json.locate("").line);
  CHECK(json.locate("/top/a").line == 1);
  const Document yaml = parse_document("top:\n  a: 1\n", "doc.yaml");
  CHECK(yaml.locate("top").line == yaml.locate("").line);
  CHECK(yaml.locate("/top/a").line == 2);
}
