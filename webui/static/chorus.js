/* Chorus respondent pages: progressive enhancement only; every page works
   without this file. Plain ES5, no framework, no request to any other site.
   - shows and hides conditional questions as the person answers;
   - keeps a draft of the answers in this browser (never on the server)
     until the feedback is sent, except in kiosk mode;
   - sends the feedback to the JSON API; when offline or the server fails,
     keeps it in an outbox in this browser, keyed by the response id, and
     resends it when the connection returns (the id makes a resend safe);
   - opens the thank-you page by posting the receipt's quarter and flag in
     a form body (never in an address or storage), and shows where to get
     help on whatever page is open when the outbox sends a response later;
   - character counts, error summary focus, kiosk reset, poster printing. */
(function () {
  'use strict';
  var doc = document;
  var body = doc.body;
  var OUTBOX = 'chorus-outbox';
  var DRAFT_PREFIX = 'chorus-draft:';
  var KIOSK_IDLE_MS = 120000;
  var kiosk = body.getAttribute('data-kiosk') === '1';
  var store = openStorage();
  var flushing = false;

  body.className += ' nhsuk-frontend-supported';

  function openStorage() {
    try {
      var s = window.localStorage;
      s.setItem('chorus-test', '1');
      s.removeItem('chorus-test');
      return s;
    } catch (e) {
      return null;
    }
  }

  function load(key, fallback) {
    if (!store) { return fallback; }
    try {
      var v = store.getItem(key);
      return v ? JSON.parse(v) : fallback;
    } catch (e) {
      return fallback;
    }
  }

  function save(key, value) {
    if (!store) { return false; }
    try {
      store.setItem(key, JSON.stringify(value));
      return true;
    } catch (e) {
      return false;
    }
  }

  function drop(key) {
    if (store) { try { store.removeItem(key); } catch (e) { /* ignore */ } }
  }

  function each(list, fn) {
    for (var i = 0; i < list.length; i++) { fn(list[i], i); }
  }

  function fmt(template, n) {
    return (template || '').replace('%d', String(n));
  }

  /* ---- the form's answers ---- */

  function questions(form) {
    return form.querySelectorAll('[data-question]');
  }

  // rawValues returns the non-empty values of a question's inputs.
  function rawValues(q) {
    var out = [];
    each(q.querySelectorAll('input, textarea'), function (el) {
      if ((el.type === 'radio' || el.type === 'checkbox') && !el.checked) { return; }
      var v = el.value.replace(/\r\n?/g, '\n').replace(/^\s+|\s+$/g, '');
      if (v !== '') { out.push(v); }
    });
    return out;
  }

  function holds(el, visible, values) {
    var on = el.getAttribute('data-if-q');
    if (!on) { return true; }
    if (!visible[on]) { return false; }
    var want = JSON.parse(el.getAttribute('data-if-v') || '[]');
    var have = values[on] || [];
    for (var i = 0; i < have.length; i++) {
      if (want.indexOf(have[i]) >= 0) { return true; }
    }
    return false;
  }

  // applyConditions shows the questions whose visible_if holds, in form
  // order, and disables the inputs of hidden ones so they are never sent.
  function applyConditions(form) {
    var visible = {};
    var values = {};
    each(form.querySelectorAll('[data-section]'), function (sec) {
      var secShown = holds(sec, visible, values);
      sec.hidden = !secShown;
      each(sec.querySelectorAll('[data-question]'), function (q) {
        var id = q.getAttribute('data-question');
        var shown = secShown && holds(q, visible, values);
        visible[id] = shown;
        values[id] = shown ? rawValues(q) : [];
        q.hidden = !shown;
        each(q.querySelectorAll('input, textarea'), function (el) { el.disabled = !shown; });
      });
    });
    return visible;
  }

  // typed converts a question's values as the server would.
  function typed(type, vals) {
    switch (type) {
      case 'multi_choice': return vals;
      case 'likert':
      case 'rating': return parseInt(vals[0], 10);
      case 'number': return Number(vals[0].replace(/\s/g, ''));
      case 'yes_no': return vals[0] === 'yes';
      default: return vals[0];
    }
  }

  function labelText(q) {
    var el = q.querySelector('legend, label.nhsuk-label--m');
    if (!el) { return ''; }
    var copy = el.cloneNode(true);
    each(copy.querySelectorAll('.chorus-required'), function (r) { r.parentNode.removeChild(r); });
    return copy.textContent.replace(/\s+/g, ' ').replace(/^\s|\s$/g, '');
  }

  // collect returns the answers to send and the errors found in the browser
  // (required answers missing, numbers that are not numbers).
  function collect(form) {
    var visible = applyConditions(form);
    var answers = {};
    var errors = [];
    each(questions(form), function (q) {
      var id = q.getAttribute('data-question');
      if (!visible[id]) { return; }
      var type = q.getAttribute('data-type');
      var vals = rawValues(q);
      if (vals.length === 0) {
        if (q.querySelector('.chorus-required')) {
          var text = /^(number|short_text|long_text)$/.test(type) ? form.getAttribute('data-msg-required') : form.getAttribute('data-msg-choose');
          errors.push({ id: id, q: q, text: text });
        }
        return;
      }
      var v = typed(type, vals);
      if (typeof v === 'number' && isNaN(v)) {
        errors.push({ id: id, q: q, text: form.getAttribute('data-msg-number') });
        return;
      }
      answers[id] = v;
    });
    return { answers: answers, errors: errors };
  }

  /* ---- errors: the NHS error summary and inline messages ---- */

  function clearErrors(form) {
    var old = doc.querySelector('.nhsuk-error-summary');
    if (old) { old.parentNode.removeChild(old); }
    each(form.querySelectorAll('.nhsuk-form-group--error'), function (g) {
      g.className = g.className.replace(/\s*nhsuk-form-group--error/, '');
      var m = g.querySelector('.nhsuk-error-message');
      if (m) { m.parentNode.removeChild(m); }
    });
  }

  function showErrors(form, errors) {
    clearErrors(form);
    var summary = doc.createElement('div');
    summary.className = 'nhsuk-error-summary';
    summary.tabIndex = -1;
    var alert = doc.createElement('div');
    alert.setAttribute('role', 'alert');
    var h = doc.createElement('h2');
    h.className = 'nhsuk-error-summary__title';
    h.id = 'error-summary-title';
    h.textContent = form.getAttribute('data-msg-title');
    var list = doc.createElement('ul');
    list.className = 'nhsuk-list nhsuk-error-summary__list';
    each(errors, function (err) {
      var li = doc.createElement('li');
      if (err.q) {
        var a = doc.createElement('a');
        a.href = '#a-' + err.id;
        a.textContent = err.text + ': ' + labelText(err.q);
        li.appendChild(a);
        inlineError(form, err);
      } else {
        li.textContent = err.text;
      }
      list.appendChild(li);
    });
    var bodyDiv = doc.createElement('div');
    bodyDiv.className = 'nhsuk-error-summary__body';
    bodyDiv.appendChild(list);
    alert.appendChild(h);
    alert.appendChild(bodyDiv);
    summary.appendChild(alert);
    var main = doc.querySelector('.nhsuk-grid-column-two-thirds') || form.parentNode;
    main.insertBefore(summary, main.firstChild);
    doc.title = form.getAttribute('data-msg-prefix') + ' ' + doc.title.replace(/^\S+:\s/, '');
    summary.focus();
  }

  function inlineError(form, err) {
    var q = err.q;
    if (q.className.indexOf('nhsuk-form-group--error') < 0) { q.className += ' nhsuk-form-group--error'; }
    var msg = doc.createElement('span');
    msg.className = 'nhsuk-error-message';
    msg.id = 'a-' + err.id + '-error';
    var hidden = doc.createElement('span');
    hidden.className = 'nhsuk-u-visually-hidden';
    hidden.textContent = form.getAttribute('data-msg-prefix') + ' ';
    msg.appendChild(hidden);
    msg.appendChild(doc.createTextNode(err.text));
    var anchor = q.querySelector('.nhsuk-radios, .nhsuk-checkboxes, .nhsuk-input, .nhsuk-textarea');
    if (anchor) { anchor.parentNode.insertBefore(msg, anchor); }
    var described = q.querySelector('fieldset, input, textarea');
    if (described) {
      var ids = (described.getAttribute('aria-describedby') || '').replace(msg.id, '');
      described.setAttribute('aria-describedby', (ids + ' ' + msg.id).replace(/^\s+/, ''));
    }
  }

  // serverErrors maps a 422 body's fields ("answers.fft") to questions.
  function serverErrors(form, data) {
    var out = [];
    var fields = (data && data.error && data.error.fields) || [];
    each(fields, function (f) {
      var id = String(f.field || '').replace(/^answers\./, '');
      var q = form.querySelector('[data-question="' + id.replace(/["\\]/g, '') + '"]');
      out.push(q ? { id: id, q: q, text: f.message } : { text: f.message });
    });
    if (out.length === 0) { out.push({ text: (data && data.error && data.error.message) || form.getAttribute('data-msg-failed') }); }
    return out;
  }

  /* ---- drafts ---- */

  function saveDraft(form) {
    if (kiosk) { return; }
    var draft = {};
    each(questions(form), function (q) {
      var name = 'a-' + q.getAttribute('data-question');
      var vals = rawValues(q);
      if (vals.length) { draft[name] = vals; }
    });
    save(form.getAttribute('data-draft'), draft);
  }

  function restoreDraft(form) {
    var draft = load(form.getAttribute('data-draft'), null);
    if (!draft) { return; }
    each(form.querySelectorAll('input, textarea'), function (el) {
      var vals = draft[el.name];
      if (!vals || el.type === 'hidden') { return; }
      if (el.type === 'radio' || el.type === 'checkbox') {
        el.checked = vals.indexOf(el.value) >= 0;
      } else {
        el.value = vals[0];
      }
    });
  }

  function clearAllDrafts() {
    if (!store) { return; }
    var keys = [];
    for (var i = 0; i < store.length; i++) {
      var k = store.key(i);
      if (k && k.indexOf(DRAFT_PREFIX) === 0) { keys.push(k); }
    }
    each(keys, drop);
  }

  /* ---- sending and the outbox ---- */

  function status(text) {
    var el = doc.getElementById('chorus-status');
    if (!el) { return; }
    el.textContent = '';
    if (!text) { return; }
    var p = doc.createElement('div');
    p.className = 'nhsuk-inset-text';
    p.appendChild(doc.createTextNode(text));
    el.appendChild(p);
  }

  // post sends one response. The callback gets 'sent' with the receipt,
  // 'invalid' with the error body, 'rejected' for other 4xx, or 'failed'
  // when it should be tried again later (offline, 5xx, 429).
  function post(item, done) {
    if (!window.fetch) { done('unsupported'); return; }
    window.fetch(item.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify(item.body),
      credentials: 'omit',
      cache: 'no-store'
    }).then(function (res) {
      if (res.status === 200 || res.status === 201) {
        return res.json().then(function (rec) { done('sent', rec); }, function () { done('sent', {}); });
      }
      if (res.status === 422) {
        return res.json().then(function (b) { done('invalid', b); }, function () { done('invalid', null); });
      }
      if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
        done('rejected');
        return;
      }
      done('failed');
    }, function () { done('failed'); });
  }

  // goThanks opens the thank-you page once a response is stored. Whether
  // the comment was flagged goes in the body of a POST, which the server
  // answers with a redirect to an address that carries only a one-time
  // token: no address, history entry, title or storage shows the flag.
  function goThanks(item, rec) {
    var f = doc.createElement('form');
    f.method = 'post';
    f.action = item.thanks;
    f.hidden = true;
    var fields = { q: (rec && rec.quarter) || '', crisis: rec && rec.crisis ? '1' : '0' };
    for (var name in fields) {
      if (Object.prototype.hasOwnProperty.call(fields, name)) {
        var input = doc.createElement('input');
        input.type = 'hidden';
        input.name = name;
        input.value = fields[name];
        f.appendChild(input);
      }
    }
    body.appendChild(f);
    HTMLFormElement.prototype.submit.call(f);
  }

  // showSentSupport tells a person on another page that feedback saved on
  // this phone has now been sent, with where to get help now (more
  // prominent when the comment was flagged). Nothing is stored or put in
  // the address.
  function showSentSupport(rec) {
    var tpl = doc.getElementById('chorus-support-sent');
    var main = doc.getElementById('maincontent');
    if (!tpl || !main || !tpl.content || doc.getElementById('support-sent')) { return; }
    var card = tpl.content.firstElementChild.cloneNode(true);
    if (rec && rec.crisis) {
      card.className = card.className.replace('nhsuk-card--care--non-urgent', 'nhsuk-card--care--urgent');
    }
    main.insertBefore(card, main.firstChild);
  }

  function queue(item) {
    var box = load(OUTBOX, {});
    box[item.body.id] = item;
    return save(OUTBOX, box);
  }

  function unqueue(id) {
    var box = load(OUTBOX, {});
    delete box[id];
    save(OUTBOX, box);
  }

  // flushOutbox resends every queued response; each is removed once the
  // server has it, or when the server refuses it for good.
  function flushOutbox() {
    if (flushing || !store) { return; }
    var box = load(OUTBOX, {});
    var ids = [];
    for (var id in box) { if (Object.prototype.hasOwnProperty.call(box, id)) { ids.push(id); } }
    if (ids.length === 0) { return; }
    flushing = true;
    var next = function (i) {
      if (i >= ids.length) { flushing = false; return; }
      post(box[ids[i]], function (outcome, rec) {
        if (outcome === 'sent' || outcome === 'invalid' || outcome === 'rejected') {
          unqueue(ids[i]);
          if (outcome === 'sent' && body.getAttribute('data-waiting') === ids[i]) {
            // The person is still looking at "saved on this phone": tell them
            // it has gone, then show the thank-you page.
            body.removeAttribute('data-waiting');
            var form = doc.getElementById('survey-form');
            status(form ? form.getAttribute('data-msg-sent') : '');
            var item = box[ids[i]];
            setTimeout(function () { goThanks(item, rec); }, kiosk ? 0 : 1500);
          } else if (outcome === 'sent') {
            showSentSupport(rec);
          }
        }
        next(i + 1);
      });
    };
    next(0);
  }

  function initForm(form) {
    each(doc.querySelectorAll('.chorus-refresh'), function (el) { el.parentNode.removeChild(el); });
    if (form.getAttribute('data-posted') !== '1' && !kiosk) { restoreDraft(form); }
    applyConditions(form);
    initCounts(form);
    var onEdit = function () { applyConditions(form); saveDraft(form); };
    form.addEventListener('change', onEdit);
    form.addEventListener('input', onEdit);
    var button = doc.getElementById('submit-feedback');
    form.addEventListener('submit', function (ev) {
      if (!window.fetch || !window.JSON) { return; } // the plain form post works
      ev.preventDefault();
      var got = collect(form);
      if (got.errors.length) { showErrors(form, got.errors); return; }
      var item = {
        url: form.getAttribute('data-api'),
        thanks: form.getAttribute('data-thanks'),
        body: { id: form.elements.response_id.value, team: form.elements.team.value, language: form.elements.lang.value, answers: got.answers }
      };
      button.disabled = true;
      post(item, function (outcome, data) {
        button.disabled = false;
        if (outcome === 'sent') {
          drop(form.getAttribute('data-draft'));
          unqueue(item.body.id);
          goThanks(item, data);
        } else if (outcome === 'invalid') {
          showErrors(form, serverErrors(form, data));
        } else if (outcome === 'failed' && queue(item)) {
          drop(form.getAttribute('data-draft'));
          clearErrors(form);
          form.hidden = true;
          body.setAttribute('data-waiting', item.body.id);
          status(form.getAttribute('data-msg-offline'));
          var top = doc.getElementById('chorus-status');
          if (top) { top.scrollIntoView(); }
          if (kiosk) { setTimeout(resetKiosk, 10000); }
        } else if (outcome === 'failed') {
          showErrors(form, [{ text: form.getAttribute('data-msg-failed') }]);
        } else {
          // Nothing else can help: let the server answer the plain post.
          applyConditions(form);
          HTMLFormElement.prototype.submit.call(form);
        }
      });
    });
  }

  /* ---- character counts ---- */

  function initCounts(form) {
    each(form.querySelectorAll('.nhsuk-character-count'), function (wrap) {
      var area = wrap.querySelector('textarea');
      var info = doc.getElementById(area.id + '-info');
      var max = parseInt(wrap.getAttribute('data-maxlength'), 10);
      if (!area || !info || !max) { return; }
      info.className += ' nhsuk-u-visually-hidden';
      var shown = doc.createElement('div');
      shown.className = 'nhsuk-hint nhsuk-character-count__status';
      shown.setAttribute('aria-hidden', 'true');
      var spoken = doc.createElement('div');
      spoken.className = 'nhsuk-u-visually-hidden';
      spoken.setAttribute('aria-live', 'polite');
      info.parentNode.insertBefore(shown, info.nextSibling);
      info.parentNode.insertBefore(spoken, shown.nextSibling);
      var timer = null;
      var update = function () {
        var left = max - area.value.replace(/\r\n?/g, '\n').length;
        var text = left >= 0 ? fmt(form.getAttribute('data-msg-left'), left) : fmt(form.getAttribute('data-msg-over'), -left);
        shown.textContent = text;
        shown.className = 'nhsuk-character-count__status ' + (left < 0 ? 'nhsuk-error-message' : 'nhsuk-hint');
        clearTimeout(timer);
        timer = setTimeout(function () { spoken.textContent = text; }, 1000);
      };
      area.addEventListener('input', update);
      update();
    });
  }

  /* ---- kiosk ---- */

  function resetKiosk() {
    clearAllDrafts();
    var form = doc.getElementById('survey-form');
    var again = doc.getElementById('another');
    var target = form ? form.getAttribute('action') : (again ? again.getAttribute('href') : window.location.href);
    window.location.replace(target);
  }

  function initKiosk() {
    if (!kiosk) { return; }
    clearAllDrafts();
    var timer = null;
    var idle = function () {
      clearTimeout(timer);
      timer = setTimeout(resetKiosk, KIOSK_IDLE_MS);
    };
    each(['keydown', 'pointerdown', 'touchstart', 'input', 'scroll'], function (name) {
      doc.addEventListener(name, idle, true);
    });
    idle();
    var again = doc.getElementById('another');
    var after = again && parseInt(again.getAttribute('data-return-after'), 10);
    if (after) { setTimeout(function () { window.location.replace(again.getAttribute('href')); }, after * 1000); }
  }

  /* ---- error summary links ---- */

  // ancestor returns the nearest element from el up that passes test.
  function ancestor(el, test) {
    for (; el && el.nodeType === 1; el = el.parentNode) {
      if (test(el)) { return el; }
    }
    return null;
  }

  // A link of the error summary focuses its field with the question's
  // legend or label scrolled into view; the browser's own jump would put
  // the field at the top of the screen and the question above it, unseen.
  function initSummaryLinks() {
    doc.addEventListener('click', function (ev) {
      var a = ancestor(ev.target, function (el) { return el.nodeName === 'A'; });
      var href = a ? a.getAttribute('href') || '' : '';
      if (href.charAt(0) !== '#' || !ancestor(a, function (el) { return /\bnhsuk-error-summary\b/.test(el.className); })) { return; }
      var field = doc.getElementById(href.slice(1));
      if (!field || !field.focus) { return; }
      var fieldset = ancestor(field, function (el) { return el.nodeName === 'FIELDSET'; });
      var label = fieldset ? fieldset.querySelector('legend') : doc.querySelector('label[for="' + field.id + '"]');
      ev.preventDefault();
      (label || field).scrollIntoView();
      try {
        field.focus({ preventScroll: true });
      } catch (e) {
        field.focus();
      }
    });
  }

  /* ---- other pages ---- */

  function initPoster() {
    var b = doc.getElementById('print-poster');
    if (!b) { return; }
    b.hidden = false;
    b.addEventListener('click', function () { window.print(); });
  }

  var summary = doc.querySelector('.nhsuk-error-summary');
  if (summary) { summary.focus(); }
  var surveyForm = doc.getElementById('survey-form');
  if (surveyForm) { initForm(surveyForm); }
  initSummaryLinks();
  initPoster();
  initKiosk();
  flushOutbox();
  window.addEventListener('online', flushOutbox);
  setInterval(flushOutbox, 30000);
}());
