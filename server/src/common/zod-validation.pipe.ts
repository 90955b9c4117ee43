import { Injectable, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { DomainError } from './domain-error';

/** Validates a request body or query against a shared zod schema; 400 naming each bad field. */
@Injectable()
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    const fields = result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || '(body)',
      message: issue.message,
    }));
    const summary = fields.map((f) => `${f.path}: ${f.message}`).join('; ');
    throw new DomainError('ValidationFailed', `Invalid request – ${summary}`, fields);
  }
}
