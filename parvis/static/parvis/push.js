// Web Push on the preferences page: the browser asks for permission only after the person clicked "Activer les
// notifications sur cet appareil", never on load. The subscription is sent to the site (CSRF header, as htmx).
(() => {
  const box = document.getElementById("push-device");
  if (!box) return;
  const button = document.getElementById("push-enable");
  const status = document.getElementById("push-status");
  const say = (key) => {
    const text = document.getElementById("push-messages").content.querySelector(`[data-key="${key}"]`);
    status.textContent = text ? text.textContent : "";
  };
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    say("unsupported");
    return;
  }
  const csrf = () => {
    try {
      return JSON.parse(document.body.dataset.hxHeaders || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  };
  const keyBytes = (base64url) => {
    const base64 = (base64url + "=".repeat((4 - (base64url.length % 4)) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  };
  const send = (subscription) =>
    fetch(box.dataset.subscribeUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify(subscription.toJSON()),
    }).then((response) => {
      if (!response.ok) throw new Error(String(response.status));
    });
  navigator.serviceWorker.ready.then((registration) =>
    registration.pushManager.getSubscription().then((existing) => {
      if (existing && Notification.permission === "granted") {
        say("enabled");
        return send(existing).catch(() => {});
      }
      if (Notification.permission === "denied") {
        say("denied");
        return undefined;
      }
      button.hidden = false;
      return undefined;
    })
  );
  button.addEventListener("click", () => {
    button.disabled = true;
    Notification.requestPermission()
      .then((permission) => {
        if (permission !== "granted") {
          say("denied");
          return undefined;
        }
        return navigator.serviceWorker.ready
          .then((registration) =>
            registration.pushManager.subscribe({
              userVisibleOnly: true,
              applicationServerKey: keyBytes(box.dataset.publicKey),
            })
          )
          .then(send)
          .then(() => {
            button.hidden = true;
            say("enabled");
          });
      })
      .catch(() => say("failed"))
      .finally(() => {
        button.disabled = false;
      });
  });
})();
