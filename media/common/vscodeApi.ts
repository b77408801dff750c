// The webview's side of the extension's messages (src/views/protocol.ts) and its saved UI state
// (VS Code keeps it while the webview is hidden and gives it back when the page reloads).

import type { FromWebview, ToWebview } from '../../src/views/protocol';

const api = acquireVsCodeApi<Record<string, unknown>>();

export function post(m: FromWebview): void {
  api.postMessage(m);
}

export function onMessage(f: (m: ToWebview) => void): void {
  window.addEventListener('message', (e: MessageEvent<ToWebview>) => f(e.data));
}

/** A saved value of the UI state, or the fallback. */
export function saved<T>(key: string, fallback: T): T {
  const s = api.getState();
  return s !== undefined && key in s ? (s[key] as T) : fallback;
}

/** Saves one value of the UI state. */
export function save(key: string, value: unknown): void {
  api.setState({ ...(api.getState() ?? {}), [key]: value });
}
