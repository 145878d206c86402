// The preview page. The server renders (and escapes) every message, modal and home view; this
// script only places those fragments, wires up the data-sl-* hooks, and writes its own text with
// textContent so nothing from the app can become markup here.

const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
const hash = new URLSearchParams(location.hash.slice(1));
const ui = {
  userId: hash.get("user") ?? "",
  channelId: hash.get("channel") ?? "",
  /** "channel", or the app's "home" / "messages" tabs. */
  view: hash.get("view") ?? "channel",
  data: undefined,
  /** The server's event stream for this user and channel, and the query it was opened with. */
  feed: undefined,
  feedKey: "",
  offline: false,
};

const $ = (id) => document.getElementById(id);

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("data-") || key.startsWith("aria-")) node.setAttribute(key, value);
    else node[key] = value;
  }
  node.append(...children);
  return node;
}

async function post(path, body) {
  try {
    const response = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ userId: ui.userId, ...body }),
    });
    return await response.json();
  } catch {
    return { ok: false, notice: "The preview server is not reachable." };
  }
}

function toast(text) {
  const item = el("div", { class: "sl-toast", text });
  $("toasts").append(item);
  setTimeout(() => item.remove(), 6000);
}

function saveLocation() {
  const params = new URLSearchParams({ user: ui.userId, channel: ui.channelId, view: ui.view });
  history.replaceState(null, "", `#${params}`);
}

function feedParams() {
  const app = ui.view === "channel" ? "0" : "1";
  return new URLSearchParams({ user: ui.userId, channel: ui.channelId, app, tz });
}

/**
 * Opens the event stream for what the page shows now: the whole picture first ("state"), then only
 * what changes (one message, the modal, the Home tab).
 */
function connect() {
  ui.feed?.close();
  const params = feedParams();
  ui.feedKey = params.toString();
  const feed = new EventSource(`/ui/stream?${params}`);
  ui.feed = feed;
  const on = (event, handler) => feed.addEventListener(event, (e) => handler(JSON.parse(e.data)));
  on("state", render);
  on("upsert", upsertMessage);
  on("remove", ({ ts }) => removeMessage(ts));
  on("modal", renderModal);
  on("home", renderHome);
  // The browser reconnects by itself and then gets the whole picture again.
  feed.addEventListener("error", () => {
    if (!ui.offline) toast("The preview server is not reachable.");
    ui.offline = true;
  });
}

/** After the user picks another channel, user or tab: a new stream only if it shows something else. */
function navigate() {
  saveLocation();
  if (!ui.data || feedParams().toString() !== ui.feedKey) connect();
  else renderFrame();
}

function render(data) {
  ui.offline = false;
  ui.data = data;
  ui.userId = data.userId;
  ui.channelId = data.channel.id;
  if (data.channel.isIm && ui.view === "channel") ui.view = "messages";
  ui.feedKey = feedParams().toString();
  renderFrame();
  renderMessages(data.messages);
  renderHome(data.home);
  renderModal(data.modal);
}

/** Everything around the messages: title, user switcher, sidebar, tabs, which pane shows. */
function renderFrame() {
  const data = ui.data;
  saveLocation();
  document.title = `${data.title} — Slack preview`;
  $("workspace-name").textContent = data.title;
  $("search-workspace").textContent = data.title;

  renderUsers(data);
  renderSidebar(data);

  const inApp = ui.view !== "channel";
  $("app-tabs").hidden = !inApp;
  for (const tab of $("app-tabs").querySelectorAll("[data-tab]")) {
    tab.classList.toggle("sl-active", tab.dataset.tab === ui.view);
  }
  $("channel-title").textContent = inApp
    ? data.botName
    : `${data.channel.isPrivate ? "🔒" : "#"} ${data.channel.name}`;
  const showHome = ui.view === "home";
  const showingMessages = !$("messages-pane").hidden;
  $("home").hidden = !showHome;
  $("messages-pane").hidden = showHome;
  $("composer").hidden = showHome;
  $("composer-hint").hidden = showHome;
  $("simulate-invitation").hidden = !data.canSimulate;
  $("simulate-action").hidden = !data.canSimulateAction;
  $("composer-input").placeholder = inApp ? `Message ${data.botName}` : `Message #${data.channel.name}`;
  $("composer-hint").textContent = `Try ${data.command} help · Enter sends · Shift+Enter adds a line`;
  if (!showHome && !showingMessages) scrollToBottom();
}

