import { plainOf, type RenderContext, renderBlocks, renderText } from "./blocks.ts";
import { escapeHtml, formatSlackDate, renderMrkdwn } from "./mrkdwn.ts";
import type { StandinMessage, StandinView, WorkspaceChange } from "./types.ts";
import { type ChannelState, isRecord, SLACKBOT_USER_ID, type Workspace } from "./workspace.ts";

/** Who looks at what: the acting user, a channel (or their DM with the app), in the reader's time zone. */
export interface PageSubject {
  userId: string;
  channel: ChannelState;
  timeZone: string;
}

/** A modal or Home view as the page draws it; `key` changes whenever it must be redrawn, and only then. */
interface ViewFragment {
  viewId: string;
  key: string;
  html: string;
}

/** The events a page receives, each one server-sent event with its data as JSON. */
export interface PageEvents {
  /** Everything the page shows, first on every connection. */
  state: Record<string, unknown>;
  /** A message to add or redraw in place. */
  upsert: { ts: string; html: string };
  remove: { ts: string };
  modal: ViewFragment | null;
  home: ViewFragment | null;
}

const EYE_ICON =
  '<svg viewBox="0 0 20 20" aria-hidden="true"><path fill="currentColor" d="M10 4C5.5 4 2.2 7.2 1 10c1.2 2.8 4.5 6 9 6s7.8-3.2 9-6c-1.2-2.8-4.5-6-9-6Zm0 10a4 4 0 1 1 0-8 4 4 0 0 1 0 8Zm0-6a2 2 0 1 0 0 4 2 2 0 0 0 0-4Z"/></svg>';

/**
 * One open page's view of the workspace: the whole of it when the page connects, then only what changed
 * (a message, the user's modal or Home), so an update costs one message, not the channel.
 */
export class PageFeed {
  /** What the page holds now: each message's HTML by ts, and the views' keys. */
  private readonly shown = new Map<string, string>();
  private modalKey = "";
  private homeKey = "";

  private readonly ws: Workspace;
  private readonly subject: PageSubject;
  private readonly send: <E extends keyof PageEvents>(event: E, data: PageEvents[E]) => void;

  constructor(
    ws: Workspace,
    subject: PageSubject,
    send: <E extends keyof PageEvents>(event: E, data: PageEvents[E]) => void,
  ) {
    this.ws = ws;
    this.subject = subject;
    this.send = send;
  }

  /** Sends the whole picture; `page` is what every page shows whoever looks (title, users, channels). */
  start(page: Record<string, unknown>): void {
    const { channel, userId } = this.subject;
    const ctx = this.renderContext();
    this.shown.clear();
    const rows = this.visibleMessages().map((m) => {
      const html = this.messageHtml(m, ctx);
      this.shown.set(m.ts, html);
      return html;
    });
    const modal = this.modal(ctx);
    const home = this.home(ctx);
    this.modalKey = modal?.key ?? "";
    this.homeKey = home?.key ?? "";
    this.send("state", {
      ...page,
      userId,
      dmChannelId: this.ws.dmChannel(userId).id,
      channel: {
        id: channel.id,
        name: channel.imUser ? this.ws.botName : channel.name,
        isPrivate: channel.isPrivate,
        isIm: Boolean(channel.imUser),
      },
      messages: this.introHtml() + rows.join(""),
      modal,
      home,
    });
  }

  apply(change: WorkspaceChange): void {
    switch (change.kind) {
      case "message":
      case "message_deleted": {
        if (change.channelId !== this.subject.channel.id) return;
        const message = change.kind === "message" ? this.ws.message(change.channelId, change.ts) : undefined;
        if (message && this.isVisible(message)) {
          const html = this.messageHtml(message, this.renderContext());
          if (this.shown.get(message.ts) === html) return;
          this.shown.set(message.ts, html);
          this.send("upsert", { ts: message.ts, html });
        } else if (this.shown.delete(change.ts)) {
          this.send("remove", { ts: change.ts });
        }
        return;
      }
      case "views": {
        if (change.userId !== this.subject.userId) return;
        const ctx = this.renderContext();
        const modal = this.modal(ctx);
        if ((modal?.key ?? "") !== this.modalKey) {
          this.modalKey = modal?.key ?? "";
          this.send("modal", modal);
        }
        const home = this.home(ctx);
        if ((home?.key ?? "") !== this.homeKey) {
          this.homeKey = home?.key ?? "";
          this.send("home", home);
        }
        return;
      }
      case "channel":
        // Membership shows nowhere on the page.
        return;
    }
  }

  private isVisible(m: StandinMessage): boolean {
    return m.ephemeralFor === undefined || m.ephemeralFor === this.subject.userId;
  }

  private visibleMessages(): StandinMessage[] {
    return this.ws.messages(this.subject.channel.id).filter((m) => this.isVisible(m));
  }

  private renderContext(): RenderContext {
    const ws = this.ws;
    return {
      userName: (id) => (ws.users.has(id) || id === ws.botUserId ? ws.userName(id) : undefined),
      channelName: (id) => ws.channels.get(id)?.name,
      usergroupHandle: (id) => ws.usergroups.get(id)?.handle,
      timeZone: this.subject.timeZone,
      now: ws.now(),
      users: [...ws.users.values()],
      channels: [...ws.channels.values()].filter((c) => !c.imUser),
    };
  }

