// Evidence at every mark: hovering a mark (an SVG group or a table row with data-kvp) shows the
// verbatim snippet, section and lines of its data row; clicking opens that row below the figure.
(function () {
  "use strict";
  var node = document.getElementById("kvp-evidence");
  if (!node) { return; }
  var evidence = JSON.parse(node.textContent);
  var words = JSON.parse(document.getElementById("kvp-words").textContent);
  var tip = document.getElementById("kvp-tip");

  function say(record) {
    tip.textContent = "";
    var head = document.createElement("strong");
    head.textContent = record.label || record.id;
    tip.appendChild(head);
    if (record.evidence) {
      var quote = document.createElement("p");
      var q = document.createElement("q");
      q.textContent = record.evidence;
      quote.appendChild(q);
      tip.appendChild(quote);
    }
    var where = document.createElement("p");
    var parts = [];
    if (record.section) { parts.push(words.section + " " + record.section); }
    if (record.lines) { parts.push(words.lines + " " + record.lines); }
    if (record.status) { parts.push(record.status); }
    if (record.excerpts && record.excerpts.length) { parts.push(words.excerpts + ": " + record.excerpts.join(", ")); }
    where.textContent = parts.join(" · ");
    tip.appendChild(where);
  }

  function place(event) {
    var x = Math.min(event.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
    var y = Math.min(event.clientY + 14, window.innerHeight - tip.offsetHeight - 8);
    tip.style.left = Math.max(0, x) + "px";
    tip.style.top = Math.max(0, y) + "px";
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-kvp]"), function (mark) {
    var record = evidence[mark.getAttribute("data-kvp")];
    if (!record) { return; }
    mark.addEventListener("mouseenter", function (event) {
      say(record);
      tip.hidden = false;
      place(event);
      mark.classList.add("kvp-active");
    });
    mark.addEventListener("mousemove", place);
    mark.addEventListener("mouseleave", function () {
      tip.hidden = true;
      mark.classList.remove("kvp-active");
    });
    mark.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest("a")) { return; }
      event.stopPropagation();  // a bullet inside a row opens the bullet's own row
      var details = document.getElementById("kvp-data");
      if (details) { details.open = true; }
      window.location.hash = "row:" + mark.getAttribute("data-kvp");
    });
  });
})();
