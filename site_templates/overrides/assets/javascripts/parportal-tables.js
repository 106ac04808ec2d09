/* Sort and filter the large tables, as progressive enhancement: without script every table is
   complete and in its published order. A table of at least MIN_ROWS rows gets a filter box (matching
   with or without Vietnamese diacritics) and, unless its rows form a tree (criteria) whose order
   carries meaning, sort buttons in its column headers (numbers in Vietnamese format: 86,92; ▲ 2,
   ▼ 1 and = as rank changes; an empty cell or "—" always last). No library, no network. */
(function () {
  var MIN_ROWS = 6;
  var NO_SORT = ".pp-tree, .pp-criteria-table, .pp-fields";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }

  function number(text) {
    var t = text.replace(/\s+/g, " ").trim();
    if (t === "=") return 0;
    var m = t.match(/^([▲▼])?\s*([+\-−])?\s*(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?/);
    if (!m) return null;
    var n = parseFloat(m[3].replace(/\./g, "") + (m[4] ? "." + m[4] : ""));
    return m[1] === "▼" || m[2] === "-" || m[2] === "−" ? -n : n;
  }

  function key(row, col) {
    var cell = row.cells[col];
    var text = cell ? (cell.getAttribute("data-sort") || cell.textContent) : "";
    return {text: text.trim(), num: number(text)};
  }

  function compare(a, b) {
    var emptyA = !a.text || a.text === "—", emptyB = !b.text || b.text === "—";
    if (emptyA || emptyB) return emptyA === emptyB ? 0 : emptyA ? 1 : -1;
    if (a.num !== null && b.num !== null) return a.num - b.num;
    return a.text.localeCompare(b.text, "vi");
  }

  function sortable(table, body) {
    var heads = table.tHead.rows[table.tHead.rows.length - 1].cells;
    var original = Array.prototype.slice.call(body.rows);
    Array.prototype.forEach.call(heads, function (th, col) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "pp-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var down = th.getAttribute("aria-sort") === "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", down ? "descending" : "ascending");
        var rows = original.map(function (row, i) { return {row: row, key: key(row, col), i: i}; });
        rows.sort(function (a, b) {
          var c = compare(a.key, b.key);
          if (c && down && a.key.text && a.key.text !== "—" && b.key.text && b.key.text !== "—") c = -c;
          return c || a.i - b.i;
        });
        rows.forEach(function (r) { body.appendChild(r.row); });
      });
    });
  }

  function filterable(table, body, wrap) {
    var rows = Array.prototype.slice.call(body.rows);
    var texts = rows.map(function (row) { return fold(row.textContent); });
    var box = document.createElement("div");
    box.className = "pp-filter";
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = "Lọc bảng… / filter";
    input.setAttribute("aria-label", "Lọc các dòng của bảng / filter the table's rows"
                       + (table.caption ? ": " + table.caption.textContent.trim() : ""));
    var count = document.createElement("span");
    count.className = "pp-filter-count";
    count.setAttribute("aria-live", "polite");
    box.appendChild(input);
    box.appendChild(count);
    wrap.parentNode.insertBefore(box, wrap);
    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean), shown = 0;
      rows.forEach(function (row, i) {
        var hit = words.every(function (w) { return texts[i].indexOf(w) !== -1; });
        row.hidden = !hit;
        if (hit) shown++;
      });
      count.textContent = words.length ? shown + "/" + rows.length + " dòng / rows" : "";
    });
  }

  document.querySelectorAll("table.pp-table").forEach(function (table) {
    var body = table.tBodies[0];
    if (!body || !table.tHead || body.rows.length < MIN_ROWS || table.tBodies.length > 1) return;
    var wrap = table.closest(".pp-table-wrap") || table;
    filterable(table, body, wrap);
    if (!table.matches(NO_SORT)) sortable(table, body);
  });
})();
