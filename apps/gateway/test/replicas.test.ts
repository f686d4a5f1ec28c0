import { afterEach, describe, expect, it } from 'vitest';
import { freePorts, httpClient } from '@pustaka/kit/testing';
import { startGateway, startUpstream } from './support.ts';
import type { GatewayUnderTest, StandInUpstream } from './support.ts';

describe('an upstream with several replicas', () => {
  let sut: GatewayUnderTest | undefined;
  let extra: StandInUpstream | undefined;
  afterEach(async () => {
    await sut?.close();
    await extra?.close();
    sut = extra = undefined;
  });

  it('balances requests across the replicas in turn', async () => {
    const standIn = await startUpstream('catalog');
    extra = await startUpstream('catalog');
    try {
      sut = await startGateway({ CATALOG_URL: `${standIn.url},${extra.url}` });
      const api = httpClient(sut.url);
      for (let i = 0; i < 6; i += 1) expect((await api.get(`/api/books/${i}`)).status).toBe(200);
      expect(standIn.seen).toHaveLength(3);
      expect(extra.seen).toHaveLength(3);
    } finally {
      await standIn.close();
    }
  });

  it('keeps answering with one replica that never started: reads are sent again to the other, writes go to the one seen up', async () => {
    extra = await startUpstream('catalog');
    const [down] = await freePorts(1);
    sut = await startGateway({ CATALOG_URL: `http://127.0.0.1:${down},${extra.url}` });
    const api = httpClient(sut.url);
    for (let i = 0; i < 4; i += 1) expect((await api.get(`/api/books/${i}`)).status).toBe(200);
    for (let i = 0; i < 4; i += 1) expect((await api.post(`/api/books/${i}/stock`, { body: { delta: 1 } })).status).toBe(201);
    expect(extra.seen.filter((seen) => seen.method === 'POST').map((seen) => seen.body)).toEqual(Array(4).fill({ delta: 1 }));
  });

  it('takes a replica stopped mid-service out of turn: the read that met it is sent again to the other, later requests go there', async () => {
    const stopping = await startUpstream('catalog');
    extra = await startUpstream('catalog');
    sut = await startGateway({ CATALOG_URL: `${stopping.url},${extra.url}` });
    const api = httpClient(sut.url);
    expect((await api.get('/readyz')).status).toBe(200);
    await stopping.close();

    const reads = [];
    for (let i = 0; i < 6; i += 1) reads.push((await api.get(`/api/books/${i}`)).status);
    expect(reads).toEqual(Array(6).fill(200));
    const writes = [];
    for (let i = 0; i < 6; i += 1) writes.push((await api.post(`/api/books/${i}/stock`, { body: { delta: 1 } })).status);
    expect(writes).toEqual(Array(6).fill(201));
    expect(extra.seen.filter((seen) => seen.method === 'POST')).toHaveLength(6);
  });

  it('sends a read that got no answer once more, to the other replica', async () => {
    const dropping = await startUpstream('catalog');
    extra = await startUpstream('catalog');
    try {
      sut = await startGateway({ CATALOG_URL: `${dropping.url},${extra.url}` });
      const api = httpClient(sut.url);
      expect((await api.get('/readyz')).status).toBe(200);
      dropping.drops = true;
      // In turn, the dropping replica has the first request.
      const read = await api.get('/api/books/1');
      expect(read.status).toBe(200);
      expect(dropping.seen.map((seen) => seen.url)).toEqual(['/api/books/1']);
      expect(extra.seen.map((seen) => seen.url)).toEqual(['/api/books/1']);
    } finally {
      await dropping.close();
    }
  });

  it('sends a read again to its only replica after a broken connection, and a write never', async () => {
    sut = await startGateway();
    const api = httpClient(sut.url);
    const catalog = sut.upstreams.catalog;
    catalog.drops = true;
    expect((await api.get('/api/books/1')).status).toBe(503);
    expect(catalog.seen.filter((seen) => seen.url === '/api/books/1')).toHaveLength(2);
    expect((await api.post('/api/books/2/stock', { body: {} })).status).toBe(503);
    expect(catalog.seen.filter((seen) => seen.url === '/api/books/2/stock')).toHaveLength(1);
  });

  it('is ready while one replica of each upstream is, and reads the replicas from a comma-separated <NAME>_URL', async () => {
    const [down] = await freePorts(1);
    extra = await startUpstream('catalog');
    sut = await startGateway({ CATALOG_URL: `http://127.0.0.1:${down}/,${extra.url}` });
    expect(sut.gateway.replicas.get('catalog')!.replicas.map((replica) => replica.url)).toEqual([`http://127.0.0.1:${down}`, extra.url]);
    expect((await httpClient(sut.url).get('/readyz')).status).toBe(200);
  });
});
