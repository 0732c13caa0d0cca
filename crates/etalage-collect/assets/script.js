/* etalage tracker: page views and events, no cookies, no storage writes.
 * Attributes, the etalage() API and the opt-out flag: see assets/README.md.
 * Sends JSON as text/plain (no CORS preflight): sendBeacon, else fetch. */
(function (w, d) {
  'use strict';
  var s = d.currentScript || d.querySelector('script[data-domain]'), loc = w.location, last;
  if (!s) return;
  function has(a) { return s.hasAttribute(a) }
  var api = s.getAttribute('data-api') || new URL(s.src, loc.href).origin + '/api/event',
    domain = s.getAttribute('data-domain') || loc.hostname,
    queue = (w.etalage && w.etalage.q) || [],
    files = /\.(pdf|xlsx?|docx?|pptx?|odt|ods|txt|rtf|csv|zip|rar|7z|gz|tgz|dmg|exe|msi|pkg|iso|apk|epub|mp3|wav|mp4|mov|avi|mkv)$/i;

  function send(name, o) {
    o = o || {};
    var cb = o.callback, skip;
    try { skip = w.localStorage.etalage_ignore == 'true' } catch (e) {}
    if (!has('data-include-localhost') &&
      (/^(localhost|127(\.\d+){3}|\[::1\])$/.test(loc.hostname) || loc.protocol == 'file:')) skip = 1;
    if (skip) return cb && cb({ ignored: true });
    var body = JSON.stringify({
      name: name, url: loc.href, domain: domain, referrer: d.referrer || null,
      props: o.props, revenue: o.revenue, interactive: o.interactive !== false
    }), n = w.navigator;
    // A beacon cannot report back: a callback waits for fetch.
    if (!cb && n.sendBeacon && n.sendBeacon(api, body)) return;
    w.fetch(api, { method: 'POST', body: body, keepalive: true, headers: { 'Content-Type': 'text/plain' } })
      .then(function (r) { cb && cb({ status: r.status }) }, function (e) { cb && cb({ error: e }) });
  }

  // One page view per path: replaceState, hash and query changes do not count.
  function page() {
    if (last != loc.pathname) { last = loc.pathname; send('pageview') }
  }

  function click(e) {
    var a = e.target.closest && e.target.closest('a[href]');
    if (!a || (e.type == 'auxclick' && e.button != 1) || !a.host) return;
    if (has('data-file-downloads') && files.test(a.pathname)) send('File Download', { props: { url: a.href } });
    else if (has('data-outbound-links') && a.host != loc.host) send('Outbound Link: Click', { props: { url: a.href } });
  }

  var h = w.history, push = h.pushState;
  if (push) {
    h.pushState = function () { push.apply(h, arguments); page() };
    w.addEventListener('popstate', page);
  }
  d.addEventListener('click', click);
  d.addEventListener('auxclick', click);
  w.etalage = send;
  // A prerendered page counts when it is shown, not when it is fetched.
  if (d.visibilityState == 'prerender') {
    d.addEventListener('visibilitychange', function () { d.visibilityState == 'visible' && page() });
  } else page();
  for (var i = 0; i < queue.length; i++) send.apply(null, queue[i]);
})(window, document);
