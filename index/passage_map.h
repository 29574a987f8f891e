// Where each passage's document's run of passages ends, for one revision
// of a database.
//
// Every passage is a Xapian document; a source document's passages are
// added together, so they occupy a run of consecutive docids. The map
// answers "where does this passage's run end" in constant time, which lets
// counting skip the rest of a document once it has been counted
// (exact_match.h). Since schema 6 the text store answers that itself
// (text_store.h); this map serves indexes without one. A first build reads
// the document-key value stream once (about 0.1 s per 250,000 passages
// here); after a commit that only added and deleted passages, the map is
// extended by the new docids alone. Immutable once made, so threads share it.
#pragma once

#include <xapian.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace zh::index {

class PassageMap {
 public:
  // The map of `db`'s open revision: `previous` when it already describes
  // it; `previous` extended with the passages added since, when `db` is the
  // same database grown by commits (same UUID); else built from scratch.
  // Throws Xapian::Error as the database does.
  static std::shared_ptr<const PassageMap> current(std::shared_ptr<const PassageMap> previous,
                                                   const Xapian::Database& db);

  bool describes(const Xapian::Database& db) const;

  // The last docid of the consecutive run of passages `did` belongs to (a
  // docid that carries no key is a run of its own).
  // Requires: 0 < did <= last_docid().
  Xapian::docid run_end(Xapian::docid did) const { return run_end_[did]; }
  Xapian::docid last_docid() const { return static_cast<Xapian::docid>(run_end_.size() - 1); }

 private:
  // Adds the passages with docids in (last_docid(), db's last docid].
  void extend(const Xapian::Database& db);

  std::string uuid_;
  std::vector<Xapian::docid> run_end_{0};  // indexed by docid; [0] unused
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

}  // namespace zh::index