function renderUsers(data) {
  const select = $("user-switcher");
  const signature = data.users.map((u) => u.id).join(",");
  if (select.dataset.users !== signature) {
    select.replaceChildren(
      ...data.users.map((u) =>
        el("option", { value: u.id, text: u.title ? `${u.realName} — ${u.title}` : u.realName }),
      ),
    );
    select.dataset.users = signature;
  }
  select.value = data.userId;
}

function renderSidebar(data) {
  $("channel-list").replaceChildren(
    ...data.channels.map((c) =>
      el(
        "li",
        {},
        el("button", {
          type: "button",
          class: `sl-nav-item${ui.view === "channel" && c.id === data.channel.id ? " sl-active" : ""}`,
          text: `${c.isPrivate ? "🔒" : "#"} ${c.name}`,
          "data-channel": c.id,
        }),
      ),
    ),
  );
  const app = el("button", {
    type: "button",
    class: `sl-nav-item sl-nav-app${ui.view !== "channel" ? " sl-active" : ""}`,
    "data-app": "home",
  });
  app.append(
    el("span", { class: "sl-nav-app-icon", "aria-hidden": "true", text: initials(data.botName) }),
    data.botName,
  );
  $("app-list").replaceChildren(el("li", {}, app));
}

function initials(name) {
  return (
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((w) => w[0])
      .join("")
      .toUpperCase() || "?"
  );
}

function renderMessages(html) {
  const list = $("messages");
  // Server-rendered and escaped (see blocks.ts / page-feed.ts).
  list.innerHTML = html;
  layoutDays(list);
  scrollToBottom();
}

function messageNode(ts) {
  return $("messages").querySelector(`.sl-msg[data-ts="${CSS.escape(ts)}"]`);
}

/** Slack message timestamps ("seconds.micros") in order. */
function compareTs(a, b) {
  const [aSeconds, aMicros] = a.split(".").map(Number);
  const [bSeconds, bMicros] = b.split(".").map(Number);
  return aSeconds - bSeconds || aMicros - bMicros;
}

/** A new or changed message: drawn in place; a new one scrolls into view, or is announced if the reader scrolled up. */
function upsertMessage({ ts, html }) {
  const list = $("messages");
  const atBottom = isAtBottom(list);
  const template = document.createElement("template");
  // Server-rendered and escaped (see blocks.ts / page-feed.ts).
  template.innerHTML = html;
  const node = template.content.firstElementChild;
  const existing = messageNode(ts);
  if (existing) existing.replaceWith(node);
  else {
    const later = [...list.querySelectorAll(".sl-msg")].find((m) => compareTs(m.dataset.ts, ts) > 0);
    if (later) later.before(node);
    else list.append(node);
  }
  layoutDays(list);
  if (atBottom) scrollToBottom();
  else if (!existing) $("new-messages").hidden = false;
}

function removeMessage(ts) {
  messageNode(ts)?.remove();
  layoutDays($("messages"));
}

/** Slack's day dividers: one above the first message of each day, in the reader's time zone. */
function layoutDays(list) {
  for (const divider of list.querySelectorAll(".sl-day")) divider.remove();
  let day = "";
  for (const message of list.querySelectorAll(".sl-msg")) {
    if (message.dataset.day === day) continue;
    day = message.dataset.day;
    message.before(
      el("div", { class: "sl-day", role: "separator" }, el("span", { text: message.dataset.dayLabel })),
    );
  }
}

function isAtBottom(list) {
  return list.scrollHeight - list.scrollTop - list.clientHeight < 48;
}

function scrollToBottom() {
  const list = $("messages");
  list.scrollTop = list.scrollHeight;
  $("new-messages").hidden = true;
}

function renderHome(home) {
  const pane = $("home");
  if (!home) {
    pane.replaceChildren(
      el(
        "div",
        { class: "sl-home-empty" },
        el("h2", { text: "Home" }),
        el("p", { text: "Waiting for the app to publish its Home tab…" }),
      ),
    );
    return;
  }
  pane.innerHTML = home.html;
}

