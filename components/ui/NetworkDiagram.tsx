import type { LinearLayer } from '../../src/lib/core/parameters';
import { formatCount } from '../../src/lib/core/format';

/**
 * The network as columns of numbers joined by the layers that transform
 * them: plain HTML, so it reads as a list. One row when the panel is wide
 * enough, one column (arrows pointing down) when it is not, decided by the
 * panel's own width (a container query), not the window's.
 */
export function NetworkDiagram({ layers }: { layers: readonly LinearLayer[] }) {
  const widths = [layers[0]?.inFeatures ?? 0, ...layers.map((layer) => layer.outFeatures)];
  const role = (i: number) =>
    i === 0 ? 'inputs (pixels)' : i === widths.length - 1 ? 'outputs (scores)' : 'hidden, ReLU';
  const items = widths.flatMap((width, i) => {
    const layer = layers[i];
    const column = (
      <li class="network__layer" key={`layer-${i}`}>
        <span class="network__width">{formatCount(width)}</span>
        <span class="network__name">{role(i)}</span>
      </li>
    );
    if (!layer) return [column];
    return [
      column,
      <li class="network__link" key={`link-${i}`}>
        <span class="network__arrow" aria-hidden="true">
          →
        </span>
        <code>{layer.name}</code>
        <span class="network__shape">
          {formatCount(layer.inFeatures)}×{formatCount(layer.outFeatures)} weights +{' '}
          {formatCount(layer.outFeatures)} biases
        </span>
      </li>,
    ];
  });
  return (
    <div class="network-frame">
      <ol class="network" aria-label="The network, layer by layer">
        {items}
      </ol>
    </div>
  );
}
