// Files to Documents: reads a file, decodes it (indexer/text/decode.h),
// parses its format and splits it into passages. Stateless; safe to call
// from several threads at once.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "indexer/ingest/document.h"

namespace zh::ingest {

enum class Format { Markdown, PlainText, Unsupported };

// The format implied by a file name's extension (case-insensitive):
// .md/.markdown/.mdown -> Markdown, .txt/.text -> PlainText.
Format format_of(const std::filesystem::path& file);

// Files larger than this are refused (InputError), so one stray dump
// cannot exhaust memory.
inline constexpr std::size_t kMaxFileBytes = std::size_t{256} << 20;

// Reads and parses `file`; `key` becomes Document::key.
// Throws zh::InputError when the file cannot be read, is too large, is
// binary or has an unsupported format.
Document ingest_file(const std::filesystem::path& file, const std::string& key);

// The bytes of `file`. Throws zh::InputError when it cannot be read or is
// larger than kMaxFileBytes.
std::string read_input_file(const std::filesystem::path& file);

// Parses `bytes` of `format` (used for files and HTTP uploads alike).
// `fallback_title` is used when the text names no title.
// Throws zh::InputError for binary input.
Document parse_document(std::string_view bytes, Format format, const std::string& key,
                        const std::string& fallback_title);

// Hex digest of `bytes` and the index schema version: equal digests mean
// the stored passages are still current.
std::string content_hash(std::string_view bytes);

}  // namespace zh::ingest
