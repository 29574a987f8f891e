// The request handlers, free of any HTTP library: each takes the decoded,
// already-checked parameters and returns a Reply. They parse and validate
// parameters, call this thread's search::Engine and render JSON or HTML.
// Failures are thrown (HttpError, zh::UsageError, zh::IndexError) and the
// server maps them with classify(); only the page renders its own errors.
// Thread-safe: the only state is per-thread (engine_cache.h).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "web/request_params.h"

namespace zh::web {

struct Reply {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

class Handlers {
 public:
  explicit Handlers(std::filesystem::path db_dir) : db_dir_(std::move(db_dir)) {}

  // GET /?q=&page=&tag=&author=: the HTML page. Never throws for a bad
  // query or parameter: renders the message with status 400 (503 when the
  // index is unavailable). No q, or a blank one, renders the empty state.
  Reply search_page(const Params& params) const;

  // GET /api/search: the JSON of DESIGN §3 (search::to_json); with meta=1
  // each result also has "date", "author", "tags" and "link" (the source,
  // at the passage's moment for subtitles).
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
  std::filesystem::path db_dir_;
};

}  // namespace zh::web
