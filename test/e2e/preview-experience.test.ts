import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConnectionInvitation, EngagementInvitation } from "../../dev/emulator/index.ts";
import { PREVIEW_USERS } from "../../dev/preview.ts";
import { decisionCalls } from "../helpers/harness.ts";
import {
  accept,
  acceptButton,
  ask,
  type BrowserPreview,
  chooseFromMenu,
  lastLine,
  menuOf,
  newMessage,
  row,
  rowIds,
  startBrowserPreview,
} from "../helpers/preview.ts";

const SHOTS = "test-results/preview-experience";
/** AWS returns at most this many items a page here; the app still shows ten a page. */
const AWS_PAGE = 3;
const APPROVER = PREVIEW_USERS.approver;
const COLLEAGUE = PREVIEW_USERS.viewer;
const WHO_CAN =
  "Only @Alex Rivera or members of @alliance-approvers can accept, reject or cancel invitations.";

let preview: BrowserPreview;

beforeAll(async () => {
  preview = await startBrowserPreview({
    shots: SHOTS,
    // No alerts while the tests add invitations: they would post messages of their own.
    env: { ALERT_INTERVAL: "1h" },
    options: { emulator: { maxPageSize: AWS_PAGE } },
  });
});

afterAll(async () => {
  await preview?.close();
});

const isPendingReceived = (i: EngagementInvitation | ConnectionInvitation) =>
  i.Catalog === "AWS" && i.ParticipantType === "RECEIVER" && i.Status === "PENDING";
const pendingEngagements = () =>
  [...preview.preview.emulator.state.engagementInvitations.values()].filter(isPendingReceived);
const pendingConnectionInvitations = () =>
  [...preview.preview.emulator.state.connectionInvitations.values()].filter(isPendingReceived);

/** At least `count` pending connection invitations received, whatever earlier tests decided. */
function havePendingConnectionInvitations(count: number): void {
  while (pendingConnectionInvitations().length < count) preview.preview.emulator.addConnectionInvitation();
}

/** Reject…, a red button beside Accept. */
const rejectButton = (container: Locator, id: string) =>
  container.locator(`button[data-action-id="invitation_reject"][data-block-id$=":${id}"]`);
const MENU = ["Details", "Open Partner Central home"];

async function menuItems(container: Locator, id: string): Promise<string[]> {
  const items = await menuOf(container, id).locator(".sl-menu-item").allTextContents();
  return items.map((t) => t.replace("↗", "").trim());
}

/** A page acting as `userId` and its answer to `/partnercentral engagements`, with its first two rows. */
async function engagementsAs(userId: string) {
  const page = await preview.open(userId);
  const list = await ask(page, "/partnercentral engagements", "Engagement invitations");
  const [first, second] = await rowIds(list);
  if (!first || !second) throw new Error("two pending engagement invitations are needed");
  return { page, list, first, second };
}

const modal = (page: Page) => page.locator(".sl-modal");
const closeModal = (page: Page) =>
  modal(page).locator(".sl-modal-foot").getByRole("button", { name: "Close" }).click();
const submitReject = (page: Page) => modal(page).getByRole("button", { name: "Reject", exact: true }).click();

async function openHome(page: Page): Promise<Locator> {
  await page.locator('[data-app="home"]').click();
  const home = page.locator(".sl-home");
  await home.locator(".sl-b-header", { hasText: "Expiring soonest" }).waitFor();
  return home;
}

const ACCEPTED = /^✅ Accepted by @Alex Rivera · .+ · opportunity O\d+$/;
const rejected = (reason?: string) =>
  new RegExp(`^❌ Rejected by @Alex Rivera · [^“]+${reason ? ` · “${reason}”` : ""}$`);

