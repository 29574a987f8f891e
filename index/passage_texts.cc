#include "index/passage_texts.h"

#include <string>

#include "common/error.h"
#include "text/normalizer.h"
#include "index/schema.h"

namespace zh::index {

namespace schema = index::schema;

namespace {

[[noreturn]] void throw_missing_text(Xapian::docid did) {
  throw IndexError("passage " + std::to_string(did) +
                   " is not in the index's text store (normal-text.dat and normal-text.idx beside the Xapian "
                   "tables): the store was deleted, or the database was copied or compacted without it; rebuild "
                   "the index: zhsearch index --rebuild --db DIR PATH...");
}

}  // namespace

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
  if (buffer_.empty()) {
    const std::string data = doc.get_data();
    if (index::data_needs_normal_text(data)) throw_missing_text(did);
    buffer_ = text::normalize(schema::searchable_text(schema::decode_passage(data)));
  }
  return buffer_;
}

index::ShownPassage shown_passage(const Xapian::Document& doc, Xapian::docid did, PassageTexts& texts) {
  const std::string data = doc.get_data();
  return index::decode_shown_passage(data, index::data_needs_normal_text(data) ? texts.get(did) : std::string_view{});
}

}  // namespace zh::index
