// Every passage's length (Xapian's document length: how many term
// occurrences it has), which BM25 needs for each candidate it weighs, kept
// in memory once read. Xapian keeps lengths in a posting list of their own
// and reads them an 8 KiB block per pread, starting over at every search:
// a third of a keyword search's preads went there. Here they are read a
// block of 4,096 docids at a time, once. Passages are only ever added and
// deleted, never replaced, so a docid's length never changes while the
// database lives (a rebuild is another database: clear()).
// Not thread-safe: one per Engine.
#pragma once

#include <xapian.h>

#include <vector>

namespace zh::search {

class PassageLengths {
 public:
  // The length of passage `did` of `db`. Throws Xapian::Error as the
  // database does (DocNotFoundError for a docid it does not hold).
  Xapian::termcount get(const Xapian::Database& db, Xapian::docid did);

  // Forgets everything (the database was replaced).
  void clear() { blocks_.clear(); }

 private:
  struct Block {
    std::vector<Xapian::termcount> lengths;  // by docid - first docid of the block
    Xapian::docid filled_through = 0;        // the last docid read
  };
  void fill(const Xapian::Database& db, Xapian::docid first, Block& block);

  std::vector<Block> blocks_;
};

}  // namespace zh::search
