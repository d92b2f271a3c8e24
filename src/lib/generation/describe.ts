/**
 * The sentences and numbers the two chapters show for a step, in one place
 * (and unit-tested), so a panel only places them.
 */
import { formatBytes, formatCount, superscript } from '../core/format';
import type { EngineInfo } from '../llm/engine';
import type { Removal } from '../sampling/pipeline';
import { showTokenText } from '../tokenizer/token-view';
import { tokensPerSecond, type GenerationTimings, type GenerationView, type StepRecord } from './controller';

const n = (value: number) => value.toLocaleString('en');

/**
 * A probability as a percentage with enough digits to tell small ones apart
 * (41.3%, 0.52%, 0.0031%) down to one in a million, then in powers of ten
 * (2.3 × 10⁻¹¹%), where fixed decimals would read 0.000000%: a vocabulary's
 * tail reaches far below that.
 */
export function formatProbability(p: number): string {
  if (p === 0) return '0%';
  if (p === 1) return '100%';
  const percent = p * 100;
  if (p >= 1e-6) {
    const digits = percent >= 10 ? 1 : Math.min(6, Math.max(1, 1 - Math.floor(Math.log10(percent))));
    return `${percent.toFixed(digits)}%`;
  }
  let exponent = Math.floor(Math.log10(percent));
  let mantissa = Number((percent / 10 ** exponent).toFixed(1));
  if (mantissa >= 10) {
    mantissa /= 10;
    exponent += 1;
  }
  return `${mantissa.toFixed(1)} × 10${superscript(exponent)}%`;
}

/** A logit (or a scaled one) with two decimals, and a real minus sign. */
export function formatLogit(value: number): string {
  if (value === -Infinity) return '−∞';
  return value.toFixed(2).replace('-', '−');
}

/**
 * A vocabulary piece as the tables show it: `▁` and invisible characters made
 * visible. An id past the tokenizer's last entry (a model that scores more
 * ids than its tokenizer has, as Qwen's padded 151,936) has no text at all.
 */
export function showPiece(pieces: readonly string[], id: number): string {
  if (pieces.length > 0 && id >= pieces.length) return '⟨no text: padding⟩';
  return showTokenText(pieces[id] ?? '<unk>');
}

/** The words beside a candidate a stage removed: the mark is text, never colour alone. */
export function removalLabel(removal: Removal | null): string {
  switch (removal) {
    case null:
      return 'kept';
    case 'masked':
      return 'masked (score −∞)';
    case 'greedy':
      return 'removed: greedy keeps only the top score';
    case 'top-k':
      return 'removed by top-k';
    case 'top-p':
      return 'removed by top-p';
    case 'min-p':
      return 'removed by min-p';
    case 'typical-p':
      return 'removed by typical-p';
  }
}

/** The one sentence announced after a step. */
export function describeStep(step: StepRecord, pieces: readonly string[]): string {
  const token = `“${showPiece(pieces, step.id)}” (id ${step.id})`;
  const probability = step.probability === null ? '' : `, probability ${formatProbability(step.probability)}`;
  if (step.forced) return `Step ${step.index + 1}: you forced ${token}${probability}.`;
  if (step.searchedBy)
    return `Step ${step.index + 1}: ${step.searchedBy} chose ${token}, the model’s probability ${formatProbability(step.probability ?? 0)}.`;
  const how = step.greedy
    ? 'greedy: the top score'
    : `drawn with random number ${step.random!.toFixed(4)} from ${n(step.keptCount)} kept token${step.keptCount === 1 ? '' : 's'}`;
  return `Step ${step.index + 1}: picked ${token}${probability}, ${how}.`;
}

/** The engine on screen: its name and what kind of thing it is. */
export function describeEngine(info: EngineInfo): string {
  const kind = {
    webllm: 'released model',
    pocket: 'trained by this site',
    untrained: 'untrained, random weights',
  }[info.kind];
  return `${info.label}: ${kind}, ${n(info.vocabSize)} tokens, context window ${n(info.contextWindow)}.`;
}

const ms = (value: number) => `${value < 10 ? value.toFixed(1) : n(Math.round(value))} ms`;

/** Time to first token, the last prefill and the decode speed, as lines of text. */
export function describeTimings(timings: GenerationTimings): string[] {
  const lines: string[] = [];
  if (timings.firstTokenMs !== null) lines.push(`Time to first token: ${ms(timings.firstTokenMs)}.`);
  if (timings.prefill)
    lines.push(
      `Last prefill: ${formatCount(timings.prefill.tokens, 'token')} read in ${ms(timings.prefill.ms)}.`,
    );
  const speed = tokensPerSecond(timings);
  if (speed !== null)
    lines.push(
      `Decoding: ${n(timings.decode.tokens)} token${timings.decode.tokens === 1 ? '' : 's'} in ${ms(timings.decode.ms)}, ${n(Math.round(speed))} tokens per second.`,
    );
  if (timings.played) {
    const { tokens, ms: wall } = timings.played;
    lines.push(
      `Last Play: ${formatCount(tokens, 'token')} on screen in ${ms(wall)}, ${n(Math.round((1000 * tokens) / wall))} per second (the page’s drawing included).`,
    );
  }
  return lines;
}

export interface StatusInput {
  /** What is loading before the first step can run (see `loadingMessage`), or null. */
  starting: string | null;
  view: GenerationView | null;
  pieces: readonly string[];
  /** What to say before the first step. */
  idle: string;
  /** Whether to say why the reply ended (the loop); One token only ever takes one step and says what it picked. */
  showEnding: boolean;
}

/**
 * The panel's status line, which screen readers announce: one sentence per
 * change, and a single "Playing…" while playing rather than a sentence per
 * token, which would drown the reader.
 */
export function generationStatus({ starting, view, pieces, idle, showEnding }: StatusInput): string {
  if (starting) return starting;
  if (!view) return idle;
  const last = view.steps.at(-1);
  if (view.error) return view.error;
  if (view.playing) return 'Playing…';
  if (view.busy && !last) return 'Running the prompt through the model…';
  if (showEnding && view.ended) return view.ended.message;
  return last ? describeStep(last, pieces) : idle;
}

/**
 * What the status line says while an in-page model gets ready: Mistral's
 * vocabulary first (from the tokenizer the page loads once), then the model's
 * weights, with the bytes so far.
 */
export function loadingMessage(
  loading: { phase: 'loading' } | { phase: 'opening'; loaded: number; total: number | null },
  vocabulary: { title: string; source: { kind: 'site' | 'model' } } = {
    title: 'Mistral-7B-Instruct v0.1',
    source: { kind: 'site' },
  },
): string {
  if (loading.phase === 'loading')
    return vocabulary.source.kind === 'site'
      ? 'Loading Mistral’s tokenizer for its vocabulary, from this site…'
      : `Loading ${vocabulary.title}’s own tokenizer files, from WebLLM’s cache or the model’s folder…`;
  if (loading.loaded === 0) return 'Getting the model’s weights ready…';
  const of = loading.total ? ` of ${formatBytes(loading.total)}` : '';
  return `Downloading the pocket model’s weights: ${formatBytes(loading.loaded)}${of}…`;
}

/** The error area's words when the in-page model could not start, and what still works without it. */
export function startProblem(message: string): { title: string; message: string } {
  return {
    title: 'The model did not start',
    message: `${message.replace(/\.$/, '')}. The prose and the settings still work; the in-page models need their files from this site (Mistral’s tokenizer, and the pocket model’s weights, about 4 MB) and a browser with Web Workers. Try again once the connection is back.`,
  };
}
