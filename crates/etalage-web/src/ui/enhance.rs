//! The one small script of the settings pages, as progressive
//! enhancement: copy buttons next to read-only fields, and the "waiting for
//! the first event" notice that asks the server every few seconds. Without
//! JavaScript the fields can still be selected and copied by hand, and the
//! notice shows the state at the time the page was made.
use super::context::Ctx;
use super::layout::esc;

/// A "copy" button for the read-only field `target_id`, with a live region
/// that says when it worked. Hidden until the script shows it: without
/// JavaScript it could do nothing.
pub(super) fn copy_button(ctx: &Ctx, target_id: &str) -> String {
    let l = ctx.locale;
    format!(
        r#"<p class="copy-row"><button type="button" class="secondary" data-copy="{target_id}" data-copied="{copied}" hidden>{copy}</button> <span class="copy-status" role="status"></span></p>"#,
        copied = esc(&l.t("snippet-copied")),
        copy = esc(&l.t("snippet-copy")),
    )
}

/// The script, placed once at the end of a page that uses
/// [`copy_button`] or a waiting notice (`id="first-event"` with
/// `data-waiting` and `data-url`). It polls every 5 seconds, backs off to
/// 30 seconds after an error, and stops once the first event is in.
pub(super) const SCRIPT: &str = r#"<script>
(function (d, w) {
  'use strict';
  d.querySelectorAll('button[data-copy]').forEach(function (b) {
    b.hidden = false;
    b.addEventListener('click', function () {
      var f = d.getElementById(b.getAttribute('data-copy')), s = b.nextElementSibling;
      function done() { if (s) s.textContent = b.getAttribute('data-copied'); }
      function old() { f.focus(); f.select(); try { d.execCommand('copy'); done(); } catch (e) {} }
      if (w.navigator.clipboard && w.isSecureContext) w.navigator.clipboard.writeText(f.value).then(done, old);
      else old();
    });
  });
  var n = d.getElementById('first-event');
  if (!n || !n.hasAttribute('data-waiting') || !w.fetch) return;
  function poll() {
    w.fetch(n.getAttribute('data-url'), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { if (!r.ok) throw r.status; return r.json(); })
      .then(function (j) {
        if (!j.received) return w.setTimeout(poll, 5000);
        n.textContent = j.message;
        n.className = 'notice notice-ok';
        n.removeAttribute('data-waiting');
      }, function () { w.setTimeout(poll, 30000); });
  }
  w.setTimeout(poll, 5000);
})(document, window);
</script>
"#;
