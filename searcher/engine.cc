#include "searcher/engine.h"

#include <xapian.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <tuple>
#include <unordered_map>

#include "indexer/error.h"
#include "indexer/text/normalizer.h"
#include "indexer/writer/schema.h"
#include "searcher/match_count.h"
#include "searcher/passage_map.h"
#include "searcher/query_plan.h"
#include "searcher/rerank.h"

namespace zh::search {
namespace {

namespace schema = index::schema;

constexpr int kMaxReopenRetries = 3;

Xapian::Database open_database(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    throw IndexError("no index at " + dir.string() + "; build one with: zhsearch index --db " + dir.string() +
                     " PATH");
  try {
    return Xapian::Database(dir.string());
  } catch (const Xapian::DatabaseOpeningError& e) {
    throw IndexError("no readable index at " + dir.string() + " (" + e.get_msg() +
                     "); build one with: zhsearch index --db " + dir.string() + " PATH");
  } catch (const Xapian::Error& e) {
    throw IndexError("cannot open the index at " + dir.string() + ": " + e.get_description() +
                     "; if it is damaged, check it with xapian-check " + dir.string() +
                     " and rebuild it with: zhsearch index --rebuild --db " + dir.string() + " PATH");
  }
}

}  // namespace

struct Engine::Impl {
  std::filesystem::path dir;
  Xapian::Database db;
  std::unordered_map<std::string, schema::DocumentRecord> records;
  std::shared_ptr<SharedPassageMap> shared_map;
  std::shared_ptr<const PassageMap> passage_map;  // taken from shared_map on the first count of a revision
  index::TextStoreReader store;

  Impl(const std::filesystem::path& d, std::shared_ptr<SharedPassageMap> shared)
      : dir(d), db(open_database(d)),
        shared_map(shared ? std::move(shared) : std::make_shared<SharedPassageMap>()),
        store(index::TextStoreReader::open(d, db.get_uuid())) {}

  // Picks up the latest commit; drops cached records when it changed, and
  // the text store when the database was replaced (a rebuild).
  void refresh() {
    if (!db.reopen()) return;
    forget_revision();
    if (store.uuid() != db.get_uuid()) store = index::TextStoreReader::open(dir, db.get_uuid());
  }

  void forget_revision() { records.clear(); }

  const schema::DocumentRecord& record(const std::string& key) {
    auto it = records.find(key);
    if (it == records.end()) {
      const std::string json = db.get_metadata(std::string(schema::kMetaDocumentPrefix) + key);
      schema::DocumentRecord r = json.empty() ? schema::DocumentRecord{} : schema::decode_record(json);
      if (r.key.empty()) r.key = key;
      it = records.emplace(key, std::move(r)).first;
    }
    return it->second;
  }

  Xapian::MSet run(const QueryPlan& plan, const SearchRequest& request, const Xapian::MatchDecider* decider) {
    Xapian::Enquire enquire(db);
    enquire.set_query(plan.query);
    // k2 = 0, k3 = 1 and min_normlen = 0.5 are Xapian's defaults.
    enquire.set_weighting_scheme(Xapian::BM25Weight(request.ranking.k1, 0, 1, request.ranking.b, 0.5));
    if (request.per_doc > 0) enquire.set_collapse_key(schema::kSlotDocKey, static_cast<Xapian::doccount>(request.per_doc));
    // Xapian only has to rank the page; exact totals are counted apart
    // (exact_total), which is much cheaper than scoring every candidate.
    const auto check_at_least = static_cast<Xapian::doccount>(request.offset + request.limit);
    return enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                            static_cast<Xapian::doccount>(request.limit), check_at_least, nullptr, decider);
  }

  // Where `did`'s document's passages end: from the text store, else (an
  // index without one) from a PassageMap, which costs a read of every
  // passage's document key the first time.
  Xapian::docid run_end(Xapian::docid did) {
    if (const auto end = store.run_end(did)) return *end;
    if (!passage_map || !passage_map->describes(db)) passage_map = shared_map->current(db);
    return did <= passage_map->last_docid() ? passage_map->run_end(did) : did;
  }

  std::size_t count(const QueryPlan& plan, const SearchRequest& request, PassageTexts& texts, Verdicts* verdicts) {
    const RunEnd runs = [this](Xapian::docid did) { return run_end(did); };
    return count_matches(db, runs, plan.candidates, plan.verifier.get(), request.per_doc, texts, verdicts);
  }

