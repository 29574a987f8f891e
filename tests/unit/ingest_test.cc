#include <catch2/catch.hpp>

#include "ingest/front_matter.h"
#include "ingest/ingest.h"
#include "ingest/markdown.h"
#include "ingest/passage_splitter.h"
#include "text/utf8.h"

using namespace zh::ingest;

TEST_CASE("front matter: title, source, author list, created, tag string") {
  const std::string text =
      "---\ntitle: \"Sam 说\"\nsource: \"https://x.com/a\"\nauthor:\n  - \"[[@App]]\"\ncreated: 2025-05-15\n"
      "tags:\n  - \"@App #AI #人工智能\"\n---\nbody";
  const auto split = split_front_matter(text);
  CHECK(split.body == "body");
  DocumentMeta meta;
  std::vector<std::string> warnings;
  parse_front_matter(split.yaml, meta, warnings);
  CHECK(warnings.empty());
  CHECK(meta.title == "Sam 说");
  CHECK(meta.source == "https://x.com/a");
  CHECK(meta.author == "@App");
  CHECK(meta.date == "2025-05-15");
  CHECK(meta.tags == std::vector<std::string>{"AI", "人工智能"});
}

TEST_CASE("malformed front matter is a warning, not a failure") {
  DocumentMeta meta;
  std::vector<std::string> warnings;
  parse_front_matter("title: [unclosed", meta, warnings);
  CHECK(warnings.size() == 1);
  CHECK(meta.title.empty());
}

// Issue 7 (found by the front-matter fuzzer): yaml-cpp's message quoted one
// byte of a multi-byte character, so the warning was invalid UTF-8 (and
// the JSON report of `index --json` could not be written). Escapes that
// spell a lone surrogate are refused by yaml-cpp: a warning too.
TEST_CASE("regression: front matter warnings and values are valid UTF-8") {
  DocumentMeta meta;
  std::vector<std::string> warnings;
  parse_front_matter("title: \"\\\xe6\xa0\x87\"", meta, warnings);
  REQUIRE(warnings.size() == 1);
  CHECK(zh::text::find_invalid_utf8(warnings[0]) == std::string::npos);
  warnings.clear();
  // Issue 21: the loop over meta.tags ran zero times (yaml-cpp refuses the
  // escape, so no tag is set) and nothing looked at the warning.
  parse_front_matter("title: \"a\\ud800b\"\ntags: [\"\\udfff\"]", meta, warnings);
  REQUIRE(warnings.size() == 1);
  CHECK(zh::text::find_invalid_utf8(warnings[0]) == std::string::npos);
  CHECK(meta.title.empty());
  CHECK(meta.tags.empty());
}

TEST_CASE("regression: front matter holding a NUL byte gives valid UTF-8 metadata") {
  DocumentMeta meta;
  std::vector<std::string> warnings;
  parse_front_matter(std::string("title: ;;\xef\xbf\xbd\0__", 15), meta, warnings);
  CHECK(!meta.title.empty());
  CHECK(zh::text::find_invalid_utf8(meta.title) == std::string::npos);
}

// Issue 7 (found by the subtitle and HTML fuzzers): a warning quoting the
// first 40 bytes of a bad timing line, and a <meta name=date> cut to 10
// bytes, could end inside a character.
TEST_CASE("regression: quoted and cut input never ends inside a character") {
  CHECK(zh::text::utf8_prefix("2025-03-\xe4\xb8\xad", 10) == "2025-03-");
  CHECK(zh::text::utf8_prefix("abc", 10) == "abc");
  CHECK(zh::text::utf8_prefix("\xe4\xb8\xad", 0) == "");
  const std::string srt = "1\n00:00:01,000 --> 00:00:02,000\n你好\n\n2\n我们会从浑仪和简仪的结构讲起呀 --> 00:00:05,000\n世界\n";
  const Document subs = parse_document(srt, Format::Srt, "a.srt", "a");
  REQUIRE(!subs.warnings.empty());
  for (const auto& w : subs.warnings) CHECK(zh::text::find_invalid_utf8(w) == std::string::npos);
  const Document html =
      parse_document("<html><head><meta name=\"date\" content=\"2025-03-\xe4\xb8\xad\"></head><body><p>正文</p></body></html>",
                     Format::Html, "a.html", "a");
  CHECK(html.meta.date == "2025-03-");
}

