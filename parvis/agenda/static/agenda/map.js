// Draws the agenda map over the events listed on the page (their data is in #agenda-map-data). Without this
// script, or without Leaflet, the map stays hidden and the list is the page.
(function () {
  "use strict";
  function draw() {
    var container = document.getElementById("agenda-map");
    var data = document.getElementById("agenda-map-data");
    if (!container || !data || typeof L === "undefined") return;
    var config = JSON.parse(data.textContent);
    if (!config.points.length) return;
    container.hidden = false;
    var map = L.map(container);
    L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
    var bounds = [];
    config.points.forEach(function (point) {
      // Text nodes, never HTML: titles are written by users.
      var popup = document.createElement("div");
      var link = document.createElement("a");
      link.href = point.url;
      link.textContent = point.title;
      popup.appendChild(link);
      var details = document.createElement("p");
      details.textContent = point.when + (point.place ? " · " + point.place : "");
      popup.appendChild(details);
      L.marker([point.lat, point.lng], { title: point.title, alt: point.title }).bindPopup(popup).addTo(map);
      bounds.push([point.lat, point.lng]);
    });
    map.fitBounds(bounds, { maxZoom: 15, padding: [20, 20] });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
