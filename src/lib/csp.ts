/**
 * The site's Content Security Policy, computed from the built pages.
 *
 * A static host cannot be trusted to send headers, so the policy travels as
 * a `<meta http-equiv>` in every page. Astro's own CSP support cannot be used:
 * it does not work with the client router, which keeps the WebLLM engine
 * alive across chapters. So after the build we hash every inline script of
 * every page and give each page the same policy with all those hashes: a
 * page the client router swaps in then runs under the policy of the page the
 * reader arrived on, and its inline scripts are already allowed.
 *
 * Scripts: our own files and those hashes, nothing inline or evaluated
 * besides, plus 'wasm-unsafe-eval' (WebAssembly for TensorFlow.js and
 * WebLLM). Styles allow 'unsafe-inline': Shiki colours every code token with a
 * style attribute, and the panels size bars and the chart's canvas with
 * them; style attributes cannot run code. Connections: this site, and the
 * hosts WebLLM downloads models and their compiled GPU code from (Hugging
 * Face redirects its files to hf.co subdomains).
 */

/** Inline `<script>` bodies in an HTML page (those without `src`), exactly as the browser hashes them. */
export function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1]!);
}

/** Origins (scheme and host) of `urls`, and for each host on Hugging Face the hf.co CDN it redirects to. */
export function connectOrigins(urls: readonly string[]): string[] {
  const origins = new Set<string>();
  for (const url of urls) {
    const { origin, hostname } = new URL(url);
    origins.add(origin);
    if (hostname === 'huggingface.co') {
      origins.add('https://*.huggingface.co');
      origins.add('https://*.hf.co');
    }
  }
  return [...origins].sort();
}

export interface PolicyInput {
  /** `'sha256-…'` sources for every inline script the site has. */
  scriptHashes: readonly string[];
  /** Origins besides the site that pages or workers may fetch from. */
  connectOrigins: readonly string[];
}

/** The policy text for the meta tag. `frame-ancestors` and `report-uri` are not allowed in a meta policy. */
export function buildPolicy({ scriptHashes, connectOrigins: hosts }: PolicyInput): string {
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'", "'wasm-unsafe-eval'", ...[...new Set(scriptHashes)].sort()],
    ['style-src', "'self'", "'unsafe-inline'"],
    ['img-src', "'self'", 'data:', 'blob:'],
    ['font-src', "'self'"],
    ['connect-src', "'self'", ...hosts],
    ['worker-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'self'"],
    ['form-action', "'self'"],
  ];
  return directives.map((parts) => parts.join(' ')).join('; ');
}

/**
 * `html` with the policy in `<head>`, after `<meta charset>` (which must stay
 * within the first 1024 bytes) and before any script it governs.
 */
export function withPolicy(html: string, policy: string): string {
  if (/http-equiv="content-security-policy"/i.test(html)) {
    throw new Error('This page already has a content-security-policy meta tag.');
  }
  const meta = `<meta http-equiv="content-security-policy" content="${policy.replace(/"/g, '&quot;')}">`;
  const anchor = /<meta charset="[^"]*"\s*\/?>/i.exec(html) ?? /<head[^>]*>/i.exec(html);
  if (!anchor) throw new Error('This page has no <head> to put the content-security-policy in.');
  const at = anchor.index + anchor[0].length;
  const firstScript = html.search(/<script/i);
  if (firstScript !== -1 && firstScript < at)
    throw new Error('A script comes before <meta charset>; the policy would not cover it.');
  return html.slice(0, at) + meta + html.slice(at);
}

/**
 * The headers file (`_headers`) that hosts with header support read
 * (Netlify, Cloudflare Pages): the same policy as the meta tag plus what
 * only a header can say, `frame-ancestors 'none'` (no other site may frame
 * the pages, so no click on the download button can be tricked), and the
 * usual hardening: no MIME sniffing, no referrer beyond the origin to other
 * sites. GitHub Pages ignores the file and sends none of these; the meta
 * policy still applies there, and the download checks for a frame itself.
 */
export function headersFile(policy: string): string {
  return [
    '/*',
    `  Content-Security-Policy: ${policy}; frame-ancestors 'none'`,
    '  X-Frame-Options: DENY',
    '  X-Content-Type-Options: nosniff',
    '  Referrer-Policy: strict-origin-when-cross-origin',
    '',
  ].join('\n');
}
