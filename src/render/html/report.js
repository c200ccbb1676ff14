// mtlint report: tooltips on hover and focus, jumps from lists and links.
(function () {
  "use strict";
  var tip = document.getElementById("tip");
  function primary(el) {
    var mark = el && el.closest ? el.closest("mark.m") : null;
    if (!mark) return null;
    return mark.classList.contains("cont") ? document.getElementById(mark.dataset.f) : mark;
  }
  function itemOf(mark) {
    return document.getElementById(mark.getAttribute("aria-describedby"));
  }
  function showTip(mark) {
    var item = itemOf(mark);
    if (!item) return;
    tip.textContent = "";
    var rule = item.querySelector(".rule"), msg = item.querySelector(".msg"), sug = item.querySelector(".sug");
    [[rule, "tip-rule"], [msg, "tip-msg"], [sug, "tip-sug"]].forEach(function (pair) {
      if (!pair[0]) return;
      var div = document.createElement("div");
      div.className = pair[1];
      div.textContent = pair[0].textContent;
      tip.appendChild(div);
    });
    tip.hidden = false;
    var box = mark.getBoundingClientRect();
    var left = Math.max(8, Math.min(box.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8));
    tip.style.left = left + "px";
    tip.style.top = (box.bottom + window.scrollY + 6) + "px";
  }
  function hideTip() { tip.hidden = true; }
  var active = null, pieces = [];
  // Highlights the list entry and every piece of the focused finding.
  function activate(mark) {
    if (active) active.classList.remove("active");
    pieces.forEach(function (p) { p.classList.remove("current"); });
    active = mark ? itemOf(mark) : null;
    if (active) active.classList.add("active");
    pieces = mark ? Array.prototype.slice.call(document.querySelectorAll("mark.cont[data-f='" + mark.id + "']")) : [];
    pieces.forEach(function (p) { p.classList.add("current"); });
  }
  document.addEventListener("mouseover", function (e) {
    var mark = primary(e.target);
    if (mark) showTip(mark); else if (!tip.contains(e.target)) hideTip();
  });
  document.addEventListener("focusin", function (e) {
    var mark = primary(e.target);
    if (mark) { showTip(mark); activate(mark); } else { hideTip(); }
  });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") hideTip(); });
  document.addEventListener("click", function (e) {
    var mark = primary(e.target);
    if (mark && mark !== document.activeElement) mark.focus();
  });
  // Open the article holding a target, then scroll to it and focus a finding.
  function reveal(id, focus) {
    var target = id && document.getElementById(id);
    if (!target) return;
    for (var d = target.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) d.open = true;
    target.scrollIntoView({ block: "center" });
    if (focus && target.matches("mark.m")) target.focus({ preventScroll: true });
  }
  function fromHash() { reveal(decodeURIComponent(location.hash.slice(1)), true); }
  window.addEventListener("hashchange", fromHash);
  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("a[href^='#']");
    if (link && link.getAttribute("href") === location.hash) { e.preventDefault(); fromHash(); }
  });
  function setAll(open) {
    document.querySelectorAll("details.article").forEach(function (d) { d.open = open; });
  }
  document.getElementById("open-all").addEventListener("click", function () { setAll(true); });
  document.getElementById("close-all").addEventListener("click", function () { setAll(false); });
  if (location.hash) fromHash();
})();
