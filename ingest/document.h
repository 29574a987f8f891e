// The value types that ingestion produces and the writer consumes: a
// document (one input file) and its passages (the unit of search).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace zh::ingest {

struct DocumentMeta {
  std::string title;
  std::string source;       // URL of the original, when known
  std::string author;
  std::string date;         // ISO 8601 as written ("2025-05-15"), or ""
  std::string description;
  std::string language;     // BCP 47 tag when the text declares one (<html lang>), or ""
  std::vector<std::string> tags;
};

struct Passage {
  std::uint32_t ordinal = 0;  // 0-based position in the document
  std::string heading;        // the section heading it sits under, or ""
  // Text that is searchable with this passage but not part of it: the
  // document title for the first passage, a heading for the first passage
  // under it. Lets a string found only in a title or heading be found.
  std::string context;
  std::string text;           // plain text, markup removed
  std::optional<double> start_time_seconds;  // subtitles only
};

struct Document {
  std::string key;           // path relative to the indexed root: the doc id
  std::string path;          // absolute path of the file ("" for HTTP uploads)
  std::string content_hash;  // hex, of the raw bytes and the schema version
  std::string encoding;      // the detected input encoding
  DocumentMeta meta;
  std::vector<Passage> passages;
  std::vector<std::string> warnings;  // non-fatal problems, for the report
};

// A paragraph-level block of text and the heading it sits under: what the
// format parsers produce and the passage splitter consumes.
struct Block {
  std::string heading;
  std::string text;
  std::optional<double> start_time_seconds;
};

}  // namespace zh::ingest
