/**
 * Block Kit → HTML for the preview. Everything from the app is escaped here, on the server;
 * the page's script only inserts these fragments and wires up the `data-sl-*` hooks.
 */
import { escapeHtml, type MrkdwnContext, renderMrkdwn, renderPlainText, safeUrl } from "./mrkdwn.ts";
import { optionsOf } from "./view-state.ts";
import { isRecord } from "./workspace.ts";

export interface RenderContext extends MrkdwnContext {
  /** For users_select / conversations_select options. */
  users: Array<{ id: string; realName: string }>;
  channels: Array<{ id: string; name: string }>;
  /** Inline errors of a submitted modal, by block_id. */
  errors?: Record<string, string>;
}

type Rec = Record<string, unknown>;

const attr = (value: unknown): string => escapeHtml(typeof value === "string" ? value : "");

export function renderText(value: unknown, ctx: RenderContext): string {
  if (!isRecord(value) || typeof value.text !== "string") return "";
  return value.type === "mrkdwn"
    ? renderMrkdwn(value.text, ctx)
    : renderPlainText(value.text, value.emoji !== false);
}

/** A text object's raw text, for places that take no markup (option labels, placeholders). */
export function plainOf(value: unknown): string {
  return isRecord(value) && typeof value.text === "string" ? value.text : "";
}

export function renderBlocks(blocks: unknown[], ctx: RenderContext): string {
  return blocks.map((block) => (isRecord(block) ? renderBlock(block, ctx) : "")).join("");
}

function renderBlock(block: Rec, ctx: RenderContext): string {
  const blockId = typeof block.block_id === "string" ? block.block_id : "";
  switch (block.type) {
    case "header":
      return `<div class="sl-b-header">${renderText(block.text, ctx)}</div>`;
    case "section": {
      const text =
        block.text === undefined ? "" : `<div class="sl-mrkdwn">${renderText(block.text, ctx)}</div>`;
      const fields = Array.isArray(block.fields)
        ? `<div class="sl-fields">${block.fields.map((f) => `<div class="sl-field sl-mrkdwn">${renderText(f, ctx)}</div>`).join("")}</div>`
        : "";
      const accessory = isRecord(block.accessory)
        ? `<div class="sl-accessory">${renderElement(block.accessory, blockId, ctx)}</div>`
        : "";
      return `<div class="sl-b-section"><div class="sl-b-section-main">${text}${fields}</div>${accessory}</div>`;
    }
    case "context": {
      const elements = Array.isArray(block.elements) ? block.elements.filter(isRecord) : [];
      const items = elements
        .map((e) =>
          e.type === "image"
            ? image(e, "sl-ctx-img")
            : `<span class="sl-ctx-text sl-mrkdwn">${renderText(e, ctx)}</span>`,
        )
        .join("");
      return `<div class="sl-b-context">${items}</div>`;
    }
    case "divider":
      return `<hr class="sl-b-divider">`;
    case "actions": {
      const elements = Array.isArray(block.elements) ? block.elements.filter(isRecord) : [];
      return `<div class="sl-b-actions">${elements.map((e) => renderElement(e, blockId, ctx)).join("")}</div>`;
    }
    case "image": {
      const title = isRecord(block.title) ? `<figcaption>${renderText(block.title, ctx)}</figcaption>` : "";
      return `<figure class="sl-b-image">${title}${image(block, "sl-img")}</figure>`;
    }
    case "input":
      return renderInput(block, blockId, ctx);
    case "rich_text":
      return `<div class="sl-b-rich sl-mrkdwn">${richElements(block.elements, ctx)}</div>`;
    case "markdown":
      return `<div class="sl-b-markdown sl-mrkdwn">${renderPlainText(typeof block.text === "string" ? block.text : "")}</div>`;
    default:
      return `<div class="sl-b-unsupported">This content can't be displayed.</div>`;
  }
}

function image(element: Rec, cls: string): string {
  const src = typeof element.image_url === "string" ? safeUrl(element.image_url) : undefined;
  if (!src) return `<span class="${cls} sl-img-missing" title="${attr(element.alt_text)}"></span>`;
  return `<img class="${cls}" src="${escapeHtml(src)}" alt="${attr(element.alt_text)}" loading="lazy" referrerpolicy="no-referrer">`;
}

