// Subtitle parsing: SRT and WebVTT, the shapes real files come in, and the
// broken ones (issue 4).
#include <catch2/catch.hpp>

#include "common/error.h"
#include "ingest/ingest.h"
#include "ingest/subtitle.h"

using namespace zh::ingest;

namespace {

std::string all_text(const SubtitleText& s) {
  std::string out;
  for (const auto& b : s.blocks) out += b.text + "\n";
  return out;
}

bool has_warning(const std::vector<std::string>& warnings, std::string_view needle) {
  for (const auto& w : warnings)
    if (w.find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("parse_timestamp reads SRT and VTT forms", "[subtitle]") {
  struct Row {
    const char* text;
    std::optional<double> seconds;
  };
  const Row rows[] = {
      {"00:12:34,000", 754.0}, {"00:12:34.500", 754.5}, {"12:34.5", 754.5},  {"1:02:03.4", 3723.4},
      {"01:02:03,456", 3723.456}, {" 00:00:01,000 ", 1.0}, {"12", std::nullopt}, {"", std::nullopt},
      {"00:61:00,000", std::nullopt}, {"00:00:0", 0.0},     {"ab:cd", std::nullopt}, {"00:00:01,", std::nullopt},
  };
  for (const auto& r : rows) {
    INFO(r.text);
    const auto got = parse_timestamp(r.text);
    REQUIRE(got.has_value() == r.seconds.has_value());
    if (got) CHECK(*got == Approx(*r.seconds));
  }
}

TEST_CASE("SRT cues become blocks that keep their first cue's start time", "[subtitle]") {
  const std::string srt =
      "\xEF\xBB\xBF" "1\r\n00:00:01,000 --> 00:00:03,000\r\n<i>第一句话很短</i>\r\n\r\n"
      "2\r\n00:00:03,500 --> 00:00:06,000\r\n{\\an8}第二句话，说到这里还没有结束\r\n\r\n"
      "3\r\n00:00:06,500 --> 00:00:09,000\r\n这里是第三句，终于有了一个句号。\r\n\r\n";
  SubtitleLimits limits;
  limits.target_chars = 20;
  const SubtitleText s = parse_subtitles(srt, SubtitleFormat::Srt, limits);
  REQUIRE(s.blocks.size() == 1);
  CHECK(s.cues == 3);
  CHECK(s.blocks[0].start_time_seconds == Approx(1.0));
  // Tags and override codes are gone; CJK cues join without a gap, so a
  // phrase split across cues is still found.
  CHECK(s.blocks[0].text == "第一句话很短第二句话，说到这里还没有结束这里是第三句，终于有了一个句号。");
  CHECK(s.warnings.empty());
}

TEST_CASE("a block ends at a sentence end once it is long enough", "[subtitle]") {
  std::string srt;
  for (int i = 0; i < 6; ++i)
    srt += std::to_string(i + 1) + "\n00:00:" + (i < 5 ? "0" : "") + std::to_string(i * 2) + ",000 --> 00:00:59,000\n" +
           (i % 2 ? "这是一个完整的句子。" : "这句没有结束") + "\n\n";
  SubtitleLimits limits;
  limits.target_chars = 12;
  const SubtitleText s = parse_subtitles(srt, SubtitleFormat::Srt, limits);
  REQUIRE(s.blocks.size() == 3);
  CHECK(s.blocks[0].start_time_seconds == Approx(0));
  CHECK(s.blocks[1].start_time_seconds == Approx(4));
  CHECK(s.blocks[2].start_time_seconds == Approx(8));
  for (const auto& b : s.blocks) CHECK(b.text.ends_with("。"));
}

TEST_CASE("Latin cues join with a space", "[subtitle]") {
  const auto s = parse_subtitles("1\n00:00:01,000 --> 00:00:02,000\nHello\nworld\n\n2\n00:00:03,000 --> 00:00:04,000\nagain\n",
                                 SubtitleFormat::Srt);
  REQUIRE(s.blocks.size() == 1);
  CHECK(s.blocks[0].text == "Hello world again");
}

TEST_CASE("WebVTT: header, NOTE, STYLE, REGION, identifiers, settings, voice tags, entities", "[subtitle]") {
  const std::string vtt =
      "WEBVTT - 讲座\nKind: captions\n\n"
      "NOTE 这段注释不是字幕\n多行注释\n\n"
      "STYLE\n::cue { color: yellow }\n\n"
      "REGION\nid:fred width:40%\n\n"
      "intro-1\n00:01.000 --> 00:04.000 align:start position:10%\n<v 主持人>欢迎收听&amp;订阅</v>\n\n"
      "01:02:03.500 --> 01:02:08.000 line:0\n<c.yellow>水运仪象台</c><00:01:02.000>的擒纵机构\n";
  const SubtitleText s = parse_subtitles(vtt, SubtitleFormat::WebVtt);
  const std::string text = all_text(s);
  CHECK(text.find("注释") == std::string::npos);
  CHECK(text.find("yellow") == std::string::npos);
  CHECK(text.find("fred") == std::string::npos);
  CHECK(text.find("intro") == std::string::npos);
  CHECK(text.find("align") == std::string::npos);
  CHECK(text.find("主持人") == std::string::npos);
  CHECK(text.find("欢迎收听&订阅") != std::string::npos);
  CHECK(text.find("水运仪象台的擒纵机构") != std::string::npos);
  CHECK(s.blocks.front().start_time_seconds == Approx(1.0));
  CHECK(s.warnings.empty());
}

TEST_CASE("a truncated SRT keeps every complete cue and warns", "[subtitle][bad-input]") {
  const std::string full =
      "1\n00:00:01,000 --> 00:00:02,000\n完整的第一条字幕内容在这里。\n\n"
      "2\n00:00:03,000 --> 00:00:04,000\n完整的第二条字幕内容在这里。\n\n"
      "3\n00:00:05,000 --> 00:00:06,000\n第三条\n";
  SECTION("cut inside a timing line") {
    const auto s = parse_subtitles(full.substr(0, full.find("00:00:05,000") + 7), SubtitleFormat::Srt);
    CHECK(all_text(s).find("第二条") != std::string::npos);
    CHECK(has_warning(s.warnings, "truncated"));
  }
  SECTION("cut after a timing line") {
    const auto s = parse_subtitles(full.substr(0, full.find("第三条")), SubtitleFormat::Srt);
    CHECK(all_text(s).find("第二条") != std::string::npos);
    CHECK(has_warning(s.warnings, "truncated"));
  }
  SECTION("cut inside a cue number") {
    const auto s = parse_subtitles(full.substr(0, full.find("3\n00:00:05") + 1), SubtitleFormat::Srt);
    CHECK(all_text(s).find("第二条") != std::string::npos);
  }
}

TEST_CASE("timestamps out of order: warn, keep going, keep file order", "[subtitle][bad-input]") {
  const std::string srt =
      "1\n00:10:00,000 --> 00:10:02,000\n第一条。\n\n"
      "2\n00:00:05,000 --> 00:00:06,000\n第二条。\n\n"
      "3\n00:20:00,000 --> 00:20:02,000\n第三条。\n\n"
      "4\n00:01:00,000 --> 00:01:02,000\n第四条。\n\n";
  SubtitleLimits limits;
  limits.target_chars = 1;
  const auto s = parse_subtitles(srt, SubtitleFormat::Srt, limits);
  REQUIRE(s.blocks.size() == 4);
  CHECK(s.blocks[1].text == "第二条。");
  CHECK(s.blocks[1].start_time_seconds == Approx(5));
  CHECK(has_warning(s.warnings, "out of order"));
  CHECK(has_warning(s.warnings, "and 1 more"));
}

TEST_CASE("a subtitle file with no text is an InputError with a clear message", "[subtitle][bad-input]") {
  CHECK_THROWS_WITH(parse_subtitles("1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:03,000 --> 00:00:04,000\n<i></i>\n",
                                    SubtitleFormat::Srt),
                    Catch::Contains("no subtitle text"));
  CHECK_THROWS_AS(parse_subtitles("", SubtitleFormat::Srt), zh::InputError);
  CHECK_THROWS_WITH(parse_subtitles("WEBVTT\n\nNOTE only a note\n", SubtitleFormat::WebVtt),
                    Catch::Contains("no subtitle cues"));
}

TEST_CASE("a WEBVTT header without a blank line after it", "[subtitle]") {
  const auto s = parse_subtitles("WEBVTT\n00:00:01.000 --> 00:00:02.000\n紧跟在文件头后面的字幕\n", SubtitleFormat::WebVtt);
  CHECK(all_text(s) == "紧跟在文件头后面的字幕\n");
}

TEST_CASE("rolling captions do not repeat lines", "[subtitle]") {
  const auto s = parse_subtitles(
      "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n第一行字幕\n\n00:00:02.000 --> 00:00:03.000\n第一行字幕\n第二行字幕\n",
      SubtitleFormat::WebVtt);
  CHECK(all_text(s) == "第一行字幕第二行字幕\n");
}

TEST_CASE("parse_document: subtitles with sidecar front matter", "[subtitle][ingest]") {
  const std::string srt = "1\n00:12:34,000 --> 00:12:36,000\n潮汐车道让通行时间缩短了。\n";
  const Document doc = parse_document(srt, Format::Srt, "talk.srt", "talk",
                                      "title: 城市交通\nsource: https://youtu.be/abc\n");
  CHECK(doc.meta.title == "城市交通");
  CHECK(doc.meta.source == "https://youtu.be/abc");
  REQUIRE(doc.passages.size() == 1);
  REQUIRE(doc.passages[0].start_time_seconds.has_value());
  CHECK(*doc.passages[0].start_time_seconds == Approx(754));
  // The sidecar is part of the content hash: editing it re-indexes.
  CHECK(doc.content_hash != parse_document(srt, Format::Srt, "talk.srt", "talk").content_hash);
  CHECK(content_hash(srt) == parse_document(srt, Format::Srt, "talk.srt", "talk").content_hash);
}

TEST_CASE("format_of knows subtitles and HTML", "[ingest]") {
  CHECK(format_of("a.SRT") == Format::Srt);
  CHECK(format_of("a.vtt") == Format::WebVtt);
  CHECK(format_of("a.html") == Format::Html);
  CHECK(format_of("a.HTM") == Format::Html);
  CHECK(format_of("a.png") == Format::Unsupported);
}
