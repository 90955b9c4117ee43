import { Injectable, type PipeTransform } from '@nestjs/common';
import type { FieldError } from '@roundtable/shared/errors';
import type { z } from 'zod';
import { DomainError } from '../errors/domain-error';

/**
 * Each issue of a failed parse as a field error; `root` names the whole value
 * (e.g. `(body)`). An unknown key is named by its own path.
 */
export function zodFieldErrors(error: z.ZodError, root: string): FieldError[] {
  const pathOf = (path: readonly PropertyKey[]) => path.map(String).join('.') || root;
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: pathOf([...issue.path, key]), message: `Unknown field ${key}` }))
      : [{ path: pathOf(issue.path), message: issue.message }],
  );
}

/** Validates a request body or query against a shared zod schema; 400 naming each bad field. */
@Injectable()
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    const fields = zodFieldErrors(result.error, '(body)');
    const summary = fields.map((f) => `${f.path}: ${f.message}`).join('; ');
    throw new DomainError('ValidationFailed', `Invalid request – ${summary}`, fields);
  }
}
