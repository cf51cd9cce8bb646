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
// A code block (the <pre>, evidencekb.css) or table too wide for the screen scrolls inside
// itself; it takes the keyboard focus so that it can be scrolled without a mouse (axe-core
// "scrollable-region-focusable"; the theme does this only where the device can hover).
function ekbFocusableCode(root) {
  root.querySelectorAll(".md-typeset pre, .md-typeset__scrollwrap").forEach(function (box) {
    if (box.scrollWidth > box.clientWidth + 1) box.setAttribute("tabindex", "0");
    else if (box.getAttribute("tabindex") === "0") box.removeAttribute("tabindex");
  });
}
function ekbEnhance() {
  ekbLabelTableCells(document);
  ekbFocusableCode(document);
}
if (typeof document$ !== "undefined") {
  document$.subscribe(ekbEnhance);  // each page, also after the theme's instant navigation
} else {
  ekbEnhance();
}
window.addEventListener("resize", function () { ekbFocusableCode(document); });

// Copy buttons (issue 15): a button.ekb-copy copies, as plain text, the element named by its
// data-ekb-copy (an id, or a selector starting with "."): a claim's "Cite this claim", a source's
// reference, a bibliography entry. The buttons are in the page hidden and shown here, so without
// script there is no button that does nothing and the text stays selectable. A link marked
// data-ekb-copy-href is copied as its full address (the permalink of a site built without
// site_url). The clipboard API where the page may use it, else a selected textarea; if neither
// works the text is selected for the reader to copy.
function ekbCopyTarget(button) {
  var name = button.getAttribute("data-ekb-copy") || "";
  return name.charAt(0) === "." ? document.querySelector(name) : document.getElementById(name);
}
function ekbPlainText(element) {
  var clone = element.cloneNode(true);
  clone.querySelectorAll(".ekb-copy, .ekb-copy-status").forEach(function (node) {
    node.remove();
  });
  clone.querySelectorAll("a[data-ekb-copy-href]").forEach(function (link) {
    link.textContent = link.href;
  });
  return clone.textContent.replace(/\s+/g, " ").trim();
}
function ekbCopyByTextarea(text) {
  var area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  var copied = false;
  try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
  area.remove();
  return copied;
}
function ekbCopied(button, target, copied) {
  var status = button.nextElementSibling;
  if (copied) {
    status.textContent = "Copied to the clipboard.";
  } else {
    window.getSelection().selectAllChildren(target);
    status.textContent = "Selected: press Ctrl+C (or Cmd+C) to copy.";
  }
  window.setTimeout(function () { status.textContent = ""; }, 4000);
}
function ekbCopy(button) {
  var target = ekbCopyTarget(button);
  if (!target) return;
  var text = ekbPlainText(target);
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(
      function () { ekbCopied(button, target, true); },
      function () { ekbCopied(button, target, ekbCopyByTextarea(text)); }
    );
  } else {
    ekbCopied(button, target, ekbCopyByTextarea(text));
  }
}
function ekbShowCopyButtons(root) {
  root.querySelectorAll("button.ekb-copy[hidden]").forEach(function (button) {
    var status = document.createElement("span");
    status.className = "ekb-copy-status";
    status.setAttribute("role", "status");
    button.insertAdjacentElement("afterend", status);
    button.hidden = false;
  });
}
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("button.ekb-copy");
  if (button) ekbCopy(button);
});
if (typeof document$ !== "undefined") {
  document$.subscribe(function () { ekbShowCopyButtons(document); });  // instant navigation
} else {
  ekbShowCopyButtons(document);
}
