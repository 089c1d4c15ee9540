import { signal } from '@preact/signals';

/** One message at a time at the bottom of a view, with an optional action such as Undo. */
export interface Toast {
  message: string;
  action?: { label: string; run(): void | Promise<void> };
}

export function createToasts(timeoutMs = 8000) {
  const current = signal<Toast | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const dismiss = () => {
    clearTimeout(timer);
    current.value = null;
  };
  return {
    current,
    show(toast: Toast) {
      clearTimeout(timer);
      current.value = toast;
      timer = setTimeout(dismiss, timeoutMs);
    },
    dismiss,
  };
}
export type Toasts = ReturnType<typeof createToasts>;
