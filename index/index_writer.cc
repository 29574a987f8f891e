#include "index/index_writer.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>

#include "common/error.h"
#include "ingest/ingest.h"

namespace zh::index {
namespace {

// Xapian puts strerror(errno) into the description of a failed write.
bool disk_full(const Xapian::Error& e) {
  return e.get_description().find(std::strerror(ENOSPC)) != std::string::npos;
}

// Xapian's description of a failed write, and what to do about a full disk.
std::string reason(const Xapian::Error& e) {
  if (!disk_full(e)) return e.get_description();
  return e.get_description() + "; the disk is full: free some space and run again (the index keeps its last commit)";
}

// A scratch database is thrown away if the build fails, so it neither waits
// for the disk nor keeps the old revision of a block it changes
// (DB_DANGEROUS: commits write blocks in place, which saved 2 of 45 s on
// corpus-large; nothing reads a scratch database while it is written).
Xapian::WritableDatabase open_writable(const std::filesystem::path& dir, bool overwrite, bool scratch) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw IndexError("cannot create " + dir.string() + ": " + ec.message());
  try {
    return Xapian::WritableDatabase(dir.string(),
                                    (overwrite ? Xapian::DB_CREATE_OR_OVERWRITE : Xapian::DB_CREATE_OR_OPEN) |
                                        (scratch ? Xapian::DB_NO_SYNC | Xapian::DB_DANGEROUS : 0),
                                     schema::kBlockSize);
  } catch (const Xapian::DatabaseLockError& e) {
    // Also thrown when the lock file cannot be created (a read-only folder).
    if (e.get_msg().find("already locked") == std::string::npos)
      throw IndexError("cannot open " + dir.string() + " for writing: " + e.get_msg() +
                       "; the indexer needs write access to the folder");
    throw IndexError(dir.string() + " is locked by another zhsearch index; wait for it to finish and try again");
  } catch (const Xapian::Error& e) {
    if (disk_full(e)) throw IndexError("cannot open " + dir.string() + " for writing: " + reason(e));
    throw IndexError("cannot open " + dir.string() + " for writing: " + e.get_description() +
                     "; if it is damaged, rebuild it with: zhsearch index --rebuild --db " + dir.string() + " PATH");
  }
}

std::string metadata_key(const std::string& doc_key) {
  return std::string(schema::kMetaDocumentPrefix) + doc_key;
}

std::string utc_now_iso8601() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// `dir`, once its text store is known to hold what the passages need: since
// schema 7 a passage's text is read from the store, so a writer must not
// start a fresh, empty store under passages whose texts were in the old one.
const std::filesystem::path& checked_store_dir(const std::filesystem::path& dir, const Xapian::Database& db) {
  if (db.get_doccount() == 0 || db.get_metadata(std::string(schema::kMetaTextsInStore)).empty() ||
      TextStoreWriter::intact(dir, db.get_uuid()))
    return dir;
  throw IndexError("the text store of " + dir.string() +
                   " (normal-text.dat and normal-text.idx) is missing or damaged, and the passages' texts are "
                   "kept there; nothing was changed. Rebuild the index from your files: zhsearch index --rebuild "
                   "--db " + dir.string() + " PATH...");
}

}  // namespace

IndexWriter::IndexWriter(const std::filesystem::path& db_dir, bool overwrite, Durability durability)
    : dir_(db_dir),
      db_(open_writable(db_dir, overwrite, durability == Durability::Scratch)),
      texts_(checked_store_dir(db_dir, db_), db_.get_uuid(), durability == Durability::Durable) {
  // Everything between commits is one transaction, so Xapian's automatic
  // flushes can never make half a batch (half a document) durable.
  db_.begin_transaction(true);
}

IndexWriter::~IndexWriter() {
  try {
    db_.cancel_transaction();  // uncommitted changes are dropped, as after a crash
  } catch (const Xapian::Error&) {
  }
}

std::optional<schema::DocumentRecord> IndexWriter::record(const std::string& key) const {
  const std::string json = db_.get_metadata(metadata_key(key));
  if (json.empty()) return std::nullopt;
  return schema::decode_record(json);
}

std::vector<schema::DocumentRecord> IndexWriter::records() const {
  std::vector<schema::DocumentRecord> out;
  const std::string prefix(schema::kMetaDocumentPrefix);
  for (auto it = db_.metadata_keys_begin(prefix); it != db_.metadata_keys_end(prefix); ++it)
    out.push_back(schema::decode_record(db_.get_metadata(*it)));
  return out;
}

