// Which document each passage belongs to, for one revision of a database.
//
// Every passage is a Xapian document; a source document's passages are
// added together, so they occupy a run of consecutive docids. The map
// answers "which document is this passage of" and "where does its run
// end" in constant time, which lets counting skip the rest of a document
// once it has been counted (match_count.h). Since schema 6 the text store
// answers the second question itself (text_store.h); this map serves
// indexes without one. A first build reads the
// document-key value stream once (about 0.1 s per 250,000 passages here);
// after a commit that only added and deleted passages, the map is extended
// by the new docids alone. Immutable once made, so threads share it.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace zh::search {

class PassageMap {
 public:
  // The map of `db`'s open revision: `previous` when it already describes
  // it; `previous` extended with the passages added since, when `db` is the
  // same database grown by commits (same UUID); else built from scratch.
  // Throws Xapian::Error as the database does.
  static std::shared_ptr<const PassageMap> current(std::shared_ptr<const PassageMap> previous,
                                                   const Xapian::Database& db);

  bool describes(const Xapian::Database& db) const;

  // The document ordinal (0-based, dense) of passage `did`. Docids that
  // carry no key each count as a document of their own.
  // Requires: 0 < did <= last_docid().
  std::uint32_t document_of(Xapian::docid did) const { return document_[did]; }
  // The last docid of the consecutive run of passages `did` belongs to.
  Xapian::docid run_end(Xapian::docid did) const { return run_end_[did]; }
  std::uint32_t documents() const { return static_cast<std::uint32_t>(documents_); }
  Xapian::docid last_docid() const { return static_cast<Xapian::docid>(document_.size() - 1); }

 private:
  // Adds the passages with docids in (last_docid(), db's last docid].
  void extend(const Xapian::Database& db);

  std::string uuid_;
  std::vector<std::uint32_t> document_{0};  // indexed by docid; [0] unused
  std::vector<Xapian::docid> run_end_{0};   // indexed by docid
  std::unordered_map<std::string, std::uint32_t> ordinal_of_key_;
  std::size_t documents_ = 0;
};

// The latest PassageMap of one database, shared by the engines of several
// threads so that only one of them builds or extends it. Thread-safe.
class SharedPassageMap {
 public:
  std::shared_ptr<const PassageMap> current(const Xapian::Database& db) {
    std::lock_guard lock(mutex_);
    latest_ = PassageMap::current(latest_, db);
    return latest_;
  }

 private:
  std::mutex mutex_;
  std::shared_ptr<const PassageMap> latest_;
};

}  // namespace zh::search