function renderModal(modal) {
  const root = $("modal-root");
  if (!modal) {
    root.replaceChildren();
    return;
  }
  const previous = root.querySelector("[data-sl-container='view']");
  // Slack keeps what the user typed when a view is updated with the same block and action IDs.
  const kept = previous?.dataset.viewId === modal.viewId ? collectValues(previous) : undefined;
  const backdrop = el("div", { class: "sl-modal-backdrop" });
  backdrop.innerHTML = modal.html;
  root.replaceChildren(backdrop);
  if (kept) restoreValues(backdrop, kept);
  backdrop.querySelector(".sl-has-error input, .sl-has-error textarea, .sl-text-input, select")?.focus();
}

/** The user's inputs, as { blockId: { actionId: string | string[] | null } }. */
function collectValues(root) {
  const values = {};
  for (const field of root.querySelectorAll("[data-sl-input]")) {
    const { blockId, actionId, type } = field.dataset;
    let value;
    if (type === "checkboxes") value = [...field.querySelectorAll("input:checked")].map((i) => i.value);
    else if (type === "radio_buttons") value = field.querySelector("input:checked")?.value ?? null;
    else {
      const control = field.querySelector("input, textarea, select");
      if (control?.multiple) value = [...control.selectedOptions].map((o) => o.value);
      else value = control?.value ? control.value : null;
    }
    values[blockId] ??= {};
    values[blockId][actionId] = value;
  }
  return values;
}

function restoreValues(root, values) {
  for (const field of root.querySelectorAll("[data-sl-input]")) {
    const { blockId, actionId } = field.dataset;
    const value = values[blockId]?.[actionId];
    if (value === undefined) continue;
    const wanted = Array.isArray(value) ? value : [value];
    for (const input of field.querySelectorAll("input[type=checkbox], input[type=radio]")) {
      input.checked = wanted.includes(input.value);
    }
    const control = field.querySelector("textarea, select, input:not([type=checkbox]):not([type=radio])");
    if (!control) continue;
    if (control.multiple) for (const o of control.options) o.selected = wanted.includes(o.value);
    else control.value = value ?? "";
  }
}

/** Slack checks required fields and minimum lengths before it sends anything to the app. */
function validateModal(root) {
  for (const old of root.querySelectorAll(".sl-client-error")) old.remove();
  const values = collectValues(root);
  let ok = true;
  for (const field of root.querySelectorAll("[data-sl-input]")) {
    const value = values[field.dataset.blockId]?.[field.dataset.actionId];
    const empty = value === null || (Array.isArray(value) && value.length === 0);
    const min = Number(field.dataset.minLength ?? 0);
    let message = "";
    if (empty && field.hasAttribute("data-required")) message = "Please complete this required field.";
    else if (!empty && typeof value === "string" && value.length < min) {
      message = `Please enter at least ${min} characters.`;
    }
    if (message) {
      ok = false;
      field.after(el("div", { class: "sl-input-error sl-client-error", role: "alert", text: message }));
    }
  }
  return ok;
}

function confirmFirst(template) {
  return new Promise((resolve) => {
    const backdrop = el("div", { class: "sl-dialog-backdrop" });
    backdrop.append(template.content.cloneNode(true));
    const finish = (answer) => {
      document.removeEventListener("keydown", onKey);
      backdrop.remove();
      resolve(answer);
    };
    const onKey = (event) => {
      if (event.key === "Escape") finish(false);
    };
    backdrop.addEventListener("click", (event) => {
      const choice = event.target.closest("[data-sl-confirm]");
      if (choice) finish(choice.dataset.slConfirm === "confirm");
      else if (event.target === backdrop) finish(false);
    });
    document.addEventListener("keydown", onKey);
    $("dialog-root").append(backdrop);
    backdrop.querySelector("[data-sl-confirm='confirm']")?.focus();
  });
}

async function sendAction(control, value) {
  const container = control.closest("[data-sl-container]");
  if (!container) return;
  const body = { actionId: control.dataset.actionId, blockId: control.dataset.blockId, value };
  if (container.dataset.slContainer === "message") {
    body.channelId = container.dataset.channel;
    body.messageTs = container.dataset.ts;
  } else {
    body.viewId = container.dataset.viewId;
    body.viewValues = collectValues(container);
  }
  control.classList.add("sl-busy");
  const result = await post("/ui/action", body);
  control.classList.remove("sl-busy");
  if (!result.ok) toast(result.notice ?? "Something went wrong.");
}

