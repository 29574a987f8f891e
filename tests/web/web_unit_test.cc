// Unit tests of the web layer's pure parts: escaping and highlighting,
// request validation, CORS matching, the error mapping, the search gate and
// the engine pool (on a real index in a temporary folder). Tables of input
// against expected output, boundaries included.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "web/cors.h"
#include "web/html.h"
#include "web/http_error.h"
#include "web/passage_links.h"
#include "web/request_params.h"
#include "web/search_gate.h"
#include "web/engine_pool.h"
#include "common/error.h"
#include "indexer/indexing_run.h"

#include <filesystem>
#include <fstream>
#include <random>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

using namespace zh::web;
using zh::search::Span;

TEST_CASE("escape_html escapes the five special characters") {
  const std::pair<std::string, std::string> rows[] = {
      {"", ""},
      {"小团队", "小团队"},
      {"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
      {"\"><img src=x onerror=alert(1)>", "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"},
      {"a & b 'c'", "a &amp; b &#39;c&#39;"},
  };
  for (const auto& [in, want] : rows) CHECK(escape_html(in) == want);
}

TEST_CASE("highlighted_html marks spans and escapes every piece") {
  const std::string text = "<b>小团队</b>&小团队";  // 小团队 at bytes 3..12 and 17..26
  CHECK(highlighted_html(text, {}) == "&lt;b&gt;小团队&lt;/b&gt;&amp;小团队");
  CHECK(highlighted_html(text, {Span{3, 12}, Span{17, 26}}) ==
        "&lt;b&gt;<mark>小团队</mark>&lt;/b&gt;&amp;<mark>小团队</mark>");
  // A span inside a mark-worthy character is widened to whole code points.
  CHECK(highlighted_html(text, {Span{4, 11}}) == "&lt;b&gt;<mark>小团队</mark>&lt;/b&gt;&amp;小团队");
  // Out of bounds, empty and out-of-order spans are skipped.
  CHECK(highlighted_html(text, {Span{17, 26}, Span{3, 12}}) == "&lt;b&gt;小团队&lt;/b&gt;&amp;<mark>小团队</mark>");
  CHECK(highlighted_html(text, {Span{5, 5}, Span{20, 400}}) == "&lt;b&gt;小团队&lt;/b&gt;&amp;小团队");
  // Markup inside a highlight is escaped too.
  CHECK(highlighted_html("a<i>b", {Span{0, 5}}) == "<mark>a&lt;i&gt;b</mark>");
}

TEST_CASE("is_web_url accepts only http and https") {
  CHECK(is_web_url("https://x.com/a?b=1"));
  CHECK(is_web_url("HTTP://example.com"));
  CHECK_FALSE(is_web_url("javascript:alert(1)"));
  CHECK_FALSE(is_web_url(" https://x.com"));
  CHECK_FALSE(is_web_url("https://x.com/a b"));
  CHECK_FALSE(is_web_url("https://"));
  CHECK_FALSE(is_web_url("data:text/html,<b>"));
  CHECK_FALSE(is_web_url("//x.com"));
}

TEST_CASE("url_encode keeps unreserved characters only") {
  CHECK(url_encode("小 a&b=c") == "%E5%B0%8F%20a%26b%3Dc");
  CHECK(url_encode("A-z_0.9~") == "A-z_0.9~");
}

TEST_CASE("document_url encodes each segment of the key (issue 22)") {
  CHECK(document_url("talks/2025.md") == "/doc/talks/2025.md");
  CHECK(document_url("talks/2025.md", "", 3u) == "/doc/talks/2025.md#p-3");
  CHECK(document_url("笔记/a b?#.md", "小团队", 0u) ==
        "/doc/%E7%AC%94%E8%AE%B0/a%20b%3F%23.md?q=%E5%B0%8F%E5%9B%A2%E9%98%9F#p-0");
  CHECK(passage_anchor(12) == "p-12");
}

TEST_CASE("text_fragment: the passage's first words, up to punctuation, encoded (issue 22)") {
  const std::pair<std::string, std::string> rows[] = {
      {"", ""},
      {"   ", ""},
      {"小团队，大责任。", "%E5%B0%8F%E5%9B%A2%E9%98%9F"},
      {"GPT-3 is here, now", "GPT%2D3%20is%20here"},
      {"a&b", "a%26b"},
      {"line one\nline two", "line%20one"},
      // 24 code points at most; a Latin word cut there goes back to the last space.
      {"alpha beta gamma delta epsilon", "alpha%20beta%20gamma%20delta"},
  };
  for (const auto& [in, want] : rows) CHECK(text_fragment(in) == want);
  // 25 Han characters: the first 24 are kept.
  std::string han;
  for (int i = 0; i < 25; ++i) han += "字";
  CHECK(text_fragment(han) == url_encode(han.substr(0, 24 * 3)));
}

TEST_CASE("passage_link: the source at the passage (issue 22)") {
  CHECK(passage_link("", std::nullopt, "x") == "");
  CHECK(passage_link("javascript:alert(1)", std::nullopt, "x") == "");
  CHECK(passage_link("notes/a.md", std::nullopt, "x") == "");
  CHECK(passage_link("https://e.com/a", std::nullopt, "小团队。") == "https://e.com/a#:~:text=%E5%B0%8F%E5%9B%A2%E9%98%9F");
  CHECK(passage_link("https://e.com/a#top", std::nullopt, "ab") == "https://e.com/a#top:~:text=ab");
  CHECK(passage_link("https://e.com/a", std::nullopt, "，") == "https://e.com/a");
  CHECK(passage_link("https://www.youtube.com/watch?v=x", 65.6, "字幕") == "https://www.youtube.com/watch?v=x&t=65");
}

TEST_CASE("check_percent_encoding refuses broken escapes") {
  for (const char* ok : {"/", "/api/search?q=%E5%B0%8F", "/?q=a+b&x=%2f", "/?q=100%25"})
    CHECK_NOTHROW(check_percent_encoding(ok));
  for (const char* bad : {"/?q=%", "/?q=%A", "/?q=%zz", "/?q=%u5C0F", "/?q=a%2", "/%G0"}) {
    INFO(bad);
    CHECK_THROWS_AS(check_percent_encoding(bad), HttpError);
  }
}

TEST_CASE("check_params_utf8 refuses invalid UTF-8 and NUL") {
  CHECK_NOTHROW(check_params_utf8({{"q", "小团队"}, {"x", ""}}));
  CHECK_THROWS_AS(check_params_utf8({{"q", "\xE5\xB0"}}), HttpError);
  CHECK_THROWS_AS(check_params_utf8({{"\xFF", "a"}}), HttpError);
  CHECK_THROWS_AS(check_params_utf8({{"q", std::string("a\0b", 3)}}), HttpError);
}

TEST_CASE("parse_count takes plain decimal digits only") {
  CHECK(parse_count("0") == 0u);
  CHECK(parse_count("50") == 50u);
  CHECK(parse_count("999999999") == 999999999u);
  for (const char* bad : {"", "-1", "+1", "1e3", " 5", "5 ", "0x10", "1234567890", "١"}) {
    INFO(bad);
    CHECK_FALSE(parse_count(bad).has_value());
  }
}

namespace {
std::string code_of(const Params& params, bool page = false) {
  try {
    page ? parse_page_params(params) : parse_api_params(params);
  } catch (const HttpError& e) {
    return e.code;
  }
  return "ok";
}
}  // namespace

TEST_CASE("parse_api_params enforces the limits") {
  std::string q256, q257;
  for (int i = 0; i < 256; ++i) q256 += "字";
  q257 = q256 + "a";
  const std::pair<Params, std::string> rows[] = {
      {{{"q", "a"}}, "ok"},
      {{{"q", q256}}, "ok"},
      {{{"q", q257}}, "query_too_long"},
      {{{"q", "a"}, {"limit", "1"}}, "ok"},
      {{{"q", "a"}, {"limit", "50"}}, "ok"},
      {{{"q", "a"}, {"limit", "0"}}, "bad_parameter"},
      {{{"q", "a"}, {"limit", "51"}}, "bad_parameter"},
      {{{"q", "a"}, {"offset", "1000"}}, "ok"},
      {{{"q", "a"}, {"offset", "1001"}}, "bad_parameter"},
      {{{"q", "a"}, {"offset", "-1"}}, "bad_parameter"},
      {{{"q", "a"}, {"meta", "2"}}, "bad_parameter"},
      {{{"q", "a"}, {"unknown", "%%%"}}, "ok"},
      {{{"q", "a"}, {"tag", q257}}, "bad_parameter"},
  };
  for (const auto& [params, want] : rows) {
    INFO(params.begin()->second.substr(0, 20) << " " << (params.size() > 1 ? std::next(params.begin())->first : ""));
    CHECK(code_of(params) == want);
  }
  const SearchParams p = parse_api_params({{"q", "x"}, {"limit", "7"}, {"offset", "14"}, {"tag", "AI"}, {"tag", "ML"}});
  CHECK(p.q == "x");
  CHECK(p.limit == 7);
  CHECK(p.offset == 14);
  CHECK(p.tags == std::vector<std::string>{"AI", "ML"});
  CHECK_FALSE(parse_api_params({}).q.has_value());
}

TEST_CASE("parse_page_params turns page into offset") {
  CHECK(parse_page_params({{"q", "a"}}).offset == 0);
  CHECK(parse_page_params({{"q", "a"}, {"page", "3"}}).offset == 20);
  CHECK(parse_page_params({{"q", "a"}, {"page", "101"}}).offset == 1000);
  CHECK(code_of({{"q", "a"}, {"page", "102"}}, true) == "bad_parameter");
  CHECK(code_of({{"q", "a"}, {"page", "0"}}, true) == "bad_parameter");
}

TEST_CASE("CorsPolicy allows only the listed origins") {
  const CorsPolicy none;
  CHECK_FALSE(none.allow("https://blog.example.com"));
  CHECK(none.empty());
  const CorsPolicy some({"https://Blog.example.com/", "http://127.0.0.1:4000"});
  CHECK(some.allow("https://blog.example.com") == "https://blog.example.com");
  CHECK(some.allow("http://127.0.0.1:4000") == "http://127.0.0.1:4000");
  CHECK_FALSE(some.allow("http://127.0.0.1:4001"));
  CHECK_FALSE(some.allow("https://blog.example.com.evil.net"));
  CHECK_FALSE(some.allow(""));
  const CorsPolicy any({"*"});
  CHECK(any.allow("http://x.example") == "*");
  CHECK_FALSE(any.allow(""));
  CHECK_THROWS_AS(CorsPolicy({"blog.example.com"}), zh::UsageError);
  CHECK_THROWS_AS(CorsPolicy({"https://blog.example.com/path"}), zh::UsageError);
}

TEST_CASE("classify maps the error hierarchy to statuses") {
  auto info = [](auto e) { return classify(std::make_exception_ptr(e)); };
  CHECK(info(HttpError(414, "uri_too_long", "x")).status == 414);
  CHECK(info(zh::UsageError("bad")).status == 400);
  CHECK(info(zh::UsageError("bad")).code == "bad_query");
  CHECK(info(zh::IndexError("gone")).status == 503);
  CHECK(info(std::runtime_error("boom")).status == 500);
  // Issue 21: one table (common/error.h) for every edge.
  CHECK(info(zh::IndexError("gone")).retry_after_seconds == 2);
  CHECK(info(zh::UsageError("bad")).retry_after_seconds == 0);
  CHECK(info(zh::InputError("binary")).status == 400);
  CHECK(info(zh::InputError("binary")).code == "bad_document");
  CHECK(info(zh::EnvironmentError("cannot bind")).status == 500);
  CHECK(info(zh::EnvironmentError("cannot bind")).message == "cannot bind");
  CHECK(info(zh::Error("bare")).message == "internal error: bare");
  CHECK(info(std::bad_alloc()).code == "internal");
  for (auto kind : {zh::ErrorKind::Usage, zh::ErrorKind::Input, zh::ErrorKind::Index, zh::ErrorKind::Environment,
                    zh::ErrorKind::Internal})
    CHECK(zh::error_traits(kind).exit_code == 2);
  const auto j = nlohmann::json::parse(error_json({400, "bad_utf8", "msg \xFF"}));
  CHECK(j["error"]["code"] == "bad_utf8");
  CHECK(j["error"]["message"].is_string());
}

TEST_CASE("search gate: at most its limit inside at once, the rest admitted in arrival order") {
  for (const std::size_t limit : {std::size_t{1}, std::size_t{2}, std::size_t{3}}) {
    INFO("limit " << limit);
    SearchGate gate(limit);
    std::atomic<int> inside{0}, most_inside{0};
    std::mutex order_mutex;
    std::vector<int> admitted;
    std::vector<std::thread> threads;
    {
      // Hold every place, then let the threads arrive one by one.
      std::vector<std::unique_ptr<SearchGate::Pass>> holders;
      for (std::size_t k = 0; k < limit; ++k) holders.push_back(std::make_unique<SearchGate::Pass>(gate));
      for (int t = 0; t < 12; ++t) {
        threads.emplace_back([&, t] {
          const SearchGate::Pass pass(gate);
          {
            std::lock_guard lock(order_mutex);
            admitted.push_back(t);
          }
          const int now = ++inside;
          int seen = most_inside.load();
          while (now > seen && !most_inside.compare_exchange_weak(seen, now)) {
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(2));
          --inside;
        });
        while (gate.waiting() != static_cast<std::size_t>(t) + 1) std::this_thread::yield();
      }
    }
    for (auto& t : threads) t.join();
    CHECK(most_inside.load() <= static_cast<int>(limit));
    CHECK(most_inside.load() >= 1);
    REQUIRE(admitted.size() == 12);
    if (limit == 1) {
      for (int t = 0; t < 12; ++t) CHECK(admitted[static_cast<std::size_t>(t)] == t);
    }
  }
}

TEST_CASE("engine pool: engines are reused; one that met an IndexError is dropped and the index reopened") {
  std::random_device rd;
  const auto dir = std::filesystem::temp_directory_path() / ("zhsearch-pool-" + std::to_string(rd()));
  std::filesystem::create_directories(dir / "docs");
  const auto db = dir / "db";
  EnginePool pool(db, 1);
  // No index yet: opening fails, and nothing is kept.
  CHECK_THROWS_AS(pool.run([](zh::search::Engine&) { return 0; }), zh::IndexError);
  CHECK_THROWS_AS(pool.warm_up(), zh::IndexError);
  std::ofstream(dir / "docs" / "a.md") << "# 标题\n\n小团队的故事。\n";
  zh::index::IndexOptions o;
  o.db_dir = db;
  o.paths = {dir / "docs"};
  zh::index::run_indexing(o);
  pool.warm_up();  // the index appeared: warming opens it
  zh::search::SearchRequest r;
  r.query = "小团队";
  const zh::search::Engine* first = nullptr;
  CHECK(pool.run([&](zh::search::Engine& e) {
          first = &e;
          return e.search(r).total;
        }) == 1);
  // The same engine serves the next request (it stays warm).
  const zh::search::Engine* second = nullptr;
  pool.run([&](zh::search::Engine& e) {
    second = &e;
    return 0;
  });
  CHECK(first == second);
  // An IndexError from the work drops the engine: the next request opens another.
  CHECK_THROWS_AS(pool.run([](zh::search::Engine&) -> int { throw zh::IndexError("gone"); }), zh::IndexError);
  CHECK(pool.run([&](zh::search::Engine& e) { return e.search(r).total; }) == 1);
  std::filesystem::remove_all(dir);
}
