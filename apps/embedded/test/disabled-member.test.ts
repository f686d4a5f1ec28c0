import { expect, it } from 'vitest';
import { describeService, eventually } from '@pustaka/kit/testing';
import { startSweepShop } from './sweep/sweep-shop.ts';

describeService('a member an admin disables', startSweepShop(), (shop) => {
  it('loses their calendar feed as well as their tokens, and getting enabled again does not bring the old feed back', async () => {
    const feed = `/api/calendar/${shop.cast.world.pathValue('/api/calendar/{token}.ics', 'token')}.ics`;
    expect((await shop.api.get(feed)).status).toBe(200);
    const memberId = shop.cast.world.pathValue('/api/users/{id}', 'id');

    const disabled = await shop.api.patch(`/api/users/${memberId}`, { token: shop.cast.tokens.admin, body: { disabled: true } });
    expect(disabled.status).toBe(200);
    expect((await shop.api.get('/api/bookings', { token: shop.cast.tokens.member })).body.code).toBe('TOKEN_REVOKED');
    await eventually(async () => {
      const answer = await shop.api.get(feed);
      expect(answer.status).toBe(404);
      expect(answer.body.code).toBe('CALENDAR_FEED_NOT_FOUND');
    });

    await shop.api.patch(`/api/users/${memberId}`, { token: shop.cast.tokens.admin, body: { disabled: false } });
    const signedIn = await shop.api.post('/api/auth/login', { body: { email: 'sweep-member@shop.test', password: 'a long enough secret' } });
    expect(signedIn.status).toBe(200);
    expect((await shop.api.get(feed)).status).toBe(404);
    const renewed = await shop.api.post('/api/calendar/token', { token: signedIn.body.accessToken });
    expect((await shop.api.get(new URL(renewed.body.feedUrl).pathname)).status).toBe(200);
  });
});
