// Changes to an index one document at a time, by document key: the one
// write path of `zhsearch index` (its runs and watch mode, indexer/
// indexing_run.h) and of the HTTP write API (web/admin.h).
//
// A change is made in two steps: prepare_document() parses, splits and
// analyzes (CPU only, no lock, any thread); put_document() and
// delete_document() write into an open IndexWriter, whose Xapian write lock
// its owner holds (an index run for the whole run, DocumentChanges for one
// request). Nothing is visible before the writer commits.
//
// Keys: a file's key is chosen by ingest/source_files.h; an upload's key is
// its id, as given.
#pragma once

#include <cstddef>
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "index/document_builder.h"
#include "index/index_writer.h"
#include "ingest/document.h"
#include "ingest/ingest.h"

namespace zh::index {

// A document parsed and turned into passage documents, ready to write.
struct PreparedDocument {
  ingest::Document doc;                   // doc.key: the key it is written under
  std::vector<PassageDocument> passages;  // one per passage of doc, in order
};

// Parses `bytes` of `format` as document `key` (ingest::parse_document:
// decoding, front matter, passages) and builds its passage documents.
// `fallback_title` is shown when the text names no title; `sidecar_yaml`
// (subtitles only) is ingest::read_sidecar_front_matter(). Thread-safe.
// Throws zh::InputError when the input is refused (binary data, a subtitle
// with no text, an oversized HTML page); any other exception is a bug or
// the machine (std::bad_alloc) and propagates.
PreparedDocument prepare_document(std::string_view bytes, ingest::Format format, const std::string& key,
                                  const std::string& fallback_title, std::string_view sidecar_yaml = {});

// Replaces document `prepared.doc.key` (or adds it) in `writer`, as part of
// the next commit. Returns the number of passages written. Throws
// zh::IndexError when the write fails.
std::size_t put_document(IndexWriter& writer, PreparedDocument prepared);

// Removes document `key` and its passages from `writer`, as part of the
// next commit. Returns false, and changes nothing, when there is no such
// document. Throws zh::IndexError when the write fails.
bool delete_document(IndexWriter& writer, const std::string& key);

// Single-document changes that are each their own transaction: open the
// index for writing, change, commit, close. Xapian's write lock is held
// only while one change writes, so `zhsearch index` can run between them;
// changes from threads of this process wait for each other (thread-safe).
class DocumentChanges {
 public:
  // Opens nothing yet; the index is created at the first put() if needed.
  explicit DocumentChanges(std::filesystem::path db_dir);

  struct PutResult {
    std::size_t passages = 0;
    bool replaced = false;              // false: `key` was new
    std::vector<std::string> warnings;  // what the parser noted
  };

  // Parses `bytes` (prepare_document(); the title falls back to the key's
  // file stem) before taking the lock, then replaces document `key`. The
  // document has no file path, so an index run never prunes it.
  // Throws zh::InputError "KEY: why" when the input is refused and
  // zh::IndexError when the index cannot be opened for writing (another
  // process holds the lock, or it is damaged) or written; nothing is
  // written when it throws.
  PutResult put(const std::string& key, std::string_view bytes, ingest::Format format);

  // Removes document `key`; false (nothing written) when there is none.
  // Throws zh::IndexError as put().
  bool remove(const std::string& key);

 private:
  std::filesystem::path db_dir_;
  std::mutex write_mutex_;  // one writer at a time inside this process
};

}  // namespace zh::index
