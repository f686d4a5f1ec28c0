import type { FieldError } from './app-error.ts';

/** An RFC 9457 problem document, as every error response body. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** `OUT_OF_STOCK` → `Out of stock`: a readable title derived from the stable code. */
export function titleOf(code: string): string {
  const words = code.toLowerCase().split('_').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function problemType(code: string): string {
  return `/problems/${code.toLowerCase().split('_').join('-')}`;
}

export function problem(status: number, code: string, detail: string, extra: Partial<Problem> = {}): Problem {
  return { type: problemType(code), title: titleOf(code), status, detail, code, ...extra };
}
