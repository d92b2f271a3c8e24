import { useEffect, useRef, useState } from 'preact/hooks';
import './ui/search.css';
import { PanelFrame, type PanelError } from './ui/PanelFrame';
import { replaceAddress } from '../src/lib/page-address';
import { checkQuery, loadPagefind, resultSummary, searchChapters, type SearchHit } from '../src/lib/search';

type Found = { query: string; total: number; hits: SearchHit[] };

/** The address bar's `?q=`, so a search can be shared and survives a reload. */
function queryFromAddress(): string {
  return new URLSearchParams(location.search).get('q') ?? '';
}

function writeQueryToAddress(text: string) {
  const url = new URL(location.href);
  if (text.trim()) url.searchParams.set('q', text);
  else url.searchParams.delete('q');
  replaceAddress(window, url.href);
}

/**
 * Search every chapter's prose (not its live panels) with Pagefind's
 * index, built with the site. The query lives in the address; results are
 * links with the matching words marked, rendered as text.
 */
export default function SearchPanel() {
  const [text, setText] = useState('');
  const [found, setFound] = useState<Found | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);

  useEffect(() => setText(queryFromAddress()), []);

  const checked = checkQuery(text);
  const query = 'query' in checked ? checked.query : null;
  useEffect(() => {
    const request = ++latest.current;
    if (query === null) {
      setFound(null);
      setBusy(false);
      return;
    }
    setBusy(true);
    loadPagefind(import.meta.env.BASE_URL)
      .then((pagefind) => searchChapters(pagefind, query))
      .then(
        (result) => request === latest.current && (setFound({ query, ...result }), setError(null)),
        (reason: unknown) =>
          request === latest.current && setError(reason instanceof Error ? reason.message : String(reason)),
      )
      .finally(() => request === latest.current && setBusy(false));
  }, [query, attempt]);

  const panelError: PanelError | null = error
    ? {
        title: 'Search is not available',
        message: `The search index did not load (${error}). It is made by \`npm run build\`, so \`npm run dev\` has none: use \`npm run build && npm run preview\`. Your search is kept.`,
        action: { label: 'Try again', onAction: () => setAttempt(attempt + 1) },
      }
    : null;
  const status =
    'note' in checked
      ? checked.note
      : busy
        ? 'Searching…'
        : found && found.query === query
          ? resultSummary(found.query, found.total)
          : '';

  return (
    <PanelFrame
      title="Search the chapters"
      runs="Runs in your browser: Pagefind’s index of the chapters, made when the site was built and served by it."
      status={status}
      error={panelError}
    >
      <form class="search" role="search" onSubmit={(event) => event.preventDefault()}>
        <label for="search-query">Words to find</label>
        <input
          id="search-query"
          type="search"
          class="search__input"
          autoComplete="off"
          spellcheck={false}
          value={text}
          onInput={(event) => {
            setText(event.currentTarget.value);
            writeQueryToAddress(event.currentTarget.value);
          }}
        />
      </form>
      {found && found.query === query && found.hits.length > 0 && (
        <ol class="search__hits" aria-label="Pages that match">
          {found.hits.map((hit) => (
            <li key={hit.url}>
              <a href={hit.url}>{hit.title}</a>
              <p class="search__excerpt">
                {hit.excerpt.map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : part.text))}
              </p>
            </li>
          ))}
        </ol>
      )}
    </PanelFrame>
  );
}
