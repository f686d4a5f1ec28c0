// `npm run new:service -- <name>`: a working service from the template (apps/services/template),
// in services/<name>, added to the service list. See CONTRIBUTING.md, "Adding a service".
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { services } from './index.ts';
import { addDependency, addToList, nextFreePort, renderTemplate, SERVICE_NAME } from './src/render-service.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const name = process.argv[2] ?? '';
if (!SERVICE_NAME.test(name)) {
  console.error('Usage: npm run new:service -- <name>   (lower case, words joined by hyphens: gift-cards)');
  process.exit(1);
}
const folder = join(ROOT, 'services', name);
if (existsSync(folder) || services.some((service) => service.name === name)) {
  console.error(`There is a service called ${name} already (services/${name}).`);
  process.exit(1);
}

const port = nextFreePort(services);
for (const file of renderTemplate(name, port)) {
  mkdirSync(dirname(join(folder, file.path)), { recursive: true });
  writeFileSync(join(folder, file.path), file.content);
}
const list = join(import.meta.dirname, 'index.ts');
writeFileSync(list, addToList(readFileSync(list, 'utf8'), name));
const manifest = join(import.meta.dirname, 'package.json');
writeFileSync(manifest, addDependency(readFileSync(manifest, 'utf8'), name));
// Links the new workspace into node_modules (and records it in package-lock.json).
execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
// The template's lines wrap for its own name; a longer or shorter one moves where they should.
execFileSync('npx', ['oxfmt', `services/${name}`], { cwd: ROOT, stdio: 'inherit' });

console.log(`
Created services/${name} (HTTP port ${port}; routes under /api/${name}) and added it to apps/services/index.ts.
  npx vitest run services/${name}    its tests, on PGlite and on PostgreSQL when reachable
  npm start                           the whole platform, ${name} included
Next: say what it does in services/${name}/service.ts, then see CONTRIBUTING.md.`);
