import { mkdir } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, type BlockAction, type ButtonAction, LogLevel } from "@slack/bolt";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SlackStandin, startSlackStandin } from "../../../dev/slack-standin/index.ts";
import { launchChromium } from "../../helpers/browser.ts";

const SHOTS = "test-results/slack-standin";
const SIGNING_SECRET = "preview-secret";
const BOT_TOKEN = "xoxb-preview";
const APPROVERS = new Set(["U1"]);
// 2024-11-22 12:53:20 UTC: 7:53 AM in New York, where the browser is told it is.
const EXPIRES = 1732280000;
const HOSTILE = `<img src=x onerror="window.__pwned=1">`;

let standin: SlackStandin;
let app: App;
let browser: Browser | undefined;
const actions: Array<{ actionId: string; userId: string }> = [];
let submissions = 0;

/** The invitation message the app posts for `/partnercentral list`. */
function invitationBlocks() {
  return [
    { type: "header", text: { type: "plain_text", text: `Invitation from ${HOSTILE}` } },
    {
      type: "section",
      block_id: "summary",
      text: {
        type: "mrkdwn",
        text: `*Acme &lt;script&gt;window.__pwned=1&lt;/script&gt;* wants to connect. Raw: <script>window.__pwned=1</script> &lt;!channel&gt;\nExpires <!date^${EXPIRES}^{date_short_pretty} at {time}|Nov 22, 2024>`,
      },
      fields: [
        { type: "mrkdwn", text: "*Type*\nConnection" },
        { type: "mrkdwn", text: "*Region*\n`us-east-1`" },
      ],
    },
    { type: "divider" },
    {
      type: "actions",
      block_id: "decide",
      elements: [
        {
          type: "button",
          action_id: "accept",
          style: "primary",
          value: "inv-1",
          text: { type: "plain_text", text: "Accept" },
          confirm: {
            title: { type: "plain_text", text: "Accept this invitation?" },
            text: { type: "mrkdwn", text: "Acme will see your *company profile*." },
            confirm: { type: "plain_text", text: "Accept" },
            deny: { type: "plain_text", text: "Not now" },
          },
        },
        {
          type: "button",
          action_id: "reject",
          style: "danger",
          value: "inv-1",
          text: { type: "plain_text", text: "Reject" },
        },
        {
          type: "button",
          action_id: "open_pc",
          url: "https://partnercentral.awspartner.com/invitations/inv-1",
          text: { type: "plain_text", text: "Open in Partner Central" },
        },
      ],
    },
    { type: "context", elements: [{ type: "mrkdwn", text: "Sample data · <#C1>" }] },
  ];
}

