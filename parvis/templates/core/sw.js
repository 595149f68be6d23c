// The service worker of the installable app: shows the push notifications the instance sends (a title and a link,
// encrypted to this device), opens the link on a click, and shows the offline page when a page cannot be loaded.
const OFFLINE_URL = "{{ offline_url }}";  // an address of this site, nothing to escape
const CACHE = "parvis-offline-{{ version|escapejs }}";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.add(new Request(OFFLINE_URL, { cache: "reload" }))));
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
  );
  self.clients.claim();
});

// Only the pages one opens (GET navigations): a form sent (POST) and every other request go to the network as if
// there were no worker, so nothing is ever sent twice nor answered from a cache.
self.addEventListener("fetch", (event) => {
  if (event.request.mode !== "navigate" || event.request.method !== "GET") return;
  event.respondWith(fetch(event.request).catch(() => caches.match(OFFLINE_URL)));
});

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = {};
  }
  const title = data.title || "{{ site_name|escapejs }}";
  // Only a link of this site is opened on a click.
  const url = data.url && new URL(data.url, self.location.origin).origin === self.location.origin ? data.url : "/";
  event.waitUntil(self.registration.showNotification(title, { data: { url }, icon: "{{ icon|escapejs }}", lang: "{{ lang|escapejs }}" }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = (event.notification.data && event.notification.data.url) || "/";
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => client.url === url);
      return open ? open.focus() : self.clients.openWindow(url);
    })
  );
});
