// Search over the excerpts by word, speaker, setting, case and code, in the page; no network.
(function () {
  "use strict";
  var excerpts = JSON.parse(document.getElementById("kvp-excerpts").textContent);
  var words = JSON.parse(document.getElementById("kvp-words").textContent);
  var form = document.getElementById("kvp-search");
  var out = document.getElementById("kvp-hits");
  var fields = ["speaker", "setting", "case", "code"];

  function fold(text) {
    return (text || "").toLocaleLowerCase().normalize("NFC");
  }

  function matches(excerpt, query, chosen) {
    for (var i = 0; i < fields.length; i++) {
      var want = chosen[fields[i]];
      if (want && excerpt[fields[i] + "s"].indexOf(want) < 0) { return false; }
    }
    if (!query) { return true; }
    var haystack = fold([excerpt.text, excerpt.gloss, excerpt.speakers.join(" "), excerpt.id].join(" "));
    return query.split(/\s+/).every(function (word) { return haystack.indexOf(word) >= 0; });
  }

  function show() {
    var query = fold(form.elements.q.value.trim());
    var chosen = {};
    fields.forEach(function (f) { chosen[f] = form.elements[f].value; });
    out.textContent = "";
    var found = excerpts.filter(function (e) { return matches(e, query, chosen); });
    var count = document.createElement("p");
    count.id = "kvp-count";
    count.textContent = found.length + " " + words.hits;
    out.appendChild(count);
    found.forEach(function (e) {
      var hit = document.createElement("div");
      hit.className = "hit";
      hit.setAttribute("data-excerpt", e.id);
      var link = document.createElement("a");
      link.href = e.href;
      link.textContent = e.id;
      hit.appendChild(link);
      var text = document.createElement("q");
      text.textContent = " " + e.text;
      hit.appendChild(text);
      if (e.gloss) {
        var gloss = document.createElement("div");
        gloss.textContent = e.gloss;
        hit.appendChild(gloss);
      }
      var meta = document.createElement("div");
      meta.className = "meta";
      meta.textContent = [e.speakers.join(", "), e.settings.join(", "), e.cases.join(", "),
        e.codes.join(", "), words.section + " " + e.section, words.lines + " " + e.lines]
        .filter(Boolean).join(" · ");
      hit.appendChild(meta);
      out.appendChild(hit);
    });
  }

  var given = new URLSearchParams(window.location.search);
  ["q"].concat(fields).forEach(function (f) {
    if (given.get(f)) { form.elements[f].value = given.get(f); }
  });
  form.addEventListener("input", show);
  form.addEventListener("submit", function (event) { event.preventDefault(); show(); });
  show();
})();