  private introHtml(): string {
    const { channel } = this.subject;
    const bot = escapeHtml(this.ws.botName);
    if (channel.imUser)
      return `<div class="sl-intro"><h2>${bot}</h2><p>This is your direct message history with <b>${bot}</b>.</p></div>`;
    const name = escapeHtml(channel.name);
    return `<div class="sl-intro"><h2>#${name}</h2><p>This is the very beginning of the <b>#${name}</b> channel.</p></div>`;
  }

  /** One message; its day goes along so the page can put the day dividers between messages itself. */
  private messageHtml(m: StandinMessage, ctx: RenderContext): string {
    const isBot = m.userId === this.ws.botUserId;
    const name = this.ws.userName(m.userId);
    const seconds = Number(m.ts.split(".")[0]);
    const day = formatSlackDate(seconds, "{date_num}", ctx.timeZone, ctx.now) ?? "";
    const dayLabel = capitalize(formatSlackDate(seconds, "{date_long_pretty}", ctx.timeZone, ctx.now) ?? "");
    const time = formatSlackDate(seconds, "{time}", ctx.timeZone, ctx.now) ?? "";
    const body =
      m.blocks.length > 0
        ? renderBlocks(m.blocks, ctx)
        : `<div class="sl-mrkdwn">${renderMrkdwn(m.text, ctx)}</div>`;
    const avatarClass = isBot ? " sl-avatar-bot" : m.userId === SLACKBOT_USER_ID ? " sl-avatar-slackbot" : "";
    return `<div class="sl-msg${m.ephemeralFor ? " sl-ephemeral" : ""}" data-sl-container="message" data-channel="${escapeHtml(m.channelId)}" data-ts="${escapeHtml(m.ts)}" data-day="${escapeHtml(day)}" data-day-label="${escapeHtml(dayLabel)}">
<div class="sl-avatar${avatarClass}" aria-hidden="true">${escapeHtml(initials(name))}</div>
<div class="sl-msg-body">
${m.ephemeralFor ? `<div class="sl-only-you">${EYE_ICON} Only visible to you</div>` : ""}
<div class="sl-msg-head"><span class="sl-name">${escapeHtml(name)}</span>${isBot ? `<span class="sl-app-badge">APP</span>` : ""}<time class="sl-time" datetime="${new Date(seconds * 1000).toISOString()}">${escapeHtml(time)}</time>${m.updatedAt ? `<span class="sl-edited">(edited)</span>` : ""}</div>
${m.threadTs ? `<div class="sl-thread-note">${this.threadNote(m)}</div>` : ""}
<div class="sl-msg-content">${body}</div>
</div></div>`;
  }

  /** "replied to a thread: ⏳ 11 invitations expire…", naming the message it replies to by its first line. */
  private threadNote(m: StandinMessage): string {
    const parent = this.ws.message(m.channelId, m.threadTs ?? "");
    const first = parent?.text
      .split("\n")[0]
      ?.replace(/:[a-z0-9_+-]+:/g, "")
      .trim();
    if (!first) return "replied to a thread";
    const short = first.length > 80 ? `${first.slice(0, 79)}…` : first;
    return `replied to a thread: <span class="sl-thread-parent">${escapeHtml(short)}</span>`;
  }

  private modal(ctx: RenderContext): ViewFragment | null {
    const stack = this.ws.openViews(this.subject.userId);
    const view = stack.at(-1);
    if (!view) return null;
    const v = view.view;
    const title = renderText(v.title, ctx);
    const close = plainOf(v.close) || "Cancel";
    const submit = isRecord(v.submit)
      ? `<button type="button" class="sl-btn sl-btn-primary" data-sl-modal="submit">${renderText(v.submit, ctx)}</button>`
      : "";
    const html = `<div class="sl-modal" role="dialog" aria-modal="true" aria-labelledby="sl-modal-title" data-sl-container="view" data-view-id="${escapeHtml(view.id)}">
<header class="sl-modal-head">${stack.length > 1 ? `<button type="button" class="sl-icon-btn" data-sl-modal="close" aria-label="Back">‹</button>` : ""}<div class="sl-modal-app" aria-hidden="true">${escapeHtml(initials(this.ws.botName))}</div><h2 id="sl-modal-title">${title}</h2><button type="button" class="sl-icon-btn" data-sl-modal="dismiss" aria-label="Close">×</button></header>
<form class="sl-modal-body" novalidate>${renderBlocks(v.blocks, { ...ctx, errors: view.errors })}</form>
<footer class="sl-modal-foot"><button type="button" class="sl-btn" data-sl-modal="close">${escapeHtml(close)}</button>${submit}</footer>
</div>`;
    return { viewId: view.id, key: viewKey(view), html };
  }

  private home(ctx: RenderContext): ViewFragment | null {
    const view = this.ws.homeView(this.subject.userId);
    if (!view) return null;
    const html = `<div class="sl-home" data-sl-container="view" data-view-id="${escapeHtml(view.id)}">${renderBlocks(view.view.blocks, ctx)}</div>`;
    return { viewId: view.id, key: viewKey(view), html };
  }
}

/** Changes with new content or new errors, and only then. */
function viewKey(view: StandinView): string {
  return `${view.id}:${view.view.hash}:${JSON.stringify(view.errors ?? {})}`;
}

function initials(name: string): string {
  const words = name.split(/\s+/).filter(Boolean);
  return (
    words
      .slice(0, 2)
      .map((w) => [...w][0] ?? "")
      .join("")
      .toUpperCase() || "?"
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
