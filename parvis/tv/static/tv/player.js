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
