import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface RoomTab {
  /** Used in ids and the URL fragment (`#<key>` selects the tab). */
  key: string;
  label: string;
  content: ReactNode;
}

/** The tab whose panel holds the element the fragment names (`#attendance` is in "People"), if any. */
function tabForHash(tabs: readonly RoomTab[], hash: string): string | null {
  const id = decodeURIComponent(hash.replace(/^#/, ''));
  if (!id) return null;
  if (tabs.some((tab) => tab.key === id)) return id;
  const target = document.getElementById(id);
  const panel = target?.closest<HTMLElement>('[data-room-panel]');
  return panel?.dataset.roomPanel ?? null;
}

/**
 * GOV.UK tabs (the Design System's component, rendered by React) for the
 * parts of the room that are not needed all at once: the record, the safety
 * plan, the meeting's details and its people. Keyboard as GOV.UK Frontend's
 * tabs: Tab reaches the selected tab, arrow keys move between tabs. The
 * fragment follows the selected tab, and a link to anything inside a panel
 * (`#members`, `#invite-email`) opens that panel first. Hidden panels stay in
 * the document (their editors keep their state). Test hooks: `#room-tabs`,
 * `[data-room-panel=<key>]`.
 */
export function RoomTabs({ tabs, label }: { tabs: readonly RoomTab[]; label: string }) {
  const [selected, setSelected] = useState(() => tabs[0]?.key ?? '');
  const tabRefs = useRef(new Map<string, HTMLAnchorElement>());

  // A fragment on arrival or a later in-page link: show its panel, then bring the target into view.
  // Listened for once per mount; the tabs (keys) are read from a ref, as their contents change every render.
  const tabsRef = useRef(tabs);
  tabsRef.current = tabs;
  useEffect(() => {
    const followHash = () => {
      const key = tabForHash(tabsRef.current, window.location.hash);
      if (!key) return;
      setSelected(key);
      const id = decodeURIComponent(window.location.hash.slice(1));
      if (id !== key) requestAnimationFrame(() => document.getElementById(id)?.scrollIntoView());
    };
    followHash();
    window.addEventListener('hashchange', followHash);
    return () => window.removeEventListener('hashchange', followHash);
  }, []);

  const select = (key: string, focus: boolean) => {
    setSelected(key);
    // The fragment names the tab without scrolling to it (as GOV.UK Frontend does).
    window.history.replaceState(window.history.state, '', `#${key}`);
    if (focus) tabRefs.current.get(key)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLAnchorElement>, index: number) => {
    const step =
      event.key === 'ArrowRight' || event.key === 'ArrowDown'
        ? 1
        : event.key === 'ArrowLeft' || event.key === 'ArrowUp'
          ? -1
          : 0;
    if (!step) return;
    event.preventDefault();
    const next = tabs[(index + step + tabs.length) % tabs.length];
    if (next) select(next.key, true);
  };

  return (
    <div className="govuk-tabs rt-tabs" id="room-tabs">
      <h2 className="govuk-tabs__title">{label}</h2>
      <ul className="govuk-tabs__list" role="tablist" aria-label={label}>
        {tabs.map((tab, index) => {
          const isSelected = tab.key === selected;
          return (
            <li
              key={tab.key}
              className={`govuk-tabs__list-item${isSelected ? ' govuk-tabs__list-item--selected' : ''}`}
              role="presentation"
            >
              <a
                className="govuk-tabs__tab"
                href={`#${tab.key}`}
                id={`tab_${tab.key}`}
                role="tab"
                aria-controls={`panel_${tab.key}`}
                aria-selected={isSelected}
                tabIndex={isSelected ? 0 : -1}
                ref={(el) => {
                  if (el) tabRefs.current.set(tab.key, el);
                  else tabRefs.current.delete(tab.key);
                }}
                onClick={(event) => {
                  event.preventDefault();
                  select(tab.key, false);
                }}
                onKeyDown={(event) => onKeyDown(event, index)}
              >
                {tab.label}
              </a>
            </li>
          );
        })}
      </ul>
      {tabs.map((tab) => (
        <div
          key={tab.key}
          className={`govuk-tabs__panel${tab.key === selected ? '' : ' govuk-tabs__panel--hidden'}`}
          id={`panel_${tab.key}`}
          role="tabpanel"
          aria-labelledby={`tab_${tab.key}`}
          data-room-panel={tab.key}
          hidden={tab.key !== selected}
        >
          {tab.content}
        </div>
      ))}
    </div>
  );
}
