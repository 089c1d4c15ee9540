import type { JSX, Ref } from 'preact';
import { useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { MemberItem } from '../../sync/types';
import { insertMention, mentionAt, suggestMembers } from './mentions';

type TextareaProps = Omit<JSX.TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onInput' | 'onKeyDown' | 'ref'>;

/**
 * A textarea that offers member names after `@`. It keeps the textbox role (the composer is
 * contractually textbox "Write a message"), and uses the parts of the combobox pattern a
 * textbox supports: aria-autocomplete, aria-controls and aria-activedescendant, so screen
 * readers read the highlighted option while focus stays in the text.
 */
export function MentionTextarea(
  props: TextareaProps & {
    value: string;
    onValue(value: string): void;
    members: readonly MemberItem[];
    /** Keys the suggestions did not use (Enter to send, Escape to cancel an edit). */
    onKeyDown?(e: KeyboardEvent): void;
    textareaRef?: Ref<HTMLTextAreaElement>;
  },
) {
  const { value, onValue, members, onKeyDown, textareaRef, ...rest } = props;
  const listId = useId();
  const own = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(value.length);
  const [active, setActive] = useState(0);
  // The `@` whose suggestions were closed with Escape stays closed until another `@` is typed.
  const [dismissed, setDismissed] = useState<number | null>(null);
  const nextCaret = useRef<number | null>(null);

  const at = mentionAt(value, caret);
  const options = at && at.start !== dismissed ? suggestMembers(members, at.query) : [];
  const open = options.length > 0;
  const current = open ? Math.min(active, options.length - 1) : -1;

  useLayoutEffect(() => {
    const el = own.current;
    if (el && nextCaret.current !== null) {
      el.setSelectionRange(nextCaret.current, nextCaret.current);
      nextCaret.current = null;
    }
  });

  const setRef = (el: HTMLTextAreaElement | null) => {
    own.current = el;
    if (typeof textareaRef === 'function') textareaRef(el);
    else if (textareaRef) textareaRef.current = el;
  };

  const track = (el: HTMLTextAreaElement) => setCaret(el.selectionStart ?? el.value.length);

  const pick = (m: MemberItem) => {
    if (!at) return;
    const next = insertMention(value, at, caret, m.name);
    nextCaret.current = next.caret;
    setCaret(next.caret);
    setActive(0);
    onValue(next.text);
  };

  const keyDown = (e: KeyboardEvent) => {
    if (open && !e.isComposing) {
      const move = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
      if (move) {
        e.preventDefault();
        setActive((current + move + options.length) % options.length);
        return;
      }
      if ((e.key === 'Enter' && !e.shiftKey) || (e.key === 'Tab' && !e.shiftKey)) {
        e.preventDefault();
        pick(options[current]!);
        return;
      }
      if (e.key === 'Escape') {
        // preventDefault: the sidebar closes itself on an Escape nobody handled.
        e.preventDefault();
        setDismissed(at!.start);
        return;
      }
    }
    onKeyDown?.(e);
  };

  return (
    <div class="mention-wrap">
      <textarea
        {...rest}
        ref={setRef}
        value={value}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? `${listId}-${current}` : undefined}
        onInput={(e) => {
          track(e.currentTarget);
          setActive(0);
          onValue(e.currentTarget.value);
        }}
        onKeyDown={keyDown}
        onKeyUp={(e) => {
          if (!['ArrowDown', 'ArrowUp', 'Enter', 'Tab', 'Escape'].includes(e.key)) track(e.currentTarget);
        }}
        onClick={(e) => track(e.currentTarget)}
        onBlur={(e) => {
          setDismissed(at ? at.start : null);
          rest.onBlur?.(e);
        }}
        onFocus={(e) => {
          setDismissed(null);
          track(e.currentTarget);
          rest.onFocus?.(e);
        }}
      />
      {open ? (
        <ul class="mention-list" role="listbox" id={listId} aria-label={t('discussion.mentionSuggestions')}>
          {options.map((m, i) => (
            <li
              key={m.id}
              id={`${listId}-${i}`}
              role="option"
              class="mention-option"
              aria-selected={i === current}
              // mousedown, not click: the textarea must keep focus (and its caret) while picking.
              onMouseDown={(e) => {
                e.preventDefault();
                pick(m);
              }}
            >
              {m.name}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
