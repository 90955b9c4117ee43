/**
 * Error fields safe to log. TypeORM's QueryFailedError carries the query
 * parameters (document content); never log the error object itself.
 */
export function describeError(error: unknown): { name: string; message: string; code?: string } {
  if (!(error instanceof Error)) return { name: 'NonError', message: String(error).slice(0, 200) };
  const code = (error as { code?: unknown }).code;
  return { name: error.name, message: error.message.slice(0, 500), ...(typeof code === 'string' ? { code } : {}) };
}
