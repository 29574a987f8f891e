#include "index/schema.h"

#include "common/error.h"
#include "text/normalizer.h"
#include "text/utf8.h"

namespace zh::index::schema {
namespace {

std::string prefixed(std::string_view prefix, std::string_view value) {
  std::string term(prefix);
  term += value;
  if (term.size() > kMaxTermBytes) term.resize(kMaxTermBytes);
  return term;
}

}  // namespace

std::string term_for(const text::Token& token) {
  std::string_view prefix;
  switch (token.kind) {
    case text::TokenKind::Word: prefix = ""; break;
    case text::TokenKind::Char: prefix = kPrefixChar; break;
    case text::TokenKind::Pair: prefix = kPrefixPair; break;
  }
  if (prefix.size() + token.text.size() > kMaxTermBytes) return "";
  std::string term(prefix);
  term += token.text;
  return term;
}

std::string document_term(std::string_view key) { return prefixed(kPrefixDocument, key); }
std::string tag_term(std::string_view tag) { return prefixed(kPrefixTag, text::normalize(tag)); }
std::string author_term(std::string_view author) { return prefixed(kPrefixAuthor, text::normalize(author)); }
std::string year_term(std::string_view year) { return prefixed(kPrefixYear, year.substr(0, 4)); }

std::string encode_labels(std::string_view title, std::string_view heading) {
  if (title.empty() && heading.empty()) return {};
  auto label = [](std::string_view s) { return std::string(text::utf8_prefix(text::normalize(s), kMaxLabelBytes)); };
  return label(title) + '\n' + label(heading);
}

Labels decode_labels(std::string_view value) {
  const auto newline = value.find('\n');
  if (newline == std::string_view::npos) return {std::string(value), {}};
  return {std::string(value.substr(0, newline)), std::string(value.substr(newline + 1))};
}

std::string searchable_text(std::string_view context, std::string_view text) {
  if (context.empty()) return std::string(text);
  std::string out(context);
  out += '\n';
  out += text;
  return out;
}

std::string encode_record(const DocumentRecord& r) {
  nlohmann::json j = {
      {"key", r.key}, {"path", r.path}, {"hash", r.content_hash}, {"encoding", r.encoding},
      {"passages", r.passages}, {"title", r.meta.title}, {"source", r.meta.source},
      {"author", r.meta.author}, {"date", r.meta.date}, {"description", r.meta.description},
      {"language", r.meta.language},
      {"tags", r.meta.tags},
  };
  return j.dump();
}

DocumentRecord decode_record(std::string_view json) {
  try {
    const auto j = nlohmann::json::parse(json);
    DocumentRecord r;
    r.key = j.value("key", "");
    r.path = j.value("path", "");
    r.content_hash = j.value("hash", "");
    r.encoding = j.value("encoding", "");
    r.passages = j.value("passages", std::size_t{0});
    r.meta.title = j.value("title", "");
    r.meta.source = j.value("source", "");
    r.meta.author = j.value("author", "");
    r.meta.date = j.value("date", "");
    r.meta.description = j.value("description", "");
    r.meta.language = j.value("language", "");
    r.meta.tags = j.value("tags", std::vector<std::string>{});
    return r;
  } catch (const nlohmann::json::exception& e) {
    throw IndexError(std::string("corrupt document record in the index: ") + e.what());
  }
}

std::string encode_skipped(const SkippedFile& s) {
  return nlohmann::json{{"path", s.path}, {"hash", s.content_hash}, {"message", s.message}}.dump();
}

SkippedFile decode_skipped(std::string_view json) {
  try {
    const auto j = nlohmann::json::parse(json);
    return {j.value("path", ""), j.value("hash", ""), j.value("message", "")};
  } catch (const nlohmann::json::exception& e) {
    throw IndexError(std::string("a skipped-file record in the index is damaged: ") + e.what());
  }
}

}  // namespace zh::index::schema
