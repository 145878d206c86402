/**
 * `npm run screenshots`: the README's pictures. Starts the preview with an empty database on a free port,
 * drives its page with Debian's Chromium as a newcomer would, and saves PNGs under docs/.
 */
import { mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Locator, Page } from "playwright-core";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { launchChromium } from "../test/helpers/browser.ts";
import { freePort } from "../test/helpers/net.ts";
import { PREVIEW_USERS, startPreview } from "./preview.ts";
import { opportunityScreenshots } from "./screenshots-opportunities.ts";

const DOCS = fileURLToPath(new URL("../docs/", import.meta.url));
/** Slack's own timeouts are longer than this; a slow first start of the embedded database is not. */
const STEP_MS = 30_000;

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), "pc-screenshots-"));
  const env = { PORT: String(await freePort()), DATA_DIR: dataDir, LOG_LEVEL: "warn" };
  const preview = await startPreview(loadConfig(env), createLogger({ level: "warn" }));
  const browser = await launchChromium();
  try {
    await mkdir(DOCS, { recursive: true });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // Nothing leaves this machine: the page's links land on a stub.
    await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) =>
      route.fulfill({ status: 200, contentType: "text/html", body: "<title>stub</title>" }),
    );
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_MS);
    await page.goto(`http://127.0.0.1:${env.PORT}/#user=${PREVIEW_USERS.approver.id}`);
    await page.locator("#channel-title", { hasText: "partner-alliances" }).waitFor();

    await command(page, "/partnercentral engagements");
    const list = page.locator(".sl-msg", { hasText: "Engagement invitations" }).last();
    await list.getByRole("button", { name: "Accept" }).first().waitFor();
    await save(page, "preview-engagements.png", list);

    // Details sits in the first row's menu, beside its Accept and Reject… buttons.
    const menu = list.locator("details.sl-overflow").first();
    await menu.locator("summary").click();
    await menu.getByRole("menuitem", { name: "Details" }).click();
    await page.locator(".sl-modal").getByText("Business problem").waitFor();
    await save(page, "preview-details.png");
    await page.keyboard.press("Escape");
    await page.locator(".sl-modal").waitFor({ state: "detached" });

    await page.getByRole("button", { name: "Post digest now" }).click();
    const digest = page.locator(".sl-msg", { hasText: "Pending invitations you received" }).last();
    await digest.waitFor();
    await save(page, "preview-digest.png", digest);

    await page.getByRole("button", { name: "Simulate a new invitation" }).click();
    const title = /“(.+)”/.exec((await page.locator(".sl-toast").first().textContent()) ?? "")?.[1] ?? "";
    const alert = page.locator(".sl-msg", { hasText: "New invitation received" }).filter({ hasText: title });
    await alert.waitFor();
    await page.locator(".sl-toast").first().waitFor({ state: "detached" });
    await save(page, "preview-new-invitation.png", alert);
    await opportunityScreenshots(page, alert, save);

    await page.locator("[data-app]").click();
    await page.locator(".sl-home", { hasText: "Expiring soonest" }).waitFor();
    await save(page, "preview-home.png");

    // A colleague who may not decide asks the approvers, in the digest's thread.
    await page.selectOption("#user-switcher", PREVIEW_USERS.viewer.id);
    await page.locator("[data-channel]").first().click();
    const shared = page.locator(".sl-msg", { hasText: "Pending invitations you received" }).last();
    await shared.waitFor();
    const asked = shared.locator("details.sl-overflow").first();
    await asked.locator("summary").click();
    await asked.getByRole("menuitem", { name: "Ask an approver" }).click();
    const request = page.locator(".sl-msg", { hasText: "asks @Alex Rivera" }).last();
    await request.waitFor();
    await page.locator(".sl-msg", { hasText: "Asked @Alex Rivera" }).waitFor();
    await save(page, "preview-ask-approver.png", request);
  } finally {
    await browser.close();
    await preview.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function command(page: Page, text: string): Promise<void> {
  await page.fill("#composer-input", text);
  await page.press("#composer-input", "Enter");
}

/** The page as it is, with `top` (a message) scrolled to the top of the channel when given. */
async function save(page: Page, name: string, top?: Locator): Promise<void> {
  await top?.evaluate((node) => node.scrollIntoView({ block: "start" }));
  const path = join(DOCS, name);
  await page.screenshot({ path });
  process.stdout.write(`${path} (${Math.round((await stat(path)).size / 1024)} KB)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`Screenshots failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
