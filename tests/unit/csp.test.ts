import { describe, expect, it } from 'vitest';
import { buildPolicy, connectOrigins, inlineScripts, withPolicy } from '../../src/lib/csp';

const page = (head: string, body = '') =>
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;

describe('inlineScripts', () => {
  it('returns the bodies of scripts without src, byte for byte, and skips external ones', () => {
    const html = page(
      '<script>  let a = 1;\n</script><script type="module" src="/_astro/x.js"></script>',
      '<script type="module">import("/y.js")</script>',
    );
    expect(inlineScripts(html)).toEqual(['  let a = 1;\n', 'import("/y.js")']);
  });
});

describe('connectOrigins', () => {
  it('keeps only origins, adds the CDN Hugging Face redirects to, and sorts them', () => {
    expect(
      connectOrigins([
        'https://huggingface.co/mlc-ai/Mistral-7B-Instruct-v0.2-q4f16_1-MLC',
        'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/x.wasm',
        'https://huggingface.co/mlc-ai/other',
      ]),
    ).toEqual([
      'https://*.hf.co',
      'https://*.huggingface.co',
      'https://huggingface.co',
      'https://raw.githubusercontent.com',
    ]);
  });
});

describe('buildPolicy', () => {
  const policy = buildPolicy({
    scriptHashes: ["'sha256-b'", "'sha256-a'", "'sha256-b'"],
    connectOrigins: ['https://huggingface.co'],
  });
  const directive = (name: string) =>
    policy
      .split('; ')
      .find((part) => part.startsWith(`${name} `))
      ?.split(' ')
      .slice(1);

  it('allows our own scripts, WebAssembly and the listed hashes, and nothing inline or evaluated', () => {
    expect(directive('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'", "'sha256-a'", "'sha256-b'"]);
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  });

  it('lets pages and workers reach this site and the model hosts only', () => {
    expect(directive('connect-src')).toEqual(["'self'", 'https://huggingface.co']);
    expect(directive('worker-src')).toEqual(["'self'"]);
    expect(directive('object-src')).toEqual(["'none'"]);
    expect(directive('default-src')).toEqual(["'self'"]);
  });
});

describe('withPolicy', () => {
  it('puts the meta tag right after <meta charset>, before the first script, quotes escaped', () => {
    const html = page('<title>x</title><script>1</script>');
    const out = withPolicy(html, `script-src 'self' "x"`);
    expect(out).toContain(
      '<meta charset="utf-8"><meta http-equiv="content-security-policy" content="script-src \'self\' &quot;x&quot;"><title>',
    );
    expect(out.indexOf('content-security-policy')).toBeLessThan(out.indexOf('<script>'));
  });

  it('refuses a page that already has a policy, has no head, or runs a script before its charset', () => {
    const once = withPolicy(page(''), "default-src 'self'");
    expect(() => withPolicy(once, "default-src 'self'")).toThrow('already has a content-security-policy');
    expect(() => withPolicy('<p>no head</p>', "default-src 'self'")).toThrow('has no <head>');
    expect(() =>
      withPolicy('<html><head><script>1</script><meta charset="utf-8"></head></html>', "default-src 'self'"),
    ).toThrow('A script comes before <meta charset>');
  });
});
