#include "searcher/match_count.h"

#include <algorithm>
#include <memory>

#include "indexer/writer/schema.h"

namespace zh::search {
namespace {

// A forward-only walk over the docids of a boolean expression. skip_to(t)
// moves to the first docid >= t and returns it, or 0 at the end; moving
// backwards is a no-op that returns the current docid.
class Cursor {
 public:
  virtual ~Cursor() = default;
  Xapian::docid skip_to(Xapian::docid target) {
    if (at_end_ || (current_ != 0 && target <= current_)) return at_end_ ? 0 : current_;
    current_ = advance(target);
    at_end_ = current_ == 0;
    return current_;
  }

 protected:
  virtual Xapian::docid advance(Xapian::docid target) = 0;

 private:
  Xapian::docid current_ = 0;
  bool at_end_ = false;
};

using CursorPtr = std::unique_ptr<Cursor>;

class TermCursor : public Cursor {
 public:
  TermCursor(const Xapian::Database& db, const std::string& term)
      : it_(db.postlist_begin(term)), end_(db.postlist_end(term)) {}

 private:
  Xapian::docid advance(Xapian::docid target) override {
    it_.skip_to(target);
    return it_ == end_ ? 0 : *it_;
  }
  Xapian::PostingIterator it_, end_;
};

class AndCursor : public Cursor {
 public:
  explicit AndCursor(std::vector<CursorPtr> parts) : parts_(std::move(parts)) {}

 private:
  Xapian::docid advance(Xapian::docid target) override {
    Xapian::docid candidate = target;
    for (std::size_t agreed = 0; agreed < parts_.size();) {
      for (auto& part : parts_) {
        const Xapian::docid at = part->skip_to(candidate);
        if (at == 0) return 0;
        if (at != candidate) {
          candidate = at;
          agreed = 0;
          break;
        }
        ++agreed;
      }
    }
    return candidate;
  }
  std::vector<CursorPtr> parts_;
};

class OrCursor : public Cursor {
 public:
  explicit OrCursor(std::vector<CursorPtr> parts) : parts_(std::move(parts)) {}

 private:
  Xapian::docid advance(Xapian::docid target) override {
    Xapian::docid best = 0;
    for (auto& part : parts_) {
      const Xapian::docid at = part->skip_to(target);
      if (at != 0 && (best == 0 || at < best)) best = at;
    }
    return best;
  }
  std::vector<CursorPtr> parts_;
};

class AndNotCursor : public Cursor {
 public:
  AndNotCursor(CursorPtr include, CursorPtr exclude) : include_(std::move(include)), exclude_(std::move(exclude)) {}

 private:
  Xapian::docid advance(Xapian::docid target) override {
    for (Xapian::docid at = include_->skip_to(target); at != 0; at = include_->skip_to(at + 1))
      if (exclude_->skip_to(at) != at) return at;
    return 0;
  }
  CursorPtr include_, exclude_;
};

CursorPtr terms_cursor(const Xapian::Database& db, const std::vector<std::string>& terms, bool all) {
  std::vector<CursorPtr> parts;
  for (const auto& t : terms) parts.push_back(std::make_unique<TermCursor>(db, t));
  if (parts.size() == 1) return std::move(parts.front());
  if (all) return std::make_unique<AndCursor>(std::move(parts));
  return std::make_unique<OrCursor>(std::move(parts));
}

CursorPtr candidate_cursor(const Xapian::Database& db, const CandidateSpec& spec) {
  std::vector<CursorPtr> required;
  for (const auto& clause : spec.clauses) {
    std::vector<CursorPtr> alternatives;
    for (const auto& terms : clause) alternatives.push_back(terms_cursor(db, terms, true));
    required.push_back(alternatives.size() == 1 ? std::move(alternatives.front())
                                                : std::make_unique<OrCursor>(std::move(alternatives)));
  }
  for (const auto& kind : spec.filters) required.push_back(terms_cursor(db, kind, false));
  CursorPtr cursor = required.size() == 1 ? std::move(required.front()) : std::make_unique<AndCursor>(std::move(required));
  if (!spec.excluded.empty()) cursor = std::make_unique<AndNotCursor>(std::move(cursor), terms_cursor(db, spec.excluded, false));
  return cursor;
}

}  // namespace

std::size_t count_matches(const Xapian::Database& db, const RunEnd& run_end_of, const CandidateSpec& candidates,
                          const PassageVerifier* verifier, std::size_t per_doc, PassageTexts& texts,
                          Verdicts* verdicts) {
  if (candidates.clauses.empty()) return 0;
  CursorPtr cursor = candidate_cursor(db, candidates);
  auto accepted = [&](Xapian::docid did) { return !verifier || verifier->accepts(texts.get(did)); };
  std::size_t total = 0;
  // Candidates come in docid order and a document's passages are one run
  // of docids, so only the current document's count is needed.
  Xapian::docid run_end = 0;
  std::size_t seen = 0;
  for (Xapian::docid did = cursor->skip_to(1); did != 0;) {
    if (did > run_end) {
      run_end = std::max(did, run_end_of(did));
      seen = 0;
    }
    if (per_doc != 0 && seen >= per_doc) {
      did = cursor->skip_to(run_end + 1);  // the rest of this document cannot count
      continue;
    }
    const bool ok = accepted(did);
    if (ok) {
      ++total;
      ++seen;
    }
    if (verifier && verdicts) (ok ? verdicts->accepted : verdicts->rejected).push_back(did);
    did = cursor->skip_to(did + 1);
  }
  return total;
}

bool RecordedVerifier::operator()(const Xapian::Document& doc) const {
  const Xapian::docid did = doc.get_docid();
  if (std::binary_search(verdicts_.accepted.begin(), verdicts_.accepted.end(), did)) return true;
  if (std::binary_search(verdicts_.rejected.begin(), verdicts_.rejected.end(), did)) return false;
  return verifier_.accepts(texts_.get(did));
}

}  // namespace zh::search
