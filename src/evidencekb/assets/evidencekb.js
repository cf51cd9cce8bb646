// Accessibility (axe-core "aria-dialog-name"): the theme's search dialog has no accessible name.
document.querySelectorAll(".md-search[role=dialog]").forEach(function (dialog) {
  if (!dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search");
});

// Phone layout (evidencekb.css): a table's cells are shown as cards under their column's name,
// taken from data-label. Generated tables carry it; this copies the header text into the cells
// of the docs pages' Markdown tables. The page fits without it: unlabelled tables wrap instead.
function ekbLabelTableCells(root) {
  root.querySelectorAll(".md-typeset table:not([class])").forEach(function (table) {
    var headers = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    if (!headers.some(Boolean)) return;
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, index) {
        if (!cell.hasAttribute("data-label") && headers[index]) {
          cell.setAttribute("data-label", headers[index]);
        }
      });
    });
  });
}
if (typeof document$ !== "undefined") {
  document$.subscribe(function () { ekbLabelTableCells(document); });  // instant navigation
} else {
  ekbLabelTableCells(document);
}
