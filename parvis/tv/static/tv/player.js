// The player: the browser's own <video controls> (keyboard and screen-reader operable), fed with HLS by hls.js
// where the browser has no HLS of its own (Chrome, Firefox). Safari plays the playlist natively; without
// JavaScript, or without Media Source Extensions, the <source> list falls back to the MP4.
(function () {
  "use strict";
  document.querySelectorAll("video[data-hls]").forEach(function (video) {
    var playlist = video.getAttribute("data-hls");
    if (video.canPlayType("application/vnd.apple.mpegurl")) return;
    if (!window.Hls || !window.Hls.isSupported()) return;
    // No worker: the page's policy allows scripts from the site's files only.
    var hls = new window.Hls({ enableWorker: false, capLevelToPlayerSize: true });
    hls.on(window.Hls.Events.ERROR, function (_event, data) {
      if (!data.fatal) return;
      // Back to the MP4 the <source> list names.
      hls.destroy();
      video.removeAttribute("src");
      video.load();
    });
    hls.loadSource(playlist);
    hls.attachMedia(video);
  });
})();

// The transcript follows the video: the line being said is marked (aria-current) while it plays, whatever the
// captions' setting, so that a reader of the transcript keeps their place.
(function () {
  "use strict";
  var video = document.querySelector(".tv-player video");
  var lines = document.querySelectorAll(".tv-transcript__lines li[data-start]");
  if (!video || !lines.length) return;
  video.addEventListener("timeupdate", function () {
    var now = video.currentTime;
    lines.forEach(function (line) {
      var on = now >= parseFloat(line.getAttribute("data-start")) && now < parseFloat(line.getAttribute("data-end"));
      if (on) line.setAttribute("aria-current", "true");
      else line.removeAttribute("aria-current");
    });
  });
})();

// A captions switch beside the player, in the page's tab order: the browser's own menu for captions sits inside the
// video's controls, which not every keyboard or screen reader reaches. Off, the track stays loaded ("hidden") so
// that the transcript still follows the video.
(function () {
  "use strict";
  var button = document.querySelector("[data-tv-captions]");
  var video = document.querySelector(".tv-player video");
  if (!button || !video || !video.textTracks || !video.textTracks.length) return;
  var tracks = video.textTracks;
  function captions() {
    return Array.prototype.filter.call(tracks, function (track) {
      return track.kind === "captions" || track.kind === "subtitles";
    });
  }
  function showing() {
    return captions().some(function (track) { return track.mode === "showing"; });
  }
  function sync() { button.setAttribute("aria-pressed", showing() ? "true" : "false"); }
  button.addEventListener("click", function () {
    var on = !showing();
    var chosen = null;
    captions().forEach(function (track) {
      if (on && !chosen && (track.language === document.documentElement.lang || track.mode !== "disabled")) chosen = track;
    });
    if (on && !chosen) chosen = captions()[0];
    captions().forEach(function (track) { track.mode = on && track === chosen ? "showing" : "hidden"; });
    sync();
  });
  tracks.addEventListener("change", sync);
  button.hidden = false;
  sync();
})();

// Chapters and `?t=`: without JavaScript a chapter's link reloads the page starting at its time (the `#t=` of the
// sources); with it, the link seeks the video in place and keeps the address shareable.
(function () {
  "use strict";
  var video = document.getElementById("tv-player-video");
  if (!video) return;
  var start = parseInt(video.getAttribute("data-start") || "0", 10);
  if (start > 0) {
    // The metadata may be in before this script runs (a cached file): then seek at once.
    if (video.readyState >= 1) {
      if (video.currentTime < 1) video.currentTime = start;
    } else {
      video.addEventListener("loadedmetadata", function once() {
        video.removeEventListener("loadedmetadata", once);
        if (video.currentTime < 1) video.currentTime = start;
      });
    }
  }
  document.querySelectorAll("a[data-seek]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var seconds = parseInt(link.getAttribute("data-seek"), 10);
      if (isNaN(seconds)) return;
      event.preventDefault();
      video.currentTime = seconds;
      video.focus();
      if (window.history && window.history.replaceState) window.history.replaceState(null, "", link.href);
    });
  });
})();
