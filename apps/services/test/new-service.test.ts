import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { services } from '../index.ts';
import { addDependency, addToList, nextFreePort, renderTemplate, spellings } from '../src/render-service.ts';

const LIST = join(import.meta.dirname, '..', 'index.ts');
const LIST_PACKAGE = join(import.meta.dirname, '..', 'package.json');

describe('npm run new:service', () => {
  it('spells a name every way the code does', () => {
    expect(spellings('gift-cards')).toEqual({
      kebab: 'gift-cards',
      snake: 'gift_cards',
      camel: 'giftCards',
      pascal: 'GiftCards',
      constant: 'GIFT_CARDS',
      title: 'Gift cards',
      words: 'gift cards',
    });
    expect(spellings('discovery')).toMatchObject({ camel: 'discovery', pascal: 'Discovery', constant: 'DISCOVERY' });
  });

  it("writes the template under the new name, with nothing of the template's name or port left", () => {
    const files = renderTemplate('gift-cards', 3005);
    expect(files.map((file) => file.path)).toEqual(
      expect.arrayContaining([
        'service.ts',
        'main.ts',
        'config.ts',
        'package.json',
        'migrations/index.ts',
        'src/gift-cards.service-module.ts',
        'src/gift-cards-context.ts',
        'src/items/items.routes.ts',
        'test/items.test.ts',
      ]),
    );
    for (const file of files) {
      expect(`${file.path}\n${file.content}`, file.path).not.toMatch(/blank.?slate|3999/i);
    }
    const manifest = files.find((file) => file.path === 'service.ts')!.content;
    expect(manifest).toContain("name: 'gift-cards'");
    expect(manifest).toContain("http: { port: 3005, routes: ['/api/gift-cards'] }");
    expect(manifest).toContain("schema: 'gift_cards'");
    expect(JSON.parse(files.find((file) => file.path === 'package.json')!.content).name).toBe('@pustaka/gift-cards');
  });

  it('takes the first HTTP port no service listens on', () => {
    expect(nextFreePort(services)).toBe(Math.max(...services.map((service) => service.http.port)) + 1);
    expect(nextFreePort([{ http: { port: 3001, routes: [] } }, { http: { port: 3003, routes: [] }, rpc: { port: 3002 } }])).toBe(3004);
  });

  it('adds exactly one line to the service list, and the new package to its dependencies', () => {
    const before = readFileSync(LIST, 'utf8');
    const after = addToList(before, 'gift-cards');
    expect(after.split('\n').length).toBe(before.split('\n').length + 1);
    const last = before.split('\n').findLast((line) => line.startsWith("    import('@pustaka/"));
    expect(after).toContain(`${last}\n    import('@pustaka/gift-cards/service'),\n  ])`);
    const dependencies = JSON.parse(addDependency(readFileSync(LIST_PACKAGE, 'utf8'), 'gift-cards')).dependencies;
    expect(dependencies['@pustaka/gift-cards']).toBe('0.1.0');
    expect(Object.keys(dependencies)).toEqual(Object.keys(dependencies).sort());
  });
});
