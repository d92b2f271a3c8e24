/**
 * The journey figure's facts: the eight steps a prompt takes, which chapter
 * explains each one, which steps a chapter lights, and what each step holds
 * for the reader's own conversation. Framework-free, so the home page, the
 * chapter layout and the island that swaps in the reader's conversation all
 * read the same rules, and a unit test reaches every one of them.
 *
 * The seed's numbers are known without a tokenizer (the seed notebook's run),
 * so the figure is complete with no JavaScript; for any other conversation it
 * shows the reader's text and leaves the ids to chapters 1 and 2, which run
 * the tokenizer: the figure never loads one.
 */
import type { Conversation } from './chat/conversation';
import { chapterHref, sortChapters, type ChapterLike } from './chapters';
import { formatCount } from './core/format';
import { isSeedConversation, SEED_FIRST_TOKEN, SEED_PROMPT_IDS } from './generation/prompt';
import { MISTRAL_7B } from './model/mistral-config';
import { countMistral } from './model/mistral-parameters';
import { SEED_QUESTION_IDS, tokenLabel } from './model/layer-prompts';
import { SEED_PROMPT } from './tokenizer/mistral';

export type StageKey =
  'text' | 'tokens' | 'template' | 'embeddings' | 'layers' | 'scores' | 'pick' | 'appended';

/** Where a step happens: before the model reads anything, inside the model, or after it has scored. */
export type StagePart = 'before' | 'model' | 'after';

export interface JourneyStage {
  key: StageKey;
  /** 1 to 8, the order the prompt goes through them. */
  step: number;
  name: string;
  part: StagePart;
  /** The `order` of the chapter that explains this step. */
  chapter: number;
}

/**
 * The eight steps and the chapter that explains each. Text and tokens are
 * chapter 1's (it types text and splits it); the template is chapter 2's;
 * the embeddings and the 32 layers are drawn in chapter 7; the scores and
 * the pick are chapter 4's; appending and going again is chapter 5's.
 * Chapters 3 and 6 are about the model itself (loading it, its weights), so
 * they light the model's frame rather than one step.
 */
export const JOURNEY_STAGES: readonly JourneyStage[] = Object.freeze([
  { key: 'text', step: 1, name: 'Text', part: 'before', chapter: 1 },
  { key: 'tokens', step: 2, name: 'Tokens', part: 'before', chapter: 1 },
  { key: 'template', step: 3, name: 'Template ids', part: 'before', chapter: 2 },
  { key: 'embeddings', step: 4, name: 'Embeddings', part: 'model', chapter: 7 },
  { key: 'layers', step: 5, name: 'Layers', part: 'model', chapter: 7 },
  { key: 'scores', step: 6, name: 'Scores', part: 'model', chapter: 4 },
  { key: 'pick', step: 7, name: 'Pick', part: 'after', chapter: 4 },
  { key: 'appended', step: 8, name: 'Appended', part: 'after', chapter: 5 },
]);

/** The three parts of the figure, in order, with their headings. */
export const JOURNEY_PARTS: readonly { part: StagePart; name: string }[] = Object.freeze([
  { part: 'before', name: 'Your text becomes ids' },
  { part: 'model', name: 'Inside Mistral-7B' },
  { part: 'after', name: 'One token, then again' },
]);

/** The chapters about the model the middle steps run in: loading it (3) and its weights (6). */
export const MODEL_CHAPTERS = Object.freeze({ loading: 3, weights: 6 });

/** What a chapter lights: its steps, and the model's frame (chapters 3 and 6). Nothing on the home page. */
export function litBy(chapter: number | null): { stages: StageKey[]; model: 'loading' | 'weights' | null } {
  const stages = JOURNEY_STAGES.filter((stage) => stage.chapter === chapter).map((stage) => stage.key);
  const model =
    chapter === MODEL_CHAPTERS.loading ? 'loading' : chapter === MODEL_CHAPTERS.weights ? 'weights' : null;
  return { stages, model };
}

/** A link the figure shows: where it goes and the chapter's title, for its accessible name. */
export interface ChapterLinkFacts {
  order: number;
  title: string;
  href: string;
}

/**
 * The links of every chapter the figure names, by order, from the chapter
 * list itself (so the build's link check sees every address). Throws, failing
 * the build, if a chapter the figure names does not exist.
 */
export function journeyLinks(
  chapters: readonly ChapterLike[],
  base: string,
): Record<number, ChapterLinkFacts> {
  const byOrder = new Map(sortChapters(chapters).map((chapter) => [chapter.data.order, chapter]));
  const wanted = [...JOURNEY_STAGES.map((stage) => stage.chapter), ...Object.values(MODEL_CHAPTERS)];
  const links: Record<number, ChapterLinkFacts> = {};
  for (const order of wanted) {
    const chapter = byOrder.get(order);
    if (!chapter)
      throw new Error(
        `journeyLinks: the journey figure links a step to chapter ${order}, but no chapter has order ${order}; ` +
          'change JOURNEY_STAGES or MODEL_CHAPTERS in src/lib/journey.ts',
      );
    links[order] = { order, title: chapter.data.title, href: chapterHref(base, chapter.id) };
  }
  return links;
}

