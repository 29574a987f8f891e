// The only writer of a zhsearch database. Holds Xapian's write lock for
// its lifetime; not thread-safe (one writer thread owns it). Changes become
// visible, atomically, at commit(); after a crash the database holds
// exactly the last commit.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "ingest/document.h"
#include "index/document_builder.h"
#include "index/schema.h"
#include "index/text_store_writer.h"

namespace zh::index {

class IndexWriter {
 public:
  // Opens (creating if needed) the database at `db_dir`; `overwrite`
  // starts it empty. A Scratch database (a run of a first build, thrown
  // away if the build fails) commits without waiting for the disk and
  // overwrites blocks in place: no reader may open it while it is written,
  // and after a crash it is unusable.
  // Throws zh::IndexError if another process holds the write lock, the
  // database cannot be opened, or its passages' texts were in a text store
  // that is lost or damaged (only a rebuild brings them back).
  enum class Durability { Durable, Scratch };
  IndexWriter(const std::filesystem::path& db_dir, bool overwrite = false, Durability durability = Durability::Durable);
  // Drops changes not committed.
  ~IndexWriter();
  IndexWriter(const IndexWriter&) = delete;
  IndexWriter& operator=(const IndexWriter&) = delete;

  // The stored record of document `key`, if it is in the index.
  std::optional<schema::DocumentRecord> record(const std::string& key) const;

  // ingest::kSchemaVersion of the last finished run ("" before schema 6).
  std::string schema_version() const { return db_.get_metadata(std::string(schema::kMetaSchema)); }

  // True when the database holds no passages at all.
  bool empty() const { return db_.get_doccount() == 0; }

  // Every document in the index.
  std::vector<schema::DocumentRecord> records() const;

  // Replaces all passages of `doc` (by key) with `passages`, built by
  // build_passage_documents(doc).
  void replace(const ingest::Document& doc, std::vector<PassageDocument> passages);

  // Deletes document `key` and its passages. Returns false if absent.
  bool remove(const std::string& key);

  // The files earlier runs skipped (schema::kMetaSkippedPrefix), and
  // recording or forgetting one (part of the next commit).
  std::vector<schema::SkippedFile> skipped_files() const;
  void set_skipped(const schema::SkippedFile& file);
  void clear_skipped(const std::string& path);

  // Replaces the synonym table with `groups` (each entry of a group lists
  // the others as its synonyms).
  void set_synonyms(const std::vector<std::vector<std::string>>& groups);

  // Makes all changes since the last commit durable and visible.
  void commit();

  // Ends a run of changes: records the number of distinct terms (for
  // `stats`) and commits. Counting walks every term (~0.2 s for a million),
  // so it happens once per run rather than at every batch's commit().
  void finish();

  // Changes not yet committed (documents replaced or removed).
  std::size_t pending() const { return pending_; }

 private:
  std::filesystem::path dir_;
  Xapian::WritableDatabase db_;
  TextStoreWriter texts_;
  bool texts_in_store_marked_ = false;
  std::size_t pending_ = 0;
};

}  // namespace zh::index
