// Runs before every client test file.
import '../src/zod-config';
import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// Testing Library unmounts after each test by itself only when the runner has globals; ours has none.
afterEach(cleanup);
