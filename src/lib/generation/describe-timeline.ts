/** The timeline's words: its accessible summary, and the line for one step (hovered, focused or chosen). */
import { formatCount, formatMilliseconds } from '../core/format';
import { formatProbability, showPiece } from './describe';
import type { Timeline, TimelineBar } from './timeline';

const how = (bar: TimelineBar) =>
  bar.source === 'prefill'
    ? `a prefill: read ${formatCount(bar.read, 'token')}`
    : bar.source === 'decode'
      ? 'a decode step: read 1 token'
      : 'scores already at hand, sampled again';

/** "Step 1: “▁Dear” (id 22143), 100%, a prefill: read 20 tokens, 286 ms." */
export function describeBar(bar: TimelineBar, id: number, pieces: readonly string[]): string {
  const probability = bar.probability === null ? 'probability unknown' : formatProbability(bar.probability);
  const marks = [bar.forced ? 'forced by you' : null, bar.last ? 'the last token' : null].filter(Boolean);
  const marked = marks.length > 0 ? ` (${marks.join(', ')})` : '';
  return `Step ${bar.index + 1}: “${showPiece(pieces, id)}” (id ${id}), ${probability}${marked}; ${how(bar)}, ${formatMilliseconds(bar.ms)}.`;
}

/** The figure's accessible name: what it draws and its main numbers. */
export function describeTimeline(timeline: Timeline): string {
  const { bars, totalMs } = timeline;
  if (bars.length === 0) return 'Timeline of the loop: no step yet.';
  const prefills = bars.filter((bar) => bar.source === 'prefill');
  const decodes = bars.filter((bar) => bar.source === 'decode');
  const prefillMs = prefills.reduce((sum, bar) => sum + bar.ms, 0);
  const decodeMs = decodes.reduce((sum, bar) => sum + bar.ms, 0);
  const parts = [
    prefills.length > 0
      ? `${formatCount(prefills.length, 'prefill')} (${formatMilliseconds(prefillMs)}, first reading ${formatCount(prefills[0]!.read, 'token')})`
      : null,
    decodes.length > 0
      ? `${formatCount(decodes.length, 'decode step')} (${formatMilliseconds(decodeMs)}, ${formatMilliseconds(decodeMs / decodes.length)} each on average)`
      : null,
  ].filter(Boolean);
  return `Timeline of the loop: ${formatCount(bars.length, 'step')} in ${formatMilliseconds(totalMs)} of model time: ${parts.join(', then ')}. Each bar is one step, as wide as its time, as tall as its token’s probability.`;
}
