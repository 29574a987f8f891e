#include "index/document_builder.h"

#include <algorithm>
#include <cstdint>

#include "text/analyzer.h"
#include "index/passage_data.h"
#include "index/schema.h"

namespace zh::index {
namespace {

// A passage's terms, counted before they reach Xapian::Document, whose
// add_term looks each one up in a std::map: a passage of corpus-large has
// ~310 tokens but ~193 distinct terms (its characters and pairs repeat), and
// those lookups were a tenth of indexing. Terms of at most 8 bytes (nearly
// all) are packed into integers, so counting them is sorting integers.
class TermCounts {
 public:
  void add(const std::string& term) {
    std::uint64_t packed = 0;  // big-endian, so integer order is byte order
    bool packs = term.size() <= sizeof packed;
    for (std::size_t i = 0; i < sizeof packed && packs; ++i) {
      const unsigned byte = i < term.size() ? static_cast<unsigned char>(term[i]) : 0u;
      packs = byte != 0 || i >= term.size();  // a NUL inside would end the term early
      packed = (packed << 8) | byte;
    }
    if (packs)
      short_terms_.push_back(packed);
    else
      long_terms_.push_back(term);
  }

  // Adds every term counted so far to `xdoc` once, its count as wdf, and
  // starts counting anew (keeping the memory for the next passage).
  void move_to(Xapian::Document& xdoc) {
    std::sort(short_terms_.begin(), short_terms_.end());
    for (std::size_t i = 0; i < short_terms_.size();) {
      std::size_t j = i + 1;
      while (j < short_terms_.size() && short_terms_[j] == short_terms_[i]) ++j;
      xdoc.add_term(unpack(short_terms_[i]), static_cast<Xapian::termcount>(j - i));
      i = j;
    }
    for (const auto& term : long_terms_) xdoc.add_term(term);
    short_terms_.clear();
    long_terms_.clear();
  }

 private:
  static std::string unpack(std::uint64_t packed) {
    std::string term;
    for (int shift = 56; shift >= 0 && (packed >> shift) & 0xff; shift -= 8)
      term += static_cast<char>((packed >> shift) & 0xff);
    return term;
  }

  std::vector<std::uint64_t> short_terms_;
  std::vector<std::string> long_terms_;
};

void count_text_terms(TermCounts& counts, std::string_view text, std::vector<text::Token>& tokens) {
  text::analyze(text, tokens);
  for (const auto& token : tokens) {
    const std::string term = schema::term_for(token);
    if (!term.empty()) counts.add(term);
  }
}

void add_filter_terms(Xapian::Document& xdoc, const ingest::Document& doc) {
  xdoc.add_boolean_term(schema::document_term(doc.key));
  for (const auto& tag : doc.meta.tags) xdoc.add_boolean_term(schema::tag_term(tag));
  if (!doc.meta.author.empty()) xdoc.add_boolean_term(schema::author_term(doc.meta.author));
  if (doc.meta.date.size() >= 4) xdoc.add_boolean_term(schema::year_term(doc.meta.date));
}

}  // namespace

std::vector<PassageDocument> build_passage_documents(const ingest::Document& doc) {
  std::vector<PassageDocument> out;
  out.reserve(doc.passages.size());
  std::vector<text::Token> tokens;  // reused by every passage
  TermCounts counts;
  for (const auto& passage : doc.passages) {
    Xapian::Document xdoc;
    count_text_terms(counts, passage.context, tokens);
    count_text_terms(counts, passage.text, tokens);
    counts.move_to(xdoc);
    add_filter_terms(xdoc, doc);
    xdoc.add_value(schema::kSlotDocKey, doc.key);
    xdoc.add_value(schema::kSlotOrdinal, Xapian::sortable_serialise(passage.ordinal));
    if (!doc.meta.date.empty()) xdoc.add_value(schema::kSlotDate, doc.meta.date);
    if (passage.start_time_seconds)
      xdoc.add_value(schema::kSlotStartTime, Xapian::sortable_serialise(*passage.start_time_seconds));
    const std::string labels = schema::encode_labels(doc.meta.title, passage.heading);
    if (!labels.empty()) xdoc.add_value(schema::kSlotLabels, labels);
    PassageData data = encode_passage_data(passage);
    xdoc.set_data(std::move(data.data));
    out.push_back({std::move(xdoc), std::move(data.normal_text)});
  }
  return out;
}

}  // namespace zh::index
