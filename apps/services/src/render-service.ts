import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ServiceManifest } from '@pustaka/kit/manifest';

const TEMPLATE = join(import.meta.dirname, '..', 'template');
/** The template's own name and port, replaced in every path and file. */
const TEMPLATE_NAME = 'blank-slate';
const TEMPLATE_PORT = '3999';
const FIRST_PORT = 3001;

/** Lower case, words joined by hyphens: `gift-cards`. */
export const SERVICE_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** One file of a new service, its path relative to the service's folder. */
export interface RenderedFile {
  path: string;
  content: string;
}

/**
 * Every spelling of a service name the code uses.
 *
 * @example
 *   spellings('gift-cards'); // { kebab: 'gift-cards', snake: 'gift_cards', camel: 'giftCards', pascal: 'GiftCards', constant: 'GIFT_CARDS', title: 'Gift cards', words: 'gift cards' }
 */
export function spellings(name: string) {
  const words = name.split('-');
  const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
  return {
    kebab: name,
    snake: words.join('_'),
    camel: words[0] + words.slice(1).map(capital).join(''),
    pascal: words.map(capital).join(''),
    constant: words.join('_').toUpperCase(),
    title: capital(words.join(' ')),
    words: words.join(' '),
  };
}

/**
 * The template's files with its name and port replaced by the new service's.
 *
 * @example
 *   renderTemplate('gift-cards', 3005).map((file) => file.path); // ['config.ts', ..., 'src/gift-cards.service-module.ts', ...]
 */
export function renderTemplate(name: string, port: number): RenderedFile[] {
  const from = spellings(TEMPLATE_NAME);
  const to = spellings(name);
  // Longest first, so `BlankSlate` is not taken for a `blank slate` with another case.
  const pairs = (Object.keys(from) as Array<keyof typeof from>).map((key) => [from[key], to[key]] as const).sort(([a], [b]) => b.length - a.length);
  const rename = (text: string) => pairs.reduce((result, [a, b]) => result.replaceAll(a, b), text);
  return filesUnder(TEMPLATE).map((path) => ({
    path: rename(relative(TEMPLATE, path)),
    content: rename(readFileSync(path, 'utf8')).replaceAll(TEMPLATE_PORT, String(port)),
  }));
}

/**
 * The smallest HTTP port from 3001 up that no service of the list listens on.
 *
 * @example
 *   nextFreePort(services); // 3005 with identity, catalog, orders and ticketing on 3001 to 3004
 */
export function nextFreePort(list: readonly Pick<ServiceManifest, 'http' | 'rpc'>[]): number {
  const taken = new Set(list.flatMap((service) => [service.http.port, ...(service.rpc?.port ? [service.rpc.port] : [])]));
  let port = FIRST_PORT;
  while (taken.has(port)) port += 1;
  return port;
}

/**
 * The service list's source with the new service's line added after the last one, at the same
 * indentation (so it survives the formatter re-indenting the list).
 *
 * @example
 *   addToList(source, 'gift-cards'); // ... import('@pustaka/ticketing/service'),\n    import('@pustaka/gift-cards/service'), ...
 */
export function addToList(source: string, name: string): string {
  const lines = [...source.matchAll(/^( *)import\('@pustaka\/[a-z0-9-]+\/service'\),$/gm)];
  const last = lines.at(-1);
  if (!last) throw new Error('The service list is not where it was expected: add the line to apps/services/index.ts by hand');
  const end = last.index + last[0].length;
  return `${source.slice(0, end)}\n${last[1]}import('@pustaka/${name}/service'),${source.slice(end)}`;
}

/**
 * The list package's package.json with the new service as a dependency (kept in name order).
 *
 * @example
 *   addDependency(json, 'gift-cards'); // "@pustaka/gift-cards": "0.1.0" among the dependencies
 */
export function addDependency(json: string, name: string): string {
  const manifest = JSON.parse(json) as { dependencies?: Record<string, string> };
  const dependencies = { ...manifest.dependencies, [`@pustaka/${name}`]: '0.1.0' };
  manifest.dependencies = Object.fromEntries(Object.entries(dependencies).sort(([a], [b]) => a.localeCompare(b)));
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(folder, entry.name);
      return entry.isDirectory() ? filesUnder(path) : [path];
    })
    .sort();
}
