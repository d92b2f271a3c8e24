import {
  MODEL_CHAPTERS,
  MODEL_WEIGHTS_LABEL,
  type ChapterLinkFacts,
  type JourneyStage,
  type StageFacts,
} from '../../src/lib/journey';
import { StageGlyph } from './JourneyGlyphs';

/** What marks the lit parts in words, so "you are here" never rests on colour alone. */
const HERE = 'This chapter';

/**
 * One step as a link to the chapter that explains it: its number, name and
 * chapter, then the reader's prompt at that step (a count, a few pieces, a
 * drawing). The lit steps are the current page's (`aria-current`). The text
 * step's value is the reader's own text, so it is quoted.
 */
export function StageCard({
  stage,
  facts,
  link,
  lit,
}: {
  stage: JourneyStage;
  facts: StageFacts;
  link: ChapterLinkFacts;
  lit: boolean;
}) {
  return (
    <a class="journey__stage" href={link.href} aria-current={lit ? 'page' : undefined} data-stage={stage.key}>
      <span class="journey__head">
        <span class="journey__step" aria-hidden="true">
          {stage.step}
        </span>
        <span class="journey__name">
          <span class="visually-hidden">Step {stage.step}: </span>
          {stage.name}
        </span>
        {lit ? (
          <span class="journey__chapter journey__chapter--here">{HERE}</span>
        ) : (
          <span class="journey__chapter">
            <span aria-hidden="true">ch. {link.order}</span>
            <span class="visually-hidden">
              (chapter {link.order}, {link.title})
            </span>
          </span>
        )}
      </span>
      {stage.key === 'text' ? (
        <q class="journey__value journey__value--text">{facts.value}</q>
      ) : (
        <span class="journey__value">{facts.value}</span>
      )}
      {facts.chips ? (
        <span class="journey__chips">
          {facts.chips.map((chip, i) => (
            <span key={i} class="journey__chip">
              {chip}
            </span>
          ))}
        </span>
      ) : null}
      <span class="journey__detail">{facts.detail}</span>
      <StageGlyph stage={stage.key} />
    </a>
  );
}

/** The model's two chapters, under the steps that run inside it: loading it, and its weights. */
export function ModelLinks({
  links,
  lit,
}: {
  links: Record<number, ChapterLinkFacts>;
  lit: 'loading' | 'weights' | null;
}) {
  const loading = links[MODEL_CHAPTERS.loading]!;
  const weights = links[MODEL_CHAPTERS.weights]!;
  const where = (which: 'loading' | 'weights', order: number) =>
    lit === which ? ` · ${HERE}` : ` · ch. ${order}`;
  return (
    <span class="journey__model-links">
      <a href={loading.href} aria-current={lit === 'loading' ? 'page' : undefined}>
        Loading it{where('loading', loading.order)}
      </a>
      <a href={weights.href} aria-current={lit === 'weights' ? 'page' : undefined}>
        {MODEL_WEIGHTS_LABEL}
        {where('weights', weights.order)}
      </a>
    </span>
  );
}
