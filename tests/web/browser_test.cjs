// Browser test of `zhsearch serve` in headless Chromium (playwright-core).
// Usage: node browser_test.cjs ZHSEARCH CORPUS_DIR BUILD_DIR CHROMIUM
//
// (a) the page: typing 小团队 shows results with <mark>, the URL follows the
//     query, arrow keys move through results, pagination works; a document
//     holding <script> and <img onerror> markup shows it as text, no dialog
//     fires and no <img> is injected; no CSP violation is reported.
//     Issue 22: a result without a source URL opens the document view at
//     its passage (the anchor's element in view, its match marked); arrow
//     keys then Enter open it too.
// (b) the widget on a blog served from another origin: results with the
//     origin allowed by --cors-origin, a clear error with it missing.
// Screenshots go to BUILD_DIR/screenshots.
'use strict';
const { chromium } = require('playwright-core');
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');

const [zhsearch, corpus, buildDir, chromiumPath] = process.argv.slice(2);
const shots = path.join(buildDir, 'screenshots');
const failures = [];

function check(cond, what) {
  if (!cond) {
    failures.push(what);
    console.log('FAIL:', what);
  } else {
    console.log('ok:', what);
  }
}

// --- fixture: corpus + hostile document + pagination documents -----------
const work = fs.mkdtempSync(path.join(buildDir, 'browser-'));
const docs = path.join(work, 'corpus');
const db = path.join(work, 'db');
fs.cpSync(corpus, docs, { recursive: true });
fs.writeFileSync(path.join(docs, 'hostile.md'), [
  '---',
  'title: "恶意标题 \\"><img src=x onerror=alert(1)>"',
  'source: "javascript:alert(1)"',
  '---',
  '# 标题 <script>alert(1)</script>',
  '',
  '危险文本测试：<script>alert(1)</script> 以及 "><img src=x onerror=alert(1)> 都应该原样显示。',
  ''].join('\n'));
fs.mkdirSync(path.join(docs, 'paging'));
for (let i = 0; i < 14; i++) {
  const n = String(i).padStart(2, '0');
  fs.writeFileSync(path.join(docs, 'paging', `p${n}.md`), [
    '---', `title: "分页测试文档 ${n}"`, `source: "https://example.com/paging/${n}"`,
    `date: 2025-01-${String(i + 1).padStart(2, '0')}`, 'tags:', '  - 测试', '---', `# 第 ${i} 节`, '',
    `这是第 ${i} 篇分页测试文档，讲的是小团队如何协作。每篇都提到分页测试这个词。`, ''].join('\n'));
}
// A note without a source: the only way to open it is the document view.
const noteLines = ['---', 'title: "会议笔记"', '---', ''];
for (let i = 0; i < 40; i++) {
  noteLines.push(`## 第 ${i} 段`, '');
  noteLines.push(i === 33 ? '这一段记下了独一无二的蓝鲸计划，要在文档视图里滚动到这里。'
                          : `这是会议笔记的第 ${i} 段，内容平平无奇，只是为了让文档足够长，需要滚动才能看到后面的段落。`);
  noteLines.push('');
}
fs.mkdirSync(path.join(docs, 'notes'));
fs.writeFileSync(path.join(docs, 'notes', 'meeting.md'), noteLines.join('\n'));
execFileSync(zhsearch, ['index', '--db', db, docs], { stdio: 'inherit' });

