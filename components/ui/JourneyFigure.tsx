import { useStore } from '@nanostores/preact';
import { useEffect, useState } from 'preact/hooks';
import { SEED_CONVERSATION, type Conversation } from '../../src/lib/chat/conversation';
import { $conversation, openingConversation } from '../../src/lib/chat/store';
import {
  JOURNEY_PARTS,
  JOURNEY_STAGES,
  litBy,
  promptJourney,
  type ChapterLinkFacts,
} from '../../src/lib/journey';
import { ModelLinks, StageCard } from './JourneyParts';
import './journey.css';

interface Props {
  /** Every chapter the figure links to, by order (`journeyLinks`). */
  links: Record<number, ChapterLinkFacts>;
  /** The chapter the figure sits in, whose steps it lights; null on the home page. */
  current: number | null;
}

/**
 * The reader's conversation: the seed on the server and in the first render
 * (so hydration matches), then what the page was opened with (its link or
 * the tab's storage), then every edit a chat panel on this page makes to the
 * shared store. It only reads: the chat panels own the address and storage.
 */
function useReaderConversation(): { conversation: Conversation; ready: boolean } {
  const live = useStore($conversation);
  const [opened, setOpened] = useState<Conversation | null>(null);
  const [edited, setEdited] = useState(false);
  useEffect(() => {
    setOpened(openingConversation(window).conversation);
    return $conversation.listen(() => setEdited(true));
  }, []);
  return { conversation: edited ? live : (opened ?? SEED_CONVERSATION), ready: opened !== null };
}

/** The whole journey: eight steps in three parts, the reader's prompt in them, this chapter's steps lit. */
export default function JourneyFigure({ links, current }: Props) {
  const { conversation, ready } = useReaderConversation();
  const journey = promptJourney(conversation);
  const lit = litBy(current);
  const here = current === null ? undefined : links[current];
  return (
    <figure
      class="journey"
      aria-labelledby="journey-caption"
      data-pagefind-ignore
      data-conversation={journey.seed ? 'seed' : 'reader'}
      data-current={current === null ? undefined : current}
      data-ready={ready ? '' : undefined}
    >
      <figcaption id="journey-caption" class="journey__caption">
        <span class="journey__title">How a prompt becomes an answer:</span>{' '}
        <span class="journey__subtitle">
          {journey.seed ? 'the site’s example' : 'your own prompt'} in eight steps, each linking to its
          chapter.
          {here && ` You are in chapter ${here.order}.`}
        </span>
      </figcaption>
      <ol class="journey__parts">
        {JOURNEY_PARTS.map(({ part, name }) => (
          <li
            key={part}
            class={`journey__part journey__part--${part}`}
            data-lit={part === 'model' && lit.model ? '' : undefined}
          >
            <span class="journey__part-name" id={`journey-part-${part}`}>
              {name}
            </span>
            <ol class="journey__stages" aria-labelledby={`journey-part-${part}`}>
              {JOURNEY_STAGES.filter((stage) => stage.part === part).map((stage) => (
                <li key={stage.key}>
                  <StageCard
                    stage={stage}
                    facts={journey.stages[stage.key]}
                    link={links[stage.chapter]!}
                    lit={lit.stages.includes(stage.key)}
                  />
                </li>
              ))}
            </ol>
            {part === 'model' && <ModelLinks links={links} lit={lit.model} />}
          </li>
        ))}
      </ol>
    </figure>
  );
}
