/* framelens explorer: plain JavaScript and SVG, no library, nothing loaded from the network.
 * Every piece of corpus text goes into the page through textContent / createTextNode, never as
 * HTML, so a "<script>" in an article shows as text and never runs. */
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("framelens-data").textContent);
  var SVG = "http://www.w3.org/2000/svg";
  var MAX_ROWS = 200;
  var FAMILY_COLORS = {hedge: "#e0a800", booster: "#e8663d", attribution: "#2f7ed8", scare_quote: "#9b59d0",
                       agentless_passive: "#3aa655", loaded: "#d6336c", naming: "#139c8f"};
  var VARIANT_COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                        "#9c755f", "#bab0ac"];

  // ------------------------------------------------------------------------------ small helpers
  function el(tag, attrs) {
    var node = document.createElement(tag);
    setAttrs(node, attrs);
    for (var i = 2; i < arguments.length; i++) add(node, arguments[i]);
    return node;
  }
  function sv(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    setAttrs(node, attrs);
    for (var i = 2; i < arguments.length; i++) add(node, arguments[i]);
    return node;
  }
  function setAttrs(node, attrs) {
    if (!attrs) return;
    Object.keys(attrs).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") node.textContent = String(v);
      else if (k.slice(0, 2) === "on") node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, String(v));
    });
  }
  function add(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { add(node, c); }); return; }
    node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  var FORMATS = {};  // one Intl.NumberFormat per precision: toLocaleString builds a new one per call (slow)
  function fmt(v, digits) {
    if (v === null || v === undefined || isNaN(v)) return "–";
    var d = digits === undefined ? 2 : digits;
    var f = FORMATS[d] || (FORMATS[d] = new Intl.NumberFormat("en-US", {maximumFractionDigits: d, minimumFractionDigits: 0}));
    return f.format(Number(v));
  }
  // a rate or share of voice v covers evidence of voice w: every voice when v is "" or "all"
  function voiceCovers(v, w) { var name = D.voices[v]; return !name || name === "all" || v === w; }
  function pct(v) { return (v === null || v === undefined) ? "–" : (100 * v).toFixed(0) + "%"; }
  function family(key) {
    if (key.indexOf("naming:") === 0) return "naming";
    var i = key.indexOf(":");
    return i < 0 ? key : key.slice(0, i);
  }
  function option(value, label, selected) {
    return el("option", {value: value, selected: selected ? "selected" : null, text: label});
  }
  function select(name, options, onchange) {
    var s = el("select", {name: name, "aria-label": name, onchange: function () { onchange(s.value); }});
    options.forEach(function (o) { s.appendChild(option(o[0], o[1], o[2])); });
    return s;
  }
  function labelled(text, control) { return el("label", null, text, control); }
  function outletName(i) { return D.outlets[i][0]; }
  function outletColor(i) { return D.outlets[i][3]; }
  function chip(i) { return el("span", {"class": "outlet-chip", style: "border-color:" + outletColor(i), text: outletName(i)}); }

  // text of a window with its marks: marks are [start, end(, feature)] in UTF-16 units of the window
  function sentenceNode(win, marks, markClass, title) {
    var text = D.windows[win][1];
    var p = el("p", {"class": "sent"});
    if (D.windows[win][2]) p.appendChild(document.createTextNode("… "));
    var at = 0;
    (marks || []).slice().sort(function (a, b) { return a[0] - b[0]; }).forEach(function (m) {
      var s = Math.max(at, m[0]), e = m[1];
      if (e <= s) return;
      if (s > at) p.appendChild(document.createTextNode(text.slice(at, s)));
      var cls = markClass ? markClass(m) : null;
      var ttl = title ? title(m) : null;
      p.appendChild(el("mark", {"class": cls, title: ttl, text: text.slice(s, e)}));
      at = e;
    });
    if (at < text.length) p.appendChild(document.createTextNode(text.slice(at)));
    if (D.windows[win][3]) p.appendChild(document.createTextNode(" …"));
    return p;
  }
  function docOf(win) { return D.docs[D.windows[win][0]]; }

  // ------------------------------------------------------------------------------ evidence panel
  var panel = document.getElementById("evidence");
  var ev = {rows: [], title: "", total: null, filters: {}, shown: MAX_ROWS};

  function showEvidence(title, rows, totalLine) {
    ev = {rows: rows, title: title, total: totalLine, filters: {}, shown: MAX_ROWS};
    drawEvidence();
  }
  function evidenceIntro() {
    clear(panel);
    panel.appendChild(el("h2", {text: "Sentences"}));
    panel.appendChild(el("p", {"class": "note", text: "Click a term, a rate or a naming bar to read the sentences " +
      "behind it: each is the sentence around one cue (at most " + D.meta.sampling.window_chars +
      " characters), from a seeded sample of the corpus."}));
  }
  function uniqueValues(rows, key) {
    var seen = {}, out = [];
    rows.forEach(function (r) { var v = r[key]; if (v !== undefined && v !== null && !(v in seen)) { seen[v] = 1; out.push(v); } });
    return out;
  }
  function drawEvidence() {
    clear(panel);
    panel.appendChild(el("h2", {id: "evidence-title", text: ev.title}));
    if (ev.total) panel.appendChild(el("p", {"class": "count", id: "evidence-total", text: ev.total}));
    var filters = el("div", {"class": "filters"});
    function addFilter(key, label, values, name) {
      if (values.length < 2) return;
      var opts = [["", "every " + label]].concat(values.map(function (v) { return [String(v), name(v), String(ev.filters[key]) === String(v)]; }));
      filters.appendChild(select("filter " + label, opts, function (v) {
        if (v === "") delete ev.filters[key]; else ev.filters[key] = v;
        ev.shown = MAX_ROWS; drawEvidence();
      }));
    }
    addFilter("outlet", "outlet", uniqueValues(ev.rows, "outlet").sort(function (a, b) { return outletName(a).localeCompare(outletName(b)); }), outletName);
    addFilter("feature", "feature", uniqueValues(ev.rows, "feature"), function (f) { return D.feature_labels[f]; });
    addFilter("label", "variant or term", uniqueValues(ev.rows, "label").sort(function (a, b) { return D.labels[a].localeCompare(D.labels[b]); }), function (l) { return D.labels[l]; });
    if (D.meta.has_voice) addFilter("voice", "voice", uniqueValues(ev.rows, "voice"), function (v) { return D.voices[v] || "(no voice)"; });
    addFilter("event", "event", uniqueValues(ev.rows, "event").filter(function (e) { return e >= 0; }), function (e) { return "event " + D.events[e]; });
    var contains = el("input", {type: "search", placeholder: "contains…", "aria-label": "sentence contains",
                                value: ev.filters.text || ""});
    contains.addEventListener("change", function () { ev.filters.text = contains.value; ev.shown = MAX_ROWS; drawEvidence(); });
    filters.appendChild(contains);
    panel.appendChild(filters);
    var needle = (ev.filters.text || "").toLowerCase();
    var rows = ev.rows.filter(function (r) {
      for (var k in ev.filters) {
        if (k === "text") continue;
        if (String(r[k]) !== String(ev.filters[k])) return false;
      }
      return !needle || D.windows[r.win][1].toLowerCase().indexOf(needle) >= 0;
    });
    panel.appendChild(el("p", {"class": "count", id: "evidence-count",
      text: rows.length ? ("Showing " + Math.min(rows.length, ev.shown) + " of " + rows.length + " sampled sentences") : ""}));
    if (!rows.length) {
      panel.appendChild(el("p", {"class": "empty", text: ev.rows.length ? "No sentence matches these filters." :
        "No sentence in the sample for this selection."}));
      return;
    }
    var list = el("div", {id: "evidence-list"});
    rows.slice(0, ev.shown).forEach(function (r) {
      var d = docOf(r.win);
      var src = el("div", {"class": "src"}, chip(d[0]), " ", d[2] ? d[2] + " · " : "", d[3] || "(no title)",
                   " ", el("span", {"class": "id", text: "[" + d[1] + "]"}),
                   r.feature !== undefined ? " · " + D.feature_labels[r.feature] : "",
                   (D.meta.has_voice && r.voice !== undefined && D.voices[r.voice]) ? " · " + D.voices[r.voice] : "");
      list.appendChild(el("div", {"class": "ev"}, src, sentenceNode(r.win, r.marks)));
    });
    panel.appendChild(list);
    if (rows.length > ev.shown) {
      panel.appendChild(el("button", {"class": "small", text: "show more", onclick: function () { ev.shown += MAX_ROWS; drawEvidence(); }}));
    }
  }
  function cueRows(test) {
    var out = [];
    D.evidence.forEach(function (r) {
      var d = D.docs[D.windows[r[0]][0]];
      var row = {win: r[0], marks: r[1], feature: r[2], label: r[3], voice: r[4], outlet: d[0], event: d[4]};
      if (test(row)) out.push(row);
    });
    return out;
  }

  // ------------------------------------------------------------------------------ tabs
  var views = document.getElementById("views");
  var tabs = document.getElementById("tabs");
  var drawn = {};
  var VIEWS = [["terms", "Distinctive terms", drawTerms], ["cues", "Cues", drawCues], ["naming", "Naming", drawNaming],
               ["events", "Same event", drawEvents], ["about", "About this page", drawAbout]];
  function showView(name) {
    VIEWS.forEach(function (v) {
      var sec = document.getElementById("view-" + v[0]);
      var on = v[0] === name;
      sec.hidden = !on;
      document.getElementById("tab-" + v[0]).setAttribute("aria-selected", on ? "true" : "false");
      if (on && !drawn[name]) { drawn[name] = true; v[2](sec); }
    });
  }
  VIEWS.forEach(function (v) {
    tabs.appendChild(el("button", {id: "tab-" + v[0], role: "tab", "aria-selected": "false", text: v[1],
                                   onclick: function () { showView(v[0]); }}));
    views.appendChild(el("section", {id: "view-" + v[0], "class": "view", hidden: "hidden"}));
  });

  // ------------------------------------------------------------------------------ distinctive terms
  var T = D.terms;
  var nUnits = T.units.length;
  var freq = T.counts.map(function (flat) { var s = 0; for (var i = 1; i < flat.length; i += 2) s += flat[i]; return s; });

  function sideOptions() {
    var opts = D.outlets.map(function (o, i) { return ["o:" + i, o[0]]; });
    D.groupings.forEach(function (g, gi) {
      g[1].forEach(function (val, vi) { if (val !== "") opts.push(["g:" + gi + ":" + vi, g[0] + ": " + val]); });
    });
    return opts;
  }
  function unitsOf(spec) {
    var inSide = new Uint8Array(nUnits);
    var parts = spec.split(":");
    for (var u = 0; u < nUnits; u++) {
      var unit = T.units[u];
      if (parts[0] === "o") inSide[u] = unit[0] === +parts[1] ? 1 : 0;
      else if (parts[0] === "g") inSide[u] = unit[1 + (+parts[1])] === +parts[2] ? 1 : 0;
    }
    return inSide;
  }
  function sideName(spec) {
    var parts = spec.split(":");
    if (spec === "rest") return "the rest";
    if (parts[0] === "o") return outletName(+parts[1]);
    var g = D.groupings[+parts[1]];
    return g[0] + " " + g[1][+parts[2]];
  }
  // log-odds with the informative Dirichlet prior (pooled, scale 1), as framelens.compare.logodds
  function logOdds(specA, specB) {
    var a = unitsOf(specA);
    var b = specB === "rest" ? a.map(function (x) { return x ? 0 : 1; }) : unitsOf(specB);
    for (var u = 0; u < nUnits; u++) if (a[u]) b[u] = 0;  // a unit on both sides counts for A only
    var n = {}, orders = ["1", "2"];
    orders.forEach(function (o) {
      var na = 0, nb = 0, tot = T.totals[o];
      for (var u = 0; u < nUnits; u++) { if (a[u]) na += tot[u]; if (b[u]) nb += tot[u]; }
      n[o] = {a: na, b: nb, a0: T.prior_total[o]};
    });
    var out = [];
    for (var j = 0; j < T.names.length; j++) {
      var flat = T.counts[j], ya = 0, yb = 0;
      for (var i = 0; i < flat.length; i += 2) { if (a[flat[i]]) ya += flat[i + 1]; else if (b[flat[i]]) yb += flat[i + 1]; }
      if (ya + yb === 0) continue;
      var s = n[String(T.ngram[j])], alpha = freq[j];
      var inA = ya + alpha, inB = yb + alpha, outA = s.a + s.a0 - inA, outB = s.b + s.a0 - inB;
      var delta = Math.log(inA) - Math.log(outA) - (Math.log(inB) - Math.log(outB));
      var variance = 1 / inA + 1 / outA + 1 / inB + 1 / outB;
      out.push({term: j, name: T.names[j], ngram: T.ngram[j], ya: ya, yb: yb, delta: delta, z: delta / Math.sqrt(variance)});
    }
    return out;
  }

  var termState = {a: null, b: "rest", ngram: "1", chosen: null, search: ""};
  function drawTerms(sec) {
    clear(sec);
    sec.appendChild(el("h2", {text: "Distinctive terms"}));
    sec.appendChild(el("p", {"class": "how", text: "Each dot is a word (or a two-word phrase): across, how often the two sides " +
      "use it (log scale); up, the z-score of its log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn " +
      "2008): above zero the first side uses it more, below the second. Beyond ±1.96 dots are coloured. z grows with corpus " +
      "size, so read the extremes. Click a dot, a listed term or a search result to read its sentences from every outlet."}));
    if (!T.names.length) { sec.appendChild(el("p", {"class": "note", text: "No term occurs often enough (" +
      D.meta.sampling.term_min_count + " times) to be compared."})); return; }
    var opts = sideOptions();
    if (termState.a === null) {
      var best = 0;
      D.outlets.forEach(function (o, i) { if ((o[2] || 0) > (D.outlets[best][2] || 0)) best = i; });
      termState.a = "o:" + best;
    }
    var controls = el("div", {"class": "controls"});
    controls.appendChild(labelled("compare", select("side A", opts.map(function (o) { return [o[0], o[1], o[0] === termState.a]; }),
      function (v) { termState.a = v; termState.chosen = null; drawTerms(sec); })));
    controls.appendChild(labelled("against", select("side B", [["rest", "the rest", termState.b === "rest"]].concat(
      opts.map(function (o) { return [o[0], o[1], o[0] === termState.b]; })),
      function (v) { termState.b = v; termState.chosen = null; drawTerms(sec); })));
    controls.appendChild(labelled("terms", select("n-grams", [["1", "words", termState.ngram === "1"], ["2", "two-word phrases", termState.ngram === "2"],
      ["all", "both", termState.ngram === "all"]], function (v) { termState.ngram = v; drawTerms(sec); })));
    var search = el("input", {type: "search", id: "term-search", placeholder: "search a term…", "aria-label": "search a term",
                              value: termState.search});
    controls.appendChild(labelled("search", search));
    sec.appendChild(controls);
    var matches = el("div", {"class": "matches", id: "term-matches"});
    sec.appendChild(matches);
    if (termState.a === termState.b) { sec.appendChild(el("p", {"class": "note", text: "Pick two different sides."})); return; }
    var all = logOdds(termState.a, termState.b);
    var points = all.filter(function (p) { return termState.ngram === "all" || String(p.ngram) === termState.ngram; });
    var chart = el("div", {"class": "chart", id: "terms-chart"});
    sec.appendChild(chart);
    var dots = scatter(chart, points);
    function runSearch() {
      termState.search = search.value;
      var q = search.value.trim().toLowerCase();
      clear(matches);
      dots.forEach(function (d) { d.node.classList.remove("found"); });
      if (!q) return;
      var found = [];
      all.forEach(function (p) { if (p.name.indexOf(q) >= 0) found.push(p); });
      found.sort(function (x, y) { return (x.name !== q) - (y.name !== q) || Math.abs(y.z) - Math.abs(x.z); });
      if (!found.length) {
        matches.appendChild(el("span", {"class": "note", text: "“" + q + "” is not among the " + T.names.length +
          " terms on this page (terms occurring at least " + D.meta.sampling.term_min_count + " times, most distinctive first)."}));
      }
      found.slice(0, 24).forEach(function (p) {
        matches.appendChild(el("button", {"class": "term-match", "data-term": p.name, text: p.name + " (z " + p.z.toFixed(1) + ")",
                                          onclick: function () { chooseTerm(p); }}));
      });
      dots.forEach(function (d) { if (d.p.name.indexOf(q) >= 0) d.node.classList.add("found"); });
    }
    search.addEventListener("input", runSearch);
    search.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { var first = matches.querySelector("button.term-match"); if (first) first.click(); }
    });
    runSearch();
    function chooseTerm(p) {
      termState.chosen = p.term;
      dots.forEach(function (d) { d.node.classList.toggle("chosen", d.p.term === p.term); });
      var rows = (T.evidence[p.term] || []).map(function (r) {
        var d = D.docs[D.windows[r[0]][0]];
        return {win: r[0], marks: r[1], outlet: d[0], event: d[4]};
      });
      // the two sides' outlets first (A, then B), then the others, by name within each
      var side = {}, ua = unitsOf(termState.a), ub = termState.b === "rest" ? null : unitsOf(termState.b);
      T.units.forEach(function (unit, u) {
        var o = unit[0];
        var rank = ua[u] ? 0 : (ub === null || ub[u]) ? 1 : 2;
        side[o] = Math.min(side[o] === undefined ? 2 : side[o], rank);
      });
      rows.sort(function (x, y) { return side[x.outlet] - side[y.outlet] || outletName(x.outlet).localeCompare(outletName(y.outlet)); });
      showEvidence("“" + p.name + "”", rows, sideName(termState.a) + ": " + fmt(p.ya, 0) + " times; " + sideName(termState.b) +
        ": " + fmt(p.yb, 0) + " times; z = " + p.z.toFixed(2) + ". " + rows.length + " sampled articles, one sentence each (of " +
        fmt(freq[p.term], 0) + " uses in the corpus).");
    }
    termsChoose = chooseTerm;
    var lists = el("div", {"class": "two"});
    [[1, sideName(termState.a)], [-1, sideName(termState.b)]].forEach(function (side) {
      var top = points.slice().sort(function (x, y) { return side[0] * (y.z - x.z); }).filter(function (p) { return side[0] * p.z > 0; }).slice(0, 15);
      var tb = el("tbody");
      top.forEach(function (p) {
        tb.appendChild(el("tr", null, el("td", null, el("button", {"class": "link term-link", "data-term": p.name, text: p.name,
                                                                    onclick: function () { chooseTerm(p); }})),
                          el("td", {"class": "num", text: p.z.toFixed(1)}), el("td", {"class": "num", text: fmt(p.ya, 0)}),
                          el("td", {"class": "num", text: fmt(p.yb, 0)})));
      });
      lists.appendChild(el("div", null, el("h3", {text: "More typical of " + side[1]}),
        el("table", null, el("thead", null, el("tr", null, el("th", {text: "term"}), el("th", {"class": "num", text: "z"}),
          el("th", {"class": "num", text: "A"}), el("th", {"class": "num", text: "B"}))), tb)));
    });
    sec.appendChild(lists);
    function scatter(container, pts) {
      var W = 760, H = 440, L = 48, R = 16, TOP = 16, B = 36;
      var g = sv("svg", {viewBox: "0 0 " + W + " " + H, width: W, height: H, role: "img",
                         "aria-label": "distinctive terms: frequency against z-score"});
      if (!pts.length) { container.appendChild(el("p", {"class": "note", text: "No term to show."})); return []; }
      var fx = pts.map(function (p) { return Math.log10(p.ya + p.yb); });
      var xmax = Math.max.apply(null, fx.concat([1])), zs = pts.map(function (p) { return p.z; });
      var zmax = Math.max(3, Math.max.apply(null, zs.map(Math.abs))) * 1.05;
      function X(v) { return L + (W - L - R) * v / (xmax * 1.02); }
      function Y(v) { return TOP + (H - TOP - B) * (zmax - v) / (2 * zmax); }
      for (var e = 0; e <= Math.ceil(xmax); e++) {
        g.appendChild(sv("line", {"class": "grid", x1: X(e), x2: X(e), y1: TOP, y2: H - B}));
        g.appendChild(sv("text", {x: X(e), y: H - B + 14, "text-anchor": "middle", text: fmt(Math.pow(10, e), 0)}));
      }
      [-1.96, 1.96].forEach(function (z) { g.appendChild(sv("line", {"class": "zero", x1: L, x2: W - R, y1: Y(z), y2: Y(z)})); });
      g.appendChild(sv("line", {"class": "grid", x1: L, x2: W - R, y1: Y(0), y2: Y(0), stroke: "#bbb"}));
      var step = zmax > 30 ? 10 : zmax > 12 ? 5 : 2;
      for (var t = -Math.floor(zmax / step) * step; t <= zmax; t += step) {
        g.appendChild(sv("text", {x: L - 6, y: Y(t) + 4, "text-anchor": "end", text: t}));
      }
      g.appendChild(sv("text", {x: (L + W - R) / 2, y: H - 4, "text-anchor": "middle", text: "uses by the two sides (log scale)"}));
      g.appendChild(sv("text", {x: 12, y: (TOP + H - B) / 2, transform: "rotate(-90 12 " + (TOP + H - B) / 2 + ")",
                                "text-anchor": "middle", text: "z (up: " + sideName(termState.a) + ", down: " + sideName(termState.b) + ")"}));
      var colA = termState.a[0] === "o" ? outletColor(+termState.a.split(":")[1]) : "#c0392b";
      var colB = termState.b[0] === "o" ? outletColor(+termState.b.split(":")[1]) : "#2c3e50";
      var out = [];
      pts.forEach(function (p, i) {
        var strong = Math.abs(p.z) > 1.96;
        var c = sv("circle", {"class": "term" + (strong ? "" : " faint"), cx: X(fx[i]).toFixed(1), cy: Y(p.z).toFixed(1),
                              r: strong ? 3.2 : 2.2, fill: strong ? (p.z > 0 ? colA : colB) : null, "data-term": p.name,
                              onclick: function () { chooseTerm(p); }},
                           sv("title", {text: p.name + ": z " + p.z.toFixed(2) + " · " + fmt(p.ya, 0) + " / " + fmt(p.yb, 0)}));
        g.appendChild(c);
        out.push({p: p, node: c});
      });
      var ranked = pts.slice().sort(function (x, y) { return y.z - x.z; });
      var labels = ranked.slice(0, 8).concat(ranked.slice(-8).filter(function (p) { return p.z < 0; }));
      labels.forEach(function (p) {
        if (Math.abs(p.z) <= 1.96) return;
        var i = pts.indexOf(p);
        g.appendChild(sv("text", {x: X(fx[i]) + 5, y: Y(p.z) + 3, "font-size": 10, text: p.name, "pointer-events": "none"}));
      });
      container.appendChild(g);
      if (termState.chosen !== null) out.forEach(function (d) { if (d.p.term === termState.chosen) d.node.classList.add("chosen"); });
      return out;
    }
  }
  var termsChoose = null;

  // ------------------------------------------------------------------------------ cues
  var cueState = {feature: null, voice: null};
  function drawCues(sec) {
    clear(sec);
    sec.appendChild(el("h2", {text: "Cues per 1,000 words"}));
    sec.appendChild(el("p", {"class": "how", text: "Each dot is an outlet's rate of the cue per 1,000 words, the line its 95% " +
      "bootstrap interval (from the rates table). Overlapping lines mean the corpus cannot tell those outlets apart. Click a dot " +
      "or an outlet to read the sentences that made it; the table below has every cue, click a cell for its sentences."}));
    if (!D.rates.length) { sec.appendChild(el("p", {"class": "note", text: "No rates table in this analysis."})); return; }
    var voices = uniqueValues(D.rates.map(function (r) { return {v: r[2]}; }), "v");
    if (cueState.voice === null) cueState.voice = voices.indexOf(0) >= 0 ? 0 : voices[0];
    var totals = {};  // cues of each feature in the chosen voice
    D.rates.forEach(function (r) { if (r[2] === cueState.voice) totals[r[1]] = (totals[r[1]] || 0) + (r[3] || 0); });
    var feats = Object.keys(totals).map(Number).sort(function (a, b) { return totals[b] - totals[a] || a - b; });
    if (cueState.feature === null || !(cueState.feature in totals)) cueState.feature = feats[0];
    var controls = el("div", {"class": "controls"});
    controls.appendChild(labelled("cue", select("cue", feats.map(function (f) {
      return [String(f), D.feature_labels[f] + " (" + fmt(totals[f], 0) + ")", f === cueState.feature]; }),
      function (v) { cueState.feature = +v; drawCues(sec); })));
    if (voices.length > 1) {
      controls.appendChild(labelled("voice", select("voice", voices.map(function (v) {
        return [String(v), D.voices[v] || "all", v === cueState.voice]; }), function (v) { cueState.voice = +v; drawCues(sec); })));
    }
    sec.appendChild(controls);
    var rows = D.rates.filter(function (r) { return r[1] === cueState.feature && r[2] === cueState.voice && r[6] !== null; });
    rows.sort(function (a, b) { return b[6] - a[6] || outletName(a[0]).localeCompare(outletName(b[0])); });
    var chart = el("div", {"class": "chart", id: "cues-chart"});
    sec.appendChild(chart);
    forest(chart, rows);
    sec.appendChild(heatTable());
  }
  function openRate(r) {
    var f = r[1], o = r[0], v = r[2];
    var rows = cueRows(function (x) {
      return x.feature === f && x.outlet === o && voiceCovers(v, x.voice);
    });
    showEvidence(outletName(o) + " · " + D.feature_labels[f] + (D.voices[v] ? " · " + D.voices[v] : ""), rows,
      fmt(r[6]) + " per 1,000 words [" + fmt(r[7]) + "–" + fmt(r[8]) + "]: " + fmt(r[3], 0) + " cues in " + fmt(r[4], 0) +
      " documents (" + fmt(r[5], 0) + " words). " + rows.length + " of them sampled here." + (r[9] ? " Note: " + r[9] : ""));
  }
  function forest(container, rows) {
    var W = 760, ROW = 18, L = 170, R = 60, TOP = 10, B = 30, H = TOP + B + ROW * rows.length;
    var g = sv("svg", {viewBox: "0 0 " + W + " " + H, width: W, height: H, role: "img", "aria-label": "rates with intervals"});
    var xmax = 0;
    rows.forEach(function (r) { xmax = Math.max(xmax, r[6] || 0, r[8] || 0); });
    xmax = xmax > 0 ? xmax * 1.05 : 1;
    function X(v) { return L + (W - L - R) * v / xmax; }
    var ticks = 5;
    for (var t = 0; t <= ticks; t++) {
      var v = xmax * t / ticks;
      g.appendChild(sv("line", {"class": "grid", x1: X(v), x2: X(v), y1: TOP, y2: H - B}));
      g.appendChild(sv("text", {x: X(v), y: H - B + 14, "text-anchor": "middle", text: fmt(v, v < 1 ? 2 : 1)}));
    }
    g.appendChild(sv("text", {x: (L + W - R) / 2, y: H - 4, "text-anchor": "middle", text: "per 1,000 words"}));
    var sumC = 0, sumW = 0;
    rows.forEach(function (r) { sumC += r[3] || 0; sumW += r[5] || 0; });
    if (sumW > 0) {
      var all = 1000 * sumC / sumW;
      g.appendChild(sv("line", {"class": "zero", x1: X(all), x2: X(all), y1: TOP, y2: H - B},
                       sv("title", {text: "all outlets: " + fmt(all)})));
    }
    rows.forEach(function (r, i) {
      var y = TOP + ROW * i + ROW / 2;
      var name = outletName(r[0]);
      g.appendChild(sv("text", {"class": "row-label", x: L - 8, y: y + 4, "text-anchor": "end", fill: outletColor(r[0]),
                                text: name.length > 26 ? name.slice(0, 25) + "…" : name, onclick: function () { openRate(r); }}));
      if (r[7] !== null && r[8] !== null) {
        g.appendChild(sv("line", {x1: X(r[7]), x2: X(r[8]), y1: y, y2: y, stroke: outletColor(r[0]), "stroke-width": 2}));
      }
      g.appendChild(sv("circle", {"class": "rate-dot", cx: X(r[6]), cy: y, r: 5, fill: outletColor(r[0]), "data-outlet": name,
                                  "data-feature": D.features[r[1]], onclick: function () {
                                    container.querySelectorAll(".rate-dot").forEach(function (n) { n.classList.remove("chosen"); });
                                    this.classList.add("chosen"); openRate(r); }},
                       sv("title", {text: name + ": " + fmt(r[6]) + " [" + fmt(r[7]) + "–" + fmt(r[8]) + "], " + fmt(r[3], 0) + " cues"})));
      g.appendChild(sv("text", {x: W - R + 6, y: y + 4, fill: "#777", text: "n=" + fmt(r[3], 0)}));
    });
    container.appendChild(g);
  }
  function heatTable() {
    var feats = [], seen = {};
    D.rates.forEach(function (r) { if (r[2] === cueState.voice && !(r[1] in seen)) { seen[r[1]] = 1; feats.push(r[1]); } });
    var byKey = {}, colMean = {};
    D.rates.forEach(function (r) {
      if (r[2] !== cueState.voice) return;
      byKey[r[0] + "/" + r[1]] = r;
    });
    feats.forEach(function (f) {
      var c = 0, w = 0;
      D.rates.forEach(function (r) { if (r[1] === f && r[2] === cueState.voice) { c += r[3] || 0; w += r[5] || 0; } });
      colMean[f] = w > 0 ? 1000 * c / w : 0;
    });
    var head = el("tr", null, el("th", {text: "outlet"}), feats.map(function (f) { return el("th", {"class": "num", text: D.feature_labels[f]}); }));
    var body = el("tbody");
    D.outlets.forEach(function (o, i) {
      var tr = el("tr", null, el("td", null, chip(i)));
      feats.forEach(function (f) {
        var r = byKey[i + "/" + f];
        if (!r || r[6] === null) { tr.appendChild(el("td", {"class": "cell", text: ""})); return; }
        var ratio = colMean[f] > 0 ? Math.log2(Math.max(r[6], 1e-9) / colMean[f]) : 0;
        var k = Math.max(-2, Math.min(2, ratio)) / 2;
        var bg = k >= 0 ? "rgba(214,39,40," + (0.55 * k).toFixed(2) + ")" : "rgba(31,119,180," + (-0.55 * k).toFixed(2) + ")";
        tr.appendChild(el("td", {"class": "cell", style: "background:" + bg, title: o[0] + " · " + D.feature_labels[f],
                                 text: fmt(r[6]), onclick: function () { openRate(r); }}));
      });
      body.appendChild(tr);
    });
    return el("div", {"class": "chart"}, el("h3", {text: "Every cue (per 1,000 words; red: more than all outlets together, blue: fewer)"}),
              el("table", {"class": "heat"}, el("thead", null, head), body));
  }

  // ------------------------------------------------------------------------------ naming
  var namingState = {concept: null, voice: null};
  function drawNaming(sec) {
    clear(sec);
    sec.appendChild(el("h2", {text: "Naming choices"}));
    sec.appendChild(el("p", {"class": "how", text: "Each bar is one outlet's mentions of a concept, split by the name it used " +
      "(shares within the concept, from the shares table; n is the number of mentions). Click a segment to read the sentences " +
      "with that name in that outlet, or a name in the legend for every outlet."}));
    if (!D.shares.length) { sec.appendChild(el("p", {"class": "note", text: "No naming concept of the lexicon packs is mentioned in this corpus."})); return; }
    var voices = uniqueValues(D.shares.map(function (s) { return {v: s[8]}; }), "v");
    if (namingState.voice === null) namingState.voice = voices[0];
    var nv = namingState.voice;
    var totals = {};
    D.shares.forEach(function (s) { if (s[8] === nv) totals[s[1]] = (totals[s[1]] || 0) + (s[3] || 0); });
    var concepts = Object.keys(totals).map(Number).sort(function (a, b) { return totals[b] - totals[a] || a - b; });
    if (namingState.concept === null || !(namingState.concept in totals)) namingState.concept = concepts[0];
    var controls = el("div", {"class": "controls"});
    controls.appendChild(labelled("concept", select("concept", concepts.map(function (c) {
      return [String(c), D.concept_labels[c] + " (" + fmt(totals[c], 0) + " mentions)", c === namingState.concept]; }),
      function (v) { namingState.concept = +v; drawNaming(sec); })));
    if (voices.length > 1) {
      controls.appendChild(labelled("voice", select("naming voice", voices.map(function (v) {
        return [String(v), D.voices[v] || "all", v === nv]; }), function (v) { namingState.voice = +v; drawNaming(sec); })));
    }
    sec.appendChild(controls);
    var c = namingState.concept;
    var rows = D.shares.filter(function (s) { return s[1] === c && s[8] === nv; });
    var variants = uniqueValues(rows.map(function (s) { return {v: s[2]}; }), "v");
    var vt = {};
    rows.forEach(function (s) { vt[s[2]] = (vt[s[2]] || 0) + (s[3] || 0); });
    variants.sort(function (a, b) { return vt[b] - vt[a] || a - b; });
    var color = {};
    variants.forEach(function (v, i) { color[v] = VARIANT_COLORS[i % VARIANT_COLORS.length]; });
    var feature = D.features.indexOf("naming:" + D.concepts[c]);
    var legend = el("div", {"class": "legend"});
    variants.forEach(function (v) {
      legend.appendChild(el("button", {"class": "link", onclick: function () {
        showEvidence("“" + D.labels[v] + "” · " + D.concept_labels[c], cueRows(function (x) {
          return x.feature === feature && x.label === v && voiceCovers(nv, x.voice); }),
                     fmt(vt[v], 0) + " mentions in all outlets.");
      }}, el("span", {"class": "sw", style: "background:" + color[v]}), D.labels[v] + " (" + fmt(vt[v], 0) + ")"));
    });
    sec.appendChild(legend);
    var byOutlet = {};
    rows.forEach(function (s) { if ((s[4] || 0) > 0) (byOutlet[s[0]] = byOutlet[s[0]] || []).push(s); });
    var outlets = Object.keys(byOutlet).map(Number).sort(function (a, b) { return byOutlet[b][0][4] - byOutlet[a][0][4] || a - b; });
    var W = 760, ROW = 22, L = 170, R = 70, TOP = 8, B = 24, H = TOP + B + ROW * outlets.length;
    var g = sv("svg", {viewBox: "0 0 " + W + " " + H, width: W, height: H, role: "img", "aria-label": "naming shares"});
    function X(v) { return L + (W - L - R) * v; }
    outlets.forEach(function (o, i) {
      var y = TOP + ROW * i;
      g.appendChild(sv("text", {x: L - 8, y: y + ROW / 2 + 4, "text-anchor": "end", fill: outletColor(o), text: outletName(o)}));
      var at = 0, segs = byOutlet[o].slice().sort(function (a, b) { return variants.indexOf(a[2]) - variants.indexOf(b[2]); });
      segs.forEach(function (s) {
        if (!s[3]) return;
        var share = s[3] / s[4];
        var seg = sv("rect", {"class": "segment", x: X(at), y: y + 2, width: Math.max(0.5, X(at + share) - X(at)), height: ROW - 4,
                              fill: color[s[2]], "data-outlet": outletName(o), "data-variant": D.labels[s[2]], onclick: function () {
                                g.querySelectorAll(".segment").forEach(function (n) { n.classList.remove("chosen"); });
                                seg.classList.add("chosen");
                                showEvidence(outletName(o) + " · “" + D.labels[s[2]] + "”" + (D.voices[nv] ? " · " + D.voices[nv] : ""),
                                  cueRows(function (x) { return x.feature === feature && x.outlet === o && x.label === s[2] &&
                                                                voiceCovers(nv, x.voice); }),
                                  pct(s[5]) + " of " + outletName(o) + "'s " + fmt(s[4], 0) + " mentions of " + D.concept_labels[c] +
                                  " [" + pct(s[6]) + "–" + pct(s[7]) + "]: " + fmt(s[3], 0) + " mentions.");
                              }},
                      sv("title", {text: D.labels[s[2]] + ": " + pct(share) + " (" + s[3] + " of " + s[4] + ") [" + pct(s[6]) + "–" + pct(s[7]) + "]"}));
        g.appendChild(seg);
        if (share > 0.12) g.appendChild(sv("text", {x: X(at + share / 2), y: y + ROW / 2 + 4, "text-anchor": "middle", fill: "white",
                                                    "pointer-events": "none", text: pct(share)}));
        at += share;
      });
      g.appendChild(sv("text", {x: W - R + 6, y: y + ROW / 2 + 4, fill: "#777", text: "n=" + fmt(byOutlet[o][0][4], 0)}));
    });
    [0, 0.25, 0.5, 0.75, 1].forEach(function (t) {
      g.appendChild(sv("text", {x: X(t), y: H - 6, "text-anchor": "middle", text: pct(t)}));
    });
    sec.appendChild(el("div", {"class": "chart", id: "naming-chart"}, g));
  }

  // ------------------------------------------------------------------------------ same event
  var eventState = {index: 0};
  function drawEvents(sec) {
    clear(sec);
    sec.appendChild(el("h2", {text: "Same event, side by side"}));
    if (!D.stories.length) {
      sec.appendChild(el("p", {"class": "note", text: "This corpus has no event covered by two or more outlets (no shared event_id), " +
        "so there is nothing to read side by side. Give articles about the same story the same event_id to get this view."}));
      return;
    }
    sec.appendChild(el("p", {"class": "how", text: "How each outlet tells the same story: each article's first sentence, then its " +
      "sentences with framing cues in reading order (at most " + D.meta.sampling.event_sentences_per_article + " per article), " +
      "every cue highlighted by kind. Hover a highlight to see which cue it is."}));
    var controls = el("div", {"class": "controls"});
    controls.appendChild(labelled("event", select("event", D.stories.map(function (s, i) {
      return [String(i), s.id + (s.label ? " — " + s.label : "") + " (" + s.docs.length + " articles)", i === eventState.index]; }),
      function (v) { eventState.index = +v; drawEvents(sec); })));
    sec.appendChild(controls);
    var legend = el("div", {"class": "legend"});
    Object.keys(FAMILY_COLORS).forEach(function (f) {
      legend.appendChild(el("span", null, el("mark", {"class": "f-" + f, text: f.replace("_", " ")})));
    });
    sec.appendChild(legend);
    var story = D.stories[eventState.index];
    var grid = el("div", {"class": "story", id: "story"});
    story.docs.forEach(function (entry) {
      var d = D.docs[entry[0]];
      var art = el("div", {"class": "article"}, chip(d[0]), el("h3", {text: d[3] || "(no title)"}),
                   el("div", {"class": "note", text: (d[2] || "no date") + " · " + d[1]}));
      entry[1].forEach(function (s) {
        art.appendChild(sentenceNode(s[0], s[1], function (m) { return "f-" + family(D.features[m[2]]); },
                                     function (m) { return D.feature_labels[m[2]]; }));
      });
      if (!entry[1].length) art.appendChild(el("p", {"class": "empty", text: "no cue found"}));
      grid.appendChild(art);
    });
    sec.appendChild(grid);
  }

  // ------------------------------------------------------------------------------ about
  function drawAbout(sec) {
    var s = D.meta.sampling;
    clear(sec);
    sec.appendChild(el("h2", {text: "About this page"}));
    var dl = el("dl", {"class": "about"});
    function item(k, v) { dl.appendChild(el("dt", {text: k})); dl.appendChild(el("dd", {text: v})); }
    item("Corpus", D.meta.name + " — " + fmt(D.meta.documents, 0) + " documents, " + D.outlets.length + " outlets, " +
         fmt(D.meta.hits, 0) + " framing cues (corpus hash " + (D.meta.corpus_hash || "–") + ").");
    if (D.meta.bounded) item("Outlets shown", "This page shows " + boundedText() + " Every outlet is in the analysis's tables (rates.csv, " +
         "shares.csv...); this page, its groups' terms and its same-event view hold only these outlets' documents.");
    item("Size", "This page is " + D.meta.page_mb + " MB; its bound is " + D.meta.bound_mb + " MB whatever the corpus. " +
         "To stay under it, the evidence is a sample, drawn with a seeded reservoir (seed " + s.seed + "): the same analysis " +
         "and seed give the same page.");
    item("Cues and names", fmt(s.cues_shown, 0) + " of " + fmt(s.cues, 0) + " cues have their sentence here: at most " +
         fmt(s.cues_per_cell, 0) + " per outlet × feature × variant" + (D.meta.has_voice ? " × voice" : "") +
         ", every cue of the smaller cells." + (s.hits_without_document ? " " + fmt(s.hits_without_document, 0) +
         " cues refer to documents missing from the corpus and have no sentence." : ""));
    item("Distinctive terms", fmt(s.terms, 0) + " of " + fmt(s.terms_candidates, 0) + " terms used at least " + s.term_min_count +
         " times: the most distinctive for some outlet or group against the rest, and the most frequent. For each, at most " +
         fmt(s.term_articles_per_term, 0) + " articles (spread over outlets), one sentence each (" + fmt(s.term_sentences, 0) +
         " in all). The z-scores are computed in the page from the counts of every outlet, with the pooled prior of " +
         "framelens.compare.logodds" + (D.meta.analysis_prior !== "pooled" ? " (the analysis used the " + D.meta.analysis_prior +
         " prior; its log_odds table differs)" : "") + ".");
    item("Same event", s.events ? (fmt(s.events_shown, 0) + " of " + fmt(s.events, 0) + " events covered by two or more outlets; " +
         fmt(s.event_sentences, 0) + " sentences.") : "No event covered by two or more outlets.");
    item("Sentences", "Each sentence is the one around a cue, cut to at most " + s.window_chars + " characters around it (… marks " +
         "a cut); no article is on the page whole. Article text is shown as text, never run as code.");
    item("Network", "None: the page and its script are in this one file, and its content security policy forbids loading anything.");
    var params = Object.keys(D.meta.parameters);
    if (params.length) item("Analysis parameters", params.map(function (k) { return k + "=" + D.meta.parameters[k]; }).join(", "));
    item("Made by", "framelens " + D.meta.version);
    sec.appendChild(dl);
  }

  function boundedText() {
    var b = D.meta.bounded;
    return "the " + fmt(b.outlets_shown, 0) + " outlets with most documents (" + fmt(b.min_documents_shown, 0) +
      " or more each) of the corpus's " + fmt(b.outlets_total, 0) + ": " + fmt(b.documents_shown, 0) + " of its " +
      fmt(b.documents_total, 0) + " documents" + (b.hits_total !== undefined ? ", " + fmt(b.hits_shown, 0) + " of its " +
      fmt(b.hits_total, 0) + " framing cues." : ".");
  }

  // ------------------------------------------------------------------------------ start
  var s = D.meta.sampling;
  document.getElementById("lead").textContent = (D.meta.bounded ? "This page shows " + boundedText() :
    fmt(D.meta.documents, 0) + " documents from " + D.outlets.length + " outlets, " + fmt(D.meta.hits, 0) + " framing cues.") +
    " Sentences are a seeded sample (" + fmt(s.cues_shown, 0) + " cue sentences, " +
    fmt(s.term_sentences, 0) + " term sentences) to keep this page under " + D.meta.bound_mb + " MB (it is " + D.meta.page_mb + " MB).";
  evidenceIntro();
  var asked = (window.location.hash || "").replace("#", "");
  var names = VIEWS.map(function (v) { return v[0]; });
  showView(names.indexOf(asked) >= 0 ? asked : names.indexOf(D.meta.start_view) >= 0 ? D.meta.start_view :
           (T.names.length ? "terms" : "cues"));
  window.framelensExplorer = {data: D, logOdds: logOdds, showView: showView,
                              chooseTerm: function (name) {
                                showView("terms");
                                var j = T.names.indexOf(name);
                                var p = j < 0 ? null : logOdds(termState.a, termState.b).filter(function (q) { return q.term === j; })[0];
                                if (p && termsChoose) termsChoose(p);
                                return Boolean(p);
                              }};
  document.documentElement.setAttribute("data-ready", "1");
  window.framelensReadyMs = (window.performance && performance.now) ? performance.now() : null;
})();
