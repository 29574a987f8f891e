// Fuzz target: Markdown files (md4c) with their front matter, parsed as
// the indexer parses a file, then the document checked (fuzz_check.h).
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/document_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return zh::fuzz::fuzz_document(data, size, zh::ingest::Format::Markdown);
}