function actionAttrs(kind: string, blockId: string, element: Rec): string {
  return `data-sl-action data-kind="${escapeHtml(kind)}" data-block-id="${escapeHtml(blockId)}" data-action-id="${attr(element.action_id)}"`;
}

/** Confirmation dialogs travel with their element as an inert template the page clones. */
function confirmTemplate(confirm: unknown, ctx: RenderContext): string {
  if (!isRecord(confirm)) return "";
  const style = confirm.style === "danger" ? " sl-btn-danger" : " sl-btn-primary";
  return `<template class="sl-confirm-tpl"><div class="sl-dialog" role="dialog" aria-modal="true">
<h2 class="sl-dialog-title">${renderText(confirm.title, ctx) || "Are you sure?"}</h2>
<div class="sl-dialog-text sl-mrkdwn">${renderText(confirm.text, ctx)}</div>
<div class="sl-dialog-actions"><button type="button" class="sl-btn" data-sl-confirm="deny">${renderText(confirm.deny, ctx) || "Cancel"}</button><button type="button" class="sl-btn${style}" data-sl-confirm="confirm">${renderText(confirm.confirm, ctx) || "Yes"}</button></div>
</div></template>`;
}

function optionTags(element: Rec, selected: unknown[]): string {
  return optionsOf(element)
    .map((o) => {
      const value = typeof o.value === "string" ? o.value : "";
      return `<option value="${escapeHtml(value)}"${selected.includes(value) ? " selected" : ""}>${escapeHtml(plainOf(o.text))}</option>`;
    })
    .join("");
}

function entityOptions(element: Rec, ctx: RenderContext, selected: unknown[]): string {
  const people = element.type === "users_select" || element.type === "multi_users_select";
  const entries = people
    ? ctx.users.map((u) => ({ value: u.id, label: u.realName }))
    : ctx.channels.map((c) => ({ value: c.id, label: `#${c.name}` }));
  return entries
    .map(
      (e) =>
        `<option value="${escapeHtml(e.value)}"${selected.includes(e.value) ? " selected" : ""}>${escapeHtml(e.label)}</option>`,
    )
    .join("");
}

function initialSelection(element: Rec): unknown[] {
  const one = isRecord(element.initial_option) ? [element.initial_option.value] : [];
  const many = Array.isArray(element.initial_options)
    ? element.initial_options.flatMap((o) => (isRecord(o) ? [o.value] : []))
    : [];
  const entities = [
    element.initial_user,
    element.initial_conversation,
    element.initial_channel,
    ...(Array.isArray(element.initial_users) ? element.initial_users : []),
  ].filter((v) => typeof v === "string");
  return [...one, ...many, ...entities];
}

function selectTag(element: Rec, extra: string, ctx: RenderContext): string {
  const selected = initialSelection(element);
  const multiple = String(element.type).startsWith("multi_");
  const placeholder = plainOf(element.placeholder) || "Select an item";
  const options = /users_select|conversations_select|channels_select/.test(String(element.type))
    ? entityOptions(element, ctx, selected)
    : optionTags(element, selected);
  const empty = multiple
    ? ""
    : `<option value=""${selected.length === 0 ? " selected" : ""}>${escapeHtml(placeholder)}</option>`;
  return `<select class="sl-select"${multiple ? " multiple" : ""} aria-label="${escapeHtml(placeholder)}" ${extra}>${empty}${options}</select>`;
}

function choices(element: Rec, name: string, ctx: RenderContext): string {
  const type = element.type === "checkboxes" ? "checkbox" : "radio";
  const selected = initialSelection(element);
  return optionsOf(element)
    .map((o) => {
      const value = typeof o.value === "string" ? o.value : "";
      const description = isRecord(o.description)
        ? `<span class="sl-choice-desc">${renderText(o.description, ctx)}</span>`
        : "";
      return `<label class="sl-choice"><input type="${type}" name="${escapeHtml(name)}" value="${escapeHtml(value)}"${selected.includes(value) ? " checked" : ""}><span class="sl-choice-text">${renderText(o.text, ctx)}${description}</span></label>`;
    })
    .join("");
}

