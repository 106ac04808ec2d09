/* Vietnamese first: the English lines (every element with lang="en") are hidden until the reader
   asks for them with the header's switch; the choice is kept across pages (localStorage). Without
   script, both languages show, as they always did. The class is set before the page is drawn by
   the snippet in main.html; this file only adds the switch. */
(function () {
  var KEY = "pp-en", root = document.documentElement, header = document.querySelector(".md-header__inner");
  if (!header) return;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "md-header__button pp-lang-switch";
  function english() { return !root.classList.contains("pp-no-en"); }
  function show() {
    var on = english();
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.textContent = on ? "VI + EN" : "VI";
    button.title = on ? "Ẩn dòng tiếng Anh / hide the English lines" : "Hiện dòng tiếng Anh / show the English lines";
    button.setAttribute("aria-label", button.title);
  }
  button.addEventListener("click", function () {
    var on = !english();
    root.classList.toggle("pp-no-en", !on);
    try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* private mode: this page only */ }
    show();
  });
  show();
  header.insertBefore(button, header.querySelector(".md-search") || null);
})();
