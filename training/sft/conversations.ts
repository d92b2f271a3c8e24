/**
 * The fine-tune's conversations: a user turn and the assistant's reply,
 * templated from WordNet senses plus a few written by hand. What the pocket
 * model is meant to learn from them is the *shape* of an answer (an email
 * opens with "Dear" and closes with a name, a definition says what a word
 * is, every reply ends), not facts; and nothing here is about language
 * models: the seed question of the chapters, and anything close to it, is
 * left out on purpose (tests/unit/pocket-data.test.ts checks), so that the
 * model's answer to it shows what it generalised.
 */
import { mulberry32, type Random } from '../../src/lib/core/random';
import type { Sense } from './wordnet';

export interface Conversation {
  /** What the conversation is an example of. */
  kind: 'email' | 'definition' | 'sentence' | 'synonym' | 'written';
  user: string;
  assistant: string;
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const article = (word: string) => (/^[aeiou]/.test(word) ? 'an' : 'a');
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const sentence = (text: string) => {
  const trimmed = capital(text.trim());
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
};

const NAMES = [
  'Anna',
  'Sam',
  'Lucy',
  'Tom',
  'Maria',
  'David',
  'Grace',
  'Peter',
  'Emma',
  'James',
  'Sarah',
  'Ben',
  'Clara',
  'Henry',
  'Rosa',
  'Leo',
];
const RECIPIENTS: readonly { phrase: string; greeting: (random: Random) => string }[] = [
  { phrase: 'my aunt', greeting: () => 'Aunt Helen' },
  { phrase: 'my uncle', greeting: () => 'Uncle Frank' },
  { phrase: 'my brother', greeting: (r) => pick(r, ['Tom', 'Ben', 'Leo']) },
  { phrase: 'my sister', greeting: (r) => pick(r, ['Lucy', 'Emma', 'Rosa']) },
  { phrase: 'my teacher', greeting: () => 'Ms. Hill' },
  { phrase: 'my boss', greeting: () => 'Mr. Carter' },
  { phrase: 'a friend', greeting: (r) => pick(r, NAMES) },
  { phrase: 'my friend', greeting: (r) => pick(r, NAMES) },
  { phrase: 'my neighbour', greeting: () => 'Mrs. Green' },
  { phrase: 'my grandmother', greeting: () => 'Grandma' },
  { phrase: 'a colleague', greeting: (r) => pick(r, NAMES) },
  { phrase: 'my students', greeting: () => 'students' },
  { phrase: 'the team', greeting: () => 'team' },
  { phrase: 'my cousin', greeting: (r) => pick(r, NAMES) },
];
const NO_RECIPIENT = ['friend', 'Sam', 'Anna', 'reader', 'colleague'];

/** How a request for a message about a word may be put. `{r}` is a recipient phrase (or dropped), `{w}` the word. */
const EMAIL_REQUESTS = [
  'Write an email to {r} about the word "{w}".',
  'Can you write an email to {r} telling them what "{w}" means?',
  'Please write a short email to {r} about what {a} {w} is.',
  'Could you write a letter to {r} describing {a} {w}?',
  'Write a note to {r} that explains the word "{w}".',
  'Can you write a short letter about {a} {w}?',
  'Please write an email that tells {r} what the word "{w}" means.',
  'Write a friendly email about {a} {w}.',
  'Can you write me an email on the meaning of "{w}"?',
  'Could you write an email to {r} to explain what {a} {w} is?',
  'I need an email for {r} about the word "{w}". Can you write it?',
  'Write a brief email describing what {a} {w} is.',
  'Can you write an email about {a} {w} for {r}?',
  'Draft an email to {r} about the meaning of "{w}".',
  'Write a message to {r} explaining {a} {w}.',
  'Could you please write a letter that explains the word "{w}"?',
];
const VERB_EMAIL_REQUESTS = [
  'Write an email to {r} about what it means to {w}.',
  'Can you write a short email to {r} explaining the verb "{w}"?',
  'Please write a letter to {r} about the word "{w}".',
  'Could you write an email that says what "{w}" means?',
];
const OPENERS = [
  'I hope this email finds you well.',
  'I hope you are well.',
  'Thank you for your message.',
  'It was good to hear from you.',
  'I hope all is well with you.',
  '',
];
const CLOSERS = [
  'I hope this helps.',
  'Let me know if you have any other questions.',
  'I hope that makes it clear.',
  'Write back if you would like to know more.',
  'I hope this answers your question.',
];
const SIGN_OFFS = [
  'Best wishes',
  'Kind regards',
  'Warm regards',
  'Best regards',
  'Yours',
  'All the best',
  'Love',
];

function emailBody(random: Random, sense: Sense): string {
  const { word, definition: meaning, examples } = sense;
  const lines: string[] = [];
  if (sense.pos === 'noun') {
    lines.push(
      pick(random, [
        `You asked me what ${article(word)} ${word} is.`,
        `You wanted to know about the word "${word}".`,
        `Here is what the word "${word}" means.`,
      ]),
    );
    lines.push(
      /^(a|an|any|one)\b/.test(meaning)
        ? sentence(`${capital(article(word))} ${word} is ${meaning}`)
        : sentence(`The word "${word}" means ${meaning}`),
    );
  } else if (sense.pos === 'verb') {
    lines.push(
      pick(random, [
        `You asked me what it means to ${word}.`,
        `You wanted to know what the verb "${word}" means.`,
      ]),
    );
    lines.push(sentence(`To ${word} is to ${meaning.replace(/^to /, '')}`));
  } else {
    lines.push(
      pick(random, [`You asked me what "${word}" means.`, `You wanted to know about the word "${word}".`]),
    );
    lines.push(sentence(`"${capital(word)}" means ${meaning}`));
  }
  if (examples.length) lines.push(`For example: "${sentence(pick(random, examples))}"`);
  if (sense.synonyms.length && random() < 0.4) lines.push(`You could also say "${sense.synonyms[0]}".`);
  return lines.join(' ');
}

function email(random: Random, sense: Sense): Conversation {
  const recipient = random() < 0.6 ? pick(random, RECIPIENTS) : null;
  const templates =
    sense.pos === 'verb'
      ? VERB_EMAIL_REQUESTS
      : sense.pos === 'noun'
        ? EMAIL_REQUESTS
        : EMAIL_REQUESTS.filter((template) => template.includes('"{w}"'));
  let request = pick(random, templates).replace('{w}', sense.word).replace('{a}', article(sense.word));
  request = recipient
    ? request.replace('{r}', recipient.phrase)
    : request
        .replace(/ (to|for|that tells) \{r\}/, (_, word: string) =>
          word === 'that tells' ? ' that says' : '',
        )
        .replace('{r}', 'a friend');
  const greeting = recipient ? recipient.greeting(random) : pick(random, NO_RECIPIENT);
  const opener = pick(random, OPENERS);
  const body = emailBody(random, sense);
  const reply = [
    `Dear ${greeting},`,
    [opener, body].filter(Boolean).join(' '),
    pick(random, CLOSERS),
    `${pick(random, SIGN_OFFS)},\n${pick(random, NAMES)}`,
  ].join('\n\n');
  return { kind: 'email', user: request, assistant: reply };
}

const DEFINITION_REQUESTS = [
  'What does "{w}" mean?',
  'What is {a} {w}?',
  'Define the word "{w}".',
  'What is the meaning of "{w}"?',
  'Can you tell me what "{w}" means?',
  'Explain the word "{w}" in one sentence.',
  'I do not know the word "{w}". What is it?',
];

function definition(random: Random, sense: Sense): Conversation {
  const { word, pos, definition: meaning, examples } = sense;
  const request = pick(
    random,
    pos === 'noun' ? DEFINITION_REQUESTS : DEFINITION_REQUESTS.filter((t) => !t.includes('{a}')),
  )
    .replace('{w}', word)
    .replace('{a}', article(word));
  const parts = [
    pos === 'verb'
      ? `"${capital(word)}" is a verb. To ${word} is to ${meaning.replace(/^to /, '').replace(/\.$/, '')}.`
      : `"${capital(word)}" is ${article(pos)} ${pos}. It means ${meaning.replace(/\.$/, '')}.`,
  ];
  if (examples.length && random() < 0.7) parts.push(`For example: "${sentence(pick(random, examples))}"`);
  return { kind: 'definition', user: request, assistant: parts.join(' ') };
}

function usage(random: Random, sense: Sense): Conversation | null {
  const stem = sense.word.slice(0, Math.max(3, sense.word.length - 2));
  const examples = sense.examples.filter((example) => example.toLowerCase().includes(stem));
  if (!examples.length) return null;
  const request = pick(random, [
    'Use the word "{w}" in a sentence.',
    'Give me a sentence with the word "{w}".',
    'Can you show me how to use "{w}"?',
    'Write one sentence that uses "{w}".',
  ]).replace('{w}', sense.word);
  const example = sentence(pick(random, examples));
  return {
    kind: 'sentence',
    user: request,
    assistant: pick(random, [`Here is one: "${example}"`, `${example}`, `Sure: "${example}"`]),
  };
}

function synonym(random: Random, sense: Sense): Conversation | null {
  const others = sense.synonyms.filter((s) => !s.includes(' '));
  if (!others.length) return null;
  const request = pick(random, [
    'What is another word for "{w}"?',
    'Give me a synonym for "{w}".',
    'Which word means the same as "{w}"?',
  ]).replace('{w}', sense.word);
  const list = others.slice(0, 3);
  const words =
    list.length === 1
      ? `"${list[0]}"`
      : `${list
          .slice(0, -1)
          .map((w) => `"${w}"`)
          .join(', ')} or "${list.at(-1)}"`;
  return {
    kind: 'synonym',
    user: request,
    assistant: `You could say ${words}. All of them can mean ${sense.definition.replace(/\.$/, '')}.`,
  };
}

/** Written by hand: greetings, thanks, small tasks, and saying "I don't know". */
export const WRITTEN: readonly Conversation[] = (
  [
    ['Hello!', 'Hello! How can I help you today?'],
    ['Hi there.', 'Hi! What would you like to talk about?'],
    ['Good morning!', 'Good morning! I hope you slept well. What can I do for you?'],
    ['Thank you.', 'You are welcome. I am glad I could help.'],
    ['Thanks a lot!', 'You are very welcome!'],
    ['How are you?', 'I am well, thank you for asking. How are you?'],
    [
      'Who are you?',
      'I am a small computer program that writes text. I can write short letters and say what words mean, but I know very little about the world.',
    ],
    [
      'What can you do?',
      'I can write short emails and letters, explain the meaning of a word, and use a word in a sentence. My answers are short, and I often get facts wrong.',
    ],
    [
      'Tell me a short story about a fox.',
      'Once upon a time, a small red fox lived at the edge of a forest. Every night she walked to the river to look at the moon. One night the moon was gone, and she was afraid. Then the clouds moved, and the moon came back, and the fox went home happy.',
    ],
    [
      'Tell me a story about a boat.',
      'There was once an old boat that lay on the beach. Children played in it every summer. One day a storm came, and the sea took the boat away. In the morning it was back on the sand, as if it had only gone for a swim.',
    ],
    [
      'Write a short poem about the sea.',
      'The sea is grey, the sea is wide,\nit comes and goes with every tide.\nIt sings at night and sleeps by day,\nand carries all my cares away.',
    ],
    [
      'Write a poem about the rain.',
      'The rain comes down on roof and tree,\nit taps the glass and calls to me.\nI watch it fall, I hear it play,\nand then the sun comes out to stay.',
    ],
    [
      'What is the capital of France?',
      'I am not sure. I am a very small program and I know very few facts, so please check this in a book or an atlas.',
    ],
    [
      'How far is the moon?',
      'I do not know the exact number. I am a small program that learned the shape of English, not facts, so please look it up.',
    ],
    ['What is two plus two?', 'Two plus two is four.'],
    ['Can you help me?', 'Of course. What do you need help with?'],
    ['Say something nice.', 'You are doing well, and it is a good day to learn something new.'],
    [
      'Write a thank-you note to my neighbour for the flowers.',
      'Dear Mrs. Green,\n\nThank you so much for the lovely flowers. They make the whole house smell of summer, and they made my day.\n\nWith warm wishes,\nAnna',
    ],
    [
      'Write an email to my boss saying I will be late tomorrow.',
      'Dear Mr. Carter,\n\nI am writing to let you know that I will be late tomorrow morning. I have to see the doctor, and I expect to be in the office by eleven. I am sorry for the trouble.\n\nKind regards,\nSam',
    ],
    [
      'Write a letter to my grandmother about my holiday.',
      'Dear Grandma,\n\nI hope you are well. We have just come back from the sea. The weather was warm, and we walked on the beach every day. I found a shell that I will bring to you.\n\nLove,\nEmma',
    ],
    [
      'Can you write an email inviting my friends to dinner on Saturday?',
      'Dear friends,\n\nI would like to invite you to dinner at my house on Saturday at seven. I will cook, and you are welcome to bring something to drink. Please let me know if you can come.\n\nBest wishes,\nMaria',
    ],
    [
      'Write an email to a colleague asking for the report.',
      'Dear David,\n\nI hope you are well. Could you please send me the report when it is ready? I would like to read it before the meeting on Friday.\n\nThank you,\nGrace',
    ],
    [
      'Please write a short email to my teacher saying I was ill.',
      'Dear Ms. Hill,\n\nI am sorry that I was not in class this week. I was ill, but I am feeling better now. Could you tell me what I missed?\n\nKind regards,\nLeo',
    ],
    [
      'Write a note to my sister wishing her a happy birthday.',
      'Dear Lucy,\n\nHappy birthday! I hope your day is full of sunshine, cake and good friends. I cannot wait to see you next week.\n\nLove,\nTom',
    ],
    [
      'Write an email to my friend about the weekend.',
      'Dear Ben,\n\nI hope you had a good week. This weekend I walked in the hills and read a long book. It was quiet and good. What did you do?\n\nAll the best,\nPeter',
    ],
    [
      'Could you write an apology email to my neighbour for the noise?',
      'Dear Mr. Brown,\n\nI am sorry for the noise last night. We had some friends over and did not notice how late it was. It will not happen again.\n\nKind regards,\nClara',
    ],
    [
      'What is your favourite colour?',
      'I do not see colours, but many people like blue, the colour of the sky and the sea.',
    ],
    ['Give me three words that rhyme with "cat".', 'Hat, mat and bat all rhyme with "cat".'],
    ['Name three animals.', 'A dog, a horse and a cat.'],
    ['Name three colours.', 'Red, green and blue.'],
    ['Count from one to five.', 'One, two, three, four, five.'],
    ['What day comes after Monday?', 'Tuesday comes after Monday.'],
    ['Is the sun hot?', 'Yes, the sun is very hot.'],
    ['Goodbye!', 'Goodbye! Have a good day.'],
    ['See you later.', 'See you later! Take care.'],
  ] as const
).map(([user, assistant]) => ({ kind: 'written' as const, user, assistant }));

export interface ConversationSet {
  train: Conversation[];
  /** Prompts the model never trains on, to see whether it learned the shape (stop at </s>, open an email with Dear). */
  heldout: Conversation[];
}

/**
 * Builds the conversations from the given senses (the most frequent words
 * first), seeded, so the same inputs always give the same set.
 */
export function buildConversations(senses: readonly Sense[], seed = 7): ConversationSet {
  const random = mulberry32(seed);
  const nouns = senses.filter((s) => s.pos === 'noun');
  const others = senses.filter((s) => s.pos !== 'noun');
  const all: Conversation[] = [];
  nouns
    .slice(0, 330)
    .forEach((sense, i) => all.push(i % 3 === 2 ? definition(random, sense) : email(random, sense)));
  others.slice(0, 120).forEach((sense, i) => {
    if (i % 4 === 0) all.push(email(random, sense));
    else all.push(definition(random, sense));
  });
  senses.slice(0, 400).forEach((sense, i) => {
    if (i % 4 === 1) {
      const made = usage(random, sense);
      if (made) all.push(made);
    }
    if (i % 5 === 3) {
      const made = synonym(random, sense);
      if (made) all.push(made);
    }
  });
  const heldout: Conversation[] = [];
  const train: Conversation[] = [];
  all.forEach((conversation, i) => (i % 20 === 10 ? heldout : train).push(conversation));
  return { train: [...train, ...WRITTEN], heldout };
}