describe("as an approver", () => {
  it("accepts from a list after confirming, and the outcome line replaces the status", async () => {
    const { page, list, first: id } = await engagementsAs(APPROVER.id);
    expect(await lastLine(list, id)).toMatch(/^⏳ Pending/);
    expect(await menuItems(list, id)).toEqual(MENU);
    expect(await rejectButton(list, id).getAttribute("class")).toContain("sl-btn-danger");

    await acceptButton(list, id).click();
    const dialog = page.locator(".sl-dialog", { hasText: "Accept this invitation?" });
    expect(await dialog.textContent()).toContain("Partner Central creates the opportunity for your team.");
    await dialog.getByRole("button", { name: "Not yet" }).click();
    await dialog.waitFor({ state: "detached" });
    expect(await lastLine(list, id)).toMatch(/^⏳ Pending/);

    await accept(page, list, id);
    await expect.poll(() => lastLine(list, id)).toMatch(ACCEPTED);
    expect(await acceptButton(list, id).count()).toBe(0);
    expect(await rejectButton(list, id).count()).toBe(0);
    // Accepted, it opens the opportunity it became.
    expect(await menuItems(list, id)).toEqual(["View opportunity", ...MENU]);
    expect(preview.preview.emulator.state.engagementInvitations.get(id)?.Status).toBe("ACCEPTED");
    await page.screenshot({ path: `${SHOTS}/1-accepted-in-list.png` });
  });

  it("rejects an engagement invitation only with a reason: one of the choices, or “Other” with text", async () => {
    const { page, list, first, second } = await engagementsAs(APPROVER.id);

    await rejectButton(list, first).click();
    const form = modal(page);
    await form.getByText("Reject invitation").waitFor();
    await submitReject(page);
    await form.getByText("Please complete this required field.").waitFor();
    await form.locator("select").selectOption({ label: "Other" });
    await submitReject(page);
    await form.getByText("Say why, since you chose “Other”.").waitFor();
    await page.screenshot({ path: `${SHOTS}/2-reject-other-needs-text.png` });
    await form.locator("input").fill("Outside our focus region");
    await submitReject(page);
    await form.waitFor({ state: "detached" });
    await expect.poll(() => lastLine(list, first)).toMatch(rejected("Outside our focus region"));
    expect(await acceptButton(list, first).count()).toBe(0);

    await rejectButton(list, second).click();
    await form.locator("select").selectOption({ label: "Unable to support" });
    await submitReject(page);
    await form.waitFor({ state: "detached" });
    await expect.poll(() => lastLine(list, second)).toMatch(rejected("Unable to support"));
    const { engagementInvitations } = preview.preview.emulator.state;
    expect([first, second].map((id) => engagementInvitations.get(id)?.Status)).toEqual([
      "REJECTED",
      "REJECTED",
    ]);
  });

  it("rejects connection invitations with an optional reason, and accepts one", async () => {
    havePendingConnectionInvitations(3);
    const page = await preview.open(APPROVER.id);
    const list = await ask(page, "/partnercentral invitations", "Connection invitations");
    const received: string[] = [];
    for (const id of await rowIds(list)) if (await acceptButton(list, id).count()) received.push(id);
    const [withReason, without, accepted] = received;
    if (!withReason || !without || !accepted) throw new Error("three pending connection invitations needed");

    await rejectButton(list, withReason).click();
    const form = modal(page);
    expect(await form.locator("select").count()).toBe(0);
    await form.locator("textarea").fill("We already work with a partner in this region");
    await submitReject(page);
    await form.waitFor({ state: "detached" });
    await expect
      .poll(() => lastLine(list, withReason))
      .toMatch(rejected("We already work with a partner in this region"));

    await rejectButton(list, without).click();
    await submitReject(page);
    await form.waitFor({ state: "detached" });
    await expect.poll(() => lastLine(list, without)).toMatch(rejected());

    await accept(page, list, accepted);
    await expect
      .poll(() => lastLine(list, accepted))
      .toMatch(/^✅ Accepted by @Alex Rivera · .+ · connection pac-[A-Za-z0-9]+$/);
    await page.screenshot({ path: `${SHOTS}/3-connection-invitations.png` });
  });

  it("accepts and rejects in Details, opened from a row's menu", async () => {
    const { page, list, first, second } = await engagementsAs(APPROVER.id);

    await chooseFromMenu(list, first, "Details");
    const details = modal(page);
    await details.getByText("Business problem").waitFor();
    expect(await details.getByRole("button").allTextContents()).toEqual(
      expect.arrayContaining(["Accept", "Reject…"]),
    );
    await accept(page, details, first);
    await details.getByText(ACCEPTED).waitFor();
    expect(await acceptButton(details, first).count()).toBe(0);
    expect(await details.getByRole("button", { name: "Reject…" }).count()).toBe(0);
    await details.getByRole("link", { name: /Open Partner Central home/ }).waitFor();
    await page.screenshot({ path: `${SHOTS}/4-accepted-in-details.png` });
    await closeModal(page);
    await details.waitFor({ state: "detached" });

    await chooseFromMenu(list, second, "Details");
    await details.getByText("Business problem").waitFor();
    await details.getByRole("button", { name: "Reject…" }).click();
    await details.locator("select").selectOption({ label: "Customer problem unclear" });
    await submitReject(page);
    await details.getByText(rejected("Customer problem unclear")).waitFor();
    expect(await details.getByRole("button", { name: "Reject…" }).count()).toBe(0);
  });

  it("accepts and rejects in the App Home, which keeps the decided invitations marked", async () => {
    const page = await preview.open(APPROVER.id);
    const home = await openHome(page);
    expect(await home.textContent()).toContain("You may accept, reject and cancel invitations.");
    const [first, second] = await rowIds(home);
    if (!first || !second) throw new Error("two pending invitations are needed in the Home tab");

    await accept(page, home, first);
    await expect.poll(() => lastLine(home, first)).toMatch(/^✅ Accepted by @Alex Rivera · /);
    expect(await acceptButton(home, first).count()).toBe(0);

    await rejectButton(home, second).click();
    const form = modal(page);
    if (second.startsWith("engi-"))
      await form.locator("select").selectOption({ label: "Next steps unclear" });
    await submitReject(page);
    await form.waitFor({ state: "detached" });
    await expect.poll(() => lastLine(home, second)).toMatch(/^❌ Rejected by @Alex Rivera · /);
    await page.screenshot({ path: `${SHOTS}/5-home.png` });
  });

  it("pages forward and back through 25 pending invitations that AWS returns three at a time", async () => {
    const { emulator } = preview.preview;
    expect(pendingEngagements().length).toBeLessThanOrEqual(25);
    while (pendingEngagements().length < 25) emulator.addEngagementInvitation();
    const all = pendingEngagements().map((i) => i.Id);

    const page = await preview.open(APPROVER.id);
    emulator.resetCalls();
    const list = await ask(page, "/partnercentral engagements", "Engagement invitations");
    /** What the list's context line says it shows, e.g. "11–20, more on the next page". */
    const shown = async () =>
      (await list.locator(".sl-b-context").first().textContent())?.split(" · ").at(-1);
    const pages: string[][] = [];
    const expectPage = async (range: string, next: boolean, previous: boolean) => {
      await expect.poll(shown).toBe(range);
      expect(await list.getByRole("button", { name: /Next page/ }).count()).toBe(next ? 1 : 0);
      expect(await list.getByRole("button", { name: /Previous page/ }).count()).toBe(previous ? 1 : 0);
      return rowIds(list);
    };

    pages.push(await expectPage("1–10, more on the next page", true, false));
    const lists = emulator.calls.filter((c) => c.operation === "ListEngagementInvitations");
    expect(lists.length).toBeGreaterThanOrEqual(Math.ceil(10 / AWS_PAGE));
    await list.getByRole("button", { name: "Next page (2) →" }).click();
    pages.push(await expectPage("11–20, more on the next page", true, true));
    await page.screenshot({ path: `${SHOTS}/6-page-2.png` });
    await list.getByRole("button", { name: "Next page (3) →" }).click();
    pages.push(await expectPage("21–25", false, true));

    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(new Set(pages.flat())).toEqual(new Set(all));

    await list.getByRole("button", { name: "← Previous page (2)" }).click();
    expect(await expectPage("11–20, more on the next page", true, true)).toEqual(pages[1]);
    await list.getByRole("button", { name: "← Previous page (1)" }).click();
    expect(await expectPage("1–10, more on the next page", true, false)).toEqual(pages[0]);
    await list.getByRole("button", { name: "Next page (2) →" }).click();
    expect(await expectPage("11–20, more on the next page", true, true)).toEqual(pages[1]);
  });
});

