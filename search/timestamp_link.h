// The moment a subtitle hit starts at, as shown (▶ 1:05, [01:05]) and as
// linked (t=65) by the CLI, the page and the API's "link". One rule for
// both: whole seconds, rounded down, so a cue at 65.6 s shows 1:05 and links
// t=65 (web/assets/app.js follows it for the JSON's "start_time", which
// carries the exact seconds). Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace zh::search {

// The whole second a cue at `seconds` is shown and linked at: rounded down;
// negative or NaN gives 0.
long timestamp_second(double seconds);

// timestamp_second(seconds) as a clock: "0:07", "1:05", "1:02:03" (hours
// only from one hour on). `pad_minutes` writes the minutes with two digits
// under an hour ("01:05"), as the CLI does.
std::string clock_time(double seconds, bool pad_minutes = false);

// The URL that opens `source` at timestamp_second(seconds). YouTube (youtube.com, youtu.be) and Bilibili
// (bilibili.com, b23.tv) links get a `t=SECONDS` query parameter, replacing
// any `t` already there; any other URL gets a `#t=SECONDS` media fragment,
// replacing its fragment. Gives `source` unchanged when it is not an
// http(s) URL, and "" when it is empty.
std::string timestamp_link(std::string_view source, double seconds);

}  // namespace zh::search
