import { describe, expect, it } from 'vitest';
import { createChatTemplateClient, type ChatTemplateState } from '../../src/lib/chat/client';
import type { VocabularyFacts } from '../../src/lib/tokenizer/vocabulary';
import { fromMessages, type Conversation } from '../../src/lib/chat/conversation';
import type { ChatTemplateRequest, ChatTemplateResponse } from '../../src/lib/chat/protocol';
import type { RenderResult } from '../../src/lib/chat/render';
import { FakeWorker } from './fake-worker';

type ChatWorker = FakeWorker<ChatTemplateRequest, ChatTemplateResponse>;

const rendered = (worker: ChatWorker) =>
  worker.sent.flatMap((message) => (message.type === 'render' ? [message.conversation[0]!.content] : []));

const say = (content: string): Conversation => fromMessages([{ role: 'user', content }]);
const result = (ids: number[]): RenderResult => ({
  ok: true,
  text: '',
  segments: [],
  ids,
  tokens: [],
  counts: { total: ids.length, reader: 0, template: ids.length },
  renderMs: 0,
});

/** A vocabulary as the worker answers it, with only `pieces` set apart from fixed facts. */
const facts = (pieces: string[]): VocabularyFacts => ({
  pieces,
  scheme: 'metaspace',
  tokenizerSize: pieces.length,
  modelVocabSize: null,
  addedIds: [],
  specialIds: [],
  stopIds: [2],
  contextWindow: null,
});

function setup() {
  const workers: ChatWorker[] = [];
  const states: ChatTemplateState[] = [];
  const client = createChatTemplateClient(
    () => {
      const worker: ChatWorker = new FakeWorker();
      workers.push(worker);
      return worker;
    },
    { kind: 'site', modelsUrl: '/models/' },
    (state) => states.push(state),
  );
  return { client, workers, last: () => states.at(-1)! };
}

describe('the chat-template client', () => {
  it('loads, then renders the conversation it was given while loading', async () => {
    const { client, workers, last } = setup();
    expect(workers[0]!.sent[0]).toEqual({ type: 'load', source: { kind: 'site', modelsUrl: '/models/' } });
    client.render(say('a'));
    expect(rendered(workers[0]!)).toEqual([]);
    await workers[0]!.emit({ type: 'ready', loadMs: 5 });
    expect(rendered(workers[0]!)).toEqual(['a']);
    expect(last()).toEqual({ phase: 'ready', rendered: null, busy: true, loadMs: 5 });
  });

  it('keeps one request in flight, skips replaced conversations, and pairs each result with its conversation', async () => {
    const { client, workers, last } = setup();
    const worker = workers[0]!;
    await worker.emit({ type: 'ready', loadMs: 1 });
    const latest = say('abc');
    client.render(say('a'));
    client.render(say('ab'));
    client.render(latest);
    await worker.emit({ type: 'result', requestId: 1, result: result([1]) });
    expect(rendered(worker)).toEqual(['a', 'abc']);
    await worker.emit({ type: 'result', requestId: 1, result: result([9]) });
    await worker.emit({ type: 'result', requestId: 2, result: result([1, 2]) });
    const state = last();
    expect(state).toEqual({
      phase: 'ready',
      rendered: { conversation: latest, result: result([1, 2]) },
      busy: false,
      loadMs: 1,
    });
    // The generation chapters check that the ids are for the conversation they show (src/lib/generation/prompt.ts).
    expect(state.phase === 'ready' && state.rendered?.conversation).toBe(latest);
  });

  it('reports a conversation that could not be rendered with its stage', async () => {
    const { client, workers, last } = setup();
    await workers[0]!.emit({ type: 'ready', loadMs: 1 });
    client.render(say('a'));
    await workers[0]!.answer(({ requestId }) => ({
      type: 'error',
      stage: 'render',
      requestId,
      message: 'No template',
    }));
    expect(last()).toEqual({ phase: 'error', stage: 'render', message: 'No template' });
  });

  it('reports a crash and starts over with the last conversation on retry', async () => {
    const { client, workers, last } = setup();
    await workers[0]!.emit({ type: 'ready', loadMs: 1 });
    client.render(say('kept'));
    await workers[0]!.crash();
    expect(last()).toEqual({
      phase: 'error',
      stage: 'load',
      message: 'The chat-template worker stopped unexpectedly.',
    });
    client.retry();
    expect(workers[0]!.terminated).toBe(true);
    await workers[1]!.emit({ type: 'ready', loadMs: 1 });
    expect(rendered(workers[1]!)).toEqual(['kept']);
  });

  it('gives the vocabulary from the worker that renders: one tokenizer load for both, asked once', async () => {
    const { client, workers } = setup();
    client.render(say('a'));
    const first = client.vocabulary();
    expect(client.vocabulary()).toBe(first);
    await workers[0]!.emit({ type: 'ready', loadMs: 1 });
    expect(workers[0]!.sent.map((message) => message.type)).toEqual(['load', 'render', 'vocabulary']);
    await workers[0]!.answer(({ requestId }) => ({
      type: 'answer',
      requestId,
      answer: { vocabulary: facts(['<unk>', '<s>', '</s>']) },
    }));
    await expect(first).resolves.toEqual(facts(['<unk>', '<s>', '</s>']));
    await expect(client.vocabulary()).resolves.toEqual(facts(['<unk>', '<s>', '</s>']));
    expect(workers).toHaveLength(1);
    expect(workers[0]!.sent.filter((message) => message.type === 'vocabulary')).toHaveLength(1);
  });

  it('asks for the vocabulary again, on a new worker, after the first one failed', async () => {
    const { client, workers, last } = setup();
    client.render(say('kept'));
    const lost = client.vocabulary();
    await workers[0]!.crash();
    await expect(lost).rejects.toThrow('The chat-template worker stopped unexpectedly.');
    const again = client.vocabulary();
    expect(last()).toEqual({ phase: 'loading' });
    await workers[1]!.emit({ type: 'ready', loadMs: 1 });
    expect(rendered(workers[1]!)).toEqual(['kept']);
    await workers[1]!.answer(({ requestId }) => ({
      type: 'answer',
      requestId,
      answer: { vocabulary: facts(['<unk>']) },
    }));
    await expect(again).resolves.toEqual(facts(['<unk>']));
  });
});
