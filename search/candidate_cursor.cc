#include "search/candidate_cursor.h"

#include <algorithm>
#include <cmath>

namespace zh::search {

namespace {
constexpr double kMinNormLength = 0.5;  // Xapian's default min_normlen
}  // namespace

Bm25::Bm25(const Xapian::Database& db, double k1, double b)
    : k1_(k1), b_(b), doccount_(db.get_doccount()) {
  const double avlength = db.get_avlength();
  if (avlength > 0) inverse_avlength_ = 1 / avlength;
}

// As BM25Weight::init: an idf that stays positive for terms in over half
// the passages, times (k1 + 1); k3 = 1 and a query frequency of 1 make the
// query part 1.
double Bm25::term_weight(Xapian::doccount termfreq, double factor) const {
  double tw = (doccount_ - static_cast<double>(termfreq) + 0.5) / (termfreq + 0.5);
  if (tw < 2) tw = tw * 0.5 + 1;
  return std::log(tw) * factor * (k1_ + 1);
}

double Bm25::length_part(Xapian::termcount doclength) const {
  const double normlen = std::max(doclength * inverse_avlength_, kMinNormLength);
  return k1_ * (normlen * b_ + (1 - b_));
}

// A node of the boolean expression: skip_to(t) moves to the first docid
// >= t and returns it, or 0 at the end; moving backwards is a no-op that
// returns the current docid. weight() sums the parts that sit on `did`.
class CandidateCursor::Node {
 public:
  virtual ~Node() = default;
  Xapian::docid skip_to(Xapian::docid target) {
    if (at_end_ || (current_ != 0 && target <= current_)) return at_end_ ? 0 : current_;
    current_ = advance(target);
    at_end_ = current_ == 0;
    return current_;
  }
  Xapian::docid current() const { return at_end_ ? 0 : current_; }
  virtual double weight(Xapian::docid did, double length_part) = 0;
  // A term's wdf in `did` (0 when it is elsewhere); 0 for other nodes.
  virtual Xapian::termcount wdf(Xapian::docid) { return 0; }
  // At most how many passages the node visits.
  virtual Xapian::doccount at_most() const = 0;

 protected:
  virtual Xapian::docid advance(Xapian::docid target) = 0;

 private:
  Xapian::docid current_ = 0;
  bool at_end_ = false;
};

namespace {

using Node = CandidateCursor::Node;
using NodePtr = std::unique_ptr<Node>;

class TermNode : public Node {
 public:
  // Looks up the term's frequency when `count` (else: at most every
  // passage), just before opening its postings, which then start from the
  // B-tree block the lookup read. It does not score until score().
  TermNode(const Xapian::Database& db, const std::string& term, bool count)
      : termfreq_(count ? db.get_termfreq(term) : db.get_doccount()),
        it_(db.postlist_begin(term)),
        end_(db.postlist_end(term)) {}
  Xapian::doccount at_most() const override { return termfreq_; }
  void score(double term_weight) { term_weight_ = term_weight; }

  double weight(Xapian::docid did, double length_part) override {
    if (term_weight_ == 0 || current() != did) return 0;
    const double wdf = it_.get_wdf();
    return term_weight_ * wdf / (length_part + wdf);
  }
  Xapian::termcount wdf(Xapian::docid did) override { return current() == did ? it_.get_wdf() : 0; }

 private:
  Xapian::docid advance(Xapian::docid target) override {
    it_.skip_to(target);
    return it_ == end_ ? 0 : *it_;
  }
  Xapian::doccount termfreq_;
  Xapian::PostingIterator it_, end_;
  double term_weight_ = 0;
};

class AndNode : public Node {
 public:
  // The rarest part leads the walk; the others skip to where it stands.
  // Weights are summed in the given order (Xapian's, to the last bit).
  explicit AndNode(std::vector<NodePtr> parts) : parts_(std::move(parts)) {
    for (const auto& part : parts_) rarest_first_.push_back(part.get());
    std::stable_sort(rarest_first_.begin(), rarest_first_.end(),
                     [](const Node* a, const Node* b) { return a->at_most() < b->at_most(); });
  }
  Xapian::doccount at_most() const override {
    Xapian::doccount most = parts_.front()->at_most();
    for (const auto& part : parts_) most = std::min(most, part->at_most());
    return most;
  }
  double weight(Xapian::docid did, double length_part) override {
    if (current() != did) return 0;
    double sum = 0;
    for (auto& part : parts_) sum += part->weight(did, length_part);
    return sum;
  }

