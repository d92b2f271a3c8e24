import { describe, expect, it } from 'vitest';
import {
  createChatTemplateClient,
  type ChatTemplateState,
  type ChatWorkerLike,
} from '../../src/lib/chat/client';
import { fromMessages, type Conversation } from '../../src/lib/chat/conversation';
import type { ChatTemplateRequest, ChatTemplateResponse } from '../../src/lib/chat/protocol';
import type { RenderResult } from '../../src/lib/chat/render';

class FakeWorker implements ChatWorkerLike {
  sent: ChatTemplateRequest[] = [];
  terminated = false;
  private listeners = {
    message: [] as Array<(e: MessageEvent<ChatTemplateResponse>) => void>,
    error: [] as Array<(e: Event) => void>,
  };
  postMessage(message: ChatTemplateRequest) {
    this.sent.push(message);
  }
  addEventListener(type: 'message' | 'error', listener: (event: never) => void) {
    this.listeners[type].push(listener as never);
  }
  terminate() {
    this.terminated = true;
  }
  answer(message: ChatTemplateResponse) {
    this.listeners.message.forEach((listener) =>
      listener({ data: message } as MessageEvent<ChatTemplateResponse>),
    );
  }
  crash() {
    this.listeners.error.forEach((listener) => listener(new Event('error')));
  }
  rendered() {
    return this.sent.flatMap((message) =>
      message.type === 'render' ? [message.conversation[0]!.content] : [],
    );
  }
}

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

function setup() {
  const workers: FakeWorker[] = [];
  const states: ChatTemplateState[] = [];
  const client = createChatTemplateClient(
    () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker;
    },
    '/models/',
    (state) => states.push(state),
  );
  return { client, workers, last: () => states.at(-1)! };
}

describe('the chat-template client', () => {
  it('loads, then renders the conversation it was given while loading', () => {
    const { client, workers, last } = setup();
    expect(workers[0]!.sent[0]).toEqual({ type: 'load', modelsUrl: '/models/' });
    client.render(say('a'));
    expect(workers[0]!.rendered()).toEqual([]);
    workers[0]!.answer({ type: 'ready', loadMs: 5 });
    expect(workers[0]!.rendered()).toEqual(['a']);
    expect(last()).toMatchObject({ phase: 'ready', busy: true, loadMs: 5 });
  });

  it('keeps one request in flight, skips replaced conversations, and pairs each result with its conversation', () => {
    const { client, workers, last } = setup();
    const worker = workers[0]!;
    worker.answer({ type: 'ready', loadMs: 1 });
    client.render(say('a'));
    client.render(say('ab'));
    client.render(say('abc'));
    worker.answer({ type: 'result', requestId: 1, result: result([1]) });
    expect(worker.rendered()).toEqual(['a', 'abc']);
    worker.answer({ type: 'result', requestId: 1, result: result([9]) });
    worker.answer({ type: 'result', requestId: 2, result: result([1, 2]) });
    const state = last();
    expect(
      state.phase === 'ready' && [
        state.busy,
        state.rendered?.conversation[0]!.content,
        state.rendered?.result,
      ],
    ).toEqual([false, 'abc', result([1, 2])]);
  });

  it('reports a crash and starts over with the last conversation on retry', () => {
    const { client, workers, last } = setup();
    workers[0]!.answer({ type: 'ready', loadMs: 1 });
    client.render(say('kept'));
    workers[0]!.crash();
    expect(last()).toEqual({
      phase: 'error',
      stage: 'load',
      message: 'The chat-template worker stopped unexpectedly.',
    });
    client.retry();
    expect(workers[0]!.terminated).toBe(true);
    workers[1]!.answer({ type: 'ready', loadMs: 1 });
    expect(workers[1]!.rendered()).toEqual(['kept']);
  });
});
