import type { DecorationAttrs } from '@tiptap/pm/view';
import { CARET_LABEL_CLASS, CARET_LABEL_SHOWN_CLASS, caretLabels } from './caretActivity';

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;
const FALLBACK_COLOUR = '#505a5f';

/** The person's colour from their (server-set) presence state; the server calls it `colour`. */
export function presenceColour(user: Record<string, unknown>): string {
  const colour = user.colour ?? user.color;
  return typeof colour === 'string' && HEX_COLOUR.test(colour) ? colour : FALLBACK_COLOUR;
}

function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/**
 * Black or white, whichever contrasts more with `background`. One of the two
 * always reaches at least 4.58:1, so caret labels meet WCAG AA whatever
 * colour the server assigns.
 */
export function readableTextColour(background: string): '#000000' | '#ffffff' {
  const l = luminance(background);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
}

/**
 * Another person's caret with a name label (hidden from assistive technology:
 * it is not part of the text). The label shows only while its owner types or
 * moves (caretActivity.ts), so it never covers others' text for long.
 */
export function renderCaret(user: Record<string, unknown>): HTMLElement {
  const colour = presenceColour(user);
  const caret = document.createElement('span');
  caret.className = 'collaboration-carets__caret';
  caret.setAttribute('aria-hidden', 'true');
  caret.style.borderColor = colour;
  const label = document.createElement('span');
  label.className = CARET_LABEL_CLASS;
  if (typeof user.id === 'string') {
    label.dataset.userId = user.id;
    if (caretLabels.isShown(user.id)) label.classList.add(CARET_LABEL_SHOWN_CLASS);
  }
  label.style.backgroundColor = colour;
  label.style.color = readableTextColour(colour);
  label.textContent = typeof user.name === 'string' ? user.name : 'Someone';
  caret.append(label);
  return caret;
}

/** Another person's selection: a light tint, so the text keeps its contrast. */
export function renderSelection(user: Record<string, unknown>): DecorationAttrs {
  return {
    nodeName: 'span',
    class: 'collaboration-carets__selection',
    style: `background-color: ${presenceColour(user)}33`,
  };
}

/** A stable colour for our own awareness state before the server replaces it. */
export function localColour(userId: string): string {
  const palette = ['#1d70b8', '#00703c', '#4c2c92', '#d4351c', '#f47738', '#28a197', '#912b88', '#b58840'];
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return palette[hash % palette.length] ?? FALLBACK_COLOUR;
}
