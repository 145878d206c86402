import { isRecord } from "./workspace.ts";

/**
 * The Block Kit limits Slack enforces most often, reported in Slack's own format
 * ("[ERROR] … [json-pointer:/blocks/0/text/text]") so an app that would be rejected by Slack
 * is rejected here too. Not a full schema: unknown fields pass.
 */
export function validateBlocks(
  blocks: unknown,
  surface: "message" | "modal" | "home",
  pointer = "/blocks",
): string[] {
  const errors: string[] = [];
  const fail = (message: string, at: string): void => {
    errors.push(`[ERROR] ${message} [json-pointer:${at}]`);
  };
  if (!Array.isArray(blocks)) {
    fail("must provide an array", pointer);
    return errors;
  }
  const maxBlocks = surface === "message" ? 50 : 100;
  if (blocks.length > maxBlocks) fail(`no more than ${maxBlocks} items allowed`, pointer);
  const blockIds = new Set<string>();
  // Slack requires action_id to be unique within its block, not across the message.
  let actionIds = new Set<string>();

  const text = (value: unknown, at: string, max: number, plainOnly = false) => {
    if (!isRecord(value)) return fail("must provide an object", at);
    if (value.type !== "plain_text" && (plainOnly || value.type !== "mrkdwn")) {
      return fail(plainOnly ? "must be plain_text" : "must be one of [plain_text, mrkdwn]", `${at}/type`);
    }
    if (typeof value.text !== "string" || value.text.length === 0)
      return fail("must be more than 0 characters", `${at}/text`);
    if (value.text.length > max) fail(`must be less than ${max + 1} characters`, `${at}/text`);
  };

  const element = (value: unknown, at: string) => {
    if (!isRecord(value)) return fail("must provide an object", at);
    if (typeof value.action_id === "string") {
      if (value.action_id.length > 255) fail("must be less than 256 characters", `${at}/action_id`);
      if (actionIds.has(value.action_id)) fail(`duplicate action_id ${value.action_id}`, `${at}/action_id`);
      actionIds.add(value.action_id);
    }
    if (value.type === "button") {
      text(value.text, `${at}/text`, 75, true);
      if (typeof value.value === "string" && value.value.length > 2000) {
        fail("must be less than 2001 characters", `${at}/value`);
      }
      if (typeof value.url === "string" && value.url.length > 3000)
        fail("must be less than 3001 characters", `${at}/url`);
      if (value.style !== undefined && value.style !== "primary" && value.style !== "danger") {
        fail("must be one of [primary, danger]", `${at}/style`);
      }
    }
    if (Array.isArray(value.options) && value.options.length > 100)
      fail("no more than 100 items allowed", `${at}/options`);
  };

  for (const [i, block] of blocks.entries()) {
    const at = `${pointer}/${i}`;
    actionIds = new Set<string>();
    if (!isRecord(block)) {
      fail("must provide an object", at);
      continue;
    }
    if (typeof block.block_id === "string") {
      if (block.block_id.length > 255) fail("must be less than 256 characters", `${at}/block_id`);
      if (blockIds.has(block.block_id)) fail(`duplicate block_id ${block.block_id}`, `${at}/block_id`);
      blockIds.add(block.block_id);
    }
    switch (block.type) {
      case "header":
        text(block.text, `${at}/text`, 150, true);
        break;
      case "section":
        if (block.text === undefined && block.fields === undefined) fail("must provide text or fields", at);
        if (block.text !== undefined) text(block.text, `${at}/text`, 3000);
        if (block.fields !== undefined) {
          if (!Array.isArray(block.fields)) fail("must provide an array", `${at}/fields`);
          else {
            if (block.fields.length > 10) fail("no more than 10 items allowed", `${at}/fields`);
            block.fields.forEach((f, j) => {
              text(f, `${at}/fields/${j}`, 2000);
            });
          }
        }
        if (block.accessory !== undefined) element(block.accessory, `${at}/accessory`);
        break;
      case "context":
        if (!Array.isArray(block.elements) || block.elements.length === 0)
          fail("must provide elements", `${at}/elements`);
        else if (block.elements.length > 10) fail("no more than 10 items allowed", `${at}/elements`);
        break;
      case "actions":
        if (!Array.isArray(block.elements) || block.elements.length === 0)
          fail("must provide elements", `${at}/elements`);
        else {
          if (block.elements.length > 25) fail("no more than 25 items allowed", `${at}/elements`);
          block.elements.forEach((e, j) => {
            element(e, `${at}/elements/${j}`);
          });
        }
        break;
      case "input":
        text(block.label, `${at}/label`, 2000, true);
        if (block.element === undefined) fail("must provide an object", `${at}/element`);
        else element(block.element, `${at}/element`);
        break;
      case "image":
        if (typeof block.image_url !== "string" && !isRecord(block.slack_file))
          fail("must provide image_url", at);
        if (typeof block.alt_text !== "string") fail("must provide a string", `${at}/alt_text`);
        break;
      case "divider":
      case "rich_text":
      case "markdown":
      case "video":
      case "file":
      case "table":
      case "context_actions":
        break;
      default:
        fail(`unsupported type: ${String(block.type)}`, `${at}/type`);
    }
  }
  return errors;
}

/** Checks views.open/push/update/publish arguments; messages as Slack's response_metadata has them. */
export function validateView(view: unknown, expected: "modal" | "home"): string[] {
  if (!isRecord(view)) return ["[ERROR] must provide an object [json-pointer:/view]"];
  const errors: string[] = [];
  const fail = (message: string, at: string): void => {
    errors.push(`[ERROR] ${message} [json-pointer:${at}]`);
  };
  if (view.type !== expected) fail(`must be ${expected}`, "/view/type");
  if (expected === "modal") {
    const short = (key: string, required: boolean) => {
      const value = view[key];
      if (value === undefined) {
        if (required) fail("must provide an object", `/view/${key}`);
        return;
      }
      if (!isRecord(value) || value.type !== "plain_text" || typeof value.text !== "string") {
        return fail("must be plain_text", `/view/${key}`);
      }
      if (value.text.length > 24) fail("must be less than 25 characters", `/view/${key}/text`);
    };
    short("title", true);
    short("submit", false);
    short("close", false);
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isRecord(b) && b.type === "input");
    if (hasInput && view.submit === undefined) {
      fail("submit is required when an input block is within the blocks array", "/view/submit");
    }
  }
  if (typeof view.private_metadata === "string" && view.private_metadata.length > 3000) {
    fail("must be less than 3001 characters", "/view/private_metadata");
  }
  if (typeof view.callback_id === "string" && view.callback_id.length > 255) {
    fail("must be less than 256 characters", "/view/callback_id");
  }
  return [...errors, ...validateBlocks(view.blocks ?? [], expected, "/view/blocks")];
}
