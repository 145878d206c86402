import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngagementInvitation } from "../../dev/emulator/index.ts";
import { PREVIEW_USERS } from "../../dev/preview.ts";
import {
  accept,
  ask,
  type BrowserPreview,
  chooseFromMenu,
  command,
  lastLine,
  newMessage,
  rowIds,
  startBrowserPreview,
} from "../helpers/preview.ts";

/**
 * The items 3, 4 and 5 and alert filters, in the preview's page as an approver and as a colleague:
 * a Home that lives, Ask an approver, headers that stay true, a channel that takes only some alerts.
 */

const SHOTS = "test-results/preview-lively";
const APPROVER = PREVIEW_USERS.approver;
const COLLEAGUE = PREVIEW_USERS.viewer;

let preview: BrowserPreview;

beforeAll(async () => {
  preview = await startBrowserPreview({ shots: SHOTS, env: { ALERT_INTERVAL: "1h" } });
});

afterAll(async () => {
  await preview?.close();
});

const headerOf = async (message: Locator) =>
  (await message.locator(".sl-b-header").first().textContent()) ?? "";

const home = (page: Page) => page.locator(".sl-home");

/** Opens the Home tab, recording every "Pending invitations" count the page shows from then on. */
async function openHome(page: Page): Promise<Locator> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { pendingSeen: string[] }).pendingSeen = seen;
    const record = () => {
      const field = [...document.querySelectorAll("#home .sl-field")].find((f) =>
        f.textContent?.startsWith("Pending invitations"),
      );
      const count = field?.textContent?.match(/Pending invitations\s*(\d+)/)?.[1];
      if (count && seen.at(-1) !== count) seen.push(count);
    };
    new MutationObserver(record).observe(document.getElementById("home") as Node, {
      childList: true,
      subtree: true,
      characterData: true,
    });
    record();
  });
  await page.locator('[data-app="home"]').click();
  await home(page).locator(".sl-b-header", { hasText: "Expiring soonest" }).waitFor();
  return home(page);
}

const countsSeen = (page: Page) =>
  page.evaluate(() => (window as unknown as { pendingSeen: string[] }).pendingSeen.map(Number));

const pendingReceived = () =>
  [
    ...preview.preview.emulator.state.engagementInvitations.values(),
    ...preview.preview.emulator.state.connectionInvitations.values(),
  ].filter((i) => i.Catalog === "AWS" && i.ParticipantType === "RECEIVER" && i.Status === "PENDING").length;

/** Every event on the local Partner Central's queue handled by the app. */
const eventsHandled = () =>
  expect
    .poll(() => {
      const { visible, inFlight, delayed } = preview.preview.emulator.queues.events.counts();
      return visible + inFlight + delayed;
    })
    .toBe(0);

