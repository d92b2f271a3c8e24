import { DigitThumb } from './DigitThumb';
import { formatCount, formatPercent } from '../../src/lib/core/format';
import type { DigitImage } from '../../src/lib/mlp/protocol';

/** Held-out digits the trained network got wrong, each with its label and the network's answer. */
export function MisclassifiedDigits({
  images,
  heldOut,
  accuracy,
}: {
  images: readonly DigitImage[];
  heldOut: number;
  accuracy: number;
}) {
  const wrong = Math.round(heldOut * (1 - accuracy));
  if (images.length === 0)
    return <p>It got every one of the {formatCount(heldOut)} held-out digits right.</p>;
  return (
    <>
      <p>
        It got {formatCount(wrong)} of the {formatCount(heldOut)} held-out digits wrong. The first{' '}
        {images.length}:
      </p>
      <ul class="digit-thumbs">
        {images.map((image, i) => {
          const said = `network said ${image.predicted} (${formatPercent(image.confidence ?? 0, 1)})`;
          return (
            <li key={i}>
              <figure>
                <DigitThumb pixels={image.pixels} label={`A handwritten digit labelled ${image.label}`} />
                <figcaption>
                  label {image.label}
                  <br />
                  {said}
                </figcaption>
              </figure>
            </li>
          );
        })}
      </ul>
    </>
  );
}
