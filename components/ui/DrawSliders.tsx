import { useRef } from 'preact/hooks';
import type { SamplingField } from '../../src/lib/sampling/settings';
import { SLIDER_SCALES, type SliderField } from '../../src/lib/sampling/draw-sliders';
import type { SamplingInput } from '../../src/lib/generation/store';

interface Props {
  idPrefix: string;
  /** What the number boxes hold, as typed: the sliders show it and write to it. */
  input: SamplingInput;
  errors: Partial<Record<SamplingField, string>>;
  onChange: (field: SamplingField, value: string) => void;
}

const SLIDERS: readonly { field: SliderField; label: string }[] = [
  { field: 'temperature', label: 'Temperature' },
  { field: 'topK', label: 'Top-k' },
  { field: 'topP', label: 'Top-p' },
];

/**
 * Temperature, top-k and top-p as sliders beside the chart: dragging one
 * writes its number box, and the step re-samples from the same scores at
 * once, so the bars and the draw line reshape under the reader's hand. The
 * arrow keys move them (a native range input). A slider writes only when it
 * is moved: a bad value typed in a box keeps its message, and the slider
 * rests where the last good value put it and says the box needs fixing.
 */
export function DrawSliders({ idPrefix, input, errors, onChange }: Props) {
  // The last value each box held that the pipeline could use: where a slider rests while its box is wrong.
  const lastGood = useRef<Record<SliderField, number>>({ temperature: 1, topK: 50, topP: 1 });
  return (
    <div class="draw-sliders" role="group" aria-label="Sampling settings as sliders">
      {SLIDERS.map(({ field, label }) => {
        const scale = SLIDER_SCALES[field];
        const typed = input[field].trim();
        const good = !errors[field] && typed !== '';
        if (good) lastGood.current[field] = Number(typed);
        const value = lastGood.current[field];
        const id = `${idPrefix}-slider-${field}`;
        return (
          <div class="draw-sliders__row" key={field} data-invalid={good ? undefined : true}>
            <label for={id}>{label}</label>
            <input
              id={id}
              type="range"
              min={scale.min}
              max={scale.max}
              step={scale.step}
              value={scale.toPosition(value)}
              aria-valuetext={
                good
                  ? scale.describe(value)
                  : `${scale.describe(value)}; the box holds “${typed}”, which needs fixing`
              }
              onInput={(event) => onChange(field, scale.fromPosition(Number(event.currentTarget.value)))}
            />
            {/* The slider's own value text says this to a screen reader; an <output> would be a second live region. */}
            <span class="draw-sliders__value" aria-hidden="true">
              {good ? typed : 'fix the box'}
            </span>
          </div>
        );
      })}
    </div>
  );
}