TEST_CASE("Markdown markup is stripped from passage text") {
  const auto md = parse_markdown("# 标题\n\n**DALL-E** 和 \\*\\*转义\\*\\* [链接](https://example.com) > 不是引用\n\n> 引用的话\n");
  REQUIRE(md.blocks.size() == 3);
  CHECK(md.first_h1 == "标题");
  CHECK(md.blocks[0].is_heading);
  CHECK(md.blocks[1].text == "DALL-E 和 转义 链接 > 不是引用");
  CHECK(md.blocks[2].text == "引用的话");
}

TEST_CASE("raw HTML in Markdown stays literal text") {
  const auto md = parse_markdown("文本 <script>alert(1)</script> 完\n");
  REQUIRE(md.blocks.size() == 1);
  CHECK(md.blocks[0].text == "文本 <script>alert(1)</script> 完");
}

TEST_CASE("long paragraphs split at sentence ends, never inside a run") {
  std::string para;
  for (int i = 0; i < 40; ++i) para += "这是第一个很长的句子。";
  const auto passages = split_passages({TextBlock{false, para, std::nullopt}}, "");
  REQUIRE(passages.size() > 1);
  std::string joined;
  for (const auto& p : passages) {
    CHECK(zh::text::count_code_points(p.text) <= 400);
    CHECK(p.text.ends_with("。"));
    joined += p.text;
  }
  CHECK(joined == para);
}

TEST_CASE("short paragraphs merge; implicit headings of a transcript are found") {
  const std::vector<TextBlock> blocks = {
      {false, "团队哲学：小团队，大责任", std::nullopt},
      {false, "OpenAI现在很大，但Sam始终坚持小团队、大责任。他反复强调，扩张不是为了养更多人，而是要让每个人都能做实事。", std::nullopt},
      {false, "短句。", std::nullopt},
  };
  const auto passages = split_passages(blocks, "标题");
  REQUIRE(passages.size() == 1);
  CHECK(passages[0].heading == "团队哲学：小团队，大责任");
  CHECK(passages[0].text.ends_with("\n短句。"));
  CHECK(passages[0].context == "标题\n团队哲学：小团队，大责任");
}

TEST_CASE("parse_document: plain text, empty input, title fallback") {
  const auto empty = parse_document("", Format::PlainText, "e.txt", "e");
  CHECK(empty.passages.empty());  // a title from the file name is not text
  CHECK(empty.meta.title == "e");
  const auto doc = parse_document("第一段。\n\n第二段。", Format::PlainText, "a.txt", "a");
  REQUIRE(doc.passages.size() == 1);
  CHECK(doc.passages[0].text == "第一段。\n第二段。");
}

TEST_CASE("regression: bold next to CJK punctuation leaves no asterisks") {
  const auto md = parse_markdown("预示着**通用人工智能(AGI)**的到来，\\*\\*DALL-E，单个*星号*和a*b保留\n");
  REQUIRE(md.blocks.size() == 1);
  CHECK(md.blocks[0].text == "预示着通用人工智能(AGI)的到来，DALL-E，单个星号和a*b保留");
}

TEST_CASE("front matter values a reader sees are searchable with the first passage") {
  const std::string md =
      "---\ntitle: 标题\nsource: \"https://x.com/AppSail/status/1\"\nauthor: 某人\n"
      "tags:\n  - \"#AI #OpenAI #人工智能\"\n---\n\n第一段正文。\n\n# 第二节\n\n第二段正文。\n";
  const Document doc = parse_document(md, Format::Markdown, "a.md", "a");
  REQUIRE(doc.passages.size() == 2);  // the heading starts the second: the loop below runs
  const std::string& context = doc.passages.front().context;
  CHECK(context.find("标题") != std::string::npos);
  CHECK(context.find("OpenAI") != std::string::npos);  // tags are stored without their #
  CHECK(context.find("某人") != std::string::npos);
  CHECK(context.find("https://x.com/AppSail/status/1") != std::string::npos);
  CHECK(doc.passages.front().text.find("OpenAI") == std::string::npos);  // shown text unchanged
  for (std::size_t i = 1; i < doc.passages.size(); ++i) CHECK(doc.passages[i].context.find("OpenAI") == std::string::npos);
}