describe("as a colleague who may not approve", () => {
  it("sees no Accept or Reject in a list, in Details or in the App Home, but who can", async () => {
    const { page, list, first: id } = await engagementsAs(COLLEAGUE.id);
    expect(await list.textContent()).toContain(WHO_CAN);
    expect(await lastLine(list, id)).toMatch(/^⏳ Pending/);
    expect(await list.getByRole("button", { name: "Accept" }).count()).toBe(0);
    expect(await menuItems(list, id)).toEqual(MENU);

    await chooseFromMenu(list, id, "Details");
    const details = modal(page);
    await details.getByText("Business problem").waitFor();
    expect(await details.getByRole("button", { name: /Accept|Reject/ }).count()).toBe(0);
    await details.getByRole("link", { name: /Open Partner Central home/ }).waitFor();
    await closeModal(page);

    const home = await openHome(page);
    expect(await home.textContent()).toContain(`${WHO_CAN} You can still see everything.`);
    expect((await rowIds(home)).length).toBeGreaterThan(0);
    expect(await home.getByRole("button", { name: /Accept|Reject/ }).count()).toBe(0);
    expect(await home.locator(".sl-menu-item", { hasText: "Reject…" }).count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/7-colleague-home.png` });
  });

  it("is refused when acting anyway on a message in the channel, and nothing reaches AWS", async () => {
    const { emulator } = preview.preview;
    const page = await preview.open(COLLEAGUE.id);
    const digest = await ask(page, "/partnercentral digest now", /expires? within/);
    const [id] = await rowIds(digest);
    if (!id) throw new Error("the digest lists no invitation");
    emulator.resetCalls();

    const refusals = /Only @Alex Rivera or members of @alliance-approvers can (accept|reject) invitations/;
    const acceptRefusal = await newMessage(page, refusals, () => accept(page, digest, id));
    expect(await acceptRefusal.textContent()).toContain("Only visible to you");
    expect(await acceptRefusal.textContent()).toContain("Nothing was changed.");
    const rejectRefusal = await newMessage(page, refusals, () => rejectButton(digest, id).click());
    expect(await rejectRefusal.textContent()).toContain("can reject invitations");
    expect(await modal(page).count()).toBe(0);

    expect(await lastLine(digest, id)).toMatch(/^⏳ Pending/);
    expect(decisionCalls(emulator)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/8-colleague-refused.png` });
  });
});

