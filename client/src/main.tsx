// First: configures zod before any schema exists (see zod-config.ts).
import './zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.scss';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// Lets GOV.UK Frontend styles that depend on JavaScript apply (same check as its page template).
document.body.classList.add('js-enabled');
if ('noModule' in HTMLScriptElement.prototype) document.body.classList.add('govuk-frontend-supported');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
