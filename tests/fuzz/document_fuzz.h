// The body shared by the file-format fuzz targets (Markdown, SRT/VTT,
// HTML): parse the bytes as the indexer does (decode, format parser,
// passages) and check the resulting document (fuzz_check.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ingest/ingest.h"

namespace zh::fuzz {

// Parses `data` as `format` and checks the document; InputError (binary
// input, an empty subtitle file, an oversized HTML page) is expected.
int fuzz_document(const std::uint8_t* data, std::size_t size, ingest::Format format);

}  // namespace zh::fuzz
