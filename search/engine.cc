#include "search/engine.h"

#include <sys/stat.h>
#include <xapian.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <numeric>
#include <tuple>
#include <unordered_map>

#include "common/error.h"
#include "text/analyzer.h"
#include "text/normalizer.h"
#include "index/schema.h"
#include "index/document_keys.h"
#include "search/exact_match.h"
#include "index/passage_map.h"
#include "search/query_plan.h"
#include "search/rerank.h"

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

// What identifies a revision of a glass database on disk: its version file,
// which Xapian replaces (writes a new file and renames it) at every commit.
struct VersionStamp {
  dev_t device = 0;
  ino_t inode = 0;
  off_t size = 0;
  std::int64_t mtime_ns = 0;
  bool operator==(const VersionStamp&) const = default;
};

// Null when there is no version file to look at (not a glass database, a
// stub or a remote one): then every search asks Xapian.
std::optional<VersionStamp> version_stamp(const std::filesystem::path& dir) {
  struct stat st{};
  if (::stat((dir / "iamglass").c_str(), &st) != 0) return std::nullopt;
  return VersionStamp{st.st_dev, st.st_ino, st.st_size,
                      std::int64_t{st.st_mtim.tv_sec} * 1'000'000'000 + st.st_mtim.tv_nsec};
}

}  // namespace

struct EngineShare {
  index::SharedPassageMap passage_map;
  index::SharedStoreCopy store_copy;
};

struct Engine::Impl {
  std::filesystem::path dir;
  // Taken before the database is opened or reopened, so that a commit in
  // between is seen as a change the next time.
  std::optional<VersionStamp> seen_version;
  Xapian::Database db;
  std::unordered_map<std::string, schema::DocumentRecord> records;
  std::optional<bool> has_start_times;  // of this revision, once asked
  std::shared_ptr<EngineShare> share;
  std::shared_ptr<const index::PassageMap> passage_map;  // taken from the share on the first count of a revision
  index::TextStoreReader store;
  index::PassageLengths lengths;
  index::DocumentKeys keys;
  std::string cached_uuid;  // the database `lengths` and `keys` describe
  bool warmed = false;      // warm_up() was asked for: a rebuilt index's store is copied in too

  Impl(const std::filesystem::path& d, std::shared_ptr<EngineShare> shared)
      : dir(d), seen_version(version_stamp(d)), db(open_database(d)),
        share(shared ? std::move(shared) : std::make_shared<EngineShare>()),
        store(index::TextStoreReader::open(d, db.get_uuid())), cached_uuid(db.get_uuid()) {}

  // Picks up the latest commit; drops cached records when it changed, and
  // the text store when the database was replaced (a rebuild). One stat()
  // of the version file says whether there can be a new commit; reopen()
  // would open, read and close it on every search.
  void refresh() {
    const std::optional<VersionStamp> now = version_stamp(dir);
    if (now && now == seen_version) return;
    seen_version = now;
    if (!db.reopen()) return;
    forget_revision();
    const std::string uuid = db.get_uuid();
    if (store.uuid() != uuid) {
      store = index::TextStoreReader::open(dir, uuid);
      if (warmed) store.warm_up(&share->store_copy);
    }
    if (cached_uuid != uuid) {
      lengths.clear();
      keys.clear();
      cached_uuid = uuid;
    }
  }

  void forget_revision() {
    records.clear();
    has_start_times.reset();
  }

  // Whether any passage has a start time (subtitles): when none has, hits
  // skip the value lookup, a B-tree descent per hit.
  bool any_start_times() {
    if (!has_start_times) has_start_times = db.get_value_freq(schema::kSlotStartTime) > 0;
    return *has_start_times;
  }

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

