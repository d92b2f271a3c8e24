import { atom } from 'nanostores';
import { ADDRESS_WRITE_DELAY_MS, refusalNote, replaceAddress, type AddressBar } from '../page-address';
import { sameMessages, SEED_CONVERSATION, toMessages, type Conversation } from './conversation';
import { decodeConversation, encodeConversation, readConversationParam, withConversationParam } from './url';

/**
 * The conversation the reader is editing, shared by every island on the page
 * that needs it (the chat-template panel writes it; the "one token" panel
 * reads it to know which ids to feed the model). It starts as the seed, the
 * same on the server and in the browser; `connectConversationToPage` then
 * loads the link's conversation and keeps the link up to date.
 */
export const $conversation = atom<Conversation>(SEED_CONVERSATION);

/** Something to say about the link itself (damaged, or too long to carry the conversation); null when all is well. */
export const $conversationLinkNote = atom<string | null>(null);
/** Whether the note says the conversation is left out of the address (too long, a broken character): then it can be saved as a file. */
export const $conversationOutOfAddress = atom(false);

/** Where the conversation is kept between pages of one tab, so the next chapter finds it. */
export const STORAGE_KEY = 'llm-explainer:chat';

/** How long edits settle before the address is rewritten (Safari refuses more than 100 rewrites in 30 s). */
export const URL_WRITE_DELAY_MS = ADDRESS_WRITE_DELAY_MS;

/** The parts of `window` the sync uses; tests pass a stand-in. */
export interface PageLike extends AddressBar {
  location: { href: string; search: string };
  sessionStorage?:
    { getItem(key: string): string | null; setItem(key: string, value: string): void } | undefined;
  addEventListener(type: 'popstate', listener: () => void): void;
  removeEventListener(type: 'popstate', listener: () => void): void;
}

/** Storage can throw (private modes, quotas, sandboxed frames); the conversation works without it. */
function tryStorage<T>(action: () => T): T | null {
  try {
    return action();
  } catch {
    return null;
  }
}

/**
 * The conversation a page opens with: the address's `?chat=`, else the tab's
 * stored one, else the seed (a damaged link gives the seed and a note; a
 * damaged stored value, the seed). It only reads, so a figure that shows the
 * conversation without owning it (the journey) calls it too.
 */
export function openingConversation(page: Pick<PageLike, 'location' | 'sessionStorage'>): {
  conversation: Conversation;
  note: string | null;
} {
  const fromUrl = readConversationParam(page.location.search);
  if (fromUrl.kind === 'conversation') return { conversation: fromUrl.conversation, note: null };
  if (fromUrl.kind === 'damaged') return { conversation: SEED_CONVERSATION, note: fromUrl.note };
  const stored = tryStorage(() => page.sessionStorage?.getItem(STORAGE_KEY) ?? null);
  const decoded = stored === null ? null : decodeConversation(stored);
  return { conversation: decoded?.ok ? decoded.conversation : SEED_CONVERSATION, note: null };
}

function writeToStorage(page: PageLike, conversation: Conversation) {
  tryStorage(() => page.sessionStorage?.setItem(STORAGE_KEY, encodeConversation(toMessages(conversation))));
}

function writeToPage(page: PageLike, conversation: Conversation) {
  const messages = toMessages(conversation);
  const isSeed = sameMessages(conversation, SEED_CONVERSATION);
  const { href, refused } = withConversationParam(page.location.href, isSeed ? null : messages);
  $conversationOutOfAddress.set(refused !== null);
  $conversationLinkNote.set(
    refused &&
      `${refusalNote('This conversation', refused)} It stays here while this tab is open; to keep it, save it as a file.`,
  );
  // Browsers can refuse to rewrite the address (too often, or in a sandbox); the conversation is still in the store.
  // replaceAddress keeps the entry's state: Astro's client router stores its own there and ignores entries without it on Back.
  tryStorage(() => replaceAddress(page, href));
  writeToStorage(page, conversation);
}

let connections = 0;
let disconnect: (() => void) | null = null;

/**
 * Loads the conversation from the page's address (`?chat=`), or else from
 * this tab's storage, or else the seed; then writes every change back to the
 * address (shortly after the reader stops typing) and to the tab's storage.
 * A damaged parameter never throws: the seed is shown with a note. Calls are
 * counted, so several islands can connect; the last one out disconnects.
 */
export function connectConversationToPage(page: PageLike): () => void {
  connections++;
  if (connections === 1) {
    const { conversation, note } = openingConversation(page);
    $conversation.set(conversation);
    $conversationLinkNote.set(note);
    // A damaged parameter stays in the address until the reader edits, so they can see what was wrong with it.
    if (note === null) writeToPage(page, conversation);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      clearTimeout(timer);
      timer = undefined;
      writeToPage(page, $conversation.get());
    };
    const unlisten = $conversation.listen(() => {
      clearTimeout(timer);
      timer = setTimeout(flush, URL_WRITE_DELAY_MS);
    });
    // Back and forward within the page restore that entry's conversation.
    const onPopState = () => {
      const restored = openingConversation(page);
      $conversation.set(restored.conversation);
      $conversationLinkNote.set(restored.note);
    };
    page.addEventListener('popstate', onPopState);
    disconnect = () => {
      // An edit still waiting goes to the tab's storage only: with Astro's client router the panel unmounts
      // after the address has already changed to the next page, whose address is not ours to rewrite.
      if (timer !== undefined) writeToStorage(page, $conversation.get());
      clearTimeout(timer);
      unlisten();
      page.removeEventListener('popstate', onPopState);
    };
  }
  let connected = true;
  return () => {
    if (!connected) return;
    connected = false;
    if (--connections === 0) {
      disconnect?.();
      disconnect = null;
    }
  };
}
