#include "search/engine.h"

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <numeric>

#include "common/error.h"
#include "index/index_reader.h"
#include "index/schema.h"
#include "search/exact_match.h"
#include "search/query_plan.h"
#include "search/rerank.h"
#include "text/analyzer.h"
#include "text/normalizer.h"

namespace zh::search {
namespace {

namespace schema = index::schema;

constexpr int kMaxReopenRetries = 3;

}  // namespace

struct EngineShare {
  index::ReaderShare reader;
};

struct Engine::Impl {
  std::shared_ptr<EngineShare> share;
  index::IndexReader reader;

  Impl(const std::filesystem::path& dir, std::shared_ptr<EngineShare> shared)
      : share(shared ? std::move(shared) : std::make_shared<EngineShare>()),
        reader(dir, std::shared_ptr<index::ReaderShare>(share, &share->reader)) {}

  const Xapian::Database& db() const { return reader.database(); }

  // A page of passages and the counts of the whole result (SearchResponse).
  struct Matched {
    std::vector<ScoredPassage> page;
    std::size_t total = 0, passages = 0, documents = 0;
  };

  // Ranks a relaxed plan with Xapian's matcher: the page from `request`,
  // and Xapian's estimates of the counts.
  Matched run_ranked(const QueryPlan& plan, const SearchRequest& request) {
    Xapian::Enquire enquire(db());
    enquire.set_query(plan.query);
    // k2 = 0, k3 = 1 and min_normlen = 0.5 are Xapian's defaults.
    enquire.set_weighting_scheme(Xapian::BM25Weight(request.ranking.k1, 0, 1, request.ranking.b, 0.5));
    if (request.per_doc > 0) enquire.set_collapse_key(schema::kSlotDocKey, static_cast<Xapian::doccount>(request.per_doc));
    const auto check_at_least = static_cast<Xapian::doccount>(request.offset + request.limit);
    const Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                                               static_cast<Xapian::doccount>(request.limit), check_at_least);
    Matched m;
    for (auto it = mset.begin(); it != mset.end(); ++it) m.page.push_back({*it, it.get_weight()});
    m.total = mset.get_matches_estimated();
    m.passages = request.per_doc > 0 ? mset.get_uncollapsed_matches_estimated() : m.total;
    if (request.per_doc == 1) {
      m.documents = m.total;
    } else if (!request.ids_only) {
      // The documents: the same query collapsed to one passage per
      // document, estimated on the page's window only.
      enquire.set_collapse_key(schema::kSlotDocKey, 1);
      m.documents = enquire.get_mset(0, 0, check_at_least).get_matches_estimated();
    }
    return m;
  }

  // The page and the exact number of passages (after per_doc) of an exact
  // plan, as Ctrl-F users expect, in one pass (exact_match.h); unless
  // ids_only, also every matching passage before the collapse.
  Matched run_exact(const QueryPlan& plan, const SearchRequest& request, std::size_t depth) {
    ExactOptions options{request.per_doc, depth, request.ranking.k1, request.ranking.b};
    options.count_all = !request.ids_only && request.per_doc != 0;
    ExactMatches m = match_exact(reader, plan, options);
    if (m.ranked.size() > request.offset) m.ranked.erase(m.ranked.begin(), m.ranked.begin() + static_cast<std::ptrdiff_t>(request.offset));
    else m.ranked.clear();
    return {std::move(m.ranked), m.total, options.count_all ? m.passages : m.total, m.documents};
  }

  Hit make_hit(const ScoredPassage& passage, std::size_t rank, const QueryPlan& plan, const SearchRequest& request) {
    // The passage was just matched in this revision: no need to check that it exists.
    const Xapian::Document doc = db().get_document(passage.did, Xapian::DOC_ASSUME_VALID);
    Hit hit;
    hit.rank = rank;
    hit.score = passage.weight;
    hit.doc = reader.document_key(passage.did);
    if (request.ids_only) return hit;
    const index::ShownPassage p = reader.shown_passage(doc, passage.did);
    const schema::DocumentRecord& r = reader.record(hit.doc);
    hit.title = r.meta.title;
    hit.source = r.meta.source;
    hit.author = r.meta.author;
    hit.date = r.meta.date;
    hit.tags = r.meta.tags;
    hit.heading = p.heading;
    hit.passage = p.text;
    hit.highlights = find_highlights(p.text, plan.highlight);
    hit.heading_highlights = find_highlights(p.heading, plan.highlight);
    hit.title_highlights = find_highlights(hit.title, plan.highlight);
    hit.start_time = reader.start_time(doc);
    hit.ordinal = reader.ordinal(doc);
    if (request.explain) {
      // The plan's terms that index the passage, in byte order (as Xapian's
      // Enquire::get_matching_terms gives them for a query of these terms).
      const std::vector<std::string> plan_terms = plan.terms();
      std::string terms;
      for (auto t = db().termlist_begin(passage.did); t != db().termlist_end(passage.did); ++t) {
        if (!std::binary_search(plan_terms.begin(), plan_terms.end(), *t)) continue;
        if (!terms.empty()) terms += ' ';
        terms += *t;
      }
      hit.explain.push_back("matched terms: " + terms);
      hit.explain.push_back(plan.verifier ? "verified: the passage text contains every part"
                                          : "exact terms: no verification needed");
    }
    return hit;
  }

