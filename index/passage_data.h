// A passage's stored data (Xapian document data): what a result shows, its
// heading and its text, kept as edits against the passage's normal
// searchable text, which the text store (text_store_format.h) holds: the
// text as written differs from its normal form only where normalization
// changed a character (full-width punctuation, capitals, traditional
// characters), so the data holds the heading, where the text's normal form
// starts in the normal text, and the original bytes of each changed run.
// Thread-safe (pure functions).
#pragma once

#include <string>
#include <string_view>

#include "ingest/document.h"

namespace zh::index {

struct PassageData {
  std::string data;         // the Xapian document data
  std::string normal_text;  // the normal searchable text, for the text store
};

// Encodes `passage` (valid UTF-8). normal_text equals
// text::normalize(schema::searchable_text(passage.context, passage.text)).
PassageData encode_passage_data(const ingest::Passage& passage);

// What a result shows of a passage.
struct ShownPassage {
  std::string heading;
  std::string text;
};

// Decodes `data`, given the passage's normal searchable text from the text
// store. Throws zh::IndexError when `data` is not of this layout, or the
// two do not fit together or give invalid UTF-8 (a damaged index).
ShownPassage decode_shown_passage(std::string_view data, std::string_view normal_text);

}  // namespace zh::index
