import { describe, expect, it } from 'vitest';
import { inForeignFrame, type FramedWindow } from '../../src/lib/framing';
import { buildPolicy, headersFile } from '../../src/lib/csp';

const at = (origin: string) => ({ location: { origin } });

describe('inForeignFrame', () => {
  it('is false for a page in its own tab, and for one framed by the same site', () => {
    const own = at('https://site.example') as FramedWindow & { self: unknown };
    expect(inForeignFrame({ ...own, self: own, top: null })).toBe(false);
    const alone = { location: { origin: 'https://site.example' } } as { location: { origin: string } };
    const page: FramedWindow = { self: alone, top: alone as FramedWindow['top'], location: alone.location };
    expect(inForeignFrame(page)).toBe(false);
    expect(
      inForeignFrame({
        self: {},
        top: at('https://site.example'),
        location: at('https://site.example').location,
      }),
    ).toBe(false);
  });

  it('is true inside another origin’s frame, including one whose location cannot be read', () => {
    expect(
      inForeignFrame({
        self: {},
        top: at('https://evil.example'),
        location: at('https://site.example').location,
      }),
    ).toBe(true);
    const crossOrigin = {
      get location(): { origin: string } {
        throw new DOMException('Blocked a frame from accessing a cross-origin frame.', 'SecurityError');
      },
    };
    expect(
      inForeignFrame({ self: {}, top: crossOrigin, location: at('https://site.example').location }),
    ).toBe(true);
  });
});

describe('headersFile', () => {
  it('sends the meta policy plus frame-ancestors and the hardening headers, for every path', () => {
    const policy = buildPolicy({
      scriptHashes: ["'sha256-abc'"],
      connectOrigins: ['https://huggingface.co'],
    });
    const lines = headersFile(policy).split('\n');
    expect(lines[0]).toBe('/*');
    expect(lines).toContain(`  Content-Security-Policy: ${policy}; frame-ancestors 'none'`);
    expect(lines).toContain('  X-Frame-Options: DENY');
    expect(lines).toContain('  X-Content-Type-Options: nosniff');
    expect(lines).toContain('  Referrer-Policy: strict-origin-when-cross-origin');
  });
});
