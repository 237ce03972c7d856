// dossier's offline search. The index is a script (assets/search-index.js)
// that sets window.DOSSIER_SEARCH, so this works from file:// as well as
// from a server. Everything shown is built with DOM text nodes, never HTML.
//
// The index is loaded when it is first needed (the search box gets focus
// or a query, or the search page opens), not by every page: for a large
// dossier it is megabytes of script to fetch and parse.
(function () {
  "use strict";
  var index = null;
  var waiting = [];
  var failed = false;
  // Runs `then` once the index is there, loading it the first time; runs
  // `fail` instead if it cannot be loaded.
  function withIndex(root, then, fail) {
    index = index || window.DOSSIER_SEARCH || null;
    if (index) { then(); return; }
    if (failed) { fail(); return; }
    waiting.push([then, fail]);
    if (waiting.length > 1) { return; }
    var script = document.createElement("script");
    script.src = root + "assets/search-index.js";
    function done() {
      index = window.DOSSIER_SEARCH || null;
      failed = !index;
      var ready = waiting;
      waiting = [];
      ready.forEach(function (f) { (index ? f[0] : f[1])(); });
    }
    script.onload = done;
    script.onerror = done;
    document.head.appendChild(script);
  }
  // Says in `list` that there is no index to search.
  function unavailable(list) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    var li = document.createElement("li");
    li.className = "search-none";
    li.textContent = "Search is not available: its index (assets/search-index.js) could not be loaded.";
    list.appendChild(li);
    list.hidden = false;
  }
  var KIND = { article: "Article", person: "Person", topic: "Topic", disagreement: "Disagreement" };
  var ORDER = { article: 0, disagreement: 1, person: 2, topic: 3 };

  function fold(s) {
    return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function words(s) {
    return fold(s).split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length > 0; });
  }
  function decode(p) {
    var out = [], at = 0;
    p.split(".").forEach(function (g) { at += parseInt(g, 36); out.push(at); });
    return out;
  }
  // Documents holding a word starting with `prefix`.
  function withPrefix(prefix) {
    var terms = index.terms, lo = 0, hi = terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (terms[mid] < prefix) { lo = mid + 1; } else { hi = mid; }
    }
    var found = {};
    for (var i = lo; i < terms.length && i < lo + 500 && terms[i].indexOf(prefix) === 0; i++) {
      decode(index.postings[i]).forEach(function (d) { found[d] = true; });
    }
    return found;
  }
  function search(query) {
    var q = words(query);
    if (q.length === 0) { return { words: q, hits: [] }; }
    var sets = q.map(withPrefix);
    var hits = Object.keys(sets[0]).map(Number).filter(function (d) {
      return sets.every(function (s) { return s[d]; });
    });
    hits = hits.map(function (d) {
      var doc = index.docs[d];
      var title = words(doc[1]);
      var score = q.filter(function (w) {
        return title.some(function (t) { return t.indexOf(w) === 0; });
      }).length;
      return { doc: doc, id: d, score: score };
    });
    hits.sort(function (a, b) {
      return b.score - a.score || ORDER[a.doc[0]] - ORDER[b.doc[0]] || a.id - b.id;
    });
    return { words: q, hits: hits };
  }
  // Appends `text` to `el`, marking the words that start with a query word.
  function marked(el, text, q) {
    text.split(/([\p{L}\p{N}]+)/u).forEach(function (part) {
      var f = fold(part);
      if (part && q.some(function (w) { return f.indexOf(w) === 0; })) {
        var m = document.createElement("mark");
        m.textContent = part;
        el.appendChild(m);
      } else if (part) {
        el.appendChild(document.createTextNode(part));
      }
    });
  }
  function render(list, result, root, limit) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    var shown = result.hits.slice(0, limit);
    shown.forEach(function (h) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + h.doc[2];
      var kind = document.createElement("span");
      kind.className = "search-kind";
      kind.textContent = KIND[h.doc[0]] || h.doc[0];
      a.appendChild(kind);
      var title = document.createElement("span");
      title.className = "search-title";
      marked(title, h.doc[1], result.words);
      a.appendChild(title);
      li.appendChild(a);
      var snippet = document.createElement("p");
      snippet.className = "search-snippet";
      marked(snippet, h.doc[3], result.words);
      li.appendChild(snippet);
      list.appendChild(li);
    });
    if (result.words.length > 0 && shown.length === 0) {
      var none = document.createElement("li");
      none.className = "search-none";
      none.textContent = "Nothing found.";
      list.appendChild(none);
    }
    list.hidden = result.words.length === 0;
  }

  var forms = document.querySelectorAll("form.search");
  Array.prototype.forEach.call(forms, function (form) {
    var input = form.querySelector("input[name=q]");
    var list = form.querySelector(".search-results");
    var root = form.getAttribute("data-root") || "";
    if (!input || !list) { return; }
    input.addEventListener("focus", function () { withIndex(root, function () {}, function () {}); });
    input.addEventListener("input", function () {
      withIndex(root, function () { render(list, search(input.value), root, 8); },
        function () { unavailable(list); });
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape") {
        input.value = "";
        list.hidden = true;
      }
    });
  });

  // The search page: results for ?q=.
  var page = document.getElementById("search-page-results");
  if (page) {
    var pageRoot = page.getAttribute("data-root") || "";
    var q = new URLSearchParams(window.location.search).get("q") || "";
    var box = document.getElementById("search-page-q");
    if (box) { box.value = q; }
    withIndex(pageRoot, function () {
      if (box) {
        box.addEventListener("input", function () {
          render(page, search(box.value), pageRoot, 200);
        });
      }
      render(page, search(box ? box.value : q), pageRoot, 200);
    }, function () { unavailable(page); });
  }
})();
