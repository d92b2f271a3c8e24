import {
  diagramBlocks,
  neighbourStep,
  rowShapeLines,
  WALK_STEPS,
  type DiagramBlock,
  type WalkStep,
} from '../../src/lib/model/layer-diagram';
import { MISTRAL_7B, type MistralConfig } from '../../src/lib/model/mistral-config';

interface Props {
  config: Readonly<MistralConfig>;
  layer: number;
  tokens: number;
  current: WalkStep;
  /** `jump`: the reader picked this block, so the step list scrolls to it (the Previous and Next buttons do not). */
  onStep: (step: WalkStep, jump?: boolean) => void;
}

const WIDTH = 380;
const PITCH = 44;
const BLOCK_H = 26;
const TOP = 8;
const MAIN = { x: 28, w: 166 };
const CENTRE = MAIN.x + MAIN.w / 2;
const LANE_W = 50;
const RAIL = 14;

/** A block's name in words: the adds and the two RoPE blocks need more than their drawn text. */
const stepName = (block: DiagramBlock) =>
  block.kind === 'add'
    ? `residual add ${block.step === 'residual_1' ? 1 : 2}`
    : block.row === 3
      ? `RoPE on ${block.lane < 0 ? 'q' : 'k'}`
      : block.text;

const rowTop = (row: number) => TOP + row * PITCH + (row >= 11 ? 14 : 0);
const laneCentre = (lane: number) => CENTRE + lane * (LANE_W + 8);

/**
 * One decoder layer drawn as data flows through it: RMSNorm, the q/k/v
 * projections, RoPE, grouped-query attention, o_proj and the first residual
 * add, then RMSNorm, SwiGLU, down_proj and the second add; after the last
 * layer the final norm and lm_head. Beside each row, the shape it hands on
 * for this prompt in the pocket model and in Mistral-7B. The walk-through’s
 * current step is lit (and the steps before it tinted); every block is a
 * button that jumps there. The step list beside it is its text twin.
 */