  // Adds each typed part's synonyms (from the index's synonym table) as
  // alternatives: AI also finds 人工智能 when the two are a group.
  void expand_synonyms(ParsedQuery& q, std::vector<std::string>* explain) {
    const Xapian::Database& db = reader.database();
    if (db.synonym_keys_begin() == db.synonym_keys_end()) return;
    for (auto& clause : q.required) {
      std::vector<Literal> added;
      for (const auto& lit : clause.alternatives) {
        const std::string key = text::normalize(lit.text);
        for (auto it = db.synonyms_begin(key); it != db.synonyms_end(key); ++it) {
          added.push_back(Literal{*it, false, true});
          if (explain) explain->push_back("synonym: " + lit.text + " -> " + *it);
        }
      }
      clause.alternatives.insert(clause.alternatives.end(), added.begin(), added.end());
    }
  }

  std::vector<std::string> response_explain_;

  // The first page is reranked from the best rerank_depth hits (or more,
  // when the page reaches further).
  static SearchRequest reranking_window(const SearchRequest& request) {
    SearchRequest wide = request;
    wide.offset = 0;
    wide.limit = std::max(request.ranking.rerank_depth, request.offset + request.limit);
    return wide;
  }

  void add_reranked_hits(const std::vector<ScoredPassage>& page, const ParsedQuery& q, const QueryPlan& plan,
                         const SearchRequest& request, SearchResponse& response) {
    std::vector<std::string> parts;
    for (const auto& clause : q.required)
      for (const auto& lit : clause.alternatives) parts.push_back(text::normalize(lit.text));
    const RerankQuery rq = make_rerank_query(parts, plan.content_words);
    std::vector<RerankCandidate> candidates;
    for (const auto& passage : page) {
      RerankCandidate c;
      c.weight = passage.weight;
      c.text = reader.text(passage.did);
      if (request.ranking.title > 0) {
        schema::Labels labels = reader.labels(passage.did);
        c.title = std::move(labels.title);
        c.heading = std::move(labels.heading);
      }
      candidates.push_back(std::move(c));
    }
    const auto order = rerank(candidates, rq, request.ranking);
    std::vector<ScoredPassage> shown;
    for (std::size_t k = request.offset; k < order.size() && k < request.offset + request.limit; ++k)
      shown.push_back({page[order[k].index].did, order[k].score});
    add_hits(shown, request.offset, plan, request, response);
  }

  // The hits of `page` (ranks from first_rank + 1), read in docid order:
  // a document's passages are neighbours in Xapian's record table, so a
  // page's second passage of a document reuses the block its first one
  // read instead of another pread.
  void add_hits(const std::vector<ScoredPassage>& page, std::size_t first_rank, const QueryPlan& plan,
                const SearchRequest& request, SearchResponse& response) {
    std::vector<std::size_t> by_docid(page.size());
    std::iota(by_docid.begin(), by_docid.end(), std::size_t{0});
    std::sort(by_docid.begin(), by_docid.end(), [&](std::size_t a, std::size_t b) { return page[a].did < page[b].did; });
    const std::size_t before = response.results.size();
    response.results.resize(before + page.size());
    for (const std::size_t k : by_docid) response.results[before + k] = make_hit(page[k], first_rank + k + 1, plan, request);
  }

  bool excluded_everything(const ParsedQuery& q) {
    if (q.excluded.empty()) return false;
    ParsedQuery positive = q;
    positive.excluded.clear();
    const QueryPlan plan = make_plan(positive, MatchLevel::Exact);
    return run_exact(plan, SearchRequest{}, 0).total > 0;
  }

