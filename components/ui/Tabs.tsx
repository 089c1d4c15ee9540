import type { ComponentChildren } from 'preact';

export interface TabDef<K extends string> {
  key: K;
  label: string;
  badge?: string;
}

/** WAI-ARIA tabs: arrow keys move between tabs, the selected tab owns its panel. */
export function Tabs<K extends string>(props: {
  id: string;
  tabs: TabDef<K>[];
  selected: K;
  onSelect(key: K): void;
  label: string;
  children: ComponentChildren;
}) {
  const { id, tabs, selected, onSelect } = props;
  const onKeyDown = (e: KeyboardEvent) => {
    const i = tabs.findIndex((t) => t.key === selected);
    const rtl = getComputedStyle(e.currentTarget as Element).direction === 'rtl';
    const step = e.key === 'ArrowRight' ? (rtl ? -1 : 1) : e.key === 'ArrowLeft' ? (rtl ? 1 : -1) : 0;
    let next = -1;
    if (step) next = (i + step + tabs.length) % tabs.length;
    if (e.key === 'Home') next = 0;
    if (e.key === 'End') next = tabs.length - 1;
    const tab = tabs[next];
    if (!tab) return;
    e.preventDefault();
    onSelect(tab.key);
    document.getElementById(`${id}-tab-${tab.key}`)?.focus();
  };
  return (
    <>
      <div class="tabs" role="tablist" aria-label={props.label} onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button
            key={t.key}
            id={`${id}-tab-${t.key}`}
            class="tab"
            role="tab"
            type="button"
            aria-selected={t.key === selected}
            aria-controls={`${id}-panel`}
            tabIndex={t.key === selected ? 0 : -1}
            onClick={() => onSelect(t.key)}
          >
            {t.label}
            {t.badge ? <span class="pill">{t.badge}</span> : null}
          </button>
        ))}
      </div>
      <div id={`${id}-panel`} role="tabpanel" aria-labelledby={`${id}-tab-${selected}`} class="panel">
        {props.children}
      </div>
    </>
  );
}
