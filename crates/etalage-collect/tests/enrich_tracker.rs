//! The browser tracker `assets/script.js`: its size budget, what it must never
//! do, and (with Node.js, when installed) its behaviour against a fake DOM.

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;

const SCRIPT: &str = include_str!("../assets/script.js");

/// The tracker is loaded on every page of every site: keep it small.
const GZIP_BUDGET: usize = 1536;

#[test]
fn tracker_is_under_1_5_kb_gzipped() {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(SCRIPT.as_bytes()).unwrap();
    let size = gz.finish().unwrap().len();
    println!(
        "assets/script.js: {} bytes, {size} bytes gzipped",
        SCRIPT.len()
    );
    assert!(
        size < GZIP_BUDGET,
        "assets/script.js is {size} bytes gzipped; the budget is {GZIP_BUDGET}"
    );
}

#[test]
fn tracker_sets_no_cookie_and_writes_no_storage() {
    for forbidden in [
        "document.cookie",
        "localStorage.setItem",
        "sessionStorage",
        "indexedDB",
    ] {
        assert!(
            !SCRIPT.contains(forbidden),
            "assets/script.js must not use {forbidden}"
        );
    }
}

#[test]
fn tracker_sends_the_servers_field_names() {
    for field in [
        "name:",
        "url:",
        "domain:",
        "referrer:",
        "props:",
        "revenue:",
        "interactive:",
    ] {
        assert!(SCRIPT.contains(field), "body field {field} missing");
    }
}

/// Runs the tracker in Node's `vm` with a fake window and document, and
/// checks what it sends. Skipped (with a message) where `node` is missing.
#[test]
fn tracker_behaviour_in_node() {
    if Command::new("node").arg("--version").output().is_err() {
        eprintln!("SKIPPED tracker_behaviour_in_node: no `node` on PATH");
        return;
    }
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/script.js");
    let out = Command::new("node")
        .arg("-e")
        .arg(HARNESS)
        .arg(&script)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "node harness failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("all tracker checks passed"), "{stdout}");
}

const HARNESS: &str = r#"
const fs = require('fs'), vm = require('vm'), assert = require('assert');
const src = fs.readFileSync(process.argv[1], 'utf8');

function run(o = {}) {
  const sent = [], listeners = {};
  const attrs = Object.assign({ 'data-domain': 'shop.example', src: 'https://stats.example/js/script.js' }, o.attrs);
  const script = { src: attrs.src, getAttribute: n => (n in attrs ? attrs[n] : null), hasAttribute: n => n in attrs };
  const on = p => (type, fn) => (listeners[p + type] = listeners[p + type] || []).push(fn);
  const loc = new URL(o.href || 'https://shop.example/start?x=1#top');
  const location = {
    get href() { return loc.href }, get pathname() { return loc.pathname }, get hostname() { return loc.hostname },
    get host() { return loc.host }, get protocol() { return loc.protocol },
  };
  const navigator = o.noBeacon ? {} : { sendBeacon: (url, body) => { assert.strictEqual(typeof body, 'string'); sent.push({ via: 'beacon', url, body: JSON.parse(body) }); return true } };
  const window = {
    location, navigator, localStorage: o.storage || {},
    history: { pushState: (st, t, u) => { loc.href = new URL(u, loc.href).href } },
    fetch: (url, init) => { sent.push({ via: 'fetch', url, body: JSON.parse(init.body), init }); return Promise.resolve({ status: 202 }) },
    addEventListener: on('window:'),
  };
  if (o.queue) { window.etalage = function () {}; window.etalage.q = o.queue }
  const document = {
    currentScript: script, querySelector: () => script, referrer: o.referrer || '',
    visibilityState: o.visibility || 'visible', addEventListener: on('document:'),
  };
  vm.runInNewContext(src, { window, document, URL });
  const fire = (key, ev) => (listeners[key] || []).forEach(f => f(ev));
  const link = (href, extra = {}) => { const u = new URL(href); return Object.assign({ target: { closest: () => ({ host: u.host, href: u.href, pathname: u.pathname }) }, type: 'click' }, extra) };
  return { sent, window, document, loc, fire, link };
}
const names = t => t.sent.map(s => s.body.name);
// Objects made inside the vm have that context's prototypes: compare as JSON.
const plain = x => JSON.parse(JSON.stringify(x));
let checks = 0;
function check(label, fn) { fn(); checks++; console.log('ok', label) }

