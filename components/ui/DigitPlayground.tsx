import { useRef, useState } from 'preact/hooks';
import { DigitThumb } from './DigitThumb';
import { DrawPad } from './DrawPad';
import { ProbabilityTable } from './ProbabilityTable';
import { toNetworkInput } from '../../src/lib/mlp/digit-image';
import type { DigitImage } from '../../src/lib/mlp/protocol';
import { formatPercent } from '../../src/lib/core/format';

interface Props {
  /** Held-out digits the reader can put on the pad instead of drawing. */
  examples: readonly DigitImage[];
  predict: (input: Float32Array) => Promise<number[]>;
}

/**
 * Draw a digit (or take a held-out one), see the 28x28 image the network
 * gets and its ten probabilities. Only the latest drawing's answer is shown.
 */
export function DigitPlayground({ examples, predict }: Props) {
  const [preset, setPreset] = useState<{ id: number; pixels: Uint8Array; label: number } | null>(null);
  const [showingPreset, setShowingPreset] = useState(false);
  const [seen, setSeen] = useState<Float32Array | null>(null);
  const [answer, setAnswer] = useState<number[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const latest = useRef(0);

  const onInk = (ink: Float32Array | null, fromPreset: boolean) => {
    setShowingPreset(fromPreset);
    const request = ++latest.current;
    const input = ink && toNetworkInput(ink, 280, 280);
    setSeen(input);
    if (!input) {
      setAnswer(null);
      return;
    }
    predict(input).then(
      (probabilities) => request === latest.current && (setAnswer(probabilities), setProblem(null)),
      (error: Error) => request === latest.current && setProblem(`${error.message} Train again, then draw.`),
    );
  };
  const nextExample = () => {
    const id = (preset?.id ?? 0) + 1;
    const example = examples[(id - 1) % examples.length];
    if (example) setPreset({ id, pixels: example.pixels, label: example.label });
  };

  const top = answer && seen ? answer.indexOf(Math.max(...answer)) : -1;
  return (
    <div class="draw-area">
      <div class="draw-area__pad">
        <DrawPad onInk={onInk} preset={preset} />
        <button
          type="button"
          class="button button--secondary"
          onClick={nextExample}
          disabled={examples.length === 0}
        >
          Show a held-out digit
        </button>
        {preset && showingPreset && <p class="seen">On the pad: a held-out digit labelled {preset.label}.</p>}
      </div>
      <div class="draw-area__answer">
        {seen ? (
          <p class="seen seen--thumb">
            <DigitThumb pixels={seen} label="The drawing as the network sees it, 28 by 28 pixels" />
            What the network gets (scaled to 20×20 and centred, as MNIST digits are).
          </p>
        ) : (
          <p class="seen">Draw a digit from 0 to 9 on the pad.</p>
        )}
        <p class="draw-area__verdict" aria-live="polite">
          {top >= 0 && answer ? `The network says ${top} (${formatPercent(answer[top]!, 1)} sure).` : ''}
        </p>
        {problem && <p class="digit-playground__problem">{problem}</p>}
        {answer && seen && <ProbabilityTable probabilities={answer} />}
      </div>
    </div>
  );
}
