// The search engine: runs a query against a zhsearch index and returns
// ranked passages as plain structs that the CLI and the web layer render.
// A search is a few stages: parse -> plan (query_plan.h) -> exact match
// (exact_match.h) or ranked match (Xapian's matcher, then rerank.h) ->
// hits -> highlights; the index is read through an index::IndexReader.
// Not thread-safe: one Engine per thread; each search first picks up the
// latest commit, so a running server sees new documents.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "index/index_stats.h"
#include "search/highlight.h"
#include "search/ranking.h"

namespace zh::search {

// What the Engines of several threads on one database build once for all
// of them: the memory copy of the text store that warm_up() makes.
struct EngineShare;

// A new, empty EngineShare (see Engine's constructor).
std::shared_ptr<EngineShare> make_engine_share();

struct SearchRequest {
  std::string query;
  std::size_t limit = 10;
  std::size_t offset = 0;
  std::size_t per_doc = 2;          // at most this many passages per document; 0 = no limit
  bool literal = false;             // the whole query is one literal string, no syntax
  bool explain = false;
  bool relax = true;                // relax when the exact query finds nothing
  bool ids_only = false;            // hits carry rank, score and doc only: no passage or highlight work
  std::vector<std::string> tags, authors;  // extra filters (HTTP parameters)
  RankingParams ranking;
};

struct Hit {
  std::size_t rank = 0;  // 1-based, across pages
  double score = 0;
  std::string doc;       // document key: path relative to the indexed root
  std::string title, source, author, date;
  std::vector<std::string> tags;
  std::string heading;
  std::string passage;             // passage text as stored
  std::vector<Span> highlights;    // byte spans into `passage`
  std::vector<Span> heading_highlights;  // byte spans into `heading`
  std::vector<Span> title_highlights;    // byte spans into `title`
  std::optional<double> start_time;
  std::uint32_t ordinal = 0;       // 0-based position of the passage in its document
  std::vector<std::string> explain;  // why it matched (--explain)
};

struct SearchResponse {
  std::string query;
  std::size_t total = 0;  // passages reachable by paging (after per_doc)
  // Every matching passage, before the per_doc collapse, and the documents
  // they are in: exact for an exact result; Xapian's estimates for a
  // relaxed one (total_is_estimate). With ids_only, an exact result's
  // total_passages is `total` (the batch protocol needs no more).
  std::size_t total_passages = 0;
  std::size_t total_documents = 0;
  bool total_is_estimate = false;  // total, total_passages and total_documents are estimates
  std::size_t per_doc = 2;         // the request's per_doc: passages shown per document, 0 = all
  bool relaxed = false;
  double took_ms = 0;
  std::vector<Hit> results;
  std::vector<std::string> explain;  // how the query was understood
};

using IndexStats = index::IndexStats;

// One passage of a whole document (Engine::document).
struct DocumentPassage {
  std::uint32_t ordinal = 0;  // 0-based position in the document
  std::string heading;
  std::string text;                // passage text as stored
  std::vector<Span> highlights;    // byte spans into `text`
  std::vector<Span> heading_highlights;
  std::optional<double> start_time;  // subtitles: seconds
};

// A whole document as the index holds it: its metadata and every passage
// in document order.
struct DocumentView {
  std::string key, title, source, author, date;
  std::vector<std::string> tags;
  std::vector<DocumentPassage> passages;
};

class Engine {
 public:
  // Opens the index at `db_dir` for reading. Engines of several threads
  // on one database may pass one `share`, so that the warm copy of the
  // text store exists once for all of them (null: this engine keeps its
  // own). Throws zh::IndexError when there is no readable index there or
  // it was written by another zhsearch (index_reader.h).
  explicit Engine(const std::filesystem::path& db_dir, std::shared_ptr<EngineShare> share = nullptr);
  ~Engine();
  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;

  // Runs `request`. Throws zh::UsageError for a bad query and
  // zh::IndexError when the database fails.
  SearchResponse search(const SearchRequest& request);

  // The whole document `key` (a document key as in Hit::doc), its passages
  // marked where `query` matches them, by the search's own highlighter
  // (highlight.h, with the normal forms of the query's exact plan, or of
  // the relaxed plans when the exact one marks nothing). An empty query,
  // or one the parser refuses, marks nothing. nullopt when the index has
  // no document `key`. Throws zh::IndexError when the database fails.
  std::optional<DocumentView> document(const std::string& key, const std::string& query);

  // Counts of the latest revision. Throws zh::IndexError when the database fails.
  IndexStats stats();

  // Reads now what searches would otherwise read on first use (passage
  // lengths and keys, the text store's pages and run ends, the analysis
  // chain's ICU objects), for a process that will run many searches: the
  // first searches are then as fast as the rest. The store's copy is made
  // once per share. Throws zh::IndexError when the database fails.
  void warm_up();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace zh::search
