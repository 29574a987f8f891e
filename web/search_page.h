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

// What every page starts with (document_page.h too): doctype, head with
// `title` (escaped here), the stylesheet and /app.js, <body>, and the
// header with the search box holding `query` (and the filters of
// `params`, when not null).
void render_page_top(std::string& out, const std::string& title, const std::string& query,
                     const SearchParams* params);

// The footer, </body> and </html>.
void render_page_footer(std::string& out);

}  // namespace zh::web