void IndexWriter::replace(const ingest::Document& doc, std::vector<PassageDocument> passages) {
  try {
    db_.delete_document(schema::document_term(doc.key));
    std::vector<Xapian::docid> docids;
    for (auto& p : passages) docids.push_back(db_.add_document(p.xapian));
    for (std::size_t i = 0; i < passages.size(); ++i) texts_.put(docids[i], passages[i].normal_text, docids.back());
    if (!passages.empty() && !texts_in_store_marked_) {
      db_.set_metadata(std::string(schema::kMetaTextsInStore), "1");
      texts_in_store_marked_ = true;
    }
    schema::DocumentRecord r{doc.key, doc.path, doc.content_hash, doc.encoding, doc.meta, passages.size()};
    db_.set_metadata(metadata_key(doc.key), schema::encode_record(r));
  } catch (const Xapian::Error& e) {
    throw IndexError("cannot write " + doc.key + " to " + dir_.string() + ": " + reason(e));
  }
  ++pending_;
}

bool IndexWriter::remove(const std::string& key) {
  if (db_.get_metadata(metadata_key(key)).empty()) return false;
  try {
    db_.delete_document(schema::document_term(key));
    db_.set_metadata(metadata_key(key), "");
  } catch (const Xapian::Error& e) {
    throw IndexError("cannot remove " + key + " from " + dir_.string() + ": " + reason(e));
  }
  ++pending_;
  return true;
}

std::vector<schema::SkippedFile> IndexWriter::skipped_files() const {
  std::vector<schema::SkippedFile> out;
  const std::string prefix(schema::kMetaSkippedPrefix);
  for (auto it = db_.metadata_keys_begin(prefix); it != db_.metadata_keys_end(prefix); ++it)
    out.push_back(schema::decode_skipped(db_.get_metadata(*it)));
  return out;
}

void IndexWriter::set_skipped(const schema::SkippedFile& file) {
  try {
    db_.set_metadata(std::string(schema::kMetaSkippedPrefix) + file.path, schema::encode_skipped(file));
  } catch (const Xapian::Error& e) {
    throw IndexError("cannot write to " + dir_.string() + ": " + reason(e));
  }
  ++pending_;
}

void IndexWriter::clear_skipped(const std::string& path) {
  const std::string key = std::string(schema::kMetaSkippedPrefix) + path;
  if (db_.get_metadata(key).empty()) return;
  try {
    db_.set_metadata(key, "");
  } catch (const Xapian::Error& e) {
    throw IndexError("cannot write to " + dir_.string() + ": " + reason(e));
  }
  ++pending_;
}

void IndexWriter::set_synonyms(const std::vector<std::vector<std::string>>& groups) {
  try {
    std::vector<std::string> old(db_.synonym_keys_begin(), db_.synonym_keys_end());
    for (const auto& key : old) db_.clear_synonyms(key);
    for (const auto& group : groups)
      for (const auto& key : group)
        for (const auto& other : group)
          if (other != key) db_.add_synonym(key, other);
  } catch (const Xapian::Error& e) {
    throw IndexError("cannot write synonyms to " + dir_.string() + ": " + reason(e));
  }
  ++pending_;
}

void IndexWriter::commit() {
  if (pending_ == 0) return;
  try {
    db_.set_metadata(std::string(schema::kMetaLastUpdate), utc_now_iso8601());
    texts_.sync();  // before the commit that makes the passages visible
    db_.commit_transaction();
    db_.begin_transaction(true);
  } catch (const Xapian::Error& e) {
    throw IndexError("cannot commit to " + dir_.string() + ": " + reason(e));
  }
  pending_ = 0;
}

void IndexWriter::finish() {
  const std::string key(schema::kMetaTermCount);
  try {
    if (pending_ == 0 && !db_.get_metadata(key).empty() && schema_version() == ingest::kSchemaVersion) return;
    std::size_t terms = 0;
    for (auto it = db_.allterms_begin(); it != db_.allterms_end(); ++it) ++terms;
    db_.set_metadata(key, std::to_string(terms));
    db_.set_metadata(std::string(schema::kMetaSchema), std::string(ingest::kSchemaVersion));
  } catch (const Xapian::Error& e) {
    throw IndexError("cannot count the terms of " + dir_.string() + ": " + reason(e));
  }
  ++pending_;
  commit();
}

}  // namespace zh::index
