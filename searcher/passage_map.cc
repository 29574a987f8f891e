#include "searcher/passage_map.h"

#include <string>
#include <unordered_map>

#include "indexer/writer/schema.h"

namespace zh::search {

PassageMap::PassageMap(const Xapian::Database& db) {
  const Xapian::docid last = db.get_lastdocid();
  document_.assign(static_cast<std::size_t>(last) + 1, 0);
  run_end_.assign(static_cast<std::size_t>(last) + 1, 0);
  std::unordered_map<std::string, std::uint32_t> ordinal_of_key;
  Xapian::docid run_first = 0, run_last = 0;
  std::string run_key;
  auto close_run = [&] {
    for (Xapian::docid d = run_first; run_first != 0 && d <= run_last; ++d) run_end_[d] = run_last;
  };
  const auto slot = index::schema::kSlotDocKey;
  for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
    const Xapian::docid did = it.get_docid();
    std::string key = *it;
    if (run_first == 0 || did != run_last + 1 || key != run_key) {
      close_run();
      run_first = did;
      run_key = key;
    }
    run_last = did;
    auto [pos, added] = ordinal_of_key.try_emplace(std::move(key), documents_);
    if (added) ++documents_;
    document_[did] = pos->second;
  }
  close_run();
  // Docids without a key (deleted passages, or none stored) are documents
  // of their own, so they never merge with a neighbour.
  for (Xapian::docid d = 1; d <= last; ++d)
    if (run_end_[d] == 0) {
      document_[d] = documents_++;
      run_end_[d] = d;
    }
}

}  // namespace zh::search
