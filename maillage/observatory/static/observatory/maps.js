// A choropleth's areas (observatory/svgmap.py) are focusable: the name of the area under
// the pointer or the keyboard focus is written in the map's label layer, above the areas.
(function () {
  function show(area) {
    var svg = area.ownerSVGElement;
    var label = svg && svg.querySelector(".maillage-map__label");
    if (!label) { return; }
    label.textContent = area.getAttribute("data-label") || "";
    label.setAttribute("x", area.getAttribute("data-label-x") || "0");
    label.setAttribute("y", area.getAttribute("data-label-y") || "0");
  }
  function hide(area) {
    var svg = area.ownerSVGElement;
    var label = svg && svg.querySelector(".maillage-map__label");
    if (label) { label.textContent = ""; }
  }
  function areaOf(event) {
    var target = event.target;
    return target && target.classList && target.classList.contains("maillage-map__area") ? target : null;
  }
  ["mouseover", "focusin"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      var area = areaOf(event);
      if (area) { show(area); }
    });
  });
  ["mouseout", "focusout"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      var area = areaOf(event);
      if (area) { hide(area); }
    });
  });
})();
