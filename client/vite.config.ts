import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const sharedSource = fileURLToPath(new URL('../shared/src/', import.meta.url));
const nodeModules = fileURLToPath(new URL('../node_modules/', import.meta.url));
const apiTarget = `http://127.0.0.1:${process.env.API_PORT ?? 3000}`;

/**
 * govuk-frontend's service navigation carries an IE 9–11 hack,
 * `@media screen and (min-width: 0\0)`. Dart Sass turns the `\0` escape into
 * U+FFFD, which the CSS minifier (Lightning CSS) rejects, so we drop that rule;
 * no supported browser ever matched it.
 */
const dropInternetExplorerHacks = {
  postcssPlugin: 'roundtable-drop-ie-hacks',
  AtRule: {
    media: (rule: { params: string; remove: () => void }) => {
      if (/min-width:\s*0(?:\\0|\uFFFD)/.test(rule.params)) rule.remove();
    },
  },
};

export default defineConfig({
  plugins: [react()],
  resolve: {
    // The shared workspace builds to CommonJS for the server; the browser bundle
    // takes its TypeScript source directly so Vite can tree-shake it as ESM.
    alias: [{ find: /^@roundtable\/shared\/(.+)$/, replacement: `${sharedSource}$1.ts` }],
  },
  css: {
    postcss: { plugins: [dropInternetExplorerHacks] },
    preprocessorOptions: {
      scss: {
        loadPaths: [nodeModules],
        // govuk-frontend still uses a few Sass features the compiler warns about.
        quietDeps: true,
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': apiTarget,
      '/collab': { target: apiTarget, ws: true },
      '/socket.io': { target: apiTarget, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // For debugging a local `npm start`; in production the server refuses *.map (platform/http/client-assets.ts).
    sourcemap: true,
    // The meeting room chunk (TipTap, ProseMirror, Yjs, socket.io-client, decisions and actions) is ~640 kB;
    // it loads only on that route.
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      output: {
        // zod and the line that turns its JIT off travel together, so no chunk can build a schema before it
        // runs (zod-config.ts): otherwise a shared chunk holding zod and schemas runs first and zod's
        // `new Function` probe is reported as a Content-Security-Policy violation.
        manualChunks: (id) =>
          id.includes('/node_modules/zod/') || id.endsWith('/src/zod-config.ts') ? 'zod' : undefined,
      },
    },
  },
});
