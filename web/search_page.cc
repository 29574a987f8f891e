#include "web/search_page.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "search/timestamp_link.h"
#include "web/assets.h"
#include "web/html.h"
#include "web/passage_links.h"

namespace zh::web {
namespace {

std::string asset_url(std::string_view path) {
  const Asset* a = find_asset(path);
  std::string url(path);
  if (a) url += "?v=" + std::string(a->etag.substr(1, 8));
  return url;
}

// "/?q=...&page=N" plus the filters, HTML-escaped for an attribute.
std::string page_href(const std::string& query, const SearchParams& params, std::size_t page) {
  std::string href = "/?q=" + url_encode(query);
  for (const auto& t : params.tags) href += "&tag=" + url_encode(t);
  for (const auto& a : params.authors) href += "&author=" + url_encode(a);
  if (page > 1) href += "&page=" + std::to_string(page);
  return escape_html(href);
}

std::string format_ms(double ms) { return ms < 10 ? fmt::format("{:.1f}", ms) : fmt::format("{:.0f}", ms); }

void head(std::string& out, const std::string& title_text) {
  const std::string title = escape_html(title_text);
  out += "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"color-scheme\" content=\"light dark\">\n"
         "<meta name=\"referrer\" content=\"no-referrer\">\n";
  out += "<title>" + title + "</title>\n";
  out += "<link rel=\"stylesheet\" href=\"" + asset_url("/style.css") + "\">\n";
  out += "<link rel=\"icon\" type=\"image/svg+xml\" href=\"" + asset_url("/favicon.svg") + "\">\n";
  out += "<link rel=\"search\" type=\"application/opensearchdescription+xml\" title=\"zhsearch\" "
         "href=\"/opensearch.xml\">\n";
  out += "<script src=\"" + asset_url("/app.js") + "\" defer></script>\n</head>\n";
}

void search_form(std::string& out, const std::string& query, const SearchParams* params) {
  out += "<header class=\"top\">\n<a class=\"brand\" href=\"/\" aria-label=\"zhsearch 首页\">"
         "<span class=\"brand-zh\">中</span>zhsearch</a>\n"
         "<form class=\"search\" action=\"/\" method=\"get\" role=\"search\">\n"
         "<input id=\"q\" name=\"q\" type=\"search\" value=\"" +
         escape_html(query) +
         "\" placeholder=\"搜索笔记、文稿和博客…\" autocomplete=\"off\" spellcheck=\"false\" "
         "maxlength=\"256\" aria-label=\"搜索\"" +
         (query.empty() ? " autofocus" : "") + ">\n";
  if (params) {
    for (const auto& t : params->tags) out += "<input type=\"hidden\" name=\"tag\" value=\"" + escape_html(t) + "\">\n";
    for (const auto& a : params->authors)
      out += "<input type=\"hidden\" name=\"author\" value=\"" + escape_html(a) + "\">\n";
  }
  out += "<button type=\"submit\">搜索</button>\n</form>\n</header>\n";
}

// The welcome and tips block; also kept in a <template> for the script.
std::string empty_state() {
  auto example = [](std::string_view q, std::string_view what) {
    return "<li><a href=\"/?q=" + url_encode(q) + "\"><code>" + escape_html(q) + "</code></a><span>" +
           escape_html(what) + "</span></li>\n";
  };
  std::string out = "<section class=\"empty\" id=\"empty\">\n<h1>像 Ctrl-F 一样搜索中文</h1>\n"
                    "<p class=\"lead\">输入任意一段文字：词的一部分、一个字、英文或数字都能找到，"
                    "繁简体和全角半角自动对应。</p>\n<ul class=\"tips\">\n";
  out += example("小团队", "精确匹配这几个字");
  out += example("\"大 模型\"", "引号内按原样匹配，包括空格");
  out += example("AI -广告", "减号排除某个词");
  out += example("人工智能 OR AI", "任一词出现即可");
  out += example("GPT-3", "英文和数字按词匹配，不分大小写");
  out += example("团队 year:2025", "用 year:、tag:、author: 过滤");
  out += "</ul>\n<p class=\"hint\">快捷键：<kbd>/</kbd> 聚焦搜索框，<kbd>↑</kbd><kbd>↓</kbd> 在结果间移动，"
         "<kbd>Enter</kbd> 打开。</p>\n</section>\n";
  return out;
}

// 2000 -> "2,000".
std::string grouped(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

void notice(std::string& out, std::string_view cls, const std::string& html) {
  out += "<p class=\"notice " + std::string(cls) + "\" role=\"status\">" + html + "</p>\n";
}

void result_item(std::string& out, const search::Hit& hit, const std::string& query) {
  // The title opens the passage in the document view; an http(s) source is
  // linked at the passage too: a subtitle's moment, a page's text fragment.
  const std::string link = passage_link(hit.source, hit.start_time, hit.passage);
  const bool linked = !link.empty();
  const std::string title = hit.title.empty() ? hit.doc : hit.title;
  const std::string doc_href = escape_html(document_url(hit.doc, query, hit.ordinal));
  out += "<li class=\"result\">\n<h2 class=\"title\">";
  out += "<a href=\"" + doc_href + "\">" +
         (hit.title.empty() ? escape_html(title) : highlighted_html(hit.title, hit.title_highlights)) + "</a>";
  out += "</h2>\n";
  if (!hit.heading.empty())
    out += "<div class=\"heading\">" + highlighted_html(hit.heading, hit.heading_highlights) + "</div>\n";
  out += "<p class=\"passage\">" + highlighted_html(hit.passage, hit.highlights) + "</p>\n";
  out += "<div class=\"info\"><span class=\"doc\">" + escape_html(hit.doc) + "</span>";
  if (hit.start_time && linked)
    out += "<a class=\"time\" href=\"" + escape_html(link) + "\" rel=\"noopener noreferrer\">▶ " +
           search::clock_time(*hit.start_time) + "</a>";
  else if (hit.start_time)
    out += "<a class=\"time\" href=\"" + doc_href + "\">▶ " + search::clock_time(*hit.start_time) + "</a>";
  if (!hit.date.empty()) out += "<time>" + escape_html(hit.date) + "</time>";
  if (!hit.author.empty()) out += "<span class=\"author\">" + escape_html(hit.author) + "</span>";
  for (const auto& tag : hit.tags) out += "<span class=\"tag\">" + escape_html(tag) + "</span>";
  if (linked)
    out += "<a class=\"source\" href=\"" + escape_html(link) + "\" rel=\"noopener noreferrer\">" +
           escape_html(host_of(link)) + " ↗</a>";
  out += "</div>\n</li>\n";
}

void pager(std::string& out, const std::string& query, const SearchParams& params, std::size_t total) {
  const std::size_t max_pages = kMaxOffset / kPageSize + 1;
  const std::size_t pages = std::min(max_pages, (total + kPageSize - 1) / kPageSize);
  if (pages <= 1) return;
  const std::size_t current = params.page;
  out += "<nav class=\"pager\" aria-label=\"分页\">\n";
  if (current > 1)
    out += "<a class=\"prev\" rel=\"prev\" href=\"" + page_href(query, params, current - 1) + "\">← 上一页</a>\n";
  std::size_t last_shown = 0;
  for (std::size_t p = 1; p <= pages; ++p) {
    const bool near = p + 2 >= current && p <= current + 2;
    if (p != 1 && p != pages && !near) continue;
    if (last_shown && p > last_shown + 1) out += "<span class=\"gap\">…</span>\n";
    if (p == current)
      out += "<span class=\"current\" aria-current=\"page\">" + std::to_string(p) + "</span>\n";
    else
      out += "<a href=\"" + page_href(query, params, p) + "\">" + std::to_string(p) + "</a>\n";
    last_shown = p;
  }
  if (current < pages)
    out += "<a class=\"next\" rel=\"next\" href=\"" + page_href(query, params, current + 1) + "\">下一页 →</a>\n";
  out += "</nav>\n";
}

void results(std::string& out, const PageView& view) {
  const search::SearchResponse& r = *view.response;
  const SearchParams& params = *view.params;
  const std::string q = "<q>" + escape_html(view.query) + "</q>";
  if (r.results.empty()) {
    if (r.total > 0) {
      notice(out, "", fmt::format("共 {} 条结果，这一页已超出范围。", r.total) + "<a href=\"" +
                          page_href(view.query, params, 1) + "\">回到第一页</a>");
      return;
    }
    out += "<section class=\"none\">\n<h1>没有找到 " + q + "</h1>\n<ul>\n"
           "<li>检查一下有没有错别字，或换一个说法。</li>\n"
           "<li>少用几个词：每个用空格分开的词都必须出现。</li>\n"
           "<li>去掉引号、<code>-排除</code> 或 <code>tag:</code> 之类的过滤条件。</li>\n"
           "</ul>\n</section>\n";
    return;
  }
  const std::size_t first = params.offset + 1, last = params.offset + r.results.size();
  // Every matching passage and its documents ("约" when Xapian estimated
  // them); the pages reach r.total of them (at most per_doc per document).
  const std::string about = r.total_is_estimate ? "约 " : "";
  out += "<p class=\"stats\" id=\"stats\">共 <strong>" + about + grouped(r.total_passages) + "</strong> 条结果，来自 " +
         about + grouped(r.total_documents) + " 篇文档";
  if (r.total > r.results.size()) out += fmt::format("，第 {}–{} 条", first, last);
  if (r.total_passages > r.total && r.per_doc > 0) out += fmt::format("（每篇文档显示 {} 条）", r.per_doc);
  out += "<span class=\"took\">" + format_ms(r.took_ms) + " 毫秒</span></p>\n";
  if (r.relaxed)
    notice(out, "relaxed", "没有段落完整包含 " + q + "，下面是包含其中部分词语的结果。");
  out += "<ol class=\"results\" id=\"results\" start=\"" + std::to_string(first) + "\">\n";
  for (const search::Hit& hit : r.results) result_item(out, hit, view.query);
  out += "</ol>\n";
  pager(out, view.query, params, r.total);
}

}  // namespace

void render_page_top(std::string& out, const std::string& title, const std::string& query,
                     const SearchParams* params) {
  head(out, title);
  out += "<body>\n";
  search_form(out, query, params);
}

void render_page_footer(std::string& out) {
  out += "<footer>由 <a href=\"/\">zhsearch</a> 提供 · <a href=\"/api/stats\">索引统计</a> · "
         "<a href=\"/api/search?q=%E5%9B%A2%E9%98%9F\">JSON API</a></footer>\n</body>\n</html>\n";
}

std::string render_search_page(const PageView& view) {
  std::string out;
  out.reserve(16 * 1024);
  render_page_top(out, view.query.empty() ? "zhsearch 中文全文搜索" : view.query + " - zhsearch", view.query,
                  view.params);
  out += "<main id=\"main\" aria-live=\"polite\">\n";
  if (view.error) {
    notice(out, "error", "<strong>无法搜索：</strong>" + escape_html(view.error->message));
  } else if (view.response) {
    results(out, view);
  } else {
    out += empty_state();
  }
  out += "</main>\n<template id=\"tpl-empty\">" + empty_state() + "</template>\n";
  render_page_footer(out);
  return out;
}

}  // namespace zh::web