  // The document view (Engine::document) on the current revision.
  std::optional<DocumentView> document_once(const std::string& key, const std::string& query) {
    std::vector<Xapian::docid> dids = reader.passages_of(key);
    // A key longer than a term is cut to the term's length: keep only its own passages.
    std::erase_if(dids, [&](Xapian::docid did) { return reader.document_key(did) != key; });
    if (dids.empty()) return std::nullopt;
    DocumentView view;
    const schema::DocumentRecord& r = reader.record(key);
    view.key = key;
    view.title = r.meta.title;
    view.source = r.meta.source;
    view.author = r.meta.author;
    view.date = r.meta.date;
    view.tags = r.meta.tags;
    for (const Xapian::docid did : dids) {
      const Xapian::Document doc = db().get_document(did, Xapian::DOC_ASSUME_VALID);
      const index::ShownPassage p = reader.shown_passage(doc, did);
      DocumentPassage passage;
      passage.ordinal = reader.ordinal(doc);
      passage.heading = p.heading;
      passage.text = p.text;
      passage.start_time = reader.start_time(doc);
      view.passages.push_back(std::move(passage));
    }
    if (query.empty()) return view;
    try {
      ParsedQuery q = parse_query(query);
      expand_synonyms(q, nullptr);
      for (MatchLevel level : {MatchLevel::Exact, MatchLevel::AllWords, MatchLevel::AnyWord}) {
        const QueryPlan plan = make_plan(q, level);
        bool marked = false;
        for (DocumentPassage& passage : view.passages) {
          passage.highlights = find_highlights(passage.text, plan.highlight);
          passage.heading_highlights = find_highlights(passage.heading, plan.highlight);
          marked = marked || !passage.highlights.empty() || !passage.heading_highlights.empty();
        }
        if (marked) break;
      }
    } catch (const UsageError&) {
      // A query the parser refuses marks nothing; the document is still shown.
    }
    return view;
  }

  SearchResponse search_once(const SearchRequest& request) {
    const ParsedQuery parsed = request.literal ? literal_query(request.query) : parse_query(request.query);
    ParsedQuery q = parsed;
    expand_synonyms(q, request.explain ? &response_explain_ : nullptr);
    for (const auto& t : request.tags) q.tags.push_back(t);
    for (const auto& a : request.authors) q.authors.push_back(a);

    SearchResponse response;
    response.query = request.query;
    response.per_doc = request.per_doc;
    response.explain = std::move(response_explain_);
    response_explain_.clear();
    const MatchLevel levels[] = {MatchLevel::Exact, MatchLevel::AllWords, MatchLevel::AnyWord};
    for (MatchLevel level : levels) {
      // A literal is a string to find, not a question: it never relaxes.
      if (level != MatchLevel::Exact && (!request.relax || request.literal)) break;
      const QueryPlan plan = make_plan(q, level, request.ranking);
      if (plan.empty()) continue;
      const bool exact = level == MatchLevel::Exact;
      const bool rerank = !exact && request.ranking.rerank_depth > 0;
      const Matched matched = exact ? run_exact(plan, request, request.offset + request.limit)
                                    : run_ranked(plan, rerank ? reranking_window(request) : request);
      const std::vector<ScoredPassage>& page = matched.page;
      const std::size_t total = matched.total;
      if (request.explain) {
        response.explain.push_back(std::string("level: ") + to_string(level));
        if (level != MatchLevel::Exact) response.explain.push_back("  ranking: " + describe(request.ranking));
        for (const auto& line : plan.describe()) response.explain.push_back("  " + line);
        response.explain.push_back("  matches: " + std::to_string(total));
      }
      if (total == 0) {
        // The user's own -exclusions emptied the result: that is the answer.
        if (level == MatchLevel::Exact && excluded_everything(q)) break;
        continue;
      }
      response.total = total;
      response.total_passages = matched.passages;
      response.total_documents = matched.documents;
      response.total_is_estimate = !exact;
      response.relaxed = !exact;
      if (rerank) {
        add_reranked_hits(page, q, plan, request, response);
      } else {
        add_hits(page, request.offset, plan, request, response);
      }
      break;
    }
    return response;
  }
};

std::shared_ptr<EngineShare> make_engine_share() { return std::make_shared<EngineShare>(); }

Engine::Engine(const std::filesystem::path& db_dir, std::shared_ptr<EngineShare> share)
    : impl_(std::make_unique<Impl>(db_dir, std::move(share))) {}
Engine::~Engine() = default;
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;

SearchResponse Engine::search(const SearchRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  for (int attempt = 0;; ++attempt) {
    try {
      impl_->reader.refresh();
      SearchResponse response = impl_->search_once(request);
      response.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
      return response;
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt >= kMaxReopenRetries) throw IndexError("the index kept changing during the search; try again");
      impl_->reader.forget_revision();  // reopen whatever the version file looks like
    } catch (const Xapian::Error& e) {
      throw IndexError("search failed on " + impl_->reader.dir().string() + ": " + e.get_description());
    }
  }
}

void Engine::warm_up() {
  impl_->reader.warm_up();
  static_cast<void>(text::analyze(text::normalize("的 a")));
}

std::optional<DocumentView> Engine::document(const std::string& key, const std::string& query) {
  for (int attempt = 0;; ++attempt) {
    try {
      impl_->reader.refresh();
      return impl_->document_once(key, query);
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt >= kMaxReopenRetries) throw IndexError("the index kept changing while reading a document; try again");
      impl_->reader.forget_revision();
    } catch (const Xapian::Error& e) {
      throw IndexError("reading document " + key + " failed on " + impl_->reader.dir().string() + ": " +
                       e.get_description());
    }
  }
}

IndexStats Engine::stats() { return impl_->reader.stats(); }

}  // namespace zh::search
