#include "index/document_keys.h"

#include <algorithm>

#include "index/schema.h"

namespace zh::index {
namespace {

// The value stream walks the key slot in docid order; deleted passages are
// not in it, so a run starts at its first live passage.
void read_runs(const Xapian::Database& db, Xapian::docid first, Xapian::docid last, DocumentKeys::Runs& out) {
  Xapian::ValueIterator it = db.valuestream_begin(index::schema::kSlotDocKey);
  const Xapian::ValueIterator end = db.valuestream_end(index::schema::kSlotDocKey);
  for (it.skip_to(first); it != end && it.get_docid() <= last; ++it) {
    if (out.keys.empty() || out.keys.back() != *it) {
      out.starts.push_back(it.get_docid());
      out.keys.push_back(*it);
    }
  }
}

}  // namespace

void DocumentKeys::read_all(const Xapian::Database& db) { blocks_.read_all(db, read_runs); }

std::string DocumentKeys::get(const Xapian::Database& db, Xapian::docid did) {
  const Runs& runs = blocks_.at(db, did, read_runs);
  const auto after = std::upper_bound(runs.starts.begin(), runs.starts.end(), did);
  if (blocks_.holds(did) && after != runs.starts.begin())
    return runs.keys[static_cast<std::size_t>(after - runs.starts.begin()) - 1];
  // Not in the stream when the block was read: ask for this passage alone.
  return db.get_document(did, Xapian::DOC_ASSUME_VALID).get_value(index::schema::kSlotDocKey);
}

}  // namespace zh::index
