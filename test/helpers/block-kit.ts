import { expect } from "vitest";

type Json = unknown;

/** Every mrkdwn string in a message or view, where Slack would interpret `<…>` sequences. */
export function mrkdwnTexts(node: Json, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const item of node) mrkdwnTexts(item, out);
  } else if (node && typeof node === "object") {
    const record = node as Record<string, Json>;
    if (record.type === "mrkdwn" && typeof record.text === "string") out.push(record.text);
    for (const [key, value] of Object.entries(record)) {
      if (key !== "text" || typeof value !== "string") mrkdwnTexts(value, out);
    }
  }
  return out;
}

/**
 * `<…>` sequences Slack would act on, other than the date tokens the app writes itself, mentions of the
 * users and user groups the app names on purpose (who acted, who may), and links to the given addresses.
 */
export function controlSequences(text: string, mentioned: string[] = [], links: string[] = []): string[] {
  return (text.match(/<[^>]*>/g) ?? []).filter(
    (seq) =>
      !/^<!date\^\d+\^[^|>]+\|[^>]*>$/.test(seq) &&
      !mentioned.some((id) => seq === `<@${id}>` || seq === `<!subteam^${id}>`) &&
      !links.some((url) => seq.startsWith(`<${url}|`)),
  );
}

/** Fails when any text could ping, mention or link because something from outside was not escaped. */
export function expectNothingUnescaped(
  message: { text?: string; blocks?: Json[] } | Json,
  options: { mentioned?: string[]; links?: string[] } = {},
): void {
  const record = message as { text?: string };
  const texts = [...mrkdwnTexts(message), ...(typeof record.text === "string" ? [record.text] : [])];
  for (const text of texts)
    expect(controlSequences(text, options.mentioned, options.links), text).toEqual([]);
}

/** Slack's documented limits for messages (or views with `blockLimit` 100). */
export function expectWithinSlackLimits(message: { text?: string; blocks?: Json[] }, blockLimit = 50): void {
  const blocks = (message.blocks ?? []) as Array<Record<string, Json>>;
  expect(blocks.length).toBeLessThanOrEqual(blockLimit);
  const ids = new Set<string>();
  for (const block of blocks) {
    if (typeof block.block_id === "string") {
      expect(ids.has(block.block_id), `duplicate block_id ${block.block_id}`).toBe(false);
      ids.add(block.block_id);
      expect(block.block_id.length).toBeLessThanOrEqual(255);
    }
    const text = block.text as { text?: string } | undefined;
    if (block.type === "section" && text?.text) expect(text.text.length).toBeLessThanOrEqual(3000);
    if (block.type === "header" && text?.text) expect(text.text.length).toBeLessThanOrEqual(150);
    for (const field of (block.fields as Array<{ text: string }> | undefined) ?? []) {
      expect(field.text.length).toBeLessThanOrEqual(2000);
    }
    expect(((block.fields as unknown[]) ?? []).length).toBeLessThanOrEqual(10);
    const elements = (block.elements as Array<Record<string, Json>> | undefined) ?? [];
    if (block.type === "actions") expect(elements.length).toBeLessThanOrEqual(25);
    if (block.type === "context") expect(elements.length).toBeLessThanOrEqual(10);
    const accessory = block.accessory as Record<string, Json> | undefined;
    for (const element of [...elements, ...(accessory ? [accessory] : [])])
      expectControlWithinLimits(element);
  }
  if (message.text) expect(message.text.length).toBeLessThanOrEqual(40_000);
}

const length = (text: Json) => (text as { text?: string } | undefined)?.text?.length ?? 0;

/** Buttons, overflow menus and their confirmation dialogs, as Slack documents their limits. */
function expectControlWithinLimits(element: Record<string, Json>): void {
  if (typeof element.action_id === "string") expect(element.action_id.length).toBeLessThanOrEqual(255);
  if (element.type === "button") {
    expect(length(element.text)).toBeLessThanOrEqual(75);
    if (typeof element.value === "string") expect(element.value.length).toBeLessThanOrEqual(2000);
    if (typeof element.url === "string") expect(element.url.length).toBeLessThanOrEqual(3000);
  }
  if (element.type === "overflow") {
    const options = element.options as Array<Record<string, Json>>;
    expect(options.length).toBeGreaterThanOrEqual(2);
    expect(options.length).toBeLessThanOrEqual(5);
    for (const option of options) {
      expect(length(option.text)).toBeLessThanOrEqual(75);
      expect(String(option.value ?? "").length).toBeLessThanOrEqual(150);
      if (typeof option.url === "string") expect(option.url.length).toBeLessThanOrEqual(3000);
    }
  }
  const confirm = element.confirm as Record<string, Json> | undefined;
  if (confirm) {
    expect(length(confirm.title)).toBeLessThanOrEqual(100);
    expect(length(confirm.text)).toBeLessThanOrEqual(300);
    expect(length(confirm.confirm)).toBeLessThanOrEqual(30);
    expect(length(confirm.deny)).toBeLessThanOrEqual(30);
  }
}
