// Links to a moment in a video or audio source: what a subtitle hit's
// [12:34] points at. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace zh::search {

// The URL that opens `source` at `seconds` (whole seconds, rounded down;
// negative counts as 0). YouTube (youtube.com, youtu.be) and Bilibili
// (bilibili.com, b23.tv) links get a `t=SECONDS` query parameter, replacing
// any `t` already there; any other URL gets a `#t=SECONDS` media fragment,
// replacing its fragment. Gives `source` unchanged when it is not an
// http(s) URL, and "" when it is empty.
std::string timestamp_link(std::string_view source, double seconds);

}  // namespace zh::search
