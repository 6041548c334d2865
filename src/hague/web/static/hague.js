// hague: sortable tables (progressive enhancement; the links in the headers sort on the server without JS).
(function () {
  "use strict";
  function sortTable(table, th) {
    var idx = Array.prototype.indexOf.call(th.parentNode.children, th);
    var numeric = th.getAttribute("data-type") === "num";
    var asc = th.getAttribute("aria-sort") === "descending" || (th.getAttribute("aria-sort") !== "ascending" && !numeric);
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    rows.sort(function (a, b) {
      var va = a.cells[idx].getAttribute("data-v"), vb = b.cells[idx].getAttribute("data-v");
      if (va === null) { va = a.cells[idx].textContent; }
      if (vb === null) { vb = b.cells[idx].textContent; }
      if (numeric) {
        if (va === "" && vb === "") { return 0; }
        if (va === "") { return 1; }   // missing values (e.g. Iceland) always last
        if (vb === "") { return -1; }
        return asc ? parseFloat(va) - parseFloat(vb) : parseFloat(vb) - parseFloat(va);
      }
      return asc ? va.localeCompare(vb) : vb.localeCompare(va);
    });
    rows.forEach(function (r) { tbody.appendChild(r); });
    Array.prototype.forEach.call(th.parentNode.children, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
        if (!th.hasAttribute("data-key")) { return; }
        var link = th.querySelector("a");
        (link || th).addEventListener("click", function (ev) { ev.preventDefault(); sortTable(table, th); });
      });
    });
  });
})();
// Chart downloads as PNG: the server's SVG drawn on a canvas at twice its size (no server-side rasteriser).
(function () {
  "use strict";
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest ? ev.target.closest("a.dl-png") : null;
    if (!a) { return; }
    ev.preventDefault();
    fetch(a.getAttribute("href")).then(function (r) { return r.text(); }).then(function (svg) {
      var m = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg);
      var w = m ? parseFloat(m[1]) : 760, h = m ? parseFloat(m[2]) : 400, scale = 2;
      var img = new Image();
      img.onload = function () {
        var c = document.createElement("canvas");
        c.width = w * scale; c.height = h * scale;
        var ctx = c.getContext("2d");
        ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, c.width, c.height);
        ctx.drawImage(img, 0, 0, c.width, c.height);
        var link = document.createElement("a");
        link.download = a.getAttribute("data-png") || "chart.png";
        link.href = c.toDataURL("image/png");
        document.body.appendChild(link); link.click(); link.remove();
      };
      img.src = "data:image/svg+xml;base64," + btoa(unescape(encodeURIComponent(svg.replace(/^<\?xml[^>]*>\s*/, ""))));
    });
  });
})();
