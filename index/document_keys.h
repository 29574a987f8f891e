// Which document each passage belongs to (its document key: the file's
// path relative to the indexed folder), kept in memory once read
// (docid_blocks.h), once per run of passages. Every hit needs it, and
// Xapian would read it from a value stream a block per pread.
// Not thread-safe: one per Engine.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "index/docid_blocks.h"

namespace zh::index {

class DocumentKeys {
 public:
  // The document key of passage `did` of `db` ("" when it has none).
  // Throws Xapian::Error as the database does.
  std::string get(const Xapian::Database& db, Xapian::docid did);

  // Reads every passage's key now, so that no search pays for it.
  void read_all(const Xapian::Database& db);

  // Forgets everything (the database was replaced).
  void clear() { blocks_.clear(); }

  struct Runs {
    std::vector<Xapian::docid> starts;  // where each run of one key starts, increasing
    std::vector<std::string> keys;      // keys[i] from starts[i] to the next start
  };

 private:
  DocidBlocks<Runs, 1024> blocks_;
};

}  // namespace zh::index