  // Ranks a relaxed plan with Xapian's matcher: the page from `request`.
  std::pair<std::vector<ScoredPassage>, std::size_t> run_ranked(const QueryPlan& plan, const SearchRequest& request) {
    Xapian::Enquire enquire(db);
    enquire.set_query(plan.query);
    // k2 = 0, k3 = 1 and min_normlen = 0.5 are Xapian's defaults.
    enquire.set_weighting_scheme(Xapian::BM25Weight(request.ranking.k1, 0, 1, request.ranking.b, 0.5));
    if (request.per_doc > 0) enquire.set_collapse_key(schema::kSlotDocKey, static_cast<Xapian::doccount>(request.per_doc));
    const auto check_at_least = static_cast<Xapian::doccount>(request.offset + request.limit);
    const Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                                               static_cast<Xapian::doccount>(request.limit), check_at_least);
    std::vector<ScoredPassage> page;
    for (auto it = mset.begin(); it != mset.end(); ++it) page.push_back({*it, it.get_weight()});
    return {std::move(page), mset.get_matches_estimated()};
  }

  // Where `did`'s document's passages end: from the text store, else (an
  // index without one) from a index::PassageMap, which costs a read of every
  // passage's document key the first time.
  Xapian::docid run_end(Xapian::docid did) {
    if (const auto end = store.run_end(did)) return *end;
    if (!passage_map || !passage_map->describes(db)) passage_map = share->passage_map.current(db);
    return did <= passage_map->last_docid() ? passage_map->run_end(did) : did;
  }

  // The page and the exact number of passages (after per_doc) of an exact
  // plan, as Ctrl-F users expect, in one pass (exact_match.h).
  std::pair<std::vector<ScoredPassage>, std::size_t> run_exact(const QueryPlan& plan, const SearchRequest& request,
                                                               std::size_t depth) {
    index::PassageTexts texts(db, store);
    const RunEnd runs = [this](Xapian::docid did) { return run_end(did); };
    const ExactOptions options{request.per_doc, depth, request.ranking.k1, request.ranking.b};
    ExactMatches m = match_exact(db, runs, plan, options, texts, lengths);
    if (m.ranked.size() > request.offset) m.ranked.erase(m.ranked.begin(), m.ranked.begin() + static_cast<std::ptrdiff_t>(request.offset));
    else m.ranked.clear();
    return {std::move(m.ranked), m.total};
  }

  Hit make_hit(const ScoredPassage& passage, std::size_t rank, const QueryPlan& plan, const SearchRequest& request) {
    // The passage was just matched in this revision: no need to check that it exists.
    const Xapian::Document doc = db.get_document(passage.did, Xapian::DOC_ASSUME_VALID);
    Hit hit;
    hit.rank = rank;
    hit.score = passage.weight;
    hit.doc = keys.get(db, passage.did);
    if (request.ids_only) return hit;
    index::PassageTexts texts(db, store);
    const index::ShownPassage p = index::shown_passage(doc, passage.did, texts);
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
    if (any_start_times()) {
      const std::string start = doc.get_value(schema::kSlotStartTime);
      if (!start.empty()) hit.start_time = Xapian::sortable_unserialise(start);
    }
    if (request.explain) {
      Xapian::Enquire enquire(db);
      enquire.set_query(plan.query);
      std::string terms;
      for (auto t = enquire.get_matching_terms_begin(passage.did); t != enquire.get_matching_terms_end(passage.did); ++t)
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

  void add_reranked_hits(const std::vector<ScoredPassage>& page, const ParsedQuery& q, const QueryPlan& plan,
                         const SearchRequest& request, SearchResponse& response) {
    std::vector<std::string> parts;
    for (const auto& clause : q.required)
      for (const auto& lit : clause.alternatives) parts.push_back(text::normalize(lit.text));
    const RerankQuery rq = make_rerank_query(parts, plan.content_words);
    std::vector<RerankCandidate> candidates;
    index::PassageTexts texts(db, store);
    for (const auto& passage : page) {
      RerankCandidate c;
      c.weight = passage.weight;
      c.text = texts.get(passage.did);
      if (request.ranking.title > 0) {
        schema::Labels labels = schema::decode_labels(db.get_document(passage.did, Xapian::DOC_ASSUME_VALID).get_value(schema::kSlotLabels));
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
    return run_exact(plan, SearchRequest{}, 0).second > 0;
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
      auto [page, total] = exact ? run_exact(plan, request, request.offset + request.limit)
                                 : run_ranked(plan, rerank ? reranking_window(request) : request);
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
      impl_->refresh();
      SearchResponse response = impl_->search_once(request);
      response.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
      return response;
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt >= kMaxReopenRetries) throw IndexError("the index kept changing during the search; try again");
      impl_->seen_version.reset();  // reopen whatever the version file looks like
      impl_->forget_revision();
    } catch (const Xapian::Error& e) {
      throw IndexError("search failed on " + impl_->dir.string() + ": " + e.get_description());
    }
  }
}

void Engine::warm_up() {
  try {
    impl_->refresh();
    impl_->lengths.read_all(impl_->db);
    impl_->keys.read_all(impl_->db);
  } catch (const Xapian::Error& e) {
    throw IndexError("cannot read the index at " + impl_->dir.string() + ": " + e.get_description());
  }
  impl_->store.warm_up(&impl_->share->store_copy);
  impl_->warmed = true;
  static_cast<void>(text::analyze(text::normalize("的 a")));
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
