import { Injectable, type PipeTransform } from '@nestjs/common';
import type { ErrorCode } from '@roundtable/shared/errors';
import { DomainError } from '../errors/domain-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A path id that is not a UUID cannot name anything: answer with the same
 * not-found error as a real id the caller may not see.
 */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  constructor(
    private readonly code: ErrorCode,
    private readonly message: string,
  ) {}

  transform(value: string): string {
    if (!UUID.test(value)) throw new DomainError(this.code, this.message);
    return value.toLowerCase();
  }
}
