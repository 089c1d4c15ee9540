import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { formatNumber, t } from '../../i18n/index';
import type { MessageItem } from '../../sync/types';

/** A small fixed set: enough to acknowledge a message without a picker to learn. */
export const REACTION_PALETTE = ['👍', '❤️', '😂', '🎉', '🙏', '👀'] as const;

/** A message's reactions as toggle buttons, and a palette to add one. */
export function Reactions(props: { reactions: MessageItem['reactions']; onReact(emoji: string, on: boolean): void; canAdd: boolean }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const palette = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open) palette.current?.querySelector('button')?.focus();
  }, [open]);
  const close = () => {
    setOpen(false);
    toggle.current?.focus();
  };
  const mine = new Set(props.reactions.filter((r) => r.mine).map((r) => r.emoji));
  if (props.reactions.length === 0 && !props.canAdd) return null;
  return (
    <div class="reactions">
      {props.reactions
        .filter((r) => r.count > 0)
        .map((r) => (
          <button
            key={r.emoji}
            type="button"
            class="reaction"
            aria-pressed={r.mine}
            aria-label={t('discussion.reaction', { emoji: r.emoji, count: r.count })}
            disabled={!props.canAdd}
            onClick={() => props.onReact(r.emoji, !r.mine)}
          >
            {r.emoji} {formatNumber(r.count)}
          </button>
        ))}
      {props.canAdd ? (
        <>
          <button
            ref={toggle}
            type="button"
            class="icon-btn reaction-add"
            aria-label={t('discussion.addReaction')}
            aria-expanded={open}
            aria-controls={open ? id : undefined}
            onClick={() => setOpen(!open)}
          >
            ☺
          </button>
          {open ? (
            <div
              id={id}
              ref={palette}
              class="palette"
              role="group"
              aria-label={t('discussion.reactionPalette')}
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  e.preventDefault();
                  close();
                }
              }}
            >
              {REACTION_PALETTE.map((emoji) => (
                <button
                  key={emoji}
                  type="button"
                  class="icon-btn"
                  aria-pressed={mine.has(emoji)}
                  aria-label={t('discussion.reactWith', { emoji })}
                  onClick={() => {
                    props.onReact(emoji, !mine.has(emoji));
                    close();
                  }}
                >
                  {emoji}
                </button>
              ))}
            </div>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