  // The page and the number of passages (after per_doc) of an exact plan,
  // as Ctrl-F users expect, whatever Xapian estimated while ranking. A plan
  // that verifies candidates is counted first: the count reads every
  // candidate's text in docid order anyway, and ranking then reuses its
  // verdicts instead of reading the text again, one lookup per candidate.
  std::pair<Xapian::MSet, std::size_t> run_exact(const QueryPlan& plan, const SearchRequest& request) {
    PassageTexts texts(db, store);
    if (plan.verifier) {
      Verdicts verdicts;
      const std::size_t total = count(plan, request, texts, &verdicts);
      if (total == 0) return {Xapian::MSet(), 0};
      const RecordedVerifier decider(*plan.verifier, verdicts, texts);
      return {run(plan, request, &decider), total};
    }
    Xapian::MSet mset = run(plan, request, nullptr);
    if (mset.get_matches_lower_bound() == mset.get_matches_upper_bound()) return {mset, mset.get_matches_estimated()};
    return {mset, count(plan, request, texts, nullptr)};
  }

  Hit make_hit(const Xapian::MSetIterator& it, const QueryPlan& plan, const SearchRequest& request) {
    const Xapian::Document doc = it.get_document();
    Hit hit;
    hit.rank = it.get_rank() + 1;
    hit.score = it.get_weight();
    hit.doc = doc.get_value(schema::kSlotDocKey);
    if (request.ids_only) return hit;
    const schema::StoredPassage p = schema::decode_passage(doc.get_data());
    const schema::DocumentRecord& r = record(hit.doc);
    hit.title = r.meta.title;
    hit.source = r.meta.source;
    hit.author = r.meta.author;
    hit.date = r.meta.date;
    hit.tags = r.meta.tags;
    hit.heading = p.heading;
    hit.passage = p.text;
    hit.highlights = find_highlights(p.text, plan.highlight);
    hit.heading_highlights = find_highlights(p.heading, plan.highlight);
    const std::string start = doc.get_value(schema::kSlotStartTime);
    if (!start.empty()) hit.start_time = Xapian::sortable_unserialise(start);
    if (request.explain) {
      Xapian::Enquire enquire(db);
      enquire.set_query(plan.query);
      std::string terms;
      for (auto t = enquire.get_matching_terms_begin(it); t != enquire.get_matching_terms_end(it); ++t)
        terms += (terms.empty() ? "" : " ") + *t;
      hit.explain.push_back("matched terms: " + terms);
      hit.explain.push_back(plan.verifier ? "verified: the passage text contains every part"
                                          : "exact terms: no verification needed");
    }
    return hit;
  }

  // Adds each typed part's synonyms (from the index's synonym table) as
  // alternatives: AI also finds 人工智能 when the two are a group.
  void expand_synonyms(ParsedQuery& q, std::vector<std::string>* explain) {
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

  void add_reranked_hits(const Xapian::MSet& mset, const ParsedQuery& q, const QueryPlan& plan,
                         const SearchRequest& request, SearchResponse& response) {
    std::vector<std::string> parts;
    for (const auto& clause : q.required)
      for (const auto& lit : clause.alternatives) parts.push_back(text::normalize(lit.text));
    const RerankQuery rq = make_rerank_query(parts, plan.content_words);
    std::vector<RerankCandidate> candidates;
    std::vector<Xapian::MSetIterator> items;
    PassageTexts texts(db, store);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      RerankCandidate c;
      c.weight = it.get_weight();
      c.text = texts.get(*it);
      if (request.ranking.title > 0) {
        schema::Labels labels = schema::decode_labels(it.get_document().get_value(schema::kSlotLabels));
        c.title = std::move(labels.title);
        c.heading = std::move(labels.heading);
      }
      candidates.push_back(std::move(c));
      items.push_back(it);
    }
    const auto order = rerank(candidates, rq, request.ranking);
    for (std::size_t k = request.offset; k < order.size() && k < request.offset + request.limit; ++k) {
      Hit hit = make_hit(items[order[k].index], plan, request);
      hit.rank = k + 1;
      hit.score = order[k].score;
      response.results.push_back(std::move(hit));
    }
  }

