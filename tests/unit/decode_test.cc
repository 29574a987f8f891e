#include <catch2/catch.hpp>

#include <unicode/ucnv.h>

#include "indexer/error.h"
#include "indexer/text/decode.h"

using zh::text::decode;

namespace {

// Real legacy bytes, made with ICU's own converter.
std::string encode_as(const char* charset, const std::string& utf8) {
  UErrorCode status = U_ZERO_ERROR;
  UConverter* conv = ucnv_open(charset, &status);
  REQUIRE(U_SUCCESS(status));
  std::string out(utf8.size() * 4 + 16, '\0');
  const int32_t n = ucnv_fromAlgorithmic(conv, UCNV_UTF8, out.data(), static_cast<int32_t>(out.size()), utf8.data(),
                                         static_cast<int32_t>(utf8.size()), &status);
  ucnv_close(conv);
  REQUIRE(U_SUCCESS(status));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

const std::string kSimplified =
    "二〇一六年，OpenAI还只是个十几人的小团队，围着一台旧机器。那时候没人知道大语言模型会火，产品也只是个模糊的想象。"
    "他们一开始就是在白板上乱画，试着让人工智能玩游戏、操控机械臂，完全是边走边看。";
const std::string kTraditional =
    "二零一六年，OpenAI還只是個十幾人的小團隊，圍著一台舊機器。那時候沒人知道大語言模型會火，產品也只是個模糊的想像。"
    "他們一開始就是在白板上亂畫，試著讓人工智慧玩遊戲、操控機械臂，完全是邊走邊看。";

}  // namespace

TEST_CASE("UTF-8 passes through; a BOM is dropped") {
  CHECK(decode("小团队").utf8 == "小团队");
  CHECK(decode("\xEF\xBB\xBF小团队").utf8 == "小团队");
  CHECK(decode("").utf8.empty());
}

TEST_CASE("UTF-16 with a BOM") {
  const auto d = decode(std::string("\xFF\xFE") + encode_as("UTF-16LE", "小团队 AI"));
  CHECK(d.encoding == "UTF-16LE");
  CHECK(d.utf8 == "小团队 AI");
}

TEST_CASE("GB18030 and Big5 are detected and converted") {
  const auto gb = decode(encode_as("GB18030", kSimplified));
  CHECK(gb.encoding == "GB18030");
  CHECK(gb.utf8 == kSimplified);
  const auto big5 = decode(encode_as("Big5", kTraditional));
  CHECK(big5.encoding == "Big5");
  CHECK(big5.utf8 == kTraditional);
}

TEST_CASE("a few invalid bytes in UTF-8 are replaced and reported with their offset") {
  const std::string bytes = kSimplified.substr(0, 30) + "\xFF" + kSimplified.substr(30);
  const auto d = decode(bytes);
  CHECK(d.encoding == "UTF-8");
  CHECK(d.invalid_count == 1);
  CHECK(d.first_invalid_offset == 30);
  CHECK(d.utf8.find("\xEF\xBF\xBD") == 30);
}

TEST_CASE("binary input is refused") {
  CHECK_THROWS_AS(decode("\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), zh::InputError);
  CHECK_THROWS_AS(decode(std::string("abc\0def", 7)), zh::InputError);
}

TEST_CASE("regression: short UTF-8 with bad bytes is not mistaken for Big5") {
  const auto d = decode("有效的文本。\xff\xfe坏字节之后还有文字。\n");
  CHECK(d.encoding == "UTF-8");
  CHECK(d.invalid_count == 2);
  CHECK(d.first_invalid_offset == 18);
}
