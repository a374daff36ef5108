// giamsat show: rows scroll the text to their item and flash it; a highlight picks its row;
// the legend hides a kind. No network, no libraries.
(function () {
  "use strict";
  var flashTimer = null;

  function pieces(hid) {
    return document.querySelectorAll('[data-hl="' + CSS.escape(hid) + '"]');
  }

  function goTo(hid) {
    var els = pieces(hid);
    if (!els.length) return false;
    els[0].scrollIntoView({ block: "center", inline: "nearest", behavior: "instant" });
    document.querySelectorAll(".hl.flash").forEach(function (e) { e.classList.remove("flash"); });
    for (var i = 0; i < els.length; i++) {
      els[i].classList.remove("flash");
      void els[i].offsetWidth; // restart the animation
      els[i].classList.add("flash");
    }
    clearTimeout(flashTimer);
    flashTimer = setTimeout(function () {
      document.querySelectorAll(".hl.flash").forEach(function (e) { e.classList.remove("flash"); });
    }, 1600);
    if (history.replaceState) history.replaceState(null, "", "#" + hid);
    return true;
  }

  function pickRow(hid) {
    var row = document.querySelector('tr.row[data-target="' + CSS.escape(hid) + '"]');
    if (!row) {
      var link = document.querySelector('a.go[data-target="' + CSS.escape(hid) + '"]');
      row = link && link.closest("tr");
    }
    if (!row) return;
    document.querySelectorAll("tr.row.picked").forEach(function (r) { r.classList.remove("picked"); });
    var sec = row.closest("details");
    if (sec) sec.open = true;
    row.classList.add("picked");
    row.scrollIntoView({ block: "nearest", behavior: "instant" });
  }

  document.addEventListener("click", function (ev) {
    var t = ev.target.closest("[data-target]");
    if (t && t.getAttribute("data-target")) {
      if (goTo(t.getAttribute("data-target"))) ev.preventDefault();
      var row = t.closest("tr.row");
      document.querySelectorAll("tr.row.picked").forEach(function (r) { r.classList.remove("picked"); });
      if (row) row.classList.add("picked");
      return;
    }
    var hl = ev.target.closest(".hl");
    if (hl) pickRow(hl.getAttribute("data-hl"));
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter" && ev.key !== " ") return;
    var t = ev.target.closest && ev.target.closest("tr[data-target]");
    if (t && t.getAttribute("data-target")) {
      ev.preventDefault();
      goTo(t.getAttribute("data-target"));
    }
  });

  document.querySelectorAll("#legend input[data-kind]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.body.classList.toggle("hide-" + box.getAttribute("data-kind"), !box.checked);
    });
  });

  if (location.hash.length > 1) goTo(location.hash.slice(1));
})();
