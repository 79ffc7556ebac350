/*
 * NorTex Psychiatry website chat widget.
 *
 * Embed with one tag (no build step):
 *   <script src="https://clinic.example/widget.js"
 *           data-server="https://clinic.example"   optional, default: where widget.js came from
 *           data-title="Chat with us"             optional
 *           data-accent="#0b5d6b"                 optional, #rgb or #rrggbb
 *           data-open="true"></script>            optional, open the panel on load
 *
 * Rules this file keeps:
 * - Requests go only to the clinic's server (no CDNs, fonts or analytics: HHS guidance on
 *   tracking technologies on pages about health).
 * - Every text, the visitor's and the bot's, is put in the page with DOM APIs and
 *   textContent, never innerHTML, so neither side can inject markup.
 * - Plain ES2019 in one IIFE; the only global is the optional window.NorTexChat API.
 * - No inline styles or handlers (the app sends a strict CSP); CSS is widget.css.
 */
(function () {
  "use strict";

  const script = document.currentScript;
  if (!script || window.NorTexChat) {
    return; // not loaded by a <script> tag, or already embedded on this page
  }

  const STORE_PREFIX = "ntx-chat:";
  const REQUEST_TIMEOUT_MS = 45000; // a booking submission waits on the action server
  const DEFAULT_ACCENT = "#0b5d6b";
  // Commands the widget sends without showing a visitor bubble (e.g. the opening greeting).
  const COMMAND_RE = /^\/[a-z_]+$/;
  const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
  const TRAILING_PUNCTUATION_RE = /[.,;:!?'")\]]+$/;

  const config = readConfig(script);

  // ---------------------------------------------------------------- language (issue 19)

  // The widget's own texts in English and Spanish. The assistant's replies come in the
  // conversation's language from the server; the "English | Español" switch sets both.
  const STRINGS = {
    en: {
      title: "Chat with us",
      help: "Get help now",
      close: "Close chat",
      end: "End chat",
      disclosure: "You are chatting with an automated assistant (AI), not a person. " +
        "It can't give medical advice and isn't watched live. In a crisis, use \u201cGet help now\u201d.",
      back: "Back to the chat",
      typing: "The assistant is typing\u2026",
      conversation: "Conversation",
      placeholder: "Type your message\u2026",
      send: "Send",
      yourMessage: "Your message",
      hint: "Press Enter to send, Shift and Enter for a new line.",
      retry: "Retry",
      notSent: "Not sent \u2014 ",
      noConnection: "No connection to the assistant.",
      unavailable: "The assistant is unavailable right now.",
      historyFailed: "Couldn't load the conversation.",
      helpFailed: "The help information couldn't be loaded. ",
      protocol: "How this assistant responds to suicide and self-harm",
      languages: "Language",
      tooMany: "Too many messages at once.",
      retryIn: " You can retry in {s} s.",
      cantSend: "This message can't be sent.",
      tooLong: "That message is too long. Please make it shorter.",
      assistantSaid: "Assistant said:",
      youSaid: "You said:",
      staffName: "{name} (staff)",
      staff: "Staff",
      suggestedReplies: "Suggested replies",
      waitingBefore: "Waiting for the message before.",
      closedBeforeSent: "It was not sent before the page closed.",
      theClinic: "The clinic",
      liveWaiting: "Connecting you with a member of staff\u2026",
      liveJoined: "You are chatting with {name} (staff).",
      staffMember: "a member of staff",
    },
    es: {
      title: "Chatee con nosotros",
      help: "Ayuda inmediata",
      close: "Cerrar el chat",
      end: "Terminar el chat",
      disclosure: "Está chateando con un asistente automatizado (inteligencia artificial), no con una persona. " +
        "No puede dar consejos médicos y nadie lo vigila en vivo. En una crisis, use \u201cAyuda inmediata\u201d.",
      back: "Volver al chat",
      typing: "El asistente está escribiendo\u2026",
      conversation: "Conversación",
      placeholder: "Escriba su mensaje\u2026",
      send: "Enviar",
      yourMessage: "Su mensaje",
      hint: "Pulse Enter para enviar, Mayúsculas y Enter para una línea nueva.",
      retry: "Reintentar",
      notSent: "No enviado \u2014 ",
      noConnection: "No hay conexión con el asistente.",
      unavailable: "El asistente no está disponible en este momento.",
      historyFailed: "No se pudo cargar la conversación.",
      helpFailed: "No se pudo cargar la información de ayuda. ",
      protocol: "Cómo responde este asistente ante el suicidio y las autolesiones",
      languages: "Idioma",
      tooMany: "Demasiados mensajes seguidos.",
      retryIn: " Puede intentarlo de nuevo en {s} s.",
      cantSend: "Este mensaje no se puede enviar. Por favor escríbalo de otra manera.",
      tooLong: "Ese mensaje es demasiado largo. Por favor escríbalo más corto.",
      assistantSaid: "El asistente dijo:",
      youSaid: "Usted dijo:",
      staffName: "{name} (personal de la clínica)",
      staff: "Personal",
      suggestedReplies: "Respuestas sugeridas",
      waitingBefore: "Esperando el mensaje anterior.",
      closedBeforeSent: "No se envió antes de que se cerrara la página.",
      theClinic: "La clínica",
      liveWaiting: "Le estamos comunicando con una persona de nuestro equipo\u2026",
      liveJoined: "Está chateando con {name} (personal de la clínica).",
      staffMember: "una persona de nuestro equipo",
    },
  };
  const LANGUAGE_NAMES = { en: "English", es: "Espa\u00f1ol" };
  // The switch's payloads: exactly the strings the gateway accepts unprompted.
  const LANGUAGE_PAYLOADS = {
    en: '/set_language{"language": "en"}',
    es: '/set_language{"language": "es"}',
  };

  /** "es" for es, es-MX, es-419...; "en" for anything else. */
  function languageOf(tag) {
    return /^es\b/i.test(String(tag || "")) ? "es" : "en";
  }

  /** Spanish when the page (its lang attribute, e.g. a translated page) or the browser's
   * first language says so, else English: only a starting hint. */
  function pageLanguage() {
    const declared = document.documentElement.getAttribute("lang");
    const browser = (navigator.languages && navigator.languages[0]) || navigator.language;
    return languageOf(declared) === "es" || languageOf(browser) === "es" ? "es" : "en";
  }

  // ---------------------------------------------------------------- settings

  function readConfig(tag) {
    const data = tag.dataset;
    const scriptUrl = new URL(tag.src, document.baseURI);
    let server = scriptUrl.origin;
    if (data.server) {
      try {
        server = new URL(data.server, document.baseURI).href;
      } catch (error) {
        server = scriptUrl.origin;
      }
    }
    server = server.replace(/\/+$/, "");
    return {
      server: server,
      // Empty: the default title in the widget's language.
      title: (data.title || "").trim(),
      // Only a plain hex colour: the value ends up in CSS, so nothing else is accepted.
      accent: /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(data.accent || "") ? data.accent : DEFAULT_ACCENT,
      openOnLoad: data.open === "true",
      greeting: data.greeting === undefined ? "/greet" : data.greeting.trim(),
    };
  }

  // ------------------------------------------------------------- storage

  // Storage may be unavailable (privacy modes, sandboxed frames): the widget then works
  // without persistence instead of failing.
  function storageArea(name) {
    try {
      const area = window[name];
      const probe = STORE_PREFIX + "probe";
      area.setItem(probe, "1");
      area.removeItem(probe);
      return area;
    } catch (error) {
      return null;
    }
  }
  const local = storageArea("localStorage");
  const session = storageArea("sessionStorage");

  function load(area, key, fallback) {
    if (!area) return fallback;
    try {
      const raw = area.getItem(STORE_PREFIX + key);
      return raw === null ? fallback : JSON.parse(raw);
    } catch (error) {
      return fallback;
    }
  }

  function save(area, key, value) {
    if (!area) return;
    try {
      if (value === null || value === undefined || value === "") {
        area.removeItem(STORE_PREFIX + key);
      } else {
        area.setItem(STORE_PREFIX + key, JSON.stringify(value));
      }
    } catch (error) {
      /* quota exceeded: keep working in memory */
    }
  }

  // The visitor's choice on the switch (kept in this browser), else the page's language.
  let chosenLanguage = load(local, "language", null);
  if (!STRINGS[chosenLanguage]) chosenLanguage = null;
  function currentLanguage() {
    return chosenLanguage || pageLanguage();
  }
  function t(key) {
    return STRINGS[currentLanguage()][key];
  }

  // ------------------------------------------------------------- DOM helpers

  function el(tag, attributes, children) {
    const node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      const value = attributes[name];
      if (value === false || value === null || value === undefined) return;
      if (name === "text") node.textContent = value;
      else if (name === "className") node.className = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    });
    (children || []).forEach(function (child) {
      node.append(child); // strings become text nodes
    });
    return node;
  }

  /** Text with http(s) URLs as safe links; everything else stays text. */
  function linkified(text) {
    const fragment = document.createDocumentFragment();
    let last = 0;
    let match;
    URL_RE.lastIndex = 0;
    while ((match = URL_RE.exec(text)) !== null) {
      let raw = match[0];
      // "Visit https://x.org." or "(https://x.org)": the punctuation is not part of the URL.
      const trailing = raw.match(TRAILING_PUNCTUATION_RE);
      if (trailing) raw = raw.slice(0, raw.length - trailing[0].length);
      const url = safeUrl(raw);
      if (!url) continue;
      fragment.append(text.slice(last, match.index));
      fragment.append(
        el("a", { href: url, target: "_blank", rel: "noopener noreferrer", text: raw })
      );
      last = match.index + raw.length;
    }
    fragment.append(text.slice(last));
    return fragment;
  }

  function safeUrl(raw) {
    try {
      const url = new URL(raw);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  function toDate(timestamp) {
    if (typeof timestamp === "number" && isFinite(timestamp)) {
      // Rasa stores seconds since the epoch; accept milliseconds as well.
      return new Date(timestamp < 1e12 ? timestamp * 1000 : timestamp);
    }
    if (typeof timestamp === "string") {
      const date = new Date(timestamp);
      if (!isNaN(date.getTime())) return date;
    }
    return new Date();
  }

  function timeElement(date) {
    return el("time", {
      className: "ntx-time",
      datetime: date.toISOString(),
      text: date.toLocaleTimeString([], { hour: "numeric", minute: "2-digit" }),
    });
  }

  /** Black or white text on the accent colour, whichever contrasts more (WCAG formula). */
  function textColourOn(hex) {
    let digits = hex.slice(1);
    if (digits.length === 3) digits = digits.replace(/./g, "$&$&");
    const channels = [0, 2, 4].map(function (i) {
      const c = parseInt(digits.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    const luminance = 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
    const onWhite = 1.05 / (luminance + 0.05);
    const onBlack = (luminance + 0.05) / 0.05;
    return onWhite >= onBlack ? "#ffffff" : "#111111";
  }

  // ------------------------------------------------------------- server calls

  async function request(path, options) {
    const controller = new AbortController();
    const timer = setTimeout(function () {
      controller.abort();
    }, REQUEST_TIMEOUT_MS);
    try {
      const response = await fetch(
        config.server + path,
        Object.assign({ credentials: "include", signal: controller.signal, cache: "no-store" }, options)
      );
      let body = null;
      try {
        body = await response.json();
      } catch (error) {
        body = null;
      }
      return { response: response, body: body };
    } finally {
      clearTimeout(timer);
    }
  }

  /** The message with the language: the visitor's choice (wins over what the server detects
   * from the text) and the page's language (a hint for a new conversation). */
  function chatBody(message) {
    const body = { message: message, language_hint: currentLanguage() };
    if (chosenLanguage) body.language = chosenLanguage;
    return body;
  }

  /** POST /api/chat. Result: {ok, messages} or {ok: false, retryable, reason}. */
  async function postChat(message) {
    let result;
    try {
      result = await request("/api/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(chatBody(message)),
      });
    } catch (error) {
      return { ok: false, retryable: true, reason: t("noConnection") };
    }
    const response = result.response;
    const body = result.body;
    if (response.ok && body && Array.isArray(body.messages)) {
      return { ok: true, messages: body.messages, live: body.live || null };
    }
    if (response.status === 429) {
      const wait = parseInt(response.headers.get("Retry-After") || "", 10);
      return {
        ok: false,
        retryable: true,
        reason: t("tooMany") + (wait > 0 ? t("retryIn").replace("{s}", String(wait)) : ""),
      };
    }
    // The server's reason is English: a Spanish widget says it in its own words.
    let serverSays = body && typeof body.error === "string" ? body.error : "";
    if (currentLanguage() !== "en") serverSays = response.status === 413 ? t("tooLong") : "";
    if (response.status >= 400 && response.status < 500 && response.status !== 408) {
      // The server refused this message (e.g. too long): retrying the same text won't help.
      return { ok: false, retryable: false, reason: serverSays || t("cantSend") };
    }
    return { ok: false, retryable: true, reason: t("unavailable") };
  }

  let historyLive = null; // the live chat with staff the last history answer reported

  async function getHistory() {
    try {
      const result = await request("/api/chat/history", {
        method: "GET",
        headers: { Accept: "application/json" },
      });
      if (result.response.ok && result.body && Array.isArray(result.body.messages)) {
        historyLive = result.body.live || null;
        return result.body.messages;
      }
    } catch (error) {
      /* fall through */
    }
    return null;
  }

  // The clinic's facts as the app served this script (bot/pages.py fills the slot): "Get help
  // now" has the crisis lines even on a first visit whose /api/clinic request fails.
  const BUILT_IN_CLINIC = /*@clinic-facts@*/null;

  /** Clinic facts + crisis resources; cached so "Get help now" works while the server is down. */
  async function loadClinic() {
    try {
      const result = await request("/api/clinic", {
        method: "GET",
        credentials: "omit",
        headers: { Accept: "application/json" },
      });
      const body = result.body;
      if (result.response.ok && body && body.crisis && typeof body.crisis === "object") {
        save(local, "clinic", body);
        return body;
      }
    } catch (error) {
      /* use the cached copy */
    }
    return load(local, "clinic", null) || BUILT_IN_CLINIC;
  }

  // ------------------------------------------------------------- the UI

  const host = el("div", { id: "nortex-chat-widget" });
  host.style.setProperty("--ntx-accent", config.accent);
  host.style.setProperty("--ntx-on-accent", textColourOn(config.accent));
  host.style.display = "none"; // shown once its stylesheet has loaded (no unstyled flash)
  const root = host.attachShadow({ mode: "open" });

  const stylesheet = el("link", { rel: "stylesheet", href: config.server + "/static/widget.css" });
  stylesheet.addEventListener("load", showHost);
  stylesheet.addEventListener("error", showHost); // unstyled but usable beats invisible
  function showHost() {
    host.style.removeProperty("display");
  }

  const dockHelp = el("button", { type: "button", className: "ntx-dock-help", text: t("help") });
  const launcherTitle = el("span", { text: config.title || t("title") });
  const launcher = el("button", {
    type: "button",
    className: "ntx-launcher",
    "aria-expanded": "false",
    "aria-controls": "ntx-panel",
  }, [el("span", { className: "ntx-launcher-icon", "aria-hidden": "true" }), launcherTitle]);
  const dock = el("div", { className: "ntx-dock" }, [dockHelp, launcher]);

  const closeButton = el("button", {
    type: "button",
    className: "ntx-close",
    "aria-label": t("close"),
  }, [el("span", { "aria-hidden": "true", text: "\u00d7" })]);
  // "End chat": on a shared computer the next person must not find this conversation.
  const endButton = el("button", { type: "button", className: "ntx-end", text: t("end") });
  // "English | Español": a visible switch; the choice is kept and can change any time.
  const languageButtons = {};
  const languageSwitch = el("div", { className: "ntx-languages", role: "group", "aria-label": t("languages") });
  ["en", "es"].forEach(function (code, index) {
    if (index) languageSwitch.append(el("span", { className: "ntx-languages-sep", "aria-hidden": "true", text: "|" }));
    const button = el("button", { type: "button", className: "ntx-language", lang: code, text: LANGUAGE_NAMES[code] });
    button.addEventListener("click", function () {
      chooseLanguage(code);
    });
    languageButtons[code] = button;
    languageSwitch.append(button);
  });
  const panelTitle = el("h2", { id: "ntx-title", className: "ntx-title", text: config.title || t("title") });
  const header = el("header", { className: "ntx-header" }, [
    panelTitle,
    el("div", { className: "ntx-header-actions" }, [languageSwitch, endButton, closeButton]),
  ]);
  const disclosure = el("p", {
    id: "ntx-disclosure",
    className: "ntx-disclosure",
    text: t("disclosure"),
  });
  const helpToggle = el("button", {
    type: "button",
    className: "ntx-help-toggle",
    "aria-expanded": "false",
    "aria-controls": "ntx-help",
    text: t("help"),
  });
  const helpBody = el("div", { className: "ntx-help-body" });
  const helpClose = el("button", { type: "button", className: "ntx-help-close", text: t("back") });
  const helpTitle = el("h3", { id: "ntx-help-title", text: t("help") });
  const help = el("section", {
    id: "ntx-help",
    className: "ntx-help",
    "aria-labelledby": "ntx-help-title",
    tabindex: "-1",
    hidden: true,
  }, [helpTitle, helpBody, helpClose]);

  const historyList = el("div", { className: "ntx-history" });
  const liveList = el("div", { className: "ntx-live" });
  const typing = el("div", { className: "ntx-typing", hidden: true }, [
    el("span", { className: "ntx-dots", "aria-hidden": "true" }, [el("i"), el("i"), el("i")]),
    el("span", { className: "ntx-sr ntx-typing-text", text: t("typing") }),
  ]);
  const log = el("div", {
    className: "ntx-log",
    role: "log",
    "aria-live": "polite",
    "aria-label": t("conversation"),
    tabindex: "0",
  }, [historyList, liveList, typing]);

  const input = el("textarea", {
    id: "ntx-input",
    className: "ntx-input",
    rows: "1",
    autocomplete: "off",
    placeholder: t("placeholder"),
    "aria-describedby": "ntx-input-hint",
  });
  const sendButton = el("button", { type: "submit", className: "ntx-send", text: t("send") });
  const inputLabel = el("label", { for: "ntx-input", className: "ntx-sr", text: t("yourMessage") });
  const inputHint = el("p", { id: "ntx-input-hint", className: "ntx-sr", text: t("hint") });
  const composer = el("form", { className: "ntx-composer", novalidate: true }, [
    inputLabel,
    input,
    sendButton,
    inputHint,
  ]);

  const panel = el("section", {
    id: "ntx-panel",
    className: "ntx-panel",
    role: "dialog",
    "aria-modal": "false",
    "aria-labelledby": "ntx-title",
    "aria-describedby": "ntx-disclosure",
    hidden: true,
  }, [header, disclosure, el("div", { className: "ntx-helpbar" }, [helpToggle]), help, log, composer]);

  root.append(stylesheet, dock, panel);

  /** Every text of the widget itself in the current language. */
  function applyLanguage() {
    const language = currentLanguage();
    panel.setAttribute("lang", language);
    dock.setAttribute("lang", language);
    dockHelp.textContent = t("help");
    launcherTitle.textContent = config.title || t("title");
    panelTitle.textContent = config.title || t("title");
    closeButton.setAttribute("aria-label", t("close"));
    endButton.textContent = t("end");
    languageSwitch.setAttribute("aria-label", t("languages"));
    Object.keys(languageButtons).forEach(function (code) {
      languageButtons[code].setAttribute("aria-pressed", code === language ? "true" : "false");
    });
    disclosure.textContent = t("disclosure");
    helpToggle.textContent = t("help");
    helpTitle.textContent = t("help");
    helpClose.textContent = t("back");
    typing.querySelector(".ntx-typing-text").textContent = t("typing");
    log.setAttribute("aria-label", t("conversation"));
    input.setAttribute("placeholder", t("placeholder"));
    sendButton.textContent = t("send");
    inputLabel.textContent = t("yourMessage");
    inputHint.textContent = t("hint");
    if (!help.hidden) renderHelp();
    if (liveState) showLiveState(liveState);
  }

  /** The switch: keep the choice, show the widget in it, and tell the assistant (which
   * answers in the new language) once a conversation is on screen. */
  function chooseLanguage(code) {
    const changed = code !== currentLanguage();
    chosenLanguage = code;
    save(local, "language", code);
    applyLanguage();
    if (changed && started) send(LANGUAGE_PAYLOADS[code], LANGUAGE_NAMES[code]);
  }

  // ------------------------------------------------------------- messages

  /** Adds one bubble; returns its element. sender: "bot" | "visitor" | "staff" (with name). */
  function addBubble(list, sender, text, date, name) {
    const bubble = el("div", { className: "ntx-bubble" });
    bubble.append(sender === "visitor" ? text : linkified(text));
    const said = { bot: t("assistantSaid"), visitor: t("youSaid") }[sender];
    const staffName = name || t("staff");
    const item = el("div", { className: "ntx-msg ntx-msg--" + sender }, [
      sender === "staff"
        ? el("span", {
          className: "ntx-staff-name",
          text: t("staffName").replace("{name}", function () { return staffName; }),
        })
        : el("span", { className: "ntx-sr", text: said }),
      bubble,
      timeElement(date),
    ]);
    list.append(item);
    return item;
  }

  function addQuickReplies(list, buttons) {
    const valid = (buttons || []).filter(function (b) {
      return b && typeof b.title === "string" && typeof b.payload === "string" && b.payload.trim();
    });
    if (!valid.length) return;
    const group = el("div", { className: "ntx-replies", role: "group", "aria-label": t("suggestedReplies") });
    valid.forEach(function (b) {
      const button = el("button", { type: "button", className: "ntx-reply", text: b.title });
      button.addEventListener("click", function () {
        if (button.disabled) return;
        button.classList.add("ntx-reply--chosen");
        send(b.payload, b.title);
        input.focus(); // the clicked button is now disabled and can't keep focus
      });
      group.append(button);
    });
    list.append(group);
  }

  /** Quick replies are answers to the latest question only: disable older ones. */
  function disableQuickReplies() {
    root.querySelectorAll(".ntx-reply:not(:disabled)").forEach(function (button) {
      button.disabled = true;
    });
  }

  /** Appends the bot's messages and scrolls to where they start. */
  function addBotMessages(list, messages, date) {
    const previous = list.lastElementChild;
    messages.forEach(function (message) {
      if (!message) return;
      if (typeof message.text === "string" && message.text) {
        addBubble(list, "bot", message.text, date || new Date());
      }
      addQuickReplies(list, message.buttons);
    });
    revealFrom(previous ? previous.nextElementSibling : list.firstElementChild);
  }

  /** A long answer is read from its start: scroll to it, or to the end if all fits. */
  function revealFrom(node) {
    if (!node) return;
    log.scrollTop = Math.min(node.offsetTop - 8, log.scrollHeight - log.clientHeight);
  }

  function addNotice(text, onRetry) {
    const retry = el("button", { type: "button", className: "ntx-retry", text: t("retry") });
    const notice = el("p", { className: "ntx-notice", role: "alert" }, [text + " ", retry]);
    retry.addEventListener("click", function () {
      notice.remove();
      onRetry();
    });
    liveList.append(notice);
    scrollToEnd();
    return notice;
  }

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  function setTyping(on) {
    typing.hidden = !on;
    panel.setAttribute("aria-busy", on ? "true" : "false");
    if (on) scrollToEnd();
  }

  // ------------------------------------------------------------- sending

  // Messages not yet accepted by the server, oldest first, kept in localStorage so that a
  // reload or a network failure loses nothing the visitor typed.
  const outbox = load(local, "outbox", []).filter(function (item) {
    return item && typeof item.message === "string";
  });
  const bubbles = new Map(); // outbox item id -> its visitor bubble
  let flushing = false;
  let started = null; // promise: true once the stored conversation is on screen

  function saveOutbox() {
    save(local, "outbox", outbox.length ? outbox : null);
  }

  function send(message, display) {
    const text = String(message || "").trim();
    if (!text) return;
    disableQuickReplies();
    const item = {
      id: Date.now().toString(36) + Math.random().toString(36).slice(2, 8),
      message: text,
      display: (display || text).trim(),
      typed: !display, // typed by the visitor, not a quick reply's payload
      at: Date.now(),
    };
    outbox.push(item);
    saveOutbox();
    showVisitorItem(item);
    flush();
  }

  function showVisitorItem(item) {
    const bubble = addBubble(liveList, "visitor", item.display, new Date(item.at));
    bubbles.set(item.id, bubble);
    scrollToEnd();
  }

  function markUnsent(item, reason, retryable, restored) {
    const bubble = bubbles.get(item.id);
    if (!bubble) return;
    clearStatus(bubble);
    bubble.classList.add("ntx-msg--unsent");
    const status = el("p", { className: "ntx-status" }, [t("notSent")]);
    if (retryable) {
      const retry = el("button", { type: "button", className: "ntx-retry", text: t("retry") });
      retry.addEventListener("click", function () {
        flush();
      });
      status.append(retry);
    } else if (restored) {
      status.append("your message is back in the text box.");
    }
    status.append(el("span", { className: "ntx-status-reason", text: " " + reason }));
    bubble.append(status);
  }

  function clearStatus(bubble) {
    bubble.classList.remove("ntx-msg--unsent");
    bubble.querySelectorAll(".ntx-status").forEach(function (node) {
      node.remove();
    });
  }

  /** Sends queued messages in order; stops at the first failure and shows Retry. */
  async function flush() {
    if (flushing) return;
    flushing = true;
    try {
      if (!(await start())) {
        outbox.forEach(function (queued) {
          markUnsent(queued, t("noConnection"), true);
        });
        return;
      }
      while (outbox.length) {
        const item = outbox[0];
        const bubble = bubbles.get(item.id);
        if (bubble) clearStatus(bubble);
        setTyping(true);
        const result = await postChat(item.message);
        setTyping(false);
        if (result.ok) {
          outbox.shift();
          saveOutbox();
          if (greetNotice) greetNotice.remove(); // the visitor has started without it
          addBotMessages(liveList, result.messages, new Date());
          followLive(result.live);
          continue;
        }
        if (!result.retryable) {
          outbox.shift();
          saveOutbox();
          // Nothing typed is lost: the refused text goes back into the box to be edited.
          const restored = item.typed && !input.value.trim();
          if (restored) {
            input.value = item.display;
            saveDraft();
          }
          markUnsent(item, result.reason, false, restored);
          continue;
        }
        outbox.forEach(function (queued, index) {
          markUnsent(queued, index === 0 ? result.reason : t("waitingBefore"), true);
        });
        scrollToEnd();
        break;
      }
    } finally {
      flushing = false;
      setTyping(false);
    }
  }

  // ------------------------------------------------------------- conversation start

  /** On first open: show the stored conversation, or greet a new visitor. */
  function start() {
    if (!started) {
      started = loadConversation().then(function (ok) {
        if (!ok) started = null; // the next open, send or Retry tries again
        return ok;
      });
    }
    return started;
  }

  let historyNotice = null;

  async function loadConversation() {
    if (historyNotice) historyNotice.remove();
    setTyping(true);
    const history = await getHistory();
    setTyping(false);
    if (history === null) {
      historyNotice = addNotice(t("historyFailed"), flush);
      return false;
    }
    renderHistory(history);
    followLive(historyLive);
    outbox.forEach(function (item) {
      if (!bubbles.has(item.id)) {
        showVisitorItem(item);
        markUnsent(item, t("closedBeforeSent"), true);
      }
    });
    scrollToEnd();
    if (!history.length && !outbox.length && config.greeting) {
      await greet();
    }
    return true;
  }

  let greetNotice = null;

  async function greet() {
    setTyping(true);
    const result = await postChat(config.greeting);
    setTyping(false);
    if (result.ok) {
      addBotMessages(liveList, result.messages, new Date());
    } else {
      greetNotice = addNotice(t("unavailable"), greet);
    }
  }

  function languageFromPayload(text) {
    return Object.keys(LANGUAGE_PAYLOADS).filter(function (code) {
      return LANGUAGE_PAYLOADS[code] === text;
    })[0];
  }

  function renderHistory(messages) {
    historyList.textContent = "";
    let lastButtons = [];
    messages.forEach(function (message) {
      if (!message || typeof message.text !== "string") return;
      const date = toDate(message.timestamp);
      if (message.sender === "visitor") {
        // A quick reply was sent as its payload: show the title the visitor clicked.
        const clicked = lastButtons.filter(function (b) {
          return b && b.payload === message.text;
        })[0];
        disableQuickReplies();
        if (clicked) {
          addBubble(historyList, "visitor", clicked.title, date);
        } else if (languageFromPayload(message.text)) {
          addBubble(historyList, "visitor", LANGUAGE_NAMES[languageFromPayload(message.text)], date);
        } else if (!COMMAND_RE.test(message.text)) {
          addBubble(historyList, "visitor", message.text, date);
        }
        lastButtons = [];
      } else if (message.sender === "staff") {
        addBubble(historyList, "staff", message.text, date, message.name);
      } else if (message.sender === "bot") {
        if (message.text) addBubble(historyList, "bot", message.text, date);
        addQuickReplies(historyList, message.buttons);
        if (Array.isArray(message.buttons) && message.buttons.length) lastButtons = message.buttons;
      }
    });
  }

  // ------------------------------------------------------------- live chat with staff

  // While a member of staff has the conversation (issue 20), their messages and the live
  // chat's notices arrive over Server-Sent Events (GET /api/chat/live); the visitor keeps
  // sending through /api/chat. The stream reconnects by itself; when the browser gives up
  // (e.g. a proxy answered 502 while the app restarted) the history says whether the chat
  // is still live, what was missed is shown, and the stream is opened again.
  let liveSource = null;
  let liveLastId = null;
  let liveRetryMs = 1000;
  const liveShown = new Set();
  const liveStatus = el("p", { className: "ntx-live-status", role: "status", hidden: true });
  disclosure.after(liveStatus);
  let liveState = null; // the latest state shown, shown again in a newly chosen language

  function followLive(live) {
    if (live && !liveSource) openLive();
  }

  function showLiveState(state) {
    liveState = state;
    if (state.state === "waiting") {
      liveStatus.textContent = t("liveWaiting");
    } else if (state.state === "joined") {
      const name = state.name || t("staffMember");
      liveStatus.textContent = t("liveJoined").replace("{name}", function () { return name; });
    }
    liveStatus.hidden = !(state.state === "waiting" || state.state === "joined");
  }

  function showLiveMessage(message) {
    if (!message || liveShown.has(message.id)) return;
    liveShown.add(message.id);
    liveLastId = message.id;
    const date = toDate(message.timestamp) || new Date();
    if (message.sender === "staff") {
      addBubble(liveList, "staff", message.text, date, message.name);
      scrollToEnd();
    } else {
      disableQuickReplies();
      addBotMessages(liveList, [message], date);
    }
  }

  function stopLive() {
    if (liveSource) liveSource.close();
    liveSource = null;
    liveState = null;
    liveStatus.hidden = true;
  }

  function openLive() {
    const query = liveLastId ? "?after=" + encodeURIComponent(liveLastId) : "";
    const source = new EventSource(config.server + "/api/chat/live" + query, { withCredentials: true });
    liveSource = source;
    source.addEventListener("open", function () {
      liveRetryMs = 1000;
    });
    source.addEventListener("message", function (event) {
      showLiveMessage(JSON.parse(event.data));
    });
    source.addEventListener("state", function (event) {
      const state = JSON.parse(event.data);
      if (state.state === "waiting" || state.state === "joined") showLiveState(state);
      else stopLive();
    });
    source.addEventListener("error", function () {
      if (source.readyState !== EventSource.CLOSED || liveSource !== source) return;
      liveSource = null;
      setTimeout(resumeLive, liveRetryMs);
      liveRetryMs = Math.min(liveRetryMs * 2, 15000);
    });
  }

  async function resumeLive() {
    if (liveSource) return;
    const history = await getHistory();
    if (history === null) {
      setTimeout(resumeLive, liveRetryMs);
      liveRetryMs = Math.min(liveRetryMs * 2, 15000);
      return;
    }
    const since = liveLastId ? parseFloat(liveLastId) * 1000 : 0;
    history.forEach(function (message) {
      const at = toDate(message.timestamp);
      if (message.sender !== "visitor" && at && at.getTime() > since) {
        showLiveMessage({
          id: String(at.getTime() / 1000),
          sender: message.sender,
          name: message.name,
          text: message.text,
          buttons: message.buttons,
          timestamp: message.timestamp,
        });
      }
    });
    if (historyLive) {
      showLiveState(historyLive);
      openLive();
    } else {
      stopLive();
    }
  }

  // ------------------------------------------------------------- help panel

  let clinic = null;
  const clinicLoaded = loadClinic().then(function (data) {
    clinic = data;
    return data;
  });

  function renderHelp() {
    helpBody.textContent = "";
    if (!clinic) {
      const retry = el("button", { type: "button", className: "ntx-retry", text: t("retry") });
      retry.addEventListener("click", function () {
        loadClinic().then(function (data) {
          clinic = data;
          renderHelp();
          help.focus();
        });
      });
      helpBody.append(el("p", { role: "alert" }, [t("helpFailed"), retry]));
      return;
    }
    const list = el("ul", { className: "ntx-help-list" });
    // The server lists the lines most urgent first (emergency, 988, text line, ...); in
    // Spanish, their Spanish options (crisis_es), when the server has them.
    const lines = currentLanguage() === "es" && clinic.crisis_es ? clinic.crisis_es : clinic.crisis;
    Object.keys(lines).forEach(function (key) {
      const line = lines[key];
      if (typeof line === "string" && line) {
        list.append(el("li", {}, [linkified(line)]));
      }
    });
    helpBody.append(list);
    if (clinic.phone) {
      const reach = (clinic.name || t("theClinic")) + ": " + clinic.phone + (clinic.hours ? " (" + clinic.hours + ")" : "");
      helpBody.append(el("p", { className: "ntx-help-clinic" }, [reach]));
    }
    if (clinic.safety_page) {
      // What this assistant does when someone mentions suicide or self-harm (issue 17).
      const protocol = el("a", {
        href: config.server + clinic.safety_page,
        target: "_blank",
        rel: "noopener noreferrer",
        className: "ntx-help-safety",
        text: t("protocol"),
      });
      helpBody.append(el("p", {}, [protocol]));
    }
  }

  async function showHelp() {
    await clinicLoaded;
    if (!clinic) clinic = await loadClinic(); // the first fetch failed: try once more now
    renderHelp();
    help.hidden = false;
    helpToggle.setAttribute("aria-expanded", "true");
    help.focus();
  }

  function hideHelp(returnFocus) {
    help.hidden = true;
    helpToggle.setAttribute("aria-expanded", "false");
    if (returnFocus) helpToggle.focus();
  }

  // ------------------------------------------------------------- open / close

  function open(options) {
    const moveFocus = !options || options.focus !== false;
    panel.hidden = false;
    dock.hidden = true;
    launcher.setAttribute("aria-expanded", "true");
    save(session, "open", true);
    start();
    if (moveFocus) input.focus();
    scrollToEnd();
  }

  function close() {
    panel.hidden = true;
    dock.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
    save(session, "open", null);
    launcher.focus();
  }

  // ------------------------------------------------------------- end chat

  /** Forget this conversation in this browser: the server clears its cookie; history on
   * screen, the draft and unsent messages are removed. Staff keep the transcript. */
  async function endChat() {
    endButton.disabled = true;
    try {
      await request("/api/chat/end", { method: "POST", headers: { Accept: "application/json" } });
    } catch (error) {
      /* offline: the local copy is cleared anyway; the cookie expires within 12 hours */
    }
    outbox.length = 0;
    saveOutbox();
    bubbles.clear();
    input.value = "";
    saveDraft();
    historyList.textContent = "";
    liveList.textContent = "";
    started = null; // the next open greets a new visitor
    endButton.disabled = false;
    close();
  }

  // ------------------------------------------------------------- events

  function saveDraft() {
    save(local, "draft", input.value);
    autoGrow();
  }

  function autoGrow() {
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight, 160) + "px";
  }

  launcher.addEventListener("click", function () {
    if (panel.hidden) open();
    else close();
  });
  dockHelp.addEventListener("click", function () {
    open({ focus: false });
    showHelp();
  });
  closeButton.addEventListener("click", close);
  endButton.addEventListener("click", endChat);
  helpToggle.addEventListener("click", function () {
    if (help.hidden) showHelp();
    else hideHelp(true);
  });
  helpClose.addEventListener("click", function () {
    hideHelp(false);
    input.focus();
  });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      event.preventDefault();
      if (!help.hidden) hideHelp(true);
      else close();
    }
  });
  function submitDraft() {
    const text = input.value;
    if (!text.trim()) {
      input.focus();
      return;
    }
    input.value = "";
    saveDraft();
    send(text);
    input.focus();
  }
  composer.addEventListener("submit", function (event) {
    event.preventDefault();
    submitDraft();
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submitDraft();
    }
  });
  input.addEventListener("input", saveDraft);

  // ------------------------------------------------------------- boot

  input.value = load(local, "draft", "") || "";
  applyLanguage();
  function mount() {
    document.body.append(host);
    autoGrow();
    if (config.openOnLoad || load(session, "open", false)) {
      open({ focus: false });
    }
  }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);

  window.NorTexChat = Object.freeze({
    open: function () {
      open();
    },
    close: close,
    /** Sends text as if the visitor typed it. */
    send: function (text) {
      open({ focus: false });
      send(text);
    },
    showHelp: function () {
      open({ focus: false });
      return showHelp();
    },
  });
})();
