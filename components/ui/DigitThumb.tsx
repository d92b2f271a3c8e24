import { useEffect, useRef } from 'preact/hooks';

/** A 28x28 digit (bytes 0-255 or numbers 0-1), drawn white on black and scaled up without blurring. */
export function DigitThumb({
  pixels,
  label,
  side = 28,
}: {
  pixels: ArrayLike<number>;
  label: string;
  side?: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const image = context.createImageData(side, side);
    const scale = pixels instanceof Uint8Array ? 1 : 255;
    for (let i = 0; i < side * side; i++) {
      const value = Math.round((pixels[i] ?? 0) * scale);
      image.data.set([value, value, value, 255], i * 4);
    }
    context.putImageData(image, 0, 0);
  }, [pixels, side]);
  return <canvas class="digit-thumb" ref={canvas} width={side} height={side} role="img" aria-label={label} />;
}
