#include "searcher/passage_texts.h"

#include "indexer/text/normalizer.h"
#include "indexer/writer/schema.h"

namespace zh::search {

namespace schema = index::schema;

PassageTexts::PassageTexts(const Xapian::Database& db, index::TextStoreReader& store) : db_(db), store_(store) {}

std::string_view PassageTexts::get(Xapian::docid did) {
  if (const auto text = store_.text(did)) return *text;
  if (!values_started_) {
    values_ = db_.valuestream_begin(schema::kSlotNormalText);
    values_started_ = true;
  }
  // Glass's check() moves like skip_to(): the value is this passage's only
  // when the stream stops at `did`. The stream moves forward only.
  const Xapian::ValueIterator end = db_.valuestream_end(schema::kSlotNormalText);
  if (values_ != end && values_.get_docid() < did) values_.check(did);
  if (values_ != end && values_.get_docid() == did) {
    buffer_ = *values_;
    return buffer_;
  }
  const Xapian::Document doc = db_.get_document(did);
  buffer_ = doc.get_value(schema::kSlotNormalText);
  if (buffer_.empty()) buffer_ = text::normalize(schema::searchable_text(schema::decode_passage(doc.get_data())));
  return buffer_;
}

}  // namespace zh::search
