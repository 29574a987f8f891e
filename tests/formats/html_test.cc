// HTML pages: main text, metadata, boilerplate skipped, hostile input
// (issue 4).
#include <catch2/catch.hpp>

#include <chrono>

#include "common/error.h"
#include "ingest/html.h"
#include "ingest/ingest.h"
#include "text/utf8.h"
#include "index/schema.h"

using namespace zh::ingest;

namespace {

std::string all_text(const HtmlText& h) {
  std::string out;
  for (const auto& b : h.blocks) out += (b.is_heading ? "# " : "") + b.text + "\n";
  return out;
}

}  // namespace

TEST_CASE("metadata: title, description, canonical, lang, author, date, tags", "[html]") {
  const auto h = parse_html(
      "<!doctype html><html lang=zh-Hans><head><title> 标题\n 一 </title>"
      "<meta name=Description content='页面 描述'><meta name=author content=作者>"
      "<meta property='article:published_time' content='2025-03-14T08:00:00Z'>"
      "<meta property='article:tag' content=植物><meta property='article:tag' content=徒步>"
      "<link rel='alternate canonical' href='https://example.com/a'></head><body><p>正文</p></body></html>");
  CHECK(h.meta.title == "标题一");  // a line break between CJK characters is no space
  CHECK(h.meta.description == "页面 描述");
  CHECK(h.meta.source == "https://example.com/a");
  CHECK(h.meta.author == "作者");
  CHECK(h.meta.date == "2025-03-14");
  CHECK(h.meta.tags == std::vector<std::string>{"植物", "徒步"});
  CHECK(h.lang == "zh-Hans");
  CHECK(all_text(h) == "正文\n");
}

TEST_CASE("og: metadata and the first h1 fill what is missing", "[html]") {
  const auto h = parse_html(
      "<html><head><meta property=og:description content=简介><meta property=og:url content=https://x.org/p>"
      "</head><body><h1>大标题</h1><p>正文</p></body></html>");
  CHECK(h.meta.title == "大标题");
  CHECK(h.meta.description == "简介");
  CHECK(h.meta.source == "https://x.org/p");
}

TEST_CASE("main text: <main>, else <article>s, else <body>; boilerplate skipped", "[html]") {
  const std::string chrome =
      "<header>页眉文字</header><nav>导航文字</nav><aside>侧栏文字</aside><footer>页脚文字</footer>"
      "<script>脚本文字</script><style>p{}</style><noscript>无脚本文字</noscript><template>模板文字</template>"
      "<form><label>表单文字</label></form><div role=navigation>角色导航</div><div class='x menu'>菜单类</div>"
      "<div hidden>隐藏文字</div><svg><text>矢量文字</text></svg>";
  SECTION("main") {
    const auto h = parse_html("<body>" + chrome + "<main><h2>小节</h2><p>主要内容</p>" + chrome + "</main>" +
                              "<p>主体外文字</p></body>");
    CHECK(all_text(h) == "# 小节\n主要内容\n页眉文字\n");  // a header inside main/article is kept
  }
  SECTION("articles") {
    const auto h = parse_html("<body>" + chrome + "<article><p>文章一</p></article><p>两篇之间</p>" +
                              "<article><p>文章二</p><article><p>嵌套</p></article></article></body>");
    CHECK(all_text(h) == "文章一\n文章二\n嵌套\n");
  }
  SECTION("body") {
    const auto h = parse_html("<body>" + chrome + "<div><p>正文一</p>正文二</div></body>");
    CHECK(all_text(h) == "正文一\n正文二\n");
  }
  SECTION("an empty main falls back to the body") {
    const auto h = parse_html("<body><main></main><p>别处的正文</p></body>");
    CHECK(all_text(h) == "别处的正文\n");
  }
}

TEST_CASE("whitespace: collapsed; a line break between CJK characters is no space", "[html]") {
  const auto h = parse_html(
      "<body><p>泥炭藓喜欢\n   酸性的环境，\n  and   Latin\nwords stay apart.<br>新行&nbsp;a<b>粗</b>体</p>"
      "<table><tr><td>单元一</td><td>单元二</td></tr></table><pre>  代码\n    缩进</pre></body>");
  CHECK(all_text(h) == "泥炭藓喜欢酸性的环境， and Latin words stay apart.\n新行 a粗体\n单元一 单元二\n代码\n缩进\n");
}

TEST_CASE("10,000 nested elements do not crash", "[html][bad-input]") {
  for (const char* tag : {"div", "span", "b", "section", "li"}) {
    INFO(tag);
    std::string html = "<html><body>";
    for (int i = 0; i < 10000; ++i) html += std::string("<") + tag + ">";
    html += "最深处的文字";
    for (int i = 0; i < 10000; ++i) html += std::string("</") + tag + ">";
    html += "<p>之后的段落</p></body></html>";
    const auto started = std::chrono::steady_clock::now();
    const auto h = parse_html(html);
    const std::string text = all_text(h);
    CHECK(text.find("最深处的文字") != std::string::npos);
    CHECK(text.find("之后的段落") != std::string::npos);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(20));
  }
}

