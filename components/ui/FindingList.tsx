import type { Finding } from '../../src/lib/device/verdict';

const LABELS = { ok: 'OK', warn: 'Caution', block: 'Blocks' } as const;

/**
 * Reasons for or against running a model, each with a word-and-symbol badge,
 * so the severity never rests on colour alone.
 */
export function FindingList({ findings, label }: { findings: readonly Finding[]; label: string }) {
  if (findings.length === 0) return null;
  return (
    <ul class="findings" aria-label={label}>
      {findings.map((finding) => (
        <li key={finding.text} class="finding" data-severity={finding.severity}>
          <span class="finding__badge">
            <span aria-hidden="true">
              {finding.severity === 'ok' ? '✓' : finding.severity === 'warn' ? '!' : '✕'}
            </span>{' '}
            {LABELS[finding.severity]}
          </span>
          <span class="finding__text">{finding.text}</span>
        </li>
      ))}
    </ul>
  );
}
