// The server-rendered search page (GET /): search box, result count and
// time, ranked passages with <mark> highlights, title, heading, source
// link, date and tags, the relaxed-query note, an empty state and
// pagination. It works without JavaScript; /app.js enhances it. Every
// piece of text is HTML-escaped. Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string>

#include "search/engine.h"
#include "web/http_error.h"
#include "web/request_params.h"

namespace zh::web {

struct PageView {
  std::string query;                               // as typed ("" for none)
  const SearchParams* params = nullptr;            // null when they were invalid
  const search::SearchResponse* response = nullptr;  // null: nothing searched
  std::optional<ErrorInfo> error;                  // shown instead of results
};

// The whole HTML document.
std::string render_search_page(const PageView& view);

}  // namespace zh::web
