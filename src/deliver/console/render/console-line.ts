import type { Delivery } from '../../destination.js';

// C0/C1 control characters (incl. ESC): feed text must not drive the terminal.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

function clean(text: string): string {
  return text.replace(CONTROL, '').replace(/\s+/g, ' ').trim();
}

/**
 * One posted item for a terminal or a log collector, e.g.
 * `[cloud-souverain] LeMagIT | Orange met fin à son partenariat avec Huawei | https://… | Huawei`
 */
export function renderConsoleLine(delivery: Delivery): string {
  const { item } = delivery;
  const parts = [`[${clean(delivery.watch)}] ${clean(item.source)}`, clean(item.title) || '(sans titre)', item.link ?? '(pas de lien)'];
  if (delivery.terms.length > 0) parts.push(delivery.terms.map(clean).join(', '));
  return parts.join(' | ');
}

/** Later coverage of a story already printed (issue 14): `  also: ZDNet | Autre titre | https://…` */
export function renderConsoleAlsoLine(delivery: Delivery): string {
  const { item } = delivery;
  return `  also: ${[clean(item.source), clean(item.title) || '(sans titre)', item.link ?? '(pas de lien)'].join(' | ')}`;
}