 private:
  Xapian::docid advance(Xapian::docid target) override {
    Xapian::docid candidate = target;
    for (std::size_t agreed = 0; agreed < rarest_first_.size();) {
      for (Node* part : rarest_first_) {
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
  std::vector<NodePtr> parts_;
  std::vector<Node*> rarest_first_;
};

class OrNode : public Node {
 public:
  explicit OrNode(std::vector<NodePtr> parts) : parts_(std::move(parts)) {}
  Xapian::doccount at_most() const override {
    Xapian::doccount sum = 0;
    for (const auto& part : parts_) sum += part->at_most();
    return sum;
  }
  double weight(Xapian::docid did, double length_part) override {
    double sum = 0;
    for (auto& part : parts_) sum += part->weight(did, length_part);
    return sum;
  }

 private:
  Xapian::docid advance(Xapian::docid target) override {
    Xapian::docid best = 0;
    for (auto& part : parts_) {
      const Xapian::docid at = part->skip_to(target);
      if (at != 0 && (best == 0 || at < best)) best = at;
    }
    return best;
  }
  std::vector<NodePtr> parts_;
};

class AndNotNode : public Node {
 public:
  AndNotNode(NodePtr include, NodePtr exclude) : include_(std::move(include)), exclude_(std::move(exclude)) {}
  Xapian::doccount at_most() const override { return include_->at_most(); }
  double weight(Xapian::docid did, double length_part) override { return include_->weight(did, length_part); }

 private:
  Xapian::docid advance(Xapian::docid target) override {
    for (Xapian::docid at = include_->skip_to(target); at != 0; at = include_->skip_to(at + 1))
      if (exclude_->skip_to(at) != at) return at;
    return 0;
  }
  NodePtr include_, exclude_;
};

// The scoring terms' nodes, each weighed as BM25 does, times `factor`.
std::vector<std::unique_ptr<TermNode>> scoring_terms(const Xapian::Database& db, const std::vector<std::string>& terms,
                                                     const Bm25& bm25, double factor) {
  std::vector<std::unique_ptr<TermNode>> out;
  for (const auto& t : terms) {
    out.push_back(std::make_unique<TermNode>(db, t, true));
    out.back()->score(bm25.term_weight(out.back()->at_most(), factor));
  }
  return out;
}

NodePtr combined(std::vector<NodePtr> parts, bool all) {
  if (parts.empty()) return nullptr;
  if (parts.size() == 1) return std::move(parts.front());
  if (all) return std::make_unique<AndNode>(std::move(parts));
  return std::make_unique<OrNode>(std::move(parts));
}

// `factor` 0: the terms only filter (and their frequencies are not looked
// up: each lookup reads the B-tree). `made`, when given, receives the term nodes.
NodePtr terms_node(const Xapian::Database& db, const std::vector<std::string>& terms, bool all, const Bm25& bm25,
                   double factor, std::vector<Node*>* made = nullptr) {
  std::vector<NodePtr> parts;
  if (factor == 0) {
    for (const auto& t : terms) parts.push_back(std::make_unique<TermNode>(db, t, false));
  } else {
    for (auto& node : scoring_terms(db, terms, bm25, factor)) parts.push_back(std::move(node));
  }
  if (made)
    for (const auto& part : parts) made->push_back(part.get());
  if (parts.size() == 1) return std::move(parts.front());
  if (all) return std::make_unique<AndNode>(std::move(parts));
  return std::make_unique<OrNode>(std::move(parts));
}

// `terms`, when given, receives the term nodes of the first alternative.
NodePtr candidates_node(const Xapian::Database& db, const CandidateSpec& spec, const Bm25& bm25,
                        std::vector<Node*>* terms) {
  std::vector<NodePtr> required;
  for (const auto& clause : spec.clauses) {
    std::vector<NodePtr> alternatives;
    for (const auto& alternative : clause)
      alternatives.push_back(terms_node(db, alternative, true, bm25, 1, required.empty() && alternatives.empty() ? terms : nullptr));
    required.push_back(alternatives.size() == 1 ? std::move(alternatives.front())
                                                : std::make_unique<OrNode>(std::move(alternatives)));
  }
  for (const auto& kind : spec.filters) required.push_back(terms_node(db, kind, false, bm25, 0));
  NodePtr node = required.size() == 1 ? std::move(required.front()) : std::make_unique<AndNode>(std::move(required));
  if (!spec.excluded.empty())
    node = std::make_unique<AndNotNode>(std::move(node), terms_node(db, spec.excluded, false, bm25, 0));
  return node;
}

std::vector<std::string> boost_terms(const CandidateSpec& spec) {
  std::vector<std::string> terms;
  if (spec.boost_factor == 0) return terms;
  for (const auto& t : spec.boost)
    if (std::find(terms.begin(), terms.end(), t) == terms.end()) terms.push_back(t);
  return terms;
}

// The weight `node` gives `did` when it sits on it.
double weight_at(Node* node, Xapian::docid did, double length_part) {
  return node && node->skip_to(did) == did ? node->weight(did, length_part) : 0;
}

}  // namespace

// Word terms indexing many more passages than there can be candidates (的
// in 定的: 227,439 passages, at most 28,192 candidates) are read only for
// full weights; bounds count them at their most. Rarer ones are read for
// bounds too, which keeps the bounds tight where the weights differ.
CandidateCursor::CandidateCursor(const Xapian::Database& db, const CandidateSpec& spec, const Bm25& bm25)
    : floor_(bm25.length_part_floor()) {
  const bool within = spec.boost_within_candidates && spec.clauses.size() == 1 && spec.clauses.front().size() == 1 &&
                      spec.boost.size() == 1 && spec.boost_factor != 0;
  candidates_ = candidates_node(db, spec, bm25, within ? &within_ : nullptr);
  std::vector<NodePtr> early, late;
  const double most = candidates_->at_most();
  for (auto& t : scoring_terms(db, boost_terms(spec), bm25, spec.boost_factor)) {
    const double term_weight = bm25.term_weight(t->at_most(), spec.boost_factor);
    if (within) {
      boost_term_weight_ = term_weight;
      late.push_back(std::move(t));
    } else if (t->at_most() <= 2 * most) {
      early.push_back(std::move(t));
    } else {
      late_max_ += term_weight;  // wdf / (length part + wdf) < 1
      late.push_back(std::move(t));
    }
  }
  boost_ = combined(std::move(early), false);
  late_ = combined(std::move(late), false);
}

CandidateCursor::~CandidateCursor() = default;

Xapian::docid CandidateCursor::next(Xapian::docid from) { return candidates_->skip_to(from); }

double CandidateCursor::bound(Xapian::docid did) {
  const double sum = candidates_->weight(did, floor_) + weight_at(boost_.get(), did, floor_);
  if (within_.empty()) return sum + late_max_;
  Xapian::termcount least = within_.front()->wdf(did);
  for (Node* term : within_) least = std::min(least, term->wdf(did));
  const double wdf = least;
  return sum + boost_term_weight_ * wdf / (floor_ + wdf);
}

double CandidateCursor::tight_bound(Xapian::docid did) { return within_.empty() ? weight(did, floor_) : bound(did); }

double CandidateCursor::weight(Xapian::docid did, double length_part) {
  return candidates_->weight(did, length_part) + weight_at(boost_.get(), did, length_part) +
         weight_at(late_.get(), did, length_part);
}

}  // namespace zh::search
