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
  });
  afterEach(() => vi.useRealTimers());

  it('replaces the address in place, keeps history.state, and skips an unchanged one', () => {
    replaceAddress(page, 'https://site.example/chapters/tokens/');
    replaceAddress(page, 'https://site.example/chapters/tokens/?text=a');
    expect(page.history.writes).toEqual([
      { state: { astro: 'router data' }, url: 'https://site.example/chapters/tokens/?text=a' },
    ]);
  });

  it('writes null for an entry without state, as a browser keeps it', () => {
    page.history.state = undefined;
    replaceAddress(page, 'https://site.example/chapters/tokens/?text=b');
    expect(page.history.writes).toEqual([
      { state: null, url: 'https://site.example/chapters/tokens/?text=b' },
    ]);
  });

  it('writes only the last of a burst, once the delay has passed, from the address at that moment', () => {
    const writer = addressWriter(page);
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
