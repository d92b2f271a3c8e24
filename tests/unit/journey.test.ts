import { describe, expect, it } from 'vitest';
import { fromMessages, SEED_CONVERSATION } from '../../src/lib/chat/conversation';
import { openingConversation } from '../../src/lib/chat/store';
import { encodeConversation } from '../../src/lib/chat/url';
import {
  JOURNEY_STAGES,
  journeyLinks,
  litBy,
  MODEL_WEIGHTS_LABEL,
  piecesPreview,
  promptJourney,
  seedPieces,
  shortenText,
} from '../../src/lib/journey';
import { scoreBars, stripCells } from '../../src/lib/journey-glyphs';

const chapter = (order: number, slug: string, title: string) => ({
  id: `${String(order).padStart(2, '0')}-${slug}`,
  data: { order, title },
});
const CHAPTERS = [
  chapter(2, 'chat-template', 'The chat template'),
  chapter(1, 'tokens', 'Tokens'),
  chapter(3, 'loading-the-model', 'Loading the model'),
  chapter(4, 'one-token', 'One token'),
  chapter(5, 'the-loop', 'The loop'),
  chapter(6, 'parameters', 'Parameters'),
  chapter(7, 'inside-mistral', 'Inside Mistral'),
];

describe('the journey’s steps and their chapters', () => {
  it('has the eight steps in the order a prompt takes them', () => {
    expect(JOURNEY_STAGES.map((stage) => `${stage.step} ${stage.name}`)).toEqual([
      '1 Text',
      '2 Tokens',
      '3 Template ids',
      '4 Embeddings',
      '5 Layers',
      '6 Scores',
      '7 Pick',
      '8 Appended',
    ]);
  });

  it('lights each chapter’s own steps, and the model’s frame for chapters 3 and 6', () => {
    expect(litBy(1)).toEqual({ stages: ['text', 'tokens'], model: null });
    expect(litBy(2)).toEqual({ stages: ['template'], model: null });
    expect(litBy(3)).toEqual({ stages: [], model: 'loading' });
    expect(litBy(4)).toEqual({ stages: ['scores', 'pick'], model: null });
    expect(litBy(5)).toEqual({ stages: ['appended'], model: null });
    expect(litBy(6)).toEqual({ stages: [], model: 'weights' });
    expect(litBy(7)).toEqual({ stages: ['embeddings', 'layers'], model: null });
    expect(litBy(null)).toEqual({ stages: [], model: null });
  });

  it('every chapter lights something, so no chapter page shows the figure unlit', () => {
    for (let order = 1; order <= 7; order++) {
      const { stages, model } = litBy(order);
      expect(stages.length > 0 || model !== null, `chapter ${order}`).toBe(true);
    }
  });

  it('links each chapter under the base path, from the chapter list', () => {
    const links = journeyLinks(CHAPTERS, '/llm-explainer/');
    expect(links[1]).toEqual({ order: 1, title: 'Tokens', href: '/llm-explainer/chapters/tokens/' });
    expect(links[7]?.href).toBe('/llm-explainer/chapters/inside-mistral/');
    expect(journeyLinks(CHAPTERS, '/')[3]?.href).toBe('/chapters/loading-the-model/');
    expect(Object.keys(links).map(Number).sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('fails the build with a message naming the missing chapter', () => {
    expect(() =>
      journeyLinks(
        CHAPTERS.filter((c) => c.data.order !== 5),
        '/',
      ),
    ).toThrow(/links a step to chapter 5, but no chapter has order 5/);
  });
});

describe('the seed prompt on its way', () => {
  it('shows the seed notebook’s numbers: 13 ids, 20 with the template, 21 once Dear is appended', () => {
    const journey = promptJourney(SEED_CONVERSATION);
    expect(journey.seed).toBe(true);
    expect(journey.stages.text.value).toBe('Can you write an email explaining what an LLM is?');
    expect(journey.stages.text.detail).toBe('the site’s example, 49 characters');
    expect(journey.stages.tokens.value).toBe('13 ids');
    expect(journey.stages.tokens.chips).toEqual(['<s>', '▁Can', '▁you', '▁write', '…', '?']);
    expect(journey.stages.template.value).toBe('20 ids');
    expect(journey.stages.template.detail).toBe('7 added by the template');
    expect(journey.stages.embeddings.value).toBe('4,096 numbers per token');
    expect(journey.stages.embeddings.detail).toBe('a 20 × 4,096 grid');
    expect(journey.stages.layers.value).toBe('32 decoder layers');
    expect(journey.stages.scores.value).toBe('32,000 scores');
    expect(journey.stages.pick.value).toBe('▁Dear');
    expect(journey.stages.pick.detail).toBe('one token, id 22143');
    expect(journey.stages.appended.value).toBe('21 ids');
  });

  it('writes the seed’s pieces as the vocabulary does, a space mark where a word starts', () => {
    expect(seedPieces()).toEqual([
      '<s>',
      '▁Can',
      '▁you',
      '▁write',
      '▁an',
      '▁email',
      '▁explaining',
      '▁what',
      '▁an',
      '▁LL',
      'M',
      '▁is',
      '?',
    ]);
  });

  it('counts Mistral-7B’s weights as its model card does (7.24 billion)', () => {
    expect(MODEL_WEIGHTS_LABEL).toBe('7,241,732,096 weights');
  });
});

describe('the reader’s own conversation', () => {
  it('shows the last user turn and leaves the ids to chapters 1 and 2', () => {
    const journey = promptJourney(
      fromMessages([
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
        { role: 'user', content: 'Name three   colours.' },
      ]),
    );
    expect(journey.seed).toBe(false);
    expect(journey.stages.text.value).toBe('Name three colours.');
    expect(journey.stages.text.detail).toBe('your prompt, 21 characters, after 2 earlier turns');
    expect(journey.stages.tokens.chips).toBeUndefined();
    expect(journey.stages.tokens.detail).toMatch(/chapter 1/);
    expect(journey.stages.template.detail).toMatch(/chapter 2/);
    expect(journey.stages.scores.value).toBe('32,000 scores');
  });

  it('says what is missing when there is nothing to answer', () => {
    expect(promptJourney([]).stages.text).toEqual({
      value: 'Your conversation is empty',
      detail: 'add a user turn in chapter 2',
    });
    const endsWithModel = promptJourney(
      fromMessages([
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
      ]),
    );
    expect(endsWithModel.stages.text.detail).toMatch(/ends with the model’s turn/);
    expect(endsWithModel.stages.text.value).toBe('Hi');
  });

  it('shows a few pieces and the last, with … for the rest', () => {
    expect(piecesPreview(['a', 'b', 'c', 'd', 'e', 'f', 'g'])).toEqual(['a', 'b', 'c', 'd', '…', 'g']);
    expect(piecesPreview(['a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
  });

  it('shortens long text at a word boundary, on one line', () => {
    expect(shortenText('one two three four', 12)).toBe('one two…');
    expect(shortenText('a\n\nb', 12)).toBe('a b');
    expect(shortenText('x'.repeat(20), 10)).toBe(`${'x'.repeat(9)}…`);
    expect([...shortenText('é'.repeat(200))].length).toBe(90);
  });
});

describe('the conversation a page opens with (the chat store’s openingConversation, which the journey reads)', () => {
  const pageConversation = (search: string, stored: string | null) =>
    openingConversation({
      location: { href: `https://example.org/${search}`, search },
      sessionStorage: { getItem: () => stored, setItem: () => {} },
    }).conversation;
  const mine = fromMessages([{ role: 'user', content: 'Tell me a joke' }]);
  const stored = encodeConversation([{ role: 'user', content: 'From storage' }]);

  it('takes the address first, then the tab’s storage, then the seed', () => {
    expect(pageConversation('?chat=uTell+me+a+joke', stored)).toEqual(mine);
    expect(pageConversation('', stored)[0]?.content).toBe('From storage');
    expect(pageConversation('', null)).toEqual(SEED_CONVERSATION);
  });

  it('falls back to the seed for a damaged link or stored value, never throwing', () => {
    expect(pageConversation('?chat=xbroken', stored)).toEqual(SEED_CONVERSATION);
    expect(pageConversation('', 'not a conversation')).toEqual(SEED_CONVERSATION);
  });
});

describe('the drawings', () => {
  it('makes one score stand out above all the others', () => {
    const bars = scoreBars(40, 27);
    expect(bars[27]).toEqual({ shade: 1, height: 18 });
    expect(Math.max(...bars.filter((_, i) => i !== 27).map((bar) => bar.height))).toBeLessThan(11);
  });

  it('shades the embedding strip the same on every run', () => {
    expect(stripCells(24)).toEqual(stripCells(24));
    expect(stripCells(24).every((cell) => cell.shade >= 0.2 && cell.shade <= 1)).toBe(true);
  });
});
