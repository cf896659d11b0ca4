#!/usr/bin/env python3
# Writes fuzz/seeds/catalog/: the shipped catalog (data/*.json) cut into complete price books of at
# most 1 KB each (an entry larger than that is a book of its own), every entry in one of them. The
# fuzz runs cap inputs at 16 KB (-max_len), and four of the data files are larger: taken whole as
# seeds they were cut at 16 KB, so they and most of their mutations were unclosed JSON that every
# catalog input parsed to the end, and merged nothing. Small books keep the same coverage (one entry
# of a kind reaches its code) and cost less per input: 1 KB books ran 15-25% more inputs per second
# in fuzz_catalog and 55-65% more in fuzz_catalog_json than 4 KB books (docs/hardening.md).
#   tools/fuzz-catalog-seeds.py   (run from anywhere; rewrites the folder)
import json, pathlib

root = pathlib.Path(__file__).resolve().parent.parent
out = root / "fuzz/seeds/catalog"
max_book_bytes = 1024
out.mkdir(parents=True, exist_ok=True)
for old in out.glob("*.json"):
    old.unlink()

def write(section, index, entries):
    book = {"format": "ftcost-catalog/1", section: entries}
    (out / f"{section}-{index}.json").write_text(json.dumps(book, indent=1, ensure_ascii=False) + "\n")

for path in sorted((root / "data").glob("*.json")):
    data = json.loads(path.read_text())
    for section, entries in data.items():
        if not isinstance(entries, list):
            continue
        chunk, index = [], 0
        for entry in entries:
            if chunk and len(json.dumps({"format": "ftcost-catalog/1", section: chunk + [entry]}, indent=1)) > max_book_bytes:
                write(section, index, chunk)
                chunk, index = [], index + 1
            chunk.append(entry)
        if chunk:
            write(section, index, chunk)
