/* parportal: the compare page (so-sanh/index.html), loaded on that page only (its front matter).
   The units to compare are in the page's address, so that a comparison can be shared: ?u=a&u=b
   (or ?u=a,b; a unit's exact name works too), and optionally the years ?tu=2022&den=2024. The
   script fills the form from the address, fetches each unit's published JSON (the site's own
   data/api/v2/units/<id>.json) and draws, side by side, each final year's index, rank (of the
   group's ranked units) and band, then each year's field indices: in one table for the units
   scored on the same criteria set, apart otherwise. Choosing again through the form adds an entry
   to the browser's history (back returns to the previous comparison). Every text from the data
   is set as text (textContent), never as markup. Without script, the form, the list of units and
   the links of the page remain. No library, no request outside the site. */
(function () {
  "use strict";
  var MAX = 4, PARAM = "u", FROM = "tu", TO = "den";
  var root = document.getElementById("pp-ket-qua");
  var form = document.getElementById("pp-so-sanh");
  var list = document.getElementById("pp-danh-sach-don-vi");
  if (!root || !form || !list || !window.fetch || !window.URLSearchParams || !window.Promise ||
      !(window.history && history.pushState)) return;
  var meta;
  try { meta = JSON.parse(root.getAttribute("data-meta") || "{}"); } catch (e) { return; }
  meta.groups = meta.groups || {}; meta.sets = meta.sets || {}; meta.ranked = meta.ranked || {};
  var jsonUrl = root.getAttribute("data-unit-json"), pageUrl = root.getAttribute("data-unit-page");
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input[name='" + PARAM + "']"));
  var fromBox = form.elements[FROM], toBox = form.elements[TO];

  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d")
      .toLowerCase().replace(/\s+/g, " ").trim();
  }

  // Every unit of the site, from the page's own list (the datalist of the inputs).
  var names = Object.create(null), byName = Object.create(null);
  Array.prototype.forEach.call(list.options, function (option) {
    names[option.value] = option.textContent;
    var key = fold(option.textContent);
    (byName[key] = byName[key] || []).push(option.value);
  });

  /* A unit's id from what was typed or given: its id, or its name when one unit has it. */
  function resolve(text) {
    var t = String(text).trim();
    if (names[t]) return t;
    if (names[t.toLowerCase()]) return t.toLowerCase();
    var found = byName[fold(t)];
    return found && found.length === 1 ? found[0] : null;
  }

  /* A year of the form's list, else none (every year). */
  function year(value, box) {
    var known = Array.prototype.some.call(box.options, function (o) { return o.value && o.value === value; });
    return known ? Number(value) : null;
  }

  /* What the address asks for: the units (as given, in order) and the years. */
  function selection() {
    var params = new URLSearchParams(location.search), raw = [];
    params.getAll(PARAM).forEach(function (value) {
      var v = value.trim();
      var parts = /^[a-z0-9-]+(\s*,\s*[a-z0-9-]+)+$/.test(v) ? v.split(",") : [v];  // ?u=a,b
      parts.forEach(function (p) { p = p.trim(); if (p) raw.push(p); });
    });
    var from = year(params.get(FROM), fromBox), to = year(params.get(TO), toBox);
    if (from !== null && to !== null && from > to) { var t = from; from = to; to = t; }
    return {raw: raw, from: from, to: to};
  }

  /* Vietnamese number format of a published number ("86.92" → "86,92", "1250.5" → "1.250,5"): the
     JSON's own digits, as the pages print them (generator/core/textfmt.py vn_number). */
  function vn(text) {
    if (text === null || text === undefined || text === "") return "—";
    var s = String(text), sign = "";
    if (s.charAt(0) === "-") { sign = "-"; s = s.slice(1); }
    var parts = s.split(".");
    return sign + parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ".") + (parts.length > 1 ? "," + parts[1] : "");
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  /* Vietnamese text, then its English in a span[lang=en] (hidden unless the reader shows English). */
  function both(node, vi, en) {
    node.appendChild(document.createTextNode(vi));
    if (en) {
      node.appendChild(document.createTextNode(" "));
      node.appendChild(el("span", null, en)).setAttribute("lang", "en");
    }
    return node;
  }

  function quoted(items) { return items.map(function (t) { return "«" + t + "»"; }).join(", "); }

  function short(text) { text = String(text); return text.length > 80 ? text.slice(0, 79) + "…" : text; }

  // What the script adds once: the name of each chosen unit beside its input, a live region for
  // the messages, and the box of the tables.
  var shown = inputs.map(function (box) {
    var span = el("span", "pp-compare-name");
    span.id = box.id + "-ten";
    span.setAttribute("aria-live", "polite");
    box.parentNode.appendChild(span);
    box.setAttribute("aria-describedby", span.id);
    return span;
  });
  function named(i) {
    var value = inputs[i].value.trim(), id = value ? resolve(value) : null;
    shown[i].textContent = !value ? "" : id ? "→ " + names[id] : "không có trong danh sách / not in the list";
    shown[i].classList.toggle("pp-compare-unknown", Boolean(value && !id));
  }
  inputs.forEach(function (box, i) { box.addEventListener("input", function () { named(i); }); });
  while (root.firstChild) root.removeChild(root.firstChild);  // the <noscript> note: script runs
  var notes = root.appendChild(el("div", "pp-compare-notes"));
  notes.setAttribute("role", "status");
  var result = root.appendChild(el("div", "pp-compare-result"));

  function fill(sel) {
    inputs.forEach(function (box, i) { box.value = sel.raw[i] || ""; named(i); });
    fromBox.value = sel.from !== null ? String(sel.from) : "";
    toBox.value = sel.to !== null ? String(sel.to) : "";
  }

  function note(kind, vi, en) {
    var box = notes.appendChild(el("div", "admonition pp-compare-note " + kind));
    both(box.appendChild(el("p")), vi, en);
  }

  function clear() {
    while (notes.firstChild) notes.removeChild(notes.firstChild);
    while (result.firstChild) result.removeChild(result.firstChild);
  }

  var cache = Object.create(null);
  function load(id) {
    if (!cache[id]) {
      cache[id] = fetch(jsonUrl.replace("{id}", encodeURIComponent(id))).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      }).catch(function (error) {
        delete cache[id];
        error.unit = id;
        throw error;
      });
    }
    return cache[id];
  }

  var token = 0, drawn = null;  // drawn: the address's query the page shows
  function show(focus) {
    var sel = selection(), mine = ++token;
    drawn = location.search;
    fill(sel);
    clear();
    var ids = [], unknown = [];
    sel.raw.forEach(function (raw) {
      var id = resolve(raw);
      if (!id) { if (unknown.indexOf(raw) < 0) unknown.push(raw); }
      else if (ids.indexOf(id) < 0) ids.push(id);
    });
    if (unknown.length) {
      var missing = quoted(unknown.slice(0, 10).map(short)) + (unknown.length > 10 ? "…" : "");
      note("warning", "Không tìm thấy đơn vị: " + missing + ". Hãy chọn đơn vị trong danh sách gợi ý của ô nhập (gõ tên hoặc mã).",
           "No such unit: " + missing + ". Choose a unit from the suggestions of the input (type a name or an id).");
    }
    if (ids.length > MAX) {
      note("info", "Chỉ so sánh được tối đa " + MAX + " đơn vị: đang so sánh " + MAX + " đơn vị đầu tiên, bỏ qua " +
           quoted(ids.slice(MAX).map(function (id) { return names[id]; })) + ".",
           "At most " + MAX + " units: the first " + MAX + " are compared.");
      ids = ids.slice(0, MAX);
    }
    if (!sel.raw.length) {
      note("info", "Chọn từ 2 đến 4 đơn vị ở trên rồi bấm «So sánh».", "Choose two to four units above, then Compare.");
      return;
    }
    if (ids.length < 2) {
      if (ids.length === 1) {
        note("info", "Mới chọn một đơn vị (" + names[ids[0]] + "): chọn thêm ít nhất một đơn vị nữa để so sánh.",
             "Only one unit chosen: add at least one more to compare.");
      } else {
        note("warning", "Chưa có đơn vị nào để so sánh: chọn từ 2 đến 4 đơn vị.", "No unit to compare: choose two to four units.");
      }
      return;
    }
    root.setAttribute("aria-busy", "true");
    Promise.all(ids.map(load)).then(function (data) {
      if (mine !== token) return;
      root.removeAttribute("aria-busy");
      draw(ids, data, sel, focus);
    }, function (error) {
      if (mine !== token) return;
      root.removeAttribute("aria-busy");
      var which = error && error.unit ? names[error.unit] || error.unit : "";
      note("warning", "Không tải được dữ liệu của " + (which ? "đơn vị «" + which + "»" : "các đơn vị") + ". Hãy thử tải lại trang.",
           "Could not load the unit's data. Try reloading the page.");
    });
  }

  function groupOf(y) { var set = meta.sets[y.criteria_set]; return set ? set.group : String(y.criteria_set).split("/")[0]; }
  function groupName(group) { return meta.groups[group] ? meta.groups[group][0] : group; }

  function wrap(table, label) {
    var box = el("div", "pp-table-wrap");
    box.setAttribute("role", "region");
    box.setAttribute("tabindex", "0");
    box.setAttribute("aria-label", label || "Bảng, cuộn ngang được / table, scrolls sideways");
    box.appendChild(table);
    return box;
  }

  function table(id, captionVi, captionEn, corner, columns) {
    var t = el("table", "pp-table pp-compare-table");
    t.id = id;
    both(t.appendChild(el("caption")), captionVi, captionEn);
    var head = t.appendChild(el("thead")).appendChild(el("tr"));
    var th = both(head.appendChild(el("th")), corner[0]);
    th.setAttribute("scope", "col");
    th.appendChild(el("br"));
    th.appendChild(el("span", null, corner[1])).setAttribute("lang", "en");
    columns.forEach(function (c) {
      var cell = head.appendChild(el("th", "pp-num"));
      cell.setAttribute("scope", "col");
      cell.setAttribute("data-unit", c.id);
      var a = cell.appendChild(el("a", null, c.name));
      a.href = pageUrl.replace("{id}", encodeURIComponent(c.id));
      cell.appendChild(el("br"));
      cell.appendChild(el("small", "pp-compare-group", groupName(c.group)));
    });
    t.appendChild(el("tbody"));
    return t;
  }

  function rowOf(t, headVi, headEn) {
    var tr = t.tBodies[0].appendChild(el("tr"));
    var th = tr.appendChild(el("th"));
    th.setAttribute("scope", "row");
    if (headVi !== null) both(th, headVi, headEn);
    return tr;
  }

  function dash(td, vi, en) {
    td.appendChild(el("span", "pp-muted", "—")).title = vi + " / " + en;
    return td;
  }

  function draw(ids, data, sel, focus) {
    var columns = data.map(function (d, i) {
      var unit = d.unit || {}, years = {};
      (d.years || []).forEach(function (y) { if (y.stage === "final" && y.index !== null) years[y.year] = y; });
      return {id: ids[i], name: unit.name || names[ids[i]], group: unit.group, ranked: unit.ranked !== false, years: years};
    });
    var years = [];
    columns.forEach(function (c) {
      Object.keys(c.years).forEach(function (y) {
        var n = Number(y);
        if (years.indexOf(n) < 0 && (sel.from === null || n >= sel.from) && (sel.to === null || n <= sel.to)) years.push(n);
      });
    });
    years.sort(function (a, b) { return b - a; });
    var groups = [];
    columns.forEach(function (c) {
      if (c.group && groups.indexOf(c.group) < 0) groups.push(c.group);
      years.forEach(function (y) { var r = c.years[y]; if (r && groups.indexOf(groupOf(r)) < 0) groups.push(groupOf(r)); });
    });
    if (groups.length > 1) {
      var gnames = quoted(groups.map(groupName));
      note("info", "Các đơn vị thuộc các nhóm khác nhau (" + gnames + "): mỗi nhóm được xếp hạng riêng, nên thứ hạng là thứ hạng trong nhóm của từng đơn vị, không so sánh trực tiếp được với nhau.",
           "The units belong to different groups: each group is ranked separately, so a rank is within the unit's own group and ranks are not comparable across groups.");
    }
    if (!years.length) {
      note("info", "Các đơn vị này chưa có kết quả chính thức trong những năm đã chọn.",
           "These units have no final results in the years chosen.");
      return;
    }

    var heading = result.appendChild(el("h2", null));
    heading.id = "ket-qua-so-sanh";
    heading.tabIndex = -1;
    both(heading, "Kết quả so sánh", "Comparison");
    heading.lastChild.className = "pp-en";

    var main = table("bang-so-sanh", "Chỉ số, thứ hạng trong nhóm và xếp loại theo năm",
                     "(index, rank within the unit's group and band by year)", ["Năm", "Year"], columns);
    years.forEach(function (y) {
      var tr = rowOf(main, String(y));
      tr.setAttribute("data-year", String(y));
      columns.forEach(function (c) {
        var r = c.years[y], td = tr.appendChild(el("td", "pp-num"));
        if (!r) { dash(td, "không có kết quả chính thức năm này", "no final result that year"); return; }
        td.appendChild(el("span", "pp-cmp-index pp-strong", vn(r.index)));
        td.appendChild(el("br"));
        var size = (meta.ranked[String(y)] || {})[groupOf(r)];
        var rank = r.rank !== null && r.rank !== undefined
          ? "hạng " + r.rank + (size ? "/" + size : "") : c.ranked ? "hạng —" : "không xếp hạng";
        var rankNode = td.appendChild(el("span", "pp-cmp-rank", rank));
        rankNode.title = r.rank ? "thứ " + r.rank + (size ? " trong " + size + " đơn vị được xếp hạng của nhóm" : "") +
          " / rank " + r.rank + (size ? " of " + size + " ranked units of the group" : "") : "được đánh giá, không xếp hạng / evaluated, not ranked";
        var set = meta.sets[r.criteria_set], band = set && r.band ? set.bands[r.band] : null;
        if (band) {
          td.appendChild(el("br"));
          var badge = td.appendChild(el("span", "pp-cmp-band pp-band pp-band-" + Number(band[2]), band[0]));
          badge.title = band[1];
        }
        if (r.name && r.name !== c.name) {
          td.appendChild(el("br"));
          td.appendChild(el("small", "pp-cmp-name", "tên khi đó / then: " + r.name));
        }
      });
    });
    result.appendChild(wrap(main));
    var legend = result.appendChild(el("p", "pp-note"));
    both(legend, "Hạng h/n: thứ h trong n đơn vị được xếp hạng của nhóm đơn vị đó trong năm đó; «—»: không có kết quả chính thức năm đó.",
         "Rank h/n: h-th of the n ranked units of that unit's group that year; «—»: no final result that year.");

    var fieldsHead = result.appendChild(el("h2"));
    fieldsHead.id = "chi-so-thanh-phan";
    both(fieldsHead, "Chỉ số thành phần theo năm", "Field indices by year");
    fieldsHead.lastChild.className = "pp-en";
    years.forEach(function (y, n) {
      var details = result.appendChild(el("details", "pp-compare-year"));
      details.open = n === 0;
      both(details.appendChild(el("summary")), "Năm " + y, "Year " + y);
      var sets = [];
      columns.forEach(function (c) {
        var r = c.years[y];
        if (r && sets.indexOf(r.criteria_set) < 0) sets.push(r.criteria_set);
      });
      if (sets.length > 1) {
        both(details.appendChild(el("p", "pp-note")),
             "Năm " + y + " các đơn vị được chấm theo các bộ tiêu chí khác nhau (" + quoted(sets) + "): lĩnh vực của các bộ khác nhau, nên mỗi bộ một bảng.",
             "In " + y + " the units were scored on different criteria sets: their fields differ, so each set has its own table.");
      }
      sets.forEach(function (setId, k) {
        var members = columns.filter(function (c) { return c.years[y] && c.years[y].criteria_set === setId; });
        var first = members[0].years[y];
        var t = table("bang-linh-vuc-" + y + "-" + (k + 1),
                      "Chỉ số từng lĩnh vực, năm " + y + ", bộ tiêu chí " + setId + " (" + groupName(groupOf(first)) + ")",
                      "(field indices, " + y + ", criteria set " + setId + ")", ["Lĩnh vực", "Field"], members);
        var order = [], label = {};
        members.forEach(function (c) {
          (c.years[y].fields || []).forEach(function (f) {
            if (order.indexOf(f.id) < 0) { order.push(f.id); label[f.id] = f.name; }
          });
        });
        order.forEach(function (fid) {
          var tr = rowOf(t, null);
          tr.setAttribute("data-field", fid);
          tr.cells[0].appendChild(el("span", "pp-cid", fid));
          tr.cells[0].appendChild(document.createTextNode(" " + label[fid]));
          members.forEach(function (c) {
            var f = (c.years[y].fields || []).filter(function (x) { return x.id === fid; })[0];
            var td = tr.appendChild(el("td", "pp-num"));
            if (f && f.index !== null && f.index !== undefined) td.appendChild(el("span", "pp-cmp-field", vn(f.index)));
            else dash(td, "không áp dụng", "not applicable");
          });
        });
        details.appendChild(wrap(t));
      });
    });
    if (window.parportalScrollCue) window.parportalScrollCue(result);
    if (focus) heading.focus();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var params = new URLSearchParams();
    inputs.forEach(function (box) {
      var value = box.value.trim();
      if (value) params.append(PARAM, resolve(value) || value);
    });
    if (fromBox.value) params.set(FROM, fromBox.value);
    if (toBox.value) params.set(TO, toBox.value);
    var query = params.toString(), url = location.pathname + (query ? "?" + query : "");
    if (url !== location.pathname + location.search) history.pushState(null, "", url);
    show(true);
  });
  window.addEventListener("popstate", function () {  // back or forward; not a mere #anchor of the same choice
    if (location.search !== drawn) show(false);
  });
  show(false);
})();
