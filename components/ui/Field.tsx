import type { ComponentChildren, VNode } from 'preact';
import { useId } from 'preact/hooks';
import type { NookError } from '../../protocol/errors';
import { ErrorLine } from './ErrorLine';

/** What a field's control needs to be named by its label and described by its hint or error. */
export interface FieldControl {
  id: string;
  'aria-describedby': string | undefined;
  'aria-invalid': true | undefined;
}

/**
 * A labelled form control. The label alone names the control; the hint, or the error that
 * replaces it, describes it (`aria-describedby`), so a screen reader says "Hub, edit text"
 * and then the hint, rather than reading the hint as part of the name.
 */
export function Field(props: {
  label: ComponentChildren;
  hint?: ComponentChildren;
  /** Shown in place of the hint, and marks the control invalid: a hub's refusal, or the words of a local check. */
  error?: NookError | string | null;
  class?: string;
  style?: Record<string, string | number>;
  children: (control: FieldControl) => VNode;
}) {
  const id = useId();
  const describedBy = props.error ? `${id}-error` : props.hint ? `${id}-hint` : undefined;
  return (
    <div class={props.class ? `field ${props.class}` : 'field'} style={props.style}>
      <label for={id}>{props.label}</label>
      {props.children({ id, 'aria-describedby': describedBy, 'aria-invalid': props.error ? true : undefined })}
      {typeof props.error === 'string' ? (
        <p class="error" id={`${id}-error`}>
          {props.error}
        </p>
      ) : props.error ? (
        <ErrorLine error={props.error} id={`${id}-error`} />
      ) : props.hint ? (
        <span class="hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      ) : null}
    </div>
  );
}
