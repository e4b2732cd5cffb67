// Enhancements only: every page works without this file.
// - the home page map switches measure, year and layer in place, its data links following it
//   and a one-line summary announced;
// - map areas show their name and value on hover and keyboard focus;
// - tables marked data-app-sortable sort by any column;
// - <details> open when the page is printed.
(function () {
  "use strict";

  function sortableTables(root) {
    root.querySelectorAll("table[data-app-sortable]").forEach(function (table) {
      var headers = table.querySelectorAll("thead th");
      headers.forEach(function (th, column) {
        if (th.querySelector("button")) return;
        var button = document.createElement("button");
        button.type = "button";
        button.className = "app-sort-button";
        button.textContent = th.textContent;
        th.textContent = "";
        th.appendChild(button);
        button.addEventListener("click", function () {
          var ascending = th.getAttribute("aria-sort") !== "ascending";
          headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
          th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
          var numeric = th.getAttribute("data-sort") === "number";
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (a, b) {
            var x = a.cells[column], y = b.cells[column];
            var result;
            if (numeric) {
              result = parseFloat(x.getAttribute("data-sort-value")) - parseFloat(y.getAttribute("data-sort-value"));
            } else {
              result = x.textContent.trim().localeCompare(y.textContent.trim());
            }
            return ascending ? result : -result;
          });
          rows.forEach(function (row) { body.appendChild(row); });
        });
      });
    });
  }

  function mapTooltips(root) {
    var map = root.querySelector("[data-app-map]");
    if (!map) return;
    var tip = document.createElement("div");
    tip.className = "app-tooltip";
    tip.hidden = true;
    tip.setAttribute("aria-hidden", "true");
    map.appendChild(tip);
    function show(link, x, y) {
      var title = link.querySelector("title");
      if (!title) return;
      outline(link);
      tip.textContent = title.textContent;
      tip.hidden = false;
      var box = map.getBoundingClientRect();
      if (x === undefined) {
        var area = link.getBoundingClientRect();
        x = area.left + area.width / 2;
        y = area.top;
      }
      var left = Math.min(x - box.left + 12, box.width - tip.offsetWidth);
      tip.style.left = Math.max(0, left) + "px";
      tip.style.top = Math.max(0, y - box.top - tip.offsetHeight - 8) + "px";
    }
    // Neighbours drawn later hide an area's own outline: draw the outline again on top.
    var halo = map.querySelector(".app-map__halo");
    var edge = map.querySelector(".app-map__edge");
    function outline(link) {
      var path = link && link.querySelector("path");
      var d = path ? path.getAttribute("d") : "";
      if (halo) halo.setAttribute("d", d);
      if (edge) edge.setAttribute("d", d);
    }
    function hide() { tip.hidden = true; outline(null); }
    map.addEventListener("mousemove", function (event) {
      var link = event.target.closest && event.target.closest("a");
      if (link) show(link, event.clientX, event.clientY); else hide();
    });
    map.addEventListener("mouseleave", hide);
    map.addEventListener("focusin", function (event) {
      var link = event.target.closest && event.target.closest("a");
      if (link) show(link);
    });
    map.addEventListener("focusout", hide);
  }

  function mapSwitching() {
    var form = document.querySelector("[data-app-map-form]");
    var section = document.getElementById("app-map-section");
    if (!form || !section || !window.fetch || !window.URLSearchParams) return;
    var submit = form.querySelector("[data-app-map-submit]");
    // The button's own display rule would beat the hidden attribute: a utility class hides it.
    if (submit) {
      submit.hidden = true;
      submit.classList.add("govuk-!-display-none");
    }
    var pending = 0;
    var status = document.getElementById("app-map-status");
    var fixed = form.getAttribute("data-app-map-static");
    var first = new URLSearchParams(new FormData(form)).toString();
    // The page's "get this data" links follow the map shown. A static copy has the twins of
    // the first map only (a file server ignores the query): there they hide until it is back.
    function twinsFollow(query) {
      document.querySelectorAll("a[data-twin]").forEach(function (link) {
        var path = link.getAttribute("href").split("?")[0];
        if (fixed) {
          link.closest("li").hidden = query !== first;
        } else {
          link.setAttribute("href", path + "?" + query);
        }
      });
    }
    function load() {
      var query = new URLSearchParams(new FormData(form)).toString();
      var ticket = ++pending;
      section.setAttribute("aria-busy", "true");
      // A static copy of the site has each map as a file: /map/<year>/<measure>/<layer>.html.
      var data = new FormData(form);
      var address = fixed
        ? fixed + [data.get("year"), data.get("measure"), data.get("layer")].join("/") + ".html"
        : "/?" + query + "&fragment=map";
      fetch(address, { headers: { Accept: "text/html" } })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.text();
        })
        .then(function (html) {
          if (ticket !== pending) return;
          section.innerHTML = html;
          section.removeAttribute("aria-busy");
          history.replaceState(null, "", "/?" + query);
          var heading = section.querySelector("#map-heading");
          if (heading) document.title = "Map of councils: " + heading.textContent + document.title.slice(document.title.indexOf(" – "));
          twinsFollow(query);
          // A short summary is announced, not the whole map and its table.
          var map = section.querySelector("[data-app-map-summary]");
          if (status && map) status.textContent = map.getAttribute("data-app-map-summary");
          enhance(section);
        })
        .catch(function () { form.submit(); });
    }
    form.addEventListener("change", load);
  }

  function enhance(root) {
    sortableTables(root);
    mapTooltips(root);
  }

  // A frozen letter shown in a frame: grow the frame to the letter's height.
  function fitFrames() {
    document.querySelectorAll("iframe[data-app-fit-frame]").forEach(function (frame) {
      function fit() {
        try {
          frame.style.height = frame.contentDocument.documentElement.scrollHeight + 32 + "px";
        } catch (error) { /* keep the fixed height */ }
      }
      frame.addEventListener("load", fit);
      fit();
    });
  }

  // Printed, every <details> is open (its text is part of the page on paper); those the
  // reader had closed close again afterwards.
  function detailsOpenForPrint() {
    var opened = [];
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll("details:not([open])").forEach(function (details) {
        details.open = true;
        opened.push(details);
      });
    });
    window.addEventListener("afterprint", function () {
      opened.splice(0).forEach(function (details) { details.open = false; });
    });
  }

  enhance(document);
  mapSwitching();
  fitFrames();
  detailsOpenForPrint();
})();
