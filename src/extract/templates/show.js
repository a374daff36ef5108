// giamsat show: rows scroll the text to their item and flash it; a highlight picks its row;
// the legend hides a kind. No network, no libraries.
(function () {
  "use strict";
  var flashTimer = null;

  function pieces(hid) {
    return document.querySelectorAll('[data-hl="' + CSS.escape(hid) + '"]');
  }

  function goTo(hid) {
    var els = pieces(hid);
    if (!els.length) return false;
    els[0].scrollIntoView({ block: "center", inline: "nearest", behavior: "instant" });
    document.querySelectorAll(".hl.flash").forEach(function (e) { e.classList.remove("flash"); });
    for (var i = 0; i < els.length; i++) {
      els[i].classList.remove("flash");
      void els[i].offsetWidth; // restart the animation
      els[i].classList.add("flash");
    }
    clearTimeout(flashTimer);
    flashTimer = setTimeout(function () {
      document.querySelectorAll(".hl.flash").forEach(function (e) { e.classList.remove("flash"); });
    }, 1600);
    if (history.replaceState) history.replaceState(null, "", "#" + hid);
    return true;
  }

  function pickRow(hid) {
    var row = document.querySelector('tr.row[data-target="' + CSS.escape(hid) + '"]');
    if (!row) {
      var link = document.querySelector('a.go[data-target="' + CSS.escape(hid) + '"]');
      row = link && link.closest("tr");
    }
    if (!row) return;
    document.querySelectorAll("tr.row.picked").forEach(function (r) { r.classList.remove("picked"); });
    var sec = row.closest("details");
    if (sec) sec.open = true;
    row.classList.add("picked");
    row.scrollIntoView({ block: "nearest", behavior: "instant" });
  }

  document.addEventListener("click", function (ev) {
    var t = ev.target.closest("[data-target]");
    if (t && t.getAttribute("data-target")) {
      if (goTo(t.getAttribute("data-target"))) ev.preventDefault();
      var row = t.closest("tr.row");
      document.querySelectorAll("tr.row.picked").forEach(function (r) { r.classList.remove("picked"); });
      if (row) row.classList.add("picked");
      return;
    }
    var hl = ev.target.closest(".hl");
    if (hl) pickRow(hl.getAttribute("data-hl"));
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter" && ev.key !== " ") return;
    var t = ev.target.closest && ev.target.closest("tr[data-target]");
    if (t && t.getAttribute("data-target")) {
      ev.preventDefault();
      goTo(t.getAttribute("data-target"));
    }
  });

  document.querySelectorAll("#legend input[data-kind]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.body.classList.toggle("hide-" + box.getAttribute("data-kind"), !box.checked);
    });
  });

  if (location.hash.length > 1) goTo(location.hash.slice(1));
})();