  bool excluded_everything(const ParsedQuery& q) {
    if (q.excluded.empty()) return false;
    ParsedQuery positive = q;
    positive.excluded.clear();
    const QueryPlan plan = make_plan(positive, MatchLevel::Exact);
    PassageTexts texts(db, store);
    return count(plan, SearchRequest{}, texts, nullptr) > 0;
  }

  SearchResponse search_once(const SearchRequest& request) {
    const ParsedQuery parsed = request.literal ? literal_query(request.query) : parse_query(request.query);
    ParsedQuery q = parsed;
    expand_synonyms(q, request.explain ? &response_explain_ : nullptr);
    for (const auto& t : request.tags) q.tags.push_back(t);
    for (const auto& a : request.authors) q.authors.push_back(a);

    SearchResponse response;
    response.query = request.query;
    response.explain = std::move(response_explain_);
    response_explain_.clear();
    const MatchLevel levels[] = {MatchLevel::Exact, MatchLevel::AllWords, MatchLevel::AnyWord};
    for (MatchLevel level : levels) {
      // A literal is a string to find, not a question: it never relaxes.
      if (level != MatchLevel::Exact && (!request.relax || request.literal)) break;
      const QueryPlan plan = make_plan(q, level, request.ranking);
      if (plan.query.empty()) continue;
      const bool exact = level == MatchLevel::Exact;
      const bool rerank = !exact && request.ranking.rerank_depth > 0;
      Xapian::MSet mset;
      std::size_t total = 0;
      if (exact) {
        std::tie(mset, total) = run_exact(plan, request);
      } else {
        mset = run(plan, rerank ? reranking_window(request) : request, nullptr);
        total = mset.get_matches_estimated();
      }
      if (request.explain) {
        response.explain.push_back(std::string("level: ") + to_string(level));
        if (level != MatchLevel::Exact) response.explain.push_back("  ranking: " + describe(request.ranking));
        for (const auto& s : plan.segmentation) response.explain.push_back("  " + s);
        response.explain.push_back("  xapian: " + plan.query.get_description());
        response.explain.push_back("  matches: " + std::to_string(total));
      }
      if (total == 0) {
        // The user's own -exclusions emptied the result: that is the answer.
        if (level == MatchLevel::Exact && excluded_everything(q)) break;
        continue;
      }
      response.total = total;
      response.relaxed = !exact;
      if (rerank) {
        add_reranked_hits(mset, q, plan, request, response);
      } else {
        for (auto it = mset.begin(); it != mset.end(); ++it) response.results.push_back(make_hit(it, plan, request));
      }
      break;
    }
    return response;
  }
};

std::shared_ptr<SharedPassageMap> make_shared_passage_map() { return std::make_shared<SharedPassageMap>(); }

Engine::Engine(const std::filesystem::path& db_dir, std::shared_ptr<SharedPassageMap> shared_map)
    : impl_(std::make_unique<Impl>(db_dir, std::move(shared_map))) {}
Engine::~Engine() = default;
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;

SearchResponse Engine::search(const SearchRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  for (int attempt = 0;; ++attempt) {
    try {
      impl_->refresh();
      SearchResponse response = impl_->search_once(request);
      response.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
      return response;
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt >= kMaxReopenRetries) throw IndexError("the index kept changing during the search; try again");
      impl_->forget_revision();
    } catch (const Xapian::Error& e) {
      throw IndexError("search failed on " + impl_->dir.string() + ": " + e.get_description());
    }
  }
}

IndexStats Engine::stats() {
  IndexStats s;
  try {
    impl_->refresh();
    Xapian::Database& db = impl_->db;
    s.passages = db.get_doccount();
    const std::string prefix(schema::kMetaDocumentPrefix);
    for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it) ++s.documents;
    // Counted by the writer (schema.h says why readers must not walk them).
    const std::string terms = db.get_metadata(std::string(schema::kMetaTermCount));
    std::size_t count = 0;
    const auto [end, ec] = std::from_chars(terms.data(), terms.data() + terms.size(), count);
    if (!terms.empty() && ec == std::errc() && end == terms.data() + terms.size()) s.terms = count;
    s.last_update = db.get_metadata(std::string(schema::kMetaLastUpdate));
  } catch (const Xapian::Error& e) {
    throw IndexError("cannot read statistics of " + impl_->dir.string() + ": " + e.get_description());
  }
  std::error_code ec;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(impl_->dir, ec))
    if (entry.is_regular_file(ec)) s.bytes_on_disk += entry.file_size(ec);
  return s;
}

}  // namespace zh::search
