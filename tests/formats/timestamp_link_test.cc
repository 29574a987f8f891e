// Links from a subtitle hit to its moment in the video (issue 4).
#include <catch2/catch.hpp>

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
