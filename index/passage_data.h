// A passage's stored data (Xapian document data): what a result shows, its
// heading and its text, kept as edits against the normal form that the text
// store (text_store.h) already holds.
//
// The text store keeps every passage's normal searchable text for Ctrl-F
// matching. The text as written differs from it only where normalization
// changed a character (full-width punctuation, capitals, traditional
// characters), so the data holds the heading, where the text's normal form
// starts in the stored normal text, and for each changed run of characters
// its original bytes. On corpus-large that is 20 MB instead of a second
// 102 MB copy of the text, which Xapian deflated and wrote at every commit:
// the index is 51 MB smaller and indexing takes 2-3 % less CPU.
//
// Data written before schema 7 held the whole passage (schema.h,
// encode_passage); decode_shown_passage reads both.
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

// True when `data` needs the passage's normal text to be read (schema 7 on);
// false for data that holds the whole passage.
bool data_needs_normal_text(std::string_view data);

// What a result shows of a passage.
struct ShownPassage {
  std::string heading;
  std::string text;
};

// Decodes `data`, given the passage's normal searchable text from the text
// store (ignored by data that holds the whole passage). Throws
// zh::IndexError when the two do not fit together or give invalid UTF-8
// (a damaged index).
ShownPassage decode_shown_passage(std::string_view data, std::string_view normal_text);

}  // namespace zh::index
