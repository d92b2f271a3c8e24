/**
 * Turns a drawing into the kind of image the network learned from. MNIST
 * digits were scaled to fit a 20x20 box, keeping their proportions, and then
 * placed in a 28x28 square with their centre of mass in the middle. A digit
 * drawn small, large or off to one side looks nothing like that, so we do the
 * same to the reader's drawing before asking the network about it.
 */

export interface Bounds {
  left: number;
  top: number;
  /** Exclusive. */
  right: number;
  bottom: number;
}

/** The smallest rectangle holding every pixel above `threshold`, or null for an empty drawing. */
export function inkBounds(
  ink: ArrayLike<number>,
  width: number,
  height: number,
  threshold = 0.05,
): Bounds | null {
  let left = width;
  let top = height;
  let right = -1;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x]! <= threshold) continue;
      left = Math.min(left, x);
      right = Math.max(right, x);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
  }
  return right < 0 ? null : { left, top, right: right + 1, bottom: bottom + 1 };
}

/** Averages the source pixels under each target pixel (a box filter), for any scale factor. */
function resample(
  ink: ArrayLike<number>,
  width: number,
  bounds: Bounds,
  targetWidth: number,
  targetHeight: number,
): Float32Array {
  const out = new Float32Array(targetWidth * targetHeight);
  const scaleX = (bounds.right - bounds.left) / targetWidth;
  const scaleY = (bounds.bottom - bounds.top) / targetHeight;
  for (let ty = 0; ty < targetHeight; ty++) {
    const y0 = bounds.top + Math.floor(ty * scaleY);
    const y1 = Math.max(y0 + 1, bounds.top + Math.floor((ty + 1) * scaleY));
    for (let tx = 0; tx < targetWidth; tx++) {
      const x0 = bounds.left + Math.floor(tx * scaleX);
      const x1 = Math.max(x0 + 1, bounds.left + Math.floor((tx + 1) * scaleX));
      let sum = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += ink[y * width + x]!;
      out[ty * targetWidth + tx] = sum / ((y1 - y0) * (x1 - x0));
    }
  }
  return out;
}

/**
 * A `side * side` network input (0 to 1, row by row) from a drawing's ink
 * (0 to 1 per pixel, `width * height`), or null when nothing is drawn.
 */
export function toNetworkInput(
  ink: ArrayLike<number>,
  width: number,
  height: number,
  side = 28,
  box = 20,
): Float32Array | null {
  const bounds = inkBounds(ink, width, height);
  if (!bounds) return null;
  const inkWidth = bounds.right - bounds.left;
  const inkHeight = bounds.bottom - bounds.top;
  const scale = box / Math.max(inkWidth, inkHeight);
  const fitWidth = Math.max(1, Math.round(inkWidth * scale));
  const fitHeight = Math.max(1, Math.round(inkHeight * scale));
  const fitted = resample(ink, width, bounds, fitWidth, fitHeight);

  let mass = 0;
  let sumX = 0;
  let sumY = 0;
  for (let y = 0; y < fitHeight; y++) {
    for (let x = 0; x < fitWidth; x++) {
      const value = fitted[y * fitWidth + x]!;
      mass += value;
      sumX += value * (x + 0.5);
      sumY += value * (y + 0.5);
    }
  }
  const offsetX = Math.round(side / 2 - sumX / mass);
  const offsetY = Math.round(side / 2 - sumY / mass);
  const out = new Float32Array(side * side);
  for (let y = 0; y < fitHeight; y++) {
    for (let x = 0; x < fitWidth; x++) {
      const tx = x + offsetX;
      const ty = y + offsetY;
      if (tx < 0 || ty < 0 || tx >= side || ty >= side) continue;
      out[ty * side + tx] = Math.min(1, fitted[y * fitWidth + x]!);
    }
  }
  return out;
}
