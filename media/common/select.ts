// A labelled drop-down in VS Code's style (@vscode-elements single select) whose options can be
// replaced, with a change callback.

import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import { h } from './dom';

export class Select {
  readonly element: HTMLElement;
  private readonly select: VscodeSingleSelect;
  private keys = '';

  constructor(label: string, onChange: (value: string) => void) {
    this.select = document.createElement('vscode-single-select');
    this.select.setAttribute('aria-label', label);
    this.select.addEventListener('change', () => onChange(this.select.value));
    this.element = h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), this.select);
  }

  /** Sets the options (kept when they did not change) and the selected value. */
  set(options: readonly { readonly value: string; readonly label: string }[], value: string): void {
    const keys = options.map((o) => `${o.value}\u0000${o.label}`).join('\u0001');
    if (keys !== this.keys) {
      this.keys = keys;
      this.select.replaceChildren(...options.map((o) => {
        const opt = document.createElement('vscode-option');
        opt.setAttribute('value', o.value);
        opt.textContent = o.label;
        return opt;
      }));
    }
    if (this.select.value !== value) this.select.value = value;
  }
}
