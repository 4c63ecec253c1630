// The segment catalog's filter and sort. The table is complete without this script: it
// only hides rows that do not match the filter and reorders rows by a column. In a column
// of numbers, a cell without a number ("-": not counted) sorts last either way.
(function () {
  "use strict";
  var table = document.getElementById("catalog");
  var data = document.getElementById("catalog-data");
  if (!table || !data) {
    return;
  }
  var words = {};
  JSON.parse(data.textContent).forEach(function (row) {
    words[row.key] = row.text;
  });
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var box = document.getElementById("filter-box");
  var input = document.getElementById("filter");
  var count = document.getElementById("filter-count");

  function filter() {
    var wanted = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var text = words[row.getAttribute("data-key")] || "";
      var match = wanted.every(function (word) { return text.indexOf(word) !== -1; });
      row.hidden = !match;
      shown += match ? 1 : 0;
    });
    count.textContent = shown + " of " + rows.length + " segments";
  }

  function value(row, index, kind) {
    var cell = row.cells[index];
    var given = cell.hasAttribute("data-value");
    if (kind === "number") {
      return given ? Number(cell.getAttribute("data-value")) : null;
    }
    return (given ? cell.getAttribute("data-value") : cell.textContent).toLowerCase();
  }

  function sortBy(header, index) {
    var kind = header.getAttribute("data-sort");
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    rows.sort(function (a, b) {
      var x = value(a, index, kind);
      var y = value(b, index, kind);
      if ((x === null) !== (y === null)) {
        return x === null ? 1 : -1;
      }
      var order = x < y ? -1 : x > y ? 1 : 0;
      if (order === 0) {
        order = a.getAttribute("data-key") < b.getAttribute("data-key") ? -1 : 1;
      }
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = header.textContent;
    button.addEventListener("click", function () { sortBy(header, index); });
    header.textContent = "";
    header.appendChild(button);
  });
  input.addEventListener("input", filter);
  box.hidden = false;
  filter();
}());
