// newsgraph UI: evidence highlighting on article pages and tidy filter URLs. No dependencies.
(function () {
  "use strict";

  function clearActive() {
    document.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
  }

  function segsFor(kind, id) {
    var out = [];
    document.querySelectorAll(".seg[data-" + kind + "]").forEach(function (el) {
      if ((el.getAttribute("data-" + kind) || "").split(" ").indexOf(id) >= 0) { out.push(el); }
    });
    return out;
  }

  // Highlight the evidence of "ev-ID" or "q-ID" and scroll the text to it.
  function showRecord(hash) {
    var m = /^#(ev|q)-([0-9a-zA-Z]+)$/.exec(hash || "");
    if (!m) { return false; }
    var kind = m[1], id = m[2];
    clearActive();
    var segs = segsFor(kind, id);
    segs.forEach(function (el) { el.classList.add("active"); });
    var card = document.getElementById(kind + "-" + id);
    if (card) { card.classList.add("active"); }
    if (segs.length) { segs[0].scrollIntoView({ block: "center" }); }
    if (card) { card.scrollIntoView({ block: "nearest" }); }
    return segs.length > 0;
  }

  function setupArticle() {
    var text = document.getElementById("text");
    if (!text) { return; }
    text.addEventListener("click", function (ev) {
      var seg = ev.target.closest ? ev.target.closest(".seg") : null;
      if (!seg) { return; }
      var evs = (seg.getAttribute("data-ev") || "").split(" ").filter(Boolean);
      var qs = (seg.getAttribute("data-q") || "").split(" ").filter(Boolean);
      var first = evs.length ? "#ev-" + evs[0] : (qs.length ? "#q-" + qs[0] : null);
      if (!first) { return; }
      history.replaceState(null, "", first);
      showRecord(first);
      evs.slice(1).forEach(function (id) {
        var c = document.getElementById("ev-" + id); if (c) { c.classList.add("active"); }
      });
      qs.forEach(function (id) {
        var c = document.getElementById("q-" + id); if (c) { c.classList.add("active"); }
      });
    });
    document.querySelectorAll(".card a.show").forEach(function (a) {
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        history.replaceState(null, "", a.getAttribute("href"));
        showRecord(a.getAttribute("href"));
      });
    });
    window.addEventListener("hashchange", function () { showRecord(location.hash); });
    showRecord(location.hash);
  }

  // Drop empty fields so filter URLs stay short and shareable.
  function setupFilters() {
    document.querySelectorAll("form.filters").forEach(function (form) {
      form.addEventListener("submit", function () {
        form.querySelectorAll("input, select").forEach(function (el) {
          if (!el.value) { el.disabled = true; }
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupArticle();
    setupFilters();
  });
})();
