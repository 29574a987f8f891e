// Fuzz target: YAML front matter. The input is taken as a whole Markdown
// file (split off the front matter) and as bare YAML. Checks the split
// views lie in the text, the metadata is valid UTF-8, filter terms can be
// made from it and the document record survives encode/decode.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/front_matter.h"
#include "text/utf8.h"
#include "index/schema.h"
#include "tests/fuzz/fuzz_check.h"

using namespace zh;

namespace {

void check_meta(const std::string& yaml) {
  ingest::Document doc;
  parse_front_matter(yaml, doc.meta, doc.warnings);
  for (const auto& t : doc.meta.tags) (void)index::schema::tag_term(t);
  if (!doc.meta.author.empty()) (void)index::schema::author_term(doc.meta.author);
  fuzz::check_document(doc);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The pipeline decodes before parsing: the parsers only ever see valid UTF-8.
  const std::string text = text::repair_utf8(std::string_view(reinterpret_cast<const char*>(data), size));
  const ingest::FrontMatterSplit split = ingest::split_front_matter(text);
  const char* const begin = text.data();
  const char* const end = text.data() + text.size();
  fuzz::check(split.body.data() >= begin && split.body.data() + split.body.size() == end,
              "the body is not the end of the text");
  fuzz::check(split.yaml.empty() || (split.yaml.data() > begin && split.yaml.data() + split.yaml.size() <= end),
              "the front matter is not inside the text");
  check_meta(std::string(split.yaml));
  check_meta(text);
  return 0;
}
