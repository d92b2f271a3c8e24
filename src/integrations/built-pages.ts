/** The HTML files of a finished build, for the integrations that check or rewrite every page. */
import { readdirSync } from 'node:fs';
import path from 'node:path';

/** Every `.html` file under `dir`, at any depth. */
export function builtHtmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return builtHtmlFiles(full);
    return entry.name.endsWith('.html') ? [full] : [];
  });
}
