import { useLayoutEffect } from 'preact/hooks';
import {
  addressForSampling,
  MAX_NEW_TOKENS_PARAM,
  SAMPLING_PARAMS,
  samplingFromAddress,
} from '../../src/lib/generation/sampling-address';
import { $maxNewTokensInput, $samplingInput } from '../../src/lib/generation/store';
import { addressWriter, replaceAddress } from '../../src/lib/page-address';

/**
 * Keeps the sampling settings in the page address (src/lib/generation/
 * sampling-address.ts). A link that carries settings sets the boxes; a page
 * reached without them (say, by the client router from the other chapter,
 * with settings already typed) writes the current ones into its address.
 * A layout effect, so that a value typed before the panel woke (TextField)
 * is applied after the address's and wins.
 */
export function useSamplingAddress() {
  useLayoutEffect(() => {
    const params = new URL(location.href).searchParams;
    const names = [...Object.values(SAMPLING_PARAMS), MAX_NEW_TOKENS_PARAM];
    if (names.some((name) => params.has(name))) {
      const fromAddress = samplingFromAddress(location.href);
      $samplingInput.set(fromAddress.sampling);
      $maxNewTokensInput.set(fromAddress.maxNewTokens);
    }
    const withSettings = (href: string) =>
      addressForSampling(href, { sampling: $samplingInput.get(), maxNewTokens: $maxNewTokensInput.get() });
    replaceAddress(window, withSettings(location.href));
    const address = addressWriter(window);
    const schedule = () => address.schedule(withSettings);
    const stopSampling = $samplingInput.listen(schedule);
    const stopLimit = $maxNewTokensInput.listen(schedule);
    return () => {
      address.cancel();
      stopSampling();
      stopLimit();
    };
  }, []);
}