/** Characters of the reader's text the figure shows before it shortens it. */
export const MAX_SHOWN_CHARS = 90;

/** `text` on one line, cut at a word boundary to at most `max` characters (the `…` included). */
export function shortenText(text: string, max = MAX_SHOWN_CHARS): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const chars = [...line];
  if (chars.length <= max) return line;
  const cut = chars.slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** One step's content for a conversation: a headline value, a detail line, and a few pieces where they are known. */
export interface StageFacts {
  value: string;
  detail: string;
  chips?: string[];
}

/** What the figure shows for a conversation: each step's facts; the text step's value is the reader's prompt. */
export interface PromptJourney {
  seed: boolean;
  stages: Record<StageKey, StageFacts>;
}

/**
 * The seed question's pieces as the vocabulary writes them: `▁` where the
 * piece starts with a space (sentencepiece puts one before the first word too).
 */
export function seedPieces(): string[] {
  let at = 0;
  return SEED_QUESTION_IDS.map((id) => {
    const label = tokenLabel(id);
    if (id === 1) return label;
    const found = SEED_PROMPT.indexOf(label, at);
    if (found < 0) throw new Error(`seedPieces: "${label}" is not in the seed prompt after position ${at}`);
    const spaced = found === 0 || SEED_PROMPT[found - 1] === ' ';
    at = found + label.length;
    return spaced ? `▁${label}` : label;
  });
}

/** The first few and the last of `pieces`, with `…` for the ones left out: enough to show the shape. */
export function piecesPreview(pieces: readonly string[], first = 4): string[] {
  return pieces.length <= first + 2 ? [...pieces] : [...pieces.slice(0, first), '…', pieces.at(-1)!];
}

function modelStages(rows: string): Pick<Record<StageKey, StageFacts>, 'embeddings' | 'layers' | 'scores'> {
  return {
    embeddings: { value: `${formatCount(MISTRAL_7B.hiddenSize)} numbers per token`, detail: rows },
    layers: {
      value: `${MISTRAL_7B.numLayers} decoder layers`,
      detail: 'each rewrites every token’s numbers',
    },
    scores: { value: formatCount(MISTRAL_7B.vocabSize, 'score'), detail: 'one per vocabulary entry' },
  };
}

const AGAIN = 'back to step 4, until </s>';

/** The figure's content for `conversation`: the seed's exact numbers, or the reader's text and what follows. */
export function promptJourney(conversation: Conversation): PromptJourney {
  if (isSeedConversation(conversation)) {
    const pieces = seedPieces();
    const ids = SEED_PROMPT_IDS.length;
    return {
      seed: true,
      stages: {
        text: {
          value: SEED_PROMPT,
          detail: `the site’s example, ${formatCount([...SEED_PROMPT].length, 'character')}`,
        },
        tokens: {
          value: formatCount(pieces.length, 'id'),
          detail: '<s> and one per piece',
          chips: piecesPreview(pieces),
        },
        template: {
          value: formatCount(ids, 'id'),
          detail: `${ids - pieces.length} added by the template`,
          chips: ['<s>', '[INST]', '…', '[/INST]'],
        },
        ...modelStages(`a ${ids} × ${formatCount(MISTRAL_7B.hiddenSize)} grid`),
        pick: { value: `▁${SEED_FIRST_TOKEN.text}`, detail: `one token, id ${SEED_FIRST_TOKEN.id}` },
        appended: { value: formatCount(ids + 1, 'id'), detail: AGAIN },
      },
    };
  }
  const last = conversation.findLast((turn) => turn.role === 'user');
  const others = conversation.length - (last ? 1 : 0);
  const text: StageFacts =
    conversation.length === 0
      ? { value: 'Your conversation is empty', detail: 'add a user turn in chapter 2' }
      : !last
        ? { value: 'No user turn yet', detail: 'add one in chapter 2' }
        : {
            value: shortenText(last.content),
            detail:
              conversation.at(-1)!.role !== 'user'
                ? 'your last question; the conversation ends with the model’s turn'
                : `your prompt, ${formatCount([...last.content].length, 'character')}` +
                  (others > 0 ? `, after ${formatCount(others, 'earlier turn')}` : ''),
          };
  return {
    seed: false,
    stages: {
      text,
      tokens: { value: 'your ids', detail: 'chapter 1 splits and counts them' },
      template: { value: '[INST] … [/INST]', detail: 'around each user turn; ids in chapter 2' },
      ...modelStages('one row per id'),
      pick: { value: 'one token', detail: 'chapters 4 and 5 pick it' },
      appended: { value: '+1 id', detail: AGAIN },
    },
  };
}

/** Mistral-7B's parameter count as the figure prints it: `7,241,732,096 weights`. */
export const MODEL_WEIGHTS_LABEL = formatCount(countMistral().total, 'weight');
