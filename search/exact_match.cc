#include "search/exact_match.h"

#include <algorithm>

#include "search/candidate_cursor.h"

namespace zh::search {
namespace {

// Xapian's order: higher weight first, then lower docid.
bool ranks_before(const ScoredPassage& a, const ScoredPassage& b) {
  return a.weight > b.weight || (a.weight == b.weight && a.did < b.did);
}

// The best `capacity` passages offered so far (a heap whose front is the
// worst kept). Passages are offered in increasing docid order, so a newcomer
// must weigh strictly more than the worst to displace it.
class BestPassages {
 public:
  explicit BestPassages(std::size_t capacity) : capacity_(capacity) {}

  bool admits(double weight) const {
    return capacity_ > 0 && (kept_.size() < capacity_ || weight > kept_.front().weight);
  }

  void offer(const ScoredPassage& p) {
    if (!admits(p.weight)) return;
    if (kept_.size() == capacity_) {
      std::pop_heap(kept_.begin(), kept_.end(), ranks_before);
      kept_.pop_back();
    }
    kept_.push_back(p);
    std::push_heap(kept_.begin(), kept_.end(), ranks_before);
  }

  const std::vector<ScoredPassage>& kept() const { return kept_; }
  void clear() { kept_.clear(); }

  std::vector<ScoredPassage> take_sorted() {
    std::sort(kept_.begin(), kept_.end(), ranks_before);
    return std::move(kept_);
  }

 private:
  std::size_t capacity_;
  std::vector<ScoredPassage> kept_;
};

// One pass over the candidates; see the header for what it keeps.
class ExactPass {
 public:
  ExactPass(index::IndexReader& reader, const QueryPlan& plan, const ExactOptions& options)
      : reader_(reader), verifier_(plan.verifier.get()), options_(options),
        bm25_(reader.database(), options.k1, options.b), cursor_(reader.database(), plan.candidates, bm25_), best_(options.depth),
        document_best_(options.per_doc) {}

  ExactMatches run() {
    ExactMatches out;
    for (Xapian::docid did = cursor_.next(1); did != 0;) {
      if (did > run_end_) start_document(did);
      const bool counted_enough = options_.per_doc != 0 && accepted_in_document_ >= options_.per_doc;
      if (counted_enough && options_.depth == 0 && !options_.count_all) {
        did = cursor_.next(run_end_ + 1);  // the rest of this document can neither count nor rank
        continue;
      }
      if (counted_enough && options_.count_all) {
        // Counted in the full figures only; ranked as below.
        if (accepts(did)) {
          ++out.passages;
          if (may_rank_at(did)) rank(did);
        }
      } else if (counted_enough) {
        // Only the ranking can use it: the bound is asked before the text.
        if (may_rank_at(did) && accepts(did)) rank(did);
      } else if (accepts(did)) {
        ++out.total;
        if (accepted_in_document_ == 0) ++out.documents;
        ++accepted_in_document_;
        if (may_rank_at(did)) rank(did);
      }
      did = cursor_.next(did + 1);
    }
    end_document();
    if (options_.count_all) out.passages += out.total;
    out.ranked = best_.take_sorted();
    return out;
  }

 private:
  bool may_rank(double weight) const {
    return best_.admits(weight) && (options_.per_doc == 0 || document_best_.admits(weight));
  }

  bool accepts(Xapian::docid did) { return !verifier_ || verifier_->accepts(reader_.text(did)); }

  // Whether candidate `did` could make the page at the shortest length,
  // asked of the cheap bound first (CandidateCursor::bound), so that word
  // terms' postings are read only where that could.
  bool may_rank_at(Xapian::docid did) { return may_rank(cursor_.bound(did)) && may_rank(cursor_.tight_bound(did)); }

  // Weighs an accepted passage and offers it to the page.
  void rank(Xapian::docid did) {
    const ScoredPassage p{did, cursor_.weight(did, bm25_.length_part(reader_.length(did)))};
    if (options_.per_doc == 0) best_.offer(p);
    else document_best_.offer(p);
  }

  void start_document(Xapian::docid did) {
    end_document();
    run_end_ = std::max(did, reader_.run_end(did));
    accepted_in_document_ = 0;
  }

  void end_document() {
    for (const auto& p : document_best_.kept()) best_.offer(p);
    document_best_.clear();
  }

  index::IndexReader& reader_;
  const PassageVerifier* verifier_;
  const ExactOptions& options_;
  Bm25 bm25_;
  CandidateCursor cursor_;
  BestPassages best_, document_best_;
  Xapian::docid run_end_ = 0;
  std::size_t accepted_in_document_ = 0;
};

}  // namespace

ExactMatches match_exact(index::IndexReader& reader, const QueryPlan& plan, const ExactOptions& options) {
  if (plan.candidates.clauses.empty()) return {};
  return ExactPass(reader, plan, options).run();
}

}  // namespace zh::search