function registerApp(bolt: App) {
  bolt.command("/partnercentral", async ({ command, ack, respond, client }) => {
    await ack();
    if (command.text === "digest now") {
      await respond({
        response_type: "in_channel",
        text: ":hourglass_flowing_sand: *Digest:* 1 invitation expires soon",
      });
      return;
    }
    await client.chat.postMessage({
      channel: command.channel_id,
      text: "Invitation from Acme",
      blocks: invitationBlocks(),
    });
  });
  bolt.action<BlockAction<ButtonAction>>(
    /^(accept|reject|open_pc)$/,
    async ({ ack, body, action, respond, client }) => {
      await ack();
      actions.push({ actionId: action.action_id, userId: body.user.id });
      if (action.action_id === "open_pc") return;
      if (!APPROVERS.has(body.user.id)) {
        await respond({ text: "Only approvers can accept or reject invitations." });
        return;
      }
      if (action.action_id === "reject") {
        await client.views.open({
          trigger_id: body.trigger_id,
          view: {
            type: "modal",
            callback_id: "reject_reason",
            private_metadata: JSON.stringify({ channel: body.channel?.id, ts: body.message?.ts }),
            title: { type: "plain_text", text: "Reject invitation" },
            submit: { type: "plain_text", text: "Reject" },
            close: { type: "plain_text", text: "Cancel" },
            blocks: [
              { type: "section", text: { type: "mrkdwn", text: `Rejecting *Acme* — ${HOSTILE}` } },
              {
                type: "input",
                block_id: "reason",
                label: { type: "plain_text", text: "Reason" },
                hint: { type: "plain_text", text: "The partner sees this." },
                element: { type: "plain_text_input", action_id: "text", multiline: true, max_length: 500 },
              },
              {
                type: "input",
                block_id: "category",
                label: { type: "plain_text", text: "Category" },
                element: {
                  type: "static_select",
                  action_id: "pick",
                  options: [
                    { text: { type: "plain_text", text: "Not a fit" }, value: "fit" },
                    { text: { type: "plain_text", text: "Duplicate" }, value: "dup" },
                  ],
                },
              },
            ],
          },
        });
      }
    },
  );
  bolt.view("reject_reason", async ({ ack, view, body, client }) => {
    submissions += 1;
    const reason = view.state.values.reason?.text?.value ?? "";
    if (reason.length < 10) {
      await ack({
        response_action: "errors",
        errors: { reason: "Please give the partner at least 10 characters." },
      });
      return;
    }
    await ack();
    const where = JSON.parse(view.private_metadata) as { channel: string; ts: string };
    const category = view.state.values.category?.pick?.selected_option?.value;
    await client.chat.update({
      channel: where.channel,
      ts: where.ts,
      text: `Rejected by <@${body.user.id}> (${category}): ${reason}`,
      blocks: [],
    });
  });
  bolt.event("app_home_opened", async ({ event, client }) => {
    await client.views.publish({
      user_id: event.user,
      view: {
        type: "home",
        blocks: [
          { type: "header", text: { type: "plain_text", text: "Partner Central invitations" } },
          {
            type: "section",
            text: { type: "mrkdwn", text: `Hello <@${event.user}> — *1* invitation is waiting.` },
          },
        ],
      },
    });
  });
}

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  standin = await startSlackStandin({
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    users: [
      { id: "U1", name: "alice", realName: "Alice Approver", title: "Alliance lead (approver)" },
      { id: "U2", name: "bob", realName: "Bob Viewer", title: "Account manager" },
    ],
    channels: [
      { id: "C1", name: "partner-ops", botIsMember: true },
      { id: "C2", name: "general" },
    ],
    preview: { title: "Partner Central", defaultChannelId: "C1", userIds: ["U1", "U2"] },
  });
  app = new App({
    signingSecret: SIGNING_SECRET,
    token: BOT_TOKEN,
    clientOptions: { slackApiUrl: standin.apiUrl },
    logLevel: LogLevel.ERROR,
  });
  registerApp(app);
  const server = (await app.start({ port: 0, host: "127.0.0.1" })) as Server;
  standin.setAppUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await standin?.close();
});

/** Launched inside the test, not in a hook, so a missing browser fails the test rather than skipping it. */
async function openPage(): Promise<Page> {
  browser ??= await launchChromium();
  const context = await browser.newContext({
    timezoneId: "America/New_York",
    viewport: { width: 1280, height: 860 },
  });
  // Nothing may leave this machine: link buttons land on a local stub instead.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) =>
    route.fulfill({ status: 200, contentType: "text/html", body: "<title>Partner Central (stub)</title>" }),
  );
  const page = await context.newPage();
  await page.goto(standin.url);
  return page;
}

const message = (page: Page, text: string) => page.locator(".sl-msg", { hasText: text });

