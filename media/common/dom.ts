// Small DOM helpers for the monitor webviews: element creation, hex formatting, the status banner.

import type { SessionStatus } from '../../src/views/protocol';

type Attrs = Record<string, string | number | boolean | undefined>;

/** An element with attributes (false/undefined omitted) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    e.setAttribute(k, v === true ? '' : String(v));
  }
  e.append(...children);
  return e;
}

/** A codicon. */
export function icon(name: string, title?: string): HTMLSpanElement {
  return h('span', { class: `codicon codicon-${name}`, title, 'aria-hidden': title === undefined ? 'true' : undefined });
}

export const hex = (n: number, digits = 8): string => `0x${(n >>> 0).toString(16).padStart(digits, '0')}`;

/** A short explanation block: a title line and a paragraph, collapsible (state kept by the caller). */
export function explainer(title: string, html: string): HTMLDetailsElement {
  const d = h('details', { class: 'explainer' }, h('summary', {}, icon('info'), ` ${title}`));
  const p = h('div', { class: 'explainer-body' });
  p.innerHTML = html;
  d.append(p);
  return d;
}

/** Shows or hides the banner that says why there is nothing to show, and the run state. */
export function renderStatus(banner: HTMLElement, s: SessionStatus): void {
  if (s.message !== undefined) {
    banner.replaceChildren(icon(s.session ? 'warning' : 'debug-alt'), ` ${s.message}`);
    banner.hidden = false;
    banner.className = 'banner';
    return;
  }
  banner.hidden = false;
  banner.className = 'runstate';
  banner.replaceChildren(
    icon(s.running ? 'play' : 'debug-pause'),
    s.running ? ' running — updating 4× a second' : ` stopped at history position ${s.position.toLocaleString()}${s.inPast ? ' (in the past: reverse execution)' : ''}`,
  );
}
