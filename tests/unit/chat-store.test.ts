import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  addTurn,
  editTurn,
  MULTI_TURN_EXAMPLE,
  SEED_CONVERSATION,
  toMessages,
} from '../../src/lib/chat/conversation';
import {
  $conversation,
  $conversationLinkNote,
  $conversationOutOfAddress,
  connectConversationToPage,
  STORAGE_KEY,
  URL_WRITE_DELAY_MS,
  type PageLike,
} from '../../src/lib/chat/store';

/** A page stand-in: an address that replaceState rewrites, tab storage, and popstate listeners. */
function fakePage(href: string, stored: Record<string, string> = {}) {
  const listeners = new Set<() => void>();
  const writes: string[] = [];
  const page: PageLike & { writes: string[]; storage: Record<string, string>; goTo(href: string): void } = {
    location: { href, search: new URL(href).search },
    history: {
      replaceState(_data, _unused, url) {
        writes.push(url);
        page.location = { href: url, search: new URL(url).search };
      },
    },
    sessionStorage: {
      getItem: (key) => stored[key] ?? null,
      setItem: (key, value) => void (stored[key] = value),
    },
    addEventListener: (_type, listener) => void listeners.add(listener),
    removeEventListener: (_type, listener) => void listeners.delete(listener),
    writes,
    storage: stored,
    goTo(next) {
      page.location = { href: next, search: new URL(next).search };
      listeners.forEach((listener) => listener());
    },
  };
  return page;
}

const PAGE = 'https://example.org/chapters/chat-template/';
let disconnect: (() => void) | null = null;

beforeEach(() => {
  vi.useFakeTimers();
  $conversation.set(SEED_CONVERSATION);
  $conversationLinkNote.set(null);
  $conversationOutOfAddress.set(false);
});
afterEach(() => {
  disconnect?.();
  disconnect = null;
  vi.useRealTimers();
});

