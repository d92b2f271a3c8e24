/**
 * How fast a training run goes, so a reader can watch it: at full speed, the
 * seed's ten epochs are over in about a second; slowly, the run waits a
 * moment before each epoch so the curve grows point by point; paused, it
 * waits until the reader steps it (one epoch) or resumes it.
 *
 * The pause sits between epochs, never inside one: an epoch is what the
 * chart and the table show, so one Step adds exactly one point to each. The
 * waiting uses an injected scheduler, so tests drive it with a fake clock.
 */

/** Full speed, or a pause of `SLOW_EPOCH_MS` before every epoch but the first. */
export type Speed = 'full' | 'slow';

export interface Pace {
  speed: Speed;
  /** Paused: no epoch starts until a step or a resume. */
  paused: boolean;
}

export const FULL_SPEED: Pace = { speed: 'full', paused: false };

/** The wait before each epoch when slow: long enough to see each point land, short enough to watch ten. */
export const SLOW_EPOCH_MS = 700;

/** Runs `run` after `ms` milliseconds; returns a function that cancels it (setTimeout, or a fake clock). */
export type Schedule = (ms: number, run: () => void) => () => void;

export const realSchedule: Schedule = (ms, run) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

export interface Pacer {
  /**
   * Resolves when epoch `epoch` (1 for the first) may start: at once at full
   * speed, after the slow wait, or, when paused, after a step or a resume.
   * Resolves at once after `cancel`, so a stopped run never hangs here.
   */
  beforeEpoch(epoch: number): Promise<void>;
  setPace(pace: Pace): void;
  /** While paused: lets exactly one more epoch run. Ignored when not paused. */
  step(): void;
  /** Releases any wait for good (the run is stopping). */
  cancel(): void;
}

export interface PacerOptions {
  schedule?: Schedule;
  slowMs?: number;
  /** Told when the run stops to wait for the reader, with the epochs finished so far. */
  onPaused?: (epochsDone: number) => void;
}

export function createPacer(initial: Pace, options: PacerOptions = {}): Pacer {
  const { schedule = realSchedule, slowMs = SLOW_EPOCH_MS, onPaused } = options;
  let pace = initial;
  /** Epochs the reader has stepped that have not started yet. */
  let steps = 0;
  let cancelled = false;
  let waiting: {
    epoch: number;
    resolve: () => void;
    /** The slow wait's timer, while one is set. */
    cancelTimer: (() => void) | null;
    /** The slow wait is over (or was not needed). */
    timeUp: boolean;
    /** onPaused was told about this wait already. */
    told: boolean;
  } | null = null;

  const release = () => {
    const current = waiting;
    if (!current) return;
    waiting = null;
    current.cancelTimer?.();
    current.resolve();
  };

  /** Decides, after anything changed, whether the waiting epoch may go now. */
  const settle = () => {
    const current = waiting;
    if (!current) return;
    if (cancelled) return release();
    if (pace.paused) {
      current.cancelTimer?.();
      current.cancelTimer = null;
      if (steps > 0) {
        steps--;
        return release();
      }
      if (!current.told) {
        current.told = true;
        onPaused?.(current.epoch - 1);
      }
      return;
    }
    current.told = false;
    if (pace.speed === 'full' || current.timeUp) return release();
    current.cancelTimer ??= schedule(slowMs, () => {
      current.timeUp = true;
      current.cancelTimer = null;
      settle();
    });
  };

  return {
    beforeEpoch(epoch) {
      release();
      return new Promise<void>((resolve) => {
        // The first epoch starts at once unless paused: the reader has just pressed Train.
        waiting = { epoch, resolve, cancelTimer: null, timeUp: epoch <= 1, told: false };
        settle();
      });
    },
    setPace(next) {
      if (!next.paused) steps = 0;
      pace = next;
      settle();
    },
    step() {
      if (!pace.paused) return;
      steps++;
      settle();
    },
    cancel() {
      cancelled = true;
      settle();
    },
  };
}
