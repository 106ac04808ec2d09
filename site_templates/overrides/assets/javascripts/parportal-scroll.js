/* parportal: a scroll cue for wide tables. A table wider than its box (.pp-table-wrap) gets a
   "swipe for more" hint above it, shown only while it overflows, and classes for the CSS shadows:
   .pp-more while there is more to its right, .pp-scrolled once moved off its start (tables a
   script draws later: window.parportalScrollCue(their container)). Without
   script the tables still scroll, and their key columns still stay put (CSS only). */
(function () {
  "use strict";
  function mark(wrap, hint) {
    var over = wrap.scrollWidth > wrap.clientWidth + 1;
    var left = Math.abs(wrap.scrollLeft);
    hint.hidden = !over;
    wrap.classList.toggle("pp-overflows", over);
    wrap.classList.toggle("pp-more", over && left + wrap.clientWidth < wrap.scrollWidth - 1);
    wrap.classList.toggle("pp-scrolled", over && left > 0);
  }
  function setup(wrap) {
    var hint = document.createElement("p");
    hint.className = "pp-swipe";
    hint.setAttribute("aria-hidden", "true");  /* the table's region label says it scrolls sideways */
    hint.hidden = true;
    hint.innerHTML = 'Vuốt ngang để xem thêm <span lang="en">· swipe for more</span> →';
    wrap.parentNode.insertBefore(hint, wrap);
    var update = function () { mark(wrap, hint); };
    wrap.addEventListener("scroll", update, { passive: true });
    if (window.ResizeObserver) new ResizeObserver(update).observe(wrap);  /* also a <details> opening */
    else window.addEventListener("resize", update);
    update();
  }
  function start() { Array.prototype.forEach.call(document.querySelectorAll(".pp-table-wrap"), setup); }
  /* Tables drawn later by a page's script (the compare page) get their cue from it. */
  window.parportalScrollCue = function (scope) {
    Array.prototype.forEach.call(scope.querySelectorAll(".pp-table-wrap"), setup);
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
