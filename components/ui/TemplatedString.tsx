import type { Segment } from '../../src/lib/chat/render';
import { makeVisible, showTokenText } from '../../src/lib/tokenizer/token-view';

/** Template text with every space, newline and invisible character shown: the template's spaces matter. */
const templateText = (text: string) => showTokenText(text);
/** The reader's text as typed; newlines are marked and kept as line breaks. */
const readerText = (text: string) => makeVisible(text, { keepSpaces: true }).replace(/↵/g, '↵\n');

interface Props {
  segments: readonly Segment[];
  /** Characters to highlight, `[start, end)` in the string: the active id's. */
  highlight?: { start: number; end: number } | undefined;
  /** The string's accessible name, when a page shows more than one. */
  label?: string;
}

/** `text` (starting at `offset` in the string) with the part inside `highlight` wrapped in a <span>. */
function withHighlight(
  text: string,
  offset: number,
  highlight: Props['highlight'],
  show: (part: string) => string,
) {
  const from = highlight ? Math.max(highlight.start - offset, 0) : 0;
  const to = highlight ? Math.min(highlight.end - offset, text.length) : 0;
  if (from >= to) return show(text);
  return (
    <>
      {show(text.slice(0, from))}
      <span class="token-highlight">{show(text.slice(from, to))}</span>
      {show(text.slice(to))}
    </>
  );
}

/**
 * The string `apply_chat_template` produced, the template's parts boxed and
 * hatched (not only coloured), each announced as "template:" to screen
 * readers. All of it is text nodes: nothing the reader typed becomes markup.
 */
export function TemplatedString({
  segments,
  highlight,
  label = 'The templated string, template parts marked',
}: Props) {
  // The legend's sample is this template's own first words (`[INST]▁` for Mistral, `<|im_start|>` for ChatML).
  const sample = segments.find((segment) => segment.kind === 'template')?.text.slice(0, 12) ?? '[INST] ';
  return (
    <figure class="templated-string">
      <figcaption class="field-label">The string the model reads</figcaption>
      <p class="chat-legend" aria-hidden="true">
        <span class="template-part">{templateText(sample)}</span> added by the template (▁ is a space, ↵ a
        newline) · <span class="reader-part">your text</span> copied from your turns
      </p>
      <pre class="templated-string__text" tabIndex={0} aria-label={label}>
        {segments.map((segment) =>
          segment.kind === 'template' ? (
            <mark key={segment.start} class="template-part">
              <span class="visually-hidden">template: </span>
              {withHighlight(segment.text, segment.start, highlight, templateText)}
            </mark>
          ) : (
            <span key={segment.start} class="reader-part" data-turn={segment.turnId}>
              {withHighlight(segment.text, segment.start, highlight, readerText)}
            </span>
          ),
        )}
      </pre>
    </figure>
  );
}
