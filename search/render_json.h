// The JSON wire format of a search (DESIGN §3), shared by `zhsearch search
// --json` and `GET /api/search`:
//   {"query", "total", "total_passages", "total_documents",
//    "total_is_estimate", "relaxed", "took_ms", "results": [{"rank",
//    "score", "doc", "title", "title_highlights", "source", "heading",
//    "heading_highlights", "passage", "highlights": [[start, end], ...],
//    "start_time"?, "explain"?: [line, ...]}], "explain"?: {"plan": [line, ...]}}
// README.md's "JSON output" table documents every field (a test checks it).
// Highlight offsets are code points into "passage", "title" and "heading",
// half-open. "total" counts the passages paging reaches (at most per_doc
// per document); "total_passages" every matching passage, in
// "total_documents" documents. The "explain" fields are there only for a
// request with `explain` set (--explain): SearchResponse::explain and
// Hit::explain, the lines that render_text.h prints.
#pragma once

#include <nlohmann/json.hpp>

#include "search/engine.h"

namespace zh::search {

nlohmann::json to_json(const SearchResponse& response);
nlohmann::json to_json(const IndexStats& stats);

}  // namespace zh::search
