// The index schema: every term prefix, value slot and metadata key, and
// the layout of a passage's stored data. Defined once here; the writer and
// the searcher both include it, so they cannot disagree.
//
// One Xapian document per passage. Terms (no positions: exactness comes
// from verifying candidates against the stored text, see search/):
//   word         an ICU word, normalized (unprefixed: never starts A-Z)
//   U<c>         a normalized letter, digit or ideograph
//   B<c1c2>      two adjacent normalized letters, digits or ideographs
//   P<key>       boolean: the passage's document (to replace or delete it)
//   K<tag> A<author> Y<year>   boolean filters
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "ingest/document.h"
#include "ingest/ingest.h"
#include "text/analyzer.h"

namespace zh::index::schema {

inline constexpr std::string_view kPrefixChar = "U";
inline constexpr std::string_view kPrefixPair = "B";
inline constexpr std::string_view kPrefixDocument = "P";
inline constexpr std::string_view kPrefixTag = "K";
inline constexpr std::string_view kPrefixAuthor = "A";
inline constexpr std::string_view kPrefixYear = "Y";

// Xapian refuses terms over 245 bytes; longer words are not indexed as words.
inline constexpr std::size_t kMaxTermBytes = 240;

// Xapian's B-tree block size for new databases: searches read a block per
// pread, and a light query copies whole blocks, so small blocks win.
inline constexpr unsigned kBlockSize = 8192;

enum Slot : unsigned {
  kSlotDocKey = 0,     // collapse key: at most N passages per document
  kSlotOrdinal = 1,    // sortable_serialise(passage ordinal)
  kSlotDate = 2,       // the document's date as written (ISO 8601)
  kSlotStartTime = 3,  // sortable_serialise(seconds), subtitles only
  // 4: unused (before schema 6 it held the normal text, now in the text
  // store, text_store_format.h); never reuse it.
  // The normal forms of the document's title and the passage's heading,
  // for the ranking's title signal (search/rerank.h): a value, so that
  // reranking reads no metadata and decompresses no passage data.
  kSlotLabels = 5,
};

// Metadata: per document, its DocumentRecord as JSON; the time of the last
// commit; and the number of distinct terms, counted by the writer at the end
// of each run so that readers never walk the whole term list (slow on a large
// index, and on a damaged table that walk can crash inside Xapian).
inline constexpr std::string_view kMetaDocumentPrefix = "doc:";
inline constexpr std::string_view kMetaLastUpdate = "zhsearch:last_update";
inline constexpr std::string_view kMetaTermCount = "zhsearch:term_count";
// kSchemaVersion of the zhsearch that last finished a run ("" before schema 6).
inline constexpr std::string_view kMetaSchema = "zhsearch:schema";

// The schema this build writes and the only one it reads (index_reader.h).
// Defined in ingest/, below this layer, because every content hash mixes
// it in: a new schema re-indexes every file.
inline constexpr std::string_view kSchemaVersion = ingest::kSchemaVersion;
// "1" once a passage whose data needs the text store (passage_data.h) was
// added: from then on the store is part of the index, not a copy of it.
inline constexpr std::string_view kMetaTextsInStore = "zhsearch:texts_in_store";
// Per file skipped by a run (binary, unreadable...), keyed by its absolute
// path: a SkippedFile as JSON, so that a later run can tell a known problem
// from a new one.
inline constexpr std::string_view kMetaSkippedPrefix = "skipped:";

// The index term for a token ("" when it is too long to index).
std::string term_for(const text::Token& token);

// The boolean term that marks every passage of document `key`.
std::string document_term(std::string_view key);

// Filter terms: tags, authors and years are matched after normalization.
std::string tag_term(std::string_view tag);
std::string author_term(std::string_view author);
std::string year_term(std::string_view year);

// The kSlotLabels value: normalized title and heading joined by a newline
// ("" when both are empty), and back. Each is cut (on a character
// boundary) to kMaxLabelBytes: the ranking reads only a label's first 64
// characters, and the value is stored once per passage.
inline constexpr std::size_t kMaxLabelBytes = 256;
struct Labels {
  std::string title;
  std::string heading;
};
std::string encode_labels(std::string_view title, std::string_view heading);
Labels decode_labels(std::string_view value);

// The searchable text of a passage: its context, a line break, its text
// (just the text when there is no context). What Ctrl-F matching checks.
std::string searchable_text(std::string_view context, std::string_view text);

// What the index remembers of a document, stored as metadata.
struct DocumentRecord {
  std::string key, path, content_hash, encoding;
  ingest::DocumentMeta meta;
  std::size_t passages = 0;
};
std::string encode_record(const DocumentRecord& r);
// Throws zh::IndexError when `json` is not a record (a corrupt index).
DocumentRecord decode_record(std::string_view json);

// A file a run skipped, the hash of the bytes it skipped and why.
struct SkippedFile {
  std::string path, content_hash, message;
};
std::string encode_skipped(const SkippedFile& s);
// Throws zh::IndexError when `json` is not a SkippedFile (a corrupt index).
SkippedFile decode_skipped(std::string_view json);

}  // namespace zh::index::schema
