// The normal searchable text of a passage (what Ctrl-F matching and the
// rerank read), from the fastest place that holds it: the memory-mapped
// text store, else the value slot that indexes before schema 6 kept it in,
// else the stored passage, decoded and normalized. And what a result shows
// of a passage, which since schema 7 needs that text too (passage_data.h).
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>

#include "index/passage_data.h"
#include "index/text_store.h"

namespace zh::index {

class PassageTexts {
 public:
  // Both must outlive this object. Not thread-safe.
  PassageTexts(const Xapian::Database& db, index::TextStoreReader& store);

  // The text of passage `did`; valid until the next call. Cheapest when
  // called in increasing docid order. Throws Xapian::Error as the database
  // does, and zh::IndexError when the passage's data needs the text store
  // and the store lacks it (deleted, or another copy's).
  std::string_view get(Xapian::docid did);

 private:
  const Xapian::Database& db_;
  index::TextStoreReader& store_;
  Xapian::ValueIterator values_;
  bool values_started_ = false;
  std::string buffer_;
};

// The heading and text of passage `did`, whose document is `doc`. Throws as
// PassageTexts::get does.
index::ShownPassage shown_passage(const Xapian::Document& doc, Xapian::docid did, PassageTexts& texts);

}  // namespace zh::index
