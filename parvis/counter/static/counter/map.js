// Draws the reports listed on the page on a map (their rounded places are in #counter-map-data). Without this
// script, or without Leaflet, the map stays hidden and the list is the page.
(function () {
  "use strict";
  function draw() {
    var container = document.getElementById("counter-map");
    var data = document.getElementById("counter-map-data");
    if (!container || !data || typeof L === "undefined") return;
    var config = JSON.parse(data.textContent);
    if (config.icons) L.Icon.Default.imagePath = config.icons;
    if (!config.points.length) return;
    container.hidden = false;
    var map = L.map(container);
    L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
    var bounds = [];
    config.points.forEach(function (point) {
      var popup = document.createElement("div");
      var link = document.createElement("a");
      link.href = point.url;
      link.textContent = point.title;
      popup.appendChild(link);
      var state = document.createElement("p");
      state.textContent = point.state;
      popup.appendChild(state);
      L.marker([point.lat, point.lng], { title: point.title, alt: point.title }).bindPopup(popup).addTo(map);
      bounds.push([point.lat, point.lng]);
    });
    map.fitBounds(bounds, { maxZoom: 16, padding: [20, 20] });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
