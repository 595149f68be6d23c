// Sending a video in pieces, with a progress bar, resumed after a lost connection. Without JavaScript the form
// sends the whole file (the same page, the same checks). The protocol: the form's details and the file's size
// create the video (POST, JSON answer with `upload_url`); each piece goes by PUT with `Content-Range: bytes
// a-b/total`; after a failure the client asks `upload_url` how much arrived (`received`) and goes on from there.
(function () {
  "use strict";
  var form = document.querySelector("form[data-tv-upload]");
  if (!form || !window.fetch || !window.Blob || !Blob.prototype.slice) return;
  var words = JSON.parse(document.getElementById("tv-upload-words").textContent);
  var PIECE = 4 * 1024 * 1024;
  var box = form.querySelector("[data-tv-progress]");
  var bar = box.querySelector("progress");
  var status = box.querySelector("[data-tv-status]");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var button = form.querySelector("button[type=submit]");

  function say(text) { status.textContent = text; }
  function wait(ms) { return new Promise(function (resolve) { setTimeout(resolve, ms); }); }
  function show(received, total) {
    var percent = total ? Math.floor((100 * received) / total) : 0;
    bar.value = percent;
    say(words.sending.replace("%(percent)s", percent).replace("%%", "%"));
  }

  function ask(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" }).then(function (r) {
      return r.json();
    });
  }

  function send(url, file, from) {
    if (from >= file.size) return Promise.resolve(null);
    var end = Math.min(from + PIECE, file.size) - 1;
    return fetch(url, {
      method: "PUT",
      credentials: "same-origin",
      headers: {
        "X-CSRFToken": csrf,
        Accept: "application/json",
        "Content-Range": "bytes " + from + "-" + end + "/" + file.size,
        "Content-Type": "application/octet-stream",
      },
      body: file.slice(from, end + 1),
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (response.status === 409) return send(url, file, answer.received); // out of step: go on from there
        if (!response.ok) throw new Error(answer.detail || response.statusText);
        show(answer.received, file.size);
        if (answer.received >= file.size) return answer;
        return send(url, file, answer.received);
      });
    });
  }

  function resume(url, file, attempt) {
    return ask(url)
      .then(function (answer) { return send(url, file, answer.received); })
      .catch(function (error) {
        if (error instanceof TypeError && attempt < 30) {
          // The network is gone (fetch rejects with a TypeError): wait, then ask how much arrived.
          say(words.lost);
          return wait(Math.min(30000, 2000 * (attempt + 1))).then(function () { return resume(url, file, attempt + 1); });
        }
        throw error;
      });
  }

  form.addEventListener("submit", function (event) {
    var input = form.querySelector("input[type=file]");
    var file = input && input.files && input.files[0];
    if (!file) return; // the server says what is missing
    event.preventDefault();
    button.disabled = true;
    box.hidden = false;
    show(0, file.size);
    var details = new FormData(form);
    details.delete("file");
    details.set("size", String(file.size));
    fetch(form.action || window.location.href, {
      method: "POST",
      body: details,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(function (answer) {
          if (!response.ok) {
            var messages = [];
            Object.keys(answer.errors || {}).forEach(function (name) { messages = messages.concat(answer.errors[name]); });
            throw new Error(messages.join(" ") || answer.detail || response.statusText);
          }
          return resume(answer.upload_url, file, 0).then(function () { return answer; });
        });
      })
      .then(function (answer) {
        say(words.done);
        window.location.href = answer.upload_url.replace(/envoi\/$/, "etat/");
      })
      .catch(function (error) {
        button.disabled = false;
        say(words.failed + " " + error.message);
      });
  });
})();