export function LayerDiagram({ config, layer, tokens, current, onStep }: Props) {
  const blocks = diagramBlocks(layer);
  const done = WALK_STEPS.indexOf(current);
  const height = rowTop(12) + BLOCK_H + 8;
  const line = (x1: number, y1: number, x2: number, y2: number, key: string) => (
    <line
      key={key}
      class="layer-diagram__wire"
      x1={x1}
      y1={y1}
      x2={x2}
      y2={y2}
      marker-end="url(#layer-diagram-arrow)"
    />
  );
  const bottom = (row: number) => rowTop(row) + BLOCK_H;
  const wires = [
    line(CENTRE, bottom(0), CENTRE, rowTop(1), 'in'),
    ...[-1, 0, 1].map((lane) => line(CENTRE, bottom(1), laneCentre(lane), rowTop(2), `qkv${lane}`)),
    line(laneCentre(-1), bottom(2), laneCentre(-1), rowTop(3), 'rq'),
    line(laneCentre(0), bottom(2), laneCentre(0), rowTop(3), 'rk'),
    line(laneCentre(1), bottom(2), laneCentre(1), rowTop(4), 'v'),
    line(laneCentre(-1), bottom(3), laneCentre(-1), rowTop(4), 'aq'),
    line(laneCentre(0), bottom(3), laneCentre(0), rowTop(4), 'ak'),
    ...[4, 5, 6, 7, 8, 9, 10, 11].map((row) =>
      line(
        CENTRE,
        bottom(row) - (row === 6 || row === 10 ? 3 : 0),
        CENTRE,
        rowTop(row + 1) + (row === 5 || row === 9 ? 3 : 0),
        `m${row}`,
      ),
    ),
  ];
  // The residual stream: around attention from the layer input to the first add, around the MLP to the second.
  const rail = (fromRow: number, toRow: number, key: string) => {
    const y1 = bottom(fromRow) + 8;
    const y2 = rowTop(toRow) + BLOCK_H / 2;
    return (
      <path
        key={key}
        class="layer-diagram__residual"
        d={`M ${CENTRE} ${y1} H ${RAIL} V ${y2} H ${CENTRE - 14}`}
        marker-end="url(#layer-diagram-arrow)"
      />
    );
  };
  return (
    <figure class="layer-diagram">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="group" aria-labelledby="layer-diagram-caption">
        <defs>
          <marker
            id="layer-diagram-arrow"
            viewBox="0 0 8 8"
            refX="7"
            refY="4"
            markerWidth="7"
            markerHeight="7"
            orient="auto-start-reverse"
          >
            <path d="M0 0 L8 4 L0 8 z" class="layer-diagram__arrowhead" />
          </marker>
        </defs>
        {wires}
        {rail(0, 6, 'r1')}
        {rail(6, 10, 'r2')}
        <text
          class="layer-diagram__note"
          x={RAIL - 4}
          y={rowTop(3)}
          transform={`rotate(-90 ${RAIL - 4} ${rowTop(3)})`}
          text-anchor="middle"
        >
          residual
        </text>
        <line class="layer-diagram__cut" x1={4} x2={WIDTH - 4} y1={bottom(10) + 12} y2={bottom(10) + 12} />
        <text class="layer-diagram__note" x={WIDTH - 4} y={bottom(10) + 9} text-anchor="end">
          × {config.numLayers} layers here, {MISTRAL_7B.numLayers} in Mistral-7B
        </text>
        {blocks.map((block, index) => {
          const add = block.kind === 'add';
          const branch = block.row === 2 || block.row === 3;
          const w = branch ? LANE_W : MAIN.w;
          const cx = branch ? laneCentre(block.lane) : CENTRE;
          const y = rowTop(block.row);
          const state =
            block.step === current
              ? ' layer-diagram__block--current'
              : index < done
                ? ' layer-diagram__block--done'
                : '';
          const activate = () => onStep(block.step, true);
          return (
            <g
              key={block.step}
              class={`layer-diagram__block${state}`}
              role="button"
              tabindex={0}
              data-step={block.step}
              aria-current={block.step === current ? 'step' : undefined}
              aria-label={`${stepName(block)}: go to this step`}
              onClick={activate}
              onKeyDown={(event) => {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  activate();
                }
              }}
            >
              {add ? (
                <circle cx={CENTRE} cy={y + BLOCK_H / 2} r={11} />
              ) : (
                <rect x={cx - w / 2} y={y} width={w} height={BLOCK_H} rx={5} />
              )}
              <text x={cx} y={y + BLOCK_H / 2 + 4} text-anchor="middle">
                {block.text}
              </text>
            </g>
          );
        })}
        {Array.from({ length: 13 }, (_, row) => {
          const lines = rowShapeLines(row, config, MISTRAL_7B, tokens, layer);
          const mid = rowTop(row) + BLOCK_H / 2 + 3.5;
          return lines.map((text, i) => (
            <text
              key={`${row}-${i}`}
              class="layer-diagram__shape"
              x={202}
              y={mid + (i - (lines.length - 1) / 2) * 12}
            >
              {text}
            </text>
          ));
        })}
      </svg>
      <p class="layer-diagram__nav">
        <button
          type="button"
          class="button button--secondary"
          disabled={done === 0}
          onClick={() => onStep(neighbourStep(current, -1))}
        >
          ← Previous step
        </button>
        <button
          type="button"
          class="button button--secondary"
          disabled={done === WALK_STEPS.length - 1}
          onClick={() => onStep(neighbourStep(current, 1))}
        >
          Next step →
        </button>
        <span class="layer-diagram__where" aria-live="polite">
          Step {done + 1} of {WALK_STEPS.length}: {stepName(blocks[done]!)}
        </span>
      </p>
      <figcaption id="layer-diagram-caption">
        One decoder layer, top to bottom, with the shape each step hands on for your {tokens}-token prompt
        (pocket model · Mistral-7B). Pick a block to go to that step; the list of steps is the same in words.
      </figcaption>
    </figure>
  );
}