function controlValue(control) {
  if (control.matches(".sl-choices")) {
    const checked = [...control.querySelectorAll("input:checked")].map((i) => i.value);
    return control.dataset.kind === "checkboxes" ? checked : (checked[0] ?? null);
  }
  if (control.multiple) return [...control.selectedOptions].map((o) => o.value);
  return control.value;
}

document.addEventListener("click", async (event) => {
  const target = event.target;
  if (!(target instanceof Element)) return;

  const action = target.closest("[data-sl-action]");
  if (action && (action.dataset.kind === "button" || action.dataset.kind === "overflow")) {
    const template = action.closest(".sl-el")?.querySelector(":scope > template.sl-confirm-tpl");
    const isLink = action.tagName === "A";
    action.closest("details")?.removeAttribute("open");
    if (template) {
      event.preventDefault();
      if (!(await confirmFirst(template))) return;
      if (isLink) window.open(action.href, "_blank", "noopener,noreferrer");
    }
    // A link button opens its URL (the browser does that) and still tells the app, as Slack does.
    sendAction(action, action.dataset.kind === "overflow" ? action.dataset.value : undefined);
    return;
  }

  const modalButton = target.closest("[data-sl-modal]");
  if (modalButton) {
    const modal = modalButton.closest("[data-sl-container='view']");
    const kind = modalButton.dataset.slModal;
    if (kind === "submit") {
      if (!validateModal(modal)) return;
      modalButton.disabled = true;
      const result = await post("/ui/submit", { viewId: modal.dataset.viewId, values: collectValues(modal) });
      modalButton.disabled = false;
      if (!result.ok) toast(result.notice ?? "Something went wrong.");
    } else {
      await post("/ui/close", { all: kind === "dismiss" });
    }
    return;
  }

  const channel = target.closest("[data-channel]");
  if (channel?.closest("#channel-list")) {
    ui.view = "channel";
    ui.channelId = channel.dataset.channel;
    navigate();
    return;
  }

  if (target.closest("[data-app]")) {
    openApp("home");
    return;
  }

  const tab = target.closest("[data-tab]");
  if (tab) openApp(tab.dataset.tab);
});

async function openApp(tab) {
  ui.view = tab;
  navigate();
  if (tab === "home") {
    const result = await post("/ui/home", {});
    if (!result.ok) toast(result.notice ?? "Something went wrong.");
  }
}

document.addEventListener("change", (event) => {
  const target = event.target;
  if (!(target instanceof Element)) return;
  if (target.id === "user-switcher") {
    ui.userId = target.value;
    if (ui.view === "home") openApp("home");
    else navigate();
    return;
  }
  const action = target.closest("[data-sl-action]");
  if (action && action.dataset.kind !== "button" && action.dataset.kind !== "overflow") {
    sendAction(action, controlValue(action));
  }
});

async function sendComposer(text) {
  scrollToBottom();
  const result = await post("/ui/command", { channelId: ui.channelId, text });
  if (!result.ok && result.notice) toast(result.notice);
}

$("composer").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = $("composer-input");
  const text = input.value.trim();
  if (!text) return;
  input.value = "";
  sendComposer(text);
});

$("composer-input").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    $("composer").requestSubmit();
  }
});

$("post-digest").addEventListener("click", () => {
  if (ui.view === "home" && ui.data) {
    ui.view = "messages";
    ui.channelId = ui.data.dmChannelId;
    navigate();
  }
  sendComposer(`${ui.data?.command ?? "/partnercentral"} digest now`);
});

for (const [id, path] of [
  ["simulate-invitation", "/ui/simulate"],
  ["simulate-action", "/ui/simulate-action"],
]) {
  $(id).addEventListener("click", async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    const result = await post(path, {});
    button.disabled = false;
    toast(result.notice ?? "Something went wrong.");
  });
}

$("new-messages").addEventListener("click", scrollToBottom);
$("messages").addEventListener("scroll", (event) => {
  if (isAtBottom(event.currentTarget)) $("new-messages").hidden = true;
});

document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && !$("dialog-root").hasChildNodes() && $("modal-root").hasChildNodes()) {
    post("/ui/close", { all: true });
  }
});

// A reload starts with no modal open, as in Slack, instead of showing the last one again.
post("/ui/reload", {}).then(() => {
  if (ui.view === "home") openApp("home");
  else connect();
});
