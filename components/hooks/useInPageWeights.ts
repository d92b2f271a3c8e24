import { useEffect, useState } from 'preact/hooks';
import { modelsUrl } from '../page/site-urls';
import type { GlassBoxWeights } from '../../src/lib/glassbox/weights';
import { glassBoxWeights } from '../../src/lib/model/layer-trace';
import { loadPocketWeights } from '../../src/lib/pocket/load';
import { POCKET_WEIGHTS_FILE, type InPageModelId } from '../../src/lib/pocket/models';

export type WeightsState =
  | { phase: 'loading'; loaded: number; total: number | null }
  | { phase: 'ready'; weights: GlassBoxWeights }
  | { phase: 'error'; message: string };

/**
 * An in-page model's weights in this page: the pocket model's downloaded
 * (once per page, shared with every panel that asks) and read, or the
 * untrained model's drawn from its seed. `retry` asks again after a failure.
 */
export function useInPageWeights(model: InPageModelId) {
  const [state, setState] = useState<WeightsState>({ phase: 'loading', loaded: 0, total: null });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    setState({ phase: 'loading', loaded: 0, total: null });
    const load =
      model === 'pocket'
        ? loadPocketWeights(`${modelsUrl()}${POCKET_WEIGHTS_FILE}`, ({ loaded, total }) => {
            if (current) setState({ phase: 'loading', loaded, total });
          })
        : Promise.resolve().then(() => glassBoxWeights());
    load.then(
      (weights) => current && setState({ phase: 'ready', weights }),
      (error: Error) => current && setState({ phase: 'error', message: error.message }),
    );
    return () => {
      current = false;
    };
  }, [model, attempt]);
  return { state, retry: () => setAttempt((n) => n + 1) };
}
