import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chaptersUsing, describePanel } from '../../src/lib/panel-catalogue';
import { panelExampleSource, panelNames } from '../../src/integrations/panel-examples';

const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

describe('describePanel', () => {
  it('reads the real Tokenizer panel: its summary, and its prop with type, default and doc', () => {
    const entry = describePanel('components/TokenizerPanel.tsx', read('components/TokenizerPanel.tsx'));
    expect(entry.name).toBe('TokenizerPanel');
    expect(entry.summary).toMatch(
      /^Type a prompt, see Mistral-7B-Instruct's tokens: marked over the text, as chips and in the notebook's table/,
    );
    expect(entry.props).toEqual([
      {
        name: 'initialText',
        type: 'string',
        optional: true,
        defaultValue: 'SEED_PROMPT',
        doc: "Text the box starts with; the seed's prompt unless a chapter asks otherwise.",
      },
    ]);
  });

  it('reads inline prop types and a panel without props', () => {
    const inline = describePanel(
      'components/X.tsx',
      `/** Shows x. */\nexport default function X({ size = 3 }: {\n  /** How big. */\n  size?: number;\n  label: string;\n}) {\n  return null;\n}`,
    );
    expect(inline.summary).toBe('Shows x.');
    expect(inline.props).toEqual([
      { name: 'size', type: 'number', optional: true, defaultValue: '3', doc: 'How big.' },
      { name: 'label', type: 'string', optional: false, defaultValue: null, doc: '' },
    ]);
    expect(describePanel('components/Network.tsx', read('components/NetworkPanel.tsx')).props).toEqual([]);
  });

  it('refuses a file without a default-exported function, naming it', () => {
    expect(() => describePanel('components/Bad.tsx', 'export const Bad = () => null;')).toThrow(
      'components/Bad.tsx: a panel must be a default-exported, named function component.',
    );
  });

  it('describes every panel in components/ and every one has a summary', () => {
    const files = readdirSync(path.join(root, 'components')).filter((name) => name.endsWith('.tsx'));
    expect(files.length).toBeGreaterThan(8);
    for (const name of files) {
      const entry = describePanel(`components/${name}`, read(`components/${name}`));
      expect(entry.summary.length, `${name} needs a JSDoc summary`).toBeGreaterThan(20);
    }
  });
});

describe('chaptersUsing', () => {
  it('finds the chapters that import a panel, and only those', () => {
    const chapters = readdirSync(path.join(root, 'content/chapters')).map((file) => ({
      file,
      text: read(`content/chapters/${file}`),
    }));
    expect(chaptersUsing('TokenizerPanel', chapters)).toEqual(['01-tokens.mdx']);
    expect(chaptersUsing('NetworkPanel', chapters)).toEqual(['06-parameters.mdx']);
    expect(chaptersUsing('Tokenizer', chapters)).toEqual([]);
  });
});

describe('the live examples (src/integrations/panel-examples.ts)', () => {
  it('takes the panels from components/*.tsx, sorted, and refuses a file not named like a component', () => {
    expect(panelNames(['TokenizerPanel.tsx', 'ui', 'MemoryPanel.tsx', 'notes.md'])).toEqual([
      'MemoryPanel',
      'TokenizerPanel',
    ]);
    expect(() => panelNames(['token-panel.tsx'])).toThrow(
      "components/token-panel.tsx: a panel's file name must be its PascalCase component name.",
    );
  });

  it('imports every panel by name and hydrates the one asked for when it scrolls into view', () => {
    const source = panelExampleSource(['MemoryPanel', 'TokenizerPanel']);
    expect(source).toContain("import MemoryPanel from '../../../components/MemoryPanel.tsx';");
    expect(source).toContain("import TokenizerPanel from '../../../components/TokenizerPanel.tsx';");
    expect(source).toContain("const panels = ['MemoryPanel', 'TokenizerPanel'];");
    expect(source).toContain("{name === 'TokenizerPanel' && <TokenizerPanel client:visible />}");
  });
});
