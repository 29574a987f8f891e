// The request handlers, free of any HTTP library: each takes the decoded,
// already-checked parameters and returns a Reply. They parse and validate
// parameters, call this thread's search::Engine and render JSON or HTML.
// Failures are thrown (HttpError, zh::UsageError, zh::IndexError) and the
// server maps them with classify(); only the page renders its own errors.
// Thread-safe: requests take turns at a pool of engines (engine_pool.h).
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "search/engine.h"
#include "web/request_params.h"
#include "web/engine_pool.h"

namespace zh::web {

struct Reply {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

class Handlers {
 public:
  // At most `searches_at_once` searches run at once, each on one of as
  // many engines (engine_pool.h). Requires: searches_at_once >= 1.
  Handlers(const std::filesystem::path& db_dir, std::size_t searches_at_once)
      : engines_(std::make_unique<EnginePool>(db_dir, searches_at_once)) {}

  // Opens and warms every engine (Engine::warm_up), then runs one search,
  // so that the first visitors do not pay for reading the index.
  // Throws zh::IndexError when the index is unavailable.
  void warm_up() const;

  // GET /?q=&page=&tag=&author=: the HTML page. Never throws for a bad
  // query or parameter: renders the message with status 400 (503 when the
  // index is unavailable). No q, or a blank one, renders the empty state.
  Reply search_page(const Params& params) const;

  // GET /doc/{key}?q=: the document view (document_page.h). `key` is the
  // decoded path after /doc/. Never throws for a bad key or query: renders
  // the message with status 400 (bad_document_id: admin.h's rules), 404
  // (no_such_document) or 503 (index unavailable); a q the parser refuses
  // only marks nothing.
  Reply document_page(const std::string& key, const Params& params) const;

  // GET /api/search: the JSON of DESIGN §3 (search::to_json), each result
  // with "doc_url" (its passage in the document view, passage_links.h);
  // with meta=1 also "date", "author", "tags" and "link" (the source at
  // the passage: a subtitle's moment, a page's text fragment).
  // Throws HttpError 400 for a missing q or bad parameter, zh::UsageError
  // for a bad query, zh::IndexError when the index is unavailable.
  Reply api_search(const Params& params) const;

  // GET /api/stats: search::to_json(IndexStats). Throws zh::IndexError.
  Reply api_stats() const;

  // GET /healthz: {"status": "ok"} once the index opens. Throws zh::IndexError.
  Reply healthz() const;

  // GET /opensearch.xml for a server reached as `host` (the Host header;
  // a value that is not a plain host[:port] falls back to 127.0.0.1).
  Reply opensearch(std::string_view host) const;

 private:
  search::SearchResponse search(const SearchParams& p) const;

  std::unique_ptr<EnginePool> engines_;
};

}  // namespace zh::web
