/**
 * A test-only switch: the end-to-end tests cannot reach Hugging Face, so they
 * store a host of their own under this localStorage key and WebLLM fetches the
 * model files from there (see `modelRecordFor` in models.ts). Readers never
 * have the key, so they always get the real URLs. Only a URL on the page's own
 * origin is honoured: the switch cannot send anyone's browser to a third host.
 */
export const TEST_MODEL_HOST_KEY = 'llm-explainer:test-model-host';

export function readTestModelHost(
  storage: Pick<Storage, 'getItem'> | null,
  pageOrigin: string,
): string | null {
  let value: string | null;
  try {
    value = storage?.getItem(TEST_MODEL_HOST_KEY) ?? null;
  } catch {
    return null;
  }
  if (!value) return null;
  try {
    const url = new URL(value, pageOrigin);
    return url.origin === pageOrigin ? url.href : null;
  } catch {
    return null;
  }
}