/** A partner we are not connected with, known only from the invitations it sends. */
const HARBORVIEW = { account: "300000000001", name: "Harborview Analytics" };
const CONSOLE_HOME = "https://us-east-1.console.aws.amazon.com/partnercentral/home";

/** The lines of an invitation's row, first to last. */
async function rowLines(container: Locator, id: string): Promise<string[]> {
  const text = (await row(container, id).locator(".sl-b-section-main").first().textContent()) ?? "";
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
}

/**
 * A connection invitation from Harborview, expiring within hours, and an engagement invitation it sent,
 * set up before anything in the app has listed either: its name must come from Partner Central on demand.
 */
function harborviewInvitations() {
  const { emulator } = preview.preview;
  const connection = emulator.addConnectionInvitation({
    OtherParticipantIdentifier: HARBORVIEW.account,
    ConnectionType: "OPPORTUNITY_COLLABORATION",
    ExpiresAt: new Date(Date.now() + 6 * 3_600_000),
  });
  const engagement = emulator.addEngagementInvitation({
    SenderAwsAccountId: HARBORVIEW.account,
    SenderCompanyName: HARBORVIEW.name,
  });
  return { connection, engagement };
}

/**
 * "Open Partner Central home" goes where it says, in the row's menu and in Details, and Details say what to
 * look for there (AWS documents no page for a single item).
 */
async function expectPartnerCentralLinks(list: Locator, details: Locator, id: string): Promise<void> {
  const inMenu = menuOf(list, id).locator("a.sl-menu-item", { hasText: "Open Partner Central home" });
  expect(await inMenu.getAttribute("href")).toBe(CONSOLE_HOME);
  const button = details.getByRole("link", { name: /Open Partner Central home/ });
  expect(await button.getAttribute("href")).toBe(CONSOLE_HOME);
  expect(await details.locator(".sl-b-context").last().textContent()).toContain(
    `find it there by its id ${id}`,
  );
}