describe('the shared conversation and the page address', () => {
  it('shows the seed, with a clean address, when the link carries nothing', () => {
    const page = fakePage(PAGE);
    disconnect = connectConversationToPage(page);
    expect(toMessages($conversation.get())).toEqual(toMessages(SEED_CONVERSATION));
    expect(page.location.href).toBe(PAGE);
    expect($conversationLinkNote.get()).toBeNull();
  });

  it('loads the link’s conversation', () => {
    disconnect = connectConversationToPage(fakePage(`${PAGE}?chat=uHi*aHello!`));
    expect(toMessages($conversation.get())).toEqual([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
    ]);
  });

  it('falls back to the seed with a note when the link is damaged, and leaves the address alone until an edit', () => {
    const page = fakePage(`${PAGE}?chat=%%%garbage`);
    disconnect = connectConversationToPage(page);
    expect($conversation.get()).toEqual(SEED_CONVERSATION);
    expect($conversationLinkNote.get()).toMatch(
      /^The link’s conversation could not be read \(turn 1 does not start with u/,
    );
    expect($conversationOutOfAddress.get()).toBe(false);
    expect(page.writes).toEqual([]);
    $conversation.set(addTurn($conversation.get()));
    vi.advanceTimersByTime(URL_WRITE_DELAY_MS);
    expect(page.location.href).toBe(`${PAGE}?chat=uCan+you+write+an+email+explaining+what+an+LLM+is%3F*a`);
    expect($conversationLinkNote.get()).toBeNull();
  });

  it('writes edits to the address once typing settles, and back to a clean address for the seed', () => {
    const page = fakePage(PAGE);
    disconnect = connectConversationToPage(page);
    for (const content of ['H', 'Hi', 'Hi!'])
      $conversation.set(editTurn($conversation.get(), 1, { content }));
    expect(page.writes).toEqual([]);
    vi.advanceTimersByTime(URL_WRITE_DELAY_MS);
    expect(page.writes).toEqual([`${PAGE}?chat=uHi%21`]);
    expect(page.storage[STORAGE_KEY]).toBe('uHi!');
    $conversation.set(SEED_CONVERSATION);
    vi.advanceTimersByTime(URL_WRITE_DELAY_MS);
    expect(page.location.href).toBe(PAGE);
  });

  it('finds this tab’s conversation on a page whose address carries none (the next chapter)', () => {
    const page = fakePage('https://example.org/chapters/one-token/', { [STORAGE_KEY]: 'uFrom chapter two' });
    disconnect = connectConversationToPage(page);
    expect($conversation.get()[0]!.content).toBe('From chapter two');
    expect(page.location.href).toBe('https://example.org/chapters/one-token/?chat=uFrom+chapter+two');
  });

  it('says so when a conversation is too long for the address, and keeps it in the tab', () => {
    const page = fakePage(`${PAGE}?chat=uold`);
    disconnect = connectConversationToPage(page);
    const long = 'x'.repeat(6_000);
    $conversation.set(editTurn($conversation.get(), 1, { content: long }));
    vi.advanceTimersByTime(URL_WRITE_DELAY_MS);
    expect(page.location.href).toBe(PAGE);
    expect($conversationLinkNote.get()).toBe(
      'This conversation is too long for the page’s address: it would take 6,006 bytes there, over the 6,000 each part may take so that any server or chat app opens the link; a copied link will not bring it back. It stays here while this tab is open; to keep it, save it as a file.',
    );
    expect(page.storage[STORAGE_KEY]).toBe(`u${long}`);
    // This note, unlike the one about a damaged link, comes with the offer to save the conversation as a file.
    expect($conversationOutOfAddress.get()).toBe(true);
  });

  it('restores the conversation of the history entry the reader goes back to', () => {
    const page = fakePage(PAGE);
    disconnect = connectConversationToPage(page);
    page.goTo(
      `${PAGE}?chat=${encodeURIComponent("uHello, how are you?*aI'm doing great. How can I help you today?*uI'd like to show off how chat templating works!")}`,
    );
    expect(toMessages($conversation.get())).toEqual(toMessages(MULTI_TURN_EXAMPLE));
  });

  it('keeps working when the browser refuses storage and address rewrites', () => {
    const page = fakePage(PAGE);
    page.history.replaceState = () => {
      throw new Error('SecurityError: too many calls');
    };
    page.sessionStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    disconnect = connectConversationToPage(page);
    $conversation.set(addTurn($conversation.get(), 'assistant', 'ok'));
    expect(() => vi.advanceTimersByTime(URL_WRITE_DELAY_MS)).not.toThrow();
    expect($conversation.get()).toHaveLength(2);
  });

  it('keeps a pending edit in the tab when the last island disconnects, without touching the next page’s address', () => {
    const page = fakePage(PAGE);
    const first = connectConversationToPage(page);
    const second = connectConversationToPage(page);
    $conversation.set(editTurn($conversation.get(), 1, { content: 'bye' }));
    first();
    first();
    expect(page.storage[STORAGE_KEY]).not.toBe('ubye');
    // The client router has already moved the address on when the panel unmounts.
    page.location = { href: 'https://example.org/chapters/tokens/', search: '' };
    second();
    vi.advanceTimersByTime(URL_WRITE_DELAY_MS);
    expect(page.storage[STORAGE_KEY]).toBe('ubye');
    expect(page.location.href).toBe('https://example.org/chapters/tokens/');
  });

  it('keeps the history entry’s state when it rewrites the address (the client router keeps its own there)', () => {
    const page = fakePage(PAGE);
    const states: unknown[] = [];
    const replace = page.history.replaceState.bind(page.history);
    page.history = {
      state: { index: 3 },
      replaceState: (data, unused, url) => {
        states.push(data);
        replace(data, unused, url);
      },
    };
    disconnect = connectConversationToPage(page);
    $conversation.set(editTurn($conversation.get(), 1, { content: 'kept' }));
    vi.advanceTimersByTime(URL_WRITE_DELAY_MS);
    expect(states).toEqual([{ index: 3 }]);
  });
});
