/*
 * The staff console's live chat page (/staff/live): availability, waiting visitors, chats.
 * Everything arrives over one EventSource (Server-Sent Events) that reconnects by itself
 * and gets a full snapshot each time; actions are POSTs carrying the page's CSRF token.
 * Texts go in with textContent only. No inline script or style (the console's CSP).
 */
(function () {
  "use strict";

  const root = document.getElementById("live");
  if (!root) return;
  const eventsUrl = root.dataset.events;
  const base = root.dataset.base;
  const csrf = root.dataset.csrf;
  const baseTitle = document.title;

  const toggle = document.getElementById("availability-toggle");
  const availabilityForm = document.getElementById("availability");
  const availabilityStatus = document.getElementById("availability-status");
  const connection = document.getElementById("connection");
  const waitingList = document.getElementById("waiting");
  const waitingEmpty = document.getElementById("waiting-empty");
  const announce = document.getElementById("announce");
  const chats = document.getElementById("chats");
  const chatsEmpty = document.getElementById("chats-empty");
  const template = document.getElementById("chat-template");

  let waitingIds = new Set();
  let audio = null;
  const seen = new Map(); // handoff id -> Set of message ids shown

  // ------------------------------------------------------------ server calls

  async function post(path, fields) {
    // URL-encoded, like every console form (multipart is refused: bot/request_bodies.py).
    const body = new URLSearchParams();
    body.append("csrf_token", csrf);
    Object.keys(fields || {}).forEach(function (name) {
      body.append(name, fields[name]);
    });
    let response;
    try {
      response = await fetch(base + path, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
    } catch (error) {
      return { ok: false, error: "No connection to the server. Try again." };
    }
    const type = response.headers.get("Content-Type") || "";
    if (response.redirected || !type.startsWith("application/json")) {
      return { ok: false, error: "Your session has ended. Reload the page to log in again." };
    }
    const data = await response.json();
    return { ok: response.ok, data: data, error: data.error };
  }

  // ------------------------------------------------------------ availability

  function showAvailability(available) {
    toggle.setAttribute("aria-pressed", available ? "true" : "false");
    availabilityStatus.textContent = available
      ? "You are available: visitors who ask for a person are offered a live chat."
      : "You are not available: visitors who ask for a person get the phone number and a call-back offer.";
  }

  availabilityForm.addEventListener("submit", async function (event) {
    event.preventDefault();
    if (!audio && window.AudioContext) audio = new AudioContext(); // needs this click
    const available = toggle.getAttribute("aria-pressed") !== "true";
    const name = availabilityForm.elements.display_name.value;
    const result = await post("/availability", { available: available ? "yes" : "no", display_name: name });
    if (result.ok) showAvailability(result.data.available);
    else availabilityStatus.textContent = result.error;
  });

  // ------------------------------------------------------------ waiting visitors

  function chime() {
    if (!audio) return;
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 880;
    gain.gain.value = 0.08;
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.25);
  }

  function renderWaiting(items) {
    const fresh = items.filter(function (item) {
      return !waitingIds.has(item.id);
    });
    waitingIds = new Set(items.map(function (item) { return item.id; }));
    waitingList.textContent = "";
    items.forEach(function (item) {
      const since = new Date(item.requested_at);
      const li = document.createElement("li");
      const label = document.createElement("span");
      label.textContent = item.label + " · waiting since " + since.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      const join = document.createElement("button");
      join.type = "button";
      join.textContent = "Join conversation";
      join.addEventListener("click", function () {
        joinChat(item.id, join);
      });
      li.append(label, join);
      waitingList.append(li);
    });
    waitingEmpty.hidden = items.length > 0;
    document.title = items.length ? "(" + items.length + ") Visitor waiting · " + baseTitle : baseTitle;
    if (fresh.length) {
      announce.textContent = "A visitor is waiting for a live chat.";
      chime();
    }
  }

  async function joinChat(id, button) {
    button.disabled = true;
    const result = await post("/handoffs/" + encodeURIComponent(id) + "/join");
    if (result.ok) {
      renderChat(result.data.conversation);
    } else {
      button.disabled = false;
      announce.textContent = result.error;
    }
  }

  // ------------------------------------------------------------ chats

  function chatFor(id) {
    return chats.querySelector('[data-handoff="' + CSS.escape(id) + '"]');
  }

  function addMessage(id, message, crisis) {
    const chat = chatFor(id);
    if (!chat) return;
    const shown = seen.get(id);
    const key = message.id || message.timestamp + message.sender + message.text;
    if (shown.has(key)) return;
    shown.add(key);
    const li = document.createElement("li");
    li.className = message.sender + (crisis ? " crisis" : "");
    const who = document.createElement("span");
    who.className = "who";
    who.textContent =
      message.sender === "visitor" ? "Visitor:" : message.sender === "staff" ? (message.name || "Staff") + ":" : "Assistant:";
    li.append(who, message.text);
    const log = chat.querySelector(".live-log");
    log.append(li);
    log.scrollTop = log.scrollHeight;
    if (crisis) chat.querySelector(".crisis-flag").hidden = false;
  }

  function renderChat(data) {
    let chat = chatFor(data.id);
    if (!chat) {
      chat = template.content.firstElementChild.cloneNode(true);
      chat.dataset.handoff = data.id;
      chat.setAttribute("aria-label", "Chat with " + data.label);
      chat.querySelector(".chat-title").textContent = "Chat with " + data.label;
      chat.querySelector(".transcript-link").href = data.transcript_url;
      wireChat(chat, data.id);
      chats.append(chat);
    }
    seen.set(data.id, new Set());
    chat.querySelector(".live-log").textContent = "";
    (data.messages || []).forEach(function (message) {
      addMessage(data.id, message, false);
    });
    chat.querySelector(".crisis-flag").hidden = !data.crisis;
    chatsEmpty.hidden = true;
    chat.querySelector("textarea").focus();
  }

  function removeChat(id) {
    const chat = chatFor(id);
    if (chat) chat.remove();
    seen.delete(id);
    chatsEmpty.hidden = chats.children.length > 0;
  }

  function wireChat(chat, id) {
    const form = chat.querySelector(".reply-form");
    const text = form.elements.text;
    const error = chat.querySelector(".reply-error");
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      const value = text.value.trim();
      if (!value) return;
      error.hidden = true;
      const result = await post("/handoffs/" + encodeURIComponent(id) + "/reply", { text: value });
      if (result.ok) {
        text.value = "";
        addMessage(id, result.data.message, false);
      } else {
        error.textContent = result.error;
        error.hidden = false;
      }
    });
    text.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    chat.querySelector(".hand-back").addEventListener("click", async function () {
      const result = await post("/handoffs/" + encodeURIComponent(id) + "/hand-back");
      if (result.ok || result.data) {
        removeChat(id);
        announce.textContent = "The chat is back with the assistant.";
      } else {
        error.textContent = result.error;
        error.hidden = false;
      }
    });
  }

  // ------------------------------------------------------------ the stream

  let source = null;
  let retryMs = 1000;
  let checkingSession = false; // the server ended the stream at the session's end

  function connect() {
    source = new EventSource(eventsUrl, { withCredentials: true });
    source.addEventListener("open", function () {
      retryMs = 1000;
      checkingSession = false;
    });
    source.addEventListener("session_end", function () {
      // This page's cookie may have been renewed since the stream opened (any click here
      // renews it): try once; if the session is really over the log-in page answers.
      source.close();
      checkingSession = true;
      connect();
    });
    source.addEventListener("error", function () {
      if (checkingSession) {
        source.close();
        connection.textContent = "Your session has ended. Reload the page to log in again.";
        showAvailability(false);
        return;
      }
      connection.textContent = "Connection lost, reconnecting…";
      if (source.readyState === EventSource.CLOSED) {
        // The browser gave up (e.g. the server answered an error while restarting): retry.
        setTimeout(connect, retryMs);
        retryMs = Math.min(retryMs * 2, 15000);
      }
    });
    source.addEventListener("snapshot", function (event) {
      // "Connected" only once the page shows the server's state, so nothing acts on a
      // page that a snapshot is about to redraw.
      connection.textContent = "Connected.";
      const data = JSON.parse(event.data);
      showAvailability(data.available);
      renderWaiting(data.waiting);
      const mine = new Set(data.mine.map(function (chat) { return chat.id; }));
      Array.from(chats.children).forEach(function (chat) {
        if (!mine.has(chat.dataset.handoff)) removeChat(chat.dataset.handoff);
      });
      data.mine.forEach(renderChat);
      chatsEmpty.hidden = data.mine.length > 0;
    });
    source.addEventListener("queue", function (event) {
      renderWaiting(JSON.parse(event.data).waiting);
    });
    source.addEventListener("message", function (event) {
      const data = JSON.parse(event.data);
      addMessage(data.handoff, data.message, data.crisis);
      if (data.crisis) announce.textContent = "Crisis language in a live chat: the visitor was shown the crisis lines.";
    });
  }

  connect();
})();
