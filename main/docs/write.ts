/** `npm run docs`: writes every generated reference file (generate.ts) into the repository, saying which changed. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { APP_ROOT } from '../resources.js';
import { generatedFiles } from './generate.js';

const current = (file: string): string | undefined => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

for (const { path, text } of generatedFiles()) {
  const file = join(APP_ROOT, path);
  if (current(file) === text) {
    process.stdout.write(`unchanged ${path}\n`);
    continue;
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  process.stdout.write(`wrote     ${path}\n`);
}
