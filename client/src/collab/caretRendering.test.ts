import { describe, expect, it } from 'vitest';
import { localColour, presenceColour, readableTextColour, renderCaret, renderSelection } from './caretRendering';

describe('caret rendering', () => {
  it("uses the server's colour for a person, under either spelling", () => {
    expect(presenceColour({ colour: '#1d70b8' })).toBe('#1d70b8');
    expect(presenceColour({ color: '#00703c' })).toBe('#00703c');
  });

  it('falls back to grey for a colour that is not a six-digit hex (no CSS injection)', () => {
    expect(presenceColour({ colour: 'red; background: url(x)' })).toBe('#505a5f');
    expect(presenceColour({})).toBe('#505a5f');
  });

  it('puts black text on light colours and white text on dark ones', () => {
    expect(readableTextColour('#ffdd00')).toBe('#000000');
    expect(readableTextColour('#0b0c0c')).toBe('#ffffff');
    expect(readableTextColour('#1d70b8')).toBe('#ffffff');
  });

  it("labels another person's caret with their name, hidden from assistive technology", () => {
    const caret = renderCaret({ name: 'Pat Police', colour: '#ffdd00' });
    expect(caret.getAttribute('aria-hidden')).toBe('true');
    expect(caret.textContent).toBe('Pat Police');
    const label = caret.querySelector<HTMLElement>('.collaboration-carets__label');
    expect(label?.style.color).toBe('#000000');
  });

  it('calls a person without a name "Someone"', () => {
    expect(renderCaret({ colour: '#1d70b8' }).textContent).toBe('Someone');
  });

  it('tints a selection lightly in the person’s colour', () => {
    expect(renderSelection({ colour: '#1d70b8' }).style).toBe('background-color: #1d70b833');
  });

  it('gives a user the same palette colour every time', () => {
    const first = localColour('0b7e8a52-6c1d-4f3e-8a90-1c2d3e4f5a6b');
    expect(localColour('0b7e8a52-6c1d-4f3e-8a90-1c2d3e4f5a6b')).toBe(first);
    expect(first).toMatch(/^#[0-9a-f]{6}$/);
  });
});
