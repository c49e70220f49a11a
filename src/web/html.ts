/**
 * The one way pages build HTML: the `html` tagged template escapes every interpolated value for
 * both text and (quoted) attribute context, unless it is already `Html` made by this module.
 * Arrays are joined; `undefined`, `null` and `false` render nothing. Never concatenate strings into
 * a page: interpolate them here.
 */
export class Html {
  readonly #text: string;
  /** Use `html` or `raw`. */
  constructor(text: string) {
    this.#text = text;
  }
  toString(): string {
    return this.#text;
  }
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Text safe inside an element or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (char) => ESCAPES[char] ?? char);
}

export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === undefined || value === null || value === false) return '';
  if (value instanceof Html) return value.toString();
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
  });
  return new Html(out);
}

/** Markup written in this code base (never a value from a feed, a request or the state). */
export function trusted(markup: string): Html {
  return new Html(markup);
}

/** `url` when it is an absolute http(s) URL, the only links a page makes from feed data; else undefined. */
export function safeHref(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** Unicode bidi controls (embeddings, overrides, isolates, marks): a feed could reorder what a page shows with them. */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Feed-provided text as shown on a page: each bidi control made visible as `[U+202E]`, so that a
 * title cannot reverse itself or its neighbours. (Still escaped by `html` when interpolated.)
 */
export function feedText(text: string): string {
  return text.replace(BIDI_CONTROLS, (char) => `[U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}]`);
}
