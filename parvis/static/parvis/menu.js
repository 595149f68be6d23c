// The header's menu is a <details>: it opens and closes without JavaScript. With it, the menu also closes as other
// menus do, on Escape (the focus going back to its button) and on a tap outside it.
(() => {
  const menu = document.querySelector("header details.more");
  if (!menu) return;
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menu.open) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (menu.open && !menu.contains(event.target)) menu.open = false;
  });
})();
