import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import './ui/search.css';
import { PanelFrame, type PanelError } from './ui/PanelFrame';
import { useTypedBeforeHydration } from './hooks/useTypedBeforeHydration';
import { asSentence } from '../src/lib/core/format';
import { PARAM_BUDGET_BYTES, refusalNote, replaceAddress, withParam } from '../src/lib/page-address';
import { checkQuery, resultSummary, searchFailure, searchSite, type SearchHit } from '../src/lib/search';

type Found = { query: string; total: number; hits: SearchHit[] };

/** The address bar's `?q=`, so a search can be shared and survives a reload. */
function queryFromAddress(): string {
  return new URLSearchParams(location.search).get('q') ?? '';
}

/** Writes the query as typed (spaces too), and says why when it cannot go in the address unchanged. */
function writeQueryToAddress(text: string): string | null {
  const { href, refused } = withParam(location.href, 'q', text === '' ? null : text, PARAM_BUDGET_BYTES);
  replaceAddress(window, href);
  return refused && refusalNote('This search', refused);
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
  const [addressNote, setAddressNote] = useState<string | null>(null);
  const latest = useRef(0);

  // A layout effect, so that a query typed before the panel woke is applied after the address's and wins.
  useLayoutEffect(() => setText(queryFromAddress()), []);
  const edit = (value: string) => {
    setText(value);
    setAddressNote(writeQueryToAddress(value));
  };
  useTypedBeforeHydration('search-query', text, edit);

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
    searchSite(import.meta.env.BASE_URL, query)
      .then(
        (result) => request === latest.current && (setFound({ query, ...result }), setError(null)),
        (reason: unknown) => request === latest.current && setError(searchFailure(reason)),
      )
      .finally(() => request === latest.current && setBusy(false));
  }, [query, attempt]);

  const panelError: PanelError | null = error
    ? {
        title: 'Search is not available',
        message: `The search index could not be loaded from this site: ${asSentence(error)} Your search is kept in the box; check your connection, then try again.${
          // Only a developer sees this: `astro dev` builds no index.
          import.meta.env.DEV
            ? ' (Under `npm run dev` there is no index: use `npm run build && npm run preview`.)'
            : ''
        }`,
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
          onInput={(event) => edit(event.currentTarget.value)}
        />
      </form>
      {addressNote && <p class="search__note">{addressNote}</p>}
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
