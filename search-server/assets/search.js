// Trouvaille: progressive enhancement of the search page.
//
// The page works without this script: an HTML form, results rendered by the server. The script
// adds search as you type, facet toggles without reload, the state kept in the URL (shareable;
// Back and Forward restore it), suggestions under the search box, and it announces the result
// count in the page's live region.
//
// It renders no results itself: it asks the server for the same URL with the
// `X-Trouvaille-Fragment` header and swaps in the HTML it gets back (#facets, #results, and the
// text of #result-count), rendered by the same Rust code as the full page, so the two can
// never drift apart.
(function () {
  'use strict';

  var form = document.getElementById('search-form');
  var input = document.getElementById('q');
  var listbox = document.getElementById('suggestions');
  var liveCount = document.getElementById('result-count');
  var main = document.getElementById('main');
  if (!form || !input || !listbox || !liveCount || !main || !window.fetch ||
      !window.AbortController || !window.URLSearchParams || !history.pushState ||
      !('content' in document.createElement('template'))) {
    return; // an old browser keeps the plain form
  }
  document.documentElement.classList.add('js');

  var DEBOUNCE_MS = 200;
  var FRAGMENT_HEADER = 'X-Trouvaille-Fragment';
  var PAGE_PATH = '/';

  // ---- State: the form is the state, the URL its shareable copy ------------------------------

  /** The form's fields as URL parameters, without empty values and defaults. */
  function formParams() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (typeof value !== 'string' || value.trim() === '') return;
      if (name === 'sort' && value === 'relevance') return;
      params.append(name, value);
    });
    return params;
  }

  function urlOf(params) {
    var query = params.toString();
    return query ? PAGE_PATH + '?' + query : PAGE_PATH;
  }

  function currentUrl() {
    return location.pathname + location.search;
  }

  /** Puts the URL's text fields back in the form; checkboxes and dates come with the fragment. */
  function restoreForm(params) {
    input.value = params.get('q') || '';
    var sort = form.elements.namedItem('sort');
    if (sort) sort.value = params.get('sort') || 'relevance';
  }

  // ---- Loading results -----------------------------------------------------------------------

  var latest = 0; // number of the latest search: older answers are ignored
  var inFlight = null;

  /**
   * Shows the results of `url`. `history` is 'typing' (one history entry per typing burst),
   * 'push' (a new entry) or 'none' (Back/Forward: the entry exists already).
   */
  function show(url, historyMode, options) {
    options = options || {};
    if (historyMode === 'typing' && history.state && history.state.typing) {
      history.replaceState({ typing: true }, '', url);
    } else if (historyMode !== 'none' && url !== currentUrl()) {
      history.pushState({ typing: historyMode === 'typing' }, '', url);
    }
    var number = ++latest;
    if (inFlight) inFlight.abort();
    var controller = new AbortController();
    inFlight = controller;
    var results = document.getElementById('results');
    if (results) results.setAttribute('aria-busy', 'true');
    var headers = { Accept: 'text/html' };
    headers[FRAGMENT_HEADER] = '1';
    fetch(url, { headers: headers, signal: controller.signal, credentials: 'same-origin' })
      .then(function (response) {
        var type = response.headers.get('Content-Type') || '';
        if (type.indexOf('text/html') !== 0) throw new Error('not the page: ' + response.status);
        return response.text();
      })
      .then(function (html) {
        if (number !== latest) return; // a newer search has started
        inFlight = null;
        swap(html, options);
      })
      .catch(function (error) {
        if (error && error.name === 'AbortError') return;
        if (number === latest) location.assign(url); // let the server render the whole page
      });
  }

  /** Replaces #facets and #results with the fragment's, and updates the live region's text. */
  function swap(html, options) {
    var template = document.createElement('template');
    template.innerHTML = html;
    var fresh = template.content;
    var active = document.activeElement;
    var focusKey = null;
    var focusWasInside = false;
    ['facets', 'results'].forEach(function (id) {
      var region = document.getElementById(id);
      if (region && active && region.contains(active)) {
        focusWasInside = true;
        focusKey = active.getAttribute('data-key');
      }
    });
    ['facets', 'results'].forEach(function (id) {
      var current = document.getElementById(id);
      var next = fresh.getElementById(id);
      if (current && next) current.replaceWith(next);
    });
    var count = fresh.getElementById('result-count');
    if (count && liveCount.textContent !== count.textContent) {
      liveCount.textContent = count.textContent;
    }
    var results = document.getElementById('results');
    if (results && results.getAttribute('data-title')) {
      document.title = results.getAttribute('data-title');
    }
    if (options.focusResults) {
      main.focus();
      main.scrollIntoView({ block: 'start' });
    } else if (focusWasInside) {
      // The element that had focus was replaced: focus its new copy, else the results.
      var target = focusKey && findByKey(focusKey);
      (target || main).focus();
    }
  }

  function findByKey(key) {
    var candidates = document.querySelectorAll('#facets [data-key], #results [data-key]');
    for (var i = 0; i < candidates.length; i++) {
      if (candidates[i].getAttribute('data-key') === key) return candidates[i];
    }
    return null;
  }

  // ---- What triggers a search ----------------------------------------------------------------

  var typingTimer = 0;

  function searchNow(historyMode) {
    clearTimeout(typingTimer);
    show(urlOf(formParams()), historyMode);
  }

  input.addEventListener('input', function () {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () { show(urlOf(formParams()), 'typing'); }, DEBOUNCE_MS);
    scheduleSuggestions();
  });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    closeSuggestions();
    searchNow('push');
  });

  // Checkboxes, dates and the sort order: the facet fields live outside the <form> element
  // (they are attached with form="search-form"), so listen on the document.
  document.addEventListener('change', function (event) {
    var field = event.target;
    if (field === input || !field || field.form !== form) return;
    searchNow('push');
  });

  // Links of the facets, pagination and "did you mean" lead to this page: load them in place.
  document.addEventListener('click', function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
        event.shiftKey || event.altKey) return;
    var link = event.target.closest && event.target.closest('a[href]');
    if (!link || !link.closest('#facets, #results')) return;
    var url = new URL(link.href, location.href);
    if (url.origin !== location.origin || url.pathname !== PAGE_PATH) return;
    event.preventDefault();
    clearTimeout(typingTimer);
    restoreForm(url.searchParams);
    show(url.pathname + url.search, 'push', { focusResults: !!link.closest('.pagination') });
  });

  window.addEventListener('popstate', function () {
    clearTimeout(typingTimer);
    closeSuggestions();
    restoreForm(new URLSearchParams(location.search));
    show(currentUrl(), 'none');
  });

  history.replaceState({ typing: false }, '', currentUrl());

  // ---- Suggestions: an ARIA 1.2 combobox with a listbox ----------------------------------------
  // The roles are set here, not in the HTML: without the script there are no suggestions, and a
  // combobox that never opens (or an empty listbox) would mislead.

  var suggestionStatus = document.createElement('p');
  suggestionStatus.id = 'suggestions-status';
  suggestionStatus.className = 'visually-hidden';
  suggestionStatus.setAttribute('role', 'status');
  suggestionStatus.setAttribute('aria-live', 'polite');
  listbox.parentNode.appendChild(suggestionStatus);

  listbox.setAttribute('role', 'listbox');
  listbox.setAttribute('aria-label', 'Suggestions');
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', listbox.id);

  var suggestions = [];
  var activeIndex = -1;
  var suggestTimer = 0;
  var latestSuggestion = 0;
  var suggestionRequest = null;

  function scheduleSuggestions() {
    clearTimeout(suggestTimer);
    suggestTimer = setTimeout(fetchSuggestions, DEBOUNCE_MS);
  }

  function fetchSuggestions() {
    var text = input.value;
    var number = ++latestSuggestion;
    if (suggestionRequest) suggestionRequest.abort();
    suggestionRequest = null;
    if (text.trim() === '') {
      renderSuggestions([]);
      return;
    }
    var controller = new AbortController();
    suggestionRequest = controller;
    fetch('/api/suggest?' + new URLSearchParams({ q: text }), {
      headers: { Accept: 'application/json' },
      signal: controller.signal,
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (number !== latestSuggestion || input.value !== text || !answer) return;
        if (document.activeElement !== input) return;
        renderSuggestions(answer.suggestions || []);
      })
      .catch(function () { /* suggestions are optional */ });
  }

  function renderSuggestions(list) {
    suggestions = list;
    activeIndex = -1;
    input.removeAttribute('aria-activedescendant');
    var items = list.map(function (suggestion, index) {
      var item = document.createElement('li');
      item.id = 'suggestion-' + index;
      item.className = 'suggestion suggestion-' + suggestion.kind;
      item.setAttribute('role', 'option');
      item.setAttribute('aria-selected', 'false');
      var label = document.createElement('span');
      label.className = 'suggestion-text';
      label.textContent = suggestion.text;
      item.appendChild(label);
      if (suggestion.kind === 'title') {
        var kind = document.createElement('span');
        kind.className = 'suggestion-kind';
        kind.textContent = 'article';
        item.appendChild(kind);
      }
      return item;
    });
    listbox.replaceChildren.apply(listbox, items);
    setExpanded(list.length > 0);
    suggestionStatus.textContent = list.length === 0 ? '' : list.length === 1
      ? '1 suggestion ; flèches haut et bas pour la choisir'
      : list.length + ' suggestions ; flèches haut et bas pour les parcourir';
  }

  function setExpanded(open) {
    listbox.hidden = !open;
    input.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (!open) setActive(-1);
  }

  function setActive(index) {
    activeIndex = index;
    var items = listbox.querySelectorAll('[role="option"]');
    for (var i = 0; i < items.length; i++) {
      items[i].setAttribute('aria-selected', i === index ? 'true' : 'false');
    }
    if (index >= 0 && items[index]) {
      input.setAttribute('aria-activedescendant', items[index].id);
      items[index].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function closeSuggestions() {
    clearTimeout(suggestTimer);
    latestSuggestion++;
    if (suggestionRequest) suggestionRequest.abort();
    setExpanded(false);
  }

  function articleUrl(suggestion) {
    var url = (suggestion.url || '').trim();
    var web = /^https?:\/\//i.test(url) || (url.charAt(0) === '/' && url.charAt(1) !== '/');
    return web && url.indexOf('\\') < 0 ? url : '/api/articles/' + encodeURIComponent(suggestion.id);
  }

  function choose(index) {
    var suggestion = suggestions[index];
    if (!suggestion) return;
    closeSuggestions();
    if (suggestion.kind === 'title') {
      location.assign(articleUrl(suggestion));
      return;
    }
    input.value = suggestion.text;
    searchNow('push');
  }

  input.addEventListener('keydown', function (event) {
    var open = !listbox.hidden;
    var count = suggestions.length;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (count === 0) { fetchSuggestions(); return; }
        if (!open) { setExpanded(true); setActive(0); return; }
        setActive(activeIndex + 1 < count ? activeIndex + 1 : 0);
        break;
      case 'ArrowUp':
        if (!open || count === 0) return;
        event.preventDefault();
        setActive(activeIndex > 0 ? activeIndex - 1 : count - 1);
        break;
      case 'Enter':
        if (open && activeIndex >= 0) {
          event.preventDefault();
          choose(activeIndex);
        }
        break;
      case 'Escape':
        if (open) {
          event.preventDefault(); // keep the text: type="search" would clear it
          closeSuggestions();
        }
        break;
      case 'Tab':
        closeSuggestions();
        break;
    }
  });

  input.addEventListener('blur', closeSuggestions);
  // Keep the focus in the search box when an option is clicked.
  listbox.addEventListener('mousedown', function (event) { event.preventDefault(); });
  listbox.addEventListener('click', function (event) {
    var item = event.target.closest && event.target.closest('[role="option"]');
    if (item) choose(Number(item.id.replace('suggestion-', '')));
  });
  listbox.addEventListener('mousemove', function (event) {
    var item = event.target.closest && event.target.closest('[role="option"]');
    if (item) {
      var index = Number(item.id.replace('suggestion-', ''));
      if (index !== activeIndex) setActive(index);
    }
  });
})();
