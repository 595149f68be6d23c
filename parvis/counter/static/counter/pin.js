// The report form's map, optional: a click, a drag or the "centre" button puts the pin, which fills latitude and
// longitude. Without it (or without JavaScript) the address and the commune are the way, and those two fields stay.
(function () {
  "use strict";
  function start() {
    var block = document.getElementById("counter-pin");
    var container = document.getElementById("counter-pin-map");
    var data = document.getElementById("counter-pin-data");
    var latitude = document.getElementById("id_latitude");
    var longitude = document.getElementById("id_longitude");
    if (!block || !container || !data || !latitude || !longitude || typeof L === "undefined") return;
    var config = JSON.parse(data.textContent);
    if (config.icons) L.Icon.Default.imagePath = config.icons;
    var status = document.getElementById("counter-pin-status");
    var coordinates = document.getElementById("counter-coordinates");
    if (!coordinates.querySelector(".field-error")) coordinates.hidden = true;
    block.hidden = false;
    var map = L.map(container, { keyboard: true });
    L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
    var marker = null;
    function say(key) { status.textContent = status.getAttribute(key); }
    function write(point) {
      latitude.value = point.lat.toFixed(6);
      longitude.value = point.lng.toFixed(6);
    }
    function place(point) {
      if (marker === null) {
        marker = L.marker(point, { draggable: true, keyboard: false }).addTo(map);
        marker.on("dragend", function () { write(marker.getLatLng()); say("data-placed"); });
      } else {
        marker.setLatLng(point);
      }
      write(marker.getLatLng());
      say("data-placed");
    }
    var lat = parseFloat(latitude.value);
    var lng = parseFloat(longitude.value);
    if (!isNaN(lat) && !isNaN(lng)) {
      map.setView([lat, lng], 17);
      place(L.latLng(lat, lng));
    } else if (config.centre) {
      map.setView(config.centre, 15);
    } else {
      map.setView([46.6, 2.4], 5);
    }
    map.on("click", function (event) { place(event.latlng); });
    document.getElementById("counter-pin-centre").addEventListener("click", function () { place(map.getCenter()); });
    document.getElementById("counter-pin-clear").addEventListener("click", function () {
      if (marker !== null) { map.removeLayer(marker); marker = null; }
      latitude.value = "";
      longitude.value = "";
      say("data-cleared");
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
