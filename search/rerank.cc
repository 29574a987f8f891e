#include "search/rerank.h"

#include <algorithm>

#include "text/normalizer.h"
#include "text/utf8.h"

namespace zh::search {

RerankQuery make_rerank_query(const std::vector<std::string>& normal_parts, std::vector<std::string> words) {
  RerankQuery q;
  for (const auto& part : normal_parts) {
    if (!q.characters.empty()) q.characters.emplace_back();  // parts are not adjacent
    for (std::size_t pos = 0; pos < part.size();) {
      const std::size_t start = pos;
      const char32_t c = text::next_code_point(part, pos);
      q.characters.push_back(text::is_word_char(c) ? part.substr(start, pos - start) : std::string());
    }
  }
  q.words = std::move(words);
  return q;
}

double phrase_share(const RerankQuery& query, std::string_view text, std::size_t min_run) {
  const auto& chars = query.characters;
  std::size_t letters = 0, covered = 0;
  for (const auto& c : chars) letters += !c.empty();
  if (letters == 0) return 0;
  for (std::size_t i = 0; i < chars.size();) {
    if (chars[i].empty()) {
      ++i;
      continue;
    }
    // Grow the run while the text still contains it.
    std::string run = chars[i];
    std::size_t length = 1;
    while (i + length < chars.size() && !chars[i + length].empty() &&
           text.find(run + chars[i + length]) != std::string_view::npos) {
      run += chars[i + length];
      ++length;
    }
    // Runs of two or more were found while growing; a single character
    // (min_run <= 1) still has to be looked up.
    if (length >= min_run && (length > 1 || text.find(run) != std::string_view::npos)) {
      covered += length;
      i += length;
    } else {
      ++i;
    }
  }
  return static_cast<double>(covered) / static_cast<double>(letters);
}

double word_share(const RerankQuery& query, std::string_view text) {
  if (query.words.empty()) return 0;
  const auto found = std::count_if(query.words.begin(), query.words.end(),
                                   [&](const std::string& w) { return text.find(w) != std::string_view::npos; });
  return static_cast<double>(found) / static_cast<double>(query.words.size());
}

double proximity(const RerankQuery& query, std::string_view text) {
  struct Hit {
    std::size_t begin, end, word;
  };
  std::vector<Hit> hits;
  std::size_t found = 0, letters = 0;
  for (std::size_t w = 0; w < query.words.size(); ++w) {
    const std::string& word = query.words[w];
    std::size_t pos = text.find(word), seen = 0;
    if (pos != std::string_view::npos) {
      ++found;
      letters += word.size();
    }
    for (; pos != std::string_view::npos && seen < 64; pos = text.find(word, pos + 1), ++seen)
      hits.push_back({pos, pos + word.size(), w});
  }
  if (found < 2) return 0;
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.begin < b.begin; });
  // The narrowest window holding every found word: two pointers over the
  // hits in text order (a window ends where its last-starting word ends).
  std::vector<std::size_t> in_window(query.words.size(), 0);
  std::size_t distinct = 0, best = std::string_view::npos;
  for (std::size_t left = 0, right = 0; right < hits.size(); ++right) {
    if (in_window[hits[right].word]++ == 0) ++distinct;
    while (distinct == found) {
      best = std::min(best, std::max(hits[right].end, hits[left].end) - hits[left].begin);
      if (--in_window[hits[left].word] == 0) --distinct;
      ++left;
    }
  }
  return best == std::string_view::npos ? 0 : std::min(1.0, static_cast<double>(letters) / static_cast<double>(best));
}

double label_share(const RerankQuery& query, std::string_view label) {
  // Longer labels are sentences, not names; the cap also bounds the work
  // whatever a document's title holds.
  constexpr std::size_t kMaxNameChars = 64;
  std::vector<std::string> name;
  for (std::size_t pos = 0; pos < label.size() && name.size() < kMaxNameChars;) {
    const std::size_t start = pos;
    const char32_t c = text::next_code_point(label, pos);
    if (c == U'(' && !name.empty()) break;
    if (text::is_word_char(c)) name.emplace_back(label.substr(start, pos - start));
  }
  if (name.size() < 2) return 0;
  // Longest common run: run[j + 1] is the length of the run ending at the
  // current query character and name[j]. One pass, query x name steps.
  std::vector<std::size_t> run(name.size() + 1, 0);
  std::size_t longest = 0;
  for (const std::string& c : query.characters)
    for (std::size_t j = name.size(); j > 0; --j) {
      run[j] = c == name[j - 1] ? run[j - 1] + 1 : 0;  // name holds no ""
      longest = std::max(longest, run[j]);
    }
  return static_cast<double>(longest) / static_cast<double>(name.size());
}

std::vector<Reranked> rerank(const std::vector<RerankCandidate>& candidates, const RerankQuery& query,
                             const RankingParams& params) {
  double best = 0;
  for (const auto& c : candidates) best = std::max(best, c.weight);
  std::vector<Reranked> out;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const RerankCandidate& c = candidates[i];
    double score = best > 0 ? c.weight / best : 0;
    if (params.phrase > 0) score += params.phrase * phrase_share(query, c.text);
    if (params.coverage > 0) score += params.coverage * word_share(query, c.text);
    if (params.proximity > 0) score += params.proximity * proximity(query, c.text);
    if (params.title > 0) score += params.title * std::max(label_share(query, c.title), label_share(query, c.heading));
    out.push_back({i, score});
  }
  std::stable_sort(out.begin(), out.end(), [](const Reranked& a, const Reranked& b) { return a.score > b.score; });
  return out;
}

}  // namespace zh::search