/** The customer and project an engagement invitation is about, as Partner Central's details give them. */
function customerAndProject(invitation: EngagementInvitation): string {
  const payload = invitation.Payload;
  return "OpportunityInvitation" in payload
    ? `${payload.OpportunityInvitation.Customer.CompanyName} · ${payload.OpportunityInvitation.Project.Title}`
    : `${payload.LeadInvitation.Customer.CompanyName} · ${invitation.EngagementTitle}`;
}

describe("rows ready for triage, named the same everywhere", () => {
  it("as an approver: partner first, customer and project with the spend, in lists, alerts, forms, Details, digest and audit", {
    timeout: 45_000,
  }, async () => {
    const { connection, engagement } = harborviewInvitations();
    const page = await preview.open(APPROVER.id);

    // The first screen to show it names the partner, from the invitation it sent us.
    const invitations = await ask(page, "/partnercentral invitations", "Connection invitations");
    const [title, sent] = await rowLines(invitations, connection.Id);
    expect(title).toBe(`${HARBORVIEW.name} · Opportunity collaboration connection`);
    expect(sent).toMatch(/^Sent to you .+ at .+ · pacinv-/);
    for (const id of await rowIds(invitations)) {
      expect((await rowLines(invitations, id))[0]).not.toMatch(
        /^(Opportunity collaboration|Subsidiary) connection/,
      );
    }

    // The reject form names it too, and says what rejecting does.
    await rejectButton(invitations, connection.Id).click();
    const form = modal(page);
    await form.getByText("This cannot be undone.").waitFor();
    expect(await form.textContent()).toContain(`${HARBORVIEW.name} · Opportunity collaboration connection`);
    await page.screenshot({ path: `${SHOTS}/9-reject-names-the-partner.png` });
    await form.locator(".sl-modal-foot").getByRole("button", { name: "Don’t reject" }).click();
    await form.waitFor({ state: "detached" });

    // A new engagement invitation is announced by its customer and project.
    const alert = await newMessage(page, "New invitation received", () =>
      page.getByRole("button", { name: "Simulate a new invitation" }).click(),
    );
    const [announced] = await rowIds(alert);
    const arrived = preview.preview.emulator.state.engagementInvitations.get(announced ?? "");
    if (!announced || !arrived) throw new Error("the alert shows the new invitation");
    expect((await rowLines(alert, announced))[0]).toBe(customerAndProject(arrived));

    // The digest names it as the list did.
    const digest = await ask(page, "/partnercentral digest now", /expires? within/);
    expect((await rowLines(digest, connection.Id))[0]).toBe(
      `${HARBORVIEW.name} · Opportunity collaboration connection`,
    );
    for (const id of await rowIds(digest)) {
      if (id.startsWith("engi-"))
        expect((await rowLines(digest, id))[1]).toMatch(/ · expected \$[\d,]+ a month · /);
    }

    // Engagement invitations lead with their customer and project, and the expected spend.
    const list = await ask(
      page,
      `/partnercentral engagements sender=${HARBORVIEW.account}`,
      "Engagement invitations",
    );
    const [lead, second] = await rowLines(list, engagement.Id);
    expect(lead).toBe(customerAndProject(engagement));
    expect(second).toMatch(
      new RegExp(`^(Opportunity|Lead) from ${HARBORVIEW.name}( · expected \\$[\\d,]+ a month)? · sent `),
    );

    await chooseFromMenu(list, engagement.Id, "Details");
    const details = modal(page);
    await details.getByText("Business problem").waitFor();
    expect(await details.locator(".sl-b-header").first().textContent()).toBe(customerAndProject(engagement));
    await expectPartnerCentralLinks(list, details, engagement.Id);
    await closeModal(page);
    await details.waitFor({ state: "detached" });

    // Rejected, it is named the same way in the audit, with AWS's request id in small print.
    await rejectButton(invitations, connection.Id).click();
    await submitReject(page);
    await form.waitFor({ state: "detached" });
    await expect.poll(() => lastLine(invitations, connection.Id)).toMatch(rejected());
    const audit = await ask(page, "/partnercentral audit", "Decisions in the last");
    const entry = audit.locator(".sl-b-section", { hasText: connection.Id });
    expect(await entry.textContent()).toContain(
      `${HARBORVIEW.name} · Opportunity collaboration connection · Connection invitation`,
    );
    expect(await audit.locator(".sl-b-context", { hasText: "request id" }).count()).toBeGreaterThan(0);
    expect(await audit.textContent()).not.toContain("AWS request ");
    await page.screenshot({ path: `${SHOTS}/10-audit-named.png` });
  });

  it("as a colleague: the same names, no decisions, and who can", async () => {
    const { connection } = harborviewInvitations();
    const page = await preview.open(COLLEAGUE.id);
    const invitations = await ask(page, "/partnercentral invitations", "Connection invitations");
    expect((await rowLines(invitations, connection.Id))[0]).toBe(
      `${HARBORVIEW.name} · Opportunity collaboration connection`,
    );
    expect(await invitations.textContent()).toContain(WHO_CAN);
    expect(await rejectButton(invitations, connection.Id).count()).toBe(0);
    expect(await menuItems(invitations, connection.Id)).toEqual(MENU);

    await chooseFromMenu(invitations, connection.Id, "Details");
    const details = modal(page);
    await details.getByText("Opportunity collaboration connection invitation").waitFor();
    expect(await details.locator(".sl-b-header").first().textContent()).toBe(
      `${HARBORVIEW.name} · Opportunity collaboration connection`,
    );
    // The account is still there for the console and AWS Support, labelled, in small print.
    expect(await details.locator(".sl-b-context").last().textContent()).toContain(
      `AWS account ${HARBORVIEW.account}`,
    );
    expect(await details.getByRole("button", { name: /Accept|Reject/ }).count()).toBe(0);
    await expectPartnerCentralLinks(invitations, details, connection.Id);
    await page.screenshot({ path: `${SHOTS}/11-colleague-named-details.png` });
  });
});

