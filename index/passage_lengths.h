// Every passage's length (Xapian's document length: how many term
// occurrences it has), which BM25 needs for each candidate it weighs, kept
// in memory once read (docid_blocks.h). Xapian keeps lengths in a posting
// list of their own and reads them a block per pread, starting over at
// every search.
// Not thread-safe: one per Engine.
#pragma once

#include <xapian.h>

#include <vector>

#include "index/docid_blocks.h"

namespace zh::index {

class PassageLengths {
 public:
  // The length of passage `did` of `db`. Throws Xapian::Error as the
  // database does (DocNotFoundError for a docid it does not hold).
  Xapian::termcount get(const Xapian::Database& db, Xapian::docid did);

  // Reads every passage's length now, so that no search pays for it.
  void read_all(const Xapian::Database& db);

  // Forgets everything (the database was replaced).
  void clear() { blocks_.clear(); }

 private:
  using Lengths = std::vector<Xapian::termcount>;  // by docid - the block's first docid
  DocidBlocks<Lengths, 4096> blocks_;
};

}  // namespace zh::index