describe("the preview page", () => {
  it("shows the app's Block Kit message and drives it like Slack", { timeout: 45_000 }, async () => {
    const page = await openPage();
    await page.getByTestId("preview-mark").waitFor({ state: "visible" });
    await page.locator("#channel-title", { hasText: "partner-ops" }).waitFor();

    // Bob asks for the list.
    await page.selectOption("#user-switcher", "U2");
    await page.fill("#composer-input", "/partnercentral list");
    await page.press("#composer-input", "Enter");
    const invitation = message(page, "wants to connect");
    await invitation.waitFor();
    await page.screenshot({ path: `${SHOTS}/1-invitation.png` });

    // Hostile text is shown as text and nothing it contains ran or became an element.
    await expect(invitation.locator(".sl-b-header").textContent()).resolves.toBe(
      `Invitation from ${HOSTILE}`,
    );
    const summary = (await invitation.locator(".sl-b-section").first().textContent()) ?? "";
    expect(summary).toContain("Acme <script>window.__pwned=1</script>");
    expect(summary).toContain("Raw: <script>window.__pwned=1</script> <!channel>");
    expect(await page.locator(".sl-messages script, .sl-messages img").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // The date token is in the viewer's zone (New York), not the server's.
    expect(await invitation.locator("time.sl-date").textContent()).toBe("Nov 22, 2024 at 7:53 AM");
    expect(await invitation.locator(".sl-field").allTextContents()).toEqual([
      "Type\nConnection",
      "Region\nus-east-1",
    ]);
    expect(await invitation.locator(".sl-app-badge").textContent()).toBe("APP");

    // The link button opens its URL in a new tab and still sends the action.
    const [tab] = await Promise.all([
      page.context().waitForEvent("page"),
      invitation.getByRole("link", { name: /Open in Partner Central/ }).click(),
    ]);
    expect(tab.url()).toBe("https://partnercentral.awspartner.com/invitations/inv-1");
    await tab.close();
    await standin.waitFor(() => actions.some((a) => a.actionId === "open_pc" && a.userId === "U2"));

    // Accept asks for confirmation first; "Not now" sends nothing, "Accept" sends the action.
    await invitation.getByRole("button", { name: "Accept" }).click();
    const dialog = page.locator(".sl-dialog", { hasText: "Accept this invitation?" });
    await dialog.waitFor();
    expect(await dialog.locator(".sl-dialog-text").innerHTML()).toBe(
      "Acme will see your <b>company profile</b>.",
    );
    await page.screenshot({ path: `${SHOTS}/2-confirm.png` });
    await dialog.getByRole("button", { name: "Not now" }).click();
    await dialog.waitFor({ state: "detached" });
    expect(actions.filter((a) => a.actionId === "accept")).toEqual([]);
    await invitation.getByRole("button", { name: "Accept" }).click();
    await dialog.getByRole("button", { name: "Accept" }).click();
    const denied = message(page, "Only approvers can accept");
    await denied.waitFor();
    expect(await denied.locator(".sl-only-you").textContent()).toContain("Only visible to you");
    expect(actions.filter((a) => a.actionId === "accept")).toEqual([{ actionId: "accept", userId: "U2" }]);
    await page.screenshot({ path: `${SHOTS}/3-ephemeral.png` });

    // Alice, an approver, does not see Bob's ephemeral message and can reject through the modal.
    await page.selectOption("#user-switcher", "U1");
    await message(page, "Only approvers can accept").waitFor({ state: "detached" });
    await invitation.getByRole("button", { name: "Reject" }).click();
    const modal = page.locator(".sl-modal");
    await modal.waitFor();
    expect(await modal.locator("h2").textContent()).toBe("Reject invitation");
    expect(await modal.locator(".sl-b-section").textContent()).toBe(`Rejecting Acme — ${HOSTILE}`);

    // Slack checks required fields itself before anything is sent.
    await modal.getByRole("button", { name: "Reject" }).click();
    await modal.getByText("Please complete this required field.").first().waitFor();
    expect(submissions).toBe(0);
    expect(await modal.locator("textarea").getAttribute("maxlength")).toBe("500");

    // The app's own validation error comes back inline, and the typed values stay.
    await modal.locator("textarea").fill("Too short");
    await modal.locator("select").selectOption("dup");
    await modal.getByRole("button", { name: "Reject" }).click();
    await modal.getByText("Please give the partner at least 10 characters.").waitFor();
    expect(await modal.locator("textarea").inputValue()).toBe("Too short");
    expect(await modal.locator("select").inputValue()).toBe("dup");
    await page.screenshot({ path: `${SHOTS}/4-modal-error.png` });
    expect(submissions).toBe(1);

    await modal.locator("textarea").fill("Outside our focus region");
    await modal.getByRole("button", { name: "Reject" }).click();
    await modal.waitFor({ state: "detached" });
    const rejected = message(page, "Rejected by");
    await rejected.waitFor();
    expect(await rejected.locator(".sl-msg-content").textContent()).toBe(
      "Rejected by @Alice Approver (dup): Outside our focus region",
    );
    expect(await rejected.locator(".sl-edited").count()).toBe(1);
    expect(actions.filter((a) => a.actionId === "reject")).toEqual([{ actionId: "reject", userId: "U1" }]);

    // "Post digest now" sends the digest command in this channel.
    await page.getByRole("button", { name: "Post digest now" }).click();
    const digest = message(page, "Digest:");
    await digest.waitFor();
    expect(await digest.locator(".sl-emoji").textContent()).toBe("⏳");
    await message(page, "/partnercentral digest now").waitFor();
    await page.screenshot({ path: `${SHOTS}/5-digest.png` });

    // The App Home tab shows the view the app publishes when it opens.
    await page.getByRole("button", { name: "Partner Central" }).last().click();
    await page.locator(".sl-home .sl-b-header", { hasText: "Partner Central invitations" }).waitFor();
    expect(await page.locator(".sl-home").textContent()).toContain(
      "Hello @Alice Approver — 1 invitation is waiting.",
    );
    await page.getByTestId("preview-mark").waitFor({ state: "visible" });
    await page.screenshot({ path: `${SHOTS}/6-home.png` });
    await page.context().close();
  });

  it("keeps the reader's place as messages arrive, and forgets an open modal on reload", {
    timeout: 45_000,
  }, async () => {
    for (let n = 1; n <= 30; n += 1)
      await app.client.chat.postMessage({ channel: "C1", text: `Filler ${n}` });
    const page = await openPage();
    await message(page, "Filler 30").waitFor();
    const atBottom = () =>
      page.evaluate(() => {
        const list = document.getElementById("messages") as HTMLElement;
        return list.scrollHeight - list.scrollTop - list.clientHeight < 48;
      });
    expect(await atBottom()).toBe(true);

    // Read at the bottom, a new message scrolls into view.
    const inView = await app.client.chat.postMessage({ channel: "C1", text: "Arrives in view" });
    await message(page, "Arrives in view").waitFor();
    await expect.poll(atBottom).toBe(true);

    // Scrolled up, the reader keeps their place and is told instead.
    await page.evaluate(() => {
      (document.getElementById("messages") as HTMLElement).scrollTop = 0;
    });
    await app.client.chat.postMessage({ channel: "C1", text: "Arrives below" });
    const marker = page.getByRole("button", { name: "New messages" });
    await marker.waitFor();
    expect(await atBottom()).toBe(false);
    await page.screenshot({ path: `${SHOTS}/7-new-messages.png` });
    await marker.click();
    await marker.waitFor({ state: "hidden" });
    expect(await atBottom()).toBe(true);
    await app.client.chat.delete({ channel: "C1", ts: inView.ts ?? "" });
    await message(page, "Arrives in view").waitFor({ state: "detached" });

    // A modal open before a reload is gone after it, in the page and for the app.
    await page.fill("#composer-input", "/partnercentral list");
    await page.press("#composer-input", "Enter");
    const invitation = message(page, "wants to connect").last();
    await invitation.getByRole("button", { name: "Reject" }).click();
    await page.locator(".sl-modal").waitFor();
    await page.reload();
    await message(page, "Arrives below").waitFor();
    expect(await page.locator(".sl-modal").count()).toBe(0);
    expect(standin.openViews("U1")).toEqual([]);
    await page.context().close();
  });
});
