// The webview-independent parts of the pmap and memmap views: filters and rows from a pmap
// window and its summary, the heat map's geometry and aggregation, the colours of each kind of
// page, and the changed-page ranges.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  encodePageSummary, MEMMAP_FREE, MEMMAP_HOLE, MEMMAP_SHARED, MEMMAP_SPECIAL, MEMMAP_VM, PMAP_COPY_ON_WRITE, PMAP_MAPPED,
  PMAP_NODE_SHIFT, PMAP_SHARED, PMAP_WRITABLE, type PmapWindow,
} from '../../../debug-adapter/debugger/viewModels';
import { aggregate, boundaryPath, cellOf, cellsOfRanges, heatLayout, pageAt, rowSpan } from '../../../media/common/heatLayout';
import { memmapColour, memmapLabel, memmapRank, PmapKind, pmapColour, pmapKind, summaryNode } from '../../../media/common/pageColours';
import { accessText, filterPages, inRanges, storeText, pmapRow, rangePages, summaryCounts } from '../../../media/pmap/pmapRows';

const W = PMAP_MAPPED | PMAP_WRITABLE;
const COW = PMAP_MAPPED | PMAP_COPY_ON_WRITE | PMAP_SHARED;
/** 8 guest pages: 0,1 writable on node 0, 2 copy-on-write shared on node 1, 5 writable node 1, the rest untouched. */
const summary = Uint8Array.from([W, W, COW | (1 << PMAP_NODE_SHIFT), 0, 0, W | (1 << PMAP_NODE_SHIFT), 0, 0]);

