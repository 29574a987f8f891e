#include "search/render_json.h"

#include <cmath>

namespace zh::search {

nlohmann::json to_json(const SearchResponse& response) {
  nlohmann::json results = nlohmann::json::array();
  for (const Hit& hit : response.results) {
    nlohmann::json spans = nlohmann::json::array();
    for (const Span& s : to_code_point_spans(hit.passage, hit.highlights)) spans.push_back({s.begin, s.end});
    nlohmann::json r = {
        {"rank", hit.rank},       {"score", std::round(hit.score * 1000) / 1000},
        {"doc", hit.doc},         {"title", hit.title},
        {"source", hit.source},   {"heading", hit.heading},
        {"passage", hit.passage}, {"highlights", spans},
    };
    if (hit.start_time) r["start_time"] = *hit.start_time;
    if (!hit.explain.empty()) r["explain"] = hit.explain;
    results.push_back(std::move(r));
  }
  nlohmann::json out = {
      {"query", response.query},
      {"total", response.total},
      {"relaxed", response.relaxed},
      {"took_ms", std::round(response.took_ms * 1000) / 1000},
      {"results", std::move(results)},
  };
  // Only an explained search has these lines: other output stays as it was.
  if (!response.explain.empty()) out["explain"] = {{"plan", response.explain}};
  return out;
}

nlohmann::json to_json(const IndexStats& s) {
  return {
      {"documents", s.documents}, {"passages", s.passages},         {"terms", s.terms ? nlohmann::json(*s.terms) : nlohmann::json()},
      {"bytes_on_disk", s.bytes_on_disk}, {"last_update", s.last_update},
  };
}

}  // namespace zh::search
