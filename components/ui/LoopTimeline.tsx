import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import './loop-timeline.css';
import type { StepRecord } from '../../src/lib/generation/controller';
import { describeBar, describeTimeline } from '../../src/lib/generation/describe-timeline';
import { formatTick, pixelsPerMs, timelineOf } from '../../src/lib/generation/timeline';
import { LoopTimelineTable } from './LoopTimelineTable';

interface Props {
  steps: readonly StepRecord[];
  pieces: readonly string[];
  promptLength: number;
  ended: boolean;
  playing: boolean;
  /** The step whose detail is open. */
  selected: number;
  onSelect: (index: number) => void;
}

/** Room on the left for the scale's labels, and on the right for the stop mark. */
const LEFT = 40;
const RIGHT = 36;
const TOP = 22;
const HEIGHT = 80;
const BASE = TOP + HEIGHT;

const MOVES: Record<string, (i: number, n: number) => number> = {
  ArrowRight: (i, n) => Math.min(i + 1, n - 1),
  ArrowLeft: (i) => Math.max(i - 1, 0),
  Home: () => 0,
  End: (_, n) => n - 1,
};

/**
 * The loop over time: one bar per step along the model's time, a prefill
 * wide, each decode step narrow, each as tall as its token's probability;
 * forced tokens dashed, the last one marked. Hover or arrow keys show a
 * step below; a click or Enter opens its detail. The box scrolls sideways
 * on its own, never the page; a table beside says the same in words.
 */
export function LoopTimeline({ steps, pieces, promptLength, ended, playing, selected, onSelect }: Props) {
  const timeline = useMemo(() => timelineOf(steps, promptLength, ended), [steps, promptLength, ended]);
  const box = useRef<HTMLDivElement>(null);
  // The bars fill the box's width when they are few; a long reply scrolls in it instead.
  const [room, setRoom] = useState(280);
  const hasSteps = steps.length > 0;
  useEffect(() => {
    const element = box.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setRoom(Math.max(200, element.clientWidth - LEFT - RIGHT - 2)));
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasSteps]);
  const scale = pixelsPerMs(timeline, { minPx: room });
  const width = Math.ceil(timeline.totalMs * scale) + LEFT + RIGHT;
  const [active, setActive] = useState<number | null>(null);
  const shown = active !== null && active < steps.length ? active : selected;
  const bar = timeline.bars[shown];
  const x = (ms: number) => LEFT + ms * scale;

  // While Play runs, the newest step stays in view.
  useEffect(() => {
    if (playing && box.current) box.current.scrollLeft = box.current.scrollWidth;
  }, [playing, steps.length]);

  const showStep = (index: number) => {
    setActive(index);
    const target = timeline.bars[index];
    const element = box.current;
    if (!target || !element) return;
    const left = x(target.startMs);
    if (left < element.scrollLeft || left > element.scrollLeft + element.clientWidth - 24)
      element.scrollLeft = left - element.clientWidth / 2;
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const move = MOVES[event.key];
    if (move && steps.length > 0) {
      event.preventDefault();
      showStep(move(shown, steps.length));
    } else if ((event.key === 'Enter' || event.key === ' ') && bar) {
      event.preventDefault();
      onSelect(bar.index);
    }
  };

  if (!hasSteps) return null;
  return (
    <figure class="loop-timeline">
      <figcaption class="field-label">
        The loop over time: the prefill, then one decode step per token, along the model’s time (bar height:
        the token’s probability)
      </figcaption>
      <div
        ref={box}
        class="loop-timeline__box"
        role="region"
        aria-label="Timeline of the steps; arrow keys move, Enter opens a step"
        tabIndex={0}
        onKeyDown={onKeyDown}
        onBlur={() => setActive(null)}
      >
        <svg
          class="loop-timeline__svg"
          width={width}
          height={BASE + 22}
          viewBox={`0 0 ${width} ${BASE + 22}`}
          role="img"
          aria-label={describeTimeline(timeline)}
          onMouseLeave={() => setActive(null)}
        >
          <line class="loop-timeline__guide" x1={LEFT} x2={width - RIGHT} y1={TOP} y2={TOP} />
          <text class="loop-timeline__tick" x={LEFT - 4} y={TOP + 4} text-anchor="end">
            100%
          </text>
          <text class="loop-timeline__tick" x={LEFT - 4} y={BASE} text-anchor="end">
            0%
          </text>
          {timeline.bars.map((b) => {
            const w = Math.max(1, b.ms * scale - (b.ms * scale > 3 ? 1 : 0));
            const h = b.probability === null ? HEIGHT : Math.max(2, b.probability * HEIGHT);
            return (
              <g
                key={b.index}
                class={`loop-timeline__step loop-timeline__step--${b.source}`}
                data-index={b.index}
                data-forced={b.forced || undefined}
                data-active={b.index === shown || undefined}
                data-selected={b.index === selected || undefined}
                onMouseEnter={() => setActive(b.index)}
                onClick={() => onSelect(b.index)}
              >
                <rect
                  class="loop-timeline__hit"
                  x={x(b.startMs)}
                  y={TOP}
                  width={Math.max(b.ms * scale, 1)}
                  height={HEIGHT}
                />
                <rect class="loop-timeline__bar" x={x(b.startMs)} y={BASE - h} width={w} height={h} />
                {b.source === 'prefill' && (
                  <text class="loop-timeline__label" x={x(b.startMs)} y={TOP - 8}>
                    {b.ms * scale > 110 ? `prefill: ${b.read} tokens` : 'prefill'}
                  </text>
                )}
                {b.last && (
                  <text class="loop-timeline__label" x={x(b.startMs + b.ms) + 3} y={BASE - 4}>
                    stop
                  </text>
                )}
              </g>
            );
          })}
          <line class="loop-timeline__axis" x1={LEFT} x2={width - RIGHT} y1={BASE} y2={BASE} />
          {timeline.ticks.map((tick) => (
            <text key={tick} class="loop-timeline__tick" x={x(tick)} y={BASE + 16} text-anchor="middle">
              {formatTick(tick)}
            </text>
          ))}
        </svg>
      </div>
      <p class="loop-timeline__readout">{bar ? describeBar(bar, steps[bar.index]!.id, pieces) : ''}</p>
      <LoopTimelineTable timeline={timeline} steps={steps} pieces={pieces} />
    </figure>
  );
}
