/* Chorus survey builder: progressive enhancement of the builder form, which
   works without this script (every action is a plain form post).
   - keeps the phone-sized preview in step with the form as it changes, by
     posting the form (unsaved) into the preview frame;
   - says "Preview updated" to screen readers after a change, politely;
   - moves focus to the item an action changed when the page opens at #id. */
(function () {
  'use strict';
  var doc = document;
  var form = doc.getElementById('builder-form');
  var frame = doc.getElementById('preview-frame');
  var live = doc.getElementById('builder-live');
  if (!form || !frame || !form.submit) { return; }

  var timer = null;
  var announce = false;

  function refresh() {
    timer = null;
    var action = form.getAttribute('action');
    var target = form.getAttribute('target');
    form.setAttribute('action', form.getAttribute('data-preview'));
    form.setAttribute('target', frame.name);
    // No button is pressed, so no "op" is posted: the preview changes nothing.
    HTMLFormElement.prototype.submit.call(form);
    form.setAttribute('action', action);
    if (target) { form.setAttribute('target', target); } else { form.removeAttribute('target'); }
  }

  function later(delay, speak) {
    if (speak) { announce = true; }
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(refresh, delay);
  }

  frame.addEventListener('load', function () {
    if (announce && live) {
      live.textContent = '';
      setTimeout(function () { live.textContent = 'Preview updated.'; }, 50);
    }
    announce = false;
  });
  form.addEventListener('input', function () { later(900, false); });
  form.addEventListener('change', function () { later(300, true); });
  if (!frame.getAttribute('src')) { later(0, false); }

  // After an action the page opens at the changed item: give it the focus
  // (browsers only scroll to it), unless something has it already.
  var id = window.location.hash.slice(1);
  if (id && (doc.activeElement === doc.body || !doc.activeElement)) {
    var el = doc.getElementById(decodeURIComponent(id));
    if (el && el.hasAttribute('tabindex')) { el.focus(); }
  }
})();