describe("words", () => {
  it("as an approver: a help that fits on a screen, with buttons and topics, ids in any case, times as people say them", async () => {
    const page = await preview.open(APPROVER.id);
    const help = await ask(page, "/partnercentral help", "Three places to start");
    const box = await help.boundingBox();
    expect(box?.height).toBeLessThan(450);
    await page.screenshot({ path: `${SHOTS}/12-help.png` });
    const list = await newMessage(page, "Engagement invitations", () =>
      help.getByRole("button", { name: "List them" }).click(),
    );
    expect((await rowIds(list)).length).toBeGreaterThan(0);
    // Lists have no window: their last group says what is left.
    expect(await list.textContent()).not.toContain("window");

    const topic = await ask(
      page,
      "/partnercentral help engagements",
      "/partnercentral engagements, engagement",
    );
    expect(await topic.textContent()).toContain("sort=asc|desc");

    const fresh = preview.preview.emulator.addEngagementInvitation();
    const shown = await ask(page, `/partnercentral engagement ${fresh.Id.toUpperCase()}`, fresh.Id);
    // Sent a moment ago, it has 15 days, not "14".
    expect(await shown.textContent()).toContain("expires in 15 days");

    await rejectButton(shown, fresh.Id).click();
    const form = modal(page);
    await form.getByText("In your own words").waitFor();
    const text = (await form.textContent()) ?? "";
    expect(text).toContain("Needed when you choose “Other”");
    expect(text).not.toMatch(/required for “Other”\)? ?\(optional\)/);
    await form.locator(".sl-modal-foot").getByRole("button", { name: "Don’t reject" }).click();
  });

  it("as a colleague: the digest's status says when, in their time and the schedule's zone", async () => {
    const page = await preview.open(COLLEAGUE.id);
    const status = await ask(page, "/partnercentral digest status", "Digest in this channel");
    const said = (await status.textContent()) ?? "";
    expect(said).toMatch(/Next: .+ your time \((Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d\d:\d\d UTC\)/);
    expect(said).not.toMatch(/ on (today|yesterday|tomorrow)/);
    const help = await ask(page, "/partnercentral HELP Digest", "/partnercentral digest");
    expect(await help.textContent()).toContain("digest subscribe");
  });
});
