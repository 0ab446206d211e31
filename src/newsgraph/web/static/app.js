// newsgraph UI: evidence highlighting, tidy filter URLs, brush-to-zoom on time charts and
// wheel/drag zoom on the network and the map. No dependencies.
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

  function addDays(iso, n) {
    var d = new Date(iso + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }

  function daysBetween(a, b) {
    return Math.round((new Date(b + "T00:00:00Z") - new Date(a + "T00:00:00Z")) / 86400000);
  }

  // Time charts: drag across the plot to zoom into that date range (date_from/date_to).
  function setupBrush() {
    document.querySelectorAll("svg.timechart").forEach(function (svg) {
      var t0 = svg.getAttribute("data-t0"), t1 = svg.getAttribute("data-t1");
      var left = parseFloat(svg.getAttribute("data-left"));
      var plotw = parseFloat(svg.getAttribute("data-plotw"));
      var brush = svg.querySelector("rect.brush");
      var span = daysBetween(t0, t1), start = null, moved = false;
      function xOf(ev) {
        var pt = svg.createSVGPoint();
        pt.x = ev.clientX; pt.y = ev.clientY;
        return pt.matrixTransform(svg.getScreenCTM().inverse()).x;
      }
      function dayAt(x) {
        var f = Math.min(1, Math.max(0, (x - left) / plotw));
        return addDays(t0, Math.round(f * span));
      }
      svg.addEventListener("mousedown", function (ev) {
        start = xOf(ev); moved = false; ev.preventDefault();
      });
      svg.addEventListener("mousemove", function (ev) {
        if (start === null) { return; }
        var x = xOf(ev);
        if (Math.abs(x - start) > 4) { moved = true; }
        brush.setAttribute("x", Math.min(x, start));
        brush.setAttribute("width", Math.abs(x - start));
      });
      window.addEventListener("mouseup", function (ev) {
        if (start === null) { return; }
        var x = xOf(ev), a = start;
        start = null;
        if (!moved) { return; }
        var from = dayAt(Math.min(a, x)), to = dayAt(Math.max(a, x));
        var params = new URLSearchParams(location.search);
        params.set("date_from", from); params.set("date_to", to); params.delete("offset");
        location.search = params.toString();
      });
      svg.addEventListener("click", function (ev) {
        if (moved) { ev.preventDefault(); moved = false; }
      }, true);
    });
  }

  // Network and map: wheel to zoom around the pointer, drag to pan (viewBox changes only).
  function setupZoom() {
    document.querySelectorAll("svg.zoomable").forEach(function (svg) {
      var vb = svg.getAttribute("viewBox").split(" ").map(parseFloat);
      var full = vb.slice(), drag = null, dragged = false;
      function apply() { svg.setAttribute("viewBox", vb.join(" ")); }
      function point(ev) {
        var r = svg.getBoundingClientRect();
        return [vb[0] + (ev.clientX - r.left) / r.width * vb[2],
                vb[1] + (ev.clientY - r.top) / r.height * vb[3]];
      }
      svg.addEventListener("wheel", function (ev) {
        ev.preventDefault();
        var p = point(ev), k = ev.deltaY > 0 ? 1.2 : 1 / 1.2;
        var w = Math.min(full[2], Math.max(full[2] / 20, vb[2] * k));
        var h = w * full[3] / full[2];
        vb = [p[0] - (p[0] - vb[0]) * w / vb[2], p[1] - (p[1] - vb[1]) * h / vb[3], w, h];
        apply();
      }, { passive: false });
      svg.addEventListener("mousedown", function (ev) { drag = [ev.clientX, ev.clientY]; dragged = false; });
      window.addEventListener("mousemove", function (ev) {
        if (!drag) { return; }
        var r = svg.getBoundingClientRect();
        var dx = (ev.clientX - drag[0]) / r.width * vb[2], dy = (ev.clientY - drag[1]) / r.height * vb[3];
        if (Math.abs(ev.clientX - drag[0]) + Math.abs(ev.clientY - drag[1]) > 3) { dragged = true; }
        vb[0] -= dx; vb[1] -= dy; drag = [ev.clientX, ev.clientY];
        apply();
      });
      window.addEventListener("mouseup", function () { drag = null; });
      svg.addEventListener("click", function (ev) {
        if (dragged) { ev.preventDefault(); dragged = false; }
      }, true);
      svg.addEventListener("dblclick", function () { vb = full.slice(); apply(); });
    });
  }

  // Facet counts beside the filters, fetched from /api/facets for the same filters; each
  // value is a link that adds it to the current query. Built with textContent only.
  var FACETS = [["outlet", "outlet"], ["source", "source country"], ["target", "target country"],
                ["root", "CAMEO root"], ["quad_class", "quad class"], ["modality", "modality"]];
  var QUADS = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
                4: "material conflict" };

  function setupFacets() {
    var box = document.getElementById("facets");
    if (!box || !window.fetch) { return; }
    fetch(box.getAttribute("data-src"), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        box.textContent = "";
        if (!data) { return; }
        FACETS.forEach(function (pair) {
          var name = pair[0], col = document.createElement("div");
          var h = document.createElement("h3");
          h.textContent = pair[1];
          col.appendChild(h);
          var ul = document.createElement("ul");
          ul.className = "facet";
          (data.facets[name] || []).forEach(function (x) {
            if (x.value === null) { return; }
            var params = new URLSearchParams(location.search);
            params.set(name, x.value); params.delete("offset");
            var li = document.createElement("li"), a = document.createElement("a");
            a.href = "?" + params.toString();
            a.textContent = name === "quad_class" ? (QUADS[x.value] || x.value) : x.value;
            var n = document.createElement("span");
            n.className = "n"; n.textContent = x.n;
            li.appendChild(a); li.appendChild(document.createTextNode(" ")); li.appendChild(n);
            ul.appendChild(li);
          });
          col.appendChild(ul);
          box.appendChild(col);
        });
      })
      .catch(function () { box.textContent = ""; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupFacets();
    setupArticle();
    setupFilters();
    setupBrush();
    setupZoom();
  });
})();
