-- wrk script for scripts/soak.sh: each request is a search for a query
-- picked at random from a mix of one- and two-character, word, phrase,
-- Latin, filtered, relaxed and no-result queries, over the API and the page.
local queries = {
  "团队", "小团队", "红杉资本", "人工智能", "中", "AI", "GPT-3", "chatgpt", "长江", "经济",
  "发展", "新闻联播", "\"大 模型\"", "团队 -OpenAI", "AI OR 人工智能", "变体", "的", "习近平",
  "这个问题怎么解决", "没有这个词的查询词", "发展 tag:AI", "经济 year:2022", "gpt*", "生态环境保护",
}

local function encode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local paths = {}
for _, q in ipairs(queries) do
  paths[#paths + 1] = "/api/search?q=" .. encode(q)
  paths[#paths + 1] = "/api/search?q=" .. encode(q) .. "&offset=10&limit=20"
end
paths[#paths + 1] = "/?q=" .. encode("小团队")
paths[#paths + 1] = "/api/stats"
paths[#paths + 1] = "/healthz"

math.randomseed(os.time())

request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
