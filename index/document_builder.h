// Document -> the Xapian documents of its passages, ready to add. Pure
// computation (the analysis chain and term generation), so it runs in the
// indexing worker threads; only IndexWriter touches the database.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "ingest/document.h"

namespace zh::index {

// What the index keeps of one passage: its Xapian document (terms, values,
// stored data) and the normal form of its searchable text, which goes to
// the text store (text_store_writer.h) for exact matching.
struct PassageDocument {
  Xapian::Document xapian;
  std::string normal_text;
};

// One per passage of `doc`, in passage order.
std::vector<PassageDocument> build_passage_documents(const ingest::Document& doc);

}  // namespace zh::index
