import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatBytes } from '../../src/lib/core/format';
import { bytesFor, GIB, memoryTable, MIB } from '../../src/lib/core/memory';
import { countParameters, elementCount, linearParameters } from '../../src/lib/core/parameters';
import { countDenseNetwork, denseLayers } from '../../src/lib/mlp/parameters';

describe('parameter counting', () => {
  it('gives the seed network’s table: 200,704 + 256 + 2,560 + 10 = 203,530, all trainable', () => {
    const count = countDenseNetwork([784, 256, 10]);
    expect(count.rows.map((row) => [row.name, row.shape, row.count])).toEqual([
      ['fc1.weight', [256, 784], 200_704],
      ['fc1.bias', [256], 256],
      ['fc2.weight', [10, 256], 2_560],
      ['fc2.bias', [10], 10],
    ]);
    expect(count.total).toBe(203_530);
    expect(count.trainable).toBe(203_530);
  });

  it('counts any Linear layer as in*out weights plus out biases (or none)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.boolean(),
        (inF, outF, bias) => {
          const { total, rows } = countParameters(
            linearParameters({ name: 'l', inFeatures: inF, outFeatures: outF, bias }),
          );
          expect(total).toBe(inF * outF + (bias ? outF : 0));
          expect(rows).toHaveLength(bias ? 2 : 1);
        },
      ),
    );
  });

  it('counts deeper networks layer by layer, named fc1, fc2, ...', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 2000 }), { minLength: 2, maxLength: 6 }), (widths) => {
        const expected = widths.slice(1).reduce((sum, out, i) => sum + widths[i]! * out + out, 0);
        const count = countDenseNetwork(widths);
        expect(count.total).toBe(expected);
        expect(count.rows.filter((row) => row.name.endsWith('.weight')).map((row) => row.name)).toEqual(
          widths.slice(1).map((_, i) => `fc${i + 1}.weight`),
        );
      }),
    );
    expect(countDenseNetwork([3, 7, 6, 2]).total).toBe(3 * 7 + 7 + 7 * 6 + 6 + 6 * 2 + 2);
  });

  it('refuses shapes that are not networks, naming the problem', () => {
    expect(() => denseLayers([784])).toThrowErrorMatchingInlineSnapshot(
      `[Error: denseLayers: need at least an input and an output width, got [784]]`,
    );
    expect(() => denseLayers([784, 0, 10])).toThrowErrorMatchingInlineSnapshot(
      `[Error: denseLayers: width 1 must be a positive whole number, got 0]`,
    );
    expect(() => denseLayers([784, 2.5, 10])).toThrow(/width 1/);
  });

  it('counts a scalar as one element', () => {
    expect(elementCount([])).toBe(1);
    expect(elementCount([2, 3, 4])).toBe(24);
  });
});

describe('memory by storage type', () => {
  it('puts the seed network at 0.78 MiB in fp32 and 0.39 MiB in fp16, as the seed computed', () => {
    const rows = memoryTable(203_530);
    const inMiB = (bytes: number) => formatBytes(bytes, { unit: 'MiB', decimals: 2 });
    expect(rows.map((row) => [row.format.id, row.bytes, inMiB(row.bytes)])).toEqual([
      ['fp32', 814_120, '0.78 MiB'],
      ['fp16', 407_060, '0.39 MiB'],
      ['int8', 203_530, '0.19 MiB'],
      ['int4', 101_765, '0.10 MiB'],
    ]);
  });

  it('rounds a half byte up, and converts units exactly', () => {
    expect(bytesFor(3, 4)).toBe(2);
    expect(formatBytes(MIB, { unit: 'MiB', decimals: 2 })).toBe('1.00 MiB');
    expect(formatBytes(13.5 * GIB, { unit: 'GiB', decimals: 2 })).toBe('13.50 GiB');
  });
});
