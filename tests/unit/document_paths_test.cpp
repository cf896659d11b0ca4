// Dotted paths and JSON pointers (issue #13, deliverable 8): one parser for the paths people write,
// nlohmann::json_pointer for every escape, so a key holding '/' or '~' is named and found correctly.
#include <catch2/catch.hpp>

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
