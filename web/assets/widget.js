// zhsearch widget: a search box with a results dropdown for any web page.
//   <div id="zhsearch"></div>
//   <script src="http://HOST:PORT/widget.js" data-target="#zhsearch" defer></script>
// Optional attributes: data-placeholder, data-limit (1-20). The widget lives
// in a Shadow DOM, so the page's CSS and the widget's never clash, and calls
// the API of the server it was loaded from (that server must list the
// page's origin with --cors-origin). All text is inserted as text, never HTML.
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script) {
    var all = document.querySelectorAll('script[src*="widget.js"]');
    script = all[all.length - 1];
  }
  if (!script) return;
  var origin = new URL(script.src, location.href).origin;
  var limit = Math.max(1, Math.min(20, parseInt(script.getAttribute('data-limit') || '8', 10) || 8));
  var placeholder = script.getAttribute('data-placeholder') || '搜索本站…';

  function start() {
    var selector = script.getAttribute('data-target');
    var host = null;
    try {
      host = selector ? document.querySelector(selector) : null;
    } catch (e) {
      if (window.console) console.warn('zhsearch widget: bad data-target ' + selector);
    }
    if (!host) {
      host = document.createElement('div');
      script.parentNode.insertBefore(host, script.nextSibling);
    }
    if (host.shadowRoot || host.getAttribute('data-zhsearch') === 'ready') return;
    host.setAttribute('data-zhsearch', 'ready');
    build(host.attachShadow({ mode: 'open' }));
  }

  var CSS = [
    ':host{all:initial;display:block;position:relative;max-width:36rem;',
    'font-family:system-ui,-apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",',
    '"Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;font-size:15px;line-height:1.7;color:#1d1f23;',
    '--zh-accent:#b4232a;--zh-bg:#fff;--zh-line:#dedbd3;--zh-muted:#6a6f78;--zh-mark:#ffe58a;--zh-hover:#f6f4ef}',
    '@media (prefers-color-scheme:dark){:host{color:#e6e4df;--zh-bg:#1c1f24;--zh-line:#343840;',
    '--zh-muted:#9aa0a8;--zh-mark:#7a5b0c;--zh-hover:#252930;--zh-accent:#f0716f}}',
    '*{box-sizing:border-box}',
    '.box{display:flex;align-items:center;gap:.4rem;padding:.15rem .35rem .15rem .9rem;background:var(--zh-bg);',
    'border:1px solid var(--zh-line);border-radius:999px;box-shadow:0 1px 3px rgba(0,0,0,.06)}',
    '.box:focus-within{border-color:var(--zh-accent);box-shadow:0 0 0 3px rgba(180,35,42,.2)}',
    'svg{flex:none;width:1rem;height:1rem;color:var(--zh-muted)}',
    'input{flex:1;min-width:0;border:0;outline:0;background:transparent;color:inherit;font:inherit;',
    'font-size:1rem;padding:.45rem 0}',
    '.panel{position:absolute;left:0;right:0;top:calc(100% + .4rem);z-index:2147483000;background:var(--zh-bg);',
    'border:1px solid var(--zh-line);border-radius:.8rem;box-shadow:0 12px 32px rgba(0,0,0,.16);',
    'max-height:min(70vh,32rem);overflow:auto;padding:.35rem}',
    '.panel[hidden]{display:none}',
    'ul{list-style:none;margin:0;padding:0}',
    'a.hit{display:block;padding:.55rem .7rem;border-radius:.55rem;color:inherit;text-decoration:none}',
    'a.hit:hover,a.hit.active{background:var(--zh-hover)}',
    '.t{display:block;font-weight:650;line-height:1.45}',
    '.h{display:block;color:var(--zh-muted);font-size:.82rem}',
    '.p{display:block;font-size:.9rem;overflow-wrap:anywhere}',
    'mark{background:var(--zh-mark);color:inherit;border-radius:.2em;padding:0 .1em}',
    '.msg{padding:.6rem .75rem;color:var(--zh-muted);font-size:.92rem}',
    '.msg.error{color:var(--zh-accent)}',
    '.msg.error strong{display:block;margin-bottom:.15rem}',
    '.more{display:block;padding:.45rem .7rem;border-top:1px solid var(--zh-line);margin-top:.3rem;',
    'color:var(--zh-accent);font-size:.88rem;text-decoration:none}',
    '.more:hover{text-decoration:underline}'
  ].join('');

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  // Up to `width` code points around the first highlight, with its marks.
  function snippet(text, spans, width) {
    var chars = Array.from(text || '');
    var first = spans && spans.length ? spans[0][0] : 0;
    var from = Math.max(0, Math.min(first - Math.floor(width / 3), chars.length - width));
    var to = Math.min(chars.length, from + width);
    var node = el('span', 'p');
    var pos = from;
    if (from > 0) node.appendChild(document.createTextNode('…'));
    (spans || []).forEach(function (s) {
      var b = Math.max(s[0], pos), e = Math.min(s[1], to);
      if (b >= e) return;
      if (b > pos) node.appendChild(document.createTextNode(chars.slice(pos, b).join('')));
      node.appendChild(el('mark', null, chars.slice(b, e).join('')));
      pos = e;
    });
    if (pos < to) node.appendChild(document.createTextNode(chars.slice(pos, to).join('')));
    if (to < chars.length) node.appendChild(document.createTextNode('…'));
    return node;
  }

  function isWebUrl(url) {
    return typeof url === 'string' && /^https?:\/\/[^\s\u0000-\u001f\u007f]+$/i.test(url);
  }

  function build(root) {
    var style = el('style');
    style.textContent = CSS;
    root.appendChild(style);
    var box = el('div', 'box');
    box.setAttribute('role', 'search');
    box.innerHTML = '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.2" ' +
      'stroke-linecap="round" aria-hidden="true"><circle cx="11" cy="11" r="7"/><path d="m20 20-3.5-3.5"/></svg>';
    var input = el('input');
    input.type = 'search';
    input.placeholder = placeholder;
    input.autocomplete = 'off';
    input.spellcheck = false;
    input.maxLength = 256;
    input.setAttribute('aria-label', placeholder);
    input.setAttribute('aria-controls', 'zh-panel');
    box.appendChild(input);
    root.appendChild(box);
    var panel = el('div', 'panel');
    panel.id = 'zh-panel';
    panel.hidden = true;
    panel.setAttribute('aria-live', 'polite');
    root.appendChild(panel);

    var timer = 0, sequence = 0, controller = null, active = -1;

    function show(nodes) {
      while (panel.firstChild) panel.removeChild(panel.firstChild);
      nodes.forEach(function (n) { panel.appendChild(n); });
      panel.hidden = nodes.length === 0;
      active = -1;
    }

    function pageUrl(q) { return origin + '/?q=' + encodeURIComponent(q); }

    function showError(title, detail) {
      var box = el('div', 'msg error');
      box.setAttribute('role', 'alert');
      box.appendChild(el('strong', null, title));
      box.appendChild(document.createTextNode(detail));
      show([box]);
    }

    function render(q, data) {
      if (!data.results || !data.results.length) {
        show([el('div', 'msg', '没有找到「' + q + '」')]);
        return;
      }
      var ul = el('ul');
      data.results.forEach(function (r) {
        var li = el('li');
        var a = el('a', 'hit');
        var link = r.link || r.source;
        // The source at the passage, else the passage in the server's document view.
        a.href = isWebUrl(link) ? link : (typeof r.doc_url === 'string' && r.doc_url.charAt(0) === '/'
                                          ? origin + r.doc_url : pageUrl(q));
        a.appendChild(el('span', 't', r.title || r.doc));
        if (r.heading) a.appendChild(el('span', 'h', r.heading));
        a.appendChild(snippet(r.passage, r.highlights, 90));
        li.appendChild(a);
        ul.appendChild(li);
      });
      var more = el('a', 'more', '查看全部 ' + data.total + ' 条结果 →');
      more.href = pageUrl(q);
      show([ul, more]);
    }

    function search() {
      var q = input.value;
      if (controller) controller.abort();
      if (!q.trim()) {
        show([]);
        return;
      }
      var mine = ++sequence;
      controller = window.AbortController ? new AbortController() : null;
      var url = origin + '/api/search?meta=1&limit=' + limit + '&q=' + encodeURIComponent(q);
      fetch(url, { mode: 'cors', credentials: 'omit', signal: controller ? controller.signal : undefined })
        .then(function (res) {
          return res.json().catch(function () { return null; }).then(function (body) {
            if (mine !== sequence) return;
            if (!res.ok) {
              showError('搜索出错', body && body.error ? body.error.message : 'HTTP ' + res.status);
              return;
            }
            render(q, body);
          });
        })
        .catch(function (err) {
          if (mine !== sequence || (err && err.name === 'AbortError')) return;
          showError('无法连接搜索服务',
            origin + ' 没有响应，或者拒绝了来自 ' + location.origin + ' 的跨域请求' +
            '（请在服务端用 --cors-origin ' + location.origin + ' 允许本站）。');
        });
    }

    function hits() { return panel.querySelectorAll('a.hit'); }
    function setActive(i) {
      var list = hits();
      for (var k = 0; k < list.length; k++) list[k].classList.toggle('active', k === i);
      active = i;
      if (list[i]) list[i].scrollIntoView({ block: 'nearest' });
    }

    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(search, 160);
    });
    input.addEventListener('focus', function () {
      if (panel.firstChild && input.value.trim()) panel.hidden = false;
    });
    input.addEventListener('keydown', function (e) {
      var count = hits().length;
      if (e.key === 'ArrowDown' && count) {
        e.preventDefault();
        setActive(Math.min(active + 1, count - 1));
      } else if (e.key === 'ArrowUp' && count) {
        e.preventDefault();
        setActive(Math.max(active - 1, -1));
      } else if (e.key === 'Enter') {
        e.preventDefault();
        if (active >= 0 && hits()[active]) location.href = hits()[active].href;
        else if (input.value.trim()) {
          clearTimeout(timer);
          search();
        }
      } else if (e.key === 'Escape') {
        panel.hidden = true;
      }
    });
    document.addEventListener('click', function (e) {
      if (e.composedPath().indexOf(root.host) < 0) panel.hidden = true;
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