/** An interactive element outside input blocks: using it sends block_actions right away. */
function renderElement(element: Rec, blockId: string, ctx: RenderContext): string {
  const confirm = confirmTemplate(element.confirm, ctx);
  const type = String(element.type);
  let html: string;
  switch (type) {
    case "button": {
      const style =
        element.style === "primary" ? " sl-btn-primary" : element.style === "danger" ? " sl-btn-danger" : "";
      const label = renderText(element.text, ctx);
      const href = typeof element.url === "string" ? safeUrl(element.url) : undefined;
      html = href
        ? `<a class="sl-btn sl-btn-link${style}" href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer" ${actionAttrs("button", blockId, element)}>${label}<span class="sl-ext" aria-hidden="true">↗</span></a>`
        : `<button type="button" class="sl-btn${style}" ${actionAttrs("button", blockId, element)}>${label}</button>`;
      break;
    }
    case "overflow": {
      const items = optionsOf(element)
        .map((o) => {
          const href = typeof o.url === "string" ? safeUrl(o.url) : undefined;
          const common = `${actionAttrs("overflow", blockId, element)} data-value="${attr(o.value)}"`;
          return href
            ? `<a class="sl-menu-item" role="menuitem" href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer" ${common}>${escapeHtml(plainOf(o.text))}</a>`
            : `<button type="button" class="sl-menu-item" role="menuitem" ${common}>${escapeHtml(plainOf(o.text))}</button>`;
        })
        .join("");
      html = `<details class="sl-overflow"><summary class="sl-btn sl-overflow-btn" aria-label="More actions">⋮</summary><div class="sl-menu" role="menu">${items}</div></details>`;
      break;
    }
    case "image":
      html = image(element, "sl-accessory-img");
      break;
    case "datepicker":
      html = `<input type="date" class="sl-date-input" value="${attr(element.initial_date)}" ${actionAttrs(type, blockId, element)}>`;
      break;
    case "timepicker":
      html = `<input type="time" class="sl-date-input" value="${attr(element.initial_time)}" ${actionAttrs(type, blockId, element)}>`;
      break;
    case "checkboxes":
    case "radio_buttons":
      html = `<div class="sl-choices" ${actionAttrs(type, blockId, element)}>${choices(element, `${blockId}/${String(element.action_id)}`, ctx)}</div>`;
      break;
    default:
      html = /select$/.test(type)
        ? selectTag(element, actionAttrs(type, blockId, element), ctx)
        : `<span class="sl-b-unsupported">This content can't be displayed.</span>`;
  }
  return `<span class="sl-el">${html}${confirm}</span>`;
}

/** Input blocks: form fields the page collects into view.state.values on submit. */
function renderInput(block: Rec, blockId: string, ctx: RenderContext): string {
  const element = isRecord(block.element) ? block.element : {};
  const type = String(element.type);
  const optional = block.optional === true;
  const error = ctx.errors?.[blockId];
  const hooks = [
    "data-sl-input",
    `data-type="${escapeHtml(type)}"`,
    `data-block-id="${escapeHtml(blockId)}"`,
    `data-action-id="${attr(element.action_id)}"`,
    optional ? "" : "data-required",
    typeof element.min_length === "number" ? `data-min-length="${element.min_length}"` : "",
  ]
    .filter(Boolean)
    .join(" ");
  const placeholder = plainOf(element.placeholder);
  const placeholderAttr = placeholder ? ` placeholder="${escapeHtml(placeholder)}"` : "";
  const maxLength = typeof element.max_length === "number" ? ` maxlength="${element.max_length}"` : "";
  const fieldId = `in-${blockId}-${String(element.action_id)}`.replace(/[^\w-]/g, "_");
  let field: string;
  switch (type) {
    case "plain_text_input":
      field =
        element.multiline === true
          ? `<textarea id="${fieldId}" class="sl-text-input" rows="4"${placeholderAttr}${maxLength}>${attr(element.initial_value)}</textarea>`
          : `<input id="${fieldId}" type="text" class="sl-text-input" value="${attr(element.initial_value)}"${placeholderAttr}${maxLength}>`;
      break;
    case "email_text_input":
    case "url_text_input":
    case "number_input": {
      const inputType = type === "email_text_input" ? "email" : type === "url_text_input" ? "url" : "number";
      const step = type === "number_input" && element.is_decimal_allowed === true ? ` step="any"` : "";
      field = `<input id="${fieldId}" type="${inputType}" class="sl-text-input" value="${attr(element.initial_value)}"${placeholderAttr}${step}>`;
      break;
    }
    case "datepicker":
      field = `<input id="${fieldId}" type="date" class="sl-text-input" value="${attr(element.initial_date)}">`;
      break;
    case "timepicker":
      field = `<input id="${fieldId}" type="time" class="sl-text-input" value="${attr(element.initial_time)}">`;
      break;
    case "radio_buttons":
    case "checkboxes":
      field = `<div class="sl-choices">${choices(element, fieldId, ctx)}</div>`;
      break;
    default:
      field = /select$/.test(type)
        ? selectTag(element, `id="${fieldId}"`, ctx)
        : `<span class="sl-b-unsupported">This content can't be displayed.</span>`;
  }
  const hint = isRecord(block.hint) ? `<div class="sl-input-hint">${renderText(block.hint, ctx)}</div>` : "";
  const errorHtml = error ? `<div class="sl-input-error" role="alert">${escapeHtml(error)}</div>` : "";
  return `<div class="sl-b-input${error ? " sl-has-error" : ""}">
<label class="sl-input-label" for="${fieldId}">${renderText(block.label, ctx)}${optional ? ` <span class="sl-optional">(optional)</span>` : ""}</label>
<div class="sl-input-el" ${hooks}>${field}</div>${hint}${errorHtml}</div>`;
}

