import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PREVIEW_USERS } from "../../dev/preview.ts";
import { type BrowserPreview, command, startBrowserPreview } from "../helpers/preview.ts";

const SHOTS = "test-results/preview";

let preview: BrowserPreview;

beforeAll(async () => {
  // Exactly what `npm start` does with no Slack credentials: the preview.
  preview = await startBrowserPreview({ shots: SHOTS });
});

afterAll(async () => {
  await preview?.close();
});

describe("the preview in a browser", () => {
  it("answers the readiness probe on PORT, where the page is", async () => {
    const health = await fetch(`${preview.url}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: "ok" }]);
  });

  it("lists invitations, accepts one as an approver, refuses a colleague, and shows details", {
    timeout: 90_000,
  }, async () => {
    const page = await preview.open();

    await page.selectOption("#user-switcher", PREVIEW_USERS.approver.id);
    await command(page, "/partnercentral engagements");
    const list = page.locator(".sl-msg", { hasText: "Engagement invitations" }).last();
    await list.waitFor();
    expect(await list.getByRole("button", { name: "Accept" }).count()).toBeGreaterThan(1);
    await page.screenshot({ path: `${SHOTS}/1-engagements.png` });

    await list.getByRole("button", { name: "Accept" }).first().click();
    const dialog = page.locator(".sl-dialog", { hasText: "Accept this invitation?" });
    await dialog.waitFor();
    await page.screenshot({ path: `${SHOTS}/2-confirm.png` });
    await dialog.getByRole("button", { name: "Accept" }).click();
    await list.getByText(/Accepted by/).waitFor({ timeout: 20_000 });
    expect(await list.textContent()).toMatch(/opportunity O\d+/);
    await page.screenshot({ path: `${SHOTS}/3-accepted.png` });

    await page.selectOption("#user-switcher", PREVIEW_USERS.viewer.id);
    await command(page, "/partnercentral engagements");
    const theirs = page.locator(".sl-msg", { hasText: "Engagement invitations" }).last();
    await theirs.getByText(/can accept, reject or cancel invitations/).waitFor();
    expect(await theirs.getByRole("button", { name: "Accept" }).count()).toBe(0);
    await command(page, "/partnercentral digest now");
    const digest = page.locator(".sl-msg", { hasText: /expires? within/ }).last();
    await digest.getByRole("button", { name: "Accept" }).first().click();
    await page.locator(".sl-dialog").getByRole("button", { name: "Accept" }).click();
    const refusal = page.locator(".sl-msg", { hasText: "can accept" }).last();
    await refusal.getByText("Only visible to you").waitFor();
    await page.screenshot({ path: `${SHOTS}/4-refused.png` });

    await theirs.locator("summary.sl-overflow-btn").first().click();
    await theirs.getByRole("menuitem", { name: "Details" }).first().click();
    const modal = page.locator(".sl-modal");
    await modal.getByText("Business problem").waitFor({ timeout: 20_000 });
    expect(await modal.textContent()).toContain("Open Partner Central home");
    await page.screenshot({ path: `${SHOTS}/5-details.png` });
  });

  it("simulates a new invitation, which Partner Central's event brings to the alert channel at once", {
    timeout: 60_000,
  }, async () => {
    const page = await preview.open();
    await page.getByRole("button", { name: "Simulate a new invitation" }).click();
    const toast = page.locator(".sl-toast", { hasText: "invited you to" });
    await toast.waitFor();
    const said = (await toast.textContent()) ?? "";
    expect(said).toContain("Partner Central tells the app at once");
    const title = /“(.+)”/.exec(said)?.[1] ?? "";
    expect(title).not.toBe("");
    const alert = page.locator(".sl-msg", { hasText: "New invitation received" }).filter({ hasText: title });
    await alert.waitFor({ timeout: 5_000 });
    expect(await alert.getByRole("button", { name: "Accept" }).count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/6-new-invitation.png` });
  });

  it("simulates AWS asking for action on an opportunity, whose details then show the reviewers' comments", {
    timeout: 60_000,
  }, async () => {
    const page = await preview.open();
    await page.getByRole("button", { name: "Simulate AWS asking for action" }).click();
    const toast = page.locator(".sl-toast", { hasText: "AWS asks for action on" });
    await toast.waitFor();
    const id = /\((O\d+)\)/.exec((await toast.textContent()) ?? "")?.[1] ?? "";
    expect(id).not.toBe("");
    const asked = preview.preview.emulator.state.opportunities.get(id);
    await command(page, `/partnercentral opportunity ${id}`);
    const answer = page.locator(".sl-msg").filter({ hasText: id }).last();
    await answer.getByText("Action Required").first().waitFor({ timeout: 20_000 });
    expect(await answer.textContent()).toContain(asked?.LifeCycle?.ReviewComments?.slice(0, 40) ?? "missing");
  });
});