describe("a Home that lives (item 3)", () => {
  it("as an approver: opens once with complete counts, follows a new invitation and a decision while open, and has quick actions", {
    timeout: 60_000,
  }, async () => {
    const page = await preview.open(APPROVER.id);
    const view = await openHome(page);
    await expect.poll(() => countsSeen(page)).toEqual([pendingReceived()]);
    const before = pendingReceived();

    // A new invitation arrives: the open Home counts it without being opened again.
    await page.getByRole("button", { name: "Simulate a new invitation" }).click();
    await expect.poll(() => countsSeen(page), { timeout: 20_000 }).toEqual([before, before + 1]);

    // Decided from a list in the channel: it leaves the open Home's counts and Expiring soonest.
    await page.locator("[data-channel]").first().click();
    const list = await ask(page, "/partnercentral expiring within=15", /expires? within/);
    const [soonest] = await rowIds(list);
    if (!soonest) throw new Error("something expires");
    await accept(page, list, soonest);
    await expect.poll(() => lastLine(list, soonest)).toMatch(/^✅ Accepted by @Alex Rivera/);
    await page.locator('[data-app="home"]').click();
    await expect.poll(() => countsSeen(page), { timeout: 20_000 }).toEqual([before, before + 1, before]);
    const expiring = await view.evaluate((node) => {
      const blocks = [...node.querySelectorAll(".sl-b-header, .sl-b-section")];
      const start = blocks.findIndex((b) => b.textContent === "Expiring soonest");
      const end = blocks.findIndex((b, n) => n > start && b.classList.contains("sl-b-header"));
      return blocks.slice(start, end === -1 ? undefined : end).map((b) => b.textContent ?? "");
    });
    expect(expiring.join("\n")).not.toContain(soonest);
    await page.screenshot({ path: `${SHOTS}/3-approver-home-lives.png` });

    // A quick action answers in the app's Messages tab, with buttons that work there.
    await view.getByRole("button", { name: "List them" }).click();
    await page.locator('[data-tab="messages"]').click();
    const answer = page.locator(".sl-msg", { hasText: "Engagement invitations" }).last();
    await answer.waitFor();
    expect((await rowIds(answer)).length).toBeGreaterThan(0);
  });

  it("as a colleague: a fresh Home never lists under Expiring soonest what was decided, and opens without flashing", {
    timeout: 30_000,
  }, async () => {
    const approverPage = await preview.open(APPROVER.id);
    const list = await ask(approverPage, "/partnercentral expiring within=15", /expires? within/);
    const [decided] = await rowIds(list);
    if (!decided) throw new Error("something expires");
    await accept(approverPage, list, decided);
    await expect.poll(() => lastLine(list, decided)).toMatch(/^✅ Accepted by @Alex Rivera/);

    const page = await preview.open(COLLEAGUE.id);
    const view = await openHome(page);
    await expect.poll(() => countsSeen(page)).toEqual([pendingReceived()]);
    const first = (await view.locator(".sl-b-header", { hasText: "Expiring soonest" }).count()) > 0;
    expect(first).toBe(true);
    const listedFirst = (await rowIds(view))[0];
    expect(listedFirst).not.toBe(decided);
    expect(await view.getByRole("button", { name: /^Accept$|Reject/ }).count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/3-colleague-home.png` });
  });
});

/** A digest posted in the channel now, as `page`'s user asked for it. */
const digestNow = (page: Page) => ask(page, "/partnercentral digest now", /expires? within/);

describe("Ask an approver (item 4) and headers that stay true (item 5)", () => {
  it("as a colleague: asks in the digest's thread once, and is told they already asked", {
    timeout: 30_000,
  }, async () => {
    const page = await preview.open(COLLEAGUE.id);
    const digest = await digestNow(page);
    const [id] = await rowIds(digest);
    if (!id) throw new Error("the digest lists an invitation");
    const told = await newMessage(page, /Asked @Alex Rivera/, () =>
      chooseFromMenu(digest, id, "Ask an approver"),
    );
    expect(await told.textContent()).toContain("in this message's thread");
    const request = page
      .locator(".sl-msg", { hasText: "asks @Alex Rivera or members of @alliance-approvers" })
      .last();
    await request.waitFor();
    expect(await request.locator(".sl-thread-note").count()).toBe(1);
    expect(await request.textContent()).toMatch(/before it expires in .+/);
    await page.screenshot({ path: `${SHOTS}/4-colleague-asked.png` });
    const again = await newMessage(page, "You already asked the approvers", () =>
      chooseFromMenu(digest, id, "Ask an approver"),
    );
    expect(await again.textContent()).toContain("Nothing more was sent.");
    expect(await page.locator(".sl-msg", { hasText: "asks @Alex Rivera or members of" }).count()).toBe(1);
  });

  it("as an approver: accepts in the thread, and the digest's row and headline follow", {
    timeout: 30_000,
  }, async () => {
    const page = await preview.open(APPROVER.id);
    const request = page.locator(".sl-msg", { hasText: "asks @Alex Rivera or members of" }).last();
    await request.waitFor();
    const [id] = await rowIds(request);
    if (!id) throw new Error("the request shows its invitation");
    // The digest itself, not the request in its thread, which names it.
    const digest = page
      .locator(".sl-msg:not(:has(.sl-thread-note))", { hasText: /expires? within/ })
      .filter({ hasText: id })
      .last();
    const headline = await headerOf(digest);
    const count = Number(/(\d+) invitations? expires?/.exec(headline)?.[1]);
    await accept(page, request, id);
    await expect.poll(() => lastLine(request, id)).toMatch(/^✅ Accepted by @Alex Rivera/);
    await expect
      .poll(() => lastLine(digest, id), { timeout: 15_000 })
      .toMatch(/^✅ Accepted by @Alex Rivera/);
    await expect
      .poll(() => headerOf(digest))
      .toMatch(new RegExp(`^⏳ ${count - 1} invitations? expires? within .* — 1 decided since$`));
    await page.screenshot({ path: `${SHOTS}/5-approver-header-follows.png` });
  });

  it("as a colleague: asks from the Home by direct message, and sees a decision made in Partner Central in the digest's headline", {
    timeout: 30_000,
  }, async () => {
    const { emulator } = preview.preview;
    const page = await preview.open(COLLEAGUE.id);
    const digest = await digestNow(page);
    const ids = await rowIds(digest);
    const elsewhere = ids.find((id) => id.startsWith("engi-"));
    if (!elsewhere) throw new Error("the digest lists an engagement invitation");
    emulator.decideInConsole(
      emulator.state.engagementInvitations.get(elsewhere) as EngagementInvitation,
      "reject",
    );
    await expect
      .poll(() => lastLine(digest, elsewhere), { timeout: 15_000 })
      .toMatch(/Rejected in Partner Central/);
    await expect.poll(() => headerOf(digest)).toMatch(/ — 1 decided since$/);

    const view = await openHome(page);
    const [id] = await rowIds(view);
    if (!id) throw new Error("the Home lists an invitation");
    await view.locator(`button[data-action-id="invitation_ask_approver"][data-block-id$=":${id}"]`).click();
    await page.locator('[data-tab="messages"]').click();
    await page.locator(".sl-msg", { hasText: "by direct message to decide" }).waitFor();

    const approver = await preview.open(APPROVER.id);
    await approver.locator('[data-app="home"]').click();
    await approver.locator('[data-tab="messages"]').click();
    const request = approver
      .locator(".sl-msg", { hasText: "asks you to accept or reject this invitation" })
      .last();
    await request.waitFor();
    expect(await rowIds(request)).toEqual([id]);
    expect(await request.locator('button[data-action-id="invitation_accept"]').count()).toBe(1);
    await approver.screenshot({ path: `${SHOTS}/4-approver-direct-message.png` });
  });
});

describe("alert filters", () => {
  it("as a colleague: a channel that takes only leads gets no alert of an opportunity, and status says what it takes", {
    timeout: 30_000,
  }, async () => {
    const { emulator } = preview.preview;
    const page = await preview.open(COLLEAGUE.id);
    await newMessage(
      page,
      "turned on new-invitation alerts for this channel: only engagement invitations that are leads",
      () => command(page, "/partnercentral alerts on kind=engagement payload=lead"),
    );
    const status = await ask(page, "/partnercentral alerts status", "New-invitation alerts are on here");
    expect(await status.textContent()).toContain("Taken here: engagement invitations that are leads.");

    const alerts = page.locator(".sl-msg", { hasText: "New invitation received" });
    const before = await alerts.count();
    const opportunity = emulator.newEngagementInvitation({ PayloadType: "OpportunityInvitation" });
    await eventsHandled();
    const lead = emulator.newEngagementInvitation({ PayloadType: "LeadInvitation" });
    await expect.poll(() => alerts.count(), { timeout: 15_000 }).toBe(before + 1);
    expect(await alerts.last().textContent()).toContain(lead.Id);
    expect(await page.locator(".sl-msg", { hasText: opportunity.Id }).count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/6-filters.png` });
  });

  it("as an approver: alerts on alone takes every new invitation again", { timeout: 30_000 }, async () => {
    const { emulator } = preview.preview;
    const page = await preview.open(APPROVER.id);
    await ask(page, "/partnercentral alerts on", "New invitations will be posted here");
    const alerts = page.locator(".sl-msg", { hasText: "New invitation received" });
    const before = await alerts.count();
    const opportunity = emulator.newEngagementInvitation({ PayloadType: "OpportunityInvitation" });
    await expect.poll(() => alerts.count(), { timeout: 15_000 }).toBe(before + 1);
    expect(await alerts.last().textContent()).toContain(opportunity.Id);
  });
});
