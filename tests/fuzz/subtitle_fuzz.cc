// Fuzz target: SubRip and WebVTT subtitles, parsed as the indexer parses a
// file, then the document checked (fuzz_check.h). The input chooses the
// format: WEBVTT in its first bytes means .vtt, anything else .srt.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/document_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const bool vtt = bytes.substr(0, 16).find("WEBVTT") != std::string_view::npos;
  return zh::fuzz::fuzz_document(data, size, vtt ? zh::ingest::Format::WebVtt : zh::ingest::Format::Srt);
}
