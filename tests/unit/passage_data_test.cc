// A passage's stored data (index/passage_data.h): edits against the
// normal text give back exactly the text as written; damaged data or a
// mismatched normal text is an IndexError, never a read out of bounds.
#include <catch2/catch.hpp>

#include <string>

#include "common/error.h"
#include "text/normalizer.h"
#include "index/passage_data.h"
#include "index/schema.h"

using namespace zh;

namespace {

ingest::Passage passage(std::string context, std::string heading, std::string text) {
  ingest::Passage p;
  p.context = std::move(context);
  p.heading = std::move(heading);
  p.text = std::move(text);
  return p;
}

}  // namespace

TEST_CASE("passage data: every kind of change normalization makes comes back as written") {
  const std::string texts[] = {
      "",
      "小团队用GPT-3做了一个产品，红杉资本投了钱。",  // full-width comma, capitals
      "著名的團隊用ＧＰＴ－３做了DALL·E",              // traditional, full-width Latin
      "soft\u00ADhyphen and ﬁne ligatures",         // a fold to nothing, a fold to two letters
      "ＡＢＣ",                                      // every character changed
      "已经是规范形式的文字",                          // nothing changed
      "emoji 😀 and tabs\tand\nnewlines\r\n",
  };
  for (const auto& text : texts) {
    for (const auto& context : {std::string(), std::string("标题：ChatGPT\n第二行")}) {
      INFO("text: " << text << " / context: " << context);
      const ingest::Passage p = passage(context, "第一章 ＡＩ", text);
      const index::PassageData data = index::encode_passage_data(p);
      CHECK(data.normal_text == text::normalize(index::schema::searchable_text(p.context, p.text)));
      const index::ShownPassage shown = index::decode_shown_passage(data.data, data.normal_text);
      CHECK(shown.text == text);
      CHECK(shown.heading == "第一章 ＡＩ");
    }
  }
}

TEST_CASE("passage data: text already in normal form costs a few bytes, not a second copy") {
  const std::string text = "已经是规范形式的文字，只有一个全角逗号";
  const index::PassageData data = index::encode_passage_data(passage("", "", text));
  CHECK(data.data.size() < 12);
  CHECK(index::decode_shown_passage(data.data, data.normal_text).text == text);
}

TEST_CASE("passage data: data of an older layout (the whole passage, before schema 7) is an IndexError") {
  // context, heading and text joined by U+001E, as schema 6 stored them
  CHECK_THROWS_AS(index::decode_shown_passage("上下文\x1e标题\x1e正文ＡＢＣ", "上下文\n正文abc"), IndexError);
  CHECK_THROWS_AS(index::decode_shown_passage("", ""), IndexError);
}

TEST_CASE("passage data: damaged data or another passage's normal text is an IndexError") {
  const index::PassageData data = index::encode_passage_data(passage("上下文", "标题", "ＡＢＣ和ＤＥＦ，结束。"));
  SECTION("cut short anywhere") {
    for (std::size_t n = 1; n < data.data.size(); ++n) {
      INFO("cut at " << n);
      try {
        const auto shown = index::decode_shown_passage(data.data.substr(0, n), data.normal_text);
        CHECK(shown.text != "ＡＢＣ和ＤＥＦ，结束。");  // a cut between edits gives a wrong text, not a crash
      } catch (const IndexError& e) {
        CHECK(std::string(e.what()).find("--rebuild") != std::string::npos);
      }
    }
  }
  SECTION("a normal text too short for the edits") {
    CHECK_THROWS_AS(index::decode_shown_passage(data.data, "abc"), IndexError);
    CHECK_THROWS_AS(index::decode_shown_passage(data.data, ""), IndexError);
  }
  SECTION("a number that never ends") {
    CHECK_THROWS_AS(index::decode_shown_passage(std::string("\xff") + std::string(20, '\x80'), "abc"), IndexError);
  }
}
