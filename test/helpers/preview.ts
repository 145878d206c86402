import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { onTestFailed } from "vitest";
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
