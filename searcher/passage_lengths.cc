#include "searcher/passage_lengths.h"

namespace zh::search {
namespace {
constexpr Xapian::docid kBlock = 4096;
}  // namespace

Xapian::termcount PassageLengths::get(const Xapian::Database& db, Xapian::docid did) {
  const std::size_t index = (did - 1) / kBlock;
  if (index >= blocks_.size()) blocks_.resize(index + 1);
  Block& block = blocks_[index];
  const Xapian::docid first = static_cast<Xapian::docid>(index * kBlock + 1);
  // Filled before `did` was committed (or never): read the block again.
  if (did > block.filled_through) fill(db, first, block);
  const Xapian::termcount length = did <= block.filled_through ? block.lengths[did - first] : 0;
  // 0 is also what a deleted passage gets; a candidate is never deleted in
  // the revision it came from, but ask Xapian rather than guess.
  return length != 0 ? length : db.get_doclength(did);
}

// The all-documents posting list walks Xapian's length list in docid order.
void PassageLengths::fill(const Xapian::Database& db, Xapian::docid first, Block& block) {
  const Xapian::docid last = std::min<Xapian::docid>(first + kBlock - 1, db.get_lastdocid());
  block.lengths.assign(kBlock, 0);
  Xapian::PostingIterator it = db.postlist_begin("");
  const Xapian::PostingIterator end = db.postlist_end("");
  for (it.skip_to(first); it != end && *it <= last; ++it) block.lengths[*it - first] = it.get_doclength();
  block.filled_through = last;
}

}  // namespace zh::search
