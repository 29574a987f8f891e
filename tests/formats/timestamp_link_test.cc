// Links from a subtitle hit to its moment in the video (issue 4).
#include <catch2/catch.hpp>

#include <limits>

#include "search/timestamp_link.h"

using zh::search::timestamp_link;

TEST_CASE("timestamp links: ?t= for YouTube/Bilibili, #t= elsewhere", "[timestamp]") {
  struct Row {
    const char* source;
    double seconds;
    const char* link;
  };
  const Row rows[] = {
      {"https://www.youtube.com/watch?v=abc", 754.9, "https://www.youtube.com/watch?v=abc&t=754"},
      {"https://youtu.be/abc", 754, "https://youtu.be/abc?t=754"},
      {"https://youtu.be/abc?t=10", 754, "https://youtu.be/abc?t=754"},
      {"https://m.youtube.com/watch?t=5&v=abc#frag", 60, "https://m.youtube.com/watch?v=abc&t=60"},
      {"https://www.bilibili.com/video/BV1xx411c7mD", 90, "https://www.bilibili.com/video/BV1xx411c7mD?t=90"},
      {"https://www.bilibili.com/video/BV1xx?p=2", 90, "https://www.bilibili.com/video/BV1xx?p=2&t=90"},
      {"https://b23.tv/xyz", 3, "https://b23.tv/xyz?t=3"},
      {"https://example.com/talk.mp4", 754, "https://example.com/talk.mp4#t=754"},
      {"https://example.com/talk.mp4#t=5", 754, "https://example.com/talk.mp4#t=754"},
      {"https://notyoutube.com/v", 1, "https://notyoutube.com/v#t=1"},
      {"HTTPS://WWW.YOUTUBE.COM/watch?v=A", 1, "HTTPS://WWW.YOUTUBE.COM/watch?v=A&t=1"},
      {"https://example.com/a", -3, "https://example.com/a#t=0"},
      {"notes/talk.md", 5, "notes/talk.md"},
      {"", 5, ""},
  };
  for (const auto& r : rows) {
    INFO(r.source);
    CHECK(timestamp_link(r.source, r.seconds) == r.link);
  }
}

// Issue 21: the page showed a cue at 65.6 s as ▶ 1:06 (rounded) and linked
// it to t=65 (rounded down). One rule now: rounded down, shown and linked.
TEST_CASE("timestamps: shown and linked at the same whole second", "[timestamp]") {
  using zh::search::clock_time;
  using zh::search::timestamp_second;
  struct Row {
    double seconds;
    long second;
    const char* clock;
    const char* padded;
  };
  const Row rows[] = {
      {65.6, 65, "1:05", "01:05"},         {65.0, 65, "1:05", "01:05"},       {0, 0, "0:00", "00:00"},
      {7.99, 7, "0:07", "00:07"},          {-3, 0, "0:00", "00:00"},          {3599.9, 3599, "59:59", "59:59"},
      {3600, 3600, "1:00:00", "1:00:00"},  {3723.4, 3723, "1:02:03", "1:02:03"},
      {std::numeric_limits<double>::quiet_NaN(), 0, "0:00", "00:00"},
  };
  for (const auto& r : rows) {
    INFO(r.seconds);
    CHECK(timestamp_second(r.seconds) == r.second);
    CHECK(clock_time(r.seconds) == r.clock);
    CHECK(clock_time(r.seconds, /*pad_minutes=*/true) == r.padded);
  }
  CHECK(timestamp_link("https://example.com/a.mp4", 65.6) == "https://example.com/a.mp4#t=65");
}
