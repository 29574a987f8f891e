// zhsearch search page: search as you type, URL follows the query, arrow
// keys and Enter move through results. The page works without this file;
// every piece of text is inserted with textContent, never as HTML.
(function () {
  'use strict';
  var form = document.querySelector('form.search');
  var input = document.getElementById('q');
  var main = document.getElementById('main');
  if (!form || !input || !main || !window.fetch) return;

  var PAGE_SIZE = 10;
  var DEBOUNCE_MS = 160;
  var timer = 0;
  var controller = null;
  var sequence = 0;
  var active = -1;
  var shown = input.value;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function isWebUrl(url) {
    return typeof url === 'string' && /^https?:\/\/[^\s\u0000-\u001f\u007f]+$/i.test(url);
  }

  function hostOf(url) {
    try { return new URL(url).host.replace(/^www\./, ''); } catch (e) { return url; }
  }

  function formatMs(ms) { return ms < 10 ? ms.toFixed(1) : String(Math.round(ms)); }

  // Highlights are code-point offsets (DESIGN §3): slice by code point.
  function marked(tag, className, text, spans) {
    var node = el(tag, className);
    var chars = Array.from(text || '');
    var pos = 0;
    (spans || []).forEach(function (span) {
      var begin = span[0], end = span[1];
      if (begin < pos || end > chars.length || begin >= end) return;
      if (begin > pos) node.appendChild(document.createTextNode(chars.slice(pos, begin).join('')));
      node.appendChild(el('mark', null, chars.slice(begin, end).join('')));
      pos = end;
    });
    if (pos < chars.length) node.appendChild(document.createTextNode(chars.slice(pos).join('')));
    return node;
  }

  // 2000 -> "2,000".
  function grouped(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ','); }

  function pageHref(q, page) {
    var href = '/?q=' + encodeURIComponent(q);
    return page > 1 ? href + '&page=' + page : href;
  }

  function clockTime(seconds) {
    // Whole seconds, rounded down, as the server shows and links them
    // (search/timestamp_link.h): a cue at 65.6 s is 1:05 and t=65.
    var s = Math.max(0, Math.floor(seconds));
    var pad = function (n) { return (n < 10 ? '0' : '') + n; };
    return s >= 3600 ? Math.floor(s / 3600) + ':' + pad(Math.floor(s / 60) % 60) + ':' + pad(s % 60)
                     : Math.floor(s / 60) + ':' + pad(s % 60);
  }

  // The title opens the passage in the document view (doc_url, /doc/KEY?q=#p-N);
  // `link` is the source at the passage (a subtitle's moment, a page's text
  // fragment), built by the server (web/passage_links.h).
  function resultItem(r) {
    var li = el('li', 'result');
    var h2 = el('h2', 'title');
    var title = r.title || r.doc;
    var link = r.link || r.source;
    var a = r.title ? marked('a', null, r.title, r.title_highlights) : el('a', null, title);
    a.href = r.doc_url;
    h2.appendChild(a);
    li.appendChild(h2);
    if (r.heading) li.appendChild(marked('div', 'heading', r.heading, r.heading_highlights));
    li.appendChild(marked('p', 'passage', r.passage, r.highlights));
    var info = el('div', 'info');
    info.appendChild(el('span', 'doc', r.doc));
    if (typeof r.start_time === 'number') {
      var time = el('a', 'time', '▶ ' + clockTime(r.start_time));
      if (isWebUrl(link)) { time.href = link; time.rel = 'noopener noreferrer'; } else { time.href = r.doc_url; }
      info.appendChild(time);
    }
    if (r.date) info.appendChild(el('time', null, r.date));
    if (r.author) info.appendChild(el('span', 'author', r.author));
    (r.tags || []).forEach(function (t) { info.appendChild(el('span', 'tag', t)); });
    if (isWebUrl(link)) {
      var src = el('a', 'source', hostOf(link) + ' ↗');
      src.href = link;
      src.rel = 'noopener noreferrer';
      info.appendChild(src);
    }
    li.appendChild(info);
    return li;
  }

  function quoted(q) { return el('q', null, q); }

  function pager(q, total, current) {
    var pages = Math.min(101, Math.ceil(total / PAGE_SIZE));
    if (pages <= 1) return null;
    var nav = el('nav', 'pager');
    nav.setAttribute('aria-label', '分页');
    var link = function (page, text, cls) {
      var a = el('a', cls || null, text);
      a.href = pageHref(q, page);
      nav.appendChild(a);
    };
    var last = 0;
    for (var p = 1; p <= pages; p++) {
      if (p !== 1 && p !== pages && Math.abs(p - current) > 2) continue;
      if (last && p > last + 1) nav.appendChild(el('span', 'gap', '…'));
      if (p === current) {
        var cur = el('span', 'current', String(p));
        cur.setAttribute('aria-current', 'page');
        nav.appendChild(cur);
      } else {
        link(p, String(p));
      }
      last = p;
    }
    if (current < pages) link(current + 1, '下一页 →', 'next');
    return nav;
  }

  function render(q, data) {
    var nodes = [];
    if (!data.results.length) {
      var none = el('section', 'none');
      var h1 = el('h1', null, '没有找到 ');
      h1.appendChild(quoted(q));
      none.appendChild(h1);
      var ul = el('ul');
      ['检查一下有没有错别字，或换一个说法。', '少用几个词：每个用空格分开的词都必须出现。',
       '去掉引号、-排除 或 tag: 之类的过滤条件。'].forEach(function (t) { ul.appendChild(el('li', null, t)); });
      none.appendChild(ul);
      nodes.push(none);
    } else {
      var stats = el('p', 'stats');
      stats.id = 'stats';
      // Every matching passage and its documents ("约" for Xapian's estimates).
      var about = data.total_is_estimate ? '约 ' : '';
      stats.appendChild(document.createTextNode('共 '));
      stats.appendChild(el('strong', null, about + grouped(data.total_passages)));
      stats.appendChild(document.createTextNode(' 条结果，来自 ' + about + grouped(data.total_documents) + ' 篇文档' +
          (data.total > data.results.length ? '，第 1–' + data.results.length + ' 条' : '')));
      stats.appendChild(el('span', 'took', formatMs(data.took_ms) + ' 毫秒'));
      nodes.push(stats);
      if (data.relaxed) {
        var note = el('p', 'notice relaxed', '没有段落完整包含 ');
        note.setAttribute('role', 'status');
        note.appendChild(quoted(q));
        note.appendChild(document.createTextNode('，下面是包含其中部分词语的结果。'));
        nodes.push(note);
      }
      var ol = el('ol', 'results');
      ol.id = 'results';
      data.results.forEach(function (r) { ol.appendChild(resultItem(r)); });
      nodes.push(ol);
      var nav = pager(q, data.total, 1);
      if (nav) nodes.push(nav);
    }
    show(nodes);
  }

  function renderError(message) {
    var p = el('p', 'notice error');
    p.setAttribute('role', 'status');
    p.appendChild(el('strong', null, '无法搜索：'));
    p.appendChild(document.createTextNode(message));
    show([p]);
  }

  function renderEmpty() {
    var tpl = document.getElementById('tpl-empty');
    show(tpl ? [tpl.content.cloneNode(true)] : []);
  }

  function show(nodes) {
    while (main.firstChild) main.removeChild(main.firstChild);
    nodes.forEach(function (n) { main.appendChild(n); });
    active = -1;
  }

  function followUrl(q) {
    var url = q ? pageHref(q, 1) : '/';
    if (location.pathname + location.search !== url) history.replaceState(null, '', url);
    document.title = q ? q + ' - zhsearch' : 'zhsearch 中文全文搜索';
  }

  function search() {
    clearTimeout(timer);
    var q = input.value;
    if (q === shown) return;
    shown = q;
    if (controller) controller.abort();
    followUrl(q.trim() ? q : '');
    if (!q.trim()) {
      renderEmpty();
      return;
    }
    var mine = ++sequence;
    controller = window.AbortController ? new AbortController() : null;
    fetch('/api/search?meta=1&limit=' + PAGE_SIZE + '&q=' + encodeURIComponent(q),
          controller ? { signal: controller.signal } : {})
      .then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (body) {
          if (mine !== sequence) return;
          if (!res.ok) {
            renderError(body && body.error ? body.error.message : 'HTTP ' + res.status);
            return;
          }
          render(q, body);
        });
      })
      .catch(function (err) {
        if (mine !== sequence || (err && err.name === 'AbortError')) return;
        renderError('连接服务器失败，请稍后再试。');
      });
  }

  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(search, DEBOUNCE_MS);
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    shown = null;
    search();
  });

  function items() { return main.querySelectorAll('.result'); }

  function setActive(index) {
    var list = items();
    for (var i = 0; i < list.length; i++) list[i].classList.toggle('active', i === index);
    active = index;
    if (index >= 0 && list[index]) {
      list[index].scrollIntoView({ block: 'nearest' });
      var link = list[index].querySelector('.title a');
      if (link) link.focus({ preventScroll: true });
      else if (document.activeElement === input) input.blur();
    } else {
      input.focus();
    }
  }

  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || e.isComposing) return;
    if (e.key === '/' && document.activeElement !== input) {
      e.preventDefault();
      input.focus();
      input.select();
      return;
    }
    var count = items().length;
    if (!count) return;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive(Math.min(active + 1, count - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive(active - 1 < 0 ? -1 : active - 1);
    } else if (e.key === 'Enter' && active >= 0) {
      // Enter opens the selected passage in the document view (the title's link).
      var link = items()[active].querySelector('.title a');
      if (link) {
        e.preventDefault();
        link.click();
      }
    } else if (e.key === 'Escape' && active >= 0) {
      setActive(-1);
    }
  });
})();
