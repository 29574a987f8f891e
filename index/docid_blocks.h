// Facts about every passage (its length, its document), kept in memory a
// block of docids at a time once read. Passages are only ever added and
// deleted, never replaced, so what is true of a docid stays true while
// the database lives: a block is read again only for docids committed after
// it was read. A rebuild is another database: clear(). Not thread-safe.
#pragma once

#include <xapian.h>

#include <algorithm>
#include <vector>

namespace zh::index {

// `Block` holds one block's facts; read(db, first, last, block) fills it
// for docids first..last (last is the database's last docid or the block's).
template <typename Block, Xapian::docid kSize>
class DocidBlocks {
 public:
  // The block that holds `did`, read first if it was read before `did`
  // existed (or never). Throws Xapian::Error as `read` does.
  template <typename Read>
  const Block& at(const Xapian::Database& db, Xapian::docid did, Read&& read) {
    const std::size_t index = (did - 1) / kSize;
    if (index >= blocks_.size()) blocks_.resize(index + 1);
    Entry& entry = blocks_[index];
    if (did > entry.read_through) {
      const auto first = static_cast<Xapian::docid>(index * kSize + 1);
      const Xapian::docid last = std::min<Xapian::docid>(first + kSize - 1, db.get_lastdocid());
      entry.block = Block();
      read(db, first, last, entry.block);
      entry.read_through = last;
    }
    return entry.block;
  }

  // Reads every block not read through the database's last docid yet.
  template <typename Read>
  void read_all(const Xapian::Database& db, Read&& read) {
    const Xapian::docid last = db.get_lastdocid();
    for (Xapian::docid first = 1; first <= last && first != 0; first += kSize) at(db, first, read);
  }

  // Whether `did` was read into its block (false: past the last docid then).
  bool holds(Xapian::docid did) const {
    const std::size_t index = (did - 1) / kSize;
    return index < blocks_.size() && did <= blocks_[index].read_through;
  }

  static Xapian::docid first_of_block(Xapian::docid did) { return (did - 1) / kSize * kSize + 1; }

  void clear() { blocks_.clear(); }

 private:
  struct Entry {
    Block block;
    Xapian::docid read_through = 0;
  };
  std::vector<Entry> blocks_;
};

}  // namespace zh::index
