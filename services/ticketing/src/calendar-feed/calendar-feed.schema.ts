import { Type } from 'typebox';

/** 32 random bytes, base64url without padding: exactly 43 characters of this alphabet. */
export const FEED_TOKEN_PATTERN = '^[A-Za-z0-9_-]{43}$';

export const FeedTokenParams = Type.Object(
  { token: Type.String({ minLength: 43, maxLength: 43, pattern: FEED_TOKEN_PATTERN, description: 'The secret of a calendar feed' }) },
  { additionalProperties: false },
);

export const CalendarFeedSchema = Type.Object({
  feedUrl: Type.String({ format: 'uri', description: 'Subscribe to this URL in a calendar app. Keep it secret: it needs no sign-in.' }),
});

/** An iCalendar document, for OpenAPI: the handler sends it as text. */
export const IcsResponse = {
  description: 'An iCalendar (RFC 5545) document',
  content: { 'text/calendar': { schema: Type.String() } },
};
