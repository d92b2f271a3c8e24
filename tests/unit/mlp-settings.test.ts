import { describe, expect, it } from 'vitest';
import {
  checkField,
  parseSettings,
  SEED_LIMITS,
  SEED_SETTINGS,
  settingsInput,
} from '../../src/lib/mlp/settings';

describe('training settings', () => {
  it('parses the seed’s settings back to themselves', () => {
    expect(parseSettings(settingsInput(SEED_SETTINGS), SEED_LIMITS)).toEqual({
      ok: true,
      settings: SEED_SETTINGS,
    });
  });

  it('accepts spaces around a number, a leading dot and an exponent', () => {
    const parsed = parseSettings(
      { hiddenSize: ' 64 ', learningRate: '1e-3', batchSize: '10', epochs: '2' },
      SEED_LIMITS,
    );
    expect(parsed).toEqual({
      ok: true,
      settings: { hiddenSize: 64, learningRate: 0.001, batchSize: 10, epochs: 2 },
    });
    expect(checkField('learningRate', '.5', SEED_LIMITS.learningRate)).toBeNull();
  });

  it('says what is wrong with each bad value, in words a reader can act on', () => {
    const parsed = parseSettings(
      { hiddenSize: '', learningRate: '0', batchSize: '2.5', epochs: 'ten' },
      SEED_LIMITS,
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toMatchInlineSnapshot(`
      {
        "batchSize": "Batch size must be a whole number; 2.5 is not.",
        "epochs": "“ten” is not a number. The number of epochs is a whole number from 1 to 100.",
        "hiddenSize": "Enter a hidden size: a whole number from 1 to 2,048.",
        "learningRate": "Learning rate 0 is too small (a step of 0 never changes the parameters): use a number above 0 and at most 10.",
      }
    `);
  });

  it('names the limit that was crossed, and why for the batch size', () => {
    expect(checkField('batchSize', '101', SEED_LIMITS.batchSize)).toBe(
      'Batch size 101 is too large (there are only 100 training examples): use a whole number from 1 to 100.',
    );
    expect(checkField('hiddenSize', '5000', SEED_LIMITS.hiddenSize)).toMatch(
      /^Hidden size 5,000 is too large: use a whole number from 1 to 2,048\.$/,
    );
    expect(checkField('learningRate', '-1', SEED_LIMITS.learningRate)).toMatch(/is not a number/);
    expect(checkField('epochs', '1,000', SEED_LIMITS.epochs)).toMatch(/“1,000” is not a number/);
  });
});
