// Accessibility (axe-core "aria-dialog-name"): the theme's search dialog has no accessible name.
document.querySelectorAll(".md-search[role=dialog]").forEach(function (dialog) {
  if (!dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search");
});
