// A scrolling table body that renders only the rows in view (@tanstack/virtual-core), so a VM of
// 262,144 pages costs as much as one screen of rows. Rows have one fixed height (one line unless
// the caller asks for more); the caller builds a row's element from its index and hears which
// index range is visible.

import { elementScroll, observeElementOffset, observeElementRect, Virtualizer, type VirtualizerOptions } from '@tanstack/virtual-core';

export const ROW_HEIGHT = 22;

export class VirtualRows {
  private readonly virtualizer: Virtualizer<HTMLElement, HTMLElement>;
  private readonly options: VirtualizerOptions<HTMLElement, HTMLElement>;
  private readonly inner: HTMLElement;

  /** scroller: the scrolling element; row(i): the element of row i; onRange: first and end of the rows rendered; rowHeight in CSS pixels. */
  constructor(
    readonly scroller: HTMLElement,
    private readonly row: (index: number) => HTMLElement,
    private readonly onRange: (first: number, end: number) => void,
    readonly rowHeight = ROW_HEIGHT,
  ) {
    this.inner = document.createElement('div');
    this.inner.className = 'vrows';
    this.inner.setAttribute('role', 'rowgroup');
    scroller.append(this.inner);
    this.options = {
      count: 0,
      getScrollElement: () => scroller,
      estimateSize: () => rowHeight,
      overscan: 8,
      scrollToFn: elementScroll,
      observeElementRect,
      observeElementOffset,
      onChange: () => this.render(),
    };
    this.virtualizer = new Virtualizer(this.options);
    this.virtualizer._didMount();
    this.virtualizer._willUpdate();
  }

  /** A new row count, or new row contents: renders what is in view again. */
  update(count: number): void {
    if (count !== this.virtualizer.options.count) {
      this.virtualizer.setOptions({ ...this.options, count });
      this.virtualizer._willUpdate();
    }
    this.render();
  }

  scrollToIndex(i: number): void {
    this.virtualizer.scrollToIndex(i, { align: 'start' });
  }

  get scrollOffset(): number {
    return this.scroller.scrollTop;
  }

  private render(): void {
    const items = this.virtualizer.getVirtualItems();
    this.inner.style.height = `${this.virtualizer.getTotalSize()}px`;
    const rows = items.map((it) => {
      const e = this.row(it.index);
      e.style.transform = `translateY(${it.start}px)`;
      e.setAttribute('aria-rowindex', String(it.index + 2));
      return e;
    });
    this.inner.replaceChildren(...rows);
    const first = items[0]?.index ?? 0;
    const last = items[items.length - 1]?.index ?? -1;
    this.onRange(first, last + 1);
  }
}
