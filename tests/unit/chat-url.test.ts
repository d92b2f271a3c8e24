import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_TURNS, MULTI_TURN_EXAMPLE, toMessages, type Message } from '../../src/lib/chat/conversation';
import {
  CHAT_PARAM,
  decodeConversation,
  encodeConversation,
  readConversationParam,
  withConversationParam,
} from '../../src/lib/chat/url';

const message = fc.record({
  role: fc.constantFrom('user' as const, 'assistant' as const),
  // Full Unicode, plus the characters the format escapes, often.
  content: fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.string({ unit: fc.constantFrom('*', '\\', 'u', 'a', '&', '=', '+', '%', '#', ' '), maxLength: 12 }),
  ),
});
const conversation = fc.array(message, { maxLength: 8 });
const decodedMessages = (value: string) => {
  const result = decodeConversation(value);
  if (!result.ok) throw new Error(result.reason);
  return toMessages(result.conversation);
};

describe('the conversation in the URL', () => {
  it('is compact and readable for the documented example', () => {
    const href = withConversationParam(
      'https://example.org/chapters/chat-template/',
      toMessages(MULTI_TURN_EXAMPLE),
    ).href;
    expect(href).toBe(
      'https://example.org/chapters/chat-template/?chat=uHello%2C+how+are+you%3F*aI%27m+doing+great.+How+can+I+help+you+today%3F*uI%27d+like+to+show+off+how+chat+templating+works%21',
    );
  });

  it('round-trips any conversation through the encoded string', () => {
    fc.assert(
      fc.property(conversation, (messages) => {
        expect(decodedMessages(encodeConversation(messages))).toEqual(messages);
      }),
    );
  });

  it('round-trips any conversation through a full address, keeping other parameters and the fragment', () => {
    fc.assert(
      fc.property(conversation, (messages) => {
        const { href } = withConversationParam('https://example.org/x/?theme=dark#panel', messages);
        const url = new URL(href);
        expect(url.searchParams.get('theme')).toBe('dark');
        expect(url.hash).toBe('#panel');
        const read = readConversationParam(url.search);
        expect(read.kind === 'conversation' && toMessages(read.conversation)).toEqual(messages);
      }),
    );
  });

  it('keeps an empty turn and an empty conversation apart from a missing parameter', () => {
    expect(decodedMessages('')).toEqual([]);
    expect(decodedMessages('u')).toEqual([{ role: 'user', content: '' }]);
    expect(decodedMessages('u*a')).toEqual([
      { role: 'user', content: '' },
      { role: 'assistant', content: '' },
    ]);
    expect(readConversationParam('?other=1')).toEqual({ kind: 'absent' });
    expect(readConversationParam(`?${CHAT_PARAM}=`)).toMatchObject({
      kind: 'conversation',
      conversation: [],
    });
  });

  it('never throws on garbage: it says what is wrong so the page can fall back to the seed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (garbage) => {
        const read = readConversationParam(`?${CHAT_PARAM}=${garbage}`);
        expect(['conversation', 'damaged', 'absent']).toContain(read.kind);
      }),
    );
    const reasons = ['x', 'uok*zbad', 'uends\\', 'u*'.repeat(MAX_TURNS) + 'u', 'u'.repeat(64_001)].map(
      (value) => {
        const result = decodeConversation(value);
        return result.ok ? 'ok' : result.reason;
      },
    );
    expect(reasons).toEqual([
      'turn 1 does not start with u (user) or a (assistant)',
      'turn 2 does not start with u (user) or a (assistant)',
      'it ends in the middle of an escape (\\)',
      `it has ${MAX_TURNS + 1} turns; the editor holds ${MAX_TURNS}`,
      'it is longer than any link this site writes',
    ]);
    expect(readConversationParam('?chat=%E0%A4%A').kind).toBe('damaged');
    expect(readConversationParam('?chat=zzz')).toEqual({
      kind: 'damaged',
      note: 'The link’s conversation could not be read (turn 1 does not start with u (user) or a (assistant)), so the panel shows the seed example instead.',
    });
  });

  it('leaves a conversation with a broken character out of the address, instead of changing it to U+FFFD', () => {
    const messages: Message[] = [{ role: 'user', content: 'half \uD83D emoji' }];
    expect(withConversationParam('https://example.org/?chat=uold', messages)).toEqual({
      href: 'https://example.org/',
      refused: { reason: 'broken-character' },
    });
  });

  it('drops the parameter for the default conversation, and for one over 6,000 encoded bytes', () => {
    expect(withConversationParam('https://example.org/a/?chat=uold&x=1', null)).toEqual({
      href: 'https://example.org/a/?x=1',
      refused: null,
    });
    // "chat=u" is 6 bytes; 5,994 x's fill the budget exactly, one more is over.
    const fits: Message[] = [{ role: 'user', content: 'x'.repeat(5_994) }];
    expect(withConversationParam('https://example.org/a/', fits).refused).toBeNull();
    const over: Message[] = [{ role: 'user', content: 'x'.repeat(5_995) }];
    expect(withConversationParam('https://example.org/a/?chat=uold', over)).toEqual({
      href: 'https://example.org/a/',
      refused: { reason: 'too-long', bytes: 6_001, budget: 6_000 },
    });
    // A CJK character is 3 UTF-8 bytes, each written %XX: 9 address bytes. 666 fit, 667 do not.
    const cjk = (n: number): Message[] => [{ role: 'user', content: '語'.repeat(n) }];
    expect(withConversationParam('https://example.org/a/', cjk(666)).refused).toBeNull();
    expect(withConversationParam('https://example.org/a/', cjk(667)).refused).toMatchObject({ bytes: 6_009 });
  });
});
