// The JSON wire format of a search (DESIGN §3), shared by `zhsearch search
// --json` and `GET /api/search`:
//   {"query", "total", "relaxed", "took_ms", "results": [{"rank", "score",
//    "doc", "title", "source", "heading", "passage", "highlights":
//    [[start, end], ...], "start_time"?, "explain"?: [line, ...]}],
//    "explain"?: {"plan": [line, ...]}}
// Highlight offsets are code points into "passage", half-open. The
// "explain" fields are there only for a request with `explain` set
// (--explain): SearchResponse::explain and Hit::explain, the lines that
// render_text.h prints.
#pragma once

#include <nlohmann/json.hpp>

#include "search/engine.h"

namespace zh::search {

nlohmann::json to_json(const SearchResponse& response);
nlohmann::json to_json(const IndexStats& stats);

}  // namespace zh::search
