// A snapshot of one zhsearch index for searching: the Xapian database at
// one revision and everything read beside it (the text store, passages'
// lengths and document keys, documents' records). It answers, one way
// each, what the search layer asks of a passage: its normal searchable
// text, where its document's run of passages ends, its length, its
// document, what a result shows of it.
//
// Only the current index format (schema::kSchemaVersion) is read: opening
// or refreshing onto an index written by another zhsearch throws
// zh::IndexError saying how to rebuild it.
//
// Thread-safety: not thread-safe; one per searching thread. Readers of one
// database in several threads may share a ReaderShare (thread-safe) so
// that warm_up() copies the text store into memory once for all of them.
// Errors: zh::IndexError for a missing, unreadable, old or damaged index;
// lookups otherwise throw Xapian::Error as the database does (the caller
// wraps it, and retries on Xapian::DatabaseModifiedError after
// forget_revision()).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "index/document_keys.h"
#include "index/index_stats.h"
#include "index/passage_data.h"
#include "index/passage_lengths.h"
#include "index/schema.h"
#include "index/text_store_reader.h"

namespace zh::index {

// What several threads' readers of one database build once for all of them.
struct ReaderShare {
  SharedStoreCopy store_copy;
};

class IndexReader {
 public:
  // Opens the index at `db_dir` at its latest revision. `share` may be
  // null (this reader keeps its own). Throws zh::IndexError when there is
  // no readable index there, or it is not of the current schema.
  explicit IndexReader(const std::filesystem::path& db_dir, std::shared_ptr<ReaderShare> share = nullptr);
  ~IndexReader();
  IndexReader(IndexReader&&) noexcept;
  IndexReader& operator=(IndexReader&&) noexcept;

  // Moves to the latest committed revision, if there is a newer one (one
  // stat() when there is not). Throws zh::IndexError when the index was
  // replaced by one of another schema, Xapian::Error as the database does.
  void refresh();

  // Forgets the revision's cached facts and makes the next refresh()
  // reopen, whatever the version file says (after DatabaseModifiedError).
  void forget_revision();

  const std::filesystem::path& dir() const { return dir_; }
  const Xapian::Database& database() const { return db_; }

  // The normal searchable text of passage `did` (what Ctrl-F matching and
  // the rerank read), valid until the next call. Throws zh::IndexError when
  // the text store does not hold it (deleted, or another copy's).
  std::string_view text(Xapian::docid did);

  // The last docid of the run of consecutive passages of `did`'s document.
  // Throws zh::IndexError when the text store does not hold `did`.
  Xapian::docid run_end(Xapian::docid did);

  // Passage `did`'s length (its number of term occurrences, for BM25).
  Xapian::termcount length(Xapian::docid did);

  // The key of passage `did`'s document ("" when it has none).
  std::string document_key(Xapian::docid did);

  // What a result shows of passage `did`, whose Xapian document is `doc`.
  // Throws zh::IndexError when its stored data is damaged.
  ShownPassage shown_passage(const Xapian::Document& doc, Xapian::docid did);

  // The record of document `key` (an empty one, keyed `key`, when the
  // index has none). Valid until the revision changes.
  const schema::DocumentRecord& record(const std::string& key);

  // Passage `doc`'s start time in seconds (subtitles), or nullopt.
  std::optional<double> start_time(const Xapian::Document& doc);

  // Passage `doc`'s 0-based position in its document (0 when unrecorded).
  std::uint32_t ordinal(const Xapian::Document& doc);

  // The passages of document `key`, in document order (by ordinal): their
  // docids, empty when the index has no document `key`. For the document
  // view; reads the document's posting list and each passage's ordinal.
  std::vector<Xapian::docid> passages_of(const std::string& key);

  // The normal title and heading of passage `did` (for the rerank).
  schema::Labels labels(Xapian::docid did);

  // Reads now what searches would otherwise read on first use (lengths,
  // keys, the text store's pages and run ends), for a process that will
  // search many times. Throws zh::IndexError when the database fails.
  void warm_up();

  // Counts of the current revision and the index's size on disk. Throws
  // zh::IndexError when the database fails.
  IndexStats stats();

 private:
  struct VersionStamp;
  void check_schema() const;
  void forget_revision_facts();

  std::filesystem::path dir_;
  // Taken before the database is opened or reopened, so that a commit in
  // between is seen as a change the next time.
  std::unique_ptr<VersionStamp> seen_version_;
  Xapian::Database db_;
  std::shared_ptr<ReaderShare> share_;
  TextStoreReader store_;
  PassageLengths lengths_;
  DocumentKeys keys_;
  std::string cached_uuid_;  // the database lengths_ and keys_ describe
  std::unordered_map<std::string, schema::DocumentRecord> records_;  // of this revision
  std::optional<bool> has_start_times_;                              // of this revision, once asked
  bool warmed_ = false;  // warm_up() was asked for: a rebuilt index's store is copied in too
};

}  // namespace zh::index
