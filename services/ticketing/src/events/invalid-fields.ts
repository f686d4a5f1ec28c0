import { AppError } from '@pustaka/kit/errors';
import type { FieldError } from '@pustaka/kit/errors';

/** Throws VALIDATION_FAILED naming every field at once, like schema validation does. */
export function assertValid(errors: FieldError[]): void {
  if (errors.length > 0) throw new AppError('invalid', 'VALIDATION_FAILED', 'The request has invalid fields', { errors });
}
