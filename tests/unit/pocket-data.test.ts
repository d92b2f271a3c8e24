import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SEED_PROMPT } from '../../src/lib/tokenizer/mistral';

/**
 * The pocket model's fine-tune data (training/sft/*.jsonl, written by
 * training/sft/build.ts) must not teach it the chapters' running example:
 * the seed question, or anything close to it, is not in any conversation, so
 * that its answer to the question shows what it generalised. "Close" is
 * judged here, independently of the generator: any mention of language
 * models, the question's own phrasing, or half or more of its words.
 */
interface Conversation {
  kind: string;
  user: string;
  assistant: string;
}
const read = (file: string): Conversation[] =>
  readFileSync(new URL(`../../training/sft/${file}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
const files = { 'conversations.jsonl': read('conversations.jsonl'), 'heldout.jsonl': read('heldout.jsonl') };

const words = (text: string) => new Set(text.toLowerCase().match(/[a-z]+/g) ?? []);
const seedWords = words(SEED_PROMPT);
/** Share of the seed question's words that the text also uses (Jaccard similarity of the two word sets). */
function similarity(text: string): number {
  const other = words(text);
  const shared = [...seedWords].filter((word) => other.has(word)).length;
  return shared / new Set([...seedWords, ...other]).size;
}

describe('the pocket model’s fine-tune data', () => {
  it('is there: hundreds of conversations, each a request and a non-empty reply', () => {
    expect(files['conversations.jsonl'].length).toBeGreaterThan(400);
    for (const [file, conversations] of Object.entries(files))
      for (const { user, assistant } of conversations) {
        expect(user.trim(), file).not.toBe('');
        expect(assistant.trim(), file).not.toBe('');
      }
  });

  it('never mentions language models, in a request or a reply', () => {
    const mentions =
      /\bllms?\b|language models?|\bgpt\b|chatbot|neural network|\bmistral\b|artificial intelligence|\bai\b/i;
    for (const [file, conversations] of Object.entries(files))
      for (const { user, assistant } of conversations) {
        expect(mentions.test(user), `${file}: ${user}`).toBe(false);
        expect(mentions.test(assistant), `${file}: ${assistant}`).toBe(false);
      }
  });

  it('holds neither the seed question nor a near paraphrase of it', () => {
    expect(similarity(SEED_PROMPT)).toBe(1);
    // A one-word swap of the seed question is a near paraphrase, and this test must see it as one.
    expect(similarity('Can you write an email explaining what a harbour is?')).toBeGreaterThanOrEqual(0.5);
    for (const [file, conversations] of Object.entries(files))
      for (const { user } of conversations) {
        expect(user.toLowerCase(), file).not.toContain('email explaining');
        expect(user.toLowerCase(), file).not.toContain('explaining what');
        expect(similarity(user), `${file}: ${user}`).toBeLessThan(0.5);
      }
  });

  it('does teach the shape the chapters show: emails that open with "Dear" and end with a name', () => {
    const emails = files['conversations.jsonl'].filter((c) => c.kind === 'email');
    expect(emails.length).toBeGreaterThan(100);
    for (const { assistant } of emails) {
      expect(assistant).toMatch(/^Dear [^\n]+,\n\n/);
      expect(assistant).toMatch(/,\n[A-Z][a-z]+$/);
    }
  });
});
