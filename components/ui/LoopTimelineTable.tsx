import type { StepRecord } from '../../src/lib/generation/controller';
import { formatProbability, showPiece } from '../../src/lib/generation/describe';
import type { Timeline } from '../../src/lib/generation/timeline';
import { formatMilliseconds } from '../../src/lib/core/format';
import { ScrollRegion } from './ScrollRegion';

const SOURCE = { prefill: 'prefill', decode: 'decode', reuse: 'scores at hand' } as const;

/** The timeline in words: one row per step, with its model call, its time and its token's probability. */
export function LoopTimelineTable({
  timeline,
  steps,
  pieces,
}: {
  timeline: Timeline;
  steps: readonly StepRecord[];
  pieces: readonly string[];
}) {
  return (
    <details class="loop-timeline__table">
      <summary>The timeline as a table</summary>
      <ScrollRegion label="The timeline as a table">
        <table>
          <caption class="visually-hidden">Each step’s model call, time and token</caption>
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">Token</th>
              <th scope="col">Probability</th>
              <th scope="col">Model call</th>
              <th scope="col">Time</th>
              <th scope="col">Starts at</th>
            </tr>
          </thead>
          <tbody>
            {timeline.bars.map((bar) => (
              <tr key={bar.index}>
                <th scope="row">{bar.index + 1}</th>
                <td class="loop-timeline__piece">{showPiece(pieces, steps[bar.index]!.id)}</td>
                <td>
                  {bar.probability === null ? 'unknown' : formatProbability(bar.probability)}
                  {bar.forced ? ' (forced)' : ''}
                  {bar.last ? ' (last)' : ''}
                </td>
                <td>
                  {SOURCE[bar.source]}
                  {bar.source === 'reuse' ? '' : `, read ${bar.read}`}
                </td>
                <td>{formatMilliseconds(bar.ms)}</td>
                <td>{formatMilliseconds(bar.startMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </details>
  );
}
