import { FIXED_FIELDS } from '../../src/lib/model/config-explorer';
import type { MistralConfig } from '../../src/lib/model/mistral-config';

/** The config values that change no count, each with what it means and what it would change. */
export function FixedConfigValues({ config }: { config: MistralConfig }) {
  return (
    <dl class="config-fixed">
      {FIXED_FIELDS.map((field) => (
        <div class="config-fixed__item" key={field.key}>
          <dt>
            {field.label} <code>{field.key}</code> ={' '}
            <span class="config-fixed__value">{field.value(config)}</span>
          </dt>
          <dd>
            {field.meaning} <em>Changes:</em> {field.changes}
          </dd>
        </div>
      ))}
    </dl>
  );
}
