#include "index/passage_data.h"

#include <cstdint>

#include "common/error.h"
#include "text/normalizer.h"
#include "text/utf8.h"
#include "index/schema.h"

namespace zh::index {
namespace {

// The data starts with a byte that UTF-8 never contains (data of schema 6
// and before started with the passage's context or heading).
constexpr char kEditsMarker = '\xff';

// Layout after the marker, numbers as base-128 varints (low bits first):
//   text_start              where the text's normal form starts in the stored
//                           normal searchable text (after context + '\n')
//   heading_size, heading
//   edits...                {copied, skipped, literal_size, literal}: copy
//                           `copied` normal bytes, skip `skipped` more, then
//                           write `literal`; the rest of the normal text is
//                           copied after the last edit
void put_varint(std::string& out, std::size_t n) {
  while (n >= 0x80) {
    out += static_cast<char>((n & 0x7f) | 0x80);
    n >>= 7;
  }
  out += static_cast<char>(n);
}

[[noreturn]] void damaged(const char* what) {
  throw IndexError(std::string("a passage's stored data is damaged (") + what +
                   "); rebuild the index: zhsearch index --rebuild --db DIR PATH...");
}

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool done() const { return pos_ == data_.size(); }
  std::size_t varint() {
    std::size_t n = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
      if (pos_ == data_.size()) damaged("a number is cut short");
      const auto byte = static_cast<unsigned char>(data_[pos_++]);
      n |= static_cast<std::size_t>(byte & 0x7f) << shift;
      if (byte < 0x80) return n;
    }
    damaged("a number is too long");
  }
  std::string_view bytes(std::size_t n) {
    if (n > data_.size() - pos_) damaged("a field runs past its end");
    const std::string_view out = data_.substr(pos_, n);
    pos_ += n;
    return out;
  }

 private:
  std::string_view data_;
  std::size_t pos_ = 1;  // past the marker
};

// Builds the edits that turn a text's normal form back into the text,
// one code point at a time, as text::normalize folds it.
class EditWriter {
 public:
  explicit EditWriter(std::string& out) : out_(out) {}

  void same(std::size_t normal_bytes) {
    if (skipped_ || !literal_.empty()) flush();
    copied_ += normal_bytes;
  }
  void changed(std::size_t normal_bytes, std::string_view original) {
    skipped_ += normal_bytes;
    literal_ += original;
  }
  void finish() {
    if (skipped_ || !literal_.empty()) flush();
  }

 private:
  void flush() {
    put_varint(out_, copied_);
    put_varint(out_, skipped_);
    put_varint(out_, literal_.size());
    out_ += literal_;
    copied_ = skipped_ = 0;
    literal_.clear();
  }

  std::string& out_;
  std::size_t copied_ = 0, skipped_ = 0;
  std::string literal_;
};

// Appends the normal form of `text` to `normal` and writes the edits back.
// text::fold is what normalize() applies to each code point (ASCII too).
void normalize_with_edits(std::string_view text, std::string& normal, EditWriter& edits) {
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t begin = pos;
    const std::string_view folded = text::fold(text::next_code_point(text, pos));
    const std::string_view original = text.substr(begin, pos - begin);
    normal += folded;
    if (folded == original)
      edits.same(folded.size());
    else
      edits.changed(folded.size(), original);
  }
  edits.finish();
}

}  // namespace

PassageData encode_passage_data(const ingest::Passage& passage) {
  PassageData out;
  if (!passage.context.empty()) {
    out.normal_text = text::normalize(passage.context);
    out.normal_text += '\n';
  }
  out.data += kEditsMarker;
  put_varint(out.data, out.normal_text.size());
  put_varint(out.data, passage.heading.size());
  out.data += passage.heading;
  EditWriter edits(out.data);
  normalize_with_edits(passage.text, out.normal_text, edits);
  return out;
}

ShownPassage decode_shown_passage(std::string_view data, std::string_view normal_text) {
  if (data.empty() || data.front() != kEditsMarker) damaged("it is not of this zhsearch's index format");
  Reader in(data);
  std::size_t at = in.varint();
  if (at > normal_text.size()) damaged("its text starts past its normal text");
  ShownPassage out;
  out.heading = in.bytes(in.varint());
  out.text.reserve(normal_text.size() - at + 16);
  while (!in.done()) {
    const std::size_t copied = in.varint();
    const std::size_t skipped = in.varint();
    if (copied > normal_text.size() - at || skipped > normal_text.size() - at - copied)
      damaged("an edit runs past its normal text");
    out.text += normal_text.substr(at, copied);
    at += copied + skipped;
    out.text += in.bytes(in.varint());
  }
  out.text += normal_text.substr(at);
  // Everything downstream (highlighting, JSON) needs valid UTF-8; a store
  // whose bytes were changed on disk may not give it.
  if (text::find_invalid_utf8(out.text) != std::string::npos || text::find_invalid_utf8(out.heading) != std::string::npos)
    damaged("its text is not valid UTF-8");
  return out;
}

}  // namespace zh::index
