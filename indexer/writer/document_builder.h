// Document -> the Xapian documents of its passages, ready to add. Pure
// computation (the analysis chain and term generation), so it runs in the
// indexing worker threads; only IndexWriter touches the database.
#pragma once

#include <xapian.h>

#include <vector>

#include "indexer/ingest/document.h"

namespace zh::index {

// One Xapian document per passage of `doc`, in passage order.
std::vector<Xapian::Document> build_passage_documents(const ingest::Document& doc);

}  // namespace zh::index
