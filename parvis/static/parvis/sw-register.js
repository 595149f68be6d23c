// Installs the service worker (/sw.js): notifications on this device, and the offline page when the network fails.
if ("serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
  });
}
