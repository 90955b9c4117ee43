import { z } from 'zod';

/**
 * Imported first by main.tsx, before any schema is built: zod's JIT would
 * probe `new Function` when the first object schema is created, which the
 * strict Content-Security-Policy (no 'unsafe-eval') refuses and reports as a
 * violation. Without it zod parses the same, a little slower.
 */
z.config({ jitless: true });