const children = [];
function serve(extra) {
  return new Promise((resolve, reject) => {
    const child = spawn(zhsearch, ['serve', '--db', db, '--port', '0', '--quiet', ...extra],
                        { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/(http:\/\/[^ ]+)\//);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error('serve exited with ' + code)));
  });
}

function blogPage(apiOrigin, title) {
  // A plain blog page with its own aggressive CSS: the widget must not care.
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title>
<style>
body{font-family:Georgia,serif;background:#fdf6e3;color:#333;margin:0;padding:2rem 3rem}
input{border:5px dashed red!important;background:lime!important}
a{color:green!important}mark{background:black;color:black}
header{border-bottom:2px solid #ccc;margin-bottom:1.5rem}
</style></head><body>
<header><h1>${title}</h1><p>一个普通的静态博客，用一行 script 嵌入 zhsearch。</p></header>
<div id="zhsearch"></div>
<script src="${apiOrigin}/widget.js" data-target="#zhsearch" defer></script>
<article><h2>最新文章</h2><p>这里是博客正文。小团队的故事。</p></article>
</body></html>`;
}

async function main() {
  // Blog server on another port: another origin.
  let apiAllowed = '', apiDenied = '';
  const blog = http.createServer((req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    if (req.url === '/allowed.html') res.end(blogPage(apiAllowed, '允许跨域的博客'));
    else if (req.url === '/denied.html') res.end(blogPage(apiDenied, '未被允许的博客'));
    else { res.statusCode = 404; res.end('not found'); }
  });
  await new Promise((r) => blog.listen(0, '127.0.0.1', r));
  const blogOrigin = `http://127.0.0.1:${blog.address().port}`;
  apiAllowed = await serve(['--cors-origin', blogOrigin]);
  apiDenied = await serve(['--cors-origin', 'http://somewhere-else.example']);
  console.log('page server', apiAllowed, 'blog', blogOrigin);

  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    await testPage(browser, apiAllowed);
    await testWidget(browser, blogOrigin);
  } finally {
    await browser.close();
    blog.close();
  }
}

async function newPage(browser, options) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, ...options });
  const page = await context.newPage();
  page.dialogs = [];
  page.consoleErrors = [];
  page.on('dialog', (d) => { page.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on('console', (m) => { if (m.type() === 'error') page.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => page.consoleErrors.push(String(e)));
  return page;
}

async function testPage(browser, base) {
  const page = await newPage(browser);
  await page.goto(base + '/');
  check(await page.locator('section.empty').isVisible(), 'page: empty state without q');
  await page.screenshot({ path: path.join(shots, 'page-empty.png'), fullPage: true });

  // Search as you type.
  await page.locator('#q').click();
  await page.keyboard.type('小团队', { delay: 40 });
  await page.locator('.result mark').first().waitFor({ timeout: 10000 });
  const marks = await page.locator('.result mark').allTextContents();
  check(marks.length > 0 && marks.every((t) => t === '小团队'), 'page: results with <mark>小团队</mark>');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === '小团队');
  check(new URL(page.url()).searchParams.get('q') === '小团队', 'page: URL follows the query');
  const stats = await page.locator('#stats').textContent();
  check(/共 \d+ 条结果/.test(stats) && /毫秒/.test(stats), 'page: count and time shown: ' + stats);
  await page.screenshot({ path: path.join(shots, 'page-results.png'), fullPage: false });

  // Arrow keys move through results.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const active = await page.evaluate(() => [...document.querySelectorAll('.result')].findIndex((e) => e.classList.contains('active')));
  check(active === 1, 'page: ArrowDown twice makes the second result active (got ' + active + ')');
  await page.screenshot({ path: path.join(shots, 'page-keyboard.png') });

  // Enter opens the active result in the document view, at its passage.
  await Promise.all([page.waitForURL(/\/doc\/.+#p-\d+$/), page.keyboard.press('Enter')]);
  check(/\/doc\/.+\?q=.+#p-\d+$/.test(page.url()), 'page: Enter opens the active result in the document view: ' + page.url());
  await checkPassageInView(page, '小团队', 'Enter on a result');
  await page.goBack();
  await page.locator('.result mark').first().waitFor();

  // Issue 22: a note without a source URL opens at its passage, by click and by ↓ Enter.
  await page.locator('#q').fill('');
  await page.locator('#q').type('蓝鲸计划', { delay: 30 });
  await page.waitForFunction(() => [...document.querySelectorAll('.result .title a')].some((a) => a.textContent === '会议笔记'));
  check(await page.locator('.result .source').count() === 0, 'no source: no source link');
  await Promise.all([page.waitForURL(/\/doc\/notes\/meeting\.md\?q=.+#p-\d+$/),
                     page.locator('.result .title a').first().click()]);
  await checkPassageInView(page, '蓝鲸计划', 'title click');
  await page.screenshot({ path: path.join(shots, 'doc-view.png') });
  await page.goBack();
  await page.locator('.result mark').first().waitFor();
  await page.locator('#q').focus();
  await page.keyboard.press('ArrowDown');
  await Promise.all([page.waitForURL(/\/doc\/notes\/meeting\.md\?q=.+#p-\d+$/), page.keyboard.press('Enter')]);
  await checkPassageInView(page, '蓝鲸计划', '↓ Enter');
  check(await page.locator('img').count() === 0 && page.dialogs.length === 0, 'doc view: nothing injected');
  await page.goto(base + '/doc/hostile.md?q=' + encodeURIComponent('危险'));
  const hostileText = await page.locator('article').textContent();
  check(hostileText.includes('<script>alert(1)</script>') && await page.locator('img, article script').count() === 0,
        'doc view: hostile text shown literally, nothing injected');
  await page.goto(base + '/?q=' + encodeURIComponent('小团队'));
  await page.locator('.result mark').first().waitFor();

  // Pagination (server-rendered links), starting from a typed query.
  await page.locator('#q').fill('');
  await page.locator('#q').type('分页测试', { delay: 30 });
  await page.waitForFunction(() => document.querySelector('.pager a.next') &&
                                   new URL(location.href).searchParams.get('q') === '分页测试');
  await Promise.all([page.waitForURL(/page=2/), page.locator('.pager a.next').click()]);
  await page.locator('ol.results[start="11"]').waitFor();
  const current = await page.locator('.pager .current').textContent();
  check(current.trim() === '2', 'page: pagination click shows page 2');
  check(await page.locator('.result').count() > 0, 'page: page 2 has results');
  await page.screenshot({ path: path.join(shots, 'page-2.png'), fullPage: true });
  await Promise.all([page.waitForURL((u) => !/page=/.test(u.toString())), page.locator('.pager a', { hasText: '1' }).first().click()]);
  check(await page.locator('ol.results[start="1"]').count() === 1, 'page: back to page 1');

  // Hostile document, through the script (typed) and the server (loaded).
  await page.locator('#q').fill('');
  await page.locator('#q').type('危险', { delay: 30 });
  await page.waitForFunction(() => [...document.querySelectorAll('.passage')].some((p) => p.textContent.includes('危险文本')));
  await checkHostile(page, 'typed');
  await page.screenshot({ path: path.join(shots, 'page-hostile.png'), fullPage: true });
  await page.goto(base + '/?q=' + encodeURIComponent('危险'));
  await checkHostile(page, 'server-rendered');
  await page.goto(base + '/?q=' + encodeURIComponent('"><img src=x onerror=alert(1)>'));
  check(await page.locator('img').count() === 0, 'page: hostile query echo injects no <img>');
  check(page.dialogs.length === 0, 'page: no dialog fired (' + page.dialogs.join(', ') + ')');
  const cspErrors = page.consoleErrors.filter((e) => /Content Security Policy|Refused/.test(e));
  check(cspErrors.length === 0, 'page: no CSP violations: ' + cspErrors.join(' | '));
  await page.context().close();

  // With JavaScript off the page still searches, highlights and pages.
  const nojs = await newPage(browser, { javaScriptEnabled: false });
  await nojs.goto(base + '/');
  await nojs.locator('#q').fill('分页测试');
  await Promise.all([nojs.waitForURL(/q=/), nojs.locator('form.search button').click()]);
  check(await nojs.locator('.result mark').count() > 0, 'no JS: the form submits and results are marked');
  await Promise.all([nojs.waitForURL(/page=2/), nojs.locator('.pager a.next').click()]);
  check(await nojs.locator('ol.results[start="11"]').count() === 1, 'no JS: pagination works');
  await nojs.screenshot({ path: path.join(shots, 'page-nojs.png') });
  await nojs.context().close();

  // Phone layout and dark mode.
  const phone = await newPage(browser, { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  await phone.goto(base + '/?q=' + encodeURIComponent('小团队'));
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, 'phone: no horizontal scrolling (overflow ' + overflow + 'px)');
  await phone.screenshot({ path: path.join(shots, 'page-phone.png') });
  await phone.context().close();
  const dark = await newPage(browser, { colorScheme: 'dark' });
  await dark.goto(base + '/?q=' + encodeURIComponent('小团队'));
  const bg = await dark.evaluate(() => getComputedStyle(document.body).backgroundColor);
  check(bg === 'rgb(20, 22, 25)', 'dark mode: dark background (' + bg + ')');
  await dark.screenshot({ path: path.join(shots, 'page-dark.png') });
  await dark.context().close();
}

// The document view's target passage (#p-N of the URL) exists, is in the
// viewport and has `word` marked.
async function checkPassageInView(page, word, how) {
  const anchor = new URL(page.url()).hash.slice(1);
  const target = page.locator('[id="' + anchor + '"]');
  check(await target.count() === 1, `doc view (${how}): the passage ${anchor} exists`);
  await page.waitForFunction((id) => {
    const r = document.getElementById(id).getBoundingClientRect();
    return r.top >= 0 && r.top < window.innerHeight;
  }, anchor, { timeout: 5000 }).catch(() => {});
  const box = await target.evaluate((e) => { const r = e.getBoundingClientRect(); return [r.top, r.bottom, window.innerHeight, window.scrollY]; });
  check(box[0] >= 0 && box[0] < box[2], `doc view (${how}): ${anchor} is in view (top ${box[0]}, scrollY ${box[3]})`);
  const marks = await target.locator('mark').allTextContents();
  check(marks.includes(word), `doc view (${how}): ${word} marked in ${anchor}: ${marks}`);
}

async function checkHostile(page, how) {
  const text = (await page.locator('.results').textContent()) || '';
  check(text.includes('<script>alert(1)</script>'), `hostile (${how}): <script> text shown literally`);
  check(text.includes('"><img src=x onerror=alert(1)>'), `hostile (${how}): <img> text shown literally`);
  check(await page.locator('img').count() === 0, `hostile (${how}): no <img> element in the page`);
  check(await page.locator('main script, .results script').count() === 0, `hostile (${how}): no <script> element injected`);
  const titles = await page.locator('.result .title').allTextContents();
  check(titles.some((t) => t.includes('"><img src=x onerror=alert(1)>')), `hostile (${how}): title shown literally`);
  check(await page.locator('a[href^="javascript:"]').count() === 0, `hostile (${how}): no javascript: link`);
  check(page.dialogs.length === 0, `hostile (${how}): no dialog fired`);
}

async function testWidget(browser, blogOrigin) {
  const page = await newPage(browser, { viewport: { width: 1000, height: 760 } });
  await page.goto(blogOrigin + '/allowed.html');
  const input = page.locator('#zhsearch input');
  await input.waitFor();
  const inShadow = await page.evaluate(() => !!document.querySelector('#zhsearch').shadowRoot &&
                                             !document.querySelector('#zhsearch input'));
  check(inShadow, 'widget: lives in a Shadow DOM');
  const border = await input.evaluate((e) => getComputedStyle(e).borderTopStyle);
  check(border !== 'dashed', 'widget: the blog CSS does not reach the widget input');
  await input.click();
  await page.keyboard.type('小团队', { delay: 40 });
  await page.locator('#zhsearch a.hit mark').first().waitFor({ timeout: 10000 });
  const hits = await page.locator('#zhsearch a.hit').count();
  check(hits > 0, 'widget: results shown for 小团队 (' + hits + ')');
  const marks = await page.locator('#zhsearch a.hit mark').allTextContents();
  check(marks.length > 0 && marks.every((t) => t === '小团队'), 'widget: matches marked');
  await page.keyboard.press('ArrowDown');
  check(await page.locator('#zhsearch a.hit.active').count() === 1, 'widget: ArrowDown selects a result');
  await page.screenshot({ path: path.join(shots, 'widget-results.png') });
  await page.context().close();

  const denied = await newPage(browser, { viewport: { width: 1000, height: 600 } });
  await denied.goto(blogOrigin + '/denied.html');
  await denied.locator('#zhsearch input').click();
  await denied.keyboard.type('小团队', { delay: 40 });
  const error = denied.locator('#zhsearch .msg.error');
  await error.waitFor({ timeout: 10000 });
  const message = await error.textContent();
  check(/无法连接搜索服务/.test(message) && message.includes('--cors-origin') && message.includes(blogOrigin),
        'widget: clear error when the origin is not allowed: ' + message);
  check(await denied.locator('#zhsearch a.hit').count() === 0, 'widget: no results when refused');
  await denied.screenshot({ path: path.join(shots, 'widget-cors-error.png') });
  await denied.context().close();
}

main()
  .catch((e) => { failures.push('exception: ' + (e && e.stack || e)); console.error(e); })
  .finally(() => {
    for (const c of children) c.kill('SIGTERM');
    if (process.env.ZH_KEEP_TMP !== '1') fs.rmSync(work, { recursive: true, force: true });
    console.log(failures.length ? `${failures.length} browser check(s) failed` : 'all browser checks passed');
    console.log('screenshots in ' + shots);
    process.exit(failures.length ? 1 : 0);
  });
