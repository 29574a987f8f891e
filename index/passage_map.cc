#include "index/passage_map.h"

#include "index/schema.h"

namespace zh::index {

std::shared_ptr<const PassageMap> PassageMap::current(std::shared_ptr<const PassageMap> previous,
                                                      const Xapian::Database& db) {
  if (previous && previous->describes(db)) return previous;
  const std::string uuid = db.get_uuid();
  auto next = previous && !uuid.empty() && previous->uuid_ == uuid && previous->last_docid() <= db.get_lastdocid()
                  ? std::make_shared<PassageMap>(*previous)
                  : std::make_shared<PassageMap>();
  next->uuid_ = uuid;
  next->extend(db);
  return next;
}

bool PassageMap::describes(const Xapian::Database& db) const {
  return !uuid_.empty() && uuid_ == db.get_uuid() && last_docid() == db.get_lastdocid();
}

void PassageMap::extend(const Xapian::Database& db) {
  const Xapian::docid first = last_docid() + 1, last = db.get_lastdocid();
  if (last < first) return;
  run_end_.resize(static_cast<std::size_t>(last) + 1, 0);
  // Runs never continue across a commit: a document's passages are added
  // together, so a run that seems to continue is a deleted one's neighbour.
  Xapian::docid run_first = 0, run_last = 0;
  std::string run_key;
  auto close_run = [&] {
    for (Xapian::docid d = run_first; run_first != 0 && d <= run_last; ++d) run_end_[d] = run_last;
  };
  const auto slot = index::schema::kSlotDocKey;
  auto it = db.valuestream_begin(slot);
  const auto end = db.valuestream_end(slot);
  if (it != end) it.skip_to(first);
  for (; it != end; ++it) {
    const Xapian::docid did = it.get_docid();
    std::string key = *it;
    if (run_first == 0 || did != run_last + 1 || key != run_key) {
      close_run();
      run_first = did;
      run_key = std::move(key);
    }
    run_last = did;
  }
  close_run();
  for (Xapian::docid d = first; d <= last; ++d)
    if (run_end_[d] == 0) run_end_[d] = d;  // no key: a document of its own
}

}  // namespace zh::index
