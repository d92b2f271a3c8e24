import { parse, type HTMLElement } from 'node-html-parser';
import { render } from 'preact-render-to-string';
import { describe, expect, test } from 'vitest';
import { PanelFrame, type PanelFrameProps } from '../../components/ui/PanelFrame';

/** Renders the frame to HTML and parses it, so the assertions read elements, not strings. */
function renderFrame(props: Partial<PanelFrameProps> = {}): HTMLElement {
  const html = render(
    <PanelFrame
      title="Tokenizer"
      runs="Runs in your browser: the tokenizer, in a worker."
      status="Ready"
      {...props}
    >
      {props.children ?? <p class="child">Panel body</p>}
    </PanelFrame>,
  );
  const section = parse(html).querySelector('section');
  if (!section) throw new Error(`no <section> in ${html}`);
  return section;
}

describe('PanelFrame', () => {
  test('is a section labelled by its title', () => {
    const section = renderFrame();
    expect(section.tagName).toBe('SECTION');
    expect(section.classList.contains('panel')).toBe(true);
    const labelId = section.getAttribute('aria-labelledby');
    expect(labelId).toBeTruthy();
    expect(section.querySelector(`[id="${labelId}"]`)?.textContent).toBe('Tokenizer');
    // The title is not a heading: it must not enter the page's heading outline.
    expect(section.querySelector('h1, h2, h3, h4, h5, h6')).toBeNull();
  });

  test('shows what it runs on, a polite live status and then its children', () => {
    const section = renderFrame({ status: <span>Loading the tokenizer…</span> });
    expect(section.querySelector('.panel__runs')?.textContent).toBe(
      'Runs in your browser: the tokenizer, in a worker.',
    );
    const status = section.querySelector('[role="status"]');
    expect(status?.getAttribute('aria-live')).toBe('polite');
    expect(status?.textContent).toBe('Loading the tokenizer…');
    const lastChild = section.childNodes.filter((node) => node.nodeType === 1).at(-1);
    expect(lastChild?.textContent).toBe('Panel body');
  });

  test('keeps an empty alert region when there is no error, so a later error is announced', () => {
    for (const props of [{}, { error: null }]) {
      const alert = renderFrame(props).querySelector('[role="alert"]');
      expect(alert).not.toBeNull();
      expect(alert?.textContent).toBe('');
      expect(alert?.querySelector('button')).toBeNull();
    }
  });

  test('shows an error with its title, message and action button', () => {
    const section = renderFrame({
      error: {
        title: 'The tokenizer did not load',
        message: 'The network failed.',
        action: { label: 'Try again', onAction: () => {} },
      },
    });
    const alert = section.querySelector('[role="alert"]');
    expect(alert?.querySelector('.panel__error-title')?.textContent).toBe('The tokenizer did not load');
    expect(alert?.querySelector('.panel__error-message')?.textContent).toBe('The network failed.');
    const button = alert?.querySelector('button');
    expect(button?.textContent).toBe('Try again');
    expect(button?.getAttribute('type')).toBe('button');
  });

  test('an error without an action has no button', () => {
    const alert = renderFrame({
      error: { title: 'No WebGPU', message: 'This browser has no WebGPU.' },
    }).querySelector('[role="alert"]');
    expect(alert?.textContent).toBe('No WebGPUThis browser has no WebGPU.');
    expect(alert?.querySelector('button')).toBeNull();
  });

  test('an id names the section and the title; two panels with different ids do not clash', () => {
    const a = renderFrame({ id: 'tokens-a' });
    const b = renderFrame({ id: 'tokens-b' });
    expect(a.id).toBe('tokens-a');
    expect(a.getAttribute('aria-labelledby')).toBe('tokens-a-title');
    expect(b.getAttribute('aria-labelledby')).toBe('tokens-b-title');
  });

  test('user text is rendered as text, never as HTML', () => {
    const section = renderFrame({ title: '<img src=x onerror=alert(1)>', status: '<b>bold</b>' });
    expect(section.querySelector('img, b')).toBeNull();
    expect(section.querySelector('[role="status"]')?.textContent).toBe('<b>bold</b>');
  });

  test('says which component got a bad title', () => {
    expect(() => renderFrame({ title: '  ' })).toThrow(
      'PanelFrame: the `title` prop must be a non-empty string.',
    );
  });
});
