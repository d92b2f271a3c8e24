import { useCallback, useLayoutEffect, useRef, useState } from 'preact/hooks';
import {
  createTokenizerClient,
  type TokenizerClient,
  type TokenizerState,
} from '../../src/lib/tokenizer/client';
import { modelsUrl } from '../page/site-urls';
import { createTokenizerWorker } from '../page/workers';

/**
 * Connects a panel to a tokenizer worker of its own. The worker (and
 * transformers.js with it) is created on mount, which for a `client:visible`
 * island means when the panel scrolls into view: never with the page. A
 * layout effect, so the client exists before the panel's own start-up
 * effects (reading the address, text typed before hydration) ask it for
 * tokens.
 */
export function useTokenizer(initialText: string) {
  const [state, setState] = useState<TokenizerState>({ phase: 'loading' });
  const client = useRef<TokenizerClient | null>(null);

  useLayoutEffect(() => {
    const created = createTokenizerClient(createTokenizerWorker, modelsUrl(), setState);
    client.current = created;
    created.tokenize(initialText);
    return () => created.dispose();
  }, [initialText]);

  // Stable functions: the worker lives in a ref, so a panel's effects can depend on them.
  const tokenize = useCallback((text: string) => client.current?.tokenize(text), []);
  const retry = useCallback(() => client.current?.retry(), []);
  return { state, tokenize, retry };
}
