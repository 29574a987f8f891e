#include "index/passage_lengths.h"

namespace zh::index {
namespace {

// The all-documents posting list walks Xapian's length list in docid order.
void read_lengths(const Xapian::Database& db, Xapian::docid first, Xapian::docid last, std::vector<Xapian::termcount>& out) {
  out.assign(last >= first ? last - first + 1 : 0, 0);
  Xapian::PostingIterator it = db.postlist_begin("");
  const Xapian::PostingIterator end = db.postlist_end("");
  for (it.skip_to(first); it != end && *it <= last; ++it) out[*it - first] = it.get_doclength();
}

}  // namespace

void PassageLengths::read_all(const Xapian::Database& db) { blocks_.read_all(db, read_lengths); }

Xapian::termcount PassageLengths::get(const Xapian::Database& db, Xapian::docid did) {
  const Lengths& lengths = blocks_.at(db, did, read_lengths);
  const Xapian::docid at = did - decltype(blocks_)::first_of_block(did);
  // 0 is also what a passage missing from the list gets: ask Xapian then.
  const Xapian::termcount length = at < lengths.size() ? lengths[at] : 0;
  return length != 0 ? length : db.get_doclength(did);
}

}  // namespace zh::index
