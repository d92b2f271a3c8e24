import { describe, expect, it } from 'vitest';
import { cacheLine, engineStatus, loadButtonLabel } from '../../src/lib/llm/loader-view';
import {
  browserShareOfSeed,
  buildRows,
  chapterFigures,
  contextRow,
  weightRows,
} from '../../src/lib/llm/memory-report';
import { MIB } from '../../src/lib/core/memory';
import { MODELS } from '../../src/lib/llm/models';

const f16 = MODELS['mistral-f16'];

describe('loadButtonLabel', () => {
  it('states the download, a resumed remainder, or that nothing is downloaded', () => {
    expect(loadButtonLabel(f16, { state: 'none' })).toBe(
      'Download and load Mistral-7B-Instruct v0.2 (about 3.8 GiB)',
    );
    expect(loadButtonLabel(f16, undefined)).toBe(
      'Download and load Mistral-7B-Instruct v0.2 (about 3.8 GiB)',
    );
    expect(
      loadButtonLabel(f16, {
        state: 'partial',
        shardsStored: 1,
        shardsTotal: 4,
        bytesStored: 100 * MIB,
        bytesTotal: 400 * MIB,
      }),
    ).toBe('Resume: download the rest of Mistral-7B-Instruct v0.2 (about 300 MiB)');
    expect(loadButtonLabel(f16, { state: 'complete', bytesTotal: 1 })).toBe(
      'Load Mistral-7B-Instruct v0.2 from this browser’s storage',
    );
  });
});

describe('cacheLine', () => {
  it('says what is stored in each case', () => {
    expect(cacheLine(undefined)).toBe('Checking what this browser has stored…');
    expect(cacheLine({ state: 'none' })).toBe('Not stored in this browser yet.');
    expect(cacheLine({ state: 'complete', bytesTotal: 4 * 2 ** 30 })).toBe(
      'Stored in this browser: all of it (4.0 GiB). Loading reads it from there.',
    );
    expect(
      cacheLine({ state: 'partial', shardsStored: 0, shardsTotal: null, bytesStored: 0, bytesTotal: null }),
    ).toMatch(/stopped early/);
    expect(cacheLine({ state: 'unknown', reason: 'No Cache Storage.' })).toBe(
      'Cannot tell what is stored: No Cache Storage.',
    );
  });
});

describe('engineStatus', () => {
  it('announces phases, not percentages', () => {
    expect(engineStatus({ phase: 'idle' }, MODELS)).toBe('No model loaded in this tab.');
    const progress = {
      phase: 'download' as const,
      fraction: 0.42,
      mib: 1600,
      done: 40,
      total: 108,
      text: '',
    };
    expect(
      engineStatus(
        { phase: 'loading', model: 'mistral-f16', startedAt: 0, progress, secondsLeft: 9 },
        MODELS,
      ),
    ).toBe('Loading Mistral-7B-Instruct v0.2. Downloading the weights…');
    expect(
      engineStatus(
        { phase: 'loading', model: 'small', startedAt: 0, progress: null, secondsLeft: null },
        MODELS,
      ),
    ).toBe('Loading Qwen2.5-0.5B-Instruct. Fetching the model’s settings, compiled GPU code and tokenizer…');
    expect(engineStatus({ phase: 'ready', model: 'mistral-f32', loadMs: 83_000 }, MODELS)).toBe(
      'Mistral-7B-Instruct v0.3 is loaded (in 1 min 23 s). It stays in GPU memory while this tab is open.',
    );
    expect(
      engineStatus({ phase: 'error', model: 'mistral-f16', error: { name: 'X', message: 'y' } }, MODELS),
    ).toBe('Loading Mistral-7B-Instruct v0.2 stopped.');
  });
});

describe('the memory report', () => {
  it('lists the plain formats largest first, fp16 at 13.5 GiB', () => {
    expect(weightRows().map((row) => row.bytesPerWeight)).toEqual([4, 2, 1, 0.5]);
  });

  it('predicts each build at WebLLM’s context window', () => {
    expect(
      buildRows().map((row) => [row.model.key, row.contextTokens, Math.round(row.kvCache / MIB)]),
    ).toEqual([
      ['mistral-f16', 4096, 512],
      ['mistral-f32', 4096, 1024],
      ['small', 4096, 96],
    ]);
  });

  it('shows the cache growing linearly and four times larger without grouped-query attention', () => {
    const row = contextRow(8192);
    expect(row.kvCache).toBe(1024 * MIB);
    expect(row.kvWithoutGqa).toBe(4096 * MIB);
    expect(row.total - row.kvCache).toBe(f16.downloadBytes);
  });

  it('gives the chapter its numbers, the browser build at about a third of the seed', () => {
    const figures = chapterFigures();
    expect(figures).toMatchObject({
      parameters: '7,241,732,096',
      fp16: '13.5 GiB',
      kvPerToken: '128 KiB',
      kvWindow: '512 MiB',
      share: '33%',
    });
    expect(browserShareOfSeed().share).toBeCloseTo(0.33, 2);
  });
});
