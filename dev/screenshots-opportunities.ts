import type { Locator, Page } from "playwright-core";

/**
 * The README's pictures of following an opportunity, in the preview's page as an approver: the invitation
 * `alert` accepted, with the opportunity it became; that opportunity's details; and AWS asking for action.
 */
export async function opportunityScreenshots(
  page: Page,
  alert: Locator,
  save: (page: Page, name: string, top?: Locator) => Promise<void>,
): Promise<void> {
  await alert.getByRole("button", { name: "Accept" }).first().click();
  const dialog = page.locator(".sl-dialog", { hasText: "Accept this invitation?" });
  await dialog.getByRole("button", { name: "Accept" }).click();
  await alert.getByText(/opportunity O\d+/).waitFor();
  await save(page, "preview-accepted-opportunity.png", alert);

  const menu = alert.locator("details.sl-overflow").first();
  await menu.locator("summary").click();
  await menu.getByRole("menuitem", { name: "View opportunity" }).click();
  await page.locator(".sl-modal").getByText("AWS's side").waitFor();
  await save(page, "preview-opportunity.png");
  await page.keyboard.press("Escape");
  await page.locator(".sl-modal").waitFor({ state: "detached" });

  await page.getByRole("button", { name: "Simulate AWS asking for action" }).click();
  const asked = page.locator(".sl-msg", { hasText: "AWS asks for action on" }).last();
  await asked.waitFor();
  await page.locator(".sl-toast").first().waitFor({ state: "detached" });
  await save(page, "preview-action-required.png", asked);
}
