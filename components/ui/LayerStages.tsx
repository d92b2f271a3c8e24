import { stagePreview, topLogits, type LayerTrace } from '../../src/lib/model/layer-trace';
import { formatCount } from '../../src/lib/core/format';

const shape = (dims: readonly number[]) => `[${dims.map((d) => formatCount(d)).join(', ')}]`;
const value = (x: number) => (x < 0 ? `−${Math.abs(x).toFixed(3)}` : x.toFixed(3));

interface Props {
  /** A token's text for labels (the seed pieces, or what the tokenizer gave). */
  label: (id: number) => string;
  trace: LayerTrace;
  position: number;
  head: number;
  logits: Float32Array;
}

/**
 * The layer as a column of steps, each with its module, its formula, the
 * shape of what comes out (the whole prompt) and the first values at the
 * chosen position; per-head steps show the chosen head's slice.
 */
export function LayerStages({ trace, position, head, logits, label }: Props) {
  const { config } = trace;
  const n = trace.ids.length;
  const best = topLogits(logits, 5);
  return (
    <ol class="layer-stages" aria-label={`Layer ${trace.layer}, step by step, at position ${position}`}>
      {trace.stages.map((stage) => {
        const preview = stagePreview(stage, position, head, config);
        const slice =
          stage.headSlice === 'none'
            ? `first ${preview.values.length} of ${preview.width}`
            : `head ${stage.headSlice === 'query' ? head : Math.floor(preview.from / config.headDim)}, values ${preview.from}–${preview.from + preview.values.length - 1}`;
        return (
          <li key={stage.id} class="layer-stage" data-stage={stage.id}>
            <span class="layer-stage__arrow" aria-hidden="true">
              ↓
            </span>
            <span class="layer-stage__name">
              <code>{stage.label}</code> <span class="layer-stage__shape">{shape(stage.shape)}</span>
            </span>
            <span class="layer-stage__formula">{stage.formula}</span>
            <span class="layer-stage__values">
              {slice}: {preview.values.map(value).join(', ')}
            </span>
          </li>
        );
      })}
      <li class="layer-stage" data-stage="lm_head">
        <span class="layer-stage__arrow" aria-hidden="true">
          ↓
        </span>
        <span class="layer-stage__name">
          <code>lm_head</code> <span class="layer-stage__shape">{shape([n, config.vocabSize])}</span>
        </span>
        <span class="layer-stage__formula">one score (logit) per token id: W_head · x</span>
        <span class="layer-stage__values">
          highest at position {position}:{' '}
          {best.map((entry) => `${label(entry.id)} (${value(entry.logit)})`).join(', ')}
        </span>
      </li>
    </ol>
  );
}
