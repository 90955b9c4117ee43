import { RecordViewRequestSchema } from '@roundtable/shared/decisions';
import { JoinMeetingRequestSchema } from '@roundtable/shared/meeting-events';
import { QueryFailedError } from 'typeorm';
import { DomainError } from '../../platform/errors/domain-error';
import { ackError, ackOk, describeUnexpected, INTERNAL_ERROR_MESSAGE, parsePayload } from './event-acks';

const MEETING = '0b7c3c1e-2f7d-4d2a-8a6e-5b1f9c3d2e10';

function validationError(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a ValidationFailed error');
}

describe('meeting event acknowledgements', () => {
  it('returns the parsed payload', () => {
    expect(parsePayload(JoinMeetingRequestSchema, { meetingId: MEETING })).toEqual({ meetingId: MEETING });
  });

  it('names missing, unknown and wrongly typed fields', () => {
    const error = validationError(() =>
      parsePayload(RecordViewRequestSchema, {
        requestId: 'not-a-uuid',
        meetingId: MEETING,
        harm: 42,
        recommendedOption: 's47-joint',
        reasons: 'x'.repeat(5000),
        agency: 'health',
      }),
    );
    expect(error.code).toBe('ValidationFailed');
    expect(error.fields?.map((f) => f.path).sort()).toEqual(['agency', 'decisionId', 'harm', 'reasons', 'requestId']);
    expect(error.fields?.find((f) => f.path === 'agency')?.message).toBe('Unknown field agency');
  });

  it('names the payload itself when it is not an object', () => {
    expect(validationError(() => parsePayload(JoinMeetingRequestSchema, undefined)).fields).toEqual([
      { path: '(payload)', message: expect.any(String) },
    ]);
  });

  it('acknowledges success with the data', () => {
    expect(ackOk({ id: 1 })).toEqual({ ok: true, data: { id: 1 } });
  });

  it('passes a domain error on with its code, message and fields, without logging it', () => {
    const unexpected = jest.fn();
    const fields = [{ path: 'stage', message: 'Never down' }];
    expect(ackError(new DomainError('ValidationFailed', 'Invalid request', fields), unexpected)).toEqual({
      ok: false,
      error: { code: 'ValidationFailed', message: 'Invalid request', fields },
    });
    expect(ackError(new DomainError('Forbidden', 'Only the chair can open a decision'), unexpected)).toEqual({
      ok: false,
      error: { code: 'Forbidden', message: 'Only the chair can open a decision' },
    });
    expect(unexpected).not.toHaveBeenCalled();
  });

  it('hides anything else behind InternalError and hands it to the logger', () => {
    const unexpected = jest.fn();
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    expect(ackError(bug, unexpected)).toEqual({
      ok: false,
      error: { code: 'InternalError', message: INTERNAL_ERROR_MESSAGE },
    });
    expect(unexpected).toHaveBeenCalledWith(bug);
  });

  it('logs a database error without its message, which can quote the values', () => {
    const driverError = Object.assign(new Error('invalid input syntax for type uuid: "Ruby Testcase"'), {
      code: '22P02',
      table: 'agency_views',
    });
    const error = new QueryFailedError('INSERT …', ['Ruby Testcase'], driverError);
    const described = describeUnexpected(error);
    expect(described).toEqual({ name: 'QueryFailedError', code: '22P02', table: 'agency_views' });
    expect(JSON.stringify(described)).not.toContain('Ruby');
  });
});
