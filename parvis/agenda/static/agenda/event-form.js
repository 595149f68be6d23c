// The event form's two helps, both optional: the form works the same without this script.
// 1. Repetition: only the questions that apply to the answers chosen are shown ([data-when] blocks).
// 2. Place: a map where a click, a drag or the "centre" button puts the pin, which fills latitude and longitude;
//    those two fields are hidden only once the map is drawn.
(function () {
  "use strict";

  function checkedValue(form, name) {
    var checked = form.querySelector('input[name="' + name + '"]:checked');
    return checked ? checked.value : "";
  }

  function showApplicable(form) {
    // In document order, outer blocks first: an inner block sees whether its parent was just hidden.
    form.querySelectorAll("[data-when]").forEach(function (block) {
      var wanted = block.getAttribute("data-values").split(" ");
      var value = checkedValue(form, block.getAttribute("data-when"));
      var parentHidden = block.parentElement.closest("[data-when][hidden]");
      block.hidden = parentHidden !== null || wanted.indexOf(value) === -1;
    });
  }

  function setUpRepetition(form) {
    if (!form.querySelector('input[name="repeat"]')) return;
    form.addEventListener("change", function (event) {
      if (event.target.type === "radio") showApplicable(form);
    });
    showApplicable(form);
  }

  function setUpMap() {
    var block = document.getElementById("place-map-block");
    var container = document.getElementById("place-map");
    var data = document.getElementById("place-map-data");
    var latitude = document.getElementById("id_latitude");
    var longitude = document.getElementById("id_longitude");
    if (!block || !container || !data || !latitude || !longitude || typeof L === "undefined") return;
    var config = JSON.parse(data.textContent);
    var status = document.getElementById("place-map-status");
    // A field with an error stays in sight: the person must see what was refused.
    var coordinates = document.getElementById("place-coordinates");
    if (!coordinates.querySelector(".error")) coordinates.hidden = true;
    block.hidden = false;

    var map = L.map(container, { keyboard: true });
    L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
    var marker = null;

    function say(key) {
      status.textContent = status.getAttribute(key);
    }
    function write(point) {
      latitude.value = point.lat.toFixed(6);
      longitude.value = point.lng.toFixed(6);
    }
    function place(point) {
      if (marker === null) {
        marker = L.marker(point, { draggable: true, keyboard: false }).addTo(map);
        marker.on("dragend", function () {
          write(marker.getLatLng());
          say("data-placed");
        });
      } else {
        marker.setLatLng(point);
      }
      write(marker.getLatLng());
      say("data-placed");
    }

    var lat = parseFloat(latitude.value);
    var lng = parseFloat(longitude.value);
    if (!isNaN(lat) && !isNaN(lng)) {
      map.setView([lat, lng], 16);
      place(L.latLng(lat, lng));
      status.textContent = "";
    } else if (config.centre) {
      map.setView(config.centre, 14);
    } else {
      map.setView([46.6, 2.4], 5); // France, when the commune's centre is unknown
    }
    map.on("click", function (event) {
      place(event.latlng);
    });
    document.getElementById("place-map-centre").addEventListener("click", function () {
      place(map.getCenter());
    });
    document.getElementById("place-map-clear").addEventListener("click", function () {
      if (marker !== null) {
        map.removeLayer(marker);
        marker = null;
      }
      latitude.value = "";
      longitude.value = "";
      say("data-cleared");
    });
  }

  function start() {
    var form = document.querySelector(".event-form");
    if (!form) return;
    setUpRepetition(form);
    setUpMap();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
