// Publication filter: narrows the server-rendered list by text (title,
// authors, venue), year, type and member. The page is complete without
// this script; the form stays hidden unless it runs. The filter state is
// kept in the URL (?q=&year=&type=&member=) so a filtered list can be
// shared and survives a reload.
(function () {
  'use strict';
  var form = document.getElementById('filter');
  var status = document.getElementById('filter-status');
  if (!form || !status) return;
  var fields = ['q', 'year', 'type', 'member'];

  // Lower case without diacritics, so "jose" finds "José".
  function fold(s) {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }
  function text(li, sel) {
    var el = li.querySelector(sel);
    return el ? el.textContent : '';
  }

  var items = Array.prototype.map.call(document.querySelectorAll('#pub-list .pub'), function (li) {
    return {
      li: li,
      text: fold([text(li, '.pub-title'), text(li, '.pub-authors'), text(li, '.pub-venue')].join(' ')),
      year: li.getAttribute('data-year') || '',
      type: li.getAttribute('data-type') || '',
      members: (li.getAttribute('data-members') || '').split(' ')
    };
  });
  var groups = document.querySelectorAll('#pub-list .pub-year');
  var total = items.length;

  function value(name) {
    var el = form.elements[name];
    return el ? el.value.trim() : '';
  }
  function plural(n) {
    return n === 1 ? ' publication' : ' publications';
  }

  function apply() {
    var terms = fold(value('q')).split(/\s+/).filter(Boolean);
    var year = value('year'), type = value('type'), member = value('member');
    var shown = 0;
    items.forEach(function (e) {
      var ok = (!year || e.year === year) && (!type || e.type === type) &&
        (!member || e.members.indexOf(member) >= 0) &&
        terms.every(function (t) { return e.text.indexOf(t) >= 0; });
      e.li.hidden = !ok;
      if (ok) shown++;
    });
    Array.prototype.forEach.call(groups, function (g) {
      g.hidden = !g.querySelector('.pub:not([hidden])');
    });
    status.textContent = shown === total ? 'Showing all ' + total + plural(total) + '.' :
      shown === 0 ? 'No publication matches these filters.' :
        'Showing ' + shown + ' of ' + total + plural(total) + '.';
    status.setAttribute('data-shown', String(shown));

    var params = new URLSearchParams(location.search);
    fields.forEach(function (f) {
      var v = value(f);
      if (v) params.set(f, v); else params.delete(f);
    });
    var qs = params.toString();
    history.replaceState(history.state, '', location.pathname + (qs ? '?' + qs : '') + location.hash);
  }

  // Restore the state from the URL; a value a select does not offer is
  // dropped rather than leaving an empty list.
  var params = new URLSearchParams(location.search);
  fields.forEach(function (f) {
    var el = form.elements[f];
    if (el && params.has(f)) {
      el.value = params.get(f);
      if (el.value !== params.get(f)) el.value = '';
    }
  });

  form.hidden = false;
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (ev) { ev.preventDefault(); apply(); });
  form.addEventListener('reset', function () { setTimeout(apply, 0); });
  apply();
})();
