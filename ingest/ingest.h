// Files to Documents: reads a file, decodes it (text/decode.h),
// parses its format and splits it into passages. Stateless; safe to call
// from several threads at once.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "ingest/document.h"

namespace zh::ingest {

enum class Format { Markdown, PlainText, Srt, WebVtt, Html, Unsupported };

// The format implied by a file name's extension (case-insensitive):
// .md/.markdown/.mdown -> Markdown, .txt/.text -> PlainText, .srt -> Srt,
// .vtt -> WebVtt, .html/.htm/.xhtml -> Html.
Format format_of(const std::filesystem::path& file);

// The file types format_of() accepts, for messages ("expected .md, ...").
inline constexpr std::string_view kSupportedTypes = ".md, .txt, .srt, .vtt or .html";

// Subtitle files take their front matter from a sidecar next to them:
// NAME.yaml, NAME.yml or the front matter of NAME.md for NAME.srt/.vtt.
// Returns the sidecar's YAML, or "" when `file` is not a subtitle file or
// has no readable sidecar. Never throws.
std::string read_sidecar_front_matter(const std::filesystem::path& file);

// True when `file` is NAME.md with a NAME.srt or NAME.vtt next to it: a
// sidecar. A sidecar with no text besides its front matter is not a
// document of its own. Never throws.
bool is_subtitle_sidecar(const std::filesystem::path& file);

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
// `fallback_title` is used when the text names no title. `sidecar_yaml`
// (subtitles only) is front matter from read_sidecar_front_matter().
// Throws zh::InputError for binary input, a subtitle file with no text and
// an HTML page over kMaxHtmlBytes.
Document parse_document(std::string_view bytes, Format format, const std::string& key,
                        const std::string& fallback_title, std::string_view sidecar_yaml = {});

// Hex digest of `bytes`, the sidecar front matter (if any) and the index
// schema version: equal digests mean the stored passages are still current.
std::string content_hash(std::string_view bytes, std::string_view sidecar_yaml = {});

// What this build writes into an index. Bump when ingestion or the index
// schema changes: it is part of every content hash, so every file is
// re-indexed instead of being skipped as unchanged.
// 3: 苎/苧 fold alike; 4: metadata searchable; 5: title/heading labels;
// 6: normal text in the text store; 7: passage data as edits against it.
inline constexpr std::string_view kSchemaVersion = "zhsearch-schema-7";

}  // namespace zh::ingest
