#include "web/handlers.h"

#include <cctype>

#include <nlohmann/json.hpp>

#include "search/engine.h"
#include "search/render_json.h"
#include "search/timestamp_link.h"
#include "web/html.h"
#include "web/http_error.h"
#include "web/search_page.h"
#include "web/admin.h"
#include "web/document_page.h"
#include "web/passage_links.h"

namespace zh::web {
namespace {

constexpr std::string_view kJson = "application/json; charset=utf-8";

bool is_blank(const std::string& s) {
  for (unsigned char c : s)
    if (!std::isspace(c)) return false;
  return true;
}

search::SearchRequest make_request(const SearchParams& p) {
  search::SearchRequest r;
  r.query = *p.q;
  r.limit = p.limit;
  r.offset = p.offset;
  r.tags = p.tags;
  r.authors = p.authors;
  return r;
}

std::string dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

// Inside a catch: what a server-rendered page shows for the error in
// flight (its status and Retry-After go on `reply`); an internal error is
// rethrown for the server to answer.
ErrorInfo page_failure(Reply& reply) {
  const ErrorInfo info = classify(std::current_exception());
  if (info.status >= 500 && info.code == "internal") throw;
  reply.status = info.status;
  if (info.retry_after_seconds > 0) reply.headers.emplace_back("Retry-After", std::to_string(info.retry_after_seconds));
  return info;
}

}  // namespace

search::SearchResponse Handlers::search(const SearchParams& p) const {
  return engines_->run([&](search::Engine& e) { return e.search(make_request(p)); });
}

void Handlers::warm_up() const {
  engines_->warm_up();
  search::SearchRequest r;
  r.query = "的";
  r.limit = 1;
  engines_->run([&](search::Engine& e) { return e.search(r); });
}

Reply Handlers::search_page(const Params& params) const {
  PageView view;
  Reply reply;
  reply.content_type = "text/html; charset=utf-8";
  SearchParams p;
  search::SearchResponse response;
  try {
    if (auto it = params.find("q"); it != params.end()) view.query = it->second;
    p = parse_page_params(params);
    view.params = &p;
    if (p.q && !is_blank(*p.q)) {
      response = search(p);
      view.response = &response;
    }
  } catch (...) {
    view.error = page_failure(reply);
    if (view.query.size() > 4 * kMaxQueryCodePoints) view.query.clear();
  }
  reply.body = render_search_page(view);
  return reply;
}

Reply Handlers::document_page(const std::string& key, const Params& params) const {
  DocumentPageView view;
  Reply reply;
  reply.content_type = "text/html; charset=utf-8";
  std::optional<search::DocumentView> document;
  try {
    if (auto it = params.find("q"); it != params.end() && !is_blank(it->second) &&
                                    it->second.size() <= 4 * kMaxQueryCodePoints)
      view.query = it->second;
    check_document_id(key);
    document = engines_->run([&](search::Engine& e) { return e.document(key, view.query); });
    if (!document)
      throw HttpError(404, "no_such_document", "the index has no document " + key + "; search for it instead");
    view.document = &*document;
  } catch (...) {
    view.error = page_failure(reply);
    view.document = nullptr;
  }
  reply.body = render_document_page(view);
  return reply;
}

Reply Handlers::api_search(const Params& params) const {
  const SearchParams p = parse_api_params(params);
  if (!p.q) throw HttpError(400, "missing_query", "the q parameter is missing: /api/search?q=...");
  const search::SearchResponse response = search(p);
  nlohmann::json j = search::to_json(response);
  auto& results = j["results"];
  for (std::size_t i = 0; i < response.results.size() && i < results.size(); ++i) {
    const search::Hit& hit = response.results[i];
    results[i]["doc_url"] = document_url(hit.doc, *p.q, hit.ordinal);
    if (!p.meta) continue;
    results[i]["date"] = hit.date;
    results[i]["author"] = hit.author;
    results[i]["tags"] = hit.tags;
    const std::string link = passage_link(hit.source, hit.start_time, hit.passage);
    results[i]["link"] = link.empty() ? hit.source : link;
  }
  return {200, std::string(kJson), dump(j), {{"Cache-Control", "no-store"}}};
}

Reply Handlers::api_stats() const {
  const search::IndexStats stats = engines_->run([](search::Engine& e) { return e.stats(); });
  return {200, std::string(kJson), dump(search::to_json(stats)), {{"Cache-Control", "no-store"}}};
}

Reply Handlers::healthz() const {
  engines_->run([](search::Engine&) { return 0; });
  return {200, std::string(kJson), R"({"status":"ok"})", {{"Cache-Control", "no-store"}}};
}

Reply Handlers::opensearch(std::string_view host) const {
  bool plain = !host.empty() && host.size() <= 255;
  for (char c : host)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']'))
      plain = false;
  const std::string base = "http://" + escape_html(plain ? host : "127.0.0.1");
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\" "
      "xmlns:moz=\"http://www.mozilla.org/2006/browser/search/\">\n"
      "  <ShortName>zhsearch</ShortName>\n"
      "  <Description>中文全文搜索 (zhsearch)</Description>\n"
      "  <InputEncoding>UTF-8</InputEncoding>\n"
      "  <Image width=\"16\" height=\"16\" type=\"image/svg+xml\">" + base + "/favicon.svg</Image>\n"
      "  <Url type=\"text/html\" method=\"get\" template=\"" + base + "/?q={searchTerms}\"/>\n"
      "  <Url type=\"application/json\" method=\"get\" template=\"" + base + "/api/search?q={searchTerms}\"/>\n"
      "  <moz:SearchForm>" + base + "/</moz:SearchForm>\n"
      "</OpenSearchDescription>\n";
  return {200, "application/opensearchdescription+xml; charset=utf-8", std::move(xml), {{"Cache-Control", "public, max-age=3600"}}};
}

}  // namespace zh::web