test('filters keep the pages whose summary has the bit', () => {
  assert.deepEqual([...filterPages(summary, 'all')], [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual([...filterPages(summary, 'mapped')], [0, 1, 2, 5]);
  assert.deepEqual([...filterPages(summary, 'shared')], [2]);
  assert.deepEqual([...filterPages(summary, 'cow')], [2]);
  assert.deepEqual(summaryCounts(summary), { mapped: 4, shared: 1, cow: 1 });
});

test('rows take details from the window and flags from the summary outside it', () => {
  const w: PmapWindow = {
    vm: 'client', pages: 8, first: 2, count: 2, machinePage: [0x300, -1], node: [1, -1], flags: [COW, 0],
    sharedWith: { 0: ['server:0x40'] }, summary: encodePageSummary(summary),
  };
  assert.deepEqual(pmapRow(w, summary, 2), { page: 2, gpa: 0x2000, machinePage: 0x300, node: 1, flags: COW, sharedWith: ['server:0x40'] });
  assert.deepEqual(pmapRow(w, summary, 3), { page: 3, gpa: 0x3000, machinePage: -1, node: -1, flags: 0, sharedWith: [] });
  const outside = pmapRow(w, summary, 5);
  assert.equal(outside.machinePage, undefined, 'not fetched yet');
  assert.equal(outside.flags, W, 'flags without the node bits');
  assert.equal(accessText(COW), 'read-only (COW), shared');
  assert.equal(accessText(W), 'writable');
  assert.equal(accessText(0), '—');
  assert.deepEqual([storeText(W), storeText(COW), storeText(PMAP_MAPPED), storeText(0)], ['rw', 'cow+shared', 'ro', '']);
});

test('changed ranges: membership and counts', () => {
  const ranges = [2, 4, 10, 11, 20, 30];
  for (const p of [2, 3, 10, 20, 29]) assert.ok(inRanges(ranges, p), `page ${p}`);
  for (const p of [0, 1, 4, 9, 11, 19, 30, 99]) assert.ok(!inRanges(ranges, p), `page ${p}`);
  assert.equal(rangePages(ranges), 13);
  assert.ok(!inRanges([], 0));
});

test('kinds and colours of pmap summary bytes', () => {
  assert.equal(pmapKind(0), PmapKind.Unmapped);
  assert.equal(pmapKind(W), PmapKind.Writable);
  assert.equal(pmapKind(PMAP_MAPPED), PmapKind.ReadOnly);
  assert.equal(pmapKind(COW), PmapKind.CopyOnWrite);
  assert.equal(pmapKind(W | PMAP_SHARED), PmapKind.Shared);
  assert.equal(summaryNode(summary[2] as number), 1);
  assert.equal(summaryNode(0), -1);
  assert.equal(pmapColour(W, 'kind'), '--vscode-charts-blue');
  assert.equal(pmapColour(COW, 'kind'), '--vscode-charts-orange');
  assert.equal(pmapColour(summary[5] as number, 'node'), '--vscode-charts-green', 'node 1 is the second series colour');
  assert.equal(pmapColour(0, 'node'), pmapColour(0, 'kind'), 'untouched pages look the same either way');
});

test('memmap codes: colours, labels with VM names, ranks', () => {
  assert.equal(memmapLabel(MEMMAP_VM + 1, ['server', 'client']), 'owned by client');
  assert.equal(memmapLabel(MEMMAP_SHARED, []), 'shared by several users');
  assert.equal(memmapColour(MEMMAP_VM), '--vscode-charts-blue');
  assert.notEqual(memmapColour(MEMMAP_VM), memmapColour(MEMMAP_VM + 1));
  assert.ok(memmapRank(MEMMAP_SHARED) > memmapRank(MEMMAP_SPECIAL));
  assert.ok(memmapRank(MEMMAP_SPECIAL) > memmapRank(MEMMAP_VM + 3));
  assert.ok(memmapRank(MEMMAP_VM) > memmapRank(MEMMAP_HOLE));
  assert.ok(memmapRank(MEMMAP_HOLE) > memmapRank(MEMMAP_FREE));
});

test('heat layout: one cell per page when it fits, else runs of pages within the height', () => {
  const small = heatLayout(4096, 300, 140);
  assert.equal(small.pagesPerCell, 1);
  assert.ok(small.rows * small.cell <= 140 && small.cols * small.cell <= 300);
  assert.ok(small.cols * small.rows >= 4096);
  const big = heatLayout(262_144, 300, 140); // a 1 GiB VM
  assert.ok(big.pagesPerCell > 1);
  assert.ok(big.rows * big.cell <= 140, `${big.rows} rows of ${big.cell}px`);
  assert.ok(big.cols * big.rows * big.pagesPerCell >= 262_144);
  assert.equal(pageAt(big, 0, 0), 0);
  assert.equal(pageAt(big, big.cell * 2 + 1, big.cell + 1), (big.cols + 2) * big.pagesPerCell);
  assert.equal(pageAt(big, -1, 0), -1);
  assert.equal(pageAt(big, 0, big.rows * big.cell + 1), -1);
  assert.equal(cellOf(big, big.pagesPerCell * 3 + 1), 3);
});

test('aggregation shows the highest-ranked page of each cell; changed ranges map to cells', () => {
  const l = { pages: 8, cell: 3, cols: 2, rows: 1, pagesPerCell: 4 };
  const bytes = Uint8Array.from([0, W, 0, 0, 0, 0, COW, W]);
  assert.deepEqual([...aggregate(bytes, l, pmapKind)], [W, COW]);
  assert.deepEqual([...cellsOfRanges(l, [3, 5])], [0, 1]);
  assert.deepEqual([...cellsOfRanges(l, [6, 7])], [1]);
  const one = heatLayout(8, 100, 100);
  assert.deepEqual([...aggregate(bytes, one, pmapKind)], [...bytes]);
});

test('heat map region boundaries: a line over a row a node starts, a step when it starts mid-row; the rows of a node', () => {
  const l = heatLayout(100, 100, 1000); // 10 × 10 cells of 10 px, one page each
  assert.deepEqual([l.cols, l.cell, l.pagesPerCell], [10, 10, 1]);
  assert.deepEqual(boundaryPath(l, 50), [[0, 50], [100, 50]]);
  assert.deepEqual(boundaryPath(l, 55), [[0, 60], [50, 60], [50, 50], [100, 50]]);
  assert.deepEqual(boundaryPath(l, 0), [], 'the first node has no line before it');
  assert.deepEqual(boundaryPath(l, 100), [], 'nor does the end');
  assert.deepEqual(rowSpan(l, 0, 50), [0, 50]);
  assert.deepEqual(rowSpan(l, 55, 100), [50, 100]);
  const folded = heatLayout(24_576, 200, 100); // several pages a cell: the line falls after the cell that holds the start
  const half = 12_288;
  const c = Math.ceil(half / folded.pagesPerCell);
  const path = boundaryPath(folded, half);
  assert.equal(path[path.length - 1]?.[1], Math.floor(c / folded.cols) * folded.cell);
  assert.equal(pageAt(folded, ((c % folded.cols) + 0.5) * folded.cell, (Math.floor(c / folded.cols) + 0.5) * folded.cell) >= half, true);
});
