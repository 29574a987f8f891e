#include "indexer/writer/document_builder.h"

#include "indexer/text/analyzer.h"
#include "indexer/text/normalizer.h"
#include "indexer/writer/schema.h"

namespace zh::index {
namespace {

void add_text_terms(Xapian::Document& xdoc, std::string_view text) {
  for (const auto& token : text::analyze(text)) {
    const std::string term = schema::term_for(token);
    if (!term.empty()) xdoc.add_term(term);
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
  for (const auto& passage : doc.passages) {
    Xapian::Document xdoc;
    add_text_terms(xdoc, passage.context);
    add_text_terms(xdoc, passage.text);
    add_filter_terms(xdoc, doc);
    xdoc.add_value(schema::kSlotDocKey, doc.key);
    xdoc.add_value(schema::kSlotOrdinal, Xapian::sortable_serialise(passage.ordinal));
    if (!doc.meta.date.empty()) xdoc.add_value(schema::kSlotDate, doc.meta.date);
    if (passage.start_time_seconds)
      xdoc.add_value(schema::kSlotStartTime, Xapian::sortable_serialise(*passage.start_time_seconds));
    xdoc.set_data(schema::encode_passage(passage));
    const std::string labels = schema::encode_labels(doc.meta.title, passage.heading);
    if (!labels.empty()) xdoc.add_value(schema::kSlotLabels, labels);
    out.push_back({std::move(xdoc), text::normalize(schema::searchable_text(passage.context, passage.text))});
  }
  return out;
}

}  // namespace zh::index