check('pageview on load, full field names, beacon to the default API', () => {
  const t = run({ referrer: 'https://www.google.com/' });
  assert.deepStrictEqual(t.sent, [{ via: 'beacon', url: 'https://stats.example/api/event', body: {
    name: 'pageview', url: 'https://shop.example/start?x=1#top', domain: 'shop.example',
    referrer: 'https://www.google.com/', interactive: true } }]);
});
check('data-api overrides the endpoint; referrer is null when empty', () => {
  const t = run({ attrs: { 'data-api': 'https://collect.example/e' } });
  assert.strictEqual(t.sent[0].url, 'https://collect.example/e');
  assert.strictEqual(t.sent[0].body.referrer, null);
});
check('pushState and popstate send page views, once per path', () => {
  const t = run();
  t.window.history.pushState({}, '', '/next');
  t.window.history.pushState({}, '', '/next?sort=price#b');
  t.loc.href = 'https://shop.example/start';
  t.fire('window:popstate', {});
  assert.deepStrictEqual(t.sent.map(s => new URL(s.body.url).pathname), ['/start', '/next', '/start']);
});
check('localStorage.etalage_ignore = "true" sends nothing, still calls back', () => {
  let called;
  const t = run({ storage: { etalage_ignore: 'true' } });
  t.window.etalage('Signup', { callback: r => (called = r) });
  assert.deepStrictEqual(t.sent, []);
  assert.deepStrictEqual(plain(called), { ignored: true });
  assert.strictEqual(run({ storage: { etalage_ignore: 'false' } }).sent.length, 1);
});
check('localhost is skipped unless data-include-localhost', () => {
  for (const href of ['http://localhost:3000/', 'http://127.0.0.1/', 'http://[::1]:8080/', 'file:///tmp/a.html'])
    assert.strictEqual(run({ href }).sent.length, 0, href);
  assert.strictEqual(run({ href: 'http://localhost:3000/', attrs: { 'data-include-localhost': '' } }).sent.length, 1);
});
check('queued calls run after the page view, with props and revenue', () => {
  const t = run({ queue: [['Signup', { props: { plan: 'pro' }, revenue: { amount: 9.5, currency: 'EUR' } }]] });
  assert.deepStrictEqual(names(t), ['pageview', 'Signup']);
  assert.deepStrictEqual(t.sent[1].body.props, { plan: 'pro' });
  assert.deepStrictEqual(t.sent[1].body.revenue, { amount: 9.5, currency: 'EUR' });
});
check('interactive: false is passed on', () => {
  const t = run();
  t.window.etalage('Scrolled', { interactive: false });
  assert.strictEqual(t.sent[1].body.interactive, false);
});
check('without sendBeacon: fetch, keepalive, text/plain', () => {
  const t = run({ noBeacon: true });
  assert.strictEqual(t.sent[0].via, 'fetch');
  assert.deepStrictEqual(plain(t.sent[0].init.headers), { 'Content-Type': 'text/plain' });
  assert.strictEqual(t.sent[0].init.keepalive, true);
  assert.strictEqual(t.sent[0].init.method, 'POST');
});
check('outbound links only with data-outbound-links, only other hosts', () => {
  let t = run();
  t.fire('document:click', t.link('https://other.example/x'));
  assert.deepStrictEqual(names(t), ['pageview']);
  t = run({ attrs: { 'data-outbound-links': '' } });
  t.fire('document:click', t.link('https://shop.example/about'));
  t.fire('document:click', t.link('https://other.example/x?y=1'));
  t.fire('document:auxclick', t.link('https://other.example/right', { type: 'auxclick', button: 2 }));
  t.fire('document:auxclick', t.link('https://other.example/middle', { type: 'auxclick', button: 1 }));
  assert.deepStrictEqual(names(t), ['pageview', 'Outbound Link: Click', 'Outbound Link: Click']);
  assert.deepStrictEqual(t.sent[1].body.props, { url: 'https://other.example/x?y=1' });
  assert.deepStrictEqual(t.sent[2].body.props, { url: 'https://other.example/middle' });
});
check('file downloads only with data-file-downloads', () => {
  let t = run();
  t.fire('document:click', t.link('https://shop.example/files/catalogue.pdf'));
  assert.deepStrictEqual(names(t), ['pageview']);
  t = run({ attrs: { 'data-file-downloads': '' } });
  t.fire('document:click', t.link('https://shop.example/files/catalogue.pdf'));
  t.fire('document:click', t.link('https://shop.example/files/page.html'));
  assert.deepStrictEqual(names(t), ['pageview', 'File Download']);
  assert.deepStrictEqual(t.sent[1].body.props, { url: 'https://shop.example/files/catalogue.pdf' });
});
check('a prerendered page counts when shown', () => {
  const t = run({ visibility: 'prerender' });
  assert.strictEqual(t.sent.length, 0);
  t.document.visibilityState = 'visible';
  t.fire('document:visibilitychange', {});
  assert.deepStrictEqual(names(t), ['pageview']);
});
(async () => {
  const t = run();
  const r = await new Promise(res => t.window.etalage('Purchase', { callback: res }));
  assert.deepStrictEqual(plain(r), { status: 202 });
  assert.strictEqual(t.sent[1].via, 'fetch');
  checks++; console.log('ok a callback waits for fetch and gets the status');
  console.log(`all tracker checks passed (${checks})`);
})().catch(e => { console.error(e); process.exit(1) });
"#;
