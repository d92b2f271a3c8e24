import { describe, expect, it } from 'vitest';
import { perFrame } from '../../src/lib/core/per-frame';

describe('perFrame', () => {
  it('applies only the newest value once per scheduled turn, and schedules again after it', () => {
    const turns: (() => void)[] = [];
    const applied: number[] = [];
    const show = perFrame<number>(
      (value) => applied.push(value),
      (run) => turns.push(run),
    );
    show(1);
    show(2);
    show(3);
    expect(turns).toHaveLength(1);
    expect(applied).toEqual([]);
    turns[0]!();
    expect(applied).toEqual([3]);
    show(4);
    expect(turns).toHaveLength(2);
    turns[1]!();
    expect(applied).toEqual([3, 4]);
  });
});
