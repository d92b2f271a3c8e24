/**
 * The mini network's layers, from its layer widths. The same layer list
 * builds the TensorFlow.js network (see `network.ts`) and the parameter table
 * (counted by src/lib/core/parameters.ts), so the table the reader sees is
 * computed from the model, not typed beside it.
 */
import { countParameters, linearParameters, type LinearLayer, type ParameterCount } from '../core/parameters';

/**
 * The Linear layers of a plain feed-forward network with these layer widths,
 * named `fc1`, `fc2`, ... as in the seed notebook: `[784, 256, 10]` is
 * 784 -> 256 (ReLU) -> 10. Throws on fewer than two widths or a width that is
 * not a positive whole number.
 */
export function denseLayers(widths: readonly number[]): LinearLayer[] {
  if (widths.length < 2)
    throw new Error(`denseLayers: need at least an input and an output width, got [${widths.join(', ')}]`);
  widths.forEach((width, index) => {
    if (!Number.isSafeInteger(width) || width < 1) {
      throw new Error(`denseLayers: width ${index} must be a positive whole number, got ${width}`);
    }
  });
  return widths.slice(1).map((outFeatures, index) => ({
    name: `fc${index + 1}`,
    inFeatures: widths[index]!,
    outFeatures,
    bias: true,
  }));
}

/** The parameter table of a feed-forward network with these layer widths. */
export function countDenseNetwork(widths: readonly number[]): ParameterCount {
  return countParameters(denseLayers(widths).flatMap(linearParameters));
}
