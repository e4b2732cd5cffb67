// The static export's search page: the server's decision search (/decisions/), answered in the
// browser from Pagefind bundles: the site's bundle, with each reporting year's decisions merged
// into it (mergeIndex), and for words alone each year's councils' pages and letters too. Decisions are listed as the server lists them: newest first, then by
// reference, twenty a page, at most 1,000. Bundles hold a year each and the years' dates do not
// overlap, so searching year by year, newest first, gives the server's order (Pagefind's merged
// results are ordered by score, which with a sort is each bundle's own rank).
(function () {
  "use strict";
  var root = document.querySelector("[data-app-search]");
  var form = document.querySelector("[data-app-search-form]");
  if (!root || !form) return;
  var labels = JSON.parse(document.getElementById("search-labels").textContent);
  var PER_PAGE = 20;
  var CAP = 1000;
  var FILTERS = ["council", "category", "outcome", "year"];
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  var params = new URLSearchParams(window.location.search);
  var query = { q: (params.get("q") || "").trim().slice(0, 200) };
  form.elements.q.value = query.q;
  FILTERS.forEach(function (name) {
    var value = params.get(name) || "";
    var field = form.elements[name];
    var offered = Array.prototype.some.call(field.options, function (o) { return o.value === value; });
    // A value the form does not offer is ignored, as the server ignores it.
    query[name] = offered ? value : "";
    field.value = query[name];
  });
  var page = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function longDate(iso) {
    var parts = iso.split("-").map(Number);
    return parts[2] + " " + MONTHS[parts[1] - 1] + " " + parts[0];
  }

  // A decision's address, as casework/addresses.py builds it: the reference, spaces as hyphens.
  function decisionAddress(reference) {
    return "/decisions/" + encodeURIComponent(reference.replace(/ /g, "-")) + "/";
  }

  function pageLink(number, text) {
    var next = new URLSearchParams(window.location.search);
    next.set("page", String(number));
    return element("a", { class: "govuk-link", href: "?" + next.toString() + "#results" }, text);
  }

  async function run() {
    var pagefind = await import("/pagefind/site/pagefind.js");
    await pagefind.options({ excerptLength: 30 });
    // Only the bundles that can answer: one year's when a year is chosen.
    var years = query.year ? [query.year] : labels.years;
    for (var i = 0; i < years.length; i++) await pagefind.mergeIndex("/pagefind/" + years[i] + "/");
    // Each year's councils' pages and letters are a bundle of their own, merged before the
    // first search, and only for words alone (the only search that lists them).
    var wordsAlone = query.q && !FILTERS.some(function (name) { return query[name]; });
    if (wordsAlone) {
      for (var s = 0; s < labels.site_years.length; s++) {
        await pagefind.mergeIndex("/pagefind/site-" + labels.site_years[s] + "/");
      }
    }
    var filters = {};
    FILTERS.forEach(function (name) { if (name !== "year" && query[name]) filters[name] = query[name]; });
    var term = query.q || null;
    var found = [];
    for (var y = 0; y < years.length && found.length <= CAP; y++) {
      var options = { filters: Object.assign({ year: years[y] }, filters), sort: { order: "asc" } };
      var search = await pagefind.search(term, options);
      found = found.concat(search.results);
    }
    var more = found.length > CAP;
    var shown = Math.min(found.length, CAP);
    var pages = Math.max(1, Math.ceil(shown / PER_PAGE));
    page = Math.min(page, pages);
    root.textContent = "";
    var heading = element("h2", { class: "govuk-heading-l", id: "results" });
    heading.textContent = more
      ? "More than " + CAP.toLocaleString("en-GB") + " decisions found"
      : shown.toLocaleString("en-GB") + " decision" + (shown === 1 ? "" : "s") + " found";
    root.appendChild(heading);
    if (more) {
      root.appendChild(element("p", { class: "govuk-body" },
        "Showing the 1,000 most recent. Add words or filters to narrow the search."));
    }
    if (!shown && query.q) {
      root.appendChild(element("p", { class: "govuk-body" },
        "Every word must appear in a summary. Try fewer or different words, or remove a filter."));
    }
    var first = (page - 1) * PER_PAGE;
    var rows = await Promise.all(found.slice(first, Math.min(first + PER_PAGE, shown))
      .map(function (result) { return result.data(); }));
    var list = element("div", { "data-app-search-results": "" });
    rows.forEach(function (data) {
      var reference = data.meta.title;
      var council = data.filters.council[0];
      var row = element("div", { class: "govuk-!-margin-bottom-6", "data-reference": reference });
      var title = element("h3", { class: "govuk-heading-s govuk-!-margin-bottom-1" });
      title.appendChild(element("a", { class: "govuk-link", href: decisionAddress(reference) },
        (labels.councils[council] || council) + ": " + reference));
      row.appendChild(title);
      row.appendChild(element("p", { class: "govuk-body-s govuk-!-margin-bottom-1" },
        longDate(data.filters.date[0]) + " · " + labels.categories[data.filters.category[0]] +
        " · " + labels.outcomes[data.filters.outcome[0]]));
      if (query.q) {
        var excerpt = element("p", { class: "govuk-body" });
        excerpt.innerHTML = data.excerpt; // Pagefind's escaped text, with <mark> around words found
        row.appendChild(excerpt);
      }
      list.appendChild(row);
    });
    root.appendChild(list);
    if (pages > 1) {
      var nav = element("p", { class: "govuk-body" });
      if (page > 1) nav.appendChild(pageLink(page - 1, "Previous page"));
      nav.appendChild(document.createTextNode(" Page " + page + " of " + pages + " "));
      if (page < pages) nav.appendChild(pageLink(page + 1, "Next page"));
      root.appendChild(nav);
    }
    // Words alone also find the site's other pages: councils' pages, letters, about.
    if (wordsAlone) {
      var none = labels.years.map(function (year) { return { year: year }; });
      var other = await pagefind.search(query.q, { filters: { none: none } });
      var pagesFound = await Promise.all(other.results.slice(0, 10).map(function (r) { return r.data(); }));
      root.appendChild(element("h2", { class: "govuk-heading-l", id: "pages" }, "Pages of the site"));
      if (!pagesFound.length) root.appendChild(element("p", { class: "govuk-body" }, "No page found."));
      pagesFound.forEach(function (data) {
        var item = element("div", { class: "govuk-!-margin-bottom-4", "data-app-search-page": "" });
        var title = element("h3", { class: "govuk-heading-s govuk-!-margin-bottom-1" });
        title.appendChild(element("a", { class: "govuk-link", href: data.url }, data.meta.title));
        item.appendChild(title);
        var excerpt = element("p", { class: "govuk-body" });
        excerpt.innerHTML = data.excerpt;
        item.appendChild(excerpt);
        root.appendChild(item);
      });
    }
    root.setAttribute("data-app-search-done", "");
  }

  run().catch(function (error) {
    root.textContent = "";
    root.appendChild(element("p", { class: "govuk-body" }, "The search could not load: " + error));
    root.setAttribute("data-app-search-done", "");
  });
})();