/** rich_text blocks: sections, lists, quotes and preformatted text with inline styles. */
function richElements(elements: unknown, ctx: RenderContext): string {
  if (!Array.isArray(elements)) return "";
  return elements
    .filter(isRecord)
    .map((e) => {
      switch (e.type) {
        case "rich_text_section":
          return `<div class="sl-rich-section">${richInline(e.elements, ctx)}</div>`;
        case "rich_text_quote":
          return `<blockquote class="sl-quote">${richInline(e.elements, ctx)}</blockquote>`;
        case "rich_text_preformatted":
          return `<pre class="sl-pre">${richInline(e.elements, ctx)}</pre>`;
        case "rich_text_list": {
          const tag = e.style === "ordered" ? "ol" : "ul";
          const items = Array.isArray(e.elements)
            ? e.elements
                .filter(isRecord)
                .map((item) => `<li>${richInline(item.elements, ctx)}</li>`)
                .join("")
            : "";
          return `<${tag} class="sl-rich-list" data-indent="${Number(e.indent) || 0}">${items}</${tag}>`;
        }
        default:
          return "";
      }
    })
    .join("");
}

function richInline(elements: unknown, ctx: RenderContext): string {
  if (!Array.isArray(elements)) return "";
  return elements
    .filter(isRecord)
    .map((e) => {
      let html: string;
      switch (e.type) {
        case "text":
          html = escapeHtml(typeof e.text === "string" ? e.text : "");
          break;
        case "link": {
          const href = typeof e.url === "string" ? safeUrl(e.url) : undefined;
          const label = escapeHtml(typeof e.text === "string" ? e.text : String(e.url ?? ""));
          html = href
            ? `<a class="sl-link" href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${label}</a>`
            : label;
          break;
        }
        case "user":
          html = `<span class="sl-mention">@${escapeHtml(ctx.userName(String(e.user_id)) ?? String(e.user_id))}</span>`;
          break;
        case "channel":
          html = `<span class="sl-mention">#${escapeHtml(ctx.channelName(String(e.channel_id)) ?? String(e.channel_id))}</span>`;
          break;
        case "usergroup":
          html = `<span class="sl-mention">@${escapeHtml(ctx.usergroupHandle(String(e.usergroup_id)) ?? String(e.usergroup_id))}</span>`;
          break;
        case "broadcast":
          html = `<span class="sl-mention sl-broadcast">@${escapeHtml(String(e.range))}</span>`;
          break;
        case "emoji":
          html =
            typeof e.unicode === "string" ? codepoints(e.unicode) : renderPlainText(`:${String(e.name)}:`);
          break;
        default:
          html = "";
      }
      const style = isRecord(e.style) ? e.style : {};
      if (style.code === true) html = `<code class="sl-code">${html}</code>`;
      if (style.strike === true) html = `<s>${html}</s>`;
      if (style.italic === true) html = `<i>${html}</i>`;
      if (style.bold === true) html = `<b>${html}</b>`;
      return html;
    })
    .join("");
}

function codepoints(unicode: string): string {
  const points = unicode.split("-").map((hex) => Number.parseInt(hex, 16));
  return points.every((p) => Number.isInteger(p) && p > 0 && p <= 0x10ffff)
    ? escapeHtml(String.fromCodePoint(...points))
    : "";
}
