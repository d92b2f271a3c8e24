import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ADDRESS_WRITE_DELAY_MS, addressWriter, replaceAddress } from '../../src/lib/page-address';

/** A stand-in for the browser's location and history: replaceState moves the address, keeping state. */
function fakePage(start: string) {
  const page = {
    location: { href: start },
    history: {
      state: { astro: 'router data' } as unknown,
      writes: [] as { state: unknown; url: string }[],
      replaceState(state: unknown, _unused: string, url: string) {
        page.history.writes.push({ state, url });
        page.location.href = url;
      },
    },
  };
  return page;
}

describe('writing the page address', () => {
  let page: ReturnType<typeof fakePage>;
  beforeEach(() => {
    vi.useFakeTimers();
    page = fakePage('https://site.example/chapters/tokens/');
    vi.stubGlobal('location', page.location);
    vi.stubGlobal('history', page.history);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('replaces the address in place, keeps history.state, and skips an unchanged one', () => {
    replaceAddress('https://site.example/chapters/tokens/');
    replaceAddress('https://site.example/chapters/tokens/?text=a');
    expect(page.history.writes).toEqual([
      { state: { astro: 'router data' }, url: 'https://site.example/chapters/tokens/?text=a' },
    ]);
  });

  it('writes only the last of a burst, once the delay has passed, from the address at that moment', () => {
    const writer = addressWriter();
    for (const text of ['a', 'ab', 'abc']) writer.schedule((href) => `${href.split('?')[0]}?text=${text}`);
    vi.advanceTimersByTime(ADDRESS_WRITE_DELAY_MS - 1);
    expect(page.history.writes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(page.history.writes.map((write) => write.url)).toEqual([
      'https://site.example/chapters/tokens/?text=abc',
    ]);

    writer.schedule(() => 'https://site.example/chapters/tokens/?text=never');
    writer.cancel();
    vi.advanceTimersByTime(ADDRESS_WRITE_DELAY_MS * 2);
    expect(page.history.writes).toHaveLength(1);
  });
});
