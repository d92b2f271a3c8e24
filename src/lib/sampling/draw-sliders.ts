/**
 * The sliders beside the candidate chart: temperature, top-k and top-p as
 * range inputs that write into the same settings as the number boxes. A
 * slider has positions, a box has text: each scale turns one into the
 * other. A slider writes only when it is moved, so a value typed in a box
 * (even a bad one) stays until the reader moves the slider.
 *
 * Top-k runs over 32,000 tokens but matters most between 1 and 100, so its
 * slider steps through a list of stops (1 to 10 one by one, then coarser),
 * not through every whole number.
 */
import { MAX_TEMPERATURE } from './settings';

export type SliderField = 'temperature' | 'topK' | 'topP';

export interface SliderScale {
  field: SliderField;
  /** The range input's own attributes: positions, not setting values. */
  min: number;
  max: number;
  step: number;
  /** The position that shows `value` (the nearest one the slider has). */
  toPosition: (value: number) => number;
  /** The setting's text for a position, as a box would hold it. */
  fromPosition: (position: number) => string;
  /** What a screen reader says for a value (`aria-valuetext`). */
  describe: (value: number) => string;
}

/** Top-k's stops: off, then 1 to 10 one by one, then coarser up to 1,000. */
export const TOP_K_STOPS: readonly number[] = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60, 70, 80, 90, 100, 150, 200, 300, 500, 1000,
];

/** `value` rounded to `step` within [min, max], as the text a box would hold ("0.35", not "0.35000000000000003"). */
function onGrid(value: number, min: number, max: number, step: number): number {
  const snapped = Math.round((Math.min(max, Math.max(min, value)) - min) / step) * step + min;
  return Number(snapped.toFixed(6));
}

const linear = (
  field: SliderField,
  min: number,
  max: number,
  step: number,
  describe: (value: number) => string,
) =>
  ({
    field,
    min,
    max,
    step,
    toPosition: (value: number) => onGrid(value, min, max, step),
    fromPosition: (position: number) => String(onGrid(position, min, max, step)),
    describe,
  }) satisfies SliderScale;

export const SLIDER_SCALES: Readonly<Record<SliderField, SliderScale>> = {
  temperature: linear('temperature', 0, MAX_TEMPERATURE, 0.05, (value) =>
    value === 0 ? '0, greedy' : String(value),
  ),
  topK: {
    field: 'topK',
    min: 0,
    max: TOP_K_STOPS.length - 1,
    step: 1,
    // The first stop at or above the value: 37 shows as 40; anything past the last stop at the end.
    toPosition: (value) => {
      const index = TOP_K_STOPS.findIndex((stop) => stop >= value);
      return index < 0 ? TOP_K_STOPS.length - 1 : index;
    },
    fromPosition: (position) =>
      String(TOP_K_STOPS[Math.min(TOP_K_STOPS.length - 1, Math.max(0, Math.round(position)))]),
    describe: (value) => (value === 0 ? '0, off' : `${value.toLocaleString('en')} tokens`),
  },
  topP: linear('topP', 0.01, 1, 0.01, (value) => (value === 1 ? '1, off' : String(value))),
};
