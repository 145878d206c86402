import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { expect, onTestFailed } from "vitest";
import { type Preview, type PreviewOptions, startPreview } from "../../dev/preview.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import { launchChromium } from "./browser.ts";
import { freePort } from "./net.ts";

/** The preview as `npm start` runs it without Slack credentials, and a browser on its page. */
export interface BrowserPreview {
  readonly url: string;
  readonly preview: Preview;
  /**
   * A new tab on the page acting as `userId` (else the first user), once it shows the channel, in a
   * context of its own with links out stubbed so nothing leaves the machine. If the test that opened it
   * fails, what it showed is saved in the screenshots folder.
   */
  open(userId?: string): Promise<Page>;
  close(): Promise<void>;
}

export async function startBrowserPreview(args: {
  /** Where screenshots go, under test-results/. */
  shots: string;
  env?: Record<string, string>;
  options?: PreviewOptions;
}): Promise<BrowserPreview> {
  await mkdir(args.shots, { recursive: true });
  const dataDir = await mkdtemp(join(tmpdir(), "pc-preview-"));
  const port = await freePort();
  const env = { PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: "error", ...args.env };
  const preview = await startPreview(loadConfig(env), createLogger({ level: "error" }), args.options);
  const url = `http://127.0.0.1:${port}`;
  let browser: Browser | undefined;
  return {
    url,
    preview,
    async open(userId) {
      // Launched by the first test that needs it, so a missing browser fails that test.
      browser ??= await launchChromium();
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) =>
        route.fulfill({ status: 200, contentType: "text/html", body: "<title>stub</title>" }),
      );
      const page = await context.newPage();
      onTestFailed(async ({ task }) => {
        const name = task.name.replace(/[^a-z0-9]+/gi, "-").slice(0, 80);
        await page.screenshot({ path: `${args.shots}/failed-${name}.png` }).catch(() => undefined);
      });
      page.setDefaultTimeout(20_000);
      await page.goto(userId ? `${url}/#user=${userId}` : url);
      await page.getByTestId("preview-mark").waitFor({ state: "visible" });
      // The first picture of the channel: the title, the user and the messages arrive together.
      await page.waitForFunction(
        (id) =>
          document.getElementById("channel-title")?.textContent !== "Loading…" &&
          (!id || (document.getElementById("user-switcher") as HTMLSelectElement | null)?.value === id),
        userId,
      );
      return page;
    },
    async close() {
      await browser?.close();
      await preview.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Types a command into the composer and sends it, as the user the page acts as. */
export async function command(page: Page, text: string): Promise<void> {
  await page.fill("#composer-input", text);
  await page.press("#composer-input", "Enter");
}

/**
 * Sends a command and returns its answer: the message with `heading` that was not there before. The
 * answer keeps its place (data-ts) when the app replaces it.
 */
export async function ask(page: Page, text: string, heading: string | RegExp): Promise<Locator> {
  return newMessage(page, heading, () => command(page, text));
}

/** The message with `heading` that `act` brings, not there before. */
export async function newMessage(
  page: Page,
  heading: string | RegExp,
  act: () => Promise<void>,
): Promise<Locator> {
  const matching = page.locator(".sl-msg", { hasText: heading });
  const before = await matching.count();
  await act();
  await expect.poll(() => matching.count(), { timeout: 20_000 }).toBe(before + 1);
  const ts = await matching.last().getAttribute("data-ts");
  return page.locator(`.sl-msg[data-ts="${ts}"]`);
}

/** The invitation ids of the rows in a message or view, in order. */
export async function rowIds(container: Locator): Promise<string[]> {
  const code = await container.locator(".sl-b-section code").allTextContents();
  return code.filter((text) => /^(engi|pacinv)-[A-Za-z0-9]+$/.test(text));
}

export const row = (container: Locator, id: string) => container.locator(".sl-b-section", { hasText: id });

/** The last line of an invitation's row: its status, or the outcome that replaced it. */
export async function lastLine(container: Locator, id: string): Promise<string> {
  const lines = ((await row(container, id).locator(".sl-b-section-main").textContent()) ?? "")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.at(-1) ?? "";
}

export const acceptButton = (container: Locator, id: string) =>
  container.locator(`button[data-action-id="invitation_accept"][data-block-id$=":${id}"]`);

export const menuOf = (container: Locator, id: string) =>
  container.locator(`details.sl-overflow:has([data-block-id$=":${id}"])`);

export async function chooseFromMenu(container: Locator, id: string, item: string): Promise<void> {
  const menu = menuOf(container, id);
  await menu.locator("summary").click();
  await menu.getByRole("menuitem", { name: item }).click();
}

/** Presses Accept and confirms in Slack's dialog. */
export async function accept(page: Page, container: Locator, id: string): Promise<void> {
  await acceptButton(container, id).click();
  const dialog = page.locator(".sl-dialog", { hasText: "Accept this invitation?" });
  await dialog.getByRole("button", { name: "Accept" }).click();
  await dialog.waitFor({ state: "detached" });
}