// Gumbo took 25 s on this page before the depth limit: refused quickly now.
TEST_CASE("100,000 unclosed nested elements are refused quickly", "[html][bad-input]") {
  std::string html = "<body>";
  for (int i = 0; i < 100000; ++i) html += "<div>";
  html += "深处";
  const auto started = std::chrono::steady_clock::now();
  CHECK_THROWS_WITH(parse_html(html), Catch::Contains("nests elements") && Catch::Contains("deep"));
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
}

TEST_CASE("many sibling paragraphs and list items are not deep nesting", "[html]") {
  std::string html = "<body><ul>";
  for (int i = 0; i < 30000; ++i) html += "<li>项<p>段<br><img src=x>";
  html += "</ul><p>结尾</p>";
  const auto h = parse_html(html);
  CHECK(all_text(h).find("结尾") != std::string::npos);
}

TEST_CASE("a huge page is refused with a clear message", "[html][bad-input]") {
  std::string html = "<html><body>";
  while (html.size() < kMaxHtmlBytes + 1) html += "<p>很长很长的页面内容。</p>\n";
  CHECK_THROWS_AS(parse_html(html), zh::InputError);
  CHECK_THROWS_WITH(parse_html(html), Catch::Contains("MB limit for HTML"));
}

TEST_CASE("malformed HTML is still text", "[html]") {
  for (const char* html : {"", "<", "<<<>>>", "<p>未闭合<b>粗体<i>斜体", "</div></div>正文", "<!-- 注释", "<script>x"}) {
    INFO(html);
    CHECK_NOTHROW(parse_html(html));
  }
  CHECK(all_text(parse_html("<p>未闭合<b>粗体<i>斜体")) == "未闭合粗体斜体\n");
  CHECK(all_text(parse_html("<!-- 注释 --><p>正文</p>")) == "正文\n");
}

TEST_CASE("regression: a numeric character reference too long for gumbo leaves no invalid UTF-8", "[html][bad-input]") {
  // Found by the html fuzz target: gumbo turns &#x4E2DDDD...; into a stray
  // byte (after an "&" or not), in text and in attribute values alike.
  const std::string huge_ref = "&#x4E2" + std::string(60, 'D') + ";";
  const auto h = parse_html("<html lang='zh" + huge_ref + "'><head><title>标题" + huge_ref + "尾</title>" +
                            "<meta name=description content='描述" + huge_ref + "'>" +
                            "<meta property='article:published_time' content='" + huge_ref + "2025'></head>" +
                            "<body><p>第一段" + huge_ref + "文</p><pre>代码" + huge_ref + "</pre></body></html>");
  for (const std::string* s : {&h.meta.title, &h.meta.description, &h.meta.date, &h.lang}) {
    INFO(*s);
    CHECK(zh::text::find_invalid_utf8(*s) == std::string::npos);
  }
  CHECK(h.meta.title.find("标题") == 0);
  CHECK(h.meta.title.find("尾") != std::string::npos);
  REQUIRE(h.blocks.size() == 2);
  for (const auto& b : h.blocks) {
    INFO(b.text);
    CHECK(zh::text::find_invalid_utf8(b.text) == std::string::npos);
  }
  CHECK(h.blocks[0].text.find("第一段") == 0);
  CHECK(h.blocks[0].text.find("文") != std::string::npos);
}

TEST_CASE("parse_document: HTML headings become passage headings", "[html][ingest]") {
  const Document doc = parse_document(
      "<html><head><title>苔藓观察</title><link rel=canonical href=https://n.example/moss></head><body><article>"
      "<h1>苔藓观察</h1><p>雨后的溪谷格外湿润，石头表面覆盖着一层厚厚的苔藓，泥炭藓喜欢酸性的环境。</p>"
      "<h2>观察方法</h2><p>用十倍放大镜可以看清叶片的排列方式，记录时要注意湿度和光照，还要拍照留档备查。</p>"
      "</article></body></html>",
      Format::Html, "moss.html", "moss");
  CHECK(doc.meta.title == "苔藓观察");
  CHECK(doc.meta.source == "https://n.example/moss");
  REQUIRE(doc.passages.size() == 2);
  CHECK(doc.passages[1].heading == "观察方法");
}

TEST_CASE("regression: <html lang> is kept with the document and its stored record", "[html]") {
  const auto doc = zh::ingest::parse_document("<html lang=zh-Hant><body><main><p>繁體中文的內容。</p></main></body></html>",
                                              zh::ingest::Format::Html, "a.html", "a");
  CHECK(doc.meta.language == "zh-Hant");
  zh::index::schema::DocumentRecord r;
  r.meta = doc.meta;
  CHECK(zh::index::schema::decode_record(zh::index::schema::encode_record(r)).meta.language == "zh-Hant");
}
