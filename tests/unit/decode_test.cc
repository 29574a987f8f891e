#include <catch2/catch.hpp>

#include <unicode/ucnv.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "common/error.h"
#include "text/decode.h"
#include "text/utf8.h"

using zh::text::decode;

namespace {

// Real legacy bytes, made with ICU's own converter. Fails the test when
// `utf8` has a character `charset` cannot represent.
std::string encode_as(const char* charset, const std::string& utf8) {
  UErrorCode status = U_ZERO_ERROR;
  UConverter* conv = ucnv_open(charset, &status);
  REQUIRE(U_SUCCESS(status));
  ucnv_setFromUCallBack(conv, UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
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

// Sentences for generated files: simplified ones fit GB2312, traditional
// ones Big5; some mix in Latin letters and digits.
const std::vector<std::string> kSimplifiedSentences = {
    "今天早上下了一场小雨，街道两旁的梧桐树叶被洗得发亮。",
    "我们在图书馆里找到了一本关于古代建筑的旧书，书页已经发黄。",
    "这个搜索引擎能在几毫秒之内找到包含关键词的段落。",
    "春节前后，火车站里挤满了回家过年的人，每个人都提着大包小包。",
    "研究人员发现，适量运动可以改善睡眠质量，也能让人心情变好。",
    "她把新买的绿茶放进冰箱，又给窗台上的花浇了水。",
    "长江是中国最长的河流，全长大约六千三百公里。",
    "会议推迟到下周三下午两点，请大家提前准备好材料。",
    "如果明天天气好，我们就去山上看日出，顺便拍几张照片。",
    "这家小饭馆的牛肉面味道很好，价格也不贵，每天中午都排长队。",
    "孩子们在操场上踢足球，老师站在一旁吹着哨子。",
    "程序员用Python写了一个脚本，把三千份文件转换成UTF-8编码。",
    "版本2.5修复了内存泄漏的问题，并且把索引速度提高了百分之四十。",
    "小团队用GPT-4做了一个插件，“人工智能”成了大家每天都讨论的话题。",
};
const std::vector<std::string> kTraditionalSentences = {
    "今天早上下了一場小雨，街道兩旁的梧桐樹葉被洗得發亮。",
    "我們在圖書館裡找到了一本關於古代建築的舊書，書頁已經發黃。",
    "這個搜尋引擎能在幾毫秒之內找到包含關鍵詞的段落。",
    "春節前後，火車站裡擠滿了回家過年的人，每個人都提著大包小包。",
    "研究人員發現，適量運動可以改善睡眠品質，也能讓人心情變好。",
    "她把新買的綠茶放進冰箱，又給窗臺上的花澆了水。",
    "阿里山森林鐵路建於日治時期，全長七十一公里。",
    "會議延到下週三下午兩點，請大家提前準備好資料。",
    "程式設計師用Python寫了一個腳本，把三千份檔案轉換成UTF-8編碼。",
    "這家小館子的牛肉麵味道很好，價格也不貴，每天中午都排長隊。",
};
// In GBK but not in GB2312 (names and rarer characters).
const std::vector<std::string> kGbkOnlyWords = {"朱镕基", "陶喆", "张堃", "李玥", "旭日东昇", "瞭望塔", "啰嗦", "犇"};
// Outside GBK: GB18030 writes them as four-byte sequences.
const std::vector<std::string> kGb18030OnlyWords = {"𠮷野家", "😀", "䶮", "𠀀"};

// Fixed-seed randomness that does not depend on the standard library's
// distributions, so every platform generates the same files.
class Rng {
 public:
  explicit Rng(std::uint32_t seed) : gen_(seed) {}
  std::size_t below(std::size_t n) { return gen_() % n; }
  std::size_t between(std::size_t lo, std::size_t hi) { return lo + below(hi - lo + 1); }

 private:
  std::mt19937 gen_;
};

std::vector<std::string> code_points(const std::string& utf8) {
  std::vector<std::string> out;
  for (std::size_t pos = 0; pos < utf8.size();) {
    const std::size_t begin = pos;
    zh::text::next_code_point(utf8, pos);
    out.push_back(utf8.substr(begin, pos - begin));
  }
  return out;
}

// `chars` code points of running text from `sentences`, starting anywhere
// in a random sentence, with `extra` words mixed in between sentences.
std::vector<std::string> sample_text(Rng& rng, const std::vector<std::string>& sentences, std::size_t chars,
                                     const std::vector<std::string>& extra = {}) {
  std::vector<std::string> text;
  while (text.size() < chars + 40) {
    for (auto& c : code_points(sentences[rng.below(sentences.size())])) text.push_back(std::move(c));
    if (!extra.empty() && rng.below(2) == 0)
      for (auto& c : code_points(extra[rng.below(extra.size())])) text.push_back(std::move(c));
  }
  const std::size_t from = rng.below(40);
  return {text.begin() + static_cast<std::ptrdiff_t>(from), text.begin() + static_cast<std::ptrdiff_t>(from + chars)};
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += p;
  return out;
}

struct DecodeCase {
  std::string name;
  std::string bytes;
  std::string encoding;           // expected
  std::string utf8;               // expected
  std::size_t invalid_count = 0;  // expected
  std::size_t first_invalid_offset = std::string_view::npos;
  std::vector<std::string> runs;  // valid UTF-8 between bad bytes: each must come through intact
};

// Bad bytes a damaged UTF-8 file may hold. Each byte is one U+FFFD.
// `incomplete` ones would join a following continuation byte.
struct BadBytes {
  std::string bytes;
  bool incomplete;
};

BadBytes random_bad_bytes(Rng& rng, std::size_t max_bytes, bool after_incomplete) {
  for (;;) {
    BadBytes b;
    switch (rng.below(6)) {
      case 0: b = {"\xFF", false}; break;
      case 1: b = {"\xFE", false}; break;
      case 2: b = {"\xC3", true}; break;
      case 3: b = {std::string(1, static_cast<char>(0x80 + rng.below(0x40))), false}; break;  // lone continuation
      case 4: b = {"\xE4\xB8", true}; break;  // 中 cut after two bytes
      default: b = {std::string(1, static_cast<char>(0xE4 + rng.below(6))), true}; break;  // a lone 3-byte lead
    }
    const bool continuation = (static_cast<unsigned char>(b.bytes[0]) & 0xC0) == 0x80;
    if (b.bytes.size() <= max_bytes && !(after_incomplete && continuation)) return b;
  }
}

// `text` with `bad_bytes` invalid bytes inserted at random character
// boundaries (never first, so they cannot form a UTF-16 BOM), optionally
// after a UTF-8 BOM, with what decode() must make of it.
DecodeCase damaged_utf8(Rng& rng, const std::string& name, const std::vector<std::string>& text,
                        std::size_t bad_bytes, bool bom) {
  std::vector<std::string> inserts(text.size() + 1);
  std::vector<bool> incomplete(text.size() + 1, false);
  for (std::size_t left = bad_bytes; left > 0;) {
    const std::size_t at = rng.between(1, text.size());
    const BadBytes b = random_bad_bytes(rng, left, incomplete[at]);
    inserts[at] += b.bytes;
    incomplete[at] = b.incomplete;
    left -= b.bytes.size();
  }
  DecodeCase c;
  c.name = name + " (" + std::to_string(text.size()) + " chars, " + std::to_string(bad_bytes) + " bad bytes" +
           (bom ? ", BOM)" : ")");
  c.encoding = "UTF-8";
  c.invalid_count = bad_bytes;
  if (bom) c.bytes = "\xEF\xBB\xBF";
  std::string run;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (!inserts[i].empty()) {
      if (c.first_invalid_offset == std::string_view::npos) c.first_invalid_offset = c.bytes.size();
      if (!run.empty()) c.runs.push_back(run);
      run.clear();
      c.bytes += inserts[i];
      for (std::size_t k = 0; k < inserts[i].size(); ++k) c.utf8 += "\xEF\xBF\xBD";
    }
    if (i < text.size()) {
      c.bytes += text[i];
      c.utf8 += text[i];
      run += text[i];
    }
  }
  if (!run.empty()) c.runs.push_back(run);
  return c;
}

DecodeCase legacy(const std::string& name, const char* charset, const char* expected_encoding,
                  const std::string& text) {
  DecodeCase c;
  c.name = name + " (" + std::to_string(code_points(text).size()) + " chars)";
  c.bytes = encode_as(charset, text);
  c.encoding = expected_encoding;
  c.utf8 = text;
  return c;
}

std::vector<DecodeCase> generated_cases() {
  Rng rng(20);  // issue 20
  std::vector<DecodeCase> cases;
  // Damaged UTF-8: short (a handful of characters), medium and long.
  for (int i = 0; i < 80; ++i)
    cases.push_back(damaged_utf8(rng, "damaged short " + std::to_string(i),
                                 sample_text(rng, kSimplifiedSentences, rng.between(4, 12)), rng.between(1, 3),
                                 i % 4 == 3));
  for (int i = 0; i < 80; ++i)
    cases.push_back(damaged_utf8(rng, "damaged medium " + std::to_string(i),
                                 sample_text(rng, i % 2 ? kTraditionalSentences : kSimplifiedSentences,
                                             rng.between(13, 300)),
                                 rng.between(1, 5), i % 4 == 3));
  for (int i = 0; i < 20; ++i)
    cases.push_back(damaged_utf8(rng, "damaged long " + std::to_string(i),
                                 sample_text(rng, kSimplifiedSentences, rng.between(1000, 5000), kGb18030OnlyWords),
                                 rng.between(1, 5), i % 4 == 3));
  // Legacy charsets, written by ICU: short and long.
  for (int i = 0; i < 10; ++i) {
    const bool is_long = i >= 6;
    const std::size_t chars = is_long ? rng.between(1000, 4000) : rng.between(8, 60);
    const std::string tag = (is_long ? " long " : " short ") + std::to_string(i);
    cases.push_back(legacy("GB18030" + tag, "GB18030", "GB18030",
                           join(sample_text(rng, kSimplifiedSentences, chars, kGb18030OnlyWords))));
    cases.push_back(legacy("GBK" + tag, "GBK", "GB18030",
                           join(sample_text(rng, kSimplifiedSentences, chars, kGbkOnlyWords))));
    cases.push_back(legacy("Big5" + tag, "Big5", "Big5", join(sample_text(rng, kTraditionalSentences, chars))));
  }
  // UTF-16 with a BOM.
  for (int i = 0; i < 6; ++i) {
    const std::string text = join(sample_text(rng, kSimplifiedSentences, i < 3 ? rng.between(2, 12) : 3000));
    const bool le = i % 2 == 0;
    DecodeCase c;
    c.name = std::string(le ? "UTF-16LE " : "UTF-16BE ") + std::to_string(i);
    c.bytes = (le ? std::string("\xFF\xFE") : std::string("\xFE\xFF")) + encode_as(le ? "UTF-16LE" : "UTF-16BE", text);
    c.encoding = le ? "UTF-16LE" : "UTF-16BE";
    c.utf8 = text;
    cases.push_back(std::move(c));
  }
  return cases;
}

// What is wrong with decoding `c`, or "" when nothing is.
std::string check_case(const DecodeCase& c) {
  const auto d = decode(c.bytes);
  std::string wrong;
  if (d.encoding != c.encoding) wrong += " encoding " + d.encoding + ", not " + c.encoding + ";";
  if (d.utf8 != c.utf8) wrong += " text differs;";
  for (const auto& run : c.runs)
    if (d.utf8.find(run) == std::string::npos) {
      wrong += " a valid run is not intact;";
      break;
    }
  if (d.invalid_count != c.invalid_count)
    wrong += " invalid_count " + std::to_string(d.invalid_count) + ", not " + std::to_string(c.invalid_count) + ";";
  if (d.first_invalid_offset != c.first_invalid_offset)
    wrong += " first_invalid_offset " + std::to_string(d.first_invalid_offset) + ", not " +
             std::to_string(c.first_invalid_offset) + ";";
  return wrong.empty() ? "" : c.name + ":" + wrong;
}

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

TEST_CASE("regression: issue 20 item 3, 118 bytes of UTF-8 with \\xff\\xfe\\xc3 in the middle stay UTF-8") {
  // 32 CJK characters; read as GB18030 these bytes need only 2 replacements.
  const std::string before = "# 版本2.5\n\n修复了内存泄漏的问题，并";
  const std::string after = "且把索引速度提高了百分之四十。\n测试：Xapian 1.4\n";
  const std::string bytes = before + "\xFF\xFE\xC3" + after;
  REQUIRE(bytes.size() == 118);
  const auto d = decode(bytes);
  CHECK(d.encoding == "UTF-8");
  CHECK(d.utf8 == before + "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" + after);
  CHECK(d.invalid_count == 3);
  CHECK(d.first_invalid_offset == before.size());
}

TEST_CASE("the offset of the first invalid byte counts a UTF-8 BOM") {
  const auto d = decode("\xEF\xBB\xBF有效的文本。\xFF之后还有文字。");
  CHECK(d.encoding == "UTF-8");
  CHECK(d.invalid_count == 1);
  CHECK(d.first_invalid_offset == 3 + 18);
}

TEST_CASE("decode table: damaged UTF-8 stays UTF-8, legacy charsets are recognized") {
  const std::vector<DecodeCase> cases = generated_cases();
  REQUIRE(cases.size() >= 200);
  std::vector<std::string> failures;
  for (const auto& c : cases)
    if (std::string wrong = check_case(c); !wrong.empty()) failures.push_back(std::move(wrong));
  std::string shown;
  for (std::size_t i = 0; i < failures.size() && i < 40; ++i) shown += "\n  " + failures[i];
  INFO(failures.size() << " of " << cases.size() << " cases fail:" << shown);
  CHECK(failures.empty());
}
