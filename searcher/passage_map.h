// Which document each passage belongs to, for one revision of a database.
//
// Every passage is a Xapian document; a source document's passages are
// added together, so they occupy a run of consecutive docids. The map
// answers "which document is this passage of" and "where does its run
// end" in constant time, which lets counting skip the rest of a document
// once it has been counted (match_count.h). Built by reading the document
// key value stream once (about 20 ms per 250,000 passages); rebuild it when
// the database is reopened at a new revision. Immutable after construction.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <vector>

namespace zh::search {

class PassageMap {
 public:
  PassageMap() = default;
  // Reads the document keys of `db`. Throws Xapian::Error as the database does.
  explicit PassageMap(const Xapian::Database& db);

  // The document ordinal (0-based, dense) of passage `did`; passages that
  // carry no key each count as a document of their own.
  // Requires: 0 < did <= last_docid().
  std::uint32_t document_of(Xapian::docid did) const { return document_[did]; }
  // The last docid of the consecutive run of passages `did` belongs to.
  Xapian::docid run_end(Xapian::docid did) const { return run_end_[did]; }
  std::uint32_t documents() const { return documents_; }
  Xapian::docid last_docid() const { return static_cast<Xapian::docid>(document_.empty() ? 0 : document_.size() - 1); }

 private:
  std::vector<std::uint32_t> document_;  // indexed by docid; [0] unused
  std::vector<Xapian::docid> run_end_;   // indexed by docid
  std::uint32_t documents_ = 0;
};

}  // namespace zh::search