// Review mode: each item marked right or wrong, edited, or added from a selection of the text;
// the work is kept in this browser (localStorage) and "Save corrections" downloads it as a gold
// file (ANNOTATION.md) with spans, which giamsat eval and giamsat apply read. Offsets are the
// record's: code points of the normalised text (the page's text is exactly it).
(function () {
  "use strict";
  var dataEl = document.getElementById("review-data");
  var textEl = document.getElementById("text");
  if (!dataEl || !textEl) return;
  var DATA = JSON.parse(dataEl.textContent);
  var TEXT = textEl.textContent;
  var CPS = Array.from(TEXT);
  var U16 = [0];  // U16[i]: where code point i starts in the page's (UTF-16) string
  for (var i = 0; i < CPS.length; i++) U16.push(U16[i] + CPS[i].length);
  var STORE = "giamsat-review:" + (DATA.id || location.pathname);
  var BASE = {};
  DATA.items.forEach(function (it) { BASE[it.id] = it; });
  var KIND_LABEL = {
    "official": "official", "title": "title of…", "date": "date", "figure": "figure",
    "recommendation": "recommendation", "by": "by (of a recommendation)", "addressee": "addressee (of a recommendation)",
    "sup.body": "supervising body", "sup.target": "supervised target", "sup.topic": "supervision topic",
    "sup.period": "supervision period", "doc.number": "document number", "doc.issuer": "issuer",
    "doc.title": "document title", "doc.place": "place", "doc.issued": "issued (date)", "doc.signer": "signer",
    "doc.recipients": "recipient"
  };
  var state = load();
  var lastSel = null;

  function load() {
    var empty = { v: 1, by: "", marks: {}, edits: {}, added: [], n: 0 };
    try {
      var s = JSON.parse(localStorage.getItem(STORE) || "null");
      if (s && s.v === 1) return Object.assign(empty, s);
    } catch (e) { /* storage off (a private window): the work lasts as long as the page */ }
    return empty;
  }
  function persist() {
    try { localStorage.setItem(STORE, JSON.stringify(state)); } catch (e) { /* see load */ }
    refresh();
  }

  // ---- offsets: DOM points ↔ code points of the record's text
  function cpOfU16(u) {
    var lo = 0, hi = CPS.length;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (U16[mid] <= u) lo = mid; else hi = mid - 1; }
    return lo;
  }
  function cpAt(node, offset) {
    var r = document.createRange();
    r.setStart(textEl, 0);
    r.setEnd(node, offset);
    return cpOfU16(r.toString().length);
  }
  function domPoint(cp) {
    var u = U16[cp], walker = document.createTreeWalker(textEl, NodeFilter.SHOW_TEXT), n, seen = 0, last = null;
    while ((n = walker.nextNode())) {
      if (seen + n.data.length >= u) return { node: n, offset: u - seen };
      seen += n.data.length; last = n;
    }
    return last ? { node: last, offset: last.data.length } : { node: textEl, offset: 0 };
  }
  function evidence(span) { return span ? CPS.slice(span.start, span.end).join("") : ""; }
  var SPACE = /\s/, MARK = /\p{M}/u;
  function selectionSpan() {
    var sel = window.getSelection();
    if (!sel || !sel.rangeCount || sel.isCollapsed) return null;
    var r = sel.getRangeAt(0);
    if (!textEl.contains(r.startContainer) || !textEl.contains(r.endContainer)) return null;
    var s = cpAt(r.startContainer, r.startOffset), e = cpAt(r.endContainer, r.endOffset);
    while (s < e && SPACE.test(CPS[s])) s++;
    while (e > s && SPACE.test(CPS[e - 1])) e--;
    while (s > 0 && MARK.test(CPS[s])) s--;               // never split a letter from its accent
    while (e < CPS.length && MARK.test(CPS[e])) e++;
    return e > s ? { start: s, end: e } : null;
  }

  // ---- items: the machine's, as edited, and the reviewer's own
  function current(id) {
    var base = BASE[id] || state.added.filter(function (a) { return a.id === id; })[0];
    if (!base) return null;
    var ed = state.edits[id];
    return {
      id: id, kind: base.kind, parent: base.parent, hid: base.hid, added: !BASE[id],
      fields: Object.assign({}, base.fields, ed ? ed.fields : {}),
      spans: Object.assign({}, base.spans, ed ? ed.spans : {})
    };
  }
  function status(id) {
    var it = current(id);
    if (!it) return "gone";
    if (it.parent && status(it.parent) === "wrong") return "wrong";
    if (state.marks[id] === "wrong") return "wrong";
    if (it.added) return "added";
    if (state.edits[id]) return "edited";
    return state.marks[id] === "right" ? "right" : "unchecked";
  }
  function allIds() {
    return DATA.items.map(function (i) { return i.id; }).concat(state.added.map(function (a) { return a.id; }));
  }
  function kept(kind) {
    return allIds().map(current).filter(function (it) { return it.kind === kind && status(it.id) !== "wrong"; });
  }

  // ---- the corrections file: gold (ANNOTATION.md) with spans
  function corrections() {
    var out = { format: DATA.format, doc: DATA.doc, id: DATA.id, review: { by: state.by || null,
      at: new Date().toISOString().replace(/\.\d+Z$/, "Z"), counts: counts() } };
    var pub = allIds().map(current).filter(function (it) { return it.kind === "doc.published"; })[0];
    out.published = pub && status(pub.id) !== "wrong" ? pub.fields.value || null : null;
    out.officials = kept("official").map(function (o) {
      var titles = kept("title").filter(function (t) { return t.parent === o.id; });
      return { name: o.fields.name, titles: titles.map(function (t) { return evidence(t.spans.span) || t.fields.text; }),
               mentions: o.spans.mentions || [], title_spans: titles.map(function (t) { return t.spans.span || null; }) };
    });
    out.dates = kept("date").map(function (d) { return { text: evidence(d.spans.span), value: d.fields.value, span: d.spans.span }; });
    out.figures = kept("figure").map(function (f) {
      return { text: evidence(f.spans.span), value: f.fields.value, unit: f.fields.unit || null, span: f.spans.span };
    });
    out.recommendations = kept("recommendation").map(function (r) {
      return { text: evidence(r.spans.span), by: r.fields.by || null, addressee: r.fields.addressee || null,
               span: r.spans.span, by_span: r.spans.by_span || null, addressee_span: r.spans.addressee_span || null };
    });
    var sup = { body: null, targets: [], topic: null, period: null, spans: { targets: [] } };
    ["body", "topic", "period"].forEach(function (part) {
      var it = kept("sup." + part)[0];
      if (!it) return;
      sup[part] = part === "period" ? it.fields.value : evidence(it.spans.span);
      sup.spans[part] = it.spans.span;
    });
    kept("sup.target").forEach(function (t) { sup.targets.push(evidence(t.spans.span)); sup.spans.targets.push(t.spans.span); });
    out.supervision = sup;
    var doc = { spans: {} }, any = false;
    ["number", "issuer", "title", "place", "kind", "issued", "signer", "recipients"].forEach(function (part) {
      var all = allIds().map(current).filter(function (it) { return it.kind === "doc." + part; });
      var good = all.filter(function (it) { return status(it.id) !== "wrong"; });
      if (!all.length) return;
      any = true;
      if (part === "recipients") {
        doc.recipients = good.map(function (m) { return evidence(m.spans.span); });
        doc.spans.recipients = good.map(function (m) { return m.spans.span; });
        return;
      }
      var it = good[good.length - 1];
      if (!it) { doc[part] = null; return; }          // the machine's part is wrong: there is none (or another)
      if (part === "kind") doc.kind = it.fields.value;
      else if (part === "issued") doc.issued = it.fields.value;
      else if (part === "signer") doc.signer = { name: evidence(it.spans.span), title: it.fields.title || null, capacity: it.fields.capacity || null };
      else doc[part] = evidence(it.spans.span);
      if (it.spans.span) doc.spans[part] = it.spans.span;
    });
    if (any) out.document = doc;
    out.rejected = allIds().filter(function (id) { return state.marks[id] === "wrong" && BASE[id]; })
      .map(function (id) { var it = current(id); return { kind: it.kind, fields: it.fields, span: it.spans.span || null }; });
    return out;
  }
  function counts() {
    var c = { right: 0, wrong: 0, edited: 0, added: 0, unchecked: 0 };
    allIds().forEach(function (id) { var s = status(id); if (c[s] !== undefined) c[s]++; });
    return c;
  }
  function save() {
    var blob = new Blob([JSON.stringify(corrections(), null, 2) + "\n"], { type: "application/json" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = (DATA.gold_name || "corrections") + ".json";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 2000);
  }

  // ---- drawing: row and highlight classes, the added items' section and highlights
  var CLASSES = ["rv-right", "rv-wrong", "rv-edited", "rv-added"];
  function paint(el, s) {
    CLASSES.forEach(function (c) { el.classList.remove(c); });
    if (s !== "unchecked") el.classList.add("rv-" + s);
  }
  function refresh() {
    document.querySelectorAll("tr[data-item]").forEach(function (row) {
      var id = row.getAttribute("data-item"), s = status(id), it = current(id);
      paint(row, s);
      if (it && state.edits[id]) {
        var cell = row.querySelector(".rv-now");
        if (!cell) { cell = document.createElement("div"); cell.className = "rv-now"; row.children[row.children.length - 2].appendChild(cell); }
        cell.textContent = "→ " + describe(it);
      }
      if (it && it.hid) pieces(it.hid).forEach(function (e) { paint(e, s); });
    });
    drawAdded();
    var c = counts();
    document.getElementById("rv-counts").textContent = c.right + " right · " + c.wrong + " wrong · " + c.edited +
      " edited · " + c.added + " added · " + c.unchecked + " unchecked (kept in this browser)";
    var by = document.getElementById("rv-by");
    if (by.value !== (state.by || "")) by.value = state.by || "";
  }
  function pieces(hid) { return Array.prototype.slice.call(document.querySelectorAll('[data-hl="' + CSS.escape(hid) + '"]')); }
  function describe(it) {
    var f = it.fields, text = it.spans.span ? evidence(it.spans.span) : "";
    var bits = [];
    if (it.kind === "official") bits.push(f.name);
    else if (text) bits.push(text.length > 80 ? text.slice(0, 79) + "…" : text);
    if (f.value !== undefined && f.value !== null && f.value !== "") bits.push("= " + f.value + (f.unit ? " " + f.unit : ""));
    if (f.by) bits.push("by " + f.by);
    if (f.addressee) bits.push("→ " + f.addressee);
    if (it.kind === "doc.signer" && (f.capacity || f.title)) bits.push([f.capacity, f.title].filter(Boolean).join(" · "));
    return bits.join(" ");
  }
  function drawAdded() {
    var sec = document.getElementById("sec-added");
    if (!state.added.length) { if (sec) sec.remove(); return; }
    if (!sec) {
      sec = document.createElement("details");
      sec.open = true; sec.className = "sec"; sec.id = "sec-added";
      var sum = document.createElement("summary");
      sec.appendChild(sum);
      var table = document.createElement("table");
      table.className = "rows";
      sec.appendChild(table);
      var panel = document.getElementById("panel");
      panel.insertBefore(sec, panel.firstChild);
    }
    sec.querySelector("summary").textContent = "Added by you " + state.added.length;
    var tbody = sec.querySelector("table");
    tbody.textContent = "";
    state.added.forEach(function (a) {
      var it = current(a.id), tr = document.createElement("tr");
      tr.className = "row rv-added";
      tr.setAttribute("data-added", a.id);
      var k = document.createElement("td"); k.textContent = KIND_LABEL[it.kind] || it.kind;
      var d = document.createElement("td"); d.textContent = describe(it);
      if (it.parent) { var p = current(it.parent); d.textContent += p ? "  (of " + p.fields.name + ")" : ""; }
      tr.appendChild(k); tr.appendChild(d); tr.appendChild(buttons(a.id, true));
      tr.addEventListener("click", function () {
        var s = it.spans.span || (it.spans.mentions || [])[0];
        if (s) showSpan(s);
      });
      tbody.appendChild(tr);
    });
    if (window.CSS && CSS.highlights && window.Highlight) {
      var hl = new Highlight();
      state.added.forEach(function (a) {
        var it = current(a.id);
        (it.spans.span ? [it.spans.span] : it.spans.mentions || []).forEach(function (s) { hl.add(rangeOf(s)); });
      });
      CSS.highlights.set("rv-added", hl);
    }
  }
  function rangeOf(span) {
    var a = domPoint(span.start), b = domPoint(span.end), r = document.createRange();
    r.setStart(a.node, a.offset); r.setEnd(b.node, b.offset);
    return r;
  }
  function showSpan(span) {
    var r = rangeOf(span), rect = r.getBoundingClientRect(), pane = document.getElementById("doc-pane");
    pane.scrollTop += rect.top - pane.getBoundingClientRect().top - pane.clientHeight / 2;
  }
  function buttons(id, added) {
    var td = document.createElement("td");
    td.className = "rv";
    (added ? [["✎", "edit", "edit"], ["✗", "wrong", "remove"]] : [["✓", "right", "right"], ["✗", "wrong", "wrong"], ["✎", "edit", "edit"]])
      .forEach(function (b) {
        var btn = document.createElement("button");
        btn.type = "button"; btn.textContent = b[0]; btn.title = b[2]; btn.className = "rv-" + b[1] + "-btn";
        btn.setAttribute("data-act", b[1]);
        btn.addEventListener("click", function (ev) {
          ev.stopPropagation(); ev.preventDefault();
          act(id, b[1], added);
        });
        td.appendChild(btn);
      });
    return td;
  }
  function act(id, what, added) {
    if (what === "edit") { openEditor(current(id)); return; }
    if (added && what === "wrong") {
      state.added = state.added.filter(function (a) { return a.id !== id && a.parent !== id; });
      delete state.edits[id];
    } else if (state.marks[id] === what) delete state.marks[id];   // a second click takes the mark back
    else state.marks[id] = what;
    persist();
  }

  // ---- the editor: fields of one item, new or old
  var editor = document.createElement("div");
  editor.id = "rv-editor"; editor.className = "rv-editor"; editor.hidden = true;
  document.body.appendChild(editor);
  var ISO = /^(\d{4}(-\d{2}(-\d{2})?)?|--\d{2}(-\d{2})?)(\/(\d{4}(-\d{2}(-\d{2})?)?|--\d{2}(-\d{2})?))?$/;

  function field(label, name, value, extra) {
    var wrap = document.createElement("label"), input = extra && extra.options ? document.createElement("select") : document.createElement("input");
    wrap.textContent = label + " ";
    input.name = name;
    if (extra && extra.options) {
      extra.options.forEach(function (o) { var op = document.createElement("option"); op.value = o[0]; op.textContent = o[1]; input.appendChild(op); });
    }
    input.value = value === null || value === undefined ? "" : String(value);
    if (extra && extra.placeholder) input.placeholder = extra.placeholder;
    wrap.appendChild(input);
    return wrap;
  }
  function guessNumber(s) {
    var m = /\d[\d.,]*/.exec(s || "");
    if (!m) return "";
    var t = m[0].replace(/[.,]$/, "");
    t = t.indexOf(",") >= 0 ? t.replace(/\./g, "").replace(",", ".") : (/^\d{1,3}(\.\d{3})+$/.test(t) ? t.replace(/\./g, "") : t);
    var v = parseFloat(t), rest = (s || "").slice(m.index + m[0].length).trim().toLowerCase();
    var mult = { "nghìn": 1e3, "ngàn": 1e3, "vạn": 1e4, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9 };
    Object.keys(mult).forEach(function (w) { if (rest.indexOf(w) === 0) v *= mult[w]; });
    return isNaN(v) ? "" : v;
  }
  function openEditor(it, isNew) {
    editor.textContent = "";
    var h = document.createElement("h3");
    h.textContent = (isNew ? "Add " : "Edit ") + (KIND_LABEL[it.kind] || it.kind);
    editor.appendChild(h);
    var span = it.spans.span || (it.kind === "official" && it.spans.mentions ? it.spans.mentions[0] : null);
    var shown = document.createElement("p");
    shown.className = "rv-evidence";
    var setShown = function () { shown.textContent = span ? "“" + evidence(span) + "” (" + span.start + "–" + span.end + ")" : "(not written in the text)"; };
    setShown();
    editor.appendChild(shown);
    var form = document.createElement("div");
    editor.appendChild(form);
    var f = it.fields, k = it.kind;
    if (k === "official") form.appendChild(field("name", "name", f.name !== undefined ? f.name : evidence(span)));
    if (k === "title") {
      var offs = kept("official").map(function (o) { return [o.id, o.fields.name]; });
      form.appendChild(field("of", "parent", it.parent || (offs[0] || [""])[0], { options: offs }));
    }
    if (k === "date" || k === "sup.period" || k === "doc.issued" || k === "doc.published" || k === "doc.kind") {
      form.appendChild(field(k === "doc.kind" ? "kind" : "value (ISO 8601)", "value", f.value, { placeholder: k === "doc.kind" ? "Báo cáo" : "2023-06-20, --06-23, 2018/2021" }));
    }
    if (k === "figure") {
      form.appendChild(field("value", "value", f.value !== undefined ? f.value : guessNumber(evidence(span))));
      form.appendChild(field("unit", "unit", f.unit, { placeholder: "hồ sơ, %, người, đồng" }));
    }
    if (k === "recommendation") {
      form.appendChild(field("by", "by", f.by, { placeholder: "who asks" }));
      form.appendChild(field("addressee", "addressee", f.addressee, { placeholder: "whom" }));
    }
    if (k === "by" || k === "addressee") {
      var recs = kept("recommendation").map(function (r) { var t = evidence(r.spans.span); return [r.id, t.length > 60 ? t.slice(0, 59) + "…" : t]; });
      form.appendChild(field("of", "rec", (recs[0] || [""])[0], { options: recs }));
    }
    if (k === "doc.signer") {
      form.appendChild(field("title", "title", f.title, { placeholder: "PHÓ CHỦ TỊCH" }));
      form.appendChild(field("capacity", "capacity", f.capacity, { placeholder: "TM. THƯỜNG TRỰC HĐND" }));
    }
    var msg = document.createElement("p");
    msg.className = "rv-msg";
    var bar = document.createElement("p");
    var ok = document.createElement("button"), cancel = document.createElement("button");
    ok.type = cancel.type = "button"; ok.textContent = "OK"; cancel.textContent = "Cancel";
    ok.id = "rv-ok"; cancel.id = "rv-cancel";
    if (span && k !== "doc.kind" && k !== "doc.published") {
      var use = document.createElement("button");
      use.type = "button"; use.id = "rv-use"; use.textContent = "Use the selected text";
      use.addEventListener("click", function () {
        if (!lastSel) { msg.textContent = "select the text in the document first"; return; }
        span = lastSel; setShown();
        var nameInput = form.querySelector('input[name="name"]');
        if (nameInput) nameInput.value = evidence(span);
      });
      bar.appendChild(use);
    }
    bar.appendChild(ok); bar.appendChild(cancel);
    editor.appendChild(msg); editor.appendChild(bar);
    cancel.addEventListener("click", function () { editor.hidden = true; });
    ok.addEventListener("click", function () {
      var get = function (n) { var el = form.querySelector('[name="' + n + '"]'); return el ? el.value.trim() : undefined; };
      var fields = {};
      if (k === "official") fields.name = get("name") || evidence(span);
      if (get("value") !== undefined) fields.value = get("value");
      if (k === "figure") {
        var v = Number(String(fields.value).replace(",", "."));
        if (!isFinite(v) || fields.value === "") { msg.textContent = "the value is a number (22.5, 1250)"; return; }
        fields.value = v; fields.unit = get("unit") || null;
      }
      if ((k === "date" || k === "sup.period" || k === "doc.issued") && !ISO.test(fields.value || "")) {
        msg.textContent = "the value is ISO 8601: YYYY-MM-DD, YYYY-MM, YYYY, --MM-DD, --MM or START/END"; return;
      }
      if (k === "doc.published" && !/^(\d{4}-\d{2}-\d{2})?$/.test(fields.value || "")) { msg.textContent = "published is YYYY-MM-DD"; return; }
      if (k === "recommendation") { fields.by = get("by") || null; fields.addressee = get("addressee") || null; }
      if (k === "doc.signer") { fields.title = get("title") || null; fields.capacity = get("capacity") || null; }
      if (span && k !== "official") fields.text = evidence(span);
      var spans = {};
      if (k === "official") spans.mentions = span ? [span] : [];
      else if (span) spans.span = span;
      if (k === "by" || k === "addressee") {   // a part of a recommendation: that recommendation is edited
        var rid = get("rec");
        if (!rid) { msg.textContent = "no recommendation to give it to"; return; }
        var ed = state.edits[rid] || { fields: {}, spans: {} };
        ed.fields[k] = evidence(span); ed.spans[k + "_span"] = span;
        state.edits[rid] = ed;
      } else if (isNew) {
        if (k === "title" && !get("parent")) { msg.textContent = "add the official first"; return; }
        state.n += 1;
        state.added.push({ id: "add:" + state.n, kind: k, parent: k === "title" ? get("parent") : null, fields: fields, spans: spans });
      } else {
        state.edits[it.id] = { fields: fields, spans: spans };
        if (state.marks[it.id] === "wrong") delete state.marks[it.id];
      }
      editor.hidden = true;
      persist();
    });
    editor.hidden = false;
    var first = form.querySelector("input, select");
    if (first) first.focus();
  }

  // ---- the bar that adds a selection as an item
  var adder = document.createElement("div");
  adder.id = "rv-add"; adder.className = "rv-add"; adder.hidden = true;
  var lead = document.createElement("b"); lead.textContent = "add as ";
  adder.appendChild(lead);
  Object.keys(KIND_LABEL).forEach(function (k) {
    var b = document.createElement("button");
    b.type = "button"; b.textContent = KIND_LABEL[k]; b.setAttribute("data-kind", k);
    b.addEventListener("mousedown", function (ev) { ev.preventDefault(); });   // keep the selection
    b.addEventListener("click", function () {
      if (!lastSel) return;
      adder.hidden = true;
      openEditor({ id: null, kind: k, fields: {}, spans: { span: lastSel, mentions: [lastSel] }, parent: null }, true);
    });
    adder.appendChild(b);
  });
  document.body.appendChild(adder);
  document.addEventListener("selectionchange", function () {
    var span = selectionSpan();
    if (!span) { if (!adder.contains(document.activeElement)) adder.hidden = true; return; }
    lastSel = span;
    var rect = window.getSelection().getRangeAt(0).getBoundingClientRect();
    adder.style.top = Math.min(window.innerHeight - 90, rect.bottom + 6) + "px";
    adder.style.left = Math.max(4, Math.min(window.innerWidth - 520, rect.left)) + "px";
    adder.hidden = false;
  });

  document.querySelectorAll("tr[data-item]").forEach(function (row) {
    var id = row.getAttribute("data-item");
    if (row.querySelector("td.rv")) return;
    var cell = buttons(id, false);
    var last = row.lastElementChild;
    if (last && last.getAttribute("colspan")) last.setAttribute("colspan", String(Number(last.getAttribute("colspan"))));
    row.appendChild(cell);
  });
  document.getElementById("rv-save").addEventListener("click", save);
  document.getElementById("rv-published").addEventListener("click", function () {
    // no span: the date a page shows it was published; edits the rules' one, or adds it
    var have = allIds().map(current).filter(function (it) { return it.kind === "doc.published"; })[0];
    openEditor(have || { id: null, kind: "doc.published", fields: {}, spans: {}, parent: null }, !have);
  });
  document.getElementById("rv-reset").addEventListener("click", function () {
    if (!window.confirm || window.confirm("Forget every correction made on this page?")) {
      state = { v: 1, by: "", marks: {}, edits: {}, added: [], n: 0 };
      persist();
    }
  });
  document.getElementById("rv-by").addEventListener("input", function (ev) { state.by = ev.target.value; persist(); });
  window.giamsatReview = { corrections: corrections, counts: counts, spanOfSelection: selectionSpan };
  refresh();
})();
